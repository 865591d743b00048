//! Reading a fixture as every reader of the log decodes it, and the values the checks write
//! their expected events with.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tatrack_domain::events::activity::{Headcounts, ParticipantsTallied};
use tatrack_domain::events::{decode, decode_str};
use tatrack_domain::values::{CountryCode, Currency, Headcount, NonEmptyText, OrganisationId, ProgrammeId};

/// One stored event, as `fixtures/events/v1/<event_type>-<event_version>.json` holds it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Fixture {
    pub(crate) aggregate_type: String,
    pub(crate) event_type: String,
    pub(crate) event_version: String,
    pub(crate) payload: serde_json::Value,
    pub(crate) metadata: HashMap<String, String>,
}

pub(crate) fn fixture(event_type: &str, version: &str) -> Fixture {
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
pub(crate) fn decoded<E: DeserializeOwned + cqrs_es::DomainEvent + PartialEq + std::fmt::Debug>(
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

/// Checks each fixture `(event_type, version, expected)` of `aggregate_type` as [`decoded`]
/// does, and that it decodes to `expected`; a failure names the fixture.
pub(crate) fn assert_decode_as_written<E>(aggregate_type: &str, cases: Vec<(&str, &str, E)>)
where
    E: DeserializeOwned + cqrs_es::DomainEvent + PartialEq + std::fmt::Debug,
{
    for (event_type, version, expected) in cases {
        let event: E = decoded(event_type, version, aggregate_type);
        assert_eq!(event, expected, "{event_type} {version}");
    }
}

pub(crate) fn text(s: &str) -> NonEmptyText {
    NonEmptyText::parse(s).expect("fixture text")
}

pub(crate) fn country(code: &str) -> CountryCode {
    CountryCode::parse(code).expect("fixture country")
}

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("fixture date")
}

pub(crate) fn decimal(s: &str) -> Decimal {
    s.parse().expect("fixture amount")
}

pub(crate) fn currency(code: &str) -> Currency {
    Currency::parse(code).expect("fixture currency")
}

pub(crate) fn programme_id(id: &str) -> ProgrammeId {
    ProgrammeId::new(id.parse().expect("fixture uuid"))
}

pub(crate) fn headcounts(female: u32, male: u32, other: u32) -> Headcounts {
    Headcounts {
        female: Headcount::new(female),
        male: Headcount::new(male),
        other_or_undisclosed: Headcount::new(other),
    }
}

/// A tally by sex only; a check adds the breakdowns its fixture has.
pub(crate) fn tallied(female: u32, male: u32, other: u32) -> ParticipantsTallied {
    ParticipantsTallied {
        female: Headcount::new(female),
        male: Headcount::new(male),
        other_or_undisclosed: Headcount::new(other),
        by_institution: None,
        by_country: None,
    }
}

pub(crate) fn organisation(id: &str) -> OrganisationId {
    OrganisationId::new(id.parse().expect("fixture uuid"))
}
