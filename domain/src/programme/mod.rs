//! The `Programme` aggregate: a funded programme and the contributions donors make to it.

pub mod results;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_results;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use tatrack_i18n::{msg, Message};

use crate::bounds::{check_date, check_text, ControlCharacter, DateOutOfRange};
use crate::events::programme::ContributionRecorded;
use crate::events::{ProgrammeEvent, ProgrammeRegistration};
use crate::money::{check_amount, AmountError};
use crate::values::{Currency, IndicatorId, Money, NonEmptyText, OrganisationId, ProgrammeCode, ProgrammeId};
use crate::vocabulary::ThematicArea;
use results::{
    ActualReport, DefineIndicator, DefineOutcome, IndicatorRevision, ResultsError, ResultsFramework,
};

/// Serializes as the request body it came from (for the text rule, `check_text`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ProgrammeCommand {
    Register(RegisterProgramme),
    RecordContribution(Contribution),
    DefineOutcome(DefineOutcome),
    DefineIndicator(DefineIndicator),
    ReviseIndicator {
        indicator_id: IndicatorId,
        #[serde(flatten)]
        revision: IndicatorRevision,
    },
    ReportActual {
        indicator_id: IndicatorId,
        #[serde(flatten)]
        report: ActualReport,
    },
}

impl ProgrammeCommand {
    /// The reason the command gives, kept in the event's metadata for audits.
    pub fn reason(&self) -> Option<&NonEmptyText> {
        match self {
            Self::ReviseIndicator { revision, .. } => Some(&revision.reason),
            Self::ReportActual { report, .. } => Some(&report.reason),
            _ => None,
        }
    }
}

/// Opens a programme. The id is the client's; the code must be unique (the API checks that,
/// since it spans programmes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterProgramme {
    pub id: ProgrammeId,
    pub code: ProgrammeCode,
    pub name: NonEmptyText,
    pub thematic_area: ThematicArea,
    #[serde(default)]
    pub start: Option<NaiveDate>,
    #[serde(default)]
    pub end: Option<NaiveDate>,
}

/// Money a donor gave the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Contribution {
    /// The donor's name as recorded: the organisation's canonical name when only its id is given.
    pub donor: NonEmptyText,
    /// The contributing organisation, by id; a request may name it by a name or alias instead,
    /// which the API resolves (see the activity's funding lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<OrganisationId>,
    /// A plain decimal string, such as "1500000.00": no more decimals than the currency's minor
    /// unit, at most 10000000000000.
    #[serde(with = "crate::values::plain_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1500000.00", pattern = "^[0-9]+(\\.[0-9]+)?$"))]
    pub amount: Decimal,
    pub currency: Currency,
    pub received_on: NaiveDate,
}

crate::moved_fields!(Contribution <=> ContributionRecorded {
    donor, organisation_id, amount, currency, received_on
});

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProgrammeError {
    #[error("no programme has been registered under this id")]
    NotRegistered,
    #[error("a programme with this id is already registered")]
    AlreadyRegistered,
    #[error("`end` falls before `start`")]
    EndBeforeStart,
    #[error("{0}")]
    Amount(#[from] AmountError),
    #[error("{0}")]
    Date(#[from] DateOutOfRange),
    #[error("{0}")]
    Text(#[from] ControlCharacter),
    #[error("{0}")]
    Results(#[from] ResultsError),
}

impl ProgrammeError {
    /// The rule as a message to read in the user's language.
    pub fn message(&self) -> Message {
        match self {
            Self::NotRegistered => msg("problem-programme-not-registered"),
            Self::AlreadyRegistered => msg("problem-programme-already-registered"),
            Self::EndBeforeStart => msg("problem-programme-end-before-start"),
            Self::Amount(amount) => amount.message(),
            Self::Date(date) => date.message(),
            Self::Text(text) => text.message(),
            Self::Results(results) => results.message(),
        }
    }
}

/// A programme's record as its events built it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeRecord {
    #[serde(flatten)]
    pub registration: ProgrammeRegistration,
    pub contributions: Vec<Contribution>,
    /// Outcomes and indicators; absent from records stored before results frameworks existed.
    #[serde(default)]
    pub results: ResultsFramework,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    record: Option<ProgrammeRecord>,
}

impl Programme {
    pub fn record(&self) -> Option<&ProgrammeRecord> {
        self.record.as_ref()
    }

    /// The events `command` causes in the current state, or the rule it breaks.
    pub fn decide(&self, command: ProgrammeCommand) -> Result<Vec<ProgrammeEvent>, ProgrammeError> {
        check_text(&command)?;
        match (&self.record, command) {
            (Some(_), ProgrammeCommand::Register(_)) => Err(ProgrammeError::AlreadyRegistered),
            (None, ProgrammeCommand::Register(register)) => {
                for (field, day) in [("start", register.start), ("end", register.end)] {
                    day.map_or(Ok(()), |day| check_date(field, day))?;
                }
                if let (Some(start), Some(end)) = (register.start, register.end) {
                    if end < start {
                        return Err(ProgrammeError::EndBeforeStart);
                    }
                }
                Ok(vec![ProgrammeEvent::ProgrammeRegistered(ProgrammeRegistration {
                    code: register.code,
                    name: register.name,
                    thematic_area: register.thematic_area,
                    start: register.start,
                    end: register.end,
                })])
            }
            (Some(_), ProgrammeCommand::RecordContribution(contribution)) => {
                check_amount(&Money { amount: contribution.amount, currency: contribution.currency })?;
                check_date("received_on", contribution.received_on)?;
                Ok(vec![ProgrammeEvent::ContributionRecorded(contribution.into())])
            }
            (None, _) => Err(ProgrammeError::NotRegistered),
            (Some(record), ProgrammeCommand::DefineOutcome(outcome)) => {
                Ok(vec![record.results.define_outcome(outcome)?])
            }
            (Some(record), ProgrammeCommand::DefineIndicator(indicator)) => {
                Ok(vec![record.results.define_indicator(indicator)?])
            }
            (Some(record), ProgrammeCommand::ReviseIndicator { indicator_id, revision }) => {
                Ok(vec![record.results.known(indicator_id)?.revise(revision)?])
            }
            (Some(record), ProgrammeCommand::ReportActual { indicator_id, report }) => {
                Ok(vec![record.results.known(indicator_id)?.report(report)?])
            }
        }
    }
}

crate::aggregate!(Programme {
    TYPE: "Programme",
    Command: ProgrammeCommand,
    Event: ProgrammeEvent,
    Error: ProgrammeError
});

impl Programme {
    /// Folds `event` into the state: cqrs-es's `Aggregate::apply`.
    fn evolve(&mut self, event: ProgrammeEvent) {
        match (&mut self.record, event) {
            (None, ProgrammeEvent::ProgrammeRegistered(registration)) => {
                self.record = Some(ProgrammeRecord {
                    registration,
                    contributions: Vec::new(),
                    results: ResultsFramework::default(),
                });
            }
            (Some(record), ProgrammeEvent::ContributionRecorded(contribution)) => {
                record.contributions.push(contribution.into());
            }
            (
                Some(record),
                results @ (ProgrammeEvent::OutcomeDefined(_)
                | ProgrammeEvent::IndicatorDefined(_)
                | ProgrammeEvent::IndicatorRevised(_)
                | ProgrammeEvent::ActualReported(_)),
            ) => record.results.apply(results),
            // `decide` never emits these; an empty or repeated registration changes nothing.
            (Some(_), ProgrammeEvent::ProgrammeRegistered(_)) | (None, _) => {}
        }
    }
}
