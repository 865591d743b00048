//! Reads on a real PostgreSQL hot standby (`scripts/postgres-replica-up`, 127.0.0.1:5433):
//! a caller reads its own writes while the standby's replay is paused, other callers read the
//! standby; the standby killed, every read is answered by the primary; the standby back, reads
//! go to it again. One scenario, in order: pausing or stopping the standby is the whole
//! cluster's.

use std::process::Command;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::{Connection, PgConnection};
use tatrack_http::settings::SecretUrl;
use tatrack_testkit::{plan_body, Backend, Store, TestApp};
use uuid::Uuid;

const STANDBY: &str = "127.0.0.1:5433";

/// The standby's copy of `store`'s database.
fn on_standby(store: &Store) -> String {
    assert!(store.url.contains("127.0.0.1:5432"), "the standby follows the primary on 127.0.0.1:5432");
    store.url.replacen("127.0.0.1:5432", STANDBY, 1)
}

async fn standby_admin() -> PgConnection {
    PgConnection::connect(&format!("postgres://postgres@{STANDBY}/postgres"))
        .await
        .expect("a hot standby answers on 127.0.0.1:5433: run scripts/postgres-replica-up")
}

/// Runs `scripts/postgres-replica-up` with `args`.
fn replica(args: &[&str]) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/postgres-replica-up");
    let status = Command::new(script).args(args).status().expect("the script runs");
    assert!(status.success(), "postgres-replica-up {args:?} failed");
}

/// Waits until the standby's read models reached `position` (replication and the projector).
async fn replayed(url: &str, position: i64) {
    let deadline = Instant::now() + Duration::from_mins(1);
    loop {
        if let Ok(mut standby) = PgConnection::connect(url).await {
            let reached: Result<i64, _> =
                sqlx::query_scalar("SELECT checkpoint_position FROM projection_state WHERE id = 1")
                    .fetch_one(&mut standby)
                    .await;
            if reached.is_ok_and(|reached| reached >= position) {
                return;
            }
        }
        assert!(Instant::now() < deadline, "the standby never reached position {position}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Plans an activity titled `title`; the position it landed at.
async fn plan(app: &TestApp, programme: Uuid, title: &str) -> i64 {
    let id = Uuid::new_v4();
    let mut body = plan_body(id, programme);
    body["title"] = json!(title);
    app.command("/api/v1/activities", &body).await["position"].as_i64().expect("a position")
}

/// The titles `token` lists (with `min_position` when given), and the country summary's total.
async fn seen(app: &TestApp, token: Option<&str>, min_position: Option<i64>) -> (Vec<String>, i64) {
    let at = min_position.map(|p| format!("?min_position={p}")).unwrap_or_default();
    let get = |path: String| async move {
        let response = app.request_as(token, Method::GET, &path, None).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json::<Value>().await.expect("JSON")
    };
    let list = get(format!("/api/v1/activities{at}")).await;
    let titles = list["items"].as_array().map_or_else(Vec::new, |items| {
        items.iter().filter_map(|a| a["title"].as_str().map(str::to_owned)).collect()
    });
    let summary = get(format!("/api/v1/countries/SAU/summary{at}")).await;
    (titles, summary["activities"]["total"].as_i64().unwrap_or(-1))
}

#[tokio::test]
async fn reads_go_to_a_standby_that_caught_up_and_to_the_primary_otherwise() {
    // Arrange: a server on the primary that reads from the standby; a manager reads, the
    // admin writes.
    let mut standby = standby_admin().await;
    sqlx::query("SELECT pg_wal_replay_resume()").execute(&mut standby).await.expect("replay resumes");
    let store = Store::fresh(Backend::Postgres).await;
    let read_url = on_standby(&store);
    let app = TestApp::start_with_settings(store, |settings| {
        settings.read_database_urls = vec![SecretUrl::new(read_url.clone())];
    })
    .await;
    let manager = app.issue_token(&json!({"name": "manager.reads", "role": "manager"})).await;
    let programme = app.programme().await;
    let first = plan(&app, programme, "First, everywhere").await;
    replayed(&read_url, first).await;

    // Act and assert: the standby's replay paused, a second activity is on the primary only.
    sqlx::query("SELECT pg_wal_replay_pause()").execute(&mut standby).await.expect("replay pauses");
    let second = plan(&app, programme, "Second, on the primary only").await;
    let (titles, total) = seen(&app, Some(&manager), None).await;
    assert_eq!((titles.len(), total), (1, 1), "another caller reads the standby: {titles:?}");
    let (titles, total) = seen(&app, Some(&manager), Some(second)).await;
    assert_eq!((titles.len(), total), (2, 2), "min_position the standby lacks: the primary answers");
    let (titles, total) = seen(&app, Some(&app.token), None).await;
    assert_eq!((titles.len(), total), (2, 2), "the writer reads its own write: {titles:?}");

    // The standby killed: the primary answers every read, no 5xx.
    sqlx::query("SELECT pg_wal_replay_resume()").execute(&mut standby).await.expect("replay resumes");
    drop(standby);
    replica(&["stop", "immediate"]);
    for _ in 0..3 {
        let (titles, total) = seen(&app, Some(&manager), None).await;
        assert_eq!((titles.len(), total), (2, 2), "the standby down: the primary answers");
    }

    // The standby back: once it caught up and its rest is over, other callers read it again.
    replica(&[]);
    let third = plan(&app, programme, "Third").await;
    replayed(&read_url, third).await;
    let mut standby = standby_admin().await;
    sqlx::query("SELECT pg_wal_replay_pause()").execute(&mut standby).await.expect("replay pauses");
    let fourth = plan(&app, programme, "Fourth, on the primary only").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (titles, _) = seen(&app, Some(&manager), None).await;
        if titles.len() == 3 {
            break;
        }
        assert!(Instant::now() < deadline, "reads never went back to the standby: {titles:?}");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let (titles, _) = seen(&app, Some(&app.token), Some(fourth)).await;
    assert_eq!(titles.len(), 4);
    sqlx::query("SELECT pg_wal_replay_resume()").execute(&mut standby).await.expect("replay resumes");
}
