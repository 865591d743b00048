//! The kinds of command an activity takes, by name, and which of them each status accepts: the
//! state machine in one place, for `decide` and for anyone who offers commands (the web app
//! offers exactly the actions a record's status accepts, offline too, from this very table).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{ActivityCommand, ActivityError, ActivityRecord, ActivityStatus, Dated};

/// A kind of activity command, without its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityAction {
    Plan,
    Reschedule,
    RecordDelivery,
    RecordParticipants,
    AttributeFunding,
    WithdrawFunding,
    RecordOutput,
    Correct,
    Cancel,
    Report,
    AmendDelivery,
    AmendParticipants,
    AmendFunding,
    AmendOutput,
    RemoveOutput,
    Void,
    /// Not among [`ActivityAction::ALL`]: the list is kept on its own page, not offered as a form.
    RecordAttendance,
}

impl ActivityAction {
    /// Every action, in the order a page offers them.
    pub const ALL: [Self; 16] = [
        Self::Plan,
        Self::Reschedule,
        Self::RecordDelivery,
        Self::RecordParticipants,
        Self::AttributeFunding,
        Self::WithdrawFunding,
        Self::RecordOutput,
        Self::Report,
        Self::AmendDelivery,
        Self::AmendParticipants,
        Self::AmendFunding,
        Self::AmendOutput,
        Self::RemoveOutput,
        Self::Correct,
        Self::Cancel,
        Self::Void,
    ];

    /// Whether the action amends what happened (with a reason), which a reported activity takes.
    pub fn is_amendment(self) -> bool {
        matches!(
            self,
            Self::AmendDelivery
                | Self::AmendParticipants
                | Self::AmendFunding
                | Self::AmendOutput
                | Self::RemoveOutput
        )
    }
}

impl ActivityAction {
    /// The command this action makes of its request body, as the API reads it; a delivery's
    /// record or amendment is decided on `today` (UTC).
    pub fn command(
        self,
        body: serde_json::Value,
        today: NaiveDate,
    ) -> Result<ActivityCommand, serde_json::Error> {
        use serde_json::from_value;
        use ActivityCommand as C;
        Ok(match self {
            Self::Plan => C::Plan(from_value(body)?),
            Self::Reschedule => C::Reschedule(from_value(body)?),
            Self::RecordDelivery => C::RecordDelivery(Dated::new(from_value(body)?, today)),
            Self::RecordParticipants => C::RecordParticipants(from_value(body)?),
            Self::AttributeFunding => C::AttributeFunding(from_value(body)?),
            Self::WithdrawFunding => C::WithdrawFunding(from_value(body)?),
            Self::RecordOutput => C::RecordOutput(from_value(body)?),
            Self::Correct => C::Correct(from_value(body)?),
            Self::Cancel => C::Cancel(from_value(body)?),
            Self::Report => C::Report(from_value(body)?),
            Self::AmendDelivery => C::AmendDelivery(Dated::new(from_value(body)?, today)),
            Self::AmendParticipants => C::AmendParticipants(from_value(body)?),
            Self::AmendFunding => C::AmendFunding(from_value(body)?),
            Self::AmendOutput => C::AmendOutput(from_value(body)?),
            Self::RemoveOutput => C::RemoveOutput(from_value(body)?),
            Self::Void => C::Void(from_value(body)?),
            // A list names registered participants, whose categories only the server reads: it
            // is recorded online, never decided offline (and its decoder stays out of the web
            // app's rules).
            Self::RecordAttendance => {
                return Err(<serde_json::Error as serde::de::Error>::custom("recorded online"))
            }
        })
    }
}

impl ActivityCommand {
    /// The command's kind.
    pub fn action(&self) -> ActivityAction {
        use ActivityAction as A;
        match self {
            Self::Plan(_) => A::Plan,
            Self::Reschedule(_) => A::Reschedule,
            Self::RecordDelivery(_) => A::RecordDelivery,
            Self::RecordParticipants(_) => A::RecordParticipants,
            Self::AttributeFunding(_) => A::AttributeFunding,
            Self::WithdrawFunding(_) => A::WithdrawFunding,
            Self::RecordOutput(_) => A::RecordOutput,
            Self::Correct(_) => A::Correct,
            Self::Cancel(_) => A::Cancel,
            Self::Report(_) => A::Report,
            Self::AmendDelivery(_) => A::AmendDelivery,
            Self::AmendParticipants(_) => A::AmendParticipants,
            Self::AmendFunding(_) => A::AmendFunding,
            Self::AmendOutput(_) => A::AmendOutput,
            Self::RemoveOutput(_) => A::RemoveOutput,
            Self::Void(_) => A::Void,
            Self::RecordAttendance(_) => A::RecordAttendance,
        }
    }
}

impl ActivityStatus {
    /// The state machine: whether a record in this status takes `action`, before any value of
    /// the command is looked at.
    pub fn accepts(self, action: ActivityAction) -> Result<(), ActivityError> {
        use ActivityAction as A;
        use ActivityStatus as S;
        match (self, action) {
            (_, A::Plan) => Err(ActivityError::AlreadyPlanned),
            (S::Voided, A::Void) => Err(ActivityError::AlreadyVoided),
            (S::Voided, _) => Err(ActivityError::Voided),
            // A donor may take back money from an activity that will not happen.
            (_, A::Correct | A::Void) | (S::Cancelled, A::WithdrawFunding) => Ok(()),
            // What happened can be amended once it was recorded, reported or not.
            (S::Delivered | S::Reported, action) if action.is_amendment() => Ok(()),
            // A list replaces the tally; once reported it amends it, with a reason.
            (S::Delivered | S::Reported, A::RecordAttendance) => Ok(()),
            (S::Reported, _) => Err(ActivityError::Reported),
            (S::Cancelled, A::Cancel) => Err(ActivityError::AlreadyCancelled),
            (S::Cancelled, _) => Err(ActivityError::Cancelled),
            (S::Delivered, A::Reschedule | A::Cancel) => Err(ActivityError::AlreadyDelivered),
            (S::Planned, A::RecordParticipants | A::Report | A::RecordAttendance) => {
                Err(ActivityError::NotDelivered)
            }
            (S::Planned, action) if action.is_amendment() => Err(ActivityError::NotDelivered),
            // Includes a second delivery record while delivered: it replaces the first, as
            // field advisers fix dates before the activity is reported.
            _ => Ok(()),
        }
    }
}

impl ActivityRecord {
    /// The actions this record's status takes, in the order of [`ActivityAction::ALL`]. An
    /// action that also needs something recorded (an output to amend, a funding line to
    /// withdraw) is listed only when the record has it.
    pub fn actions(&self) -> Vec<ActivityAction> {
        use ActivityAction as A;
        ActivityAction::ALL
            .into_iter()
            .filter(|&action| self.status.accepts(action).is_ok())
            .filter(|&action| match action {
                A::WithdrawFunding | A::AmendFunding => !self.funding.is_empty(),
                A::AmendOutput | A::RemoveOutput => !self.outputs.is_empty(),
                A::AmendParticipants => self.participants.is_some(),
                A::AmendDelivery => self.delivery.is_some(),
                _ => true,
            })
            .collect()
    }
}
