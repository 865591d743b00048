//! One projector leads among replicas on PostgreSQL. A leader whose session dies (here
//! `pg_terminate_backend`, while its pool lives on) notices, steps down, and the lock is taken
//! again, by it or the other replica, with every event still applied exactly once.

use std::time::{Duration, Instant};

use serde_json::Value;
use sqlx::PgPool;

use tatrack_testkit::{Backend, TestApp};

/// Waits until exactly one server says it projects and the database agrees it holds the lock
/// from a session other than `not_pid`; returns that session's pid.
async fn one_leader(apps: &[&TestApp], pool: &PgPool, not_pid: Option<i32>) -> i32 {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut statuses: Vec<Value> = Vec::new();
        for app in apps {
            statuses.push(app.get_json("/api/v1/projections/status").await);
        }
        let projecting: Vec<&Value> = statuses.iter().filter(|s| s["projector"] == "projecting").collect();
        let leader = statuses[0]["leader"].as_str().unwrap_or_default().to_owned();
        if let [only] = projecting.as_slice() {
            if only["instance"] == leader.as_str() {
                let pid: Option<i32> =
                    sqlx::query_scalar("SELECT pid FROM pg_stat_activity WHERE application_name = $1")
                        .bind(format!("tatrack projector {leader}"))
                        .fetch_optional(pool)
                        .await
                        .expect("the sessions");
                if let Some(pid) = pid.filter(|p| Some(*p) != not_pid) {
                    return pid;
                }
            }
        }
        assert!(Instant::now() < deadline, "never exactly one leader: {statuses:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_leader_whose_session_dies_steps_down_and_projection_goes_on_once() {
    let first = TestApp::spawn(Backend::Postgres).await;
    let second = TestApp::start(first.store.same_database()).await;
    let apps = [&first, &second];
    let pool = PgPool::connect(&first.store.url).await.expect("the store opens");
    let leader = one_leader(&apps, &pool, None).await;
    let mut activities = vec![first.planned_activity().await, second.planned_activity().await];

    let killed: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1)")
        .bind(leader)
        .fetch_one(&pool)
        .await
        .expect("the leader's session ends");
    assert!(killed);
    activities.push(first.planned_activity().await);
    activities.push(second.planned_activity().await);
    one_leader(&apps, &pool, Some(leader)).await;

    let status = first.status_until("caught up", |s| s["lag"] == 0).await;
    let events: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM events").fetch_one(&pool).await.expect("a count");
    assert_eq!(status["events_applied"], events, "every event applied exactly once: {status}");
    let list = first.get_json("/api/v1/activities?limit=500").await;
    let mut listed: Vec<String> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    listed.sort();
    let mut expected: Vec<String> = activities.iter().map(ToString::to_string).collect();
    expected.sort();
    assert_eq!(listed, expected, "each activity listed once");
    pool.close().await;
}
