//! The report as it is published: what `GET /api/v1/reports/activity` serves, what `report.json`
//! holds and what `tatrack report --verify` reads back. Its serde shape is a contract (reports
//! published before must still read and verify), and its doc comments are the API's schema.
//! A figure's value is JSON here; the report computes it typed ([`crate::model`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tatrack_i18n::Language;

use crate::source::Basis;

/// What a report covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Params {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Programme codes; none means every programme.
    #[serde(default)]
    pub programmes: Vec<String>,
    /// A donor's report: only the activities it funds, and only its money.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub donor: Option<String>,
    /// Every name that donor goes by, as funding may be recorded under it (its organisation's
    /// canonical name and aliases); empty, `donor` alone.
    #[serde(skip)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub donor_names: Vec<String>,
    /// The language the report is written in (`en`, `fr` or `es`; English when absent): its
    /// words, never its figures.
    #[serde(default = "english", skip_serializing_if = "is_english", with = "language_code")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "fr"))]
    pub language: Language,
}

fn english() -> Language {
    Language::English
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's skip_serializing_if passes a reference")]
fn is_english(language: &Language) -> bool {
    *language == Language::English
}

/// A report's language as its code: `fr`.
mod language_code {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};
    use tatrack_i18n::Language;

    #[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's `with` passes a reference")]
    pub fn serialize<S: Serializer>(language: &Language, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(language.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Language, D::Error> {
        let code = String::deserialize(deserializer)?;
        Language::from_code(&code)
            .filter(|language| Language::COMPLETE.contains(language))
            .ok_or_else(|| D::Error::custom(format!("no report is written in `{code}`")))
    }
}

impl Params {
    /// Whether money recorded under `donor` is the report's: any donor's in a full report.
    pub fn counts_donor(&self, donor: &str) -> bool {
        match &self.donor {
            None => true,
            Some(own) if self.donor_names.is_empty() => own == donor,
            Some(_) => self.donor_names.iter().any(|name| name == donor),
        }
    }
}

/// One figure: its value, the question that produced it, and the activities behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    /// Stable within a report's parameters: `area/kind/states/ISO`, `area/participants`...
    pub id: String,
    pub label: String,
    /// A count, a list of ISO codes, or an object (participants by sex, an event, an amount).
    pub value: Value,
    /// The question, in the words of the activity list's filters.
    pub query: String,
    /// The activities behind the figure, by id.
    pub activities: Vec<String>,
}

/// A programme named in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeName {
    pub code: String,
    pub name: String,
}

/// A thematic area's section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Area {
    /// The thematic area's word (`firearms`).
    pub area: String,
    pub title: String,
    pub programmes: Vec<ProgrammeName>,
    pub paragraph: Vec<Segment>,
    pub figures: Vec<Figure>,
}

/// The activity statistics section of an annual report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub title: String,
    pub params: Params,
    /// The point of the log the report was computed at.
    pub basis: Basis,
    pub areas: Vec<Area>,
    /// Every activity behind a figure, by id: what the evidence names it by. Reports published
    /// before it was kept have none (their evidence gives ids alone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<ActivityName>,
}

/// An activity as the evidence names it: its title and its delivery's dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityName {
    pub id: String,
    pub title: String,
    /// The delivery's first and last day (the planned ones for an activity without them).
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Report {
    /// Every figure, area by area.
    pub fn figures(&self) -> impl Iterator<Item = &Figure> {
        self.areas.iter().flat_map(|area| area.figures.iter())
    }

    /// The activity of `id`, as the evidence names it, if the report keeps its name.
    pub fn activity(&self, id: &str) -> Option<&ActivityName> {
        self.activities.binary_search_by(|a| a.id.as_str().cmp(id)).ok().and_then(|i| self.activities.get(i))
    }
}

/// A run of text, or the words of one figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Segment {
    Figure { text: String, figure: String },
    Text(String),
}

pub type Paragraph = Vec<Segment>;

impl Segment {
    pub fn text(&self) -> &str {
        match self {
            Self::Figure { text, .. } | Self::Text(text) => text,
        }
    }
}
