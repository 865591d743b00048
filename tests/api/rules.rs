//! Every domain rule's error over HTTP: the status, the problem type and the field at fault, and
//! proof that a refused command wrote nothing.

use reqwest::{Response, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{
    assert_problem, delivery_body, participants_body, plan_body, programme_body, unique_code, Backend,
    TestApp,
};

tatrack_testkit::on_both_backends!(
    plans_breaking_a_rule_record_nothing,
    lower_case_codes_are_accepted_and_normalised,
    a_second_plan_for_the_same_id_is_refused,
    values_breaking_a_rule_are_refused,
    participant_breakdowns_must_fit_the_activity,
    commands_out_of_turn_are_refused,
    a_reported_activity_takes_only_corrections,
    corrections_breaking_a_rule_are_refused,
    amendments_and_voiding_breaking_a_rule_are_refused,
    commands_on_an_unknown_activity_are_not_found,
    programme_rules_are_enforced,
    a_refused_registration_leaves_its_code_free,
    a_repeated_registration_leaves_its_new_code_free,
);

/// Asserts a problem answer with `status`, `kind` and exactly `field` (absent when `None`);
/// `case` names the request in failure messages.
async fn assert_refused(
    case: &str,
    response: Response,
    status: StatusCode,
    kind: &str,
    field: Option<&str>,
) -> Value {
    eprintln!("case: {case}");
    let problem = assert_problem(response, status, kind).await;
    assert_eq!(problem.get("field").and_then(Value::as_str), field, "{case}: the field of {problem}");
    problem
}

/// Where an activity stands before the offending request.
#[derive(Debug, Clone, Copy)]
enum Stage {
    Planned,
    /// Planned with funding from the European Union attributed.
    Funded,
    Delivered,
    Cancelled,
    /// Delivered, tallied (10 women, 20 men) and reported.
    Reported,
    Voided,
}

/// Plans the Riyadh workshop and takes it to `stage`; returns its id.
async fn activity_at(app: &TestApp, stage: Stage) -> Uuid {
    let id = app.planned_activity().await;
    let path = |command: &str| format!("/api/v1/activities/{id}/{command}");
    match stage {
        Stage::Planned => {}
        Stage::Funded => {
            app.command(
                &path("funding"),
                &json!({"donor": "European Union", "amount": "100", "currency": "EUR"}),
            )
            .await;
        }
        Stage::Delivered => {
            app.command(&path("delivery"), &delivery_body()).await;
        }
        Stage::Cancelled => {
            app.command(&path("cancellation"), &json!({"reason": "the venue is unavailable"})).await;
        }
        Stage::Reported => {
            app.command(&path("delivery"), &delivery_body()).await;
            app.command(&path("participants"), &participants_body(10, 20)).await;
            app.command(&path("report"), &json!({})).await;
        }
        Stage::Voided => {
            app.command(&path("voiding"), &json!({"reason": "a duplicate"})).await;
        }
    }
    id
}

/// A command, and the problem it must meet.
struct Refusal {
    case: &'static str,
    command: &'static str,
    body: Value,
    status: StatusCode,
    kind: &'static str,
    field: Option<&'static str>,
}

const INVALID: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
const CONFLICT: StatusCode = StatusCode::CONFLICT;
const VALIDATION: &str = "/problems/validation";
const NOT_DELIVERED: &str = "/problems/not-delivered";

fn invalid(case: &'static str, command: &'static str, body: Value, field: &'static str) -> Refusal {
    Refusal { case, command, body, status: INVALID, kind: VALIDATION, field: Some(field) }
}

fn conflict(case: &'static str, command: &'static str, body: Value, kind: &'static str) -> Refusal {
    Refusal { case, command, body, status: CONFLICT, kind, field: None }
}

/// Sends each refusal to a fresh activity at `stage`; asserts the problem and that the activity
/// is exactly as it was.
async fn assert_all_refused(app: &TestApp, stage: Stage, refusals: Vec<Refusal>) {
    for refusal in refusals {
        // Arrange
        let id = activity_at(app, stage).await;
        let before = app.activity(id).await;
        let events_before = app.history(id).await.len();

        // Act: at the version read, as a command naming a line or an output by its place must be.
        let path = format!("/api/v1/activities/{id}/{}", refusal.command);
        let version = format!("\"{}\"", before["version"]);
        let response = app.post_with(&path, &refusal.body, &[("if-match", &version)]).await;

        // Assert
        assert_refused(refusal.case, response, refusal.status, refusal.kind, refusal.field).await;
        let after = app.activity(id).await;
        assert_eq!(after["version"], before["version"], "{}: the version moved", refusal.case);
        assert_eq!(after, before, "{}: the record changed", refusal.case);
        assert_eq!(app.history(id).await.len(), events_before, "{}: an event was recorded", refusal.case);
    }
}

fn funding(amount: &str, currency: &str) -> Value {
    json!({"donor": "European Union", "amount": amount, "currency": currency})
}

fn withdrawal() -> Value {
    json!({"donor": "European Union", "reason": "moved to another activity"})
}

fn correction(changes: &Value) -> Value {
    json!({"reason": "recorded wrongly", "changes": changes})
}

async fn plans_breaking_a_rule_record_nothing(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let plan = |changes: Value| {
        let id = Uuid::new_v4();
        let mut body = plan_body(id, programme);
        if let (Some(body), Value::Object(changes)) = (body.as_object_mut(), changes) {
            body.extend(changes);
        }
        (id, body)
    };
    let cases = [
        ("end before start", json!({"planned_end": "2019-10-19"}), "planned_end"),
        ("unknown country", json!({"countries": ["XXX"]}), "countries[0]"),
        ("unknown second country", json!({"countries": ["SAU", "SA"]}), "countries[1]"),
        ("no countries", json!({"countries": []}), "countries"),
        ("duplicate country", json!({"countries": ["SAU", "ARE", "SAU"]}), "countries"),
        ("duplicate country in another case", json!({"countries": ["SAU", "sau"]}), "countries"),
        ("unregistered programme", json!({"programme_id": Uuid::new_v4()}), "programme_id"),
        ("blank title", json!({"title": "   "}), "title"),
        ("unknown kind", json!({"kind": "picnic"}), "kind"),
    ];

    for (case, changes, field) in cases {
        let (id, body) = plan(changes);

        // Act
        let response = app.post("/api/v1/activities", &body).await;

        // Assert
        assert_refused(case, response, INVALID, VALIDATION, Some(field)).await;
        let read = app.get(&format!("/api/v1/activities/{id}")).await;
        assert_problem(read, StatusCode::NOT_FOUND, "/problems/not-found").await;
    }
}

async fn lower_case_codes_are_accepted_and_normalised(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let id = Uuid::new_v4();
    let mut plan = plan_body(id, programme);
    plan["countries"] = json!(["sau", "Are"]);
    let base = format!("/api/v1/activities/{id}");

    // Act
    app.command("/api/v1/activities", &plan).await;
    app.command(&format!("{base}/funding"), &funding("2500.50", "eur")).await;
    app.command(&format!("{base}/delivery"), &delivery_body()).await;
    let mut participants = participants_body(3, 4);
    participants["by_institution"] = json!({"prosecutors": 7});
    participants["by_country"] = json!({
        "sau": {"female": 2, "male": 3, "other_or_undisclosed": 0},
        "ARE": {"female": 1, "male": 1, "other_or_undisclosed": 0},
    });
    app.command(&format!("{base}/participants"), &participants).await;

    // Assert
    let activity = app.activity(id).await;
    assert_eq!(activity["countries"], json!(["SAU", "ARE"]));
    assert_eq!(activity["funding"][0]["currency"], "EUR");
    let by_country = activity["participants"]["by_country"].as_object().expect("a country breakdown");
    assert_eq!(by_country.keys().collect::<Vec<_>>(), ["ARE", "SAU"]);
}

async fn a_second_plan_for_the_same_id_is_refused(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let id = Uuid::new_v4();
    app.command("/api/v1/activities", &plan_body(id, programme)).await;
    let before = app.activity(id).await;
    let mut other = plan_body(id, programme);
    other["title"] = json!("Another workshop entirely");

    // Act
    let same = app.post("/api/v1/activities", &plan_body(id, programme)).await;
    let different = app.post("/api/v1/activities", &other).await;

    // Assert
    assert_refused("the same plan again", same, CONFLICT, "/problems/already-planned", None).await;
    assert_refused("another plan", different, CONFLICT, "/problems/already-planned", None).await;
    assert_eq!(app.activity(id).await, before);
    assert_eq!(app.history(id).await.len(), 1);
}

async fn values_breaking_a_rule_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let reschedule_backwards = json!({"planned_start": "2019-10-24", "planned_end": "2019-10-20"});
    let deliver_backwards = json!({"start": "2019-10-24", "end": "2019-10-23", "mode": "online"});
    let blank_donor = json!({"donor": " ", "amount": "1", "currency": "EUR"});
    let no_funding = "/problems/no-funding-from-donor";
    assert_all_refused(
        &app,
        Stage::Planned,
        vec![
            invalid("reschedule ending before it starts", "reschedule", reschedule_backwards, "planned_end"),
            invalid("delivery ending before it starts", "delivery", deliver_backwards, "end"),
            invalid("unknown currency", "funding", funding("100", "EUX"), "currency"),
            invalid("zero amount", "funding", funding("0", "EUR"), "amount"),
            invalid("zero amount with decimals", "funding", funding("0.00", "EUR"), "amount"),
            invalid("negative amount", "funding", funding("-5", "EUR"), "amount"),
            invalid("euro amount finer than a cent", "funding", funding("1.005", "EUR"), "amount"),
            invalid("yen amount with a fraction", "funding", funding("100.5", "JPY"), "amount"),
            invalid("blank donor", "funding", blank_donor, "donor"),
            invalid("blank cancellation reason", "cancellation", json!({"reason": ""}), "reason"),
            conflict("withdrawal when nobody gave anything", "funding/withdrawal", withdrawal(), no_funding),
        ],
    )
    .await;
    let norway = json!({"donor": "Norway", "reason": "moved to another activity"});
    assert_all_refused(
        &app,
        Stage::Funded,
        vec![conflict("withdrawal from a donor who gave nothing", "funding/withdrawal", norway, no_funding)],
    )
    .await;
}

async fn participant_breakdowns_must_fit_the_activity(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let with = |key: &str, value: Value| {
        let mut body = participants_body(1, 1);
        body["by_institution"] = Value::Null;
        body[key] = value;
        body
    };
    let attendance =
        |female: u32, male: u32| json!({"female": female, "male": male, "other_or_undisclosed": 0});
    let over_by_institution = with("by_institution", json!({"prosecutors": 2, "judges": 1}));
    let stranger = with("by_country", json!({"FRA": attendance(1, 1)}));
    let over_by_country = with("by_country", json!({"SAU": attendance(2, 1)}));
    assert_all_refused(
        &app,
        Stage::Delivered,
        vec![
            invalid("negative female count", "participants", participants_body(-1, 5), "female"),
            invalid("negative male count", "participants", participants_body(5, -3), "male"),
            invalid("institutions over the total", "participants", over_by_institution, "by_institution"),
            invalid("a country the activity is not in", "participants", stranger, "by_country"),
            invalid("countries over the total", "participants", over_by_country, "by_country"),
        ],
    )
    .await;
}

async fn commands_out_of_turn_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cancel = || json!({"reason": "no longer needed"});
    let reschedule = || json!({"planned_start": "2019-11-01", "planned_end": "2019-11-02"});
    let cancelled = "/problems/activity-cancelled";
    assert_all_refused(
        &app,
        Stage::Cancelled,
        vec![
            conflict("delivering a cancelled activity", "delivery", delivery_body(), cancelled),
            conflict("funding a cancelled activity", "funding", funding("1", "EUR"), cancelled),
            conflict("rescheduling a cancelled activity", "reschedule", reschedule(), cancelled),
            conflict(
                "recording an output",
                "outputs",
                json!({"kind": "other", "description": "x"}),
                cancelled,
            ),
            conflict("reporting a cancelled activity", "report", json!({}), cancelled),
            conflict("cancelling twice", "cancellation", cancel(), "/problems/already-cancelled"),
        ],
    )
    .await;
    assert_all_refused(
        &app,
        Stage::Delivered,
        vec![
            conflict(
                "rescheduling after delivery",
                "reschedule",
                reschedule(),
                "/problems/already-delivered",
            ),
            conflict("cancelling after delivery", "cancellation", cancel(), "/problems/already-delivered"),
        ],
    )
    .await;
    assert_all_refused(
        &app,
        Stage::Planned,
        vec![
            conflict(
                "participants before delivery",
                "participants",
                participants_body(10, 20),
                NOT_DELIVERED,
            ),
            conflict("report before delivery", "report", json!({}), NOT_DELIVERED),
        ],
    )
    .await;
}

async fn a_reported_activity_takes_only_corrections(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let reported = |case, command, body| conflict(case, command, body, "/problems/activity-reported");
    let reschedule = json!({"planned_start": "2019-10-20", "planned_end": "2019-10-25"});
    let blank_reason = json!({"reason": "  ", "changes": {"location": "Jeddah"}});
    assert_all_refused(
        &app,
        Stage::Reported,
        vec![
            reported("funding", "funding", funding("10", "EUR")),
            reported("withdrawal", "funding/withdrawal", withdrawal()),
            reported("participants", "participants", participants_body(5, 5)),
            reported("output", "outputs", json!({"kind": "other", "description": "late output"})),
            reported("delivery", "delivery", delivery_body()),
            reported("cancellation", "cancellation", json!({"reason": "too late"})),
            reported("reschedule", "reschedule", reschedule),
            reported("report again", "report", json!({})),
            invalid("correction with a blank reason", "corrections", blank_reason, "reason"),
        ],
    )
    .await;

    // A correction is still taken, so the refusals above are about the state, not the activity.
    let id = activity_at(&app, Stage::Reported).await;
    let path = format!("/api/v1/activities/{id}/corrections");
    let answer = app.command(&path, &correction(&json!({"location": "Jeddah"}))).await;
    assert_eq!(answer["version"], 5);
}

async fn corrections_breaking_a_rule_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let refused = |case, changes: Value, field| invalid(case, "corrections", correction(&changes), field);
    let identical = json!({"title": "Mutual legal assistance workshop", "location": "Riyadh"});
    let blank_reason = json!({"reason": "  ", "changes": {"location": "Jeddah"}});
    assert_all_refused(
        &app,
        Stage::Planned,
        vec![
            invalid("blank reason", "corrections", blank_reason, "reason"),
            refused("no changes", json!({}), "changes"),
            refused("identical values", identical, "changes"),
            refused("identical country in another case", json!({"countries": ["sau"]}), "changes"),
            refused("end before start", json!({"planned_end": "2019-10-19"}), "changes.planned_end"),
            refused("start after end", json!({"planned_start": "2019-10-25"}), "changes.planned_end"),
            refused("no countries", json!({"countries": []}), "changes.countries"),
            refused("duplicate country", json!({"countries": ["ARE", "ARE"]}), "changes.countries"),
            refused("unknown country", json!({"countries": ["SAU", "QQQ"]}), "changes.countries[1]"),
            refused(
                "unregistered programme",
                json!({"programme_id": Uuid::new_v4()}),
                "changes.programme_id",
            ),
        ],
    )
    .await;

    // Dropping a country the participants' breakdown names would orphan that breakdown.
    let id = activity_at(&app, Stage::Delivered).await;
    let mut participants = participants_body(2, 2);
    participants["by_institution"] = Value::Null;
    participants["by_country"] = json!({"SAU": {"female": 2, "male": 2, "other_or_undisclosed": 0}});
    app.command(&format!("/api/v1/activities/{id}/participants"), &participants).await;
    let before = app.activity(id).await;

    let response = app
        .post(&format!("/api/v1/activities/{id}/corrections"), &correction(&json!({"countries": ["ARE"]})))
        .await;

    assert_refused("orphaning the country breakdown", response, INVALID, VALIDATION, Some("by_country"))
        .await;
    assert_eq!(app.activity(id).await, before);
}

async fn amendments_and_voiding_breaking_a_rule_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let today = chrono::Utc::now().date_naive();
    let after_tomorrow = today + chrono::Days::new(2);
    let delivery = |start: chrono::NaiveDate, end: chrono::NaiveDate| json!({"start": start.to_string(), "end": end.to_string(), "mode": "online"});
    let amended = |start, end| {
        let mut body = delivery(start, end);
        body["reason"] = json!("r");
        body
    };
    let same_delivery =
        json!({"reason": "r", "start": "2019-10-20", "end": "2019-10-24", "mode": "in_person"});
    let tally = |female, male| json!({"reason": "r", "participants": participants_body(female, male)});
    let blank_reason = json!({"reason": " ", "participants": participants_body(1, 1)});
    let over_breakdown = json!({"reason": "r", "participants": {
        "female": 1, "male": 1, "other_or_undisclosed": 0, "by_institution": {"judges": 3}}});
    let unchanged =
        |case, command, body| Refusal { case, command, body, status: INVALID, kind: VALIDATION, field: None };
    let line = json!({"reason": "r", "line": 0, "donor": "Norway", "amount": "10", "currency": "NOK"});
    let output = json!({"reason": "r", "output": 0, "kind": "other", "description": "x"});
    let removal = json!({"reason": "r", "output": 0});
    let yesterday = today - chrono::Days::new(1);
    assert_all_refused(
        &app,
        Stage::Reported,
        vec![
            invalid("an amendment without a reason", "delivery/amendment", delivery(today, today), "reason"),
            invalid("an amendment with a blank reason", "participants/amendment", blank_reason, "reason"),
            unchanged("the same delivery", "delivery/amendment", same_delivery),
            unchanged("the same tally", "participants/amendment", tally(10, 20)),
            invalid("a funding line never attributed", "funding/amendment", line, "line"),
            invalid("an output never recorded", "outputs/amendment", output, "output"),
            invalid("removing an output never recorded", "outputs/removal", removal, "output"),
            invalid("ending after tomorrow", "delivery/amendment", amended(today, after_tomorrow), "end"),
            invalid("ending before it starts", "delivery/amendment", amended(today, yesterday), "end"),
            invalid("a tally over its breakdown", "participants/amendment", over_breakdown, "by_institution"),
        ],
    )
    .await;
    assert_all_refused(
        &app,
        Stage::Delivered,
        vec![
            conflict(
                "amending a tally never recorded",
                "participants/amendment",
                tally(1, 1),
                "/problems/not-recorded",
            ),
            conflict("reporting a workshop untallied", "report", json!({}), "/problems/participants-missing"),
            invalid("starting after tomorrow", "delivery", delivery(after_tomorrow, after_tomorrow), "start"),
        ],
    )
    .await;
    assert_all_refused(
        &app,
        Stage::Planned,
        vec![conflict(
            "amending a delivery never recorded",
            "delivery/amendment",
            amended(today, today),
            NOT_DELIVERED,
        )],
    )
    .await;
    let voided = "/problems/activity-voided";
    let relocation = correction(&json!({"location": "Jeddah"}));
    assert_all_refused(
        &app,
        Stage::Voided,
        vec![
            conflict("voiding twice", "voiding", json!({"reason": "again"}), "/problems/already-voided"),
            conflict("correcting a voided activity", "corrections", relocation, voided),
            conflict("delivering a voided activity", "delivery", delivery_body(), voided),
            conflict("cancelling a voided activity", "cancellation", json!({"reason": "x"}), voided),
            invalid("voiding without a reason", "voiding", json!({}), "reason"),
        ],
    )
    .await;
}

async fn commands_on_an_unknown_activity_are_not_found(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let commands = [
        ("reschedule", json!({"planned_start": "2019-10-20", "planned_end": "2019-10-24"})),
        ("delivery", delivery_body()),
        ("participants", participants_body(10, 20)),
        ("funding", funding("100", "EUR")),
        ("funding/withdrawal", withdrawal()),
        ("outputs", json!({"kind": "other", "description": "an output"})),
        ("corrections", correction(&json!({"location": "Jeddah"}))),
        ("cancellation", json!({"reason": "no longer needed"})),
        ("report", json!({})),
        (
            "delivery/amendment",
            json!({"reason": "r", "start": "2019-10-21", "end": "2019-10-24", "mode": "online"}),
        ),
        ("participants/amendment", json!({"reason": "r", "participants": participants_body(10, 20)})),
        (
            "funding/amendment",
            json!({"reason": "r", "line": 0, "donor": "Norway", "amount": "1", "currency": "NOK"}),
        ),
        ("outputs/amendment", json!({"reason": "r", "output": 0, "kind": "other", "description": "x"})),
        ("outputs/removal", json!({"reason": "r", "output": 0})),
        ("voiding", json!({"reason": "a duplicate"})),
    ];

    for (command, body) in commands {
        let id = Uuid::new_v4();

        // Act
        let response = app.post(&format!("/api/v1/activities/{id}/{command}"), &body).await;

        // Assert
        assert_refused(command, response, StatusCode::NOT_FOUND, "/problems/not-found", None).await;
        let read = app.get(&format!("/api/v1/activities/{id}")).await;
        assert_problem(read, StatusCode::NOT_FOUND, "/problems/not-found").await;
        let history = app.get(&format!("/api/v1/activities/{id}/history")).await;
        assert_problem(history, StatusCode::NOT_FOUND, "/problems/not-found").await;
    }
}

fn contribution(amount: &str) -> Value {
    json!({"donor": "Germany", "amount": amount, "currency": "EUR", "received_on": "2019-03-01"})
}

async fn programme_rules_are_enforced(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    let first = Uuid::new_v4();
    app.command("/api/v1/programmes", &programme_body(first, &code)).await;
    let registered = app.get_json(&format!("/api/v1/programmes/{first}")).await;
    let second = Uuid::new_v4();
    let unknown = Uuid::new_v4();

    // Act
    let taken = app.post("/api/v1/programmes", &programme_body(second, &code)).await;
    let again = app.post("/api/v1/programmes", &programme_body(first, &code)).await;
    let to_unknown =
        app.post(&format!("/api/v1/programmes/{unknown}/contributions"), &contribution("10")).await;
    let mut refused_amounts = Vec::new();
    for amount in ["0", "-250", "1.005"] {
        let path = format!("/api/v1/programmes/{first}/contributions");
        refused_amounts.push((amount, app.post(&path, &contribution(amount)).await));
    }

    // Assert
    assert_refused("code taken", taken, CONFLICT, "/problems/programme-code-taken", None).await;
    assert_refused("registered twice", again, CONFLICT, "/problems/already-registered", None).await;
    assert_refused("unknown programme", to_unknown, StatusCode::NOT_FOUND, "/problems/not-found", None).await;
    for (amount, response) in refused_amounts {
        assert_refused(amount, response, INVALID, VALIDATION, Some("amount")).await;
    }
    for id in [second, unknown] {
        let read = app.get(&format!("/api/v1/programmes/{id}")).await;
        assert_problem(read, StatusCode::NOT_FOUND, "/problems/not-found").await;
    }
    assert_eq!(app.get_json(&format!("/api/v1/programmes/{first}")).await, registered);
}

/// A registration the domain refuses must not keep its code from the next, valid one.
async fn a_refused_registration_leaves_its_code_free(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    let refused = Uuid::new_v4();
    let mut backwards = programme_body(refused, &code);
    backwards["start"] = json!("2020-01-01");
    backwards["end"] = json!("2019-12-31");

    // Act
    let response = app.post("/api/v1/programmes", &backwards).await;
    let valid = Uuid::new_v4();
    let retry = app.post("/api/v1/programmes", &programme_body(valid, &code)).await;

    // Assert
    assert_refused("end before start", response, INVALID, VALIDATION, Some("end")).await;
    let read = app.get(&format!("/api/v1/programmes/{refused}")).await;
    assert_problem(read, StatusCode::NOT_FOUND, "/problems/not-found").await;
    let status = retry.status();
    let answer: Value = retry.json().await.expect("a JSON answer");
    assert_eq!(status, StatusCode::CREATED, "the code is still free after a refused registration: {answer}");
    assert_eq!(app.get_json(&format!("/api/v1/programmes/{valid}")).await["code"], code.as_str());
}

/// Registering an existing programme again is refused, and the code that attempt named stays
/// free for another programme.
async fn a_repeated_registration_leaves_its_new_code_free(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = Uuid::new_v4();
    let first_code = unique_code();
    app.command("/api/v1/programmes", &programme_body(id, &first_code)).await;
    let registered = app.get_json(&format!("/api/v1/programmes/{id}")).await;
    let second_code = unique_code();

    // Act
    let again = app.post("/api/v1/programmes", &programme_body(id, &second_code)).await;
    let other = Uuid::new_v4();
    let with_that_code = app.post("/api/v1/programmes", &programme_body(other, &second_code)).await;

    // Assert
    assert_refused("registered twice", again, CONFLICT, "/problems/already-registered", None).await;
    assert_eq!(app.get_json(&format!("/api/v1/programmes/{id}")).await, registered);
    let status = with_that_code.status();
    let answer: Value = with_that_code.json().await.expect("a JSON answer");
    assert_eq!(status, StatusCode::CREATED, "the refused registration's code is still free: {answer}");
    assert_eq!(app.get_json(&format!("/api/v1/programmes/{other}")).await["code"], second_code.as_str());
}
