//! The edge of the server: what reaches a handler and how refusals look. Control characters in
//! query and path values, duplicate keys, missing fields, the bearer scheme's case, a problem
//! body for every error the framework makes, and compression.

use std::io::Read as _;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, plan_body, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    control_characters_in_query_and_path_values_are_refused,
    a_repeated_key_is_refused_and_named,
    a_missing_field_is_named_by_its_path,
    the_bearer_scheme_is_case_insensitive,
    every_error_the_server_makes_is_a_problem,
    responses_are_compressed_when_asked,
);

const BAD_REQUEST: &str = "/problems/bad-request";

/// Asserts a problem naming `field`; `case` names the request in failures.
async fn assert_field(case: &str, response: reqwest::Response, status: StatusCode, kind: &str, field: &str) {
    eprintln!("case: {case}");
    let problem = assert_problem(response, status, kind).await;
    assert_eq!(problem["field"], field, "{case}: the field of {problem}");
}

async fn control_characters_in_query_and_path_values_are_refused(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = app.planned_activity().await;
    let head = app.get_json("/api/v1/projections/status").await["head"].clone();
    let cases = [
        ("NUL in a list filter", Method::GET, "/api/v1/activities?donor=%00".to_owned(), "donor"),
        ("NUL in the audit actor", Method::GET, "/api/v1/audit/events?actor=a%00b".to_owned(), "actor"),
        ("ESC in a country", Method::GET, "/api/v1/activities?country=%1BSAU".to_owned(), "country"),
        ("DEL in a cursor", Method::GET, "/api/v1/activities?cursor=%7F".to_owned(), "cursor"),
        ("C1 control in a date", Method::GET, "/api/v1/activities?from=%C2%85".to_owned(), "from"),
        ("NUL in a donor's path", Method::GET, "/api/v1/donors/a%00b/summary".to_owned(), "donor"),
        ("NUL in a country's path", Method::GET, "/api/v1/countries/%00/summary".to_owned(), "iso3"),
        ("NUL in an id", Method::GET, "/api/v1/activities/%00".to_owned(), "id"),
        ("CR in a token's name", Method::POST, "/api/v1/tokens/a%0Db/revocation".to_owned(), "name"),
        ("NUL in a command's id", Method::POST, format!("/api/v1/activities/{id}%00/outputs"), "id"),
    ];

    for (case, method, path, field) in cases {
        // Act
        let response = app.client.request(method, app.url(&path)).json(&json!({})).send().await;

        // Assert
        let response = response.expect("an answer");
        assert_field(case, response, StatusCode::BAD_REQUEST, BAD_REQUEST, field).await;
    }
    // Tab and newline are text; a donor of that name simply funds nothing.
    let page = app.get_json("/api/v1/activities?donor=a%09b%0Ac").await;
    assert_eq!(page["items"], json!([]), "{page}");
    let status = app.get_json("/api/v1/projections/status").await;
    assert_eq!(status["head"], head, "nothing was written");
}

async fn a_repeated_key_is_refused_and_named(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let existing = app.planned_activity().await;
    let before = app.activity(existing).await;
    let new = Uuid::new_v4();
    let plan = plan_body(new, programme).to_string();
    let repeated_title = plan.replacen('{', r#"{"title": "Another title", "#, 1);
    let corrections = format!("/api/v1/activities/{existing}/corrections");
    let repeated_nested =
        r#"{"reason": "typo", "changes": {"location": "Jeddah", "title": "x", "location": "Riyadh"}}"#;
    let participants = format!("/api/v1/activities/{existing}/participants");
    let repeated_deep = r#"{"female": 1, "male": 1, "other_or_undisclosed": 0,
        "by_country": {"SAU": {"female": 1, "female": 0, "male": 1, "other_or_undisclosed": 0}}}"#;
    let cases = [
        ("a top-level key", "/api/v1/activities".to_owned(), repeated_title, "title"),
        ("a nested key", corrections, repeated_nested.to_owned(), "changes.location"),
        ("a key inside a map", participants, repeated_deep.to_owned(), "by_country.SAU.female"),
    ];

    for (case, path, body, field) in cases {
        // Act
        let response = app
            .client
            .post(app.url(&path))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("an answer");

        // Assert
        assert_field(case, response, StatusCode::BAD_REQUEST, BAD_REQUEST, field).await;
    }
    let unplanned = app.get(&format!("/api/v1/activities/{new}")).await;
    assert_problem(unplanned, StatusCode::NOT_FOUND, "/problems/not-found").await;
    assert_eq!(app.activity(existing).await, before, "nothing was written");
}

async fn a_missing_field_is_named_by_its_path(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let existing = app.planned_activity().await;
    app.command(&format!("/api/v1/activities/{existing}/delivery"), &tatrack_testkit::delivery_body()).await;
    let mut plan = plan_body(Uuid::new_v4(), programme);
    plan.as_object_mut().expect("an object").remove("location");
    let regional = json!({"female": 1, "male": 1, "other_or_undisclosed": 0,
                          "by_country": {"SAU": {"female": 1, "male": 1}}});
    let cases = [
        ("a plan without a location", "/api/v1/activities".to_owned(), plan, "location"),
        (
            "a correction without a reason",
            format!("/api/v1/activities/{existing}/corrections"),
            json!({"changes": {"title": "x"}}),
            "reason",
        ),
        (
            "a country's tally without other_or_undisclosed",
            format!("/api/v1/activities/{existing}/participants"),
            regional,
            "by_country.SAU.other_or_undisclosed",
        ),
    ];

    for (case, path, body, field) in cases {
        // Act
        let response = app.post(&path, &body).await;

        // Assert
        assert_field(case, response, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation", field).await;
    }
}

async fn the_bearer_scheme_is_case_insensitive(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let token = app.token.clone();
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        // Act
        let response = reqwest::Client::new()
            .get(app.url("/api/v1/countries"))
            .header("authorization", format!("{scheme} {token}"))
            .send()
            .await
            .expect("an answer");

        // Assert
        assert_eq!(response.status(), StatusCode::OK, "scheme {scheme}");
    }
    for value in [format!("Basic {token}"), format!("Bearer{token}"), "Bearer ".to_owned()] {
        let response = reqwest::Client::new()
            .get(app.url("/api/v1/countries"))
            .header("authorization", value)
            .send()
            .await
            .expect("an answer");
        assert_problem(response, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
    }
}

/// A request the framework, a layer or an extractor refuses before any handler decides.
struct Refusal {
    case: &'static str,
    method: Method,
    path: String,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    status: StatusCode,
    kind: &'static str,
}

fn refusal(
    case: &'static str,
    method: Method,
    path: &str,
    status: StatusCode,
    kind: &'static str,
) -> Refusal {
    Refusal { case, method, path: path.to_owned(), content_type: None, body: Vec::new(), status, kind }
}

async fn every_error_the_server_makes_is_a_problem(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = app.planned_activity().await;
    let mut cases = vec![
        refusal(
            "an unknown route",
            Method::GET,
            "/api/v1/nothing",
            StatusCode::NOT_FOUND,
            "/problems/not-found",
        ),
        refusal(
            "a wrong method",
            Method::DELETE,
            "/api/v1/countries",
            StatusCode::METHOD_NOT_ALLOWED,
            "/problems/http-405",
        ),
        refusal(
            "a non-numeric min_position",
            Method::GET,
            "/api/v1/activities?min_position=abc",
            StatusCode::BAD_REQUEST,
            BAD_REQUEST,
        ),
        refusal(
            "a summary's bad date",
            Method::GET,
            "/api/v1/countries/SAU/summary?from=yesterday",
            StatusCode::BAD_REQUEST,
            BAD_REQUEST,
        ),
        refusal(
            "a path that is no id",
            Method::GET,
            "/api/v1/programmes/abc",
            StatusCode::BAD_REQUEST,
            BAD_REQUEST,
        ),
        Refusal {
            content_type: Some("text/plain"),
            body: b"{}".to_vec(),
            ..refusal(
                "a body not declared as JSON",
                Method::POST,
                &format!("/api/v1/activities/{id}/outputs"),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "/problems/unsupported-media-type",
            )
        },
        Refusal {
            content_type: Some("application/json"),
            body: vec![b' '; 2 * 1024 * 1024],
            ..refusal(
                "a body over the limit",
                Method::POST,
                &format!("/api/v1/activities/{id}/outputs"),
                StatusCode::PAYLOAD_TOO_LARGE,
                "/problems/payload-too-large",
            )
        },
    ];
    // An unknown parameter, and any parameter of a route that takes none.
    for path in ["/api/v1/countries?colour=red", "/api/v1/projections/status?min_position=1"] {
        cases.push(refusal("an unknown parameter", Method::GET, path, StatusCode::BAD_REQUEST, BAD_REQUEST));
    }
    for case in &mut cases {
        if case.content_type.is_none() && case.method == Method::POST {
            case.content_type = Some("application/json");
        }
    }

    for case in cases {
        // Act
        let mut request = app.client.request(case.method, app.url(&case.path)).body(case.body);
        if let Some(content_type) = case.content_type {
            request = request.header("content-type", content_type);
        }
        let response = request.send().await.expect("an answer");

        // Assert
        eprintln!("case: {}", case.case);
        let problem = assert_problem(response, case.status, case.kind).await;
        assert!(problem["title"].as_str().is_some_and(|t| !t.is_empty()), "{}: {problem}", case.case);
    }
    // Past hyper's own limit (64 KiB), which no client library will even send.
    let (head, body) = raw_get(&app, &format!("/api/v1/activities?donor={}", "a".repeat(70 * 1024))).await;
    assert!(head.starts_with("HTTP/1.1 414 "), "{head}");
    assert!(head.to_ascii_lowercase().contains("content-type: application/problem+json"), "{head}");
    let problem: Value = serde_json::from_str(&body).expect("a JSON problem");
    assert_eq!(
        (problem["status"].as_u64(), problem["type"].as_str()),
        (Some(414), Some("/problems/http-414"))
    );
    assert!(problem["title"].is_string() && problem["detail"].is_string(), "{problem}");
    let anonymous =
        reqwest::Client::new().get(app.url("/api/v1/activities")).send().await.expect("an answer");
    assert_problem(anonymous, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
}

/// `GET path` written by hand on a connection of its own; the answer's head and body.
async fn raw_get(app: &TestApp, path: &str) -> (String, String) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let address = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("a connection");
    let request = format!("GET {path} HTTP/1.1\r\nhost: {address}\r\nconnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("the request is sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("an answer");
    let answer = String::from_utf8(answer).expect("a UTF-8 answer");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    (head.to_owned(), body.to_owned())
}

/// The activity list as raw bytes, with `Accept-Encoding: encoding` when given.
async fn raw_list(app: &TestApp, encoding: Option<&str>) -> (Option<String>, Vec<u8>) {
    let mut request = app.client.get(app.url("/api/v1/activities?limit=500"));
    if let Some(encoding) = encoding {
        request = request.header("accept-encoding", encoding);
    }
    let response = request.send().await.expect("an answer");
    assert_eq!(response.status(), StatusCode::OK);
    let applied = response.headers().get("content-encoding").and_then(|v| v.to_str().ok()).map(str::to_owned);
    (applied, response.bytes().await.expect("a body").to_vec())
}

async fn responses_are_compressed_when_asked(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let mut last = json!(null);
    for _ in 0..20 {
        last = app.command("/api/v1/activities", &plan_body(Uuid::new_v4(), programme)).await;
    }
    app.get_json(&format!("/api/v1/activities?min_position={}", last["position"])).await;

    // Act
    let (plain_encoding, plain) = raw_list(&app, None).await;
    let (gzip_encoding, gzip) = raw_list(&app, Some("gzip")).await;
    let (br_encoding, br) = raw_list(&app, Some("br")).await;

    // Assert
    assert_eq!(plain_encoding, None, "no encoding unless asked");
    let expected: Value = serde_json::from_slice(&plain).expect("a JSON page");
    assert_eq!(expected["items"].as_array().map(Vec::len), Some(20));
    assert_eq!(gzip_encoding.as_deref(), Some("gzip"));
    assert!(gzip.len() * 3 < plain.len(), "gzip: {} bytes of {}", gzip.len(), plain.len());
    let mut inflated = Vec::new();
    flate2::read::GzDecoder::new(gzip.as_slice()).read_to_end(&mut inflated).expect("gzip decodes");
    assert_eq!(serde_json::from_slice::<Value>(&inflated).expect("JSON"), expected);
    assert_eq!(br_encoding.as_deref(), Some("br"));
    assert!(br.len() * 3 < plain.len(), "br: {} bytes of {}", br.len(), plain.len());
    let mut decoded = Vec::new();
    brotli_decompressor::Decompressor::new(br.as_slice(), 4096)
        .read_to_end(&mut decoded)
        .expect("br decodes");
    assert_eq!(serde_json::from_slice::<Value>(&decoded).expect("JSON"), expected);
}
