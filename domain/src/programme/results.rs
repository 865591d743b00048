//! A programme's results framework: outcomes, indicators under them (unit, optional
//! disaggregation by sex, baseline, targets per year, and optionally a count over the
//! programme's activities), their revisions, and actual values a manager reports.
//!
//! Counted actuals are not in the aggregate: they follow the activities, which live in their own
//! streams, so the read side counts them (`tatrack_projections::results`).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use tatrack_i18n::{msg, Message};

use crate::bounds::{EARLIEST_YEAR, LATEST_YEAR};
use crate::events::results::{
    ActualReported, CountRule, IndicatorDefined, IndicatorRevised, IndicatorTerms, IndicatorUnit,
    OutcomeDefined, YearValue,
};
use crate::events::ProgrammeEvent;
use crate::values::{IndicatorId, NonEmptyText, OutcomeId};

/// The largest value a baseline, target or actual may hold: a trillion, past any real count.
pub const MAX_VALUE: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);
/// The most decimal places a value may have.
pub const MAX_SCALE: u32 = 4;

/// Opens an outcome under a client-chosen id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DefineOutcome {
    pub id: OutcomeId,
    pub name: NonEmptyText,
}

/// Opens an indicator under an outcome of the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DefineIndicator {
    pub id: IndicatorId,
    pub outcome_id: OutcomeId,
    pub name: NonEmptyText,
    pub unit: IndicatorUnit,
    /// Whether values are disaggregated by sex (a count of participants gives female, male and
    /// other or undisclosed).
    #[serde(default)]
    pub by_sex: bool,
    #[serde(default)]
    pub baseline: Option<YearValue>,
    /// At most one target per year.
    #[serde(default)]
    pub targets: Vec<YearValue>,
    /// Set: actuals are counted from the programme's activities and cannot be reported.
    #[serde(default)]
    pub count: Option<CountRule>,
}

/// Changes an indicator's name, baseline or targets, with a reason. An absent field stays as it
/// is; `baseline: null` removes the baseline; `targets` replaces the whole list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IndicatorRevision {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<NonEmptyText>,
    #[serde(default, deserialize_with = "crate::values::present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<YearValue>))]
    pub baseline: Option<Option<YearValue>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<YearValue>>,
    pub reason: NonEmptyText,
}

/// An actual value of a reported (not counted) indicator for a year, with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActualReport {
    pub year: i32,
    /// A plain decimal string; a percentage is 0 to 100.
    #[serde(with = "crate::values::plain_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "42", pattern = "^[0-9]+(\\.[0-9]+)?$"))]
    pub value: Decimal,
    pub reason: NonEmptyText,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResultsError {
    #[error("an outcome with this id is already defined")]
    OutcomeExists,
    #[error("an indicator with this id is already defined")]
    IndicatorExists,
    #[error("the programme has no outcome with this id")]
    UnknownOutcome,
    #[error("the programme has no indicator with this id")]
    UnknownIndicator,
    #[error("the revision changes nothing: name, baseline and targets are as they were")]
    NothingRevised,
    #[error("`{field}` must be a year from {EARLIEST_YEAR} to {LATEST_YEAR}")]
    YearOutOfRange { field: String },
    #[error("`{field}` must be at most {MAX_VALUE}, with at most {MAX_SCALE} decimal places")]
    ValueOutOfRange { field: String },
    #[error("`{field}` is a percentage: at most 100")]
    PercentageOver100 { field: String },
    #[error("`{field}` repeats a year: an indicator has one target per year")]
    TargetYearRepeated { field: String },
    #[error("a counted indicator is a number: counts are not percentages")]
    CountedPercentage,
    #[error("this indicator's actuals are counted from activities; they cannot be reported")]
    ActualOfCountedIndicator,
}

impl ResultsError {
    /// The rule as a message to read in the user's language.
    pub fn message(&self) -> Message {
        match self {
            Self::OutcomeExists => msg("problem-outcome-exists"),
            Self::IndicatorExists => msg("problem-indicator-exists"),
            Self::UnknownOutcome => msg("problem-unknown-outcome"),
            Self::UnknownIndicator => msg("problem-unknown-indicator"),
            Self::NothingRevised => msg("problem-nothing-revised"),
            Self::YearOutOfRange { field } => msg("problem-year-out-of-range")
                .with("field", field.as_str())
                .with("earliest", EARLIEST_YEAR.to_string())
                .with("latest", LATEST_YEAR.to_string()),
            Self::ValueOutOfRange { field } => msg("problem-value-out-of-range")
                .with("field", field.as_str())
                .with("max", MAX_VALUE.to_string())
                .with("scale", MAX_SCALE),
            Self::PercentageOver100 { field } => {
                msg("problem-percentage-over-100").with("field", field.as_str())
            }
            Self::TargetYearRepeated { field } => {
                msg("problem-target-year-repeated").with("field", field.as_str())
            }
            Self::CountedPercentage => msg("problem-counted-percentage"),
            Self::ActualOfCountedIndicator => msg("problem-actual-of-counted-indicator"),
        }
    }

    /// The request field the error names, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::YearOutOfRange { field }
            | Self::ValueOutOfRange { field }
            | Self::PercentageOver100 { field }
            | Self::TargetYearRepeated { field } => Some(field),
            Self::UnknownOutcome => Some("outcome_id"),
            Self::CountedPercentage => Some("unit"),
            Self::OutcomeExists | Self::IndicatorExists => Some("id"),
            Self::UnknownIndicator | Self::NothingRevised | Self::ActualOfCountedIndicator => None,
        }
    }
}

/// An outcome and what it was defined with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outcome {
    pub id: OutcomeId,
    pub name: NonEmptyText,
}

/// An actual value a manager reported, the latest per year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportedActual {
    pub year: i32,
    #[serde(with = "crate::values::plain_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "42"))]
    pub value: Decimal,
    pub reason: NonEmptyText,
}

/// An indicator as its definition and revisions left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Indicator {
    pub id: IndicatorId,
    pub outcome_id: OutcomeId,
    pub unit: IndicatorUnit,
    pub by_sex: bool,
    #[serde(flatten)]
    pub terms: IndicatorTerms,
    pub count: Option<CountRule>,
    /// Reported actuals, one per year (empty for a counted indicator).
    pub reported: Vec<ReportedActual>,
}

impl Indicator {
    /// What revising this indicator's terms records, or the rule the revision breaks.
    pub fn revise(&self, revision: IndicatorRevision) -> Result<ProgrammeEvent, ResultsError> {
        let before = self.terms.clone();
        let after = IndicatorTerms {
            name: revision.name.unwrap_or_else(|| before.name.clone()),
            baseline: revision.baseline.unwrap_or(before.baseline),
            targets: revision.targets.unwrap_or_else(|| before.targets.clone()),
        };
        check_baseline(self.unit, after.baseline.as_ref())?;
        check_targets(self.unit, &after.targets)?;
        if after == before {
            return Err(ResultsError::NothingRevised);
        }
        Ok(ProgrammeEvent::IndicatorRevised(IndicatorRevised {
            indicator_id: self.id,
            reason: revision.reason,
            before,
            after,
        }))
    }

    /// What reporting an actual of this indicator records, or the rule the report breaks.
    pub fn report(&self, report: ActualReport) -> Result<ProgrammeEvent, ResultsError> {
        if self.count.is_some() {
            return Err(ResultsError::ActualOfCountedIndicator);
        }
        check_year("year", report.year)?;
        check_value("value", self.unit, report.value)?;
        Ok(ProgrammeEvent::ActualReported(ActualReported {
            indicator_id: self.id,
            year: report.year,
            value: report.value,
            reason: report.reason,
        }))
    }
}

/// The outcomes and indicators of a programme.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultsFramework {
    pub outcomes: Vec<Outcome>,
    pub indicators: Vec<Indicator>,
}

impl ResultsFramework {
    pub fn indicator(&self, id: IndicatorId) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn define_outcome(&self, command: DefineOutcome) -> Result<ProgrammeEvent, ResultsError> {
        if self.outcomes.iter().any(|o| o.id == command.id) {
            return Err(ResultsError::OutcomeExists);
        }
        Ok(ProgrammeEvent::OutcomeDefined(OutcomeDefined { outcome_id: command.id, name: command.name }))
    }

    pub fn define_indicator(&self, command: DefineIndicator) -> Result<ProgrammeEvent, ResultsError> {
        if self.indicator(command.id).is_some() {
            return Err(ResultsError::IndicatorExists);
        }
        if !self.outcomes.iter().any(|o| o.id == command.outcome_id) {
            return Err(ResultsError::UnknownOutcome);
        }
        if command.count.is_some() && command.unit == IndicatorUnit::Percentage {
            return Err(ResultsError::CountedPercentage);
        }
        check_baseline(command.unit, command.baseline.as_ref())?;
        check_targets(command.unit, &command.targets)?;
        Ok(ProgrammeEvent::IndicatorDefined(IndicatorDefined {
            indicator_id: command.id,
            outcome_id: command.outcome_id,
            name: command.name,
            unit: command.unit,
            by_sex: command.by_sex,
            baseline: command.baseline,
            targets: command.targets,
            count: command.count,
        }))
    }

    /// The indicator `id` names, or the error that no indicator of the programme has it.
    pub fn known(&self, id: IndicatorId) -> Result<&Indicator, ResultsError> {
        self.indicator(id).ok_or(ResultsError::UnknownIndicator)
    }

    /// Applies a results event; others are not this framework's.
    pub fn apply(&mut self, event: ProgrammeEvent) {
        match event {
            ProgrammeEvent::OutcomeDefined(e) => {
                self.outcomes.push(Outcome { id: e.outcome_id, name: e.name });
            }
            ProgrammeEvent::IndicatorDefined(e) => self.indicators.push(Indicator {
                id: e.indicator_id,
                outcome_id: e.outcome_id,
                unit: e.unit,
                by_sex: e.by_sex,
                terms: IndicatorTerms { name: e.name, baseline: e.baseline, targets: e.targets },
                count: e.count,
                reported: Vec::new(),
            }),
            ProgrammeEvent::IndicatorRevised(e) => {
                if let Some(indicator) = self.indicators.iter_mut().find(|i| i.id == e.indicator_id) {
                    indicator.terms = e.after;
                }
            }
            ProgrammeEvent::ActualReported(e) => {
                if let Some(indicator) = self.indicators.iter_mut().find(|i| i.id == e.indicator_id) {
                    let actual = ReportedActual { year: e.year, value: e.value, reason: e.reason };
                    indicator.reported.retain(|a| a.year != e.year);
                    indicator.reported.push(actual);
                    indicator.reported.sort_by_key(|a| a.year);
                }
            }
            ProgrammeEvent::ProgrammeRegistered(_) | ProgrammeEvent::ContributionRecorded(_) => {}
        }
    }
}

fn check_year(field: &str, year: i32) -> Result<(), ResultsError> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(ResultsError::YearOutOfRange { field: field.to_owned() })
    }
}

/// Values are non-negative by their type (a plain decimal has no sign).
fn check_value(field: &str, unit: IndicatorUnit, value: Decimal) -> Result<(), ResultsError> {
    if value > MAX_VALUE || value.scale() > MAX_SCALE {
        return Err(ResultsError::ValueOutOfRange { field: field.to_owned() });
    }
    if unit == IndicatorUnit::Percentage && value > Decimal::ONE_HUNDRED {
        return Err(ResultsError::PercentageOver100 { field: field.to_owned() });
    }
    Ok(())
}

fn check_year_value(field: &str, unit: IndicatorUnit, value: &YearValue) -> Result<(), ResultsError> {
    check_year(&format!("{field}.year"), value.year)?;
    check_value(&format!("{field}.value"), unit, value.value)
}

fn check_baseline(unit: IndicatorUnit, baseline: Option<&YearValue>) -> Result<(), ResultsError> {
    baseline.map_or(Ok(()), |b| check_year_value("baseline", unit, b))
}

fn check_targets(unit: IndicatorUnit, targets: &[YearValue]) -> Result<(), ResultsError> {
    for (i, target) in targets.iter().enumerate() {
        let field = format!("targets[{i}]");
        check_year_value(&field, unit, target)?;
        if targets[..i].iter().any(|t| t.year == target.year) {
            return Err(ResultsError::TargetYearRepeated { field: format!("{field}.year") });
        }
    }
    Ok(())
}
