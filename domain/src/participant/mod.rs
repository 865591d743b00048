//! The `Participant` aggregate: a person who attended activities (not one who signs in).
//!
//! Identifying fields (name, e-mail, phone, function) are sealed by the app under the person's
//! own key before any command is built, so the domain and the log only ever see ciphertext;
//! erasing the person deletes that key. Categories (sex, age band, disability, institution,
//! country) stay readable: counts never change after an erasure. A merge says two records are
//! one person (counted once, as the one merged into); a split undoes it. Beside this file:
//! `categories` (the values), `commands`, `errors` and `tests`.

pub mod categories;
mod commands;
mod errors;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use categories::{Categories, Consent, PersonalValueError, Score, Sealed, WashingtonGroup};
pub use commands::{
    CorrectParticipant, EraseParticipant, GiveSubjectAccess, MergeParticipant, MergeTarget,
    ParticipantCommand, RegisterParticipant, SplitParticipant,
};
pub use errors::ParticipantError;

use crate::bounds::{check_date, check_text};
use crate::events::participant::{
    ParticipantCorrected, ParticipantErased, ParticipantMerged, ParticipantRegistered, ParticipantSplit,
    SubjectAccessGiven,
};
use crate::events::ParticipantEvent;
use crate::values::ParticipantId;
use crate::vocabulary::ErasureGround;

/// A participant's record as its events built it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantRecord {
    /// `None` once erased: the key that opened it is gone.
    pub sealed: Option<Sealed>,
    pub categories: Categories,
    pub consent: Consent,
    pub not_same_as: Vec<ParticipantId>,
    pub merged_into: Option<ParticipantId>,
    pub erased: Option<ErasureGround>,
}

/// The aggregate; empty until the participant is registered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    record: Option<ParticipantRecord>,
}

impl Participant {
    pub fn record(&self) -> Option<&ParticipantRecord> {
        self.record.as_ref()
    }

    /// What a merge into this participant finds.
    pub fn as_merge_target(&self) -> MergeTarget {
        match &self.record {
            None => MergeTarget::Unknown,
            Some(record) if record.erased.is_some() => MergeTarget::Erased,
            Some(record) if record.merged_into.is_some() => MergeTarget::Merged,
            Some(_) => MergeTarget::Standing,
        }
    }

    /// The events `command` causes in the current state, or the rule it breaks.
    pub fn decide(&self, command: ParticipantCommand) -> Result<Vec<ParticipantEvent>, ParticipantError> {
        check_text(&command)?;
        let Some(record) = &self.record else {
            return match command {
                ParticipantCommand::Register(register) => register_events(register),
                _ => Err(ParticipantError::NotRegistered),
            };
        };
        let event = match command {
            ParticipantCommand::Register(_) => return Err(ParticipantError::AlreadyRegistered),
            ParticipantCommand::GiveSubjectAccess(GiveSubjectAccess {}) => {
                ParticipantEvent::SubjectAccessGiven(SubjectAccessGiven {})
            }
            ParticipantCommand::Erase(erase) => {
                if record.erased.is_some() {
                    return Err(ParticipantError::AlreadyErased);
                }
                ParticipantEvent::ParticipantErased(ParticipantErased { ground: erase.ground })
            }
            _ if record.erased.is_some() => return Err(ParticipantError::Erased),
            ParticipantCommand::Correct(correct) => {
                ParticipantEvent::ParticipantCorrected(correction(record, correct)?)
            }
            ParticipantCommand::Merge(merge) => {
                if merge.target == MergeTarget::Itself {
                    return Err(ParticipantError::MergeIntoSelf);
                }
                if record.merged_into.is_some() {
                    return Err(ParticipantError::AlreadyMerged);
                }
                match merge.target {
                    MergeTarget::Unknown => return Err(ParticipantError::MergeTargetUnknown),
                    MergeTarget::Merged => return Err(ParticipantError::MergeTargetMerged),
                    MergeTarget::Erased => return Err(ParticipantError::MergeTargetErased),
                    MergeTarget::Standing | MergeTarget::Itself => {}
                }
                ParticipantEvent::ParticipantMerged(ParticipantMerged {
                    into: merge.into,
                    reason: merge.reason,
                })
            }
            ParticipantCommand::Split(split) => {
                if record.merged_into.is_none() {
                    return Err(ParticipantError::NotMerged);
                }
                ParticipantEvent::ParticipantSplit(ParticipantSplit { reason: split.reason })
            }
        };
        Ok(vec![event])
    }
}

fn register_events(register: RegisterParticipant) -> Result<Vec<ParticipantEvent>, ParticipantError> {
    check_date("consent.given_on", register.consent.given_on)?;
    if register.not_same_as.contains(&register.id) {
        return Err(ParticipantError::NotSameAsSelf);
    }
    let Categories { sex, age_band, disability, institution, country } = register.categories;
    Ok(vec![ParticipantEvent::ParticipantRegistered(ParticipantRegistered {
        sealed: register.sealed,
        sex,
        age_band,
        disability,
        institution,
        country,
        consent: register.consent,
        not_same_as: register.not_same_as,
    })])
}

/// Keeps only the fields whose value changes.
fn correction(
    record: &ParticipantRecord,
    correct: CorrectParticipant,
) -> Result<ParticipantCorrected, ParticipantError> {
    if let Some(consent) = &correct.consent {
        check_date("consent.given_on", consent.given_on)?;
    }
    let current = &record.categories;
    let corrected = ParticipantCorrected {
        sealed: correct.sealed,
        sex: changed(correct.sex, &current.sex),
        age_band: changed(correct.age_band, &current.age_band),
        disability: changed(correct.disability, &current.disability),
        institution: changed(correct.institution, &current.institution),
        country: changed(correct.country, &current.country),
        consent: changed(correct.consent, &record.consent),
        reason: correct.reason,
    };
    let nothing = corrected.sealed.is_none()
        && corrected.sex.is_none()
        && corrected.age_band.is_none()
        && corrected.disability.is_none()
        && corrected.institution.is_none()
        && corrected.country.is_none()
        && corrected.consent.is_none();
    if nothing {
        return Err(ParticipantError::NothingChanged);
    }
    Ok(corrected)
}

fn changed<T: PartialEq>(new: Option<T>, old: &T) -> Option<T> {
    new.filter(|n| n != old)
}

crate::aggregate!(Participant {
    TYPE: "Participant",
    Command: ParticipantCommand,
    Event: ParticipantEvent,
    Error: ParticipantError
});

impl Participant {
    /// Folds `event` into the state: cqrs-es's `Aggregate::apply`.
    fn evolve(&mut self, event: ParticipantEvent) {
        let Some(record) = &mut self.record else {
            if let ParticipantEvent::ParticipantRegistered(registered) = event {
                self.record = Some(ParticipantRecord {
                    categories: registered.categories(),
                    sealed: Some(registered.sealed),
                    consent: registered.consent,
                    not_same_as: registered.not_same_as,
                    merged_into: None,
                    erased: None,
                });
            }
            return;
        };
        match event {
            ParticipantEvent::ParticipantRegistered(_) | ParticipantEvent::SubjectAccessGiven(_) => {}
            ParticipantEvent::ParticipantCorrected(corrected) => {
                corrected.correct(&mut record.categories);
                if corrected.sealed.is_some() && record.erased.is_none() {
                    record.sealed = corrected.sealed;
                }
                if let Some(consent) = corrected.consent {
                    record.consent = consent;
                }
            }
            ParticipantEvent::ParticipantMerged(merged) => record.merged_into = Some(merged.into),
            ParticipantEvent::ParticipantSplit(_) => record.merged_into = None,
            ParticipantEvent::ParticipantErased(erased) => {
                record.erased = Some(erased.ground);
                record.sealed = None;
            }
        }
    }
}
