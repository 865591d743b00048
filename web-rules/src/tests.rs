//! The offline preview against the domain's rules: a whole activity folded from kept commands,
//! refusals that leave the state as it was, and what each state then offers.

use serde_json::{json, Value};

use super::preview;

mod built;

const ACTIVITY: &str = "0b7f2f1c-8a47-4c1e-9a53-3c1f5f5e2a10";
const PROGRAMME: &str = "6a0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d";

fn ask(activity: &Value, version: u64, kept: &Value) -> Value {
    let question = json!({ "activity": activity, "version": version, "kept": kept, "today": "2026-12-07" });
    serde_json::from_str(&preview(&question.to_string())).unwrap_or(Value::Null)
}

fn plan() -> Value {
    json!({ "action": "plan", "body": {
        "id": ACTIVITY, "programme_id": PROGRAMME, "kind": "training", "title": "Financial investigation training",
        "countries": ["BOL"], "location": "La Paz", "planned_start": "2026-11-02", "planned_end": "2026-11-06",
    }})
}

fn whole_activity() -> Value {
    json!([
        plan(),
        { "action": "record_delivery", "body": { "start": "2026-11-02", "end": "2026-11-05", "mode": "in_person" } },
        { "action": "record_participants", "body": { "female": 12, "male": 9, "other_or_undisclosed": 1 } },
        { "action": "attribute_funding", "body": { "donor": "European Union", "amount": "12000.00", "currency": "EUR" } },
        { "action": "record_output", "body": { "kind": "manual_published", "description": "A handbook on asset tracing" } },
        { "action": "report", "body": {} },
    ])
}

#[test]
fn a_whole_activity_recorded_offline_folds_to_a_reported_record() {
    let answer = ask(&Value::Null, 0, &whole_activity());
    let taken: Vec<Value> = [
        "ActivityPlanned",
        "ActivityDelivered",
        "ParticipantsRecorded",
        "FundingAttributed",
        "OutputRecorded",
        "ActivityReported",
    ]
    .iter()
    .map(|event| json!({ "outcome": "taken", "events": [event] }))
    .collect();
    assert_eq!(answer["outcomes"], Value::Array(taken));
    assert_eq!(answer["version"], 6);
    let record = &answer["record"];
    assert_eq!(record["status"], "reported");
    assert_eq!(record["title"], "Financial investigation training");
    assert_eq!(
        record["delivery"],
        json!({ "start": "2026-11-02", "end": "2026-11-05", "mode": "in_person" })
    );
    assert_eq!(record["participants"]["female"], 12);
    assert_eq!(record["funding"][0]["amount"], "12000.00");
    assert_eq!(record["outputs"][0]["description"], "A handbook on asset tracing");
    assert_eq!(
        answer["actions"],
        json!([
            "amend_delivery",
            "amend_participants",
            "amend_funding",
            "amend_output",
            "remove_output",
            "correct",
            "void"
        ])
    );
}

/// serde's refusal of an output kind nobody knows.
const UNKNOWN_KIND: &str =
    "unknown variant `a_kind_nobody_knows`, expected one of `law_drafted`, `law_amended`, \
                            `strategy_adopted`, `accession_deposited`, `manual_published`, \
                            `network_established`, `other`";

#[test]
fn a_refused_command_changes_nothing_and_the_next_is_decided_without_it() {
    let kept = json!([
        plan(),
        { "action": "report", "body": {} },
        { "action": "record_delivery", "body": { "start": "2026-11-06", "end": "2026-11-02", "mode": "online" } },
        { "action": "record_delivery", "body": { "start": "2026-11-02", "end": "2026-12-20", "mode": "online" } },
        { "action": "record_output", "body": { "kind": "a_kind_nobody_knows", "description": "x" } },
        { "action": "correct", "body": { "reason": "Dates typed the wrong way round", "changes": { "planned_end": "2026-10-01" } } },
        { "action": "cancel", "body": { "reason": "The venue closed" } },
    ]);
    let answer = ask(&Value::Null, 0, &kept);
    assert_eq!(
        answer["outcomes"],
        json!([
            { "outcome": "taken", "events": ["ActivityPlanned"] },
            {
                "outcome": "refused", "detail": "the activity has not been delivered yet",
                "message": { "id": "problem-activity-not-delivered", "args": {} }, "field": null,
            },
            {
                "outcome": "refused", "detail": "`end` falls before the start date",
                "message": { "id": "problem-end-before-start", "args": { "field": "end" } }, "field": "end",
            },
            {
                "outcome": "refused",
                "detail": "`end` falls after 2026-12-08: a delivery cannot be in the future (today in UTC, with one day allowed for time zones)",
                "message": { "id": "problem-delivery-in-future", "args": { "field": "end", "latest": "2026-12-08" } },
                "field": "end",
            },
            {
                "outcome": "refused",
                "detail": UNKNOWN_KIND,
                "message": { "id": "problem-body-unreadable", "args": { "reason": UNKNOWN_KIND } },
                "field": null,
            },
            {
                "outcome": "refused", "detail": "`planned_end` falls before the start date",
                "message": { "id": "problem-end-before-start", "args": { "field": "planned_end" } },
                "field": "changes.planned_end",
            },
            { "outcome": "taken", "events": ["ActivityCancelled"] },
        ])
    );
    assert_eq!(answer["version"], 2);
    assert_eq!(answer["record"]["status"], "cancelled");
    assert_eq!(answer["actions"], json!(["correct", "void"]));
}

#[test]
fn the_record_the_server_showed_is_folded_on() {
    let planned = ask(&Value::Null, 0, &json!([plan()]));
    let mut shown = planned["record"].clone();
    // The API shows the record with the view's own fields beside it.
    shown["id"] = json!(ACTIVITY);
    shown["version"] = json!(1);
    shown["position"] = json!(415);
    let answer = ask(
        &shown,
        1,
        &json!([{ "action": "reschedule", "body": { "planned_start": "2026-11-09", "planned_end": "2026-11-13" } }]),
    );
    assert_eq!(answer["outcomes"], json!([{ "outcome": "taken", "events": ["ActivityRescheduled"] }]));
    assert_eq!(answer["version"], 2);
    assert_eq!(answer["record"]["planned_start"], "2026-11-09");
    assert_eq!(
        answer["actions"],
        json!([
            "reschedule",
            "record_delivery",
            "attribute_funding",
            "record_output",
            "correct",
            "cancel",
            "void"
        ])
    );
}

#[test]
fn nothing_planned_offers_only_a_plan_and_a_bad_question_is_answered_in_words() {
    assert_eq!(ask(&Value::Null, 0, &json!([]))["actions"], json!(["plan"]));
    let answer: Value = serde_json::from_str(&preview("{\"kept\": 3}")).unwrap_or(Value::Null);
    assert!(answer["error"].as_str().is_some_and(|e| e.contains("invalid type")), "{answer}");
}
