//! Scope: every GET route of the OpenAPI document, read by every role, answers within the
//! caller's scope. The expected figures are computed here from the data this test records, never
//! read from another endpoint.
//!
//! Beside this file: `data` (the data set, the callers and what each may see) and `routes` (what
//! each GET route must answer each caller). This file holds the walk.

mod data;
mod routes;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use tatrack_testkit::{Backend, TestApp};

use data::{arrange, token, CALLERS};
use routes::cases;

tatrack_testkit::on_both_backends!(every_get_route_answers_each_role_within_its_scope);

async fn every_get_route_answers_each_role_within_its_scope(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let (data, tokens) = arrange(&app).await;
    let spec = app.get_json("/api-docs/openapi.json").await;
    let templates: Vec<&String> = spec["paths"]
        .as_object()
        .expect("the document lists paths")
        .iter()
        .filter(|(_, operations)| operations.get("get").is_some())
        .map(|(template, _)| template)
        .collect();

    // Act and assert: every mismatch is collected, so one run shows them all.
    let mut failures = Vec::new();
    for template in templates {
        for caller in CALLERS {
            let Some(cases) = cases(template, caller, &data) else {
                failures.push(format!("GET {template} is not covered by this walk: add its rule"));
                break;
            };
            for case in cases {
                let response =
                    app.request_as(Some(token(&tokens, caller)), Method::GET, &case.path, None).await;
                let status = response.status();
                let body: Value = response.json().await.unwrap_or(Value::Null);
                let what = format!("GET {} as {caller:?}", case.path);
                if status != StatusCode::from_u16(case.status).expect("a status") {
                    failures.push(format!("{what}: expected {}, got {status}: {body}", case.status));
                } else if let Some(expected) = case.expected {
                    let seen = (case.view)(&body);
                    if seen != expected {
                        failures.push(format!("{what}: expected {expected}, got {seen}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} answers leave the scope:\n{}", failures.len(), failures.join("\n"));
}
