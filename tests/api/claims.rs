//! What must land with its event or not at all: a programme code's claim, a token's row; and
//! idempotency keys that belong to one request of one caller.

use futures::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::Connection;
use uuid::Uuid;

use tatrack_testkit::{assert_problem, programme_body, unique_code, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    concurrent_registrations_of_one_code_let_one_through,
    a_key_spent_on_one_revocation_does_not_revoke_another,
    a_token_cannot_replay_another_tokens_answer,
    one_key_sent_at_once_on_two_requests_lands_once,
);

async fn concurrent_registrations_of_one_code_let_one_through(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    let bodies: Vec<Value> = (0..20).map(|_| programme_body(Uuid::new_v4(), &code)).collect();

    let created = app.post_at_once("/api/v1/programmes", &bodies, "/problems/programme-code-taken").await;

    assert_eq!(created.len(), 1, "exactly one registration of {code} lands");
    let (winner, answer) = &created[0];
    let position = answer["position"].as_i64().expect("a position");
    let listed = app.get_json(&format!("/api/v1/programmes?min_position={position}")).await;
    let ids: Vec<&Value> = listed.as_array().expect("a list").iter().map(|p| &p["id"]).collect();
    assert_eq!(ids, vec![&winner["id"]], "only the winner is listed");
    assert_eq!(
        log_rows(&app, "SELECT COUNT(*) FROM events WHERE event_type = 'ProgrammeRegistered'").await,
        1
    );
}

async fn a_key_spent_on_one_revocation_does_not_revoke_another(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.issue_token(&json!({"name": "r1", "role": "manager"})).await;
    let r2 = app.issue_token(&json!({"name": "r2", "role": "manager"})).await;
    let key = [("idempotency-key", "rev-1")];

    let first = app.post_with("/api/v1/tokens/r1/revocation", &Value::Null, &key).await;
    let again = app.post_with("/api/v1/tokens/r1/revocation", &Value::Null, &key).await;
    let other = app.post_with("/api/v1/tokens/r2/revocation", &Value::Null, &key).await;

    assert_eq!(first.status(), StatusCode::NO_CONTENT);
    assert_eq!(again.status(), StatusCode::NO_CONTENT, "a retry of the same revocation");
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_problem(other, StatusCode::UNPROCESSABLE_ENTITY, "/problems/idempotency-key-reused").await;
    let still = app.request_as(Some(&r2), Method::GET, "/api/v1/programmes", None).await;
    assert_eq!(still.status(), StatusCode::OK, "r2 was not revoked");
    // The table of tokens says what the log says, token by token.
    let revoked_in_log = "SELECT COUNT(*) FROM events WHERE event_type = 'TokenRevoked'";
    let revoked_in_table = "SELECT COUNT(*) FROM tokens WHERE revoked_at IS NOT NULL";
    assert_eq!(log_rows(&app, revoked_in_log).await, 1);
    assert_eq!(log_rows(&app, revoked_in_table).await, 1);

    let revoked =
        app.post_with("/api/v1/tokens/r2/revocation", &Value::Null, &[("idempotency-key", "rev-2")]).await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let refused = app.request_as(Some(&r2), Method::GET, "/api/v1/programmes", None).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(log_rows(&app, revoked_in_log).await, 2);
    assert_eq!(log_rows(&app, revoked_in_table).await, 2);
}

async fn a_token_cannot_replay_another_tokens_answer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let second = app.issue_token(&json!({"name": "second-admin", "role": "admin"})).await;
    let programme = app.programme().await;
    let path = format!("/api/v1/programmes/{programme}/contributions");
    let body = json!({"donor": "Japan", "amount": "1000", "currency": "JPY", "received_on": "2020-01-01"});
    let key = [("idempotency-key", "contribution-1")];

    let first = app.post_with(&path, &body, &key).await;
    let theirs = reqwest::Client::new()
        .post(app.url(&path))
        .bearer_auth(&second)
        .header(key[0].0, key[0].1)
        .json(&body)
        .send()
        .await;
    let retry = app.post_with(&path, &body, &key).await;

    assert_eq!(first.status(), StatusCode::OK);
    let theirs = theirs.expect("POST is answered");
    assert_eq!(theirs.status(), StatusCode::OK);
    assert!(theirs.headers().get("idempotent-replayed").is_none(), "another token's key is not theirs");
    assert_eq!(retry.headers()["idempotent-replayed"], "true", "the key still works for its own token");
    let recorded = app.get_json(&format!("/api/v1/programmes/{programme}")).await;
    assert_eq!(recorded["contributions"].as_array().map(Vec::len), Some(2));
}

async fn one_key_sent_at_once_on_two_requests_lands_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let activities = [app.planned_activity().await, app.planned_activity().await];
    let body = json!({"kind": "other", "description": "one output"});
    let key = [("idempotency-key", "burst-1")];
    let paths: Vec<String> =
        (0..16).map(|n| format!("/api/v1/activities/{}/outputs", activities[n % activities.len()])).collect();

    let responses = join_all(paths.iter().map(|path| app.post_with(path, &body, &key))).await;

    let statuses: Vec<StatusCode> = responses.iter().map(reqwest::Response::status).collect();
    assert!(
        statuses.iter().all(|s| [StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY].contains(s)),
        "{statuses:?}"
    );
    let mut outputs = 0;
    for id in &activities {
        outputs += app.activity(*id).await["outputs"].as_array().map_or(0, Vec::len);
    }
    assert_eq!(outputs, 1, "the key landed once, on one activity ({statuses:?})");
}

/// One number the store answers `sql` with, read directly.
async fn log_rows(app: &TestApp, sql: &str) -> i64 {
    if app.store.url.starts_with("sqlite") {
        let mut connection = sqlx::SqliteConnection::connect(&app.store.url).await.expect("the SQLite store");
        sqlx::query_scalar(sql).fetch_one(&mut connection).await.expect("a count")
    } else {
        let mut connection = sqlx::PgConnection::connect(&app.store.url).await.expect("the PostgreSQL store");
        sqlx::query_scalar(sql).fetch_one(&mut connection).await.expect("a count")
    }
}
