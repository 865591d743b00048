//! Malformed and hostile requests: each gets a problem+json 4xx, never a 5xx, and writes nothing.

use reqwest::header::HeaderValue;
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, assert_refused, delivery_body, plan_body, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    unreadable_bodies_are_refused,
    bodies_of_the_wrong_shape_are_refused,
    an_array_is_not_an_object,
    an_unknown_key_is_named_in_field,
    bodies_not_declared_as_json_are_refused,
    bodies_over_the_limit_are_refused,
    bad_paths_and_methods_are_refused,
    bad_headers_are_refused,
);

/// Sends `body` as it is, with `content_type` when given.
async fn send_raw(
    app: &TestApp,
    method: Method,
    path: &str,
    content_type: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> Response {
    let mut request = app.client.request(method, app.url(path)).body(body);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    request.send().await.expect("the request is answered")
}

/// An activity planned and delivered, so that every command but a reschedule or a cancellation
/// would be taken if its body were readable.
async fn delivered_activity(app: &TestApp) -> Uuid {
    let id = app.planned_activity().await;
    app.command(&format!("/api/v1/activities/{id}/delivery"), &delivery_body()).await;
    id
}

/// A body sent to a command of a delivered activity, and the problem it must meet.
struct BadBody {
    case: &'static str,
    command: &'static str,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    status: StatusCode,
    kind: &'static str,
    field: Option<&'static str>,
}

const JSON: Option<&str> = Some("application/json");
const BAD_REQUEST: &str = "/problems/bad-request";
const TOO_LARGE: &str = "/problems/payload-too-large";

fn malformed(case: &'static str, command: &'static str, body: impl Into<Vec<u8>>) -> BadBody {
    BadBody {
        case,
        command,
        content_type: JSON,
        body: body.into(),
        status: StatusCode::BAD_REQUEST,
        kind: "/problems/malformed-json",
        field: None,
    }
}

fn invalid(case: &'static str, command: &'static str, body: &Value, field: Option<&'static str>) -> BadBody {
    BadBody {
        case,
        command,
        content_type: JSON,
        body: body.to_string().into_bytes(),
        status: StatusCode::UNPROCESSABLE_ENTITY,
        kind: "/problems/validation",
        field,
    }
}

fn unsupported(case: &'static str, content_type: Option<&'static str>) -> BadBody {
    BadBody {
        case,
        command: "outputs",
        content_type,
        body: json!({"kind": "other", "description": "an output"}).to_string().into_bytes(),
        status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
        kind: "/problems/unsupported-media-type",
        field: None,
    }
}

/// Sends each bad body to a delivered activity; asserts the problem and that nothing changed.
async fn assert_all_refused(backend: Backend, bad_bodies: Vec<BadBody>) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = delivered_activity(&app).await;
    let before = app.activity(id).await;

    for bad in bad_bodies {
        // Act
        let path = format!("/api/v1/activities/{id}/{}", bad.command);
        let response = send_raw(&app, Method::POST, &path, bad.content_type, bad.body).await;

        // Assert
        assert_refused(bad.case, response, bad.status, bad.kind, bad.field).await;
        assert_eq!(app.activity(id).await, before, "{}: the record changed", bad.case);
    }
    assert_eq!(app.history(id).await.len(), 2, "nothing but the plan and the delivery was recorded");
}

async fn unreadable_bodies_are_refused(backend: Backend) {
    let deeply_nested =
        format!(r#"{{"kind": "other", "description": {}{}}}"#, "[".repeat(10_000), "]".repeat(10_000));
    assert_all_refused(
        backend,
        vec![
            malformed("cut short", "delivery", r#"{"start": "2019-10-20", "end": "#),
            malformed("single quotes", "delivery", "{'start': '2019-10-20'}"),
            malformed("trailing garbage", "report", "{} {}"),
            malformed("empty body", "report", ""),
            malformed(
                "invalid UTF-8",
                "outputs",
                b"{\"kind\": \"other\", \"description\": \"\xff\xfe\"}".to_vec(),
            ),
            malformed("nested ten thousand deep", "outputs", deeply_nested),
        ],
    )
    .await;
}

async fn bodies_of_the_wrong_shape_are_refused(backend: Backend) {
    let attendance = json!({"female": 1, "male": 1, "other_or_undisclosed": 0, "colour": "red"});
    let participants = |female: Value| {
        json!({"female": female, "male": 1, "other_or_undisclosed": 0,
               "by_institution": null})
    };
    let too_many = json!(4_294_967_296_i64);
    assert_all_refused(
        backend,
        vec![
            invalid("an empty array", "delivery", &json!([]), None),
            invalid("a number", "delivery", &json!(42), None),
            invalid("a string", "outputs", &json!("a manual"), None),
            invalid("null", "report", &Value::Null, None),
            invalid("a count in words", "participants", &participants(json!("ten")), Some("female")),
            invalid("a fractional count", "participants", &participants(json!(1.5)), Some("female")),
            invalid("a count over 32 bits", "participants", &participants(too_many), Some("female")),
            invalid("a count as null", "participants", &participants(Value::Null), Some("female")),
            invalid(
                "an unknown top-level field",
                "delivery",
                &json!({"start": "2019-10-20", "end": "2019-10-24", "mode": "online", "colour": "red"}),
                Some("colour"),
            ),
            invalid(
                "an unknown field inside changes",
                "corrections",
                &json!({"reason": "typo", "changes": {"colour": "red"}}),
                Some("changes.colour"),
            ),
            invalid(
                "an unknown field inside a country's attendance",
                "participants",
                &json!({"female": 1, "male": 1, "other_or_undisclosed": 0,
                        "by_country": {"SAU": attendance}}),
                Some("by_country.SAU.colour"),
            ),
            invalid(
                "a missing mode",
                "delivery",
                &json!({"start": "2019-10-20", "end": "2019-10-24"}),
                Some("mode"),
            ),
            invalid(
                "a missing reason",
                "corrections",
                &json!({"changes": {"location": "Jeddah"}}),
                Some("reason"),
            ),
            invalid("no fields at all", "outputs", &json!({}), Some("kind")),
            invalid(
                "a day that does not exist",
                "delivery",
                &json!({"start": "2019-02-30", "end": "2019-03-02", "mode": "online"}),
                Some("start"),
            ),
            invalid(
                "an unknown delivery mode",
                "delivery",
                &json!({"start": "2019-10-20", "end": "2019-10-24", "mode": "carrier_pigeon"}),
                Some("mode"),
            ),
            invalid(
                "an amount that is not a number",
                "funding",
                &json!({"donor": "Norway", "amount": "lots", "currency": "NOK"}),
                Some("amount"),
            ),
            invalid(
                "an unknown country in the breakdown",
                "participants",
                &json!({"female": 1, "male": 0, "other_or_undisclosed": 0,
                        "by_country": {"XXX": {"female": 1, "male": 0, "other_or_undisclosed": 0}}}),
                Some("by_country.XXX"),
            ),
        ],
    )
    .await;
}

/// A command's body is a JSON object; an array is refused even when its items, read in the
/// order of the fields, would make a valid command.
async fn an_array_is_not_an_object(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let planned = app.planned_activity().await;
    let delivered = delivered_activity(&app).await;
    let cases = [
        ("delivery as an array", planned, "delivery", json!(["2019-10-20", "2019-10-24", "online"])),
        ("output as an array", planned, "outputs", json!(["other", "an output"])),
        ("report as an empty array", delivered, "report", json!([])),
    ];

    for (case, id, command, body) in cases {
        let before = app.activity(id).await;

        // Act
        let path = format!("/api/v1/activities/{id}/{command}");
        let response = send_raw(&app, Method::POST, &path, JSON, body.to_string()).await;

        // Assert
        assert_refused(case, response, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation", None).await;
        assert_eq!(app.activity(id).await, before, "{case}: the record changed");
    }
}

/// An unknown key in a breakdown by institution is named by the map that holds it (or by the
/// key itself), never by a placeholder such as `by_institution.?`.
async fn an_unknown_key_is_named_in_field(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = delivered_activity(&app).await;
    let before = app.activity(id).await;
    let body = json!({"female": 1, "male": 1, "other_or_undisclosed": 0, "by_institution": {"pirates": 1}});

    // Act
    let response = app.post(&format!("/api/v1/activities/{id}/participants"), &body).await;

    // Assert
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let problem = assert_refused(
        "an unknown institution",
        response,
        unprocessable,
        "/problems/validation",
        Some("by_institution"),
    )
    .await;
    let field = problem["field"].as_str().unwrap_or_default();
    assert!(
        matches!(field, "by_institution" | "by_institution.pirates"),
        "the field names the breakdown: {problem}"
    );
    assert_eq!(app.activity(id).await, before);
}

async fn bodies_not_declared_as_json_are_refused(backend: Backend) {
    assert_all_refused(
        backend,
        vec![
            unsupported("no content type", None),
            unsupported("plain text", Some("text/plain")),
            unsupported("a form", Some("application/x-www-form-urlencoded")),
            unsupported("XML", Some("application/xml")),
        ],
    )
    .await;
}

async fn bodies_over_the_limit_are_refused(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let huge = "x".repeat(2 * 1024 * 1024);
    let programme = app.programme().await;
    let planned = Uuid::new_v4();
    let mut plan = plan_body(planned, programme);
    plan["description"] = json!(huge);
    let existing = app.planned_activity().await;
    let before = app.activity(existing).await;
    let correction = json!({"reason": "longer description", "changes": {"description": huge}});

    // Act
    let refused_plan = app.post("/api/v1/activities", &plan).await;
    let refused_correction =
        app.post(&format!("/api/v1/activities/{existing}/corrections"), &correction).await;

    // Assert
    let status = StatusCode::PAYLOAD_TOO_LARGE;
    let problem = assert_refused("plan", refused_plan, status, TOO_LARGE, None).await;
    assert!(problem.get("field").is_none(), "no field for the whole body: {problem}");
    assert_refused("correction", refused_correction, status, TOO_LARGE, None).await;
    let read = app.get(&format!("/api/v1/activities/{planned}")).await;
    assert_problem(read, StatusCode::NOT_FOUND, "/problems/not-found").await;
    assert_eq!(app.activity(existing).await, before);
}

async fn bad_paths_and_methods_are_refused(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = delivered_activity(&app).await;
    let before = app.activity(id).await;
    let output = json!({"kind": "other", "description": "an output"}).to_string();
    let not_uuids = ["not-a-uuid", "12345", "00000000-0000-0000-0000-00000000000g"];

    for not_uuid in not_uuids {
        // Act
        let read = app.get(&format!("/api/v1/activities/{not_uuid}")).await;
        let history = app.get(&format!("/api/v1/activities/{not_uuid}/history")).await;
        let command = app
            .post(
                &format!("/api/v1/activities/{not_uuid}/outputs"),
                &json!({"kind": "other", "description": "x"}),
            )
            .await;
        let programme = app.get(&format!("/api/v1/programmes/{not_uuid}")).await;

        // Assert
        for (case, response) in
            [("read", read), ("history", history), ("command", command), ("programme", programme)]
        {
            assert_refused(case, response, StatusCode::BAD_REQUEST, BAD_REQUEST, Some("id")).await;
        }
    }

    let unknown_routes = [
        (Method::GET, "/api/v1/nothing-here".to_owned()),
        (Method::GET, "/api/v2/activities".to_owned()),
        (Method::POST, format!("/api/v1/activities/{id}/explosion")),
        (Method::POST, format!("/api/v1/activities/{id}/outputs/extra")),
    ];
    for (method, path) in unknown_routes {
        let response = send_raw(&app, method, &path, Some("application/json"), output.clone()).await;
        assert_refused(&path, response, StatusCode::NOT_FOUND, "/problems/not-found", None).await;
    }

    let wrong_methods = [
        (Method::GET, format!("/api/v1/activities/{id}/delivery"), "POST"),
        (Method::PUT, format!("/api/v1/activities/{id}/outputs"), "POST"),
        (Method::DELETE, format!("/api/v1/activities/{id}"), "GET"),
        (Method::PATCH, format!("/api/v1/activities/{id}"), "GET"),
    ];
    for (method, path, allowed) in wrong_methods {
        let case = format!("{method} {path}");
        let response = send_raw(&app, method, &path, Some("application/json"), output.clone()).await;
        let allow =
            response.headers().get("allow").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert_refused(&case, response, StatusCode::METHOD_NOT_ALLOWED, "/problems/http-405", None).await;
        assert!(allow.contains(allowed), "{case}: Allow names {allowed}, got '{allow}'");
    }

    assert_eq!(app.activity(id).await, before, "nothing was written");
}

async fn bad_headers_are_refused(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = delivered_activity(&app).await;
    let before = app.activity(id).await;
    let path = format!("/api/v1/activities/{id}/outputs");
    let output = json!({"kind": "other", "description": "an output"});
    let long_key = "k".repeat(256);
    let unreadable = [
        ("If-Match in words", "if-match", "abc", "If-Match"),
        ("If-Match negative", "if-match", "\"-1\"", "If-Match"),
        ("If-Match empty", "if-match", "", "If-Match"),
        ("empty Idempotency-Key", "idempotency-key", "", "idempotency-key"),
        ("blank Idempotency-Key", "idempotency-key", "   ", "idempotency-key"),
        ("Idempotency-Key over 255 characters", "idempotency-key", long_key.as_str(), "idempotency-key"),
    ];

    for (case, header, value, field) in unreadable {
        // Act
        let response = app.post_with(&path, &output, &[(header, value)]).await;

        // Assert
        assert_refused(case, response, StatusCode::BAD_REQUEST, BAD_REQUEST, Some(field)).await;
        assert_eq!(app.activity(id).await, before, "{case}: the record changed");
    }

    // A header that is not visible ASCII, such as a key in UTF-8, cannot be read.
    let key = HeaderValue::from_bytes("clé-1".as_bytes()).expect("obs-text is a valid header value");
    let response = app.client.post(app.url(&path)).json(&output).header("idempotency-key", key).send().await;
    let response = response.expect("the request is answered");
    assert_refused("a UTF-8 key", response, StatusCode::BAD_REQUEST, BAD_REQUEST, Some("idempotency-key"))
        .await;

    // A version the activity has moved past.
    let stale = app.post_with(&path, &output, &[("if-match", "\"1\"")]).await;
    let problem = assert_refused(
        "stale If-Match",
        stale,
        StatusCode::PRECONDITION_FAILED,
        "/problems/version-mismatch",
        None,
    )
    .await;
    assert_eq!(problem["current_version"], 2, "the current version in {problem}");

    assert_eq!(app.activity(id).await, before, "nothing was written");
    assert_eq!(app.history(id).await.len(), 2);
}
