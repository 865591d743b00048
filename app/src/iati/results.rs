//! A programme's results framework as IATI 2.03 `result` elements, written in each of its
//! activities (IATI keeps results inside an `iati-activity`, and tatrack publishes activities,
//! not programmes): one `result` of type outcome per outcome, an `indicator` per indicator with
//! its `baseline` and a `period` per year that has a target or an actual.
//!
//! The figures are the programme's, the same in every one of its activities, so every result is
//! marked `aggregation-status="0"`: a reader must not add them up across activities.

use std::io;

use chrono::Datelike;
use quick_xml::Writer;
use rust_decimal::Decimal;
use tatrack_domain::events::results::{IndicatorUnit, YearValue};
use tatrack_domain::ProgrammeRecord;
use tatrack_projections::results::counted;
use tatrack_store::db::{Db, StoreError};
use uuid::Uuid;

use super::codes;

/// One indicator as the export writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorEntry {
    pub name: String,
    pub unit: IndicatorUnit,
    pub baseline: Option<YearValue>,
    /// (year, target, actual), by year.
    pub periods: Vec<(i32, Option<Decimal>, Option<Decimal>)>,
}

/// A programme's code and the outcomes its activities carry.
pub type ProgrammeResults = (String, Vec<OutcomeEntry>);

/// One outcome and its indicators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeEntry {
    pub name: String,
    pub indicators: Vec<IndicatorEntry>,
}

/// The programme's results: targets and reported actuals from its record, counted actuals from
/// the read models for every year up to this one that has a target or a report.
pub async fn programme_results(
    db: &Db,
    programme_id: Uuid,
    record: &ProgrammeRecord,
) -> Result<Vec<OutcomeEntry>, StoreError> {
    let framework = &record.results;
    let this_year = chrono::Utc::now().year();
    let mut outcomes = Vec::new();
    for outcome in &framework.outcomes {
        let mut indicators = Vec::new();
        for indicator in framework.indicators.iter().filter(|i| i.outcome_id == outcome.id) {
            let mut years: Vec<i32> = indicator.terms.targets.iter().map(|t| t.year).collect();
            years.extend(indicator.reported.iter().map(|r| r.year));
            years.sort_unstable();
            years.dedup();
            let mut periods = Vec::new();
            for year in years {
                let target = indicator.terms.targets.iter().find(|t| t.year == year).map(|t| t.value);
                let actual = match indicator.count {
                    Some(rule) if year <= this_year => {
                        let (counts, _) = counted(db, &programme_id.to_string(), year, &[rule]).await?;
                        // IATI files are public: a figure resting on 1 to 4 people is left out.
                        counts
                            .first()
                            .filter(|c| c.people.is_none_or(tatrack_projections::trained::shown))
                            .and_then(|c| c.value)
                    }
                    Some(_) => None,
                    None => indicator.reported.iter().find(|r| r.year == year).map(|r| r.value),
                };
                periods.push((year, target, actual));
            }
            indicators.push(IndicatorEntry {
                name: indicator.terms.name.to_string(),
                unit: indicator.unit,
                baseline: indicator.terms.baseline,
                periods,
            });
        }
        if !indicators.is_empty() {
            outcomes.push(OutcomeEntry { name: outcome.name.to_string(), indicators });
        }
    }
    Ok(outcomes)
}

/// Writes `outcomes` as `result` elements of type outcome.
pub fn write(w: &mut Writer<Vec<u8>>, programme_code: &str, outcomes: &[OutcomeEntry]) -> io::Result<()> {
    let description = format!(
        "An outcome of programme {programme_code}; its figures are the whole programme's, not this activity's."
    );
    for outcome in outcomes {
        w.create_element("result")
            .with_attributes([("type", codes::RESULT_OUTCOME), ("aggregation-status", "0")])
            .write_inner_content(|w| {
                w.create_element("title")
                    .write_inner_content(|w| super::text::narrative(w, &outcome.name))?;
                w.create_element("description")
                    .write_inner_content(|w| super::text::narrative(w, &description))?;
                for indicator in &outcome.indicators {
                    indicator_element(w, indicator)?;
                }
                Ok(())
            })?;
    }
    Ok(())
}

fn indicator_element(w: &mut Writer<Vec<u8>>, indicator: &IndicatorEntry) -> io::Result<()> {
    let measure = match indicator.unit {
        IndicatorUnit::Number => codes::MEASURE_UNIT,
        IndicatorUnit::Percentage => codes::MEASURE_PERCENTAGE,
    };
    w.create_element("indicator")
        .with_attributes([("measure", measure), ("ascending", "1")])
        .write_inner_content(|w| {
            w.create_element("title").write_inner_content(|w| super::text::narrative(w, &indicator.name))?;
            if let Some(baseline) = indicator.baseline {
                let (year, value) = (baseline.year.to_string(), baseline.value.to_string());
                w.create_element("baseline")
                    .with_attributes([("year", year.as_str()), ("value", value.as_str())])
                    .write_empty()?;
            }
            for (year, target, actual) in &indicator.periods {
                let (start, end) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
                period(w, (&start, &end), |w| {
                    for (name, value) in [("target", target), ("actual", actual)] {
                        if let Some(value) = value {
                            let value = value.to_string();
                            w.create_element(name).with_attribute(("value", value.as_str())).write_empty()?;
                        }
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

/// An indicator's `period` from `start` to `end` (ISO dates), its values written by `values`.
pub(super) fn period(
    w: &mut Writer<Vec<u8>>,
    (start, end): (&str, &str),
    values: impl FnOnce(&mut Writer<Vec<u8>>) -> io::Result<()>,
) -> io::Result<()> {
    w.create_element("period").write_inner_content(|w| {
        w.create_element("period-start").with_attribute(("iso-date", start)).write_empty()?;
        w.create_element("period-end").with_attribute(("iso-date", end)).write_empty()?;
        values(w)
    })?;
    Ok(())
}
