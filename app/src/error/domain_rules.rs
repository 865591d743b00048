//! How a domain error reaches HTTP: each rule of each aggregate as a conflict with the record's
//! state or a bad value in the request, and a command's failure (the bus's) as a whole.

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
        match self {
            Self::NotPlanned => Error::NotFound(self.to_string()),
            Self::AlreadyPlanned => conflict(ProblemType::AlreadyPlanned, self),
            Self::EndBeforeStart { end_field } => Error::validation(*end_field, &self),
            Self::NoCountries | Self::DuplicateCountry(_) => Error::validation("countries", &self),
            Self::Cancelled => conflict(ProblemType::ActivityCancelled, self),
            Self::AlreadyCancelled => conflict(ProblemType::AlreadyCancelled, self),
            Self::Reported => conflict(ProblemType::ActivityReported, self),
            Self::AlreadyDelivered => conflict(ProblemType::AlreadyDelivered, self),
            Self::NotDelivered => conflict(ProblemType::NotDelivered, self),
            Self::BreakdownExceedsTotal { field } | Self::DeliveryInFuture { field, .. } => {
                Error::validation(*field, &self)
            }
            Self::CountryNotInActivity(_) => Error::validation("by_country", &self),
            Self::Amount(amount) => amount_error(amount),
            Self::NoFundingFromDonor(_) => conflict(ProblemType::NoFundingFromDonor, self),
            Self::NothingToCorrect => Error::validation("changes", &self),
            Self::HeadcountTooLarge { field } => Error::validation(field.clone(), &self),
            // The counts together are at fault, none of them alone; an amendment that changes
            // nothing repeats the record as a whole.
            Self::TallyTooLarge | Self::NothingToAmend => {
                Error::Validation { field: None, detail: self.to_string() }
            }
            Self::Date(date) => date_error(date),
            Self::Text(text) => text_error(text),
            Self::Voided => conflict(ProblemType::ActivityVoided, self),
            Self::AlreadyVoided => conflict(ProblemType::AlreadyVoided, self),
            Self::NoParticipantsRecorded => conflict(ProblemType::NotRecorded, self),
            Self::NoSuchFundingLine { .. } => Error::validation("line", &self),
            Self::NoSuchOutput { .. } => Error::validation("output", &self),
            Self::ParticipantsMissing { .. } => conflict(ProblemType::ParticipantsMissing, self),
        }
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
