//! Adding up a summary's lines: counts, participants, outputs, funding and contributions,
//! each sum checked, into the [`Summary`] the API answers with.

use std::collections::BTreeMap;

use super::lines::{CellRow, Lines};
use super::{DateRange, DonorAmount, ParticipantTotals, Scope, Summary};
use crate::amounts::{from_minor, Overflow};
use crate::cells;
use crate::facts::UNCOUNTED_STATUSES;
use tatrack_store::db::StoreError;

/// Adds up the lines into a summary, with the ids of its programmes (for their codes).
pub(crate) fn add_up(
    lines: Lines,
    scope: &Scope,
    range: DateRange,
) -> Result<(Summary, Vec<String>), StoreError> {
    let (mut summary, programme_ids) = tally(lines.cells, scope)?;
    summary.from = range.from;
    summary.to = range.to;
    if !matches!(scope, Scope::Country(_)) && !lines.without_contributions {
        let mut merged: BTreeMap<(String, String), (i128, i64)> = BTreeMap::new();
        for (donor, currency, minor, count) in lines.contributions {
            let group = merged.entry((donor, currency)).or_default();
            group.0 = group.0.checked_add(minor).ok_or(Overflow("a summary's contributions"))?;
            group.1 = group.1.checked_add(count).ok_or(Overflow("a summary's contributions"))?;
        }
        // A group no contribution is left in (time travel takes later ones away) is not shown.
        summary.contributions = Some(
            merged
                .into_iter()
                .filter(|(_, (_, count))| *count > 0)
                .map(|((donor, currency), (minor, _))| DonorAmount {
                    amount: from_minor(minor, &currency),
                    donor,
                    organisation_id: None,
                    currency,
                })
                .collect(),
        );
    }
    Ok((summary, programme_ids))
}

/// Adds up cell lines into a summary of `scope` (programmes still as ids). Programme and donor
/// summaries list the countries reached.
pub(crate) fn tally(rows: Vec<CellRow>, scope: &Scope) -> Result<(Summary, Vec<String>), Overflow> {
    let mut merged: BTreeMap<(String, String, String), (i64, i64, i128)> = BTreeMap::new();
    for (measure, dim, dim2, amount, activities, money) in rows {
        let cell = merged.entry((measure, dim, dim2)).or_default();
        cell.0 = cell.0.checked_add(amount).ok_or(Overflow("a summary's count"))?;
        cell.1 = cell.1.checked_add(activities).ok_or(Overflow("a summary's activities"))?;
        cell.2 = cell.2.checked_add(money).ok_or(Overflow("a summary's amount"))?;
    }
    let mut summary = Summary::default();
    for status in ["planned", "delivered", "cancelled", "reported", "voided"] {
        summary.activities.by_status.insert(status.to_owned(), 0);
    }
    let mut countries = Vec::new();
    let mut programme_ids = Vec::new();
    // Female, male, other, unattributed; by institution.
    let mut people = [0i64; 4];
    let mut by_institution = BTreeMap::new();
    // Sums count whatever contributes; a breakdown lists what at least one activity reaches.
    let plus = |sum: &mut i64, amount: i64| -> Result<(), Overflow> {
        *sum = sum.checked_add(amount).ok_or(Overflow("a summary's count"))?;
        Ok(())
    };
    for ((measure, dim, dim2), (amount, activities, money)) in merged {
        match measure.as_str() {
            cells::measure::PEOPLE => match dim.as_str() {
                "female" => plus(&mut people[0], amount)?,
                "male" => plus(&mut people[1], amount)?,
                "other" => plus(&mut people[2], amount)?,
                _ => plus(&mut people[3], amount)?,
            },
            _ if activities <= 0 => {}
            cells::measure::STATUS => {
                plus(summary.activities.by_status.entry(dim.clone()).or_default(), amount)?;
                if !UNCOUNTED_STATUSES.contains(&dim.as_str()) {
                    plus(&mut summary.activities.total, amount)?;
                    plus(summary.activities.by_kind.entry(dim2).or_default(), amount)?;
                }
            }
            cells::measure::INSTITUTION => {
                by_institution.insert(dim, Some(amount));
            }
            cells::measure::OUTPUT => {
                summary.outputs.insert(dim, amount);
            }
            cells::measure::PROGRAMME => programme_ids.push(dim),
            cells::measure::FUNDING => summary.funding.push(DonorAmount {
                amount: from_minor(money, &dim2),
                donor: dim,
                organisation_id: None,
                currency: dim2,
            }),
            _ => {
                // Country (dim) by kind (dim2); the map is ordered, so a country's rows follow one another.
                if countries.last() != Some(&dim) {
                    countries.push(dim.clone());
                }
                summary.activities.by_country_and_kind.entry(dim).or_default().insert(dim2, activities);
            }
        }
    }
    if let Scope::Country(country) = scope {
        // A country summary is one country: its activities by kind.
        if summary.activities.total > 0 {
            summary
                .activities
                .by_country_and_kind
                .insert(country.clone(), summary.activities.by_kind.clone());
        }
    }
    let reach = !matches!(scope, Scope::Country(_));
    let [female, male, other, unattributed] = people;
    let total = [male, other].into_iter().try_fold(female, i64::checked_add);
    summary.participants = ParticipantTotals {
        female: Some(female),
        male: Some(male),
        other_or_undisclosed: Some(other),
        total: Some(total.ok_or(Overflow("a summary's participants"))?),
        unattributed: Some(unattributed),
        by_institution,
        suppressed_below: None,
    };
    summary.countries = reach.then_some(countries);
    Ok((summary, programme_ids))
}
