//! Value objects: each validates once, when it is built, so the aggregates never see a bad value.
//!
//! They deserialize through `TryFrom`, so a request body with an unknown country or a negative
//! count is refused at the edge with the rule's own message. All are named from here:
//!
//! - `ids`: the ids clients choose ([`ActivityId`], [`ProgrammeId`]...) and [`IatiOrgId`];
//! - `codes`: [`CountryCode`] and [`ProgrammeCode`];
//! - `money`: [`Currency`], [`Money`] and [`plain_decimal`], the form amounts are written in;
//! - `counts`, `text` and `dates`: [`Headcount`], [`NonEmptyText`] and [`DateRange`].

/// The value objects kept as a checked `String` (country and programme codes, IATI identifiers,
/// text) differ only in their `parse` and their schema. This declares each, alike: the struct,
/// its schema, `as_str`, deserializing through `parse` (`TryFrom<String>`), serializing as the
/// string itself and `Display`.
macro_rules! checked_string {
    ($(#[$meta:meta])* $name:ident, schema: $schema:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        #[cfg(feature = "openapi")]
        crate::schema::schema_by!($name, $schema);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = ValueError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

mod codes;
mod counts;
mod dates;
mod ids;
mod money;
mod text;

use serde::Deserialize;

pub use codes::{CountryCode, ProgrammeCode};
pub use counts::Headcount;
pub use dates::DateRange;
pub use ids::{ActivityId, IatiOrgId, IndicatorId, OrganisationId, OutcomeId, ParticipantId, ProgrammeId};
pub use money::{plain_decimal, Currency, Money};
pub use text::NonEmptyText;

use tatrack_i18n::{msg, Message};

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

impl ValueError {
    /// The rule as a message to read in the user's language.
    pub fn message(&self) -> Message {
        match self {
            Self::UnknownCountry(code) => msg("problem-unknown-country").with("value", code.as_str()),
            Self::UnknownCurrency(code) => msg("problem-unknown-currency").with("value", code.as_str()),
            Self::NegativeCount(count) => msg("problem-negative-count").with("count", *count),
            Self::CountTooLarge(count) => {
                msg("problem-count-too-large").with("count", *count).with("max", MAX_HEADCOUNT)
            }
            Self::InvalidProgrammeCode(code) => {
                msg("problem-invalid-programme-code").with("value", code.as_str())
            }
            Self::EmptyText => msg("problem-empty-text"),
            Self::InvalidIatiIdentifier(id) => {
                msg("problem-invalid-iati-identifier").with("value", id.as_str())
            }
        }
    }
}

/// How a checked string's `parse` ends: `text`, as it was given, `keep`s if `valid`; otherwise
/// the `error` names it.
fn kept_if<T>(
    valid: bool,
    text: &str,
    keep: fn(String) -> T,
    error: fn(String) -> ValueError,
) -> Result<T, ValueError> {
    if valid {
        Ok(keep(text.to_owned()))
    } else {
        Err(error(text.to_owned()))
    }
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
