//! The activity's events: each type at 1.0, the 1.1 versions (funding naming its organisation,
//! a correction that can clear the description), and a stream mixing 1.0 and 1.1 folded through
//! the upcaster.

use std::collections::BTreeMap;

use tatrack_domain::events::activity::{
    Cancelled, Corrected, CorrectedFields, Delivered, DeliveryAmended, FundingAmended, FundingAttributed,
    FundingWithdrawn, OutputAmended, OutputRecorded, OutputRemoved, ParticipantsAmended, ParticipantsTallied,
    Rescheduled, Voided,
};
use tatrack_domain::events::{decode, PlannedFields};
use tatrack_domain::values::Headcount;
use tatrack_domain::vocabulary::{ActivityKind, DeliveryMode, Institution, OutputKind};
use tatrack_domain::{Activity, ActivityEvent};

use crate::fixture::{
    assert_decode_as_written, country, currency, date, decimal, decoded, headcounts, organisation,
    programme_id, tallied, text,
};

/// The events of an activity's course at 1.0, from its plan to its report.
#[test]
fn the_course_events_at_1_0_decode_as_written() {
    let cases = vec![
        (
            "ActivityPlanned",
            "1.0",
            ActivityEvent::ActivityPlanned(PlannedFields {
                programme_id: programme_id("00000000-0000-4000-8000-000000000104"),
                kind: ActivityKind::Workshop,
                title: text("Training workshop on mutual legal assistance"),
                countries: vec![country("SAU")],
                location: text("Riyadh"),
                planned_start: date(2019, 10, 20),
                planned_end: date(2019, 10, 24),
                description: Some(text("Joint activity to streamline mutual legal assistance.")),
            }),
        ),
        (
            "ActivityRescheduled",
            "1.0",
            ActivityEvent::ActivityRescheduled(Rescheduled {
                planned_start: date(2019, 9, 16),
                planned_end: date(2019, 9, 18),
                reason: Some(text("Moved to avoid the Pacific Islands Forum Leaders Meeting.")),
            }),
        ),
        (
            "ActivityDelivered",
            "1.0",
            ActivityEvent::ActivityDelivered(Delivered {
                start: date(2019, 10, 20),
                end: date(2019, 10, 24),
                mode: DeliveryMode::InPerson,
            }),
        ),
        (
            "ParticipantsRecorded",
            "1.0",
            ActivityEvent::ParticipantsRecorded(ParticipantsTallied {
                by_institution: Some(BTreeMap::from([
                    (Institution::Judges, Headcount::new(6)),
                    (Institution::Police, Headcount::new(6)),
                    (Institution::Prosecutors, Headcount::new(5)),
                ])),
                by_country: Some(BTreeMap::from([
                    (country("ARM"), headcounts(3, 5, 0)),
                    (country("GEO"), headcounts(4, 6, 1)),
                ])),
                ..tallied(7, 11, 1)
            }),
        ),
        (
            "FundingAttributed",
            "1.0",
            ActivityEvent::FundingAttributed(FundingAttributed {
                donor: text("United States of America"),
                organisation_id: None,
                amount: decimal("48000.00"),
                currency: currency("USD"),
            }),
        ),
        (
            "FundingWithdrawn",
            "1.0",
            ActivityEvent::FundingWithdrawn(FundingWithdrawn {
                donor: text("United States of America"),
                reason: text("Funds reallocated to a joint operation."),
            }),
        ),
        (
            "OutputRecorded",
            "1.0",
            ActivityEvent::OutputRecorded(OutputRecorded {
                kind: OutputKind::LawDrafted,
                description: text("Draft national firearms law aligned with the Firearms Protocol."),
            }),
        ),
        (
            "ActivityCorrected",
            "1.0",
            ActivityEvent::ActivityCorrected(Corrected {
                reason: text("training took place in Santa Cruz"),
                changes: CorrectedFields {
                    countries: Some(vec![country("BOL"), country("PER")]),
                    location: Some(text("Santa Cruz")),
                    planned_start: Some(date(2020, 6, 2)),
                    ..CorrectedFields::default()
                },
            }),
        ),
        (
            "ActivityCancelled",
            "1.0",
            ActivityEvent::ActivityCancelled(Cancelled { reason: text("Security situation in Bamako.") }),
        ),
        ("ActivityReported", "1.0", ActivityEvent::ActivityReported),
    ];
    assert_decode_as_written("Activity", cases);
}

/// The amendments of what happened, and the voiding, at 1.0.
#[test]
fn the_amendment_events_at_1_0_decode_as_written() {
    let cases = vec![
        (
            "DeliveryAmended",
            "1.0",
            ActivityEvent::DeliveryAmended(DeliveryAmended {
                reason: text("The attendance sheet showed the workshop started a day earlier."),
                start: date(2019, 10, 20),
                end: date(2019, 10, 24),
                mode: DeliveryMode::Hybrid,
            }),
        ),
        (
            "ParticipantsAmended",
            "1.0",
            ActivityEvent::ParticipantsAmended(ParticipantsAmended {
                reason: text("Two participants were counted twice."),
                participants: ParticipantsTallied {
                    by_institution: Some(BTreeMap::from([
                        (Institution::Judges, Headcount::new(6)),
                        (Institution::Prosecutors, Headcount::new(5)),
                    ])),
                    ..tallied(7, 9, 1)
                },
            }),
        ),
        (
            "FundingAmended",
            "1.0",
            ActivityEvent::FundingAmended(FundingAmended {
                reason: text("Attributed to the wrong donor."),
                line: 1,
                donor: text("Sweden"),
                organisation_id: None,
                amount: decimal("5000.00"),
                currency: currency("SEK"),
            }),
        ),
        (
            "OutputAmended",
            "1.0",
            ActivityEvent::OutputAmended(OutputAmended {
                reason: text("The manual's title was misspelled."),
                output: 0,
                kind: OutputKind::ManualPublished,
                description: text("Guide to drafting outgoing MLA requests."),
            }),
        ),
        (
            "OutputRemoved",
            "1.0",
            ActivityEvent::OutputRemoved(OutputRemoved { reason: text("Recorded twice."), output: 1 }),
        ),
        (
            "ActivityVoided",
            "1.0",
            ActivityEvent::ActivityVoided(Voided {
                reason: text("A duplicate of the activity recorded by the regional office."),
            }),
        ),
    ];
    assert_decode_as_written("Activity", cases);
}

/// The 1.1 versions: funding that names its organisation, a correction that can clear the
/// description.
#[test]
fn the_events_at_1_1_decode_as_written() {
    let cases = vec![
        (
            "FundingAttributed",
            "1.1",
            ActivityEvent::FundingAttributed(FundingAttributed {
                donor: text("United States"),
                organisation_id: Some(organisation("5f0c2b1e-7d4a-4c1b-9a51-3e0d6b2c8f11")),
                amount: decimal("48000.00"),
                currency: currency("USD"),
            }),
        ),
        (
            "FundingAmended",
            "1.1",
            ActivityEvent::FundingAmended(FundingAmended {
                reason: text("Attributed to the wrong donor."),
                line: 1,
                donor: text("Norway"),
                organisation_id: Some(organisation("9b7e4d2a-1c3f-4e5a-8b6d-0f2a4c6e8a10")),
                amount: decimal("5000.00"),
                currency: currency("NOK"),
            }),
        ),
        (
            "ActivityCorrected",
            "1.1",
            ActivityEvent::ActivityCorrected(Corrected {
                reason: text("description was a draft; title completed"),
                changes: CorrectedFields {
                    title: Some(text("Workshop on mutual legal assistance in criminal matters")),
                    description: Some(None),
                    ..CorrectedFields::default()
                },
            }),
        ),
    ];
    assert_decode_as_written("Activity", cases);
}

/// The amount keeps its written scale: "48000.00", not "48000".
#[test]
fn funding_attributed_1_0_keeps_the_amount_as_written() {
    let event: ActivityEvent = decoded("FundingAttributed", "1.0", "Activity");
    let ActivityEvent::FundingAttributed(funding) = event else { unreachable!() };
    assert_eq!(funding.amount.to_string(), "48000.00");
}

/// A stream written partly before and partly after `ActivityCorrected` 1.1, folded as the
/// store folds it: the 1.0 correction still sets its fields, the 1.1 one clears the description.
#[test]
fn a_stream_mixing_1_0_and_1_1_folds_through_the_upcaster() {
    use cqrs_es::Aggregate;
    let stream = [("ActivityPlanned", "1.0"), ("ActivityCorrected", "1.0"), ("ActivityCorrected", "1.1")];
    let mut activity = Activity::default();
    for (event_type, version) in stream {
        activity.apply(decoded::<ActivityEvent>(event_type, version, "Activity"));
    }
    let record = activity.record().expect("a planned activity");
    assert_eq!(record.planned.location, text("Santa Cruz"), "the 1.0 correction applies");
    assert_eq!(record.planned.countries, vec![country("BOL"), country("PER")]);
    assert_eq!(record.planned.title, text("Workshop on mutual legal assistance in criminal matters"));
    assert_eq!(record.planned.description, None, "the 1.1 correction cleared it");

    // A 1.0 correction that says `"description": null` meant "unchanged": it still does.
    let old: ActivityEvent = decode(
        "ActivityCorrected",
        "1.0",
        &serde_json::json!({"ActivityCorrected": {"reason": "r", "changes": {"title": "T", "description": null}}}),
    )
    .expect("a 1.0 correction decodes");
    let ActivityEvent::ActivityCorrected(old) = old else { panic!("a correction") };
    assert_eq!(old.changes.description, None);
}
