//! What an adviser or a manager asks of a participant. Identifying fields arrive sealed: the
//! app seals a request's name, e-mail, phone and function before the command is built.

use serde::{Deserialize, Serialize};

use super::{Categories, Consent, Sealed, WashingtonGroup};
use crate::values::{CountryCode, NonEmptyText, ParticipantId};
use crate::vocabulary::{AgeBand, ErasureGround, Institution, Sex};

/// Serializes as the parts of the request it came from (for the text rule, `check_text`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ParticipantCommand {
    Register(RegisterParticipant),
    Correct(CorrectParticipant),
    Merge(MergeParticipant),
    Split(SplitParticipant),
    Erase(EraseParticipant),
    GiveSubjectAccess(GiveSubjectAccess),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegisterParticipant {
    pub id: ParticipantId,
    pub sealed: Sealed,
    #[serde(flatten)]
    pub categories: Categories,
    pub consent: Consent,
    pub not_same_as: Vec<ParticipantId>,
}

/// A correction; absent fields stay as they are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorrectParticipant {
    pub sealed: Option<Sealed>,
    pub sex: Option<Sex>,
    pub age_band: Option<AgeBand>,
    pub disability: Option<Option<WashingtonGroup>>,
    pub institution: Option<Option<Institution>>,
    pub country: Option<CountryCode>,
    pub consent: Option<Consent>,
    pub reason: NonEmptyText,
}

/// What the app knows of the participant a merge names, read from that participant's stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MergeTarget {
    Unknown,
    /// `into` is the participant being merged.
    Itself,
    Merged,
    Erased,
    Standing,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MergeParticipant {
    /// The participant this one is the same person as.
    pub into: ParticipantId,
    pub reason: NonEmptyText,
    /// Filled in by the app from `into`'s stream; not part of the request.
    #[serde(skip, default = "unknown_target")]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub target: MergeTarget,
}

fn unknown_target() -> MergeTarget {
    MergeTarget::Unknown
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SplitParticipant {
    pub reason: NonEmptyText,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EraseParticipant {
    pub ground: ErasureGround,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct GiveSubjectAccess {}

impl ParticipantCommand {
    /// The reason the command gives, kept in the event's metadata for audits.
    pub fn reason(&self) -> Option<&NonEmptyText> {
        match self {
            Self::Correct(correct) => Some(&correct.reason),
            Self::Merge(merge) => Some(&merge.reason),
            Self::Split(split) => Some(&split.reason),
            _ => None,
        }
    }
}
