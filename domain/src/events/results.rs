//! What happened to a programme's results framework, as stored: outcomes, indicators under them,
//! their revisions (with the terms before and after, so history shows both) and the actual
//! values a manager reports.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::values::{IndicatorId, NonEmptyText, OutcomeId};
use crate::vocabulary::{ActivityKind, OutputKind};

/// An outcome the programme works towards; indicators measure it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeDefined {
    pub outcome_id: OutcomeId,
    pub name: NonEmptyText,
}

/// What an indicator's values are: a count (people, trainings, laws) or a share of 0 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IndicatorUnit {
    Number,
    Percentage,
}

/// A value for one year: a baseline, a target or an actual. Stored as the decimal string it
/// was accepted as, never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct YearValue {
    pub year: i32,
    /// A plain decimal string such as "120" or "37.5"; a percentage is 0 to 100.
    #[serde(with = "crate::values::plain_decimal")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "120", pattern = "^[0-9]+(\\.[0-9]+)?$"))]
    pub value: Decimal,
}

/// How an indicator's actual values are counted from the programme's activities that were
/// delivered or reported in the year (never cancelled or voided ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "of", rename_all = "snake_case", deny_unknown_fields)]
pub enum CountRule {
    /// Activities delivered, of one kind if given.
    Activities {
        #[serde(default)]
        kind: Option<ActivityKind>,
    },
    /// Participants of those activities (female, male, other or undisclosed).
    Participants {
        #[serde(default)]
        kind: Option<ActivityKind>,
    },
    /// Outputs of one kind those activities recorded.
    Outputs { output: OutputKind },
    /// Distinct countries those activities assisted.
    Countries {
        #[serde(default)]
        kind: Option<ActivityKind>,
    },
    /// Distinct people on those activities' attendance lists (each person once, however many
    /// activities they attended; people merged into one counted once), only those `who` names
    /// if given.
    PeopleTrained {
        #[serde(default)]
        kind: Option<ActivityKind>,
        #[serde(default)]
        who: Option<PeopleFilter>,
    },
    /// The mean of post-test minus pre-test score (points out of 100) of the attendees of those
    /// activities scored both times, to one decimal.
    KnowledgeGain {
        #[serde(default)]
        kind: Option<ActivityKind>,
    },
}

/// Which people a count of people trained counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PeopleFilter {
    Women,
    Men,
    /// At the Washington Group cut-off in any domain.
    WithDisability,
}

impl CountRule {
    /// Whether the figure counts people one by one (from attendance lists), so that a donor
    /// must not see it when it rests on fewer than five people.
    pub fn counts_people(self) -> bool {
        matches!(self, Self::PeopleTrained { .. } | Self::KnowledgeGain { .. })
    }

    /// The activity kind the count is limited to, if any.
    pub fn activity_kind(self) -> Option<ActivityKind> {
        match self {
            Self::Activities { kind }
            | Self::Participants { kind }
            | Self::Countries { kind }
            | Self::PeopleTrained { kind, .. }
            | Self::KnowledgeGain { kind } => kind,
            Self::Outputs { .. } => None,
        }
    }
}

/// An indicator under an outcome. `count` set: its actuals are counted from activities;
/// unset: a manager reports them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorDefined {
    pub indicator_id: IndicatorId,
    pub outcome_id: OutcomeId,
    pub name: NonEmptyText,
    pub unit: IndicatorUnit,
    pub by_sex: bool,
    pub baseline: Option<YearValue>,
    pub targets: Vec<YearValue>,
    pub count: Option<CountRule>,
}

/// The terms of an indicator a revision may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorTerms {
    pub name: NonEmptyText,
    pub baseline: Option<YearValue>,
    pub targets: Vec<YearValue>,
}

/// An indicator's name, baseline or targets changed; both the terms before and after are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorRevised {
    pub indicator_id: IndicatorId,
    pub reason: NonEmptyText,
    pub before: IndicatorTerms,
    pub after: IndicatorTerms,
}

/// A manager reported an indicator's actual value for a year; a later report of the same year
/// replaces it (the earlier stays in history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActualReported {
    pub indicator_id: IndicatorId,
    pub year: i32,
    /// Stored as the decimal string it was accepted as.
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    pub reason: NonEmptyText,
}
