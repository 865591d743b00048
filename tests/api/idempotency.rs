//! Retried requests: the same Idempotency-Key and body return the first answer and write
//! nothing; the same key with another body is refused.

use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, plan_body, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    a_retried_plan_returns_the_first_answer,
    a_retried_command_writes_nothing,
    a_reused_key_with_another_body_is_refused,
    simultaneous_retries_write_once,
);

async fn a_retried_plan_returns_the_first_answer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let id = Uuid::new_v4();
    let key = [("idempotency-key", "plan-riyadh-1")];

    let first = app.post_with("/api/v1/activities", &plan_body(id, programme), &key).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.expect("a JSON answer");
    let retry = app.post_with("/api/v1/activities", &plan_body(id, programme), &key).await;

    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(retry.headers()["location"], format!("/api/v1/activities/{id}").as_str());
    assert_eq!(retry.json::<Value>().await.expect("a JSON answer"), first);
    assert_eq!(app.history(id).await.len(), 1);
}

async fn a_retried_command_writes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.planned_activity().await;
    let path = format!("/api/v1/activities/{id}/funding");
    let body = json!({"donor": "Japan", "amount": "1000000", "currency": "JPY"});
    let key = [("idempotency-key", "fund-1")];

    let first: Value = app.post_with(&path, &body, &key).await.json().await.expect("a JSON answer");
    let other = app
        .command(&format!("/api/v1/activities/{id}/outputs"), &json!({"kind": "other", "description": "x"}))
        .await;
    let retry = app.post_with(&path, &body, &key).await;

    assert_eq!(retry.status(), StatusCode::OK);
    assert_eq!(
        retry.json::<Value>().await.expect("a JSON answer"),
        first,
        "the first answer, not the current version"
    );
    assert_eq!(other["version"], 3);
    assert_eq!(app.history(id).await.len(), 3);
    assert_eq!(app.activity(id).await["funding"].as_array().map(Vec::len), Some(1));
}

async fn a_reused_key_with_another_body_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.planned_activity().await;
    let path = format!("/api/v1/activities/{id}/funding");
    let key = [("idempotency-key", "fund-2")];
    app.post_with(&path, &json!({"donor": "Japan", "amount": "100", "currency": "JPY"}), &key).await;

    let reuse =
        app.post_with(&path, &json!({"donor": "Japan", "amount": "200", "currency": "JPY"}), &key).await;

    assert_problem(reuse, StatusCode::UNPROCESSABLE_ENTITY, "/problems/idempotency-key-reused").await;
    assert_eq!(app.history(id).await.len(), 2);
}

async fn simultaneous_retries_write_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.planned_activity().await;
    let path = format!("/api/v1/activities/{id}/outputs");
    let body = json!({"kind": "law_drafted", "description": "Draft firearms law"});
    let key = [("idempotency-key", "output-burst")];

    let responses = join_all((0..8).map(|_| app.post_with(&path, &body, &key))).await;

    for response in responses {
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.json::<Value>().await.expect("a JSON answer")["version"], 2);
    }
    assert_eq!(app.history(id).await.len(), 2, "one event for eight deliveries of one request");
}
