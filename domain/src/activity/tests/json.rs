//! JSON: commands are refused at the edge when a value breaks its rule; events round-trip.

use super::*;
use crate::events::activity::{Corrected, CorrectedFields};

fn plan_json() -> serde_json::Value {
    serde_json::json!({
        "id": activity_id(),
        "programme_id": programme_id(),
        "kind": "workshop",
        "title": TITLE,
        "countries": ["sau"],
        "location": "Riyadh",
        "planned_start": "2019-10-20",
        "planned_end": "2019-10-24",
    })
}

fn parse_plan(json: &serde_json::Value) -> Result<PlanActivity, serde_json::Error> {
    serde_json::from_str(&json.to_string())
}

#[test]
fn a_plan_in_json_deserializes_with_canonical_country_codes() {
    let parsed = parse_plan(&plan_json()).expect("the fixture is a valid plan");
    assert_eq!(parsed, PlanActivity { description: None, ..plan() });
}

#[test]
fn a_plan_naming_an_unknown_country_does_not_deserialize() {
    let mut json = plan_json();
    json["countries"] = serde_json::json!(["SAU", "XXX"]);
    let error = parse_plan(&json).expect_err("XXX is no country");
    assert!(error.to_string().contains("'XXX' is not an ISO 3166-1 alpha-3"), "{error}");
}

#[test]
fn a_plan_with_an_unknown_field_does_not_deserialize() {
    let mut json = plan_json();
    json["budget"] = serde_json::json!("12000.00");
    let error = parse_plan(&json).expect_err("budget is no field of a plan");
    assert!(error.to_string().contains("unknown field `budget`"), "{error}");
}

#[test]
fn participants_with_a_negative_count_do_not_deserialize() {
    let json = r#"{"female": 11, "male": -19, "other_or_undisclosed": 0}"#;
    let error = serde_json::from_str::<Participants>(json).expect_err("-19 people is no tally");
    assert!(error.to_string().contains("a count cannot be negative (got -19)"), "{error}");
}

#[test]
fn every_activity_event_keeps_its_name_and_survives_a_json_round_trip() {
    let corrected = ActivityEvent::ActivityCorrected(Corrected {
        reason: text("Typed in wrongly at planning"),
        changes: CorrectedFields { location: Some(text("Jeddah")), ..CorrectedFields::default() },
    });
    assert_named_and_round_trip(vec![
        (planned(), "ActivityPlanned", "1.0"),
        (rescheduled(), "ActivityRescheduled", "1.0"),
        (delivered(), "ActivityDelivered", "1.0"),
        (regional_tally_recorded(), "ParticipantsRecorded", "1.0"),
        (eu_funding_attributed(), "FundingAttributed", "1.1"),
        (funding_withdrawn("European Union"), "FundingWithdrawn", "1.0"),
        (output_recorded(), "OutputRecorded", "1.0"),
        (corrected, "ActivityCorrected", "1.1"),
        (cancelled(), "ActivityCancelled", "1.0"),
        (ActivityEvent::ActivityReported, "ActivityReported", "1.0"),
    ]);
}

#[test]
fn a_correction_body_tells_a_cleared_description_from_an_absent_one() {
    let parse = |json: &str| serde_json::from_str::<PlannedFieldChanges>(json).expect("changes parse");
    assert_eq!(parse(r#"{"description": null}"#).description, Some(None));
    assert_eq!(parse(r#"{"description": "New text"}"#).description, Some(Some(text("New text"))));
    assert_eq!(parse(r#"{"title": "T"}"#).description, None);
}
