//! The counting rules: what one activity or programme contributes to the read models.
//!
//! Pure functions of a record, so the projector and a replay write the same rows, and every
//! rule is stated once:
//! - an activity counts on its delivery start, or its planned start until it is delivered;
//! - a cancelled activity keeps its row (for by-status counts) and its funding rows (so a donor
//!   still sees what it funded), but contributes no participants or outputs, and queries leave
//!   its funding out of every amount;
//! - a regional activity has one country row per country; its participants go to a country only
//!   through the country breakdown, and the rest is `unattributed` in each of its countries;
//! - amounts are kept per currency as exact integers of the currency's minor unit.

use rust_decimal::Decimal;
use tatrack_domain::activity::Attendance;
use tatrack_domain::values::Currency;
use tatrack_domain::{ActivityRecord, ActivityStatus, ProgrammeRecord};

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
    pub amount_minor: i64,
}

/// Everything one activity contributes to the read models.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityFacts {
    pub row: ActivityRow,
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
    pub amount_minor: i64,
    pub received_on: String,
}

pub fn activity_facts(record: &ActivityRecord) -> ActivityFacts {
    let planned = &record.planned;
    let counts = record.status != ActivityStatus::Cancelled;
    let tally = record.participants.as_ref().filter(|_| counts);
    let overall = tally.map(tatrack_domain::activity::Participants::attendance).unwrap_or_default();
    let (female, male, other) = sexes(&overall);

    let by_country = tally.and_then(|p| p.by_country.as_ref());
    let single = planned.countries.len() == 1;
    let attributed_total: i64 = by_country.map_or(0, |b| b.values().map(total).sum());
    let countries = planned
        .countries
        .iter()
        .map(|country| {
            let (female, male, other, unattributed) = if single && by_country.is_none() {
                (female, male, other, 0)
            } else {
                let mine = by_country.and_then(|b| b.get(country)).copied().unwrap_or_default();
                let (f, m, o) = sexes(&mine);
                (f, m, o, total(&overall) - attributed_total)
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
            Some((_, n)) => *n += 1,
            None => outputs.push((output.kind.as_str().to_owned(), 1)),
        }
    }
    let mut funding: Vec<FundingFact> = Vec::new();
    for line in &record.funding {
        let amount_minor = to_minor(line.amount, line.currency);
        match funding
            .iter_mut()
            .find(|f| f.donor == line.donor.as_str() && f.currency == line.currency.code())
        {
            Some(fact) => fact.amount_minor += amount_minor,
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
        country_count: i64::try_from(planned.countries.len()).unwrap_or(i64::MAX),
        date_key: date_key.to_string(),
        planned_start: planned.planned_start.to_string(),
        planned_end: planned.planned_end.to_string(),
        delivery_start: record.delivery.map(|d| d.start.to_string()),
        delivery_end: record.delivery.map(|d| d.end.to_string()),
        female,
        male,
        other,
        participants_total: total(&overall),
        donors: donors.join(","),
    };
    ActivityFacts { row, countries, institutions, outputs, funding }
}

pub fn contribution_facts(record: &ProgrammeRecord) -> Vec<ContributionFact> {
    record
        .contributions
        .iter()
        .map(|c| ContributionFact {
            donor: c.donor.to_string(),
            currency: c.currency.code().to_owned(),
            amount_minor: to_minor(c.amount, c.currency),
            received_on: c.received_on.to_string(),
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

fn total(attendance: &Attendance) -> i64 {
    i64::try_from(attendance.total()).unwrap_or(i64::MAX)
}

/// `12000.50` EUR -> `1200050`. The domain guarantees no finer amounts than the minor unit.
pub fn to_minor(amount: Decimal, currency: Currency) -> i64 {
    let scaled = amount * Decimal::from(10_i64.pow(u32::from(currency.minor_unit_digits().unwrap_or(0))));
    i64::try_from(scaled.trunc()).unwrap_or(i64::MAX)
}

/// `1200050` EUR -> `"12000.50"`, the decimal string the API shows.
pub fn from_minor(amount_minor: i64, currency: &str) -> String {
    let digits = Currency::parse(currency).ok().and_then(Currency::minor_unit_digits).unwrap_or(0);
    Decimal::new(amount_minor, u32::from(digits)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_round_trip_through_minor_units() {
        let eur = Currency::parse("EUR").expect("EUR");
        let jpy = Currency::parse("JPY").expect("JPY");
        assert_eq!(to_minor("12000.5".parse().expect("decimal"), eur), 1_200_050);
        assert_eq!(from_minor(1_200_050, "EUR"), "12000.50");
        assert_eq!(to_minor("1500000".parse().expect("decimal"), jpy), 1_500_000);
        assert_eq!(from_minor(1_500_000, "JPY"), "1500000");
        assert_eq!(from_minor(7, "KWD"), "0.007");
    }
}
