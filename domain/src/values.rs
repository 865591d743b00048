//! Value objects: each validates once, when it is built, so the aggregates never see a bad value.
//!
//! They deserialize through `TryFrom`, so a request body with an unknown country or a negative
//! count is refused at the edge with the rule's own message.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::bounds::MAX_HEADCOUNT;

/// A rule a single value can break, whatever aggregate it is for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("'{0}' is not an ISO 3166-1 alpha-3 country code")]
    UnknownCountry(String),
    #[error("'{0}' is not an ISO 4217 currency code")]
    UnknownCurrency(String),
    #[error("a count cannot be negative (got {0})")]
    NegativeCount(i64),
    #[error("a count cannot exceed {MAX_HEADCOUNT} (got {0})")]
    CountTooLarge(i64),
    #[error("'{0}' is not a programme code: use 2 to 32 of A-Z, 0-9, '-' and '_'")]
    InvalidProgrammeCode(String),
    #[error("this text must not be empty")]
    EmptyText,
    #[error(
        "'{0}' is not an IATI organisation identifier: a registration agency's prefix and the \
         organisation's number there, such as XM-DAC-41114 or GB-GOV-1"
    )]
    InvalidIatiIdentifier(String),
}

/// For a field that may be absent, `null` or a value, as `Option<Option<T>>` with
/// `#[serde(default, deserialize_with = "present")]`: absent gives `None` (the default), `null`
/// gives `Some(None)`, a value `Some(Some(value))`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = uuid::Uuid))]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            pub fn new(id: Uuid) -> Self {
                Self(id)
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

uuid_id!(
    /// Chosen by the client, so a retried creation lands on the same stream.
    ActivityId
);
uuid_id!(
    /// Chosen by the client, like [`ActivityId`].
    ProgrammeId
);
uuid_id!(
    /// An outcome of a programme's results framework, chosen by the client.
    OutcomeId
);
uuid_id!(
    /// An indicator of a programme's results framework, chosen by the client.
    IndicatorId
);

uuid_id!(
    /// Chosen by the client, like [`ActivityId`].
    OrganisationId
);

/// An IATI organisation identifier, such as `XM-DAC-41114`, `XI-IATI-EC_INTPA` or `GB-GOV-1`:
/// the registration agency's prefix (a country or `XI`/`XM`, a dash, the agency's code), a
/// dash, and the identifier the agency gave. Checked for shape only; whether the agency knows
/// the number is the publisher's business.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IatiOrgId(String);

#[cfg(feature = "openapi")]
crate::schema::schema_by!(
    IatiOrgId,
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .pattern(Some(IatiOrgId::PATTERN))
        .examples(["XM-DAC-41114"])
        .into()
);

impl IatiOrgId {
    /// The shape [`IatiOrgId::parse`] accepts, for the OpenAPI document.
    pub const PATTERN: &'static str = "^[A-Z]{2}-[A-Z0-9]{1,16}-[A-Za-z0-9._-]{1,100}$";

    pub fn parse(id: &str) -> Result<Self, ValueError> {
        let invalid = || ValueError::InvalidIatiIdentifier(id.to_owned());
        let mut parts = id.splitn(3, '-');
        let (Some(country), Some(agency), Some(number)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(invalid());
        };
        let country_ok = country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase());
        let agency_ok = (1..=16).contains(&agency.len())
            && agency.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        let number_ok = (1..=100).contains(&number.len())
            && number.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if country_ok && agency_ok && number_ok {
            Ok(Self(id.to_owned()))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IatiOrgId {
    type Error = ValueError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<IatiOrgId> for String {
    fn from(value: IatiOrgId) -> Self {
        value.0
    }
}

/// An ISO 3166-1 alpha-3 country code such as `SAU`, checked against a maintained code list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode(String);

#[cfg(feature = "openapi")]
crate::schema::schema_by!(
    CountryCode,
    crate::schema::one_of(
        "An ISO 3166-1 alpha-3 country code",
        rust_iso3166::ALL_ALPHA3.iter().map(|c| (*c).to_owned())
    )
);

impl CountryCode {
    /// Accepts any letter case and keeps the canonical upper-case code.
    pub fn parse(code: &str) -> Result<Self, ValueError> {
        let upper = code.trim().to_ascii_uppercase();
        rust_iso3166::from_alpha3(&upper)
            .map(|_| Self(upper))
            .ok_or_else(|| ValueError::UnknownCountry(code.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CountryCode {
    type Error = ValueError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CountryCode> for String {
    fn from(value: CountryCode) -> Self {
        value.0
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An ISO 4217 currency code such as `EUR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency(iso_currency::Currency);

#[cfg(feature = "openapi")]
crate::schema::schema_by!(
    Currency,
    crate::schema::one_of(
        "An ISO 4217 currency code",
        <iso_currency::Currency as iso_currency::IntoEnumIterator>::iter().map(|c| c.code().to_owned())
    )
);

impl Currency {
    pub fn parse(code: &str) -> Result<Self, ValueError> {
        iso_currency::Currency::from_code(&code.trim().to_ascii_uppercase())
            .map(Self)
            .ok_or_else(|| ValueError::UnknownCurrency(code.to_owned()))
    }

    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// Digits after the decimal point in the currency's minor unit (2 for EUR, 0 for JPY);
    /// `None` for codes without one, such as gold (XAU).
    pub fn minor_unit_digits(self) -> Option<u16> {
        self.0.exponent()
    }
}

impl TryFrom<String> for Currency {
    type Error = ValueError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Currency> for String {
    fn from(value: Currency) -> Self {
        value.code().to_owned()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An exact amount of one currency. Never a float; serialized as a decimal string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    #[serde(with = "crate::money::plain_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12000.00"))]
    pub amount: Decimal,
    pub currency: Currency,
}

/// A number of people: never negative. Commands also keep it within [`MAX_HEADCOUNT`]; the type
/// itself takes up to `u32::MAX`, so events stored before that bound still load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u32")]
pub struct Headcount(u32);

#[cfg(feature = "openapi")]
crate::schema::schema_by!(
    Headcount,
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Integer)
        .minimum(Some(0))
        .maximum(Some(MAX_HEADCOUNT))
        .description(Some("A number of people, at most 1000000 (and a whole tally too)"))
        .into()
);

impl Headcount {
    pub fn new(count: u32) -> Self {
        Self(count)
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<i64> for Headcount {
    type Error = ValueError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        if value < 0 {
            return Err(ValueError::NegativeCount(value));
        }
        u32::try_from(value).map(Self).map_err(|_| ValueError::CountTooLarge(value))
    }
}

impl From<Headcount> for u32 {
    fn from(value: Headcount) -> Self {
        value.0
    }
}

/// A programme's short public code, such as `GLOFIREARMS`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProgrammeCode(String);

#[cfg(feature = "openapi")]
crate::schema::schema_by!(
    ProgrammeCode,
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .pattern(Some("^[A-Z0-9_-]{2,32}$"))
        .examples(["GLOFIREARMS"])
        .into()
);

impl ProgrammeCode {
    pub fn parse(code: &str) -> Result<Self, ValueError> {
        let valid_char = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_';
        if (2..=32).contains(&code.len()) && code.chars().all(valid_char) {
            Ok(Self(code.to_owned()))
        } else {
            Err(ValueError::InvalidProgrammeCode(code.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ProgrammeCode {
    type Error = ValueError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ProgrammeCode> for String {
    fn from(value: ProgrammeCode) -> Self {
        value.0
    }
}

/// Free text that must say something: a title, a reason, a donor's name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NonEmptyText(String);

#[cfg(feature = "openapi")]
crate::schema::schema_by!(
    NonEmptyText,
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .min_length(Some(1))
        .pattern(Some("\\S"))
        .into()
);

impl NonEmptyText {
    /// Trims surrounding white space; refuses what is left empty.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            Err(ValueError::EmptyText)
        } else {
            Ok(Self(trimmed.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for NonEmptyText {
    type Error = ValueError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<NonEmptyText> for String {
    fn from(value: NonEmptyText) -> Self {
        value.0
    }
}

impl fmt::Display for NonEmptyText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A span of days, both ends included, with `start <= end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DateRange {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl DateRange {
    /// `None` when the end falls before the start; the caller names the fields in its error.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Option<Self> {
        (start <= end).then_some(Self { start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iati_organisation_identifiers_have_an_agency_prefix_and_a_number() {
        for good in ["XI-IATI-EC_INTPA", "US-GOV-1", "GB-GOV-1", "XM-DAC-41114", "GB-COH-01234567"] {
            assert_eq!(IatiOrgId::parse(good).map(String::from), Ok(good.to_owned()));
        }
        for bad in ["EU", "xm-DAC-41114", "XM-DAC-", "XM--1", "XM-DAC-41 114", "XMX-DAC-1", "XM-DAC-1/2", ""]
        {
            assert_eq!(IatiOrgId::parse(bad), Err(ValueError::InvalidIatiIdentifier(bad.to_owned())));
        }
    }

    #[test]
    fn country_codes_come_from_the_iso_list_in_any_case() {
        assert_eq!(CountryCode::parse("sau").map(|c| c.to_string()), Ok("SAU".into()));
        assert_eq!(CountryCode::parse("XXX"), Err(ValueError::UnknownCountry("XXX".into())));
        assert_eq!(CountryCode::parse("SA"), Err(ValueError::UnknownCountry("SA".into())));
    }

    #[test]
    fn currencies_come_from_iso_4217() {
        assert_eq!(Currency::parse("eur").map(Currency::code), Ok("EUR"));
        assert_eq!(Currency::parse("EUX"), Err(ValueError::UnknownCurrency("EUX".into())));
        assert_eq!(Currency::parse("JPY").map(Currency::minor_unit_digits), Ok(Some(0)));
    }

    #[test]
    fn headcounts_are_never_negative() {
        assert_eq!(Headcount::try_from(-1), Err(ValueError::NegativeCount(-1)));
        assert_eq!(Headcount::try_from(12), Ok(Headcount::new(12)));
        assert_eq!(
            Headcount::try_from(i64::from(u32::MAX) + 1),
            Err(ValueError::CountTooLarge(i64::from(u32::MAX) + 1))
        );
        let parsed: Result<Headcount, _> = serde_json::from_str("-3");
        assert!(parsed.is_err_and(|e| e.to_string().contains("cannot be negative")));
    }

    #[test]
    fn programme_codes_are_short_upper_case_words() {
        assert!(ProgrammeCode::parse("GLOFIREARMS").is_ok());
        assert!(ProgrammeCode::parse("GLO_ACT-2").is_ok());
        for bad in ["", "G", "glofirearms", "GLO FIREARMS", &"X".repeat(33)] {
            assert_eq!(ProgrammeCode::parse(bad), Err(ValueError::InvalidProgrammeCode(bad.into())));
        }
    }

    #[test]
    fn text_must_say_something() {
        assert_eq!(NonEmptyText::parse("  "), Err(ValueError::EmptyText));
        assert_eq!(NonEmptyText::parse(" Riyadh ").map(String::from), Ok("Riyadh".into()));
    }

    #[test]
    fn date_ranges_end_on_or_after_their_start() {
        let day = |d| NaiveDate::from_ymd_opt(2019, 10, d).expect("valid date");
        assert!(DateRange::new(day(20), day(24)).is_some());
        assert!(DateRange::new(day(20), day(20)).is_some());
        assert!(DateRange::new(day(24), day(20)).is_none());
    }
}
