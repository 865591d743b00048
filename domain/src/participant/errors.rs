//! Every rule of a participant's record a user can break, one variant each.

use tatrack_i18n::{msg, Message};

use crate::bounds::{ControlCharacter, DateOutOfRange};

/// Why a participant refused a command. Tests match the variant, never the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParticipantError {
    #[error("no participant has been registered under this id")]
    NotRegistered,
    #[error("a participant with this id is already registered")]
    AlreadyRegistered,
    #[error("the participant's details were erased; the record can no longer change")]
    Erased,
    #[error("the participant's details were already erased")]
    AlreadyErased,
    #[error("a participant cannot be merged into themselves")]
    MergeIntoSelf,
    #[error("no participant has been registered under the id in `into`")]
    MergeTargetUnknown,
    #[error("the participant in `into` is merged into another: merge into that one")]
    MergeTargetMerged,
    #[error("the participant in `into` was erased")]
    MergeTargetErased,
    #[error("the participant is already merged into another: split them first")]
    AlreadyMerged,
    #[error("the participant is not merged into anyone")]
    NotMerged,
    #[error("`not_same_as` names the participant themselves")]
    NotSameAsSelf,
    #[error("the correction changes nothing")]
    NothingChanged,
    #[error("{0}")]
    Date(#[from] DateOutOfRange),
    #[error("{0}")]
    Text(#[from] ControlCharacter),
}

impl ParticipantError {
    /// The request field a rule about one value names, if any.
    pub fn field(&self) -> Option<String> {
        let field = match self {
            Self::MergeIntoSelf
            | Self::MergeTargetUnknown
            | Self::MergeTargetMerged
            | Self::MergeTargetErased => "into",
            Self::NotSameAsSelf => "not_same_as",
            Self::Date(date) => date.field,
            Self::Text(text) => return Some(text.field.clone()),
            _ => return None,
        };
        Some(field.to_owned())
    }

    /// The rule as a message to read in the user's language.
    pub fn message(&self) -> Message {
        match self {
            Self::NotRegistered => msg("problem-participant-not-registered"),
            Self::AlreadyRegistered => msg("problem-participant-already-registered"),
            Self::Erased => msg("problem-participant-erased"),
            Self::AlreadyErased => msg("problem-participant-already-erased"),
            Self::MergeIntoSelf => msg("problem-merge-into-self"),
            Self::MergeTargetUnknown => msg("problem-merge-target-unknown"),
            Self::MergeTargetMerged => msg("problem-merge-target-merged"),
            Self::MergeTargetErased => msg("problem-merge-target-erased"),
            Self::AlreadyMerged => msg("problem-participant-already-merged"),
            Self::NotMerged => msg("problem-participant-not-merged"),
            Self::NotSameAsSelf => msg("problem-not-same-as-self"),
            Self::NothingChanged => msg("problem-nothing-changed"),
            Self::Date(date) => date.message(),
            Self::Text(text) => text.message(),
        }
    }
}
