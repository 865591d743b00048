//! Stored events outlive the code that wrote them. Each file under `fixtures/events/v1/` is one
//! event type at version 1.0 exactly as the store holds it (payload, event type and version,
//! metadata); the files are never edited. A change of an event's shape adds a version, a new
//! fixture and an upcaster, and this test keeps proving that every old event still reads as the
//! value written out below.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tatrack_domain::events::activity::{
    Cancelled, Corrected, CorrectedFields, Delivered, DeliveryAmended, FundingAmended, FundingAttributed,
    FundingWithdrawn, Headcounts, OutputAmended, OutputRecorded, OutputRemoved, ParticipantsAmended,
    ParticipantsTallied, Rescheduled, Voided,
};
use tatrack_domain::events::organisation::OrganisationCorrected;
use tatrack_domain::events::programme::ContributionRecorded;
use tatrack_domain::events::results::{
    ActualReported, CountRule, IndicatorDefined, IndicatorRevised, IndicatorTerms, IndicatorUnit,
    OutcomeDefined, YearValue,
};
use tatrack_domain::events::token::{GrantedScope, TokenCreated};
use tatrack_domain::events::{
    current_version, decode, decode_str, OrganisationDetails, OrganisationEvent, PlannedFields,
    ProgrammeRegistration,
};
use tatrack_domain::token::{Role, TokenEvent};
use tatrack_domain::values::{
    CountryCode, Currency, Headcount, IatiOrgId, IndicatorId, NonEmptyText, OrganisationId, OutcomeId,
    ProgrammeCode, ProgrammeId,
};
use tatrack_domain::vocabulary::{
    ActivityKind, DeliveryMode, Institution, OrganisationType, OutputKind, ThematicArea,
};
use tatrack_domain::{Activity, ActivityEvent, ProgrammeEvent};

/// One stored event, as `fixtures/events/v1/<event_type>-<event_version>.json` holds it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    aggregate_type: String,
    event_type: String,
    event_version: String,
    payload: serde_json::Value,
    metadata: HashMap<String, String>,
}

fn fixture(event_type: &str, version: &str) -> Fixture {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/fixtures/events/v1/{event_type}-{version}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let fixture: Fixture = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(fixture.event_type, event_type, "{}", path.display());
    assert_eq!(fixture.event_version, version, "{}", path.display());
    fixture
}

/// Decodes the fixture's payload as every reader of the log does, and checks that the event
/// names itself with the fixture's type, and that decoding the stored text gives the same event.
fn decoded<E: DeserializeOwned + cqrs_es::DomainEvent + PartialEq + std::fmt::Debug>(
    event_type: &str,
    version: &str,
    aggregate_type: &str,
) -> E {
    let fixture = fixture(event_type, version);
    assert_eq!(fixture.aggregate_type, aggregate_type);
    let event: E = decode(event_type, version, &fixture.payload)
        .unwrap_or_else(|e| panic!("{event_type} {version} no longer decodes: {e}"));
    assert_eq!(event.event_type(), event_type);
    let text = serde_json::to_string(&fixture.payload).expect("a payload as text");
    let from_text: E = decode_str(event_type, version, &text)
        .unwrap_or_else(|e| panic!("{event_type} {version} no longer decodes from text: {e}"));
    assert_eq!(from_text, event, "{event_type} {version}: the text decodes as the value does");
    event
}

fn text(s: &str) -> NonEmptyText {
    NonEmptyText::parse(s).expect("fixture text")
}

fn country(code: &str) -> CountryCode {
    CountryCode::parse(code).expect("fixture country")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("fixture date")
}

fn decimal(s: &str) -> Decimal {
    s.parse().expect("fixture amount")
}

fn currency(code: &str) -> Currency {
    Currency::parse(code).expect("fixture currency")
}

fn programme_id(id: &str) -> ProgrammeId {
    ProgrammeId::new(id.parse().expect("fixture uuid"))
}

fn headcounts(female: u32, male: u32, other: u32) -> Headcounts {
    Headcounts {
        female: Headcount::new(female),
        male: Headcount::new(male),
        other_or_undisclosed: Headcount::new(other),
    }
}

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
    ]
    .iter()
    .map(|name| format!("{name}-1.0.json"))
    .chain(
        ["ActivityCorrected", "FundingAttributed", "FundingAmended", "ContributionRecorded", "TokenCreated"]
            .iter()
            .map(|name| format!("{name}-1.1.json")),
    )
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

#[test]
fn activity_planned_1_0() {
    let event: ActivityEvent = decoded("ActivityPlanned", "1.0", "Activity");
    let expected = ActivityEvent::ActivityPlanned(PlannedFields {
        programme_id: programme_id("00000000-0000-4000-8000-000000000104"),
        kind: ActivityKind::Workshop,
        title: text("Training workshop on mutual legal assistance"),
        countries: vec![country("SAU")],
        location: text("Riyadh"),
        planned_start: date(2019, 10, 20),
        planned_end: date(2019, 10, 24),
        description: Some(text("Joint activity to streamline mutual legal assistance.")),
    });
    assert_eq!(event, expected);
}

#[test]
fn activity_rescheduled_1_0() {
    let event: ActivityEvent = decoded("ActivityRescheduled", "1.0", "Activity");
    let expected = ActivityEvent::ActivityRescheduled(Rescheduled {
        planned_start: date(2019, 9, 16),
        planned_end: date(2019, 9, 18),
        reason: Some(text("Moved to avoid the Pacific Islands Forum Leaders Meeting.")),
    });
    assert_eq!(event, expected);
}

#[test]
fn activity_delivered_1_0() {
    let event: ActivityEvent = decoded("ActivityDelivered", "1.0", "Activity");
    let expected = ActivityEvent::ActivityDelivered(Delivered {
        start: date(2019, 10, 20),
        end: date(2019, 10, 24),
        mode: DeliveryMode::InPerson,
    });
    assert_eq!(event, expected);
}

#[test]
fn participants_recorded_1_0() {
    let event: ActivityEvent = decoded("ParticipantsRecorded", "1.0", "Activity");
    let expected = ActivityEvent::ParticipantsRecorded(ParticipantsTallied {
        female: Headcount::new(7),
        male: Headcount::new(11),
        other_or_undisclosed: Headcount::new(1),
        by_institution: Some(BTreeMap::from([
            (Institution::Judges, Headcount::new(6)),
            (Institution::Police, Headcount::new(6)),
            (Institution::Prosecutors, Headcount::new(5)),
        ])),
        by_country: Some(BTreeMap::from([
            (country("ARM"), headcounts(3, 5, 0)),
            (country("GEO"), headcounts(4, 6, 1)),
        ])),
    });
    assert_eq!(event, expected);
}

#[test]
fn funding_attributed_1_0() {
    let event: ActivityEvent = decoded("FundingAttributed", "1.0", "Activity");
    let expected = ActivityEvent::FundingAttributed(FundingAttributed {
        donor: text("United States of America"),
        organisation_id: None,
        amount: decimal("48000.00"),
        currency: currency("USD"),
    });
    assert_eq!(event, expected);
    // The amount keeps its written scale: "48000.00", not "48000".
    let ActivityEvent::FundingAttributed(funding) = event else { unreachable!() };
    assert_eq!(funding.amount.to_string(), "48000.00");
}

#[test]
fn funding_withdrawn_1_0() {
    let event: ActivityEvent = decoded("FundingWithdrawn", "1.0", "Activity");
    let expected = ActivityEvent::FundingWithdrawn(FundingWithdrawn {
        donor: text("United States of America"),
        reason: text("Funds reallocated to a joint operation."),
    });
    assert_eq!(event, expected);
}

#[test]
fn output_recorded_1_0() {
    let event: ActivityEvent = decoded("OutputRecorded", "1.0", "Activity");
    let expected = ActivityEvent::OutputRecorded(OutputRecorded {
        kind: OutputKind::LawDrafted,
        description: text("Draft national firearms law aligned with the Firearms Protocol."),
    });
    assert_eq!(event, expected);
}

#[test]
fn activity_corrected_1_0() {
    let event: ActivityEvent = decoded("ActivityCorrected", "1.0", "Activity");
    let expected = ActivityEvent::ActivityCorrected(Corrected {
        reason: text("training took place in Santa Cruz"),
        changes: CorrectedFields {
            countries: Some(vec![country("BOL"), country("PER")]),
            location: Some(text("Santa Cruz")),
            planned_start: Some(date(2020, 6, 2)),
            ..CorrectedFields::default()
        },
    });
    assert_eq!(event, expected);
}

#[test]
fn activity_cancelled_1_0() {
    let event: ActivityEvent = decoded("ActivityCancelled", "1.0", "Activity");
    let expected =
        ActivityEvent::ActivityCancelled(Cancelled { reason: text("Security situation in Bamako.") });
    assert_eq!(event, expected);
}

#[test]
fn activity_reported_1_0() {
    let event: ActivityEvent = decoded("ActivityReported", "1.0", "Activity");
    assert_eq!(event, ActivityEvent::ActivityReported);
}

#[test]
fn delivery_amended_1_0() {
    let event: ActivityEvent = decoded("DeliveryAmended", "1.0", "Activity");
    let expected = ActivityEvent::DeliveryAmended(DeliveryAmended {
        reason: text("The attendance sheet showed the workshop started a day earlier."),
        start: date(2019, 10, 20),
        end: date(2019, 10, 24),
        mode: DeliveryMode::Hybrid,
    });
    assert_eq!(event, expected);
}

#[test]
fn participants_amended_1_0() {
    let event: ActivityEvent = decoded("ParticipantsAmended", "1.0", "Activity");
    let expected = ActivityEvent::ParticipantsAmended(ParticipantsAmended {
        reason: text("Two participants were counted twice."),
        participants: ParticipantsTallied {
            female: Headcount::new(7),
            male: Headcount::new(9),
            other_or_undisclosed: Headcount::new(1),
            by_institution: Some(BTreeMap::from([
                (Institution::Judges, Headcount::new(6)),
                (Institution::Prosecutors, Headcount::new(5)),
            ])),
            by_country: None,
        },
    });
    assert_eq!(event, expected);
}

#[test]
fn funding_amended_1_0() {
    let event: ActivityEvent = decoded("FundingAmended", "1.0", "Activity");
    let expected = ActivityEvent::FundingAmended(FundingAmended {
        reason: text("Attributed to the wrong donor."),
        line: 1,
        donor: text("Sweden"),
        organisation_id: None,
        amount: decimal("5000.00"),
        currency: currency("SEK"),
    });
    assert_eq!(event, expected);
}

#[test]
fn output_amended_1_0() {
    let event: ActivityEvent = decoded("OutputAmended", "1.0", "Activity");
    let expected = ActivityEvent::OutputAmended(OutputAmended {
        reason: text("The manual's title was misspelled."),
        output: 0,
        kind: OutputKind::ManualPublished,
        description: text("Guide to drafting outgoing MLA requests."),
    });
    assert_eq!(event, expected);
}

#[test]
fn output_removed_1_0() {
    let event: ActivityEvent = decoded("OutputRemoved", "1.0", "Activity");
    let expected = ActivityEvent::OutputRemoved(OutputRemoved { reason: text("Recorded twice."), output: 1 });
    assert_eq!(event, expected);
}

#[test]
fn activity_voided_1_0() {
    let event: ActivityEvent = decoded("ActivityVoided", "1.0", "Activity");
    let expected = ActivityEvent::ActivityVoided(Voided {
        reason: text("A duplicate of the activity recorded by the regional office."),
    });
    assert_eq!(event, expected);
}

#[test]
fn programme_registered_1_0() {
    let event: ProgrammeEvent = decoded("ProgrammeRegistered", "1.0", "Programme");
    let expected = ProgrammeEvent::ProgrammeRegistered(ProgrammeRegistration {
        code: ProgrammeCode::parse("GLOFIREARMS").expect("code"),
        name: text("Global Firearms Programme"),
        thematic_area: ThematicArea::Firearms,
        start: Some(date(2011, 1, 1)),
        end: None,
    });
    assert_eq!(event, expected);
}

#[test]
fn contribution_recorded_1_0() {
    let event: ProgrammeEvent = decoded("ContributionRecorded", "1.0", "Programme");
    let expected = ProgrammeEvent::ContributionRecorded(ContributionRecorded {
        donor: text("European Union"),
        organisation_id: None,
        amount: decimal("2400000.00"),
        currency: currency("EUR"),
        received_on: date(2019, 3, 1),
    });
    assert_eq!(event, expected);
}

#[test]
fn token_created_1_0() {
    let event: TokenEvent = decoded("TokenCreated", "1.0", "Token");
    let expected = TokenEvent::TokenCreated(TokenCreated {
        role: Role::Donor,
        scope: GrantedScope { donor: Some(text("European Union")), ..GrantedScope::default() },
        expires_at: Some(Utc.with_ymd_and_hms(2027, 12, 31, 0, 0, 0).single().expect("instant")),
    });
    assert_eq!(event, expected);
}

fn organisation(id: &str) -> OrganisationId {
    OrganisationId::new(id.parse().expect("fixture uuid"))
}

#[test]
fn funding_attributed_1_1_names_the_organisation() {
    let event: ActivityEvent = decoded("FundingAttributed", "1.1", "Activity");
    let expected = ActivityEvent::FundingAttributed(FundingAttributed {
        donor: text("United States"),
        organisation_id: Some(organisation("5f0c2b1e-7d4a-4c1b-9a51-3e0d6b2c8f11")),
        amount: decimal("48000.00"),
        currency: currency("USD"),
    });
    assert_eq!(event, expected);
}

#[test]
fn funding_amended_1_1_names_the_organisation() {
    let event: ActivityEvent = decoded("FundingAmended", "1.1", "Activity");
    let expected = ActivityEvent::FundingAmended(FundingAmended {
        reason: text("Attributed to the wrong donor."),
        line: 1,
        donor: text("Norway"),
        organisation_id: Some(organisation("9b7e4d2a-1c3f-4e5a-8b6d-0f2a4c6e8a10")),
        amount: decimal("5000.00"),
        currency: currency("NOK"),
    });
    assert_eq!(event, expected);
}

#[test]
fn contribution_recorded_1_1_names_the_organisation() {
    let event: ProgrammeEvent = decoded("ContributionRecorded", "1.1", "Programme");
    let expected = ProgrammeEvent::ContributionRecorded(ContributionRecorded {
        donor: text("EU"),
        organisation_id: Some(organisation("3a1d9c7e-2b4f-4a6c-8e0d-1f3b5d7a9c21")),
        amount: decimal("2400000.00"),
        currency: currency("EUR"),
        received_on: date(2019, 3, 1),
    });
    assert_eq!(event, expected);
}

#[test]
fn token_created_1_1_scopes_a_donor_to_an_organisation() {
    let event: TokenEvent = decoded("TokenCreated", "1.1", "Token");
    let expected = TokenEvent::TokenCreated(TokenCreated {
        role: Role::Donor,
        scope: GrantedScope {
            donor: Some(text("European Union")),
            organisation: Some(organisation("3a1d9c7e-2b4f-4a6c-8e0d-1f3b5d7a9c21")),
            ..GrantedScope::default()
        },
        expires_at: None,
    });
    assert_eq!(event, expected);
}

#[test]
fn token_revoked_1_0() {
    let event: TokenEvent = decoded("TokenRevoked", "1.0", "Token");
    assert_eq!(event, TokenEvent::TokenRevoked);
}

#[test]
fn activity_corrected_1_1_can_clear_the_description() {
    let event: ActivityEvent = decoded("ActivityCorrected", "1.1", "Activity");
    let expected = ActivityEvent::ActivityCorrected(Corrected {
        reason: text("description was a draft; title completed"),
        changes: CorrectedFields {
            title: Some(text("Workshop on mutual legal assistance in criminal matters")),
            description: Some(None),
            ..CorrectedFields::default()
        },
    });
    assert_eq!(event, expected);
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
            _ => decode::<TokenEvent>(event_type, version, &payload).is_ok(),
        };
        assert!(decodes, "{} with an added field", path.display());
    }
}

fn year_value(year: i32, value: &str) -> YearValue {
    YearValue { year, value: decimal(value) }
}

fn uuid(id: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(id).expect("fixture id")
}

#[test]
fn outcome_defined_1_0() {
    let event: ProgrammeEvent = decoded("OutcomeDefined", "1.0", "Programme");
    let expected = ProgrammeEvent::OutcomeDefined(OutcomeDefined {
        outcome_id: OutcomeId::new(uuid("00000000-0000-4000-8000-000000000301")),
        name: text("Stronger firearms controls"),
    });
    assert_eq!(event, expected);
}

#[test]
fn indicator_defined_1_0() {
    let event: ProgrammeEvent = decoded("IndicatorDefined", "1.0", "Programme");
    let expected = ProgrammeEvent::IndicatorDefined(IndicatorDefined {
        indicator_id: IndicatorId::new(uuid("00000000-0000-4000-8000-000000000311")),
        outcome_id: OutcomeId::new(uuid("00000000-0000-4000-8000-000000000301")),
        name: text("People trained"),
        unit: IndicatorUnit::Number,
        by_sex: true,
        baseline: Some(year_value(2022, "0")),
        targets: vec![year_value(2024, "300"), year_value(2025, "450")],
        count: Some(CountRule::Participants { kind: Some(ActivityKind::Training) }),
    });
    assert_eq!(event, expected);
}

#[test]
fn indicator_revised_1_0() {
    let event: ProgrammeEvent = decoded("IndicatorRevised", "1.0", "Programme");
    let expected = ProgrammeEvent::IndicatorRevised(IndicatorRevised {
        indicator_id: IndicatorId::new(uuid("00000000-0000-4000-8000-000000000312")),
        reason: text("donor agreed new targets"),
        before: IndicatorTerms {
            name: text("Seized firearms traced"),
            baseline: Some(year_value(2022, "12.5")),
            targets: vec![year_value(2024, "40")],
        },
        after: IndicatorTerms {
            name: text("Seized firearms traced"),
            baseline: None,
            targets: vec![year_value(2024, "45.5")],
        },
    });
    assert_eq!(event, expected);
}

#[test]
fn actual_reported_1_0() {
    let event: ProgrammeEvent = decoded("ActualReported", "1.0", "Programme");
    let expected = ProgrammeEvent::ActualReported(ActualReported {
        indicator_id: IndicatorId::new(uuid("00000000-0000-4000-8000-000000000312")),
        year: 2024,
        value: decimal("37.5"),
        reason: text("national tracing report"),
    });
    assert_eq!(event, expected);
}

#[test]
fn organisation_registered_1_0() {
    let event: OrganisationEvent = decoded("OrganisationRegistered", "1.0", "Organisation");
    let expected = OrganisationEvent::OrganisationRegistered(OrganisationDetails {
        name: text("European Union"),
        iati_identifier: Some(IatiOrgId::parse("XI-IATI-EC_INTPA").expect("IATI identifier")),
        organisation_type: OrganisationType::Multilateral,
        country: None,
        aliases: vec![text("EU")],
    });
    assert_eq!(event, expected);
}

#[test]
fn organisation_corrected_1_0() {
    let event: OrganisationEvent = decoded("OrganisationCorrected", "1.0", "Organisation");
    let expected = OrganisationEvent::OrganisationCorrected(OrganisationCorrected {
        reason: text("The desk records it as USA."),
        details: OrganisationDetails {
            name: text("United States of America"),
            iati_identifier: Some(IatiOrgId::parse("US-GOV-1").expect("IATI identifier")),
            organisation_type: OrganisationType::Government,
            country: Some(CountryCode::parse("USA").expect("country")),
            aliases: vec![text("Government of the United States"), text("USA")],
        },
    });
    assert_eq!(event, expected);
}
