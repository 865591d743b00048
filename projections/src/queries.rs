//! Summaries per country, programme and donor, read from the read models.
//!
//! Every answer is computed inside one read transaction, so its figures come from one state of
//! the read models, and it says which position of the log that state reflects.
//!
//! - Here: what a summary answers, and [`summary`], which reads its lines and adds them up.
//! - `lines`: the statements that read a summary's lines, from the summary cells or the detail
//!   tables, and the contributions.
//! - `months`: a date range as the whole months the cells answer, and the days around them.
//! - `tally`: the lines added up into a summary, every sum checked.

pub(crate) mod lines;
pub(crate) mod months;
pub mod people;
pub(crate) mod tally;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use tatrack_domain::vocabulary::ActivityKind;

use crate::state::read_state;
use lines::{lines_in, viewer};
use tally::add_up;
use tatrack_store::db::{push_list, Db, StoreError, Tx};

/// Whose activities a summary covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// An ISO 3166-1 alpha-3 code.
    Country(String),
    /// A programme id.
    Programme(String),
    /// A donor's name, exactly as recorded.
    Donor(String),
}

/// Activities count when their date (delivery start, else planned start) falls in the range;
/// both ends are included and optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DateRange {
    pub(crate) fn bounds(self) -> (String, String) {
        (
            self.from.map_or_else(|| "0000-01-01".to_owned(), |d| d.to_string()),
            self.to.map_or_else(|| "9999-12-31".to_owned(), |d| d.to_string()),
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityCounts {
    /// Activities that were neither cancelled nor voided.
    pub total: i64,
    pub by_kind: BTreeMap<String, i64>,
    /// Every status, cancelled and voided included.
    pub by_status: BTreeMap<String, i64>,
    /// Activities that were neither cancelled nor voided, per country they took place in and kind. A regional
    /// activity counts once in each of its countries, so these add up to more than `total`.
    pub by_country_and_kind: BTreeMap<String, BTreeMap<String, i64>>,
}

/// The activities' tallies of participants (heads per activity, added up). For a donor every
/// count from 1 to 4 is `null`, as are the people trained, and so is the smallest other count
/// by sex (or by institution) where a lone hidden one could be worked out from the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParticipantTotals {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub female: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub male: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub other_or_undisclosed: Option<i64>,
    /// `female + male + other_or_undisclosed`.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub total: Option<i64>,
    /// Country summaries: participants of regional activities that no country breakdown
    /// assigns to a country. Never added to the totals above.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub unattributed: Option<i64>,
    pub by_institution: BTreeMap<String, Option<i64>>,
    /// For a donor: counts below this read `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed_below: Option<i64>,
}

impl Default for ParticipantTotals {
    fn default() -> Self {
        Self {
            female: Some(0),
            male: Some(0),
            other_or_undisclosed: Some(0),
            total: Some(0),
            unattributed: Some(0),
            by_institution: BTreeMap::new(),
            suppressed_below: None,
        }
    }
}

impl ParticipantTotals {
    /// The tallies as a donor reads them: every count from 1 to 4 `null`, and a second one
    /// where a lone hidden count could be worked out from the total.
    #[must_use]
    pub fn suppressed(mut self) -> Self {
        people::hide(&mut self.total);
        people::hide(&mut self.unattributed);
        people::hide_among(vec![&mut self.female, &mut self.male, &mut self.other_or_undisclosed]);
        // Institutions add up to the total when everyone named one.
        people::hide_among(self.by_institution.values_mut().collect());
        self.suppressed_below = Some(people::SUPPRESSED_BELOW);
        self
    }
}

/// An exact amount in one currency, as a decimal string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DonorAmount {
    /// The organisation's canonical name, or the donor's name as recorded when none claims it.
    pub donor: String,
    /// The organisation the donor resolved to, if one is registered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<String>,
    pub currency: String,
    pub amount: String,
}

/// What the activities in a scope and date range add up to.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Summary {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The read models reflect the log up to this position.
    pub as_of_position: i64,
    /// For a summary asked `as_of` an instant: that instant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<DateTime<Utc>>,
    pub activities: ActivityCounts,
    pub participants: ParticipantTotals,
    pub outputs: BTreeMap<String, i64>,
    /// Codes of the programmes the activities belong to.
    pub programmes: Vec<String>,
    /// Funding attributed to the activities, per donor and currency.
    pub funding: Vec<DonorAmount>,
    /// Programme and donor summaries: the countries the activities reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub countries: Option<Vec<String>>,
    /// Programme and donor summaries: contributions received (in the date range), per donor
    /// and currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contributions: Option<Vec<DonorAmount>>,
    /// Distinct people trained, from the activities' attendance lists (see [`people`]);
    /// absent when no activity in scope has a list, and in summaries `as_of` an instant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub people: Option<people::PeopleFigures>,
}

impl Summary {
    /// The summary as a donor reads it: no count of one to four people, in the tallies or in
    /// the people trained. Applied last, to the summary as answered (an organisation's names
    /// added up first).
    #[must_use]
    pub fn for_donor(self) -> Self {
        Self {
            participants: self.participants.suppressed(),
            people: self.people.map(people::PeopleFigures::suppressed),
            ..self
        }
    }
}

/// The summary of `scope` over `range`, from one consistent state of the read models; with
/// `kind`, of the activities of that kind only (contributions, which no activity owns, are then
/// left out); with `donor` (every name a donor goes by, as recorded), of the activities that
/// donor may see (its small counts are hidden by [`Summary::for_donor`], once added up).
pub async fn summary(
    db: &Db,
    scope: &Scope,
    range: DateRange,
    kind: Option<ActivityKind>,
    donor: Option<&[String]>,
) -> Result<Summary, StoreError> {
    let mut tx = db.begin_read().await?;
    let state = read_state(&mut tx, false).await?;
    let summary = summary_in(&mut tx, state.generation, scope, (range, kind), donor).await?;
    tx.commit().await?;
    Ok(Summary { as_of_position: state.checkpoint.position, ..summary })
}

async fn summary_in(
    tx: &mut Tx,
    generation: i64,
    scope: &Scope,
    (range, kind): (DateRange, Option<ActivityKind>),
    donor: Option<&[String]>,
) -> Result<Summary, StoreError> {
    let lines = lines_in(tx, generation, scope, (range, kind), viewer(scope, donor)).await?;
    let (summary, programme_ids) = add_up(lines, scope, range)?;
    let programmes = programme_codes(tx, generation, &programme_ids).await?;
    let people = people::people_in(tx, generation, std::slice::from_ref(scope), (range, kind), donor).await?;
    Ok(Summary { programmes, people, ..summary })
}

/// The people trained in all of `scopes` together (an organisation's donor names), each person
/// once, as `donor` may see them: what adding up the scopes' summaries cannot give.
pub async fn people_across(
    db: &Db,
    scopes: &[Scope],
    (range, kind): (DateRange, Option<ActivityKind>),
    donor: Option<&[String]>,
) -> Result<Option<people::PeopleFigures>, StoreError> {
    let mut tx = db.begin_read().await?;
    let state = read_state(&mut tx, false).await?;
    let people = people::people_in(&mut tx, state.generation, scopes, (range, kind), donor).await?;
    tx.commit().await?;
    Ok(people)
}

pub(crate) async fn programme_codes(
    tx: &mut Tx,
    generation: i64,
    ids: &[String],
) -> Result<Vec<String>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(tatrack_store::on_tx!(tx, |conn| {
        let mut query =
            sqlx::QueryBuilder::new("SELECT DISTINCT code FROM rm_programmes WHERE generation = ");
        query.push_bind(generation).push(" AND programme_id IN ");
        push_list(&mut query, ids.iter().map(String::as_str));
        query.push(" ORDER BY code");
        query.build_query_scalar().fetch_all(conn).await?
    }))
}
