//! The rules `decide` checks beyond a value's own: the state machine of an activity's status,
//! dates in order and in range, head-counts and their breakdowns, and what a correction leaves.

use chrono::{Days, NaiveDate};

use super::{
    ActivityCommand, ActivityError, ActivityRecord, Attendance, Correction, Funding, Output, Participants,
};
use crate::bounds::{check_date, MAX_HEADCOUNT};
use crate::events::activity::{Corrected, CorrectedFields};
use crate::events::PlannedFields;
use crate::values::Headcount;
use crate::vocabulary::ActivityKind;

pub(super) fn check_planned_fields(planned: &PlannedFields) -> Result<(), ActivityError> {
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
pub(super) fn check_delivery(
    start: NaiveDate,
    end: NaiveDate,
    today: NaiveDate,
) -> Result<(), ActivityError> {
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

pub(super) fn check_range(
    start: NaiveDate,
    end: NaiveDate,
    end_field: &'static str,
) -> Result<(), ActivityError> {
    if end < start {
        return Err(ActivityError::EndBeforeStart { end_field });
    }
    Ok(())
}

impl ActivityRecord {
    /// The state machine: which commands each status takes (see [`ActivityStatus::accepts`]).
    pub(super) fn check_accepts(&self, command: &ActivityCommand) -> Result<(), ActivityError> {
        self.status.accepts(command.action())
    }

    /// A training or workshop is reported with the people it reached; other kinds may have none.
    pub(super) fn check_reportable(&self) -> Result<(), ActivityError> {
        let kind = self.planned.kind;
        if matches!(kind, ActivityKind::Training | ActivityKind::Workshop) && self.participants.is_none() {
            return Err(ActivityError::ParticipantsMissing { kind: kind.as_str() });
        }
        Ok(())
    }

    /// The standing funding line at `line`, or the rule an amendment of it breaks.
    pub(super) fn funding_line(&self, line: u32) -> Result<&Funding, ActivityError> {
        usize::try_from(line)
            .ok()
            .and_then(|i| self.funding.get(i))
            .ok_or(ActivityError::NoSuchFundingLine { line, lines: self.funding.len() })
    }

    /// The recorded output at `output`, or the rule an amendment of it breaks.
    pub(super) fn output(&self, output: u32) -> Result<&Output, ActivityError> {
        usize::try_from(output)
            .ok()
            .and_then(|i| self.outputs.get(i))
            .ok_or(ActivityError::NoSuchOutput { output, outputs: self.outputs.len() })
    }

    pub(super) fn check_participants(&self, participants: &Participants) -> Result<(), ActivityError> {
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
    pub(super) fn correction(&self, correction: Correction) -> Result<Corrected, ActivityError> {
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
