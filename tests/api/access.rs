//! Access control: who may do what, with which token.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::Row as _;
use tatrack_store::{log, Db};
use uuid::Uuid;

use tatrack_testkit::{
    assert_problem, delivery_body, participants_body, plan_body, programme_body, unique_code, Backend, Store,
    TestApp,
};

tatrack_testkit::on_both_backends!(
    bad_tokens_get_401_with_a_bearer_challenge,
    every_endpoint_answers_each_role_as_the_rules_say,
    scoped_roles_see_exactly_their_slice,
    tokens_are_stored_and_listed_only_as_digests,
    the_actor_is_the_tokens_name,
    token_management_is_audited,
    a_flood_of_requests_gets_429,
    a_refusal_names_the_role_it_saw_and_the_roles_it_needs,
);

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

// ---------------------------------------------------------------------------------------------
// The world the scenarios below share, and the tokens that look at it.
// ---------------------------------------------------------------------------------------------

/// The callers of the matrix, in the order of its columns.
const CALLERS: [&str; 6] = ["no token", "admin", "manager", "adviser SAU", "adviser B", "donor EU"];

const EU: &str = "European Union";

/// Two programmes, four activities and one token per role, all recorded by the admin.
struct World {
    programme_a: Uuid,
    programme_b: Uuid,
    /// In SAU under programme A, delivered with 30 participants; the European Union gave
    /// 12000.00 EUR and Norway 5000 NOK.
    sau: Uuid,
    /// In AGO under programme B, delivered with 12 participants; Japan gave 1000000 JPY.
    ago: Uuid,
    /// In SAU and AGO under programme A, unfunded: outside a SAU-only scope.
    regional: Uuid,
    /// In SAU under programme B; the European Union's funding was withdrawn.
    withdrawn: Uuid,
    admin: String,
    manager: String,
    adviser_sau: String,
    adviser_b: String,
    donor_eu: String,
    /// The European Union (alias "EU") and Japan, registered as organisations.
    organisation_eu: Uuid,
    organisation_japan: Uuid,
}

impl World {
    /// The token of each column of the matrix, in the order of [`CALLERS`].
    fn callers(&self) -> [Option<&str>; 6] {
        [
            None,
            Some(&self.admin),
            Some(&self.manager),
            Some(&self.adviser_sau),
            Some(&self.adviser_b),
            Some(&self.donor_eu),
        ]
    }
}

/// Records the world with the admin token and waits until the read models show it.
async fn arrange(app: &TestApp) -> World {
    let (programme_a, programme_b) = (Uuid::new_v4(), Uuid::new_v4());
    let code_b = unique_code();
    app.command("/api/v1/programmes", &programme_body(programme_a, &unique_code())).await;
    app.command("/api/v1/programmes", &programme_body(programme_b, &code_b)).await;
    let sau = activity_in(app, programme_a, &["SAU"]).await;
    fund(app, sau, EU, "12000.00", "EUR").await;
    fund(app, sau, "Norway", "5000", "NOK").await;
    deliver(app, sau, 10, 20).await;
    let ago = activity_in(app, programme_b, &["AGO"]).await;
    fund(app, ago, "Japan", "1000000", "JPY").await;
    deliver(app, ago, 5, 7).await;
    let regional = activity_in(app, programme_a, &["SAU", "AGO"]).await;
    let withdrawn = activity_in(app, programme_b, &["SAU"]).await;
    fund(app, withdrawn, EU, "999.00", "EUR").await;
    app.command(
        &format!("/api/v1/activities/{withdrawn}/funding/withdrawal"),
        &json!({"donor": EU, "reason": "moved to another activity"}),
    )
    .await;
    let contributions = format!("/api/v1/programmes/{programme_a}/contributions");
    for donor in [EU, "Germany"] {
        let contribution =
            json!({"donor": donor, "amount": "250000.00", "currency": "EUR", "received_on": "2019-03-01"});
        app.command(&contributions, &contribution).await;
    }
    let (organisation_eu, organisation_japan) = (Uuid::new_v4(), Uuid::new_v4());
    for (id, name, aliases) in
        [(organisation_eu, EU, json!(["EU"])), (organisation_japan, "Japan", json!([]))]
    {
        let body = json!({"id": id, "name": name, "organisation_type": "government", "aliases": aliases});
        app.command("/api/v1/organisations", &body).await;
    }
    let world = World {
        organisation_eu,
        organisation_japan,
        programme_a,
        programme_b,
        sau,
        ago,
        regional,
        withdrawn,
        admin: app.token.clone(),
        manager: app.issue_token(&json!({"name": "manager", "role": "manager"})).await,
        adviser_sau: app
            .issue_token(&json!({"name": "adviser.sau", "role": "adviser", "scope": {"countries": ["SAU"]}}))
            .await,
        adviser_b: app
            .issue_token(&json!({"name": "adviser.b", "role": "adviser", "scope": {"programmes": [code_b]}}))
            .await,
        donor_eu: app
            .issue_token(&json!({"name": "donor.eu", "role": "donor", "scope": {"donor": EU}}))
            .await,
    };
    let head = app.get_json("/api/v1/projections/status").await["head"].as_i64().expect("a head");
    app.get_json(&format!("/api/v1/countries?min_position={head}")).await;
    world
}

/// Plans a workshop in `countries` under `programme`; returns its id.
async fn activity_in(app: &TestApp, programme: Uuid, countries: &[&str]) -> Uuid {
    let id = Uuid::new_v4();
    let mut plan = plan_body(id, programme);
    plan["countries"] = json!(countries);
    app.command("/api/v1/activities", &plan).await;
    id
}

async fn fund(app: &TestApp, activity: Uuid, donor: &str, amount: &str, currency: &str) {
    let funding = json!({"donor": donor, "amount": amount, "currency": currency});
    app.command(&format!("/api/v1/activities/{activity}/funding"), &funding).await;
}

async fn deliver(app: &TestApp, activity: Uuid, female: i64, male: i64) {
    app.command(&format!("/api/v1/activities/{activity}/delivery"), &delivery_body()).await;
    let participants = json!({"female": female, "male": male, "other_or_undisclosed": 0});
    app.command(&format!("/api/v1/activities/{activity}/participants"), &participants).await;
}

// ---------------------------------------------------------------------------------------------
// The matrix: every route, every role.
// ---------------------------------------------------------------------------------------------

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
        get("/api/v1/audit/events", [401, 200, 200, 403, 403, 403]),
        get("/api/v1/audit/verify", [401, 200, 200, 403, 403, 403]),
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

async fn every_endpoint_answers_each_role_as_the_rules_say(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let world = arrange(&app).await;
    let rows: Vec<Row> =
        [reads(), summaries(), writes(), commands(), sessions()].into_iter().flatten().collect();
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

// ---------------------------------------------------------------------------------------------
// What scoped callers see.
// ---------------------------------------------------------------------------------------------

/// `path` read with `token`, which must be allowed.
async fn read_as(app: &TestApp, token: &str, path: &str) -> Value {
    let response = app.request_as(Some(token), Method::GET, path, None).await;
    let status = response.status();
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
    body
}

/// The ids a list of activities shows `token`, sorted.
async fn listed(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let page = read_as(app, token, &format!("/api/v1/activities{query}")).await;
    let items = page["items"].as_array().expect("a page of items");
    let mut ids: Vec<String> = items.iter().map(|i| i["id"].as_str().expect("an id").to_owned()).collect();
    ids.sort();
    ids
}

fn sorted(ids: &[Uuid]) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    ids.sort();
    ids
}

/// A summary's line of `donor`'s money, with the id of the organisation it is registered as.
fn amount(w: &World, donor: &str, currency: &str, amount: &str) -> Value {
    let mut line = json!({"donor": donor, "currency": currency, "amount": amount});
    let organisation = match donor {
        EU => Some(w.organisation_eu),
        "Japan" => Some(w.organisation_japan),
        _ => None,
    };
    if let Some(id) = organisation {
        line["organisation_id"] = json!(id.to_string());
    }
    line
}

async fn scoped_roles_see_exactly_their_slice(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let w = arrange(&app).await;

    assert_eq!(listed(&app, &w.manager, "").await, sorted(&[w.sau, w.ago, w.regional, w.withdrawn]));
    assert_eq!(
        listed(&app, &w.adviser_sau, "").await,
        sorted(&[w.sau, w.withdrawn]),
        "every country of an activity must be in the scope: not the regional one"
    );
    assert_eq!(listed(&app, &w.adviser_sau, "?country=AGO").await, sorted(&[]));
    assert_eq!(listed(&app, &w.adviser_b, "").await, sorted(&[w.ago, w.withdrawn]));
    assert_eq!(listed(&app, &w.adviser_b, "?country=SAU").await, sorted(&[w.withdrawn]));
    assert_eq!(listed(&app, &w.donor_eu, "").await, sorted(&[w.sau]), "only standing funding counts");
    assert_eq!(listed(&app, &w.donor_eu, "?donor=European%20Union").await, sorted(&[w.sau]));
    assert_eq!(listed(&app, &w.donor_eu, "?country=AGO").await, sorted(&[]));
    let other = app.request_as(Some(&w.donor_eu), Method::GET, "/api/v1/activities?donor=Japan", None).await;
    assert_problem(other, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    // The country and programme lists are scoped too: see `scope.rs`.

    assert_donor_sees_only_its_own(&app, &w).await;
}

/// The donor's summaries: only the activities it funds, only its own money.
async fn assert_donor_sees_only_its_own(app: &TestApp, w: &World) {
    let donors = read_as(app, &w.donor_eu, "/api/v1/donors").await;
    assert_eq!(donors, json!([{"donor": EU, "organisation_id": w.organisation_eu.to_string()}]));
    let all = read_as(app, &w.manager, "/api/v1/donors").await;
    let (eu, japan) = (w.organisation_eu.to_string(), w.organisation_japan.to_string());
    let expected = json!([{"donor": EU, "organisation_id": eu}, {"donor": "Germany"},
                          {"donor": "Japan", "organisation_id": japan}, {"donor": "Norway"}]);
    assert_eq!(all, expected);

    let sau = read_as(app, &w.donor_eu, "/api/v1/countries/SAU/summary").await;
    assert_eq!(sau["activities"]["total"], 1, "{sau}");
    assert_eq!(sau["participants"]["total"], 30, "{sau}");
    assert_eq!(sau["funding"], json!([amount(w, EU, "EUR", "12000.00")]), "{sau}");
    let managed = read_as(app, &w.manager, "/api/v1/countries/SAU/summary").await;
    assert_eq!(managed["activities"]["total"], 3, "{managed}");
    assert_eq!(
        managed["funding"],
        json!([amount(w, EU, "EUR", "12000.00"), amount(w, "Norway", "NOK", "5000.00")]),
        "{managed}"
    );
    let ago = read_as(app, &w.donor_eu, "/api/v1/countries/AGO/summary").await;
    assert_eq!(ago["activities"]["total"], 0, "{ago}");
    assert_eq!(ago["participants"]["total"], 0, "{ago}");
    assert_eq!(ago["funding"], json!([]), "{ago}");

    let own = read_as(app, &w.donor_eu, "/api/v1/donors/European%20Union/summary").await;
    assert_eq!(own["donor"], EU);
    assert_eq!(own["activities"]["total"], 1, "{own}");
    assert_eq!(own["funding"], json!([amount(w, EU, "EUR", "12000.00")]), "{own}");
    assert_eq!(own["contributions"], json!([amount(w, EU, "EUR", "250000.00")]), "{own}");
    assert_eq!(own["countries"], json!(["SAU"]), "{own}");

    let a = read_as(app, &w.donor_eu, &format!("/api/v1/programmes/{}/summary", w.programme_a)).await;
    assert_eq!(a["activities"]["total"], 1, "{a}");
    assert_eq!(a["funding"], json!([amount(w, EU, "EUR", "12000.00")]), "{a}");
    assert_eq!(a["contributions"], json!([amount(w, EU, "EUR", "250000.00")]), "{a}");
    let managed = read_as(app, &w.manager, &format!("/api/v1/programmes/{}/summary", w.programme_a)).await;
    assert_eq!(managed["activities"]["total"], 2, "{managed}");
    assert_eq!(
        managed["contributions"],
        json!([amount(w, EU, "EUR", "250000.00"), amount(w, "Germany", "EUR", "250000.00")]),
        "{managed}"
    );
    // Programme B has neither its contribution nor an activity it funds: as good as unknown.
    let path = format!("/api/v1/programmes/{}/summary", w.programme_b);
    let b = app.request_as(Some(&w.donor_eu), Method::GET, &path, None).await;
    assert_problem(b, StatusCode::NOT_FOUND, "/problems/not-found").await;
}

// ---------------------------------------------------------------------------------------------
// Tokens: digests only, the actor, the audit trail, the rate limit.
// ---------------------------------------------------------------------------------------------

/// Every column of every row `sql` selects, as text (NULL as empty).
async fn every_cell(db: &Db, sql: &str) -> Vec<Vec<String>> {
    tatrack_store::on_db!(db, |pool, _columns| {
        let rows = sqlx::query(sql).fetch_all(pool).await.expect("the table reads");
        rows.iter()
            .map(|row| {
                (0..row.len())
                    .map(|i| row.try_get::<Option<String>, _>(i).expect("a text column").unwrap_or_default())
                    .collect()
            })
            .collect()
    })
}

async fn tokens_are_stored_and_listed_only_as_digests(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let mut secrets = vec![app.token.clone()];
    for body in [
        json!({"name": "manager", "role": "manager"}),
        json!({"name": "adviser", "role": "adviser", "scope": {"countries": ["SAU"]}}),
        json!({"name": "donor", "role": "donor", "scope": {"donor": EU}, "expires_at": "2999-01-01T00:00:00Z"}),
    ] {
        secrets.push(app.issue_token(&body).await);
    }
    let revoked = app.post("/api/v1/tokens/donor/revocation", &Value::Null).await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);

    // Act
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let tokens = every_cell(&db, "SELECT * FROM tokens").await;
    let events = every_cell(&db, "SELECT CAST(payload AS TEXT), CAST(metadata AS TEXT) FROM events").await;
    let listing = app.get("/api/v1/tokens").await;
    assert_eq!(listing.status(), StatusCode::OK);
    let listing = listing.text().await.expect("a body");

    // Assert
    assert_eq!(tokens.len(), 4, "{tokens:?}");
    for secret in &secrets {
        let digits = secret.strip_prefix("tat_").expect("a secret starts with tat_");
        assert!(digits.len() == 64 && digits.chars().all(|c| c.is_ascii_hexdigit()), "{secret}");
        let digest = tatrack_app::auth::digest(secret);
        assert!(tokens.iter().any(|row| row.contains(&digest)), "the digest of a secret is stored");
        for cell in tokens.iter().chain(&events).flatten() {
            assert!(!cell.contains(digits), "a secret is stored: {cell}");
        }
        assert!(!listing.contains(digits), "the list shows a secret: {listing}");
        assert!(!listing.contains(&digest), "the list shows a digest: {listing}");
    }
    let listed: Vec<Value> = serde_json::from_str(&listing).expect("a JSON list");
    assert_eq!(listed.len(), 4);
    for token in &listed {
        let mut fields: Vec<&str> =
            token.as_object().expect("an object").keys().map(String::as_str).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["created_at", "expires_at", "name", "revoked_at", "role", "scope"], "{token}");
    }
    let donor = listed.iter().find(|t| t["name"] == "donor").expect("the donor token is listed");
    assert!(donor["revoked_at"].is_string(), "{donor}");
    assert_eq!(donor["scope"]["donor"], EU, "{donor}");
}

async fn the_actor_is_the_tokens_name(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let adviser = app
        .issue_token(&json!({"name": "field.adviser", "role": "adviser", "scope": {"countries": ["SAU"]}}))
        .await;
    let id = Uuid::new_v4();
    let client = reqwest::Client::new();
    let send = |path: String, body: Value| {
        client.post(app.url(&path)).bearer_auth(&adviser).header("X-Actor", "someone-else").json(&body).send()
    };

    // Act
    let planned = send("/api/v1/activities".into(), plan_body(id, programme)).await.expect("an answer");
    let funded = send(
        format!("/api/v1/activities/{id}/funding"),
        json!({"donor": EU, "amount": "100.00", "currency": "EUR"}),
    )
    .await
    .expect("an answer");
    let corrected = send(
        format!("/api/v1/activities/{id}/corrections"),
        json!({"reason": "retitled", "changes": {"title": "Renamed"}}),
    )
    .await
    .expect("an answer");

    // Assert
    assert_eq!(planned.status(), StatusCode::CREATED);
    assert_eq!(funded.status(), StatusCode::OK);
    assert_eq!(corrected.status(), StatusCode::OK);
    let history = read_as(&app, &adviser, &format!("/api/v1/activities/{id}/history")).await;
    let history = history.as_array().expect("an array");
    assert_eq!(history.len(), 3);
    for event in history {
        assert_eq!(event["metadata"]["actor"], "field.adviser", "{event}");
        assert_eq!(event["metadata"]["role"], "adviser", "{event}");
        assert!(!event.to_string().contains("someone-else"), "{event}");
    }
    assert_eq!(history[2]["metadata"]["reason"], "retitled");
}

/// The name of the admin token [`TestApp`] sends.
async fn admin_name(app: &TestApp) -> String {
    let tokens = app.get_json("/api/v1/tokens").await;
    let admins: Vec<&Value> =
        tokens.as_array().expect("a list").iter().filter(|t| t["role"] == "admin").collect();
    assert_eq!(admins.len(), 1, "{tokens}");
    admins[0]["name"].as_str().expect("a name").to_owned()
}

async fn head(app: &TestApp) -> i64 {
    app.get_json("/api/v1/projections/status").await["head"].as_i64().expect("a head")
}

async fn token_management_is_audited(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let admin = admin_name(&app).await;
    let before = head(&app).await;

    // Act
    let secret =
        app.issue_token(&json!({"name": "auditor.x", "role": "donor", "scope": {"donor": "Japan"}})).await;
    let after_creation = head(&app).await;
    let revoked = app.post("/api/v1/tokens/auditor.x/revocation", &Value::Null).await;
    let after_revocation = head(&app).await;

    // Assert
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert!(after_creation > before, "creating a token appends an event");
    assert!(after_revocation > after_creation, "revoking a token appends an event");
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let events = log::stream(&db, "Token", "auditor.x").await.expect("the token's stream");
    let types: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(types, ["TokenCreated", "TokenRevoked"]);
    for event in &events {
        assert_eq!(event.metadata["actor"], admin.as_str(), "{:?}", event.metadata);
        assert_eq!(event.metadata["role"], "admin", "{:?}", event.metadata);
        let text = format!("{} {}", event.payload, event.metadata);
        assert!(!text.contains(&secret[4..]), "an event holds the secret: {text}");
        assert!(!text.contains(&tatrack_app::auth::digest(&secret)), "an event holds the digest: {text}");
    }
    assert_eq!(events[0].payload["TokenCreated"]["role"], "donor", "{}", events[0].payload);
    assert_eq!(events[0].payload["TokenCreated"]["scope"]["donor"], "Japan", "{}", events[0].payload);
    let refused = app.request_as(Some(&secret), Method::GET, "/api/v1/countries", None).await;
    assert_problem(refused, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
    let again = app.post("/api/v1/tokens/auditor.x/revocation", &Value::Null).await;
    assert_problem(again, StatusCode::CONFLICT, "/problems/already-revoked").await;
    let unknown = app.post("/api/v1/tokens/nobody/revocation", &Value::Null).await;
    assert_problem(unknown, StatusCode::NOT_FOUND, "/problems/not-found").await;
    let own = app.post(&format!("/api/v1/tokens/{admin}/revocation"), &Value::Null).await;
    assert_problem(own, StatusCode::CONFLICT, "/problems/own-token").await;
    assert_eq!(
        log::stream(&db, "Token", "auditor.x").await.expect("the stream").len(),
        2,
        "refusals write nothing"
    );
    db.close().await;
}

async fn a_flood_of_requests_gets_429(backend: Backend) {
    // Arrange: 2 requests a second, 4 in a burst.
    let app = TestApp::start_with_settings(Store::fresh(backend).await, |s| s.rate_limit = 2).await;
    let flooder = app.issue_token(&json!({"name": "flooder", "role": "manager"})).await;
    let bystander = app.issue_token(&json!({"name": "bystander", "role": "manager"})).await;

    // Act
    let burst = (0..20).map(|_| app.request_as(Some(&flooder), Method::GET, "/api/v1/countries", None));
    let answers = futures::future::join_all(burst).await;

    // Assert
    let (limited, served): (Vec<_>, Vec<_>) =
        answers.into_iter().partition(|r| r.status() == StatusCode::TOO_MANY_REQUESTS);
    assert!(!limited.is_empty(), "a burst of 20 exceeds a budget of 4");
    assert!(served.iter().all(|r| r.status() == StatusCode::OK), "the rest are served");
    for response in limited {
        let retry_after =
            response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::parse::<u64>);
        assert!(matches!(retry_after, Some(Ok(seconds)) if seconds >= 1), "Retry-After: {retry_after:?}");
        assert_problem(response, StatusCode::TOO_MANY_REQUESTS, "/problems/too-many-requests").await;
    }
    let other = app.request_as(Some(&bystander), Method::GET, "/api/v1/countries", None).await;
    assert_eq!(other.status(), StatusCode::OK, "another token keeps its own budget");
    assert_eq!(app.get("/api/v1/countries").await.status(), StatusCode::OK, "so does the admin's");
}

/// A 403 reads as English and tells the caller what would do: "an adviser token", not "a
/// adviser token".
async fn a_refusal_names_the_role_it_saw_and_the_roles_it_needs(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let adviser =
        app.issue_token(&json!({"name": "amina", "role": "adviser", "scope": {"countries": ["BOL"]}})).await;
    let admin_only = app.request_as(Some(&adviser), Method::GET, "/api/v1/tokens", None).await;
    let problem = assert_problem(admin_only, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    assert_eq!(problem["detail"], "an adviser token cannot do this; it needs an admin token", "{problem}");
    let report = "/api/v1/reports/activity?from=2019-01-01&to=2019-12-31";
    let problem = assert_problem(
        app.request_as(Some(&adviser), Method::GET, report, None).await,
        StatusCode::FORBIDDEN,
        "/problems/forbidden",
    )
    .await;
    assert_eq!(
        problem["detail"], "an adviser token cannot do this; it needs a manager, donor or admin token",
        "{problem}"
    );
}
