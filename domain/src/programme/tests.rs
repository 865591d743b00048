//! The `Programme` aggregate, given / when / then: one test per event and per rule.
//!
//! The fixture is the Global Firearms Programme and a contribution from the European Union.

use chrono::NaiveDate;
use cqrs_es::Aggregate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{Contribution, Programme, ProgrammeCommand, ProgrammeError, ProgrammeRecord, RegisterProgramme};
use crate::bounds::{ControlCharacter, DateOutOfRange};
use crate::events::programme::ContributionRecorded;
use crate::events::{ProgrammeEvent, ProgrammeRegistration};
use crate::money::AmountError;
use crate::testing::{
    assert_each_recorded, assert_each_refused, assert_named_and_round_trip, assert_refused,
};
use crate::values::{Currency, NonEmptyText, OrganisationId, ProgrammeCode, ProgrammeId};
use crate::vocabulary::ThematicArea;

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("test date is a real day")
}

fn text(value: &str) -> NonEmptyText {
    NonEmptyText::parse(value).expect("test text is not empty")
}

fn programme_id() -> ProgrammeId {
    ProgrammeId::new(Uuid::parse_str("0f3e6b1a-8c2d-4e5f-a6b7-c8d9e0f1a2b3").expect("test programme id"))
}

/// The command that registers the Global Firearms Programme.
fn register() -> RegisterProgramme {
    RegisterProgramme {
        id: programme_id(),
        code: ProgrammeCode::parse("GLOFIREARMS").expect("test programme code"),
        name: text("Global Firearms Programme"),
        thematic_area: ThematicArea::Firearms,
        start: Some(day(2011, 1, 1)),
        end: Some(day(2025, 12, 31)),
    }
}

/// What registering the Global Firearms Programme records: the command's fields, all but its id.
fn registration() -> ProgrammeRegistration {
    let RegisterProgramme { id: _, code, name, thematic_area, start, end } = register();
    ProgrammeRegistration { code, name, thematic_area, start, end }
}

fn registered() -> ProgrammeEvent {
    ProgrammeEvent::ProgrammeRegistered(registration())
}

fn contribution(donor: &str, amount: &str, currency: &str) -> Contribution {
    Contribution {
        donor: text(donor),
        organisation_id: None,
        amount: amount.parse::<Decimal>().expect("test amount is a decimal"),
        currency: Currency::parse(currency).expect("test currency is an ISO 4217 code"),
        received_on: day(2019, 3, 15),
    }
}

fn eu_contribution() -> Contribution {
    contribution("European Union", "1500000.00", "EUR")
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

#[test]
fn registering_a_programme_records_programme_registered() {
    let undated = RegisterProgramme { start: None, end: None, ..register() };
    let one_day = RegisterProgramme { end: Some(day(2011, 1, 1)), ..register() };
    assert_each_recorded::<Programme>(vec![
        // A new programme.
        (vec![], ProgrammeCommand::Register(register()), vec![registered()]),
        // Without dates.
        (
            vec![],
            ProgrammeCommand::Register(undated),
            vec![ProgrammeEvent::ProgrammeRegistered(ProgrammeRegistration {
                start: None,
                end: None,
                ..registration()
            })],
        ),
        // Starting and ending the same day.
        (
            vec![],
            ProgrammeCommand::Register(one_day),
            vec![ProgrammeEvent::ProgrammeRegistered(ProgrammeRegistration {
                end: Some(day(2011, 1, 1)),
                ..registration()
            })],
        ),
    ]);
}

/// What recording a contribution on 15 March 2019 records.
fn contribution_recorded(
    donor: &str,
    organisation_id: Option<OrganisationId>,
    amount: &str,
    currency: &str,
) -> ProgrammeEvent {
    ProgrammeEvent::ContributionRecorded(ContributionRecorded {
        donor: text(donor),
        organisation_id,
        amount: amount.parse().expect("decimal"),
        currency: Currency::parse(currency).expect("currency"),
        received_on: day(2019, 3, 15),
    })
}

#[test]
fn recording_a_contribution_records_contribution_recorded() {
    let eu = OrganisationId::new(Uuid::from_u128(0xE0));
    let by_id = Contribution { organisation_id: Some(eu), ..eu_contribution() };
    let yen = contribution("Government of Japan", "150000000", "JPY");
    assert_each_recorded::<Programme>(vec![
        // A donor's contribution.
        (
            vec![registered()],
            ProgrammeCommand::RecordContribution(eu_contribution()),
            vec![contribution_recorded("European Union", None, "1500000.00", "EUR")],
        ),
        // An organisation's, its id beside the name.
        (
            vec![registered()],
            ProgrammeCommand::RecordContribution(by_id),
            vec![contribution_recorded("European Union", Some(eu), "1500000.00", "EUR")],
        ),
        // In a currency without cents.
        (
            vec![registered()],
            ProgrammeCommand::RecordContribution(yen),
            vec![contribution_recorded("Government of Japan", None, "150000000", "JPY")],
        ),
    ]);
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

#[test]
fn a_command_breaking_a_programme_rule_is_refused() {
    let backwards = RegisterProgramme { end: Some(day(2010, 12, 31)), ..register() };
    assert_each_refused::<Programme>(vec![
        // A contribution to an unregistered programme.
        (vec![], ProgrammeCommand::RecordContribution(eu_contribution()), ProgrammeError::NotRegistered),
        // Registering twice.
        (vec![registered()], ProgrammeCommand::Register(register()), ProgrammeError::AlreadyRegistered),
        // A programme that ends before it starts.
        (vec![], ProgrammeCommand::Register(backwards), ProgrammeError::EndBeforeStart),
    ]);
}

#[test]
fn a_contribution_not_positive_over_ten_trillion_or_too_precise_is_refused() {
    let cases = [
        ("0", AmountError::NotPositive),
        ("-1500000.00", AmountError::NotPositive),
        ("79228162514264337593543950335", AmountError::TooLarge),
        ("1500000.001", AmountError::TooPrecise { currency: "EUR", digits: 2 }),
        // Zeros count as decimals too: an amount is kept as it is written.
        ("12.000", AmountError::TooPrecise { currency: "EUR", digits: 2 }),
    ];
    for (amount, error) in cases {
        let command = ProgrammeCommand::RecordContribution(contribution("European Union", amount, "EUR"));
        assert_refused::<Programme>(vec![registered()], command, ProgrammeError::Amount(error));
    }
}

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

#[test]
fn a_programme_without_registration_has_no_record() {
    let mut programme = Programme::default();
    assert_eq!(programme.record(), None);
    programme.apply(ProgrammeEvent::ContributionRecorded(eu_contribution().into()));
    assert_eq!(programme.record(), None, "a contribution alone opens no record");
}

#[test]
fn registration_and_contributions_build_the_programme_record_in_order() {
    let yen = contribution("Government of Japan", "150000000", "JPY");
    let mut programme = Programme::default();
    for event in [
        registered(),
        ProgrammeEvent::ContributionRecorded(eu_contribution().into()),
        ProgrammeEvent::ContributionRecorded(yen.clone().into()),
    ] {
        programme.apply(event);
    }
    let expected = ProgrammeRecord {
        registration: registration(),
        contributions: vec![eu_contribution(), yen],
        results: super::results::ResultsFramework::default(),
    };
    assert_eq!(programme.record(), Some(&expected));
}

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

#[test]
fn a_registration_with_an_invalid_code_does_not_deserialize() {
    let json = serde_json::json!({
        "id": programme_id(),
        "code": "glo firearms",
        "name": "Global Firearms Programme",
        "thematic_area": "firearms",
    });
    let error = serde_json::from_str::<RegisterProgramme>(&json.to_string())
        .expect_err("a code is upper case without spaces");
    assert!(error.to_string().contains("'glo firearms' is not a programme code"), "{error}");
}

#[test]
fn every_programme_event_keeps_its_name_and_survives_a_json_round_trip() {
    assert_named_and_round_trip(vec![
        (registered(), "ProgrammeRegistered", "1.0"),
        (ProgrammeEvent::ContributionRecorded(eu_contribution().into()), "ContributionRecorded", "1.1"),
    ]);
}

// ---------------------------------------------------------------------------------------------
// Bounds: amounts, dates and text
// ---------------------------------------------------------------------------------------------

#[test]
fn dates_outside_1900_to_2200_are_refused_by_their_name() {
    let ancient = Contribution { received_on: day(0, 1, 1), ..eu_contribution() };
    let cases = [
        (
            vec![],
            ProgrammeCommand::Register(RegisterProgramme { start: Some(day(1899, 12, 31)), ..register() }),
            "start",
        ),
        (
            vec![],
            ProgrammeCommand::Register(RegisterProgramme { end: Some(day(2201, 1, 1)), ..register() }),
            "end",
        ),
        (vec![registered()], ProgrammeCommand::RecordContribution(ancient), "received_on"),
    ];
    for (given, command, field) in cases {
        assert_refused::<Programme>(given, command, ProgrammeError::Date(DateOutOfRange { field }));
    }
}

#[test]
fn control_characters_in_text_are_refused_by_their_path() {
    let named = RegisterProgramme { name: text("Global\u{0}Firearms"), ..register() };
    let donor = contribution("European\u{8}Union", "1.00", "EUR");
    assert_each_refused::<Programme>(vec![
        // In the name.
        (
            vec![],
            ProgrammeCommand::Register(named),
            ProgrammeError::Text(ControlCharacter { field: "name".to_owned() }),
        ),
        // In the donor.
        (
            vec![registered()],
            ProgrammeCommand::RecordContribution(donor),
            ProgrammeError::Text(ControlCharacter { field: "donor".to_owned() }),
        ),
    ]);
}
