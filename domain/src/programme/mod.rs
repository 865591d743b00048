//! The `Programme` aggregate: a funded programme and the contributions donors make to it.

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::bounds::{check_date, check_text, ControlCharacter, DateOutOfRange};
use crate::events::programme::ContributionRecorded;
use crate::events::{ProgrammeEvent, ProgrammeRegistration};
use crate::money::{check_amount, AmountError};
use crate::values::{Currency, Money, NonEmptyText, ProgrammeCode, ProgrammeId};
use crate::vocabulary::ThematicArea;

/// Serializes as the request body it came from (for the text rule, `check_text`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ProgrammeCommand {
    Register(RegisterProgramme),
    RecordContribution(Contribution),
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
    pub donor: NonEmptyText,
    /// A plain decimal string, such as "1500000.00": no more decimals than the currency's minor
    /// unit, at most 10000000000000.
    #[serde(with = "crate::money::plain_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1500000.00", pattern = "^[0-9]+(\\.[0-9]+)?$"))]
    pub amount: Decimal,
    pub currency: Currency,
    pub received_on: NaiveDate,
}

impl From<Contribution> for ContributionRecorded {
    fn from(c: Contribution) -> Self {
        Self { donor: c.donor, amount: c.amount, currency: c.currency, received_on: c.received_on }
    }
}

impl From<ContributionRecorded> for Contribution {
    fn from(c: ContributionRecorded) -> Self {
        Self { donor: c.donor, amount: c.amount, currency: c.currency, received_on: c.received_on }
    }
}

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
}

/// A programme's record as its events built it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeRecord {
    #[serde(flatten)]
    pub registration: ProgrammeRegistration,
    pub contributions: Vec<Contribution>,
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
            (None, ProgrammeCommand::RecordContribution(_)) => Err(ProgrammeError::NotRegistered),
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
        }
    }
}

impl Aggregate for Programme {
    const TYPE: &'static str = "Programme";
    type Command = ProgrammeCommand;
    type Event = ProgrammeEvent;
    type Error = ProgrammeError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        (): &(),
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let decided = self.decide(command);
        crate::record(self, sink, decided).await
    }

    fn apply(&mut self, event: Self::Event) {
        match (&mut self.record, event) {
            (None, ProgrammeEvent::ProgrammeRegistered(registration)) => {
                self.record = Some(ProgrammeRecord { registration, contributions: Vec::new() });
            }
            (Some(record), ProgrammeEvent::ContributionRecorded(contribution)) => {
                record.contributions.push(contribution.into());
            }
            // `decide` never emits these; an empty or repeated registration changes nothing.
            (Some(_), ProgrammeEvent::ProgrammeRegistered(_))
            | (None, ProgrammeEvent::ContributionRecorded(_)) => {}
        }
    }
}
