//! What tatrack holds about a participant in the clear, for counting: sex, age band, the
//! Washington Group answers, institution and country, and the consent it is held under. None of
//! it identifies a person alone. Also the sealed identifying fields (opaque here: the app seals
//! and opens them) and a test score.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tatrack_i18n::{msg, Message};

use crate::values::{CountryCode, NonEmptyText};
use crate::vocabulary::{AgeBand, Difficulty, Institution, Sex};

/// The Washington Group short set: one answer per domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WashingtonGroup {
    pub seeing: Difficulty,
    pub hearing: Difficulty,
    pub walking: Difficulty,
    pub remembering: Difficulty,
    pub self_care: Difficulty,
    pub communicating: Difficulty,
}

impl WashingtonGroup {
    /// The six domains by their machine names, in the set's order.
    pub const DOMAINS: [&'static str; 6] =
        ["seeing", "hearing", "walking", "remembering", "self_care", "communicating"];

    pub fn answers(&self) -> [Difficulty; 6] {
        [self.seeing, self.hearing, self.walking, self.remembering, self.self_care, self.communicating]
    }

    /// Any domain at the cut-off ([`Difficulty::is_disability`]).
    pub fn has_disability(&self) -> bool {
        self.answers().into_iter().any(Difficulty::is_disability)
    }
}

/// The categories a participant is counted by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Categories {
    pub sex: Sex,
    pub age_band: AgeBand,
    /// `null`: not given.
    pub disability: Option<WashingtonGroup>,
    pub institution: Option<Institution>,
    pub country: CountryCode,
}

impl Categories {
    pub fn has_disability(&self) -> bool {
        self.disability.as_ref().is_some_and(WashingtonGroup::has_disability)
    }
}

/// The consent the data is held under: what for, and since when. The purpose is not personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Consent {
    pub purpose: NonEmptyText,
    pub given_on: NaiveDate,
}

/// The identifying fields, sealed under the person's own key: base64 of the nonce and the
/// ciphertext. Opaque to the domain; erasing the key makes it noise.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sealed(String);

#[cfg(feature = "openapi")]
crate::schema::schema_by!(Sealed, crate::schema::non_blank());

/// Why a sealed value or a score was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonalValueError {
    #[error("the sealed details are not base64 of a nonce and a ciphertext")]
    NotSealed,
    #[error("a score is a whole number from 0 to 100 (got {0})")]
    ScoreOutOfRange(i64),
}

impl PersonalValueError {
    pub fn message(&self) -> Message {
        match self {
            Self::NotSealed => msg("problem-not-sealed"),
            Self::ScoreOutOfRange(score) => msg("problem-score-out-of-range").with("score", *score),
        }
    }
}

impl Sealed {
    /// The shortest sealed value: a 24-byte nonce and a 16-byte tag, in base64.
    const SHORTEST: usize = 56;
    /// A generous bound on four short fields, sealed.
    const LONGEST: usize = 16 * 1024;

    pub fn parse(text: &str) -> Result<Self, PersonalValueError> {
        let base64 = text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
        if base64 && (Self::SHORTEST..=Self::LONGEST).contains(&text.len()) {
            Ok(Self(text.to_owned()))
        } else {
            Err(PersonalValueError::NotSealed)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Sealed {
    type Error = PersonalValueError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Sealed> for String {
    fn from(value: Sealed) -> Self {
        value.0
    }
}

/// A pre- or post-test score: a whole number from 0 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u8")]
pub struct Score(u8);

#[cfg(feature = "openapi")]
crate::schema::schema_by!(Score, crate::schema::up_to(100, "A test score from 0 to 100"));

impl Score {
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Score {
    type Error = PersonalValueError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        u8::try_from(value)
            .ok()
            .filter(|score| *score <= 100)
            .map(Self)
            .ok_or(PersonalValueError::ScoreOutOfRange(value))
    }
}

impl From<Score> for u8 {
    fn from(value: Score) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use crate::participant::categories::*;

    #[test]
    fn scores_run_from_0_to_100() {
        assert_eq!(Score::try_from(0).map(Score::get), Ok(0));
        assert_eq!(Score::try_from(100).map(Score::get), Ok(100));
        assert_eq!(Score::try_from(101), Err(PersonalValueError::ScoreOutOfRange(101)));
        assert_eq!(Score::try_from(-1), Err(PersonalValueError::ScoreOutOfRange(-1)));
        assert!(serde_json::from_str::<Score>("7.5").is_err());
    }

    #[test]
    fn sealed_details_are_base64_of_at_least_a_nonce_and_a_tag() {
        assert!(Sealed::parse(&"A".repeat(56)).is_ok());
        assert_eq!(Sealed::parse("Amina Kone"), Err(PersonalValueError::NotSealed));
        assert_eq!(Sealed::parse(&"A".repeat(55)), Err(PersonalValueError::NotSealed));
    }

    #[test]
    fn the_washington_group_cut_off_is_a_lot_of_difficulty() {
        let mut set = WashingtonGroup {
            seeing: Difficulty::SomeDifficulty,
            hearing: Difficulty::NoDifficulty,
            walking: Difficulty::NoDifficulty,
            remembering: Difficulty::SomeDifficulty,
            self_care: Difficulty::NoDifficulty,
            communicating: Difficulty::NoDifficulty,
        };
        assert!(!set.has_disability());
        set.walking = Difficulty::ALotOfDifficulty;
        assert!(set.has_disability());
    }
}
