//! The counting rules: what one activity or programme contributes to the read models.
//!
//! Pure functions of a record, so the projector and a replay write the same rows, and every
//! rule is stated once:
//! - an activity counts on its delivery start, or its planned start until it is delivered;
//! - a cancelled or voided activity keeps its row (for by-status counts) and its funding rows
//!   (so a donor still sees what it funded), but contributes no participants or outputs, and
//!   queries leave it out of every total and amount ([`COUNTED`] says so in SQL);
//! - amendments change the record itself, so every figure follows the amended values;
//! - a regional activity has one country row per country; its participants go to a country only
//!   through the country breakdown, and the rest is `unattributed` in each of its countries;
//! - amounts are kept per currency as exact integers of the currency's minor unit; every
//!   figure is computed with checked arithmetic, so a stored event too large for the read
//!   models is an error, never a panic, a wrap or a cap.

use tatrack_domain::activity::Attendance;
use tatrack_domain::{ActivityRecord, ProgrammeRecord};

use crate::amounts::{to_minor, Overflow};

/// The statuses of activities that count nowhere but in by-status counts
/// (`ActivityStatus::counts`), as stored.
pub const UNCOUNTED_STATUSES: [&str; 2] = ["cancelled", "voided"];

/// The same rule as a condition on `rm_activities a`, for the queries.
pub const COUNTED: &str = "a.status NOT IN ('cancelled', 'voided')";

/// The `rm_activities` row of one activity (without its JSON state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRow {
    pub programme_id: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub title: String,
    pub location: String,
    pub countries: String,
    pub country_count: i64,
    pub date_key: String,
    pub planned_start: String,
    pub planned_end: String,
    pub delivery_start: Option<String>,
    pub delivery_end: Option<String>,
    pub female: i64,
    pub male: i64,
    pub other: i64,
    pub participants_total: i64,
    pub donors: String,
}

/// An activity's participants as they count for one of its countries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryFact {
    pub country: String,
    pub female: i64,
    pub male: i64,
    pub other: i64,
    pub unattributed: i64,
}

/// Standing funding of one donor in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingFact {
    pub donor: String,
    pub currency: String,
    pub amount_minor: i128,
}

/// Everything one activity contributes to the read models.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityFacts {
    pub row: ActivityRow,
    /// Whether the activity counts in totals (not cancelled, not voided).
    pub counted: bool,
    pub countries: Vec<CountryFact>,
    pub institutions: Vec<(String, i64)>,
    pub outputs: Vec<(String, i64)>,
    pub funding: Vec<FundingFact>,
}

/// One contribution to a programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContributionFact {
    pub donor: String,
    pub currency: String,
    pub amount_minor: i128,
    pub received_on: String,
}

pub fn activity_facts(record: &ActivityRecord) -> Result<ActivityFacts, Overflow> {
    let planned = &record.planned;
    let counts = record.status.counts();
    let tally = record.participants.as_ref().filter(|_| counts);
    let overall = tally.map(tatrack_domain::activity::Participants::attendance).unwrap_or_default();
    let (female, male, other) = sexes(&overall);

    let by_country = tally.and_then(|p| p.by_country.as_ref());
    let single = planned.countries.len() == 1;
    let attributed_total =
        by_country.into_iter().flat_map(|b| b.values()).try_fold(0_i64, |sum, tally| {
            sum.checked_add(total(tally)?).ok_or(Overflow("a country breakdown"))
        })?;
    let unattributed = total(&overall)?
        .checked_sub(attributed_total)
        .ok_or(Overflow("the participants no country breakdown names"))?;
    let countries = planned
        .countries
        .iter()
        .map(|country| {
            let (female, male, other, unattributed) = if single && by_country.is_none() {
                (female, male, other, 0)
            } else {
                let mine = by_country.and_then(|b| b.get(country)).copied().unwrap_or_default();
                let (f, m, o) = sexes(&mine);
                (f, m, o, unattributed)
            };
            CountryFact { country: country.to_string(), female, male, other, unattributed }
        })
        .collect();

    let institutions = tally
        .and_then(|p| p.by_institution.as_ref())
        .map(|b| b.iter().map(|(i, n)| (i.as_str().to_owned(), i64::from(n.get()))).collect())
        .unwrap_or_default();
    let mut outputs: Vec<(String, i64)> = Vec::new();
    for output in record.outputs.iter().filter(|_| counts) {
        match outputs.iter_mut().find(|(kind, _)| kind == output.kind.as_str()) {
            Some((_, n)) => *n = n.checked_add(1).ok_or(Overflow("a count of outputs"))?,
            None => outputs.push((output.kind.as_str().to_owned(), 1)),
        }
    }
    let mut funding: Vec<FundingFact> = Vec::new();
    for line in &record.funding {
        let amount_minor = to_minor(line.amount, line.currency)?;
        match funding
            .iter_mut()
            .find(|f| f.donor == line.donor.as_str() && f.currency == line.currency.code())
        {
            Some(fact) => {
                fact.amount_minor =
                    fact.amount_minor.checked_add(amount_minor).ok_or(Overflow("a donor's funding"))?;
            }
            None => funding.push(FundingFact {
                donor: line.donor.to_string(),
                currency: line.currency.code().to_owned(),
                amount_minor,
            }),
        }
    }
    let mut donors: Vec<&str> = funding.iter().map(|f| f.donor.as_str()).collect();
    donors.sort_unstable();
    donors.dedup();

    let date_key = record.delivery.map_or(planned.planned_start, |d| d.start);
    let row = ActivityRow {
        programme_id: planned.programme_id.to_string(),
        kind: planned.kind.as_str(),
        status: record.status.as_str(),
        title: planned.title.to_string(),
        location: planned.location.to_string(),
        countries: planned.countries.iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
        country_count: i64::try_from(planned.countries.len())
            .map_err(|_| Overflow("a count of countries"))?,
        date_key: date_key.to_string(),
        planned_start: planned.planned_start.to_string(),
        planned_end: planned.planned_end.to_string(),
        delivery_start: record.delivery.map(|d| d.start.to_string()),
        delivery_end: record.delivery.map(|d| d.end.to_string()),
        female,
        male,
        other,
        participants_total: total(&overall)?,
        donors: donors.join(","),
    };
    Ok(ActivityFacts { row, counted: counts, countries, institutions, outputs, funding })
}

pub fn contribution_facts(record: &ProgrammeRecord) -> Result<Vec<ContributionFact>, Overflow> {
    record
        .contributions
        .iter()
        .map(|c| {
            Ok(ContributionFact {
                donor: c.donor.to_string(),
                currency: c.currency.code().to_owned(),
                amount_minor: to_minor(c.amount, c.currency)?,
                received_on: c.received_on.to_string(),
            })
        })
        .collect()
}

fn sexes(attendance: &Attendance) -> (i64, i64, i64) {
    (
        i64::from(attendance.female.get()),
        i64::from(attendance.male.get()),
        i64::from(attendance.other_or_undisclosed.get()),
    )
}

fn total(attendance: &Attendance) -> Result<i64, Overflow> {
    i64::try_from(attendance.total()).map_err(|_| Overflow("a tally of participants"))
}

/// For tests: a list of statuses (`names`) and its SQL condition (`sql`) both name exactly the
/// statuses `listed` picks.
#[cfg(test)]
pub(crate) fn assert_lists_statuses(
    names: &[&str],
    sql: &str,
    listed: impl Fn(tatrack_domain::ActivityStatus) -> bool,
) {
    use tatrack_domain::ActivityStatus as S;
    for status in [S::Planned, S::Delivered, S::Cancelled, S::Reported, S::Voided] {
        let name = status.as_str();
        assert_eq!(names.contains(&name), listed(status), "{name}");
        assert_eq!(sql.contains(&format!("'{name}'")), listed(status), "{name} in {sql}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uncounted_statuses_are_those_the_domain_does_not_count() {
        assert_lists_statuses(&UNCOUNTED_STATUSES, COUNTED, |status| !status.counts());
    }
}
