//! The committed OpenAPI document is exactly what the server serves, and the docs are up.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{Backend, TestApp};

const COMMITTED: &str = include_str!("../../openapi/openapi.json");

#[tokio::test]
async fn committed_spec_matches_the_served_one() {
    let app = TestApp::spawn(Backend::Sqlite).await;

    let served = app.get_json("/api-docs/openapi.json").await;

    let committed: Value = serde_json::from_str(COMMITTED).expect("openapi/openapi.json is JSON");
    assert!(
        served == committed,
        "openapi/openapi.json is stale: run `cargo run --bin tatrack -- openapi > openapi/openapi.json`"
    );
}

#[tokio::test]
async fn swagger_ui_and_probes_answer() {
    let app = TestApp::spawn(Backend::Sqlite).await;

    let docs = app.get("/docs/").await;
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.unwrap_or_default().contains("swagger"));
    assert_eq!(app.get_json("/healthz").await["status"], "ok");
    let ready = app.get_json("/readyz").await;
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["backend"], "sqlite");
}
