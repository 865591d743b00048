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

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParticipantTotals {
    pub female: i64,
    pub male: i64,
    pub other_or_undisclosed: i64,
    /// `female + male + other_or_undisclosed`.
    pub total: i64,
    /// Country summaries: participants of regional activities that no country breakdown
    /// assigns to a country. Never added to the totals above.
    pub unattributed: i64,
    pub by_institution: BTreeMap<String, i64>,
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

/// The summary of `scope` over `range`, from one consistent state of the read models; with
/// `kind`, of the activities of that kind only (contributions, which no activity owns, are then
/// left out); with `donor` (every name a donor goes by, as recorded), as that donor may see it.
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
    let (people, scored) =
        people::people_in(tx, generation, scope, (range, kind), viewer(scope, donor)).await?;
    // A donor never reads a count of one to four people.
    let people = if donor.is_some() { people.map(|p| p.suppressed(scored)) } else { people };
    Ok(Summary { programmes, people, ..summary })
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
