//! The projector in operation: a stored event it cannot apply stops only the projector, visibly
//! (readiness, status, the log) and survivably; readiness also follows the lag bound.

use reqwest::StatusCode;
use serde_json::{json, Value};
use tatrack_store::Db;
use tatrack_testkit::{append_raw, assert_problem, plan_body, raw_event, Backend, Store, TestApp};
use uuid::Uuid;

use crate::metrics::{scrape, value};

tatrack_testkit::on_both_backends!(
    an_event_that_does_not_decode_stops_only_the_projector,
    readiness_fails_while_the_lag_passes_its_bound,
);

/// Replaces an event's payload, as an operator's repair would.
async fn repair(url: &str, position: i64, payload: &Value) {
    let db = Db::connect(url).await.expect("the store opens");
    match &db {
        Db::Postgres(pool) => sqlx::query("UPDATE events SET payload = $1 WHERE position = $2")
            .bind(payload)
            .bind(position)
            .execute(pool)
            .await
            .map(|_| ()),
        Db::Sqlite(pool, _) => sqlx::query("UPDATE events SET payload = $1 WHERE rowid = $2")
            .bind(payload.to_string())
            .bind(position)
            .execute(pool)
            .await
            .map(|_| ()),
    }
    .expect("the repair");
    db.close().await;
}

/// The projector is stuck at `position`: readiness, status and the rest of the server agree.
async fn assert_stuck_at(app: &TestApp, position: i64, good: Uuid) -> Value {
    let status =
        app.status_until("reported the failure", |s| s["failure"]["attempts"].as_i64() >= Some(2)).await;
    assert_eq!(status["failure"]["position"], position, "the failing position: {status}");
    assert!(status["failure"]["error"].as_str().is_some_and(|e| !e.is_empty()), "an error: {status}");
    assert_eq!(status["projector"], "failing", "{status}");
    assert!(status["lag"].as_i64() >= Some(1), "the event waits: {status}");
    let metrics = scrape(app).await;
    assert!(value(&metrics, "tatrack_projector_failures_total", &[]) >= 2, "failures are counted");
    assert_eq!(value(&metrics, "tatrack_projector_state", &[("state", "failing")]), 1);
    let problem =
        assert_problem(app.get("/readyz").await, StatusCode::SERVICE_UNAVAILABLE, "/problems/unavailable")
            .await;
    let detail = problem["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("projector") && detail.contains(&position.to_string()), "{problem}");
    // What is projected still reads; commands still land.
    assert_eq!(app.activity(good).await["id"], json!(good.to_string()));
    assert_eq!(app.get("/api/v1/activities").await.status(), StatusCode::OK);
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    let programme = app.programme().await;
    let later = Uuid::new_v4();
    app.command("/api/v1/activities", &plan_body(later, programme)).await;
    status
}

async fn an_event_that_does_not_decode_stops_only_the_projector(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let good = app.planned_activity().await;
    let broken = Uuid::new_v4();
    let garbage = json!({"ActivityPlanned": {"title": 42}});
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let position = append_raw(&db, &raw_event("Activity", broken, 1, garbage)).await;
    db.close().await;

    assert_stuck_at(&app, position, good).await;

    // Once the event reads again, the projector resumes by itself and forgets the failure.
    let programme = app.programme().await;
    let mut planned = plan_body(broken, programme);
    planned.as_object_mut().expect("an object").remove("id");
    repair(&app.store.url, position, &json!({ "ActivityPlanned": planned })).await;
    let status = app.status_until("caught up", |s| s["lag"] == 0 && s["failure"].is_null()).await;
    assert_eq!(status["projector"], "projecting", "{status}");
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
    assert_eq!(app.activity(broken).await["id"], json!(broken.to_string()), "the repaired event applied");
}

async fn readiness_fails_while_the_lag_passes_its_bound(backend: Backend) {
    // A server that records without projecting: the lag grows with each command.
    let app = TestApp::start_with_settings(Store::fresh(backend).await, |s| {
        s.projector = false;
        s.ready_max_lag = 3;
    })
    .await;
    let ready = app.get_json("/readyz").await;
    assert_eq!(ready["projector"], "off", "{ready}");
    app.planned_activity().await; // a programme and a plan, after the admin's token: 3 events
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK, "3 events behind is within the bound");
    app.planned_activity().await;
    let problem =
        assert_problem(app.get("/readyz").await, StatusCode::SERVICE_UNAVAILABLE, "/problems/unavailable")
            .await;
    assert!(
        problem["detail"].as_str().unwrap_or_default().contains("more than 3 events behind"),
        "{problem}"
    );

    // A projecting server on the same store catches up and is ready.
    let store = app.stop().await;
    let app = TestApp::start_with_settings(store, |s| s.ready_max_lag = 3).await;
    app.status_until("caught up", |s| s["lag"] == 0).await;
    let ready = app.get_json("/readyz").await;
    assert_eq!(ready["lag"], 0, "{ready}");
    assert_eq!(ready["projector"], "projecting", "{ready}");
}

/// On a first start a server is not ready until the read models have reached the log as it
/// stood when the server started, whatever the lag bound: the lag is counted up to the bound, so
/// a whole unprojected log under it looked ready. Here another session holds the projector's
/// lock, so the new server stands by and the read models stay behind (PostgreSQL elects).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_start_is_ready_once_the_read_models_reach_the_log() {
    use sqlx::Connection as _;
    let recorder = TestApp::start_with(Store::fresh(Backend::Postgres).await, false).await;
    recorder.planned_activity().await;
    let store = recorder.stop().await;
    // The projector's advisory lock key ("tatrack" in ASCII), taken as another replica would.
    let mut other_leader = sqlx::PgConnection::connect(&store.url).await.expect("a session");
    sqlx::query("SELECT pg_advisory_lock(x'007461747261636b'::bigint)")
        .execute(&mut other_leader)
        .await
        .expect("the lock");

    let app = TestApp::launch(store, |_| {}).await;
    app.status_until("standing by", |s| s["projector"] == "standby").await;
    let problem =
        assert_problem(app.get("/readyz").await, StatusCode::SERVICE_UNAVAILABLE, "/problems/unavailable")
            .await;
    assert!(problem["detail"].as_str().unwrap_or_default().contains("catching up"), "{problem}");

    other_leader.close().await.expect("the lock is released");
    app.status_until("caught up", |s| s["lag"] == 0).await;
    app.until_ready().await;
}
