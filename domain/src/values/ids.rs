//! Identifiers: the ids clients choose for each stream and entity, and IATI organisation
//! identifiers.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{kept_if, ValueError};

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
uuid_id!(
    /// A person who attended an activity (not one who signs in), chosen by the client.
    ParticipantId
);

checked_string!(
    /// An IATI organisation identifier, such as `XM-DAC-41114`, `XI-IATI-EC_INTPA` or `GB-GOV-1`:
    /// the registration agency's prefix (a country or `XI`/`XM`, a dash, the agency's code), a
    /// dash, and the identifier the agency gave. Checked for shape only; whether the agency knows
    /// the number is the publisher's business.
    #[derive(PartialOrd, Ord)]
    IatiOrgId,
    schema: crate::schema::matching(IatiOrgId::PATTERN, "XM-DAC-41114")
);

impl IatiOrgId {
    /// The shape [`IatiOrgId::parse`] accepts, for the OpenAPI document.
    pub const PATTERN: &'static str = "^[A-Z]{2}-[A-Z0-9]{1,16}-[A-Za-z0-9._-]{1,100}$";

    pub fn parse(id: &str) -> Result<Self, ValueError> {
        let mut parts = id.splitn(3, '-');
        let (Some(country), Some(agency), Some(number)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(ValueError::InvalidIatiIdentifier(id.to_owned()));
        };
        let country_ok = country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase());
        let agency_ok = (1..=16).contains(&agency.len())
            && agency.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        let number_ok = (1..=100).contains(&number.len())
            && number.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        kept_if(country_ok && agency_ok && number_ok, id, Self, ValueError::InvalidIatiIdentifier)
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
}
