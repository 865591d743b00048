//! How a domain error reaches HTTP: each rule of each aggregate as a conflict with the record's
//! state or a bad value in the request, and a command's failure (the bus's) as a whole.

use tatrack_domain::access::AccessError;
use tatrack_domain::bounds::{ControlCharacter, DateOutOfRange};
use tatrack_domain::money::AmountError;
use tatrack_domain::programme::results::ResultsError;
use tatrack_domain::token::TokenError;
use tatrack_domain::{ActivityError, OrganisationError, ParticipantError, ProgrammeError};
use tatrack_store::append::AppendError;
use tatrack_store::bus::CommandError;

use tatrack_i18n::{msg, Message};

use super::{store_failure, Error};
use crate::problems::ProblemType;

/// How a rule of a domain error maps to HTTP: most are a conflict with the record's state,
/// a few are a bad value in the request.
pub trait DomainRule: std::error::Error {
    fn to_error(&self) -> Error;
}

fn conflict(kind: ProblemType, detail: Message) -> Error {
    Error::Conflict { kind, detail }
}

fn amount_error(error: &AmountError) -> Error {
    Error::validation("amount", error.message())
}

fn date_error(error: &DateOutOfRange) -> Error {
    Error::validation(error.field, error.message())
}

fn text_error(error: &ControlCharacter) -> Error {
    Error::validation(error.field.clone(), error.message())
}

impl DomainRule for ActivityError {
    fn to_error(&self) -> Error {
        let kind = match self {
            Self::NotPlanned => return Error::NotFound(self.message()),
            Self::AlreadyPlanned => ProblemType::AlreadyPlanned,
            Self::Cancelled => ProblemType::ActivityCancelled,
            Self::AlreadyCancelled => ProblemType::AlreadyCancelled,
            Self::Reported => ProblemType::ActivityReported,
            Self::AlreadyDelivered => ProblemType::AlreadyDelivered,
            Self::NotDelivered => ProblemType::NotDelivered,
            Self::NoFundingFromDonor(_) => ProblemType::NoFundingFromDonor,
            Self::Voided => ProblemType::ActivityVoided,
            Self::AlreadyVoided => ProblemType::AlreadyVoided,
            Self::NoParticipantsRecorded => ProblemType::NotRecorded,
            Self::ParticipantsMissing { .. } => ProblemType::ParticipantsMissing,
            // A bad value, named by the rule (the counts together, or an amendment that
            // changes nothing, name none).
            _ => return Error::Validation { field: self.field(), detail: self.message() },
        };
        conflict(kind, self.message())
    }
}

impl DomainRule for ProgrammeError {
    fn to_error(&self) -> Error {
        match self {
            Self::NotRegistered => Error::NotFound(self.message()),
            Self::AlreadyRegistered => conflict(ProblemType::AlreadyRegistered, self.message()),
            Self::EndBeforeStart => Error::validation("end", self.message()),
            Self::Amount(amount) => amount_error(amount),
            Self::Date(date) => date_error(date),
            Self::Text(text) => text_error(text),
            Self::Results(results) => results_error(results),
        }
    }
}

fn results_error(error: &ResultsError) -> Error {
    match error {
        ResultsError::UnknownIndicator => Error::NotFound(error.message()),
        ResultsError::OutcomeExists | ResultsError::IndicatorExists => {
            conflict(ProblemType::AlreadyDefined, error.message())
        }
        ResultsError::ActualOfCountedIndicator => conflict(ProblemType::CountedIndicator, error.message()),
        other => Error::Validation { field: other.field().map(str::to_owned), detail: other.message() },
    }
}

impl DomainRule for OrganisationError {
    fn to_error(&self) -> Error {
        match self {
            Self::NotRegistered => Error::NotFound(self.message()),
            Self::AlreadyRegistered => conflict(ProblemType::AlreadyRegistered, self.message()),
            Self::NameRepeated(_) => Error::validation("aliases", self.message()),
            Self::InvisibleCharacter { field, .. } => Error::validation(field.clone(), self.message()),
            Self::NothingChanged => Error::validation("changes", self.message()),
            Self::Text(text) => text_error(text),
        }
    }
}

impl DomainRule for ParticipantError {
    fn to_error(&self) -> Error {
        let kind = match self {
            Self::NotRegistered => return Error::NotFound(self.message()),
            Self::AlreadyRegistered => ProblemType::AlreadyRegistered,
            Self::Erased | Self::AlreadyErased => ProblemType::ParticipantErased,
            Self::AlreadyMerged | Self::NotMerged => ProblemType::MergeState,
            Self::Date(date) => return date_error(date),
            Self::Text(text) => return text_error(text),
            _ => return Error::Validation { field: self.field(), detail: self.message() },
        };
        conflict(kind, self.message())
    }
}

impl DomainRule for TokenError {
    fn to_error(&self) -> Error {
        match self {
            Self::NotFound => Error::NotFound(self.message()),
            Self::AlreadyExists => conflict(ProblemType::TokenExists, self.message()),
            Self::AlreadyRevoked => conflict(ProblemType::AlreadyRevoked, self.message()),
            Self::AdviserWithoutScope | Self::DonorWithoutName => Error::validation("scope", self.message()),
            Self::Text(text) => text_error(text),
        }
    }
}

impl DomainRule for AccessError {
    fn to_error(&self) -> Error {
        match self {
            Self::NotGranted => Error::NotFound(self.message()),
            Self::AlreadyGranted => conflict(ProblemType::AlreadyRegistered, self.message()),
            Self::AlreadyRevoked => conflict(ProblemType::AlreadyRevoked, self.message()),
            Self::BadIdentifier(field) => Error::validation(*field, self.message()),
            Self::AdviserWithoutScope | Self::DonorWithoutName => Error::validation("scope", self.message()),
            Self::Text(text) => text_error(text),
        }
    }
}

impl<E: DomainRule + Send + Sync + 'static> From<CommandError<E>> for Error {
    fn from(error: CommandError<E>) -> Self {
        match error {
            CommandError::Domain(rule) => rule.to_error(),
            CommandError::VersionMismatch { current } => Self::VersionMismatch { current },
            CommandError::IdempotencyKeyReused => Self::IdempotencyKeyReused,
            CommandError::Contention => Self::Unavailable(msg("problem-writers-collided")),
            CommandError::Store(cause) => store_failure(cause),
            CommandError::Refused(AppendError::CodeTaken { code, owner }) => Self::Conflict {
                kind: ProblemType::ProgrammeCodeTaken,
                detail: msg("problem-programme-code-taken").with("code", code).with("owner", owner),
            },
            CommandError::Refused(AppendError::OrganisationClaimTaken { claim, owner }) => Self::Conflict {
                kind: ProblemType::OrganisationNameTaken,
                detail: msg("problem-organisation-claim-taken").with("claim", claim).with("owner", owner),
            },
            CommandError::Refused(other) => store_failure(Box::new(other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use tatrack_domain::programme::results::ResultsError;
    use tatrack_domain::values::ValueError;
    use tatrack_i18n::{text, Language};

    use super::*;

    /// Each rule's message, read in English, is the rule's own `Display`: the API's English, the
    /// logs and the CLI say the same, and the message has every argument the text needs.
    #[test]
    fn every_rule_reads_in_english_as_its_display() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 8).expect("a date");
        let text_rule = ControlCharacter { field: "title".into() };
        let date_rule = DateOutOfRange { field: "planned_start" };
        let activity = [
            ActivityError::NotPlanned,
            ActivityError::EndBeforeStart { end_field: "end" },
            ActivityError::DuplicateCountry("SAU".into()),
            ActivityError::Reported,
            ActivityError::NoSuchFundingLine { line: 3, lines: 2 },
            ActivityError::NoSuchOutput { output: 1, outputs: 0 },
            ActivityError::DeliveryInFuture { field: "end", latest: day },
            ActivityError::ParticipantsMissing { kind: "workshop" },
            ActivityError::NoFundingFromDonor("EU".into()),
            ActivityError::HeadcountTooLarge { field: "female".into() },
            ActivityError::TallyTooLarge,
            ActivityError::Amount(AmountError::TooPrecise { currency: "JPY", digits: 0 }),
            ActivityError::Amount(AmountError::TooLarge),
            ActivityError::Date(date_rule.clone()),
            ActivityError::Text(text_rule.clone()),
        ];
        let mut cases: Vec<(String, tatrack_i18n::Message)> =
            activity.iter().map(|rule| (rule.to_string(), rule.message())).collect();
        let values = [
            ValueError::UnknownCountry("XXX".into()),
            ValueError::CountTooLarge(2_000_000),
            ValueError::NegativeCount(-1),
            ValueError::InvalidIatiIdentifier("x".into()),
        ];
        cases.extend(values.iter().map(|rule| (rule.to_string(), rule.message())));
        let results = [
            ResultsError::YearOutOfRange { field: "targets[0].year".into() },
            ResultsError::ValueOutOfRange { field: "baseline.value".into() },
            ResultsError::ActualOfCountedIndicator,
        ];
        cases.extend(results.iter().map(|rule| (rule.to_string(), rule.message())));
        let others = [
            (ProgrammeError::EndBeforeStart.to_string(), ProgrammeError::EndBeforeStart.message()),
            {
                let rule = OrganisationError::InvisibleCharacter {
                    field: "aliases[1]".into(),
                    code_point: "U+200B".into(),
                };
                (rule.to_string(), rule.message())
            },
            (
                OrganisationError::NameRepeated("UNODC".into()).to_string(),
                OrganisationError::NameRepeated("UNODC".into()).message(),
            ),
            (TokenError::DonorWithoutName.to_string(), TokenError::DonorWithoutName.message()),
            (
                AccessError::BadIdentifier("subject").to_string(),
                AccessError::BadIdentifier("subject").message(),
            ),
        ];
        cases.extend(others);
        for (display, message) in cases {
            assert_eq!(text(Language::English, &message), display, "{message:?}");
            assert_ne!(text(Language::French, &message), display, "{message:?} has a French text");
            assert_ne!(text(Language::Spanish, &message), display, "{message:?} has a Spanish text");
        }
    }

    #[test]
    fn the_role_a_refusal_needs_reads_as_before() {
        let forbidden =
            msg("problem-role-forbidden").with("role", "adviser").with("needed", "manager-donor-admin");
        assert_eq!(
            text(Language::English, &forbidden),
            "an adviser token cannot do this; it needs a manager, donor or admin token"
        );
        assert_eq!(
            text(Language::French, &forbidden),
            "un jeton de conseiller ne permet pas cette opération ; elle requiert un jeton de gestionnaire, \
             de bailleur de fonds ou d’administrateur"
        );
    }
}
