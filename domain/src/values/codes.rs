//! Codes checked against a list or a pattern: ISO 3166-1 countries and programme codes.

use serde::{Deserialize, Serialize};

use super::{kept_if, ValueError};

checked_string!(
    /// An ISO 3166-1 alpha-3 country code such as `SAU`, checked against a maintained code list.
    #[derive(PartialOrd, Ord)]
    CountryCode,
    schema: crate::schema::one_of(
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
}

checked_string!(
    /// A programme's short public code, such as `GLOFIREARMS`.
    ProgrammeCode,
    schema: crate::schema::matching("^[A-Z0-9_-]{2,32}$", "GLOFIREARMS")
);

impl ProgrammeCode {
    pub fn parse(code: &str) -> Result<Self, ValueError> {
        let valid_char = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_';
        let valid = (2..=32).contains(&code.len()) && code.chars().all(valid_char);
        kept_if(valid, code, Self, ValueError::InvalidProgrammeCode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_come_from_the_iso_list_in_any_case() {
        assert_eq!(CountryCode::parse("sau").map(|c| c.to_string()), Ok("SAU".into()));
        assert_eq!(CountryCode::parse("XXX"), Err(ValueError::UnknownCountry("XXX".into())));
        assert_eq!(CountryCode::parse("SA"), Err(ValueError::UnknownCountry("SA".into())));
    }

    #[test]
    fn programme_codes_are_short_upper_case_words() {
        assert!(ProgrammeCode::parse("GLOFIREARMS").is_ok());
        assert!(ProgrammeCode::parse("GLO_ACT-2").is_ok());
        for bad in ["", "G", "glofirearms", "GLO FIREARMS", &"X".repeat(33)] {
            assert_eq!(ProgrammeCode::parse(bad), Err(ValueError::InvalidProgrammeCode(bad.into())));
        }
    }
}
