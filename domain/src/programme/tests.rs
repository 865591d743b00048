//! The `Programme` aggregate, given / when / then: one test per event and per rule.
//!
//! The fixture is the Global Firearms Programme and a contribution from the European Union.

use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use cqrs_es::{Aggregate, DomainEvent};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{Contribution, Programme, ProgrammeCommand, ProgrammeError, ProgrammeRecord, RegisterProgramme};
use crate::bounds::{ControlCharacter, DateOutOfRange};
use crate::events::programme::ContributionRecorded;
use crate::events::{ProgrammeEvent, ProgrammeRegistration};
use crate::money::AmountError;
use crate::testing::assert_refused;
use crate::values::{Currency, NonEmptyText, ProgrammeCode, ProgrammeId};
use crate::vocabulary::ThematicArea;

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

fn programme() -> TestFramework<Programme> {
    TestFramework::with(())
}

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

/// What registering the Global Firearms Programme records.
fn registration() -> ProgrammeRegistration {
    ProgrammeRegistration {
        code: ProgrammeCode::parse("GLOFIREARMS").expect("test programme code"),
        name: text("Global Firearms Programme"),
        thematic_area: ThematicArea::Firearms,
        start: Some(day(2011, 1, 1)),
        end: Some(day(2025, 12, 31)),
    }
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
fn registering_a_new_programme_records_programme_registered() {
    programme()
        .given_no_previous_events()
        .when(ProgrammeCommand::Register(register()))
        .then_expect_events(vec![registered()]);
}

#[test]
fn registering_a_programme_without_dates_is_accepted() {
    let undated = RegisterProgramme { start: None, end: None, ..register() };
    let expected = ProgrammeRegistration { start: None, end: None, ..registration() };
    programme()
        .given_no_previous_events()
        .when(ProgrammeCommand::Register(undated))
        .then_expect_events(vec![ProgrammeEvent::ProgrammeRegistered(expected)]);
}

#[test]
fn registering_a_programme_that_starts_and_ends_the_same_day_is_accepted() {
    let one_day = RegisterProgramme { end: Some(day(2011, 1, 1)), ..register() };
    let expected = ProgrammeRegistration { end: Some(day(2011, 1, 1)), ..registration() };
    programme()
        .given_no_previous_events()
        .when(ProgrammeCommand::Register(one_day))
        .then_expect_events(vec![ProgrammeEvent::ProgrammeRegistered(expected)]);
}

#[test]
fn recording_a_contribution_records_contribution_recorded() {
    programme()
        .given(vec![registered()])
        .when(ProgrammeCommand::RecordContribution(eu_contribution()))
        .then_expect_events(vec![ProgrammeEvent::ContributionRecorded(ContributionRecorded {
            donor: text("European Union"),
            organisation_id: None,
            amount: "1500000.00".parse().expect("decimal"),
            currency: Currency::parse("EUR").expect("EUR"),
            received_on: day(2019, 3, 15),
        })]);
}

#[test]
fn recording_a_contribution_of_an_organisation_records_its_id_beside_the_name() {
    let eu = crate::values::OrganisationId::new(Uuid::from_u128(0xE0));
    let by_id = Contribution { organisation_id: Some(eu), ..eu_contribution() };
    programme()
        .given(vec![registered()])
        .when(ProgrammeCommand::RecordContribution(by_id))
        .then_expect_events(vec![ProgrammeEvent::ContributionRecorded(ContributionRecorded {
            donor: text("European Union"),
            organisation_id: Some(eu),
            amount: "1500000.00".parse().expect("decimal"),
            currency: Currency::parse("EUR").expect("EUR"),
            received_on: day(2019, 3, 15),
        })]);
}

#[test]
fn recording_a_contribution_in_a_currency_without_cents_is_accepted() {
    let yen = contribution("Government of Japan", "150000000", "JPY");
    programme()
        .given(vec![registered()])
        .when(ProgrammeCommand::RecordContribution(yen.clone()))
        .then_expect_events(vec![ProgrammeEvent::ContributionRecorded(ContributionRecorded {
            donor: text("Government of Japan"),
            organisation_id: None,
            amount: "150000000".parse().expect("decimal"),
            currency: Currency::parse("JPY").expect("JPY"),
            received_on: day(2019, 3, 15),
        })]);
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

#[test]
fn recording_a_contribution_to_an_unregistered_programme_is_refused() {
    programme()
        .given_no_previous_events()
        .when(ProgrammeCommand::RecordContribution(eu_contribution()))
        .then_expect_error(ProgrammeError::NotRegistered);
}

#[test]
fn registering_a_programme_twice_is_refused() {
    programme()
        .given(vec![registered()])
        .when(ProgrammeCommand::Register(register()))
        .then_expect_error(ProgrammeError::AlreadyRegistered);
}

#[test]
fn registering_a_programme_that_ends_before_it_starts_is_refused() {
    let backwards = RegisterProgramme { end: Some(day(2010, 12, 31)), ..register() };
    programme()
        .given_no_previous_events()
        .when(ProgrammeCommand::Register(backwards))
        .then_expect_error(ProgrammeError::EndBeforeStart);
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
    let events = [
        (registered(), "ProgrammeRegistered"),
        (ProgrammeEvent::ContributionRecorded(eu_contribution().into()), "ContributionRecorded"),
    ];
    for (event, name) in events {
        assert_eq!(event.event_type(), name);
        let version = if name == "ContributionRecorded" { "1.1" } else { "1.0" };
        assert_eq!(event.event_version(), version, "{name}");
        let json = serde_json::to_string(&event).expect("events serialize");
        let back: ProgrammeEvent = serde_json::from_str(&json).expect("events deserialize");
        assert_eq!(back, event, "{json}");
    }
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
    programme()
        .given_no_previous_events()
        .when(ProgrammeCommand::Register(named))
        .then_expect_error(ProgrammeError::Text(ControlCharacter { field: "name".to_owned() }));
    programme()
        .given(vec![registered()])
        .when(ProgrammeCommand::RecordContribution(contribution("European\u{8}Union", "1.00", "EUR")))
        .then_expect_error(ProgrammeError::Text(ControlCharacter { field: "donor".to_owned() }));
}
