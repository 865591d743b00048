//! The real binary with `TATRACK_LOG_FORMAT=json`: one JSON object a line, each request's line
//! carrying the request id the client sent.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use super::{cli_admin_token, Backend, Server, Store};

/// The log's lines that are JSON objects holding `request_id`, once one appears (or none by the
/// deadline).
async fn lines_with(log: &std::path::Path, request_id: &str) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let lines: Vec<Value> = text
            .lines()
            .filter(|line| line.contains(request_id))
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"))
            })
            .collect();
        if !lines.is_empty() || Instant::now() > deadline {
            return lines;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn json_logs_carry_the_request_id(backend: Backend) {
    // Arrange
    let store = Store::fresh(backend).await;
    let token = cli_admin_token(&store.url);
    let folder = tempfile::tempdir().expect("a temporary folder");
    let log = folder.path().join("tatrack.log");
    let env = [("TATRACK_LOG_FORMAT", "json"), ("RUST_LOG", "info,sqlx=warn")];
    let server = Server::start_with(&store.url, &token, &env, Some(&log)).await;
    let request_id = format!("edge-test-{}", uuid::Uuid::new_v4().simple());

    // Act
    let response = server
        .api
        .client
        .get(server.api.url("/api/v1/countries"))
        .header("x-request-id", &request_id)
        .send()
        .await
        .expect("an answer");

    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-request-id"], request_id.as_str(), "the id is echoed");
    let lines = lines_with(&log, &request_id).await;
    let finished = lines
        .iter()
        .find(|line| line["span"]["request_id"] == request_id.as_str())
        .unwrap_or_else(|| panic!("no log line carries the request id: {lines:?}"));
    assert_eq!(finished["level"], "INFO", "{finished}");
    assert_eq!(finished["span"]["path"], "/api/v1/countries", "{finished}");
    assert_eq!(finished["fields"]["status"], 200, "{finished}");
    let text = std::fs::read_to_string(&log).expect("the log reads");
    for line in text.lines() {
        assert!(
            serde_json::from_str::<Value>(line).is_ok_and(|v| v.is_object()),
            "not a JSON object: {line}"
        );
    }
    drop(server);
}

tatrack_testkit::on_both_backends!(json_logs_carry_the_request_id);
