//! The committed OpenAPI document is exactly what the server serves, and the docs are up.

use reqwest::StatusCode;
use serde_json::Value;

use tatrack_testkit::{Backend, TestApp};

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

/// Regression (schemathesis): the spec once documented enum variant names (`PreAccessionSupport`)
/// where the API takes `snake_case` words, and code lists as free strings.
#[tokio::test]
async fn documented_values_are_the_ones_the_api_takes() {
    let spec: Value = serde_json::from_str(COMMITTED).expect("openapi/openapi.json is JSON");
    let schemas = &spec["components"]["schemas"];
    let allowed = |name: &str| -> Vec<String> {
        schemas[name]["enum"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };

    assert!(allowed("ActivityKind").contains(&"pre_accession_support".to_owned()));
    assert!(allowed("ThematicArea").contains(&"wildlife_and_forest_crime".to_owned()));
    assert!(
        allowed("CountryCode").contains(&"SAU".to_owned())
            && !allowed("CountryCode").contains(&"XXX".to_owned())
    );
    assert!(allowed("Currency").contains(&"EUR".to_owned()));
    assert_eq!(schemas["Headcount"]["minimum"], 0);
    assert_eq!(schemas["NonEmptyText"]["minLength"], 1);
}
