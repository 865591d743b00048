//! Access control: who may do what, with which token.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_problem, Backend, TestApp};

crate::on_both_backends!(bad_tokens_get_401_with_a_bearer_challenge);

async fn bad_tokens_get_401_with_a_bearer_challenge(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let revoked = app.issue_token(&json!({"name": "leaver", "role": "manager"})).await;
    let answer = app.post("/api/v1/tokens/leaver/revocation", &Value::Null).await;
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let expired = app
        .issue_token(&json!({"name": "old", "role": "manager", "expires_at": "2020-01-01T00:00:00Z"}))
        .await;
    let admin = app.token.clone();
    let cases = [
        ("no token", None),
        ("an unknown token", Some("tat_0000")),
        ("a revoked token", Some(revoked.as_str())),
        ("an expired token", Some(expired.as_str())),
    ];

    for (case, token) in cases {
        let response = app.request_as(token, Method::GET, "/api/v1/countries", None).await;

        assert_eq!(
            response.headers().get("www-authenticate").map(reqwest::header::HeaderValue::as_bytes),
            Some(&b"Bearer"[..]),
            "{case}"
        );
        assert_problem(response, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
    }
    let ok = app.request_as(Some(&admin), Method::GET, "/api/v1/countries", None).await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK, "probes need no token");
}
