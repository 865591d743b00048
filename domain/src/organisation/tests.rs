//! The `Organisation` aggregate, given / when / then: one test per event and per rule.
//!
//! The fixture is the European Union's directorate for international partnerships.

use cqrs_es::Aggregate;
use uuid::Uuid;

use super::{
    CorrectOrganisation, Organisation, OrganisationChanges, OrganisationCommand, OrganisationError,
    RegisterOrganisation,
};
use crate::bounds::ControlCharacter;
use crate::events::organisation::OrganisationCorrected;
use crate::events::{OrganisationDetails, OrganisationEvent};
use crate::testing::{assert_recorded, assert_refused};
use crate::values::{CountryCode, IatiOrgId, NonEmptyText, OrganisationId};
use crate::vocabulary::OrganisationType;

fn text(value: &str) -> NonEmptyText {
    NonEmptyText::parse(value).expect("test text is not empty")
}

fn iati(id: &str) -> IatiOrgId {
    IatiOrgId::parse(id).expect("test IATI identifier")
}

fn register() -> RegisterOrganisation {
    RegisterOrganisation {
        id: OrganisationId::new(Uuid::from_u128(0x0e0)),
        name: text("European Union"),
        iati_identifier: Some(iati("XI-IATI-EC_INTPA")),
        organisation_type: OrganisationType::Multilateral,
        country: None,
        aliases: vec![text("EU")],
    }
}

/// What registering the European Union records: the command's details, all but its id.
fn details() -> OrganisationDetails {
    let RegisterOrganisation { id: _, name, iati_identifier, organisation_type, country, aliases } =
        register();
    OrganisationDetails { name, iati_identifier, organisation_type, country, aliases }
}

fn registered() -> OrganisationEvent {
    OrganisationEvent::OrganisationRegistered(details())
}

fn correct(changes: OrganisationChanges) -> OrganisationCommand {
    OrganisationCommand::Correct(CorrectOrganisation { reason: text("the desk's spelling"), changes })
}

fn corrected(details: OrganisationDetails) -> OrganisationEvent {
    OrganisationEvent::OrganisationCorrected(OrganisationCorrected {
        reason: text("the desk's spelling"),
        details,
    })
}

/// Asserts that correcting the registered organisation with `changes` records `expected`, its
/// details as corrected.
fn assert_corrected(changes: OrganisationChanges, expected: OrganisationDetails) {
    assert_recorded::<Organisation>(vec![registered()], correct(changes), vec![corrected(expected)]);
}

/// Asserts that registering `register` records `expected` as the organisation's details.
fn assert_registered(register: RegisterOrganisation, expected: OrganisationDetails) {
    let registered = OrganisationEvent::OrganisationRegistered(expected);
    assert_recorded::<Organisation>(vec![], OrganisationCommand::Register(register), vec![registered]);
}

#[test]
fn registering_an_organisation_records_organisation_registered() {
    assert_registered(register(), details());
}

#[test]
fn registering_an_organisation_without_identifier_country_or_aliases_is_accepted() {
    let bare = RegisterOrganisation { iati_identifier: None, aliases: vec![], ..register() };
    let expected = OrganisationDetails { iati_identifier: None, aliases: vec![], ..details() };
    assert_registered(bare, expected);
}

#[test]
fn registering_an_organisation_twice_is_refused() {
    assert_refused::<Organisation>(
        vec![registered()],
        OrganisationCommand::Register(register()),
        OrganisationError::AlreadyRegistered,
    );
}

#[test]
fn an_alias_repeating_the_name_in_another_letter_case_is_refused() {
    let repeated = RegisterOrganisation { aliases: vec![text("EU"), text("european union")], ..register() };
    assert_refused::<Organisation>(
        vec![],
        OrganisationCommand::Register(repeated),
        OrganisationError::NameRepeated("european union".into()),
    );
}

#[test]
fn a_control_character_in_a_name_is_refused() {
    let bad = RegisterOrganisation { name: text("European\u{7}Union"), ..register() };
    assert_refused::<Organisation>(
        vec![],
        OrganisationCommand::Register(bad),
        OrganisationError::Text(ControlCharacter { field: "name".into() }),
    );
}

#[test]
fn correcting_an_organisation_records_its_details_as_corrected() {
    let changes = OrganisationChanges {
        aliases: Some(vec![text("EU"), text("European Commission")]),
        ..OrganisationChanges::default()
    };
    let expected =
        OrganisationDetails { aliases: vec![text("EU"), text("European Commission")], ..details() };
    assert_corrected(changes, expected);
}

#[test]
fn a_correction_clears_the_identifier_with_null_and_sets_the_country() {
    let changes = OrganisationChanges {
        iati_identifier: Some(None),
        country: Some(Some(CountryCode::parse("BEL").expect("country"))),
        organisation_type: Some(OrganisationType::OtherPublicSector),
        ..OrganisationChanges::default()
    };
    let expected = OrganisationDetails {
        iati_identifier: None,
        country: Some(CountryCode::parse("BEL").expect("country")),
        organisation_type: OrganisationType::OtherPublicSector,
        ..details()
    };
    assert_corrected(changes, expected);
}

#[test]
fn correcting_an_organisation_never_registered_is_refused() {
    assert_refused::<Organisation>(
        vec![],
        correct(OrganisationChanges { name: Some(text("EU")), ..OrganisationChanges::default() }),
        OrganisationError::NotRegistered,
    );
}

#[test]
fn a_correction_that_changes_nothing_is_refused() {
    let same = OrganisationChanges { name: Some(text("European Union")), ..OrganisationChanges::default() };
    assert_refused::<Organisation>(vec![registered()], correct(same), OrganisationError::NothingChanged);
}

#[test]
fn a_renamed_organisation_keeps_its_former_name_as_an_alias() {
    let changes = OrganisationChanges { name: Some(text("EU - DG INTPA")), ..OrganisationChanges::default() };
    let expected = OrganisationDetails {
        name: text("EU - DG INTPA"),
        aliases: vec![text("EU"), text("European Union")],
        ..details()
    };
    assert_corrected(changes, expected);
}

#[test]
fn a_rename_listing_its_aliases_takes_them_as_given() {
    let changes = OrganisationChanges {
        name: Some(text("EU - DG INTPA")),
        aliases: Some(vec![text("EU")]),
        ..OrganisationChanges::default()
    };
    let expected =
        OrganisationDetails { name: text("EU - DG INTPA"), aliases: vec![text("EU")], ..details() };
    assert_corrected(changes, expected);
}

#[test]
fn a_rename_in_another_letter_case_adds_no_alias() {
    let changes =
        OrganisationChanges { name: Some(text("european union")), ..OrganisationChanges::default() };
    let expected = OrganisationDetails { name: text("european union"), ..details() };
    assert_corrected(changes, expected);
}

#[test]
fn a_correction_whose_alias_repeats_the_new_name_is_refused() {
    let changes = OrganisationChanges { name: Some(text("eu")), ..OrganisationChanges::default() };
    assert_refused::<Organisation>(
        vec![registered()],
        correct(changes),
        OrganisationError::NameRepeated("EU".into()),
    );
}

#[test]
fn an_organisation_claims_each_name_by_its_key_and_its_look_and_its_identifier() {
    // The skeletons are Unicode's: "m" looks like "rn", capital "I" like "l".
    assert_eq!(
        details().claims(),
        [
            "name:european union",
            "look:european union",
            "look:EUROPEAN UNlON",
            "name:eu",
            "look:eu",
            "look:EU",
            "iati:XI-IATI-EC_INTPA"
        ]
    );
}

#[test]
fn names_are_recorded_composed_with_their_white_space_collapsed() {
    let mut register = register();
    register.name = text("European\u{a0}\u{a0}Union");
    register.aliases = vec![text("Europe\u{301}enne")];
    let mut recorded = details();
    recorded.aliases = vec![text("Europ\u{e9}enne")];
    assert_registered(register, recorded);
}

#[test]
fn a_name_with_an_invisible_character_is_refused_naming_its_field() {
    let mut register = register();
    register.aliases = vec![text("EU"), text("E\u{200b}U")];
    assert_refused::<Organisation>(
        vec![],
        OrganisationCommand::Register(register),
        OrganisationError::InvisibleCharacter { field: "aliases[1]".into(), code_point: "U+200B".into() },
    );
    let changes = OrganisationChanges { name: Some(text("\u{feff}EU")), ..OrganisationChanges::default() };
    assert_refused::<Organisation>(
        vec![registered()],
        correct(changes),
        OrganisationError::InvisibleCharacter { field: "changes.name".into(), code_point: "U+FEFF".into() },
    );
}

#[test]
fn a_correction_leaves_names_recorded_before_the_rules_as_they_are() {
    let mut legacy = details();
    legacy.aliases = vec![text("E\u{200b}U"), text("Union  europ\u{e9}enne")];
    let changes = OrganisationChanges {
        country: Some(Some(CountryCode::parse("BEL").expect("a country"))),
        ..OrganisationChanges::default()
    };
    let expected = OrganisationDetails {
        country: Some(CountryCode::parse("BEL").expect("a country")),
        ..legacy.clone()
    };
    assert_recorded::<Organisation>(
        vec![OrganisationEvent::OrganisationRegistered(legacy)],
        correct(changes),
        vec![corrected(expected)],
    );
}

#[test]
fn applying_the_events_gives_the_details_as_last_corrected() {
    let mut state = Organisation::default();
    state.apply(registered());
    let renamed = OrganisationDetails { name: text("European Union (INTPA)"), ..details() };
    state.apply(corrected(renamed.clone()));
    assert_eq!(state.details(), Some(&renamed));
}
