//! Commands on an activity that break a rule: wrong values, breakdowns that do not fit, commands
//! out of turn, anything but a correction once reported, bad corrections, amendments and
//! voiding, and any command on an unknown activity.

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, assert_refused, delivery_body, participants_body, Backend, TestApp};

use super::refusals::{
    activity_at, assert_all_refused, conflict, correction, funding, invalid, withdrawal, Refusal, Stage,
    INVALID, NOT_DELIVERED, VALIDATION,
};

pub(super) async fn values_breaking_a_rule_are_refused(backend: Backend) {
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

pub(super) async fn participant_breakdowns_must_fit_the_activity(backend: Backend) {
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

pub(super) async fn commands_out_of_turn_are_refused(backend: Backend) {
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

pub(super) async fn a_reported_activity_takes_only_corrections(backend: Backend) {
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

pub(super) async fn corrections_breaking_a_rule_are_refused(backend: Backend) {
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

pub(super) async fn amendments_and_voiding_breaking_a_rule_are_refused(backend: Backend) {
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

pub(super) async fn commands_on_an_unknown_activity_are_not_found(backend: Backend) {
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
