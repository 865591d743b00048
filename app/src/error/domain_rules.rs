//! How a domain error reaches HTTP: each rule of each aggregate as a conflict with the record's
//! state or a bad value in the request, and a command's failure (the bus's) as a whole.

use tatrack_domain::access::AccessError;
use tatrack_domain::bounds::{ControlCharacter, DateOutOfRange};
use tatrack_domain::money::AmountError;
use tatrack_domain::programme::results::ResultsError;
use tatrack_domain::token::TokenError;
use tatrack_domain::{ActivityError, OrganisationError, ProgrammeError};
use tatrack_store::append::AppendError;
use tatrack_store::bus::CommandError;

use super::{store_failure, Error};
use crate::problems::ProblemType;

/// How a rule of a domain error maps to HTTP: most are a conflict with the record's state,
/// a few are a bad value in the request.
pub trait DomainRule: std::error::Error {
    fn to_error(&self) -> Error;
}

fn conflict(kind: ProblemType, error: &impl std::error::Error) -> Error {
    Error::Conflict { kind, detail: error.to_string() }
}

fn amount_error(error: &AmountError) -> Error {
    Error::validation("amount", error)
}

fn date_error(error: &DateOutOfRange) -> Error {
    Error::validation(error.field, error)
}

fn text_error(error: &ControlCharacter) -> Error {
    Error::validation(error.field.clone(), error)
}

impl DomainRule for ActivityError {
    fn to_error(&self) -> Error {
        let kind = match self {
            Self::NotPlanned => return Error::NotFound(self.to_string()),
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
            _ => return Error::Validation { field: self.field(), detail: self.to_string() },
        };
        conflict(kind, self)
    }
}

impl DomainRule for ProgrammeError {
    fn to_error(&self) -> Error {
        match self {
            Self::NotRegistered => Error::NotFound(self.to_string()),
            Self::AlreadyRegistered => conflict(ProblemType::AlreadyRegistered, self),
            Self::EndBeforeStart => Error::validation("end", &self),
            Self::Amount(amount) => amount_error(amount),
            Self::Date(date) => date_error(date),
            Self::Text(text) => text_error(text),
            Self::Results(results) => results_error(results),
        }
    }
}

fn results_error(error: &ResultsError) -> Error {
    match error {
        ResultsError::UnknownIndicator => Error::NotFound(error.to_string()),
        ResultsError::OutcomeExists | ResultsError::IndicatorExists => {
            conflict(ProblemType::AlreadyDefined, error)
        }
        ResultsError::ActualOfCountedIndicator => conflict(ProblemType::CountedIndicator, error),
        other => Error::Validation { field: other.field().map(str::to_owned), detail: other.to_string() },
    }
}

impl DomainRule for OrganisationError {
    fn to_error(&self) -> Error {
        match self {
            Self::NotRegistered => Error::NotFound(self.to_string()),
            Self::AlreadyRegistered => conflict(ProblemType::AlreadyRegistered, self),
            Self::NameRepeated(_) => Error::validation("aliases", &self),
            Self::InvisibleCharacter { field, .. } => Error::validation(field.clone(), &self),
            Self::NothingChanged => Error::validation("changes", &self),
            Self::Text(text) => text_error(text),
        }
    }
}

impl DomainRule for TokenError {
    fn to_error(&self) -> Error {
        match self {
            Self::NotFound => Error::NotFound(self.to_string()),
            Self::AlreadyExists => conflict(ProblemType::TokenExists, self),
            Self::AlreadyRevoked => conflict(ProblemType::AlreadyRevoked, self),
            Self::AdviserWithoutScope | Self::DonorWithoutName => Error::validation("scope", &self),
            Self::Text(text) => text_error(text),
        }
    }
}

impl DomainRule for AccessError {
    fn to_error(&self) -> Error {
        match self {
            Self::NotGranted => Error::NotFound(self.to_string()),
            Self::AlreadyGranted => conflict(ProblemType::AlreadyRegistered, self),
            Self::AlreadyRevoked => conflict(ProblemType::AlreadyRevoked, self),
            Self::BadIdentifier(field) => Error::validation(*field, &self),
            Self::AdviserWithoutScope | Self::DonorWithoutName => Error::validation("scope", &self),
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
            CommandError::Contention => Self::Unavailable(error.to_string()),
            CommandError::Store(cause) => store_failure(cause),
            CommandError::Refused(refused @ AppendError::CodeTaken { .. }) => {
                Self::Conflict { kind: ProblemType::ProgrammeCodeTaken, detail: refused.to_string() }
            }
            CommandError::Refused(refused @ AppendError::OrganisationClaimTaken { .. }) => {
                Self::Conflict { kind: ProblemType::OrganisationNameTaken, detail: refused.to_string() }
            }
            CommandError::Refused(other) => store_failure(Box::new(other)),
        }
    }
}
