//! What happened to a participant (a person who attended activities), as stored. Identifying
//! fields appear only sealed under the person's own key; categories stay readable for counting;
//! nothing here is free text about the person but the reasons managers and advisers give.

use serde::{Deserialize, Serialize};

use crate::participant::categories::{Categories, Consent, Sealed, WashingtonGroup};
use crate::values::{CountryCode, NonEmptyText, ParticipantId};
use crate::vocabulary::{AgeBand, ErasureGround, Institution, Sex};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantRegistered {
    pub sealed: Sealed,
    pub sex: Sex,
    pub age_band: AgeBand,
    pub disability: Option<WashingtonGroup>,
    pub institution: Option<Institution>,
    pub country: CountryCode,
    pub consent: Consent,
    /// Suggested matches the adviser said are someone else.
    #[serde(default)]
    pub not_same_as: Vec<ParticipantId>,
}

impl ParticipantRegistered {
    pub fn categories(&self) -> Categories {
        Categories {
            sex: self.sex,
            age_band: self.age_band,
            disability: self.disability,
            institution: self.institution,
            country: self.country.clone(),
        }
    }
}

/// A correction: the fields that changed, with the reason. Absent fields stayed as they were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantCorrected {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<Sealed>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<AgeBand>,
    /// `null` inside: the answers were withdrawn.
    #[serde(default, deserialize_with = "crate::values::present", skip_serializing_if = "Option::is_none")]
    pub disability: Option<Option<WashingtonGroup>>,
    #[serde(default, deserialize_with = "crate::values::present", skip_serializing_if = "Option::is_none")]
    pub institution: Option<Option<Institution>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    pub reason: NonEmptyText,
}

impl ParticipantCorrected {
    /// The categories as this correction leaves them (what it does not name stays).
    pub fn correct(&self, categories: &mut Categories) {
        categories.sex = self.sex.unwrap_or(categories.sex);
        categories.age_band = self.age_band.unwrap_or(categories.age_band);
        categories.disability = self.disability.unwrap_or(categories.disability);
        categories.institution = self.institution.unwrap_or(categories.institution);
        if let Some(country) = &self.country {
            categories.country = country.clone();
        }
    }
}

/// This participant is the same person as `into`: counted once, as `into`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantMerged {
    pub into: ParticipantId,
    pub reason: NonEmptyText,
}

/// The last merge undone: this participant is someone of their own again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantSplit {
    pub reason: NonEmptyText,
}

/// The person's key was deleted: their sealed details are noise from now on. Holds no personal
/// data and no free text; the categories stay, so every count stays as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantErased {
    pub ground: ErasureGround,
}

/// A manager was given everything held about the person (subject access), for the audit feed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectAccessGiven {}

events! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub enum ParticipantEvent {
        ParticipantRegistered(ParticipantRegistered),
        ParticipantCorrected(ParticipantCorrected),
        ParticipantMerged(ParticipantMerged),
        ParticipantSplit(ParticipantSplit),
        ParticipantErased(ParticipantErased),
        SubjectAccessGiven(SubjectAccessGiven),
    }
}
