//! Activities per country, as the caller may see them, over an optional date range: the list of
//! countries and the dashboard's world map.
//!
//! A manager's or a donor's count comes from the summary cells ([`crate::cells`]): for whole
//! months, the `country` measure of the programme scopes (every activity has one programme, so
//! their sum counts each activity once per country) or of the donor's own scope, and for the days
//! before and after them, the detail tables. Any other filter (an adviser's scope, a kind...)
//! reads the detail tables alone. Both follow the same counting rule ([`crate::facts::COUNTED`]),
//! and a test holds them equal.

use std::collections::BTreeMap;

use crate::amounts::Overflow;
use crate::cells;
use crate::facts::COUNTED;
use crate::listing::{filter_conditions, ActivityFilter, CountryItem};
use crate::queries::months::WholeMonths;
use crate::queries::DateRange;
use crate::state::read_state;
use tatrack_store::db::{Db, StoreError, Tx};

/// Countries with at least one activity `filter` admits, and how many each has, by code.
pub async fn countries(db: &Db, filter: &ActivityFilter) -> Result<Vec<CountryItem>, StoreError> {
    let mut tx = db.begin_read().await?;
    let generation = read_state(&mut tx, false).await?.generation;
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    match (cell_scope(filter), WholeMonths::of(DateRange { from: filter.from, to: filter.to })) {
        (Some(cells), Some(months)) => {
            add(&mut counts, from_cells(&mut tx, generation, cells, &months).await?)?;
            for edge in months.edges {
                let days = ActivityFilter { from: edge.from, to: edge.to, ..filter.clone() };
                add(&mut counts, from_details(&mut tx, generation, &days).await?)?;
            }
        }
        _ => add(&mut counts, from_details(&mut tx, generation, filter).await?)?,
    }
    tx.commit().await?;
    Ok(counts
        .into_iter()
        .filter(|(_, activities)| *activities > 0)
        .map(|(country, activities)| CountryItem { country, activities })
        .collect())
}

/// The cells that count the activities of a filter.
#[derive(Debug, Clone, Copy)]
enum CellScope<'f> {
    /// Every activity: the programme scopes, as each activity has one programme.
    Everyone,
    /// The activities a donor funds: its own scope.
    Donor(&'f str),
}

/// Which cells answer `filter`; `None` when it narrows what the cells do not break down.
fn cell_scope(filter: &ActivityFilter) -> Option<CellScope<'_>> {
    let ActivityFilter {
        country,
        programme_id,
        kind,
        status,
        donor,
        funded_by,
        from: _,
        to: _,
        within_countries,
        within_programmes,
        search: _,
        figure,
    } = filter;
    let narrowed = country.is_some()
        || figure.is_some()
        || programme_id.is_some()
        || kind.is_some()
        || status.is_some()
        || within_countries.is_some()
        || within_programmes.is_some();
    // A donor's own scope is one donor's cells only while it goes by one recorded name: the
    // cells of two names would count twice an activity funded under both.
    let donor = match (donor.as_deref(), funded_by.as_deref()) {
        (None, None) => None,
        (Some([name]), None) | (None, Some([name])) => Some(name.as_str()),
        (Some([donor]), Some([name])) if donor == name => Some(donor.as_str()),
        _ => return None,
    };
    (!narrowed).then_some(donor.map_or(CellScope::Everyone, CellScope::Donor))
}

fn add(counts: &mut BTreeMap<String, i64>, rows: Vec<(String, i64)>) -> Result<(), Overflow> {
    for (country, activities) in rows {
        let count = counts.entry(country).or_default();
        *count = count.checked_add(activities).ok_or(Overflow("a country's activities"))?;
    }
    Ok(())
}

async fn from_cells(
    tx: &mut Tx,
    generation: i64,
    scope: CellScope<'_>,
    months: &WholeMonths,
) -> Result<Vec<(String, i64)>, StoreError> {
    let (scope_kind, of_donor) = match scope {
        CellScope::Donor(_) => (cells::scope::DONOR, " AND scope_key = $6"),
        CellScope::Everyone => (cells::scope::PROGRAMME, ""),
    };
    let sql = format!(
        "SELECT dim, CAST(SUM(activities) AS BIGINT) FROM rm_summary_cells \
         WHERE generation = $1 AND scope_kind = $2 AND measure = $3 AND month >= $4 AND month <= $5{of_donor} \
         GROUP BY dim"
    );
    let mut rows = Vec::new();
    for (lowest, highest) in months.periods() {
        rows.extend(tatrack_store::on_tx!(tx, |conn| {
            let query = sqlx::query_as::<_, (String, i64)>(&sql)
                .bind(generation)
                .bind(scope_kind)
                .bind(cells::measure::COUNTRY)
                .bind(&lowest)
                .bind(&highest);
            match scope {
                CellScope::Donor(donor) => query.bind(donor).fetch_all(conn).await?,
                CellScope::Everyone => query.fetch_all(conn).await?,
            }
        }));
    }
    Ok(rows)
}

async fn from_details(
    tx: &mut Tx,
    generation: i64,
    filter: &ActivityFilter,
) -> Result<Vec<(String, i64)>, StoreError> {
    let mut params = Vec::new();
    let conditions = filter_conditions(filter, &mut |value| {
        params.push(value);
        format!("${}", params.len() + 1)
    });
    // SQLite reads CROSS JOIN as "this order": the activities the filter admits first (by date,
    // when it has a range), then their countries. Left to itself it read every country row.
    let join = if matches!(tx, Tx::Sqlite(..)) { "CROSS JOIN" } else { "JOIN" };
    let sql = format!(
        "SELECT s.country, COUNT(*) FROM rm_activities a {join} rm_activity_countries s \
         ON s.generation = a.generation AND s.activity_id = a.activity_id \
         WHERE {COUNTED} AND {} GROUP BY s.country",
        conditions.join(" AND ")
    );
    Ok(tatrack_store::on_tx!(tx, |conn| {
        let mut query = sqlx::query_as(&sql).bind(generation);
        for value in &params {
            query = query.bind(value);
        }
        query.fetch_all(conn).await?
    }))
}
