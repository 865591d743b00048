//! The `Activity` aggregate: one technical-assistance activity, from plan to report.
//!
//! `decide` checks a command against the current state and returns the events it causes;
//! `evolve` (cqrs-es's `apply`) folds an event into the state. Both are pure. Beside this file:
//! `actions` (the kinds of command, and which each status takes), `commands` (what may be asked), `rules` (what `decide` checks), `convert` (commands to
//! events, events to the record), `errors` (one variant per rule) and `tests`.

mod actions;
mod attendance;
mod commands;
mod convert;
mod errors;
mod rules;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use actions::ActivityAction;
pub use commands::{
    ActivityCommand, Attendance, AttendanceList, Attendee, Cancellation, Correction, Dated, Delivery,
    DeliveryAmendment, Funding, FundingAmendment, FundingWithdrawal, Output, OutputAmendment, OutputRemoval,
    Participants, ParticipantsAmendment, PlanActivity, PlannedFieldChanges, ReportActivity, Reschedule,
    Voiding,
};
pub use errors::ActivityError;
use rules::{check_delivery, check_planned_fields, check_range};

use crate::bounds::{check_date, check_text};
use crate::events::{ActivityEvent, PlannedFields};
use crate::money::check_amount;
use crate::values::NonEmptyText;

/// Where an activity stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    Planned,
    Delivered,
    Cancelled,
    /// Delivered and reported: only amendments and corrections, with a reason, change it now.
    Reported,
    /// A duplicate or mistaken record: it counts nowhere, and stays in history and audit.
    Voided,
}

impl ActivityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Delivered => "delivered",
            Self::Cancelled => "cancelled",
            Self::Reported => "reported",
            Self::Voided => "voided",
        }
    }

    /// Whether an activity in this status counts in figures: cancelled and voided ones do not.
    pub fn counts(self) -> bool {
        !matches!(self, Self::Cancelled | Self::Voided)
    }
}

/// An activity's record as its events built it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityRecord {
    #[serde(flatten)]
    pub planned: PlannedFields,
    pub status: ActivityStatus,
    pub delivery: Option<Delivery>,
    pub participants: Option<Participants>,
    /// Attributions still standing, in the order they were made.
    pub funding: Vec<Funding>,
    pub outputs: Vec<Output>,
    pub cancellation_reason: Option<NonEmptyText>,
    /// Why the record was voided, once it is.
    pub void_reason: Option<NonEmptyText>,
}

/// The aggregate; empty until the activity is planned.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    record: Option<ActivityRecord>,
}

impl ActivityCommand {
    /// The reason the command gives, kept in the event's metadata for audits.
    pub fn reason(&self) -> Option<&NonEmptyText> {
        match self {
            Self::Reschedule(reschedule) => reschedule.reason.as_ref(),
            Self::WithdrawFunding(withdrawal) => Some(&withdrawal.reason),
            Self::Correct(correction) => Some(&correction.reason),
            Self::Cancel(cancellation) => Some(&cancellation.reason),
            Self::AmendDelivery(amendment) => Some(&amendment.body.reason),
            Self::AmendParticipants(amendment) => Some(&amendment.reason),
            Self::AmendFunding(amendment) => Some(&amendment.reason),
            Self::AmendOutput(amendment) => Some(&amendment.reason),
            Self::RemoveOutput(removal) => Some(&removal.reason),
            Self::Void(voiding) => Some(&voiding.reason),
            Self::RecordAttendance(list) => list.reason.as_ref(),
            _ => None,
        }
    }
}

impl Activity {
    pub fn record(&self) -> Option<&ActivityRecord> {
        self.record.as_ref()
    }

    /// The state whose events built `record`: for a client that holds the record as the API
    /// showed it but not the events (the web app offline), to decide its next commands on.
    pub fn from_record(record: Option<ActivityRecord>) -> Self {
        Self { record }
    }

    /// The events `command` causes in the current state, or the rule it breaks.
    pub fn decide(&self, command: ActivityCommand) -> Result<Vec<ActivityEvent>, ActivityError> {
        check_text(&command)?;
        let Some(record) = &self.record else {
            return match command {
                ActivityCommand::Plan(plan) => plan_events(plan),
                _ => Err(ActivityError::NotPlanned),
            };
        };
        record.check_accepts(&command)?;
        let event = match command {
            ActivityCommand::Plan(_) => return Err(ActivityError::AlreadyPlanned),
            ActivityCommand::Reschedule(reschedule) => {
                check_date("planned_start", reschedule.planned_start)?;
                check_date("planned_end", reschedule.planned_end)?;
                check_range(reschedule.planned_start, reschedule.planned_end, "planned_end")?;
                ActivityEvent::ActivityRescheduled(reschedule.into())
            }
            ActivityCommand::RecordDelivery(Dated { body: delivery, today }) => {
                check_delivery(delivery.start, delivery.end, today)?;
                ActivityEvent::ActivityDelivered(delivery.into())
            }
            ActivityCommand::RecordParticipants(participants) => {
                record.check_participants(&participants)?;
                ActivityEvent::ParticipantsRecorded(participants.into())
            }
            ActivityCommand::AttributeFunding(funding) => {
                check_amount(&funding.money())?;
                ActivityEvent::FundingAttributed(funding.into())
            }
            ActivityCommand::WithdrawFunding(withdrawal) => {
                if !record.funding.iter().any(|f| f.donor == withdrawal.donor) {
                    return Err(ActivityError::NoFundingFromDonor(withdrawal.donor.to_string()));
                }
                ActivityEvent::FundingWithdrawn(withdrawal.into())
            }
            ActivityCommand::RecordOutput(output) => ActivityEvent::OutputRecorded(output.into()),
            ActivityCommand::Correct(correction) => {
                ActivityEvent::ActivityCorrected(record.correction(correction)?)
            }
            ActivityCommand::Cancel(cancellation) => ActivityEvent::ActivityCancelled(cancellation.into()),
            ActivityCommand::Report(ReportActivity {}) => {
                record.check_reportable()?;
                ActivityEvent::ActivityReported
            }
            ActivityCommand::AmendDelivery(Dated { body, today }) => {
                check_delivery(body.start, body.end, today)?;
                let amended = Delivery { start: body.start, end: body.end, mode: body.mode };
                if record.delivery == Some(amended) {
                    return Err(ActivityError::NothingToAmend);
                }
                ActivityEvent::DeliveryAmended(body.into())
            }
            ActivityCommand::AmendParticipants(amendment) => {
                let Some(current) = &record.participants else {
                    return Err(ActivityError::NoParticipantsRecorded);
                };
                record.check_participants(&amendment.participants)?;
                if *current == amendment.participants {
                    return Err(ActivityError::NothingToAmend);
                }
                ActivityEvent::ParticipantsAmended(amendment.into())
            }
            ActivityCommand::AmendFunding(amendment) => {
                let current = record.funding_line(amendment.line)?;
                check_amount(&amendment.funding().money())?;
                if *current == amendment.funding() {
                    return Err(ActivityError::NothingToAmend);
                }
                ActivityEvent::FundingAmended(amendment.into())
            }
            ActivityCommand::AmendOutput(amendment) => {
                let current = record.output(amendment.output)?;
                if current.kind == amendment.kind && current.description == amendment.description {
                    return Err(ActivityError::NothingToAmend);
                }
                ActivityEvent::OutputAmended(amendment.into())
            }
            ActivityCommand::RemoveOutput(removal) => {
                record.output(removal.output)?;
                ActivityEvent::OutputRemoved(removal.into())
            }
            ActivityCommand::Void(voiding) => ActivityEvent::ActivityVoided(voiding.into()),
            ActivityCommand::RecordAttendance(list) => return record.attendance(list),
        };
        Ok(vec![event])
    }
}

fn plan_events(plan: PlanActivity) -> Result<Vec<ActivityEvent>, ActivityError> {
    let planned = PlannedFields::from(plan);
    check_planned_fields(&planned)?;
    Ok(vec![ActivityEvent::ActivityPlanned(planned)])
}

crate::aggregate!(Activity {
    TYPE: "Activity",
    Command: ActivityCommand,
    Event: ActivityEvent,
    Error: ActivityError
});

impl Activity {
    /// Folds `event` into the state: cqrs-es's `Aggregate::apply`.
    fn evolve(&mut self, event: ActivityEvent) {
        let Some(record) = &mut self.record else {
            if let ActivityEvent::ActivityPlanned(planned) = event {
                self.record = Some(ActivityRecord {
                    planned,
                    status: ActivityStatus::Planned,
                    delivery: None,
                    participants: None,
                    funding: Vec::new(),
                    outputs: Vec::new(),
                    cancellation_reason: None,
                    void_reason: None,
                });
            }
            return;
        };
        match event {
            // A stream has one plan; `decide` refuses a second. A list's tally came with it as
            // its own event.
            ActivityEvent::ActivityPlanned(_) | ActivityEvent::AttendanceRecorded(_) => {}
            ActivityEvent::ActivityRescheduled(reschedule) => {
                record.planned.planned_start = reschedule.planned_start;
                record.planned.planned_end = reschedule.planned_end;
            }
            ActivityEvent::ActivityDelivered(delivery) => {
                record.delivery = Some(delivery.into());
                record.status = ActivityStatus::Delivered;
            }
            ActivityEvent::ParticipantsRecorded(participants) => {
                record.participants = Some(participants.into());
            }
            ActivityEvent::FundingAttributed(funding) => record.funding.push(funding.into()),
            ActivityEvent::FundingWithdrawn(withdrawal) => {
                record.funding.retain(|f| f.donor != withdrawal.donor);
            }
            ActivityEvent::OutputRecorded(output) => record.outputs.push(output.into()),
            ActivityEvent::ActivityCorrected(correction) => {
                record.planned = correction.changes.applied_to(&record.planned);
            }
            ActivityEvent::ActivityCancelled(cancellation) => {
                record.status = ActivityStatus::Cancelled;
                record.cancellation_reason = Some(cancellation.reason);
            }
            ActivityEvent::ActivityReported => record.status = ActivityStatus::Reported,
            ActivityEvent::DeliveryAmended(amended) => record.delivery = Some(amended.into()),
            ActivityEvent::ParticipantsAmended(amended) => {
                record.participants = Some(amended.participants.into());
            }
            ActivityEvent::FundingAmended(amended) => {
                let slot = usize::try_from(amended.line).ok().and_then(|i| record.funding.get_mut(i));
                if let Some(slot) = slot {
                    *slot = amended.into();
                }
            }
            ActivityEvent::OutputAmended(amended) => {
                let slot = usize::try_from(amended.output).ok().and_then(|i| record.outputs.get_mut(i));
                if let Some(slot) = slot {
                    *slot = amended.into();
                }
            }
            ActivityEvent::OutputRemoved(removed) => {
                if let Some(i) = usize::try_from(removed.output).ok().filter(|&i| i < record.outputs.len()) {
                    record.outputs.remove(i);
                }
            }
            ActivityEvent::ActivityVoided(voided) => {
                record.status = ActivityStatus::Voided;
                record.void_reason = Some(voided.reason);
            }
        }
    }
}
