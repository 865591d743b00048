//! A restarted server finds everything its predecessor acknowledged.

use serde_json::json;

use tatrack_testkit::{delivery_body, Backend, TestApp};

tatrack_testkit::on_both_backends!(nothing_is_lost_across_a_restart);

async fn nothing_is_lost_across_a_restart(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.planned_activity().await;
    app.command(&format!("/api/v1/activities/{id}/delivery"), &delivery_body()).await;
    let before = app.activity(id).await;
    let history_before = app.history(id).await;

    let app = TestApp::start(app.stop().await).await;

    assert_eq!(app.activity(id).await, before);
    assert_eq!(app.history(id).await, history_before);
    let answer = app
        .command(
            &format!("/api/v1/activities/{id}/outputs"),
            &json!({"kind": "other", "description": "after restart"}),
        )
        .await;
    assert_eq!(answer["version"], 3);
}
