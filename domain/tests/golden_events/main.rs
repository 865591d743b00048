//! Stored events outlive the code that wrote them. Each file under `fixtures/events/v1/` is one
//! event type at version 1.0 exactly as the store holds it (payload, event type and version,
//! metadata); the files are never edited. A change of an event's shape adds a version, a new
//! fixture and an upcaster, and this test keeps proving that every old event still reads as the
//! value written out below.
//!
//! This file checks the fixtures as a set: each has a check, keeps its metadata, and still
//! decodes with a field a newer writer added. Beside it: `fixture` (reading a fixture, and the
//! values the checks are written with) and one module of checks per aggregate: `activity`,
//! `programme` (its results framework too), `organisation`, `token`, `access` and `participant`.

mod access;
mod activity;
mod fixture;
mod organisation;
mod participant;
mod programme;
mod token;

use std::path::Path;

use tatrack_domain::events::{
    current_version, decode, GrantEvent, OrganisationEvent, ParticipantEvent, PersonEvent,
};
use tatrack_domain::token::TokenEvent;
use tatrack_domain::{ActivityEvent, ProgrammeEvent};

use fixture::{fixture, Fixture};

#[test]
fn every_fixture_is_checked_below() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events/v1");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures folder")
        .map(|entry| entry.expect("fixture entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = [
        "ActivityPlanned",
        "ActivityRescheduled",
        "ActivityDelivered",
        "ParticipantsRecorded",
        "FundingAttributed",
        "FundingWithdrawn",
        "OutputRecorded",
        "ActivityCorrected",
        "ActivityCancelled",
        "ActivityReported",
        "DeliveryAmended",
        "ParticipantsAmended",
        "FundingAmended",
        "OutputAmended",
        "OutputRemoved",
        "ActivityVoided",
        "ProgrammeRegistered",
        "ContributionRecorded",
        "OrganisationRegistered",
        "OrganisationCorrected",
        "OutcomeDefined",
        "IndicatorDefined",
        "IndicatorRevised",
        "ActualReported",
        "TokenCreated",
        "TokenRevoked",
        "PersonRecorded",
        "LanguageChosen",
        "AccessGranted",
        "AccessRevoked",
        "ParticipantRegistered",
        "ParticipantCorrected",
        "ParticipantMerged",
        "ParticipantSplit",
        "ParticipantErased",
        "SubjectAccessGiven",
        "AttendanceRecorded",
    ]
    .iter()
    .map(|name| format!("{name}-1.0.json"))
    .chain(
        ["ActivityCorrected", "FundingAttributed", "FundingAmended", "ContributionRecorded", "TokenCreated"]
            .iter()
            .map(|name| format!("{name}-1.1.json")),
    )
    .chain(["TokenCreated-1.2.json".to_owned()])
    .collect();
    expected.sort();
    assert_eq!(names, expected, "a fixture without a check, or a check without a fixture");
    for name in &expected {
        let (event_type, _) = name.split_once('-').expect("type-version.json");
        let current = format!("{event_type}-{}.json", current_version(event_type));
        assert!(expected.contains(&current), "no fixture of {event_type} as written today: {current}");
    }
}

#[test]
fn every_fixture_keeps_its_metadata() {
    for name in ["ActivityPlanned", "ActivityCorrected", "TokenRevoked"] {
        let metadata = fixture(name, "1.0").metadata;
        for key in ["actor", "role", "recorded_at", "request_id"] {
            assert!(metadata.contains_key(key), "{name}: metadata lacks {key}");
        }
    }
    let planned = fixture("ActivityPlanned", "1.0").metadata;
    assert_eq!(planned["actor"], "amina.k");
    assert_eq!(planned["idempotency_key"], "plan-201");
    assert_eq!(fixture("ActivityCorrected", "1.0").metadata["reason"], "training took place in Santa Cruz");
}

/// A newer writer may add fields: every payload still decodes, with the field ignored.
#[test]
fn a_field_from_a_newer_writer_is_ignored() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events/v1");
    for entry in std::fs::read_dir(&dir).expect("fixtures folder") {
        let path = entry.expect("fixture entry").path();
        let fixture: Fixture =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("a fixture")).expect("a fixture");
        let mut payload = fixture.payload.clone();
        let Some(data) =
            payload.as_object_mut().and_then(|o| o.values_mut().next()).and_then(|v| v.as_object_mut())
        else {
            continue; // a unit event ("ActivityReported") carries no fields
        };
        data.insert("added_by_a_newer_version".into(), serde_json::json!({"any": ["shape"]}));
        let (event_type, version) = (fixture.event_type.as_str(), fixture.event_version.as_str());
        let decodes = match fixture.aggregate_type.as_str() {
            "Activity" => decode::<ActivityEvent>(event_type, version, &payload).is_ok(),
            "Programme" => decode::<ProgrammeEvent>(event_type, version, &payload).is_ok(),
            "Organisation" => decode::<OrganisationEvent>(event_type, version, &payload).is_ok(),
            "Person" => decode::<PersonEvent>(event_type, version, &payload).is_ok(),
            "Grant" => decode::<GrantEvent>(event_type, version, &payload).is_ok(),
            "Participant" => decode::<ParticipantEvent>(event_type, version, &payload).is_ok(),
            _ => decode::<TokenEvent>(event_type, version, &payload).is_ok(),
        };
        assert!(decodes, "{} with an added field", path.display());
    }
}
