//! The bounds on figures, dates and text: each breach is a 422 naming the field (a 400 naming
//! the parameter for query filters), and writes nothing.

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{
    assert_problem, delivery_body, plan_body, programme_body, unique_code, Backend, TestApp,
};

tatrack_testkit::on_both_backends!(
    amounts_past_the_bound_are_refused,
    amounts_are_plain_decimal_strings_within_the_minor_unit,
    head_counts_past_the_bound_are_refused,
    dates_outside_1900_to_2200_are_refused,
    control_characters_in_text_are_refused,
);

const VALIDATION: &str = "/problems/validation";

/// Posts `body`; asserts a 422 naming `field` (or none) and returns the problem.
async fn assert_invalid(app: &TestApp, case: &str, path: &str, body: &Value, field: Option<&str>) {
    let problem =
        assert_problem(app.post(path, body).await, StatusCode::UNPROCESSABLE_ENTITY, VALIDATION).await;
    assert_eq!(problem["field"], field.map_or(Value::Null, Value::from), "{case}: {problem}");
}

/// A planned activity and its programme, both new.
async fn planned(app: &TestApp) -> (Uuid, Uuid) {
    let programme = app.programme().await;
    let id = Uuid::new_v4();
    app.command("/api/v1/activities", &plan_body(id, programme)).await;
    (id, programme)
}

fn funding(amount: &Value, currency: &str) -> Value {
    json!({"donor": "European Union", "amount": amount, "currency": currency})
}

fn contribution(amount: &Value, currency: &str) -> Value {
    json!({"donor": "European Union", "amount": amount, "currency": currency, "received_on": "2019-03-15"})
}

/// Sends each amount as a funding line and as a contribution; each must be refused naming
/// `amount`, and neither record may change.
async fn assert_amounts_refused(app: &TestApp, cases: &[(&str, Value, &str)]) {
    let (id, programme) = planned(app).await;
    for (case, amount, currency) in cases {
        let funding_path = format!("/api/v1/activities/{id}/funding");
        assert_invalid(app, case, &funding_path, &funding(amount, currency), Some("amount")).await;
        let contribution_path = format!("/api/v1/programmes/{programme}/contributions");
        assert_invalid(app, case, &contribution_path, &contribution(amount, currency), Some("amount")).await;
    }
    assert_eq!(app.activity(id).await["funding"], json!([]), "no funding was recorded");
    let programme = app.get_json(&format!("/api/v1/programmes/{programme}")).await;
    assert_eq!(programme["contributions"], json!([]), "no contribution was recorded: {programme}");
}

async fn amounts_past_the_bound_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    assert_amounts_refused(
        &app,
        &[
            ("Decimal::MAX", json!("79228162514264337593543950335"), "EUR"),
            ("Decimal::MAX with a decimal", json!("7922816251426433759354395033.5"), "EUR"),
            ("past Decimal::MAX", json!("79228162514264337593543950336"), "EUR"),
            ("a cent over 10^13", json!("10000000000000.01"), "EUR"),
            ("the issue's 4 * 10^16", json!("40000000000000000.00"), "EUR"),
        ],
    )
    .await;
    // The bound itself is accepted.
    let (id, _) = planned(&app).await;
    app.command(&format!("/api/v1/activities/{id}/funding"), &funding(&json!("10000000000000.00"), "EUR"))
        .await;
}

async fn amounts_are_plain_decimal_strings_within_the_minor_unit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cases = [
        ("an exponent", json!("1e2"), "EUR"),
        ("a digit separator", json!("1_000"), "EUR"),
        ("a leading space", json!(" 12"), "EUR"),
        ("a trailing space", json!("12 "), "EUR"),
        ("a plus sign", json!("+5"), "EUR"),
        ("a minus sign", json!("-5"), "EUR"),
        ("a bare leading point", json!(".5"), "EUR"),
        ("a bare trailing point", json!("5."), "EUR"),
        ("a JSON integer", json!(12), "EUR"),
        ("a JSON float", json!(12.5), "EUR"),
        ("extra zero decimals", json!("12.000"), "EUR"),
        ("zero decimals in a currency without", json!("12.00"), "JPY"),
        ("a decimal in a currency without", json!("12.5"), "JPY"),
    ];
    assert_amounts_refused(&app, &cases).await;
    let (id, _) = planned(&app).await;
    for (amount, currency) in [("12.5", "EUR"), ("12", "JPY"), ("0.125", "KWD")] {
        app.command(&format!("/api/v1/activities/{id}/funding"), &funding(&json!(amount), currency)).await;
    }
    let amounts: Vec<_> = app.activity(id).await["funding"]
        .as_array()
        .expect("funding lines")
        .iter()
        .map(|line| line["amount"].clone())
        .collect();
    assert_eq!(amounts, [json!("12.5"), json!("12"), json!("0.125")], "shown as sent");
}

async fn head_counts_past_the_bound_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (id, _) = planned(&app).await;
    app.command(&format!("/api/v1/activities/{id}/delivery"), &delivery_body()).await;
    let path = format!("/api/v1/activities/{id}/participants");
    let tally = |female: i64, male: i64, by_institution: Value| json!({"female": female, "male": male, "other_or_undisclosed": 0, "by_institution": by_institution});
    let cases = [
        ("one count past the bound", tally(1_000_001, 0, Value::Null), Some("female")),
        ("past u32", tally(0, 4_294_967_296, Value::Null), Some("male")),
        (
            "an institution past the bound",
            tally(1, 0, json!({"police": 1_000_001})),
            Some("by_institution.police"),
        ),
        ("a tally past the bound in all", tally(600_000, 400_001, Value::Null), None),
    ];
    for (case, body, field) in &cases {
        assert_invalid(&app, case, &path, body, *field).await;
    }
    assert_eq!(app.activity(id).await["participants"], Value::Null, "no tally was recorded");
    app.command(&path, &tally(600_000, 400_000, json!({"police": 1_000_000}))).await;
}

async fn dates_outside_1900_to_2200_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let plan = |field: &str, value: &str| {
        let mut body = plan_body(Uuid::new_v4(), programme);
        body[field] = json!(value);
        body
    };
    for (case, body, field) in [
        ("the year before 1 AD", plan("planned_start", "-0001-01-01"), "planned_start"),
        ("year 0", plan("planned_start", "0000-01-01"), "planned_start"),
        ("the day before 1900", plan("planned_start", "1899-12-31"), "planned_start"),
        ("the day after 2200", plan("planned_end", "2201-01-01"), "planned_end"),
    ] {
        assert_invalid(&app, case, "/api/v1/activities", &body, Some(field)).await;
    }
    let mut early = programme_body(Uuid::new_v4(), &unique_code());
    early["start"] = json!("0000-01-01");
    assert_invalid(&app, "a programme's start", "/api/v1/programmes", &early, Some("start")).await;

    let (id, programme) = planned(&app).await;
    let activity = |command: &str| format!("/api/v1/activities/{id}/{command}");
    let reschedule = json!({"planned_start": "0000-01-01", "planned_end": "2019-10-24"});
    assert_invalid(&app, "a reschedule", &activity("reschedule"), &reschedule, Some("planned_start")).await;
    let correction = json!({"reason": "typo", "changes": {"planned_end": "2201-01-01"}});
    assert_invalid(&app, "a correction", &activity("corrections"), &correction, Some("changes.planned_end"))
        .await;
    let delivery = json!({"start": "2019-10-20", "end": "2201-01-01", "mode": "in_person"});
    assert_invalid(&app, "a delivery", &activity("delivery"), &delivery, Some("end")).await;
    let mut receipt = contribution(&json!("100.00"), "EUR");
    receipt["received_on"] = json!("1899-12-31");
    let contributions = format!("/api/v1/programmes/{programme}/contributions");
    assert_invalid(&app, "a receipt", &contributions, &receipt, Some("received_on")).await;
    assert_eq!(app.history(id).await.len(), 1, "nothing but the plan was recorded");

    for (query, field) in [("from=0000-01-01", "from"), ("to=2201-01-01", "to"), ("from=-0001-01-01", "from")]
    {
        for path in ["/api/v1/activities", "/api/v1/countries/SAU/summary"] {
            let response = app.get(&format!("{path}?{query}")).await;
            let problem = assert_problem(response, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
            assert_eq!(problem["field"], field, "{path}?{query}: {problem}");
        }
    }
    let planned_at = app.history(id).await[0]["position"].clone();
    let edges = app
        .get_json(&format!(
            "/api/v1/countries/SAU/summary?from=1900-01-01&to=2200-12-31&min_position={planned_at}"
        ))
        .await;
    assert_eq!(edges["activities"]["total"], 1, "both ends of the range are accepted: {edges}");
}

async fn control_characters_in_text_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let mut titled = plan_body(Uuid::new_v4(), programme);
    titled["title"] = json!("Workshop\u{0}");
    assert_invalid(&app, "a NUL in a title", "/api/v1/activities", &titled, Some("title")).await;
    let mut described = plan_body(Uuid::new_v4(), programme);
    described["description"] = json!("red \u{1b}[31m text");
    assert_invalid(&app, "an escape in a description", "/api/v1/activities", &described, Some("description"))
        .await;
    let mut named = programme_body(Uuid::new_v4(), &unique_code());
    named["name"] = json!("Global\u{7}Firearms");
    assert_invalid(&app, "a bell in a programme name", "/api/v1/programmes", &named, Some("name")).await;

    let (id, programme) = planned(&app).await;
    let activity = |command: &str| format!("/api/v1/activities/{id}/{command}");
    let donor = json!({"donor": "a\u{0}b", "amount": "10.00", "currency": "EUR"});
    assert_invalid(&app, "a NUL in a donor", &activity("funding"), &donor, Some("donor")).await;
    let contributor =
        json!({"donor": "a\u{1}b", "amount": "10.00", "currency": "EUR", "received_on": "2019-03-15"});
    let contributions = format!("/api/v1/programmes/{programme}/contributions");
    assert_invalid(&app, "a control in a contributor", &contributions, &contributor, Some("donor")).await;
    let correction = json!({"reason": "typo", "changes": {"location": "Riy\radh"}});
    assert_invalid(
        &app,
        "a CR in a correction",
        &activity("corrections"),
        &correction,
        Some("changes.location"),
    )
    .await;
    let cancellation = json!({"reason": "no\u{85}venue"});
    assert_invalid(
        &app,
        "a C1 control in a reason",
        &activity("cancellation"),
        &cancellation,
        Some("reason"),
    )
    .await;
    let token = json!({"name": "donor-nul", "role": "donor", "scope": {"donor": "European\u{0}Union"}});
    assert_invalid(&app, "a NUL in a token's donor", "/api/v1/tokens", &token, Some("scope.donor")).await;
    assert_eq!(app.history(id).await.len(), 1, "nothing but the plan was recorded");

    // Tab and newline are text.
    let output = json!({"kind": "manual_published", "description": "Part 1:\tMLA\nPart 2:\tExtradition"});
    app.command(&format!("/api/v1/activities/{id}/delivery"), &delivery_body()).await;
    app.command(&activity("outputs"), &output).await;
    let recorded = app.activity(id).await;
    assert_eq!(recorded["outputs"][0]["description"], output["description"], "{recorded}");
}
