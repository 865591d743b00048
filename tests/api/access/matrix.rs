//! The matrix: every route of the OpenAPI document, every role, and the status each must get.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, delivery_body, participants_body, unique_code, Backend, TestApp};

use super::world::{activity_in, arrange, fund, World, CALLERS, EU};

/// One request of the matrix and what each caller must get, in the order of [`CALLERS`].
///
/// Paths and bodies hold placeholders, filled in for each caller afresh: `{A}` and `{B}` are
/// the programmes, `{SAU}`, `{AGO}`, `{REGIONAL}` and `{WITHDRAWN}` the world's activities;
/// `{sau}` is a new activity in SAU under A and `{ago}` one in AGO under B, both funded by the
/// European Union (`{sau-delivered}` and `{ago-delivered}` also delivered and tallied,
/// `{sau-reported}` and `{ago-reported}` also reported); `{token}` is a new
/// manager token's name; `{new}`, `{code}` and `{name}` are a new id, programme code and token
/// name. So every caller meets the same state, whatever the callers before it did.
struct Row {
    method: Method,
    path: String,
    body: Option<Value>,
    expect: [u16; 6],
}

fn get(path: &str, expect: [u16; 6]) -> Row {
    Row { method: Method::GET, path: path.to_owned(), body: None, expect }
}

/// A POST; a `null` body sends none.
fn post(path: &str, body: Value, expect: [u16; 6]) -> Row {
    Row { method: Method::POST, path: path.to_owned(), body: (!body.is_null()).then_some(body), expect }
}

// Every `expect` lists: no token, admin, manager, adviser SAU, adviser B, donor EU.

fn reads() -> Vec<Row> {
    vec![
        get("/healthz", [200, 200, 200, 200, 200, 200]),
        get("/readyz", [200, 200, 200, 200, 200, 200]),
        get("/api/v1/countries", [401, 200, 200, 200, 200, 200]),
        get("/api/v1/reports/activity?from=2019-01-01&to=2019-12-31", [401, 200, 200, 403, 403, 200]),
        get("/api/v1/programmes", [401, 200, 200, 200, 200, 200]),
        get("/api/v1/organisations", [401, 200, 200, 200, 200, 200]),
        get("/api/v1/organisations/{ORG-EU}", [401, 200, 200, 200, 200, 200]),
        get("/api/v1/organisations/{ORG-JAPAN}", [401, 200, 200, 200, 200, 404]),
        get("/api/v1/organisations/{new}", [401, 404, 404, 404, 404, 404]),
        get("/api/v1/programmes/{A}", [401, 200, 200, 200, 404, 200]),
        get("/api/v1/programmes/{B}", [401, 200, 200, 200, 200, 404]),
        get("/api/v1/programmes/{new}", [401, 404, 404, 404, 404, 404]),
        get("/api/v1/programmes/{A}/history", [401, 200, 200, 403, 403, 403]),
        get("/api/v1/programmes/{A}/results?year=2019", [401, 200, 200, 200, 404, 200]),
        get("/api/v1/programmes/{B}/results", [401, 200, 200, 200, 200, 404]),
        get("/api/v1/activities", [401, 200, 200, 200, 200, 200]),
        get("/api/v1/activities?country=AGO", [401, 200, 200, 200, 200, 200]),
        get("/api/v1/activities?donor=European%20Union", [401, 200, 200, 200, 200, 200]),
        get("/api/v1/activities?donor=Japan", [401, 200, 200, 200, 200, 403]),
        get("/api/v1/activities/{SAU}", [401, 200, 200, 200, 404, 200]),
        get("/api/v1/activities/{AGO}", [401, 200, 200, 404, 200, 404]),
        get("/api/v1/activities/{REGIONAL}", [401, 200, 200, 404, 404, 404]),
        get("/api/v1/activities/{WITHDRAWN}", [401, 200, 200, 200, 200, 404]),
        get("/api/v1/activities/{new}", [401, 404, 404, 404, 404, 404]),
        get("/api/v1/activities/{SAU}/history", [401, 200, 200, 200, 404, 403]),
        get("/api/v1/activities/{AGO}/history", [401, 200, 200, 404, 200, 403]),
        get("/api/v1/activities/{REGIONAL}/history", [401, 200, 200, 404, 404, 403]),
        // The IATI document follows the list's scope; one without any activity is 404.
        get("/api/v1/iati/activities.xml", [401, 200, 200, 200, 200, 200]),
        get("/api/v1/imports/template.csv", [401, 200, 200, 200, 200, 200]),
        get("/api/v1/imports/template.xlsx", [401, 200, 200, 200, 200, 200]),
        get("/api/v1/iati/activities.xml?donor=Japan", [401, 200, 200, 404, 200, 403]),
        get("/api/v1/iati/activities.xml?country=AGO", [401, 200, 200, 404, 200, 404]),
    ]
}

/// The web app's session: opened with a token in the body, then read and ended with its cookie
/// only (tests/api/web.rs); a bearer header is no session.
fn sessions() -> Vec<Row> {
    vec![
        post("/api/v1/session", json!({"token": "tat_0000"}), [401, 401, 401, 401, 401, 401]),
        get("/api/v1/session", [401, 401, 401, 401, 401, 401]),
        Row { method: Method::DELETE, path: "/api/v1/session".into(), body: None, expect: [401; 6] },
    ]
}

fn summaries() -> Vec<Row> {
    vec![
        get("/api/v1/countries/SAU/summary", [401, 200, 200, 403, 403, 200]),
        get("/api/v1/countries/AGO/summary", [401, 200, 200, 403, 403, 200]),
        get("/api/v1/programmes/{A}/summary", [401, 200, 200, 403, 403, 200]),
        get("/api/v1/programmes/{B}/summary", [401, 200, 200, 403, 403, 404]),
        get("/api/v1/donors", [401, 200, 200, 403, 403, 200]),
        get("/api/v1/donors/European%20Union/summary", [401, 200, 200, 403, 403, 200]),
        get("/api/v1/donors/Japan/summary", [401, 200, 200, 403, 403, 404]),
        get("/api/v1/projections/status", [401, 200, 200, 403, 403, 403]),
        get("/metrics", [401, 200, 200, 403, 403, 403]),
        get("/api/v1/tokens", [401, 200, 403, 403, 403, 403]),
        get("/api/v1/grants", [401, 200, 403, 403, 403, 403]),
        get("/api/v1/people", [401, 200, 403, 403, 403, 403]),
        get("/api/v1/audit/events", [401, 200, 200, 403, 403, 403]),
        get("/api/v1/audit/verify", [401, 200, 200, 403, 403, 403]),
    ]
}

/// Participants: advisers and managers register, read and match them, donors never; managers
/// merge, split, erase and give subject access. Attendance lists follow the activity's scope.
fn participants() -> Vec<Row> {
    let person = json!({
        "id": "{new}", "name": "Matrix Person", "sex": "female", "age_band": "25_34", "country": "SAU",
        "consent": {"purpose": "follow-up", "given_on": "2019-10-20"}
    });
    let manager_only = [401, 404, 404, 403, 403, 403];
    vec![
        post("/api/v1/participants", person, [401, 201, 201, 201, 201, 403]),
        get("/api/v1/participants/{new}", [401, 404, 404, 404, 404, 403]),
        post(
            "/api/v1/participants/matches",
            json!({"name": "M", "country": "SAU"}),
            [401, 200, 200, 200, 200, 403],
        ),
        post("/api/v1/participants/{new}/merge", json!({"into": "{new}", "reason": "r"}), manager_only),
        post("/api/v1/participants/{new}/split", json!({"reason": "r"}), manager_only),
        post("/api/v1/participants/{new}/erasure", json!({"ground": "unlawful"}), manager_only),
        get("/api/v1/participants/{new}/subject-access", manager_only),
        post(
            "/api/v1/activities/{sau-delivered}/attendance",
            json!({"attendees": []}),
            [401, 200, 200, 200, 404, 403],
        ),
        get("/api/v1/activities/{SAU}/attendance", [401, 200, 200, 200, 404, 403]),
        // A JSON body is no sheet.
        post("/api/v1/activities/{SAU}/attendance/preview", json!({}), [401, 415, 415, 415, 415, 403]),
    ]
}

/// A plan under `programme` in `countries`, under a new id.
fn plan(programme: &str, countries: &[&str]) -> Value {
    json!({
        "id": "{new}", "programme_id": programme, "kind": "workshop", "title": "Matrix workshop",
        "countries": countries, "location": "Riyadh", "planned_start": "2019-10-20", "planned_end": "2019-10-24"
    })
}

fn writes() -> Vec<Row> {
    let programme = json!({
        "id": "{new}", "code": "{code}", "name": "Matrix programme", "thematic_area": "firearms",
        "start": "2011-01-01", "end": null
    });
    let contribution =
        json!({"donor": "Germany", "amount": "1000.00", "currency": "EUR", "received_on": "2019-03-01"});
    let organisation = json!({"id": "{new}", "name": "Matrix {name}", "organisation_type": "foundation"});
    vec![
        post("/api/v1/programmes", programme, [401, 201, 403, 403, 403, 403]),
        post("/api/v1/programmes/{A}/contributions", contribution, [401, 200, 403, 403, 403, 403]),
        // Results: managers too; an indicator under no outcome, or an unknown one, gets as far
        // as the domain's answer (422, 404) for who may write.
        post(
            "/api/v1/programmes/{A}/outcomes",
            json!({"id": "{new}", "name": "O"}),
            [401, 200, 200, 403, 403, 403],
        ),
        post(
            "/api/v1/programmes/{A}/indicators",
            json!({"id": "{new}", "outcome_id": "{new}", "name": "I", "unit": "number"}),
            [401, 422, 422, 403, 403, 403],
        ),
        post(
            "/api/v1/programmes/{A}/indicators/{new}/revisions",
            json!({"name": "J", "reason": "r"}),
            [401, 404, 404, 403, 403, 403],
        ),
        post(
            "/api/v1/programmes/{A}/indicators/{new}/actuals",
            json!({"year": 2019, "value": "1", "reason": "r"}),
            [401, 404, 404, 403, 403, 403],
        ),
        post("/api/v1/activities", plan("{A}", &["SAU"]), [401, 201, 403, 201, 403, 403]),
        post("/api/v1/activities", plan("{B}", &["SAU"]), [401, 201, 403, 201, 201, 403]),
        post("/api/v1/activities", plan("{B}", &["AGO"]), [401, 201, 403, 403, 201, 403]),
        post("/api/v1/activities", plan("{A}", &["AGO"]), [401, 201, 403, 403, 403, 403]),
        post("/api/v1/activities", plan("{A}", &["SAU", "AGO"]), [401, 201, 403, 403, 403, 403]),
        post("/api/v1/tokens", json!({"name": "{name}", "role": "manager"}), [401, 201, 403, 403, 403, 403]),
        post("/api/v1/organisations", organisation, [401, 201, 403, 403, 403, 403]),
        post(
            "/api/v1/organisations/{org}/corrections",
            json!({"reason": "r", "changes": {"country": "BEL"}}),
            [401, 200, 403, 403, 403, 403],
        ),
        // No upload: who may import gets as far as the missing multipart form.
        post("/api/v1/imports", Value::Null, [401, 400, 403, 400, 400, 403]),
        post("/api/v1/tokens/{token}/revocation", Value::Null, [401, 204, 403, 403, 403, 403]),
        post(
            "/api/v1/grants",
            json!({"id": "{new}", "grantee": {"kind": "claim", "claim": "groups", "value": "{name}"},
                   "role": "manager", "reason": "r"}),
            [401, 201, 403, 403, 403, 403],
        ),
        post("/api/v1/grants/{new}/revocation", json!({"reason": "r"}), [401, 404, 403, 403, 403, 403]),
        // Only a person signed in through the identity provider chooses a language here; a
        // token's is chosen when it is issued.
        Row {
            method: Method::PUT,
            path: "/api/v1/me/language".into(),
            body: Some(json!({"language": "fr"})),
            expect: [401, 400, 400, 400, 400, 400],
        },
    ]
}

/// Every command on an activity in an adviser's scope and out of it, then corrections that
/// would carry an activity out of the scope.
fn commands() -> Vec<Row> {
    let commands = [
        ("reschedule", json!({"planned_start": "2019-11-04", "planned_end": "2019-11-08"}), ""),
        ("delivery", delivery_body(), ""),
        ("participants", participants_body(12, 18), "-delivered"),
        ("funding", json!({"donor": "Norway", "amount": "5000", "currency": "NOK"}), ""),
        ("funding/withdrawal", json!({"donor": EU, "reason": "moved elsewhere"}), ""),
        ("outputs", json!({"kind": "manual_published", "description": "A manual"}), ""),
        ("corrections", json!({"reason": "typo", "changes": {"title": "Matrix training"}}), ""),
        ("cancellation", json!({"reason": "venue unavailable"}), ""),
        ("report", json!({}), "-delivered"),
    ];
    let mut rows = Vec::new();
    for (command, body, stage) in commands {
        let (sau, ago) = (format!("{{sau{stage}}}"), format!("{{ago{stage}}}"));
        let path = |activity: &str| format!("/api/v1/activities/{activity}/{command}");
        rows.push(post(&path(&sau), body.clone(), [401, 200, 403, 200, 404, 403]));
        rows.push(post(&path(&ago), body.clone(), [401, 200, 403, 404, 200, 403]));
        rows.push(post(&path("{new}"), body, [401, 404, 403, 404, 404, 403]));
    }
    // Amendments and voiding: advisers within their scope, and managers too. Naming a line or
    // an output by its place needs If-Match, which the matrix sends to no route: who may send
    // one gets as far as that (400), once the activity is found in its scope.
    let (taken, without_if_match) = (200, 400);
    let amendments = [
        (
            "delivery/amendment",
            json!({"reason": "r", "start": "2019-10-21", "end": "2019-10-24", "mode": "online"}),
            "-reported",
            taken,
        ),
        (
            "participants/amendment",
            json!({"reason": "r", "participants": participants_body(13, 18)}),
            "-reported",
            taken,
        ),
        (
            "funding/amendment",
            json!({"reason": "r", "line": 0, "donor": EU, "amount": "150.00", "currency": "EUR"}),
            "-reported",
            without_if_match,
        ),
        (
            "outputs/amendment",
            json!({"reason": "r", "output": 0, "kind": "law_drafted", "description": "A law"}),
            "-reported",
            without_if_match,
        ),
        ("outputs/removal", json!({"reason": "r", "output": 0}), "-reported", without_if_match),
        ("voiding", json!({"reason": "a duplicate"}), "", taken),
    ];
    for (command, body, stage, ok) in amendments {
        let (sau, ago) = (format!("{{sau{stage}}}"), format!("{{ago{stage}}}"));
        let path = |activity: &str| format!("/api/v1/activities/{activity}/{command}");
        rows.push(post(&path(&sau), body.clone(), [401, ok, ok, ok, 404, 403]));
        rows.push(post(&path(&ago), body.clone(), [401, ok, ok, 404, ok, 403]));
        rows.push(post(&path("{new}"), body, [401, 404, 404, 404, 404, 403]));
    }
    let correct = |changes: Value| json!({"reason": "recorded wrongly", "changes": changes});
    rows.extend([
        post(
            "/api/v1/activities/{sau}/corrections",
            correct(json!({"countries": ["AGO"]})),
            [401, 200, 403, 403, 404, 403],
        ),
        post(
            "/api/v1/activities/{sau}/corrections",
            correct(json!({"countries": ["SAU", "AGO"]})),
            [401, 200, 403, 403, 404, 403],
        ),
        post(
            "/api/v1/activities/{sau}/corrections",
            correct(json!({"programme_id": "{B}"})),
            [401, 200, 403, 200, 404, 403],
        ),
        post(
            "/api/v1/activities/{ago}/corrections",
            correct(json!({"programme_id": "{A}"})),
            [401, 200, 403, 404, 403, 403],
        ),
        post(
            "/api/v1/activities/{ago}/corrections",
            correct(json!({"countries": ["SAU"]})),
            [401, 200, 403, 404, 200, 403],
        ),
    ]);
    rows
}

/// How far a fresh activity of [`Row`] goes: `{sau}`, `{sau-delivered}` (and tallied, so a
/// report is taken), `{sau-reported}` (with one output too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Planned,
    Delivered,
    Reported,
}

/// `text` with the placeholders of [`Row`] filled in; records what the fresh ones need.
async fn resolve(app: &TestApp, world: &World, text: &str) -> String {
    let mut text = text
        .replace("{A}", &world.programme_a.to_string())
        .replace("{B}", &world.programme_b.to_string())
        .replace("{SAU}", &world.sau.to_string())
        .replace("{AGO}", &world.ago.to_string())
        .replace("{REGIONAL}", &world.regional.to_string())
        .replace("{WITHDRAWN}", &world.withdrawn.to_string())
        .replace("{ORG-EU}", &world.organisation_eu.to_string())
        .replace("{ORG-JAPAN}", &world.organisation_japan.to_string());
    if text.contains("{org}") {
        let id = Uuid::new_v4();
        let body = json!({"id": id, "name": format!("Org {}", id.simple()), "organisation_type": "other"});
        app.command("/api/v1/organisations", &body).await;
        text = text.replace("{org}", &id.to_string());
    }
    let fresh = [
        ("{sau}", world.programme_a, "SAU", Stage::Planned),
        ("{sau-delivered}", world.programme_a, "SAU", Stage::Delivered),
        ("{sau-reported}", world.programme_a, "SAU", Stage::Reported),
        ("{ago}", world.programme_b, "AGO", Stage::Planned),
        ("{ago-delivered}", world.programme_b, "AGO", Stage::Delivered),
        ("{ago-reported}", world.programme_b, "AGO", Stage::Reported),
    ];
    for (placeholder, programme, country, stage) in fresh {
        if text.contains(placeholder) {
            let id = activity_in(app, programme, &[country]).await;
            fund(app, id, EU, "100.00", "EUR").await;
            let base = format!("/api/v1/activities/{id}");
            if stage != Stage::Planned {
                app.command(&format!("{base}/delivery"), &delivery_body()).await;
                app.command(&format!("{base}/participants"), &participants_body(12, 18)).await;
            }
            if stage == Stage::Reported {
                app.command(&format!("{base}/outputs"), &json!({"kind": "other", "description": "x"})).await;
                app.command(&format!("{base}/report"), &json!({})).await;
            }
            text = text.replace(placeholder, &id.to_string());
        }
    }
    if text.contains("{token}") {
        let name = format!("leaver-{}", Uuid::new_v4().simple());
        app.issue_token(&json!({"name": name, "role": "manager"})).await;
        text = text.replace("{token}", &name);
    }
    text.replace("{new}", &Uuid::new_v4().to_string())
        .replace("{code}", &unique_code())
        .replace("{name}", &format!("new-{}", Uuid::new_v4().simple()))
}

fn problem_kind(status: u16) -> Option<&'static str> {
    match status {
        401 => Some("/problems/unauthorized"),
        403 => Some("/problems/forbidden"),
        404 => Some("/problems/not-found"),
        _ => None,
    }
}

pub(super) async fn every_endpoint_answers_each_role_as_the_rules_say(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let world = arrange(&app).await;
    let rows: Vec<Row> = [reads(), summaries(), writes(), commands(), sessions(), participants()]
        .into_iter()
        .flatten()
        .collect();
    assert_every_route_is_in(&app, &rows).await;

    // Act and assert: every mismatch is collected, so one run shows them all.
    let mut failures = Vec::new();
    for row in &rows {
        for ((caller, token), expected) in CALLERS.iter().zip(world.callers()).zip(row.expect) {
            let path = resolve(&app, &world, &row.path).await;
            let body = match &row.body {
                Some(body) => Some(
                    serde_json::from_str::<Value>(&resolve(&app, &world, &body.to_string()).await)
                        .expect("a JSON body"),
                ),
                None => None,
            };
            let case = format!("{} {} as {caller} ({path})", row.method, row.path);
            let response = app.request_as(token, row.method.clone(), &path, body.as_ref()).await;
            let actual = response.status().as_u16();
            if actual != expected {
                let answer = response.text().await.unwrap_or_default();
                failures.push(format!("{case}: expected {expected}, got {actual}: {answer}"));
            } else if let Some(kind) = problem_kind(expected) {
                eprintln!("problem body of {case}");
                let status = StatusCode::from_u16(expected).expect("a status");
                assert_problem(response, status, kind).await;
            }
        }
    }
    assert!(failures.is_empty(), "{} answers break the rules:\n{}", failures.len(), failures.join("\n"));
}

/// Every operation of the served OpenAPI document has a row: a new route needs one.
async fn assert_every_route_is_in(app: &TestApp, rows: &[Row]) {
    let spec = app.get_json("/api-docs/openapi.json").await;
    let paths = spec["paths"].as_object().expect("the document lists paths");
    let fits = |template: &str, path: &str| {
        let path = path.split('?').next().unwrap_or_default();
        let (template, path): (Vec<_>, Vec<_>) = (template.split('/').collect(), path.split('/').collect());
        template.len() == path.len() && template.iter().zip(&path).all(|(t, p)| t.starts_with('{') || t == p)
    };
    let mut missing = Vec::new();
    for (template, operations) in paths {
        let operations = operations.as_object().expect("operations by method");
        for method in
            operations.keys().filter(|m| ["get", "post", "put", "patch", "delete"].contains(&m.as_str()))
        {
            let covered = rows
                .iter()
                .any(|row| row.method.as_str().eq_ignore_ascii_case(method) && fits(template, &row.path));
            if !covered {
                missing.push(format!("{method} {template}"));
            }
        }
    }
    assert!(missing.is_empty(), "routes missing from the access matrix: {missing:?}");
}
