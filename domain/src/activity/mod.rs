//! The `Activity` aggregate: one technical-assistance activity, from plan to report.
//!
//! `decide` checks a command against the current state and returns the events it causes;
//! `apply` folds an event into the state. Both are pure.

mod commands;
mod convert;
mod errors;
#[cfg(test)]
mod tests;

use chrono::{Days, NaiveDate};
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};

pub use commands::{
    ActivityCommand, Attendance, Cancellation, Correction, Dated, Delivery, DeliveryAmendment, Funding,
    FundingAmendment, FundingWithdrawal, Output, OutputAmendment, OutputRemoval, Participants,
    ParticipantsAmendment, PlanActivity, PlannedFieldChanges, ReportActivity, Reschedule, Voiding,
};
pub use errors::ActivityError;

use crate::bounds::{check_date, check_text, MAX_HEADCOUNT};
use crate::events::activity::{Corrected, CorrectedFields};
use crate::events::{ActivityEvent, PlannedFields};
use crate::money::check_amount;
use crate::values::{Headcount, NonEmptyText};
use crate::vocabulary::ActivityKind;

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
            _ => None,
        }
    }
}

impl Activity {
    pub fn record(&self) -> Option<&ActivityRecord> {
        self.record.as_ref()
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
        };
        Ok(vec![event])
    }
}

fn plan_events(plan: PlanActivity) -> Result<Vec<ActivityEvent>, ActivityError> {
    let planned = PlannedFields {
        programme_id: plan.programme_id,
        kind: plan.kind,
        title: plan.title,
        countries: plan.countries,
        location: plan.location,
        planned_start: plan.planned_start,
        planned_end: plan.planned_end,
        description: plan.description,
    };
    check_planned_fields(&planned)?;
    Ok(vec![ActivityEvent::ActivityPlanned(planned)])
}

fn check_planned_fields(planned: &PlannedFields) -> Result<(), ActivityError> {
    check_date("planned_start", planned.planned_start)?;
    check_date("planned_end", planned.planned_end)?;
    check_range(planned.planned_start, planned.planned_end, "planned_end")?;
    if planned.countries.is_empty() {
        return Err(ActivityError::NoCountries);
    }
    for (i, country) in planned.countries.iter().enumerate() {
        if planned.countries[..i].contains(country) {
            return Err(ActivityError::DuplicateCountry(country.to_string()));
        }
    }
    Ok(())
}

/// A delivery's dates: within the years tatrack takes, in order, and not in the future (one
/// day past `today` in UTC is allowed: the other side of the date line is already there).
fn check_delivery(start: NaiveDate, end: NaiveDate, today: NaiveDate) -> Result<(), ActivityError> {
    check_date("start", start)?;
    check_date("end", end)?;
    check_range(start, end, "end")?;
    let latest = today.checked_add_days(Days::new(1)).unwrap_or(today);
    for (field, day) in [("start", start), ("end", end)] {
        if day > latest {
            return Err(ActivityError::DeliveryInFuture { field, latest });
        }
    }
    Ok(())
}

fn check_range(start: NaiveDate, end: NaiveDate, end_field: &'static str) -> Result<(), ActivityError> {
    if end < start {
        return Err(ActivityError::EndBeforeStart { end_field });
    }
    Ok(())
}

impl ActivityRecord {
    /// The state machine: which commands each status takes.
    fn check_accepts(&self, command: &ActivityCommand) -> Result<(), ActivityError> {
        use ActivityCommand as C;
        use ActivityStatus as S;
        match (self.status, command) {
            (_, C::Plan(_)) => Err(ActivityError::AlreadyPlanned),
            (S::Voided, C::Void(_)) => Err(ActivityError::AlreadyVoided),
            (S::Voided, _) => Err(ActivityError::Voided),
            // A donor may take back money from an activity that will not happen.
            (_, C::Correct(_) | C::Void(_)) | (S::Cancelled, C::WithdrawFunding(_)) => Ok(()),
            // What happened can be amended once it was recorded, reported or not.
            (S::Delivered | S::Reported, command) if command.is_amendment() => Ok(()),
            (S::Reported, _) => Err(ActivityError::Reported),
            (S::Cancelled, C::Cancel(_)) => Err(ActivityError::AlreadyCancelled),
            (S::Cancelled, _) => Err(ActivityError::Cancelled),
            (S::Delivered, C::Reschedule(_) | C::Cancel(_)) => Err(ActivityError::AlreadyDelivered),
            (S::Planned, C::RecordParticipants(_) | C::Report(_)) => Err(ActivityError::NotDelivered),
            (S::Planned, command) if command.is_amendment() => Err(ActivityError::NotDelivered),
            // Includes a second delivery record while delivered: it replaces the first, as
            // field advisers fix dates before the activity is reported.
            _ => Ok(()),
        }
    }

    /// A training or workshop is reported with the people it reached; other kinds may have none.
    fn check_reportable(&self) -> Result<(), ActivityError> {
        let kind = self.planned.kind;
        if matches!(kind, ActivityKind::Training | ActivityKind::Workshop) && self.participants.is_none() {
            return Err(ActivityError::ParticipantsMissing { kind: kind.as_str() });
        }
        Ok(())
    }

    /// The standing funding line at `line`, or the rule an amendment of it breaks.
    fn funding_line(&self, line: u32) -> Result<&Funding, ActivityError> {
        usize::try_from(line)
            .ok()
            .and_then(|i| self.funding.get(i))
            .ok_or(ActivityError::NoSuchFundingLine { line, lines: self.funding.len() })
    }

    /// The recorded output at `output`, or the rule an amendment of it breaks.
    fn output(&self, output: u32) -> Result<&Output, ActivityError> {
        usize::try_from(output)
            .ok()
            .and_then(|i| self.outputs.get(i))
            .ok_or(ActivityError::NoSuchOutput { output, outputs: self.outputs.len() })
    }

    fn check_participants(&self, participants: &Participants) -> Result<(), ActivityError> {
        check_headcounts(participants)?;
        let total = participants.attendance().total();
        if let Some(by_institution) = &participants.by_institution {
            let sum: u64 = by_institution.values().map(|n| u64::from(n.get())).sum();
            if sum > total {
                return Err(ActivityError::BreakdownExceedsTotal { field: "by_institution" });
            }
        }
        if let Some(by_country) = &participants.by_country {
            if let Some(stranger) = by_country.keys().find(|c| !self.planned.countries.contains(c)) {
                return Err(ActivityError::CountryNotInActivity(stranger.to_string()));
            }
            let sum =
                |pick: fn(&Attendance) -> u32| by_country.values().map(|a| u64::from(pick(a))).sum::<u64>();
            let overall = participants.attendance();
            if sum(|a| a.female.get()) > u64::from(overall.female.get())
                || sum(|a| a.male.get()) > u64::from(overall.male.get())
                || sum(|a| a.other_or_undisclosed.get()) > u64::from(overall.other_or_undisclosed.get())
            {
                return Err(ActivityError::BreakdownExceedsTotal { field: "by_country" });
            }
        }
        Ok(())
    }

    /// Keeps only the fields whose value changes, and checks the result as a whole.
    fn correction(&self, correction: Correction) -> Result<Corrected, ActivityError> {
        let current = &self.planned;
        let requested = CorrectedFields::from(correction.changes);
        let changes = CorrectedFields {
            programme_id: changed(requested.programme_id, &current.programme_id),
            kind: changed(requested.kind, &current.kind),
            title: changed(requested.title, &current.title),
            countries: changed(requested.countries, &current.countries),
            location: changed(requested.location, &current.location),
            planned_start: changed(requested.planned_start, &current.planned_start),
            planned_end: changed(requested.planned_end, &current.planned_end),
            description: changed(requested.description, &current.description),
        };
        if changes == CorrectedFields::default() {
            return Err(ActivityError::NothingToCorrect);
        }
        let planned = changes.applied_to(current);
        check_planned_fields(&planned)?;
        // The participants' country breakdown must keep naming countries of the activity.
        let by_country = self.participants.as_ref().and_then(|p| p.by_country.as_ref());
        if let Some(orphan) =
            by_country.into_iter().flat_map(|b| b.keys()).find(|c| !planned.countries.contains(c))
        {
            return Err(ActivityError::CountryNotInActivity(orphan.to_string()));
        }
        Ok(Corrected { reason: correction.reason, changes })
    }
}

/// Every count of a tally, and the tally as a whole, stays within [`MAX_HEADCOUNT`].
fn check_headcounts(participants: &Participants) -> Result<(), ActivityError> {
    let attendance = |prefix: &str, a: &Attendance| {
        [("female", a.female), ("male", a.male), ("other_or_undisclosed", a.other_or_undisclosed)]
            .map(|(field, count)| (format!("{prefix}{field}"), count))
    };
    let mut counts: Vec<(String, Headcount)> = attendance("", &participants.attendance()).into();
    for (institution, count) in participants.by_institution.iter().flatten() {
        counts.push((format!("by_institution.{}", institution.as_str()), *count));
    }
    for (country, tally) in participants.by_country.iter().flatten() {
        counts.extend(attendance(&format!("by_country.{country}."), tally));
    }
    if let Some((field, _)) = counts.into_iter().find(|(_, count)| count.get() > MAX_HEADCOUNT) {
        return Err(ActivityError::HeadcountTooLarge { field });
    }
    if participants.attendance().total() > u64::from(MAX_HEADCOUNT) {
        return Err(ActivityError::TallyTooLarge);
    }
    Ok(())
}

/// `new` when it differs from `old`.
fn changed<T: PartialEq>(new: Option<T>, old: &T) -> Option<T> {
    new.filter(|n| n != old)
}

impl Aggregate for Activity {
    const TYPE: &'static str = "Activity";
    type Command = ActivityCommand;
    type Event = ActivityEvent;
    type Error = ActivityError;
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
            // A stream has one plan; `decide` refuses a second.
            ActivityEvent::ActivityPlanned(_) => {}
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
