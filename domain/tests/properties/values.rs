//! Values: the pools and strategies every command is drawn from, realistic and often wrong.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use rust_decimal::Decimal;
use tatrack_domain::activity::Attendance;
use tatrack_domain::values::{ActivityId, CountryCode, Currency, Headcount, NonEmptyText, ProgrammeId};
use uuid::Uuid;

pub(crate) const COUNTRIES: &[&str] = &["SAU", "AGO", "BOL", "COG"];
/// Two, zero, three and no decimal places in their minor unit (gold has none at all).
pub(crate) const CURRENCIES: &[&str] = &["EUR", "USD", "JPY", "KWD", "XAU"];
pub(crate) const DONORS: &[&str] = &["European Union", "Germany", "Japan"];
pub(crate) const TITLES: &[&str] = &["Workshop on mutual legal assistance", "Training of firearms examiners"];
pub(crate) const LOCATIONS: &[&str] = &["Riyadh", "Luanda", "La Paz", "Brazzaville", "Online"];
pub(crate) const REASONS: &[&str] = &["Typo in the plan", "The donor asked for it", "Venue not available"];

pub(crate) fn activity_id() -> ActivityId {
    ActivityId::new(Uuid::from_u128(0x6a1c_2d6e_0b7f_4c8e_9a51_2f3b_4c5d_6e7f))
}

pub(crate) fn programme_ids() -> [ProgrammeId; 2] {
    [
        ProgrammeId::new(Uuid::from_u128(0x0f3e_6b1a_8c2d_4e5f_a6b7_c8d9_e0f1_a2b3)),
        ProgrammeId::new(Uuid::from_u128(0x9d8c_7b6a_5f4e_4d3c_b2a1_0f9e_8d7c_6b5a)),
    ]
}

pub(crate) fn text(pool: &'static [&'static str]) -> impl Strategy<Value = NonEmptyText> {
    select(pool).prop_map(|t| NonEmptyText::parse(t).expect("pool text is not empty"))
}

pub(crate) fn country() -> impl Strategy<Value = CountryCode> {
    select(COUNTRIES).prop_map(|c| CountryCode::parse(c).expect("pool country is an ISO code"))
}

/// Mostly distinct countries in any order; sometimes none, sometimes one listed twice.
pub(crate) fn countries() -> impl Strategy<Value = Vec<CountryCode>> {
    let distinct = subsequence(COUNTRIES, 1..=COUNTRIES.len()).prop_shuffle().prop_map(|codes| {
        codes.into_iter().map(|c| CountryCode::parse(c).expect("pool country is an ISO code")).collect()
    });
    prop_oneof![
        1 => Just(Vec::new()),
        8 => distinct,
        2 => proptest::collection::vec(country(), 2..=3),
    ]
}

pub(crate) fn programme_id() -> impl Strategy<Value = ProgrammeId> {
    select(programme_ids().to_vec())
}

/// A day in 2019 or 2020.
pub(crate) fn date() -> impl Strategy<Value = NaiveDate> {
    (0u64..=730).prop_map(day_of_2019)
}

pub(crate) fn day_of_2019(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 1, 1)
        .and_then(|first| first.checked_add_days(Days::new(offset)))
        .expect("an offset of a few years from 2019 is a real day")
}

/// `(start, end)`: mostly a few days long, sometimes two unrelated days, so end < start happens.
pub(crate) fn dates() -> impl Strategy<Value = (NaiveDate, NaiveDate)> {
    prop_oneof![
        4 => (0u64..=700, 0u64..=30).prop_map(|(start, days)| (day_of_2019(start), day_of_2019(start + days))),
        1 => (date(), date()),
    ]
}

pub(crate) fn currency() -> impl Strategy<Value = Currency> {
    select(CURRENCIES).prop_map(|c| Currency::parse(c).expect("pool currency is an ISO code"))
}

/// Mostly sensible amounts; sometimes zero, negative or finer than a cent.
pub(crate) fn amount() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        6 => (1i64..100_000_000).prop_map(|cents| Decimal::new(cents, 2)),
        3 => (1i64..1_000_000).prop_map(|units| Decimal::new(units, 0)),
        1 => Just(Decimal::ZERO),
        1 => (1i64..1_000_000).prop_map(|cents| Decimal::new(-cents, 2)),
        1 => (1i64..10_000_000).prop_map(|mills| Decimal::new(mills, 3)),
        1 => (1i64..10_000_000).prop_map(|units| Decimal::new(units, 4)),
    ]
}

pub(crate) fn headcount(max: u32) -> impl Strategy<Value = Headcount> {
    (0..max).prop_map(Headcount::new)
}

pub(crate) fn attendance(max: u32) -> impl Strategy<Value = Attendance> {
    (headcount(max), headcount(max), headcount(max / 4 + 1))
        .prop_map(|(female, male, other_or_undisclosed)| Attendance { female, male, other_or_undisclosed })
}
