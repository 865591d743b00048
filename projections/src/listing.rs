//! Lists: activities (filtered, keyset-paginated), countries, programmes and donors.

use chrono::NaiveDate;
use serde::Serialize;

use crate::amounts::{from_minor, sum_listed};
use crate::facts::COUNTED;
use crate::figure;
pub use crate::figure::{Figure, People};
use crate::placeholders::id_list;
use crate::search::Search;
use crate::state::read_state;
use tatrack_store::db::{Db, StoreError, Tx};

/// Filters of the activity list; all optional, combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    pub country: Option<String>,
    pub programme_id: Option<String>,
    pub kind: Option<String>,
    pub status: Option<String>,
    /// Only activities funded under one of these names (a donor's, and its organisation's
    /// other names).
    pub donor: Option<Vec<String>>,
    /// A donor's scope: only activities funded under one of these names (every name its
    /// organisation goes by, as recorded).
    pub funded_by: Option<Vec<String>>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// An adviser's scope: only activities all of whose countries are among these.
    pub within_countries: Option<Vec<String>>,
    /// An adviser's scope: only activities of these programmes (ids).
    pub within_programmes: Option<Vec<String>>,
    /// Only activities a search finds, the best match first (the activity list and its exports;
    /// [`page_in`] alone reads it).
    pub search: Option<Search>,
    /// Only the activities behind one figure of the summary of the same filters (a dashboard's
    /// link); each listed activity then says its part of the figure.
    pub figure: Option<Figure>,
}

impl ActivityFilter {
    /// The names the filter's donor goes by (none without one).
    fn donor_names(&self) -> &[String] {
        self.donor.as_deref().unwrap_or_default()
    }
}

/// Where the previous page ended: the last activity's sort key (its date, or a search's score)
/// and its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Whether the page was a search's, ordered by score.
    ranked: bool,
    key: String,
    activity_id: String,
}

/// What marks a search's cursor.
const RANKED: &str = "rank:";

impl Cursor {
    /// Opaque to clients: hex of `date|id`, or of `rank:score|id` for a search.
    pub fn encode(&self) -> String {
        let mark = if self.ranked { RANKED } else { "" };
        hex::encode(format!("{mark}{}|{}", self.key, self.activity_id))
    }

    /// The cursor of a search's page (`ranked`) or of a list's; `None` for anything else.
    pub fn decode(text: &str, ranked: bool) -> Option<Self> {
        let bytes = hex::decode(text).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (key, activity_id) = text.split_once('|')?;
        if ranked {
            key.strip_prefix(RANKED)?.parse::<i64>().ok()?;
        } else {
            NaiveDate::parse_from_str(key, "%Y-%m-%d").ok()?;
        }
        uuid::Uuid::parse_str(activity_id).ok()?;
        Some(Self {
            ranked,
            key: key.trim_start_matches(RANKED).to_owned(),
            activity_id: activity_id.to_owned(),
        })
    }
}

/// One line of the activity list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityListItem {
    pub id: String,
    pub programme_id: String,
    pub programme_code: Option<String>,
    pub kind: String,
    pub status: String,
    pub title: String,
    pub location: String,
    /// Comma-separated ISO 3166-1 alpha-3 codes.
    pub countries: String,
    /// The date the activity counts on: delivery start, else planned start.
    pub date: String,
    pub planned_start: String,
    pub planned_end: String,
    pub delivery_start: Option<String>,
    pub delivery_end: Option<String>,
    pub female: i64,
    pub male: i64,
    pub other_or_undisclosed: i64,
    pub participants: i64,
    /// Comma-separated donors with standing funding.
    pub donors: String,
    pub version: i64,
    /// With `figure`: what the activity adds to it (participants, outputs, or an amount in the
    /// figure's currency, as a decimal string).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of_figure: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityPage {
    pub items: Vec<ActivityListItem>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    pub as_of_position: i64,
}

/// `filter` as conditions on `rm_activities a` (generation `$1`); `param` binds a value and
/// names its placeholder.
pub(crate) fn filter_conditions(
    filter: &ActivityFilter,
    param: &mut impl FnMut(String) -> String,
) -> Vec<String> {
    conditions_beside(filter, false, param)
}

/// [`filter_conditions`], but for a statement that joins the country's rows itself when
/// `country_joined` (and narrows them by [`Figure::on_country_row`]).
fn conditions_beside(
    filter: &ActivityFilter,
    country_joined: bool,
    param: &mut impl FnMut(String) -> String,
) -> Vec<String> {
    let mut conditions = vec!["a.generation = $1".to_owned()];
    if let Some(country) = filter.country.as_ref().filter(|_| !country_joined) {
        let p = param(country.clone());
        let share = filter.figure.as_ref().map(|f| f.on_country_row("c")).unwrap_or_default();
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM rm_activity_countries c WHERE c.generation = a.generation \
             AND c.activity_id = a.activity_id AND c.country = {p}{share})"
        ));
    }
    if let Some(names) = &filter.donor {
        let list = id_list(names, param);
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM rm_activity_funding f WHERE f.generation = a.generation \
             AND f.activity_id = a.activity_id AND f.donor IN ({list}))"
        ));
    }
    if let Some(figure) = &filter.figure {
        conditions.push(COUNTED.to_owned());
        conditions.extend(figure::condition(
            figure,
            (filter.country.as_deref(), filter.donor_names()),
            param,
        ));
    }
    if let Some(names) = &filter.funded_by {
        let list = id_list(names, param);
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM rm_activity_funding f WHERE f.generation = a.generation \
             AND f.activity_id = a.activity_id AND f.donor IN ({list}))"
        ));
    }
    for (column, value) in
        [("a.programme_id", &filter.programme_id), ("a.kind", &filter.kind), ("a.status", &filter.status)]
    {
        if let Some(value) = value {
            let p = param(value.clone());
            conditions.push(format!("{column} = {p}"));
        }
    }
    if let Some(countries) = &filter.within_countries {
        let list = id_list(countries, param);
        conditions.push(format!(
            "NOT EXISTS (SELECT 1 FROM rm_activity_countries c WHERE c.generation = a.generation \
             AND c.activity_id = a.activity_id AND c.country NOT IN ({list}))"
        ));
    }
    if let Some(programmes) = &filter.within_programmes {
        conditions.push(format!("a.programme_id IN ({})", id_list(programmes, param)));
    }
    if let Some(from) = filter.from {
        let p = param(from.to_string());
        conditions.push(format!("a.date_key >= {p}"));
    }
    if let Some(to) = filter.to {
        let p = param(to.to_string());
        conditions.push(format!("a.date_key <= {p}"));
    }
    conditions
}

/// A page of activities ordered by date then id (a search's by score, then id), after `cursor`.
pub async fn activities(
    db: &Db,
    filter: &ActivityFilter,
    cursor: Option<&Cursor>,
    limit: u32,
) -> Result<ActivityPage, StoreError> {
    let mut tx = db.begin_read().await?;
    let state = read_state(&mut tx, false).await?;
    let (items, next_cursor) = page_in(&mut tx, state.generation, filter, cursor, limit).await?;
    tx.commit().await?;
    Ok(ActivityPage { items, next_cursor, as_of_position: state.checkpoint.position })
}

/// A list line and the key it is ordered by (its date, or a search's score as text).
#[derive(sqlx::FromRow)]
struct Listed {
    #[sqlx(flatten)]
    item: ActivityListItem,
    sort_key: String,
}

/// Up to `limit` activities of `generation` after `cursor`, ordered by date then id (with a
/// search, by score then id), and the cursor of the next page if there is one.
pub(crate) async fn page_in(
    tx: &mut Tx,
    generation: i64,
    filter: &ActivityFilter,
    cursor: Option<&Cursor>,
    limit: u32,
) -> Result<(Vec<ActivityListItem>, Option<String>), StoreError> {
    let mut params: Vec<String> = Vec::new();
    let mut param = |value: String| {
        params.push(value);
        format!("${}", params.len() + 1)
    };
    let sqlite = matches!(tx, Tx::Sqlite(..));
    // A country's page walks that country's rows in date order (their index holds the date and
    // the id) and stops after `limit` matches; walking every activity by date and asking each
    // whether it is in the country read hundreds of rows per match at 1,000,000 events.
    let (with, source, (key, id), mut conditions) = match (&filter.search, &filter.country) {
        (Some(search), _) if search.words.is_empty() => return Ok((Vec::new(), None)),
        (Some(search), _) => {
            let hits = search.hits(sqlite, &mut param);
            let source = "hits h JOIN rm_activities a ON a.generation = $1 AND a.activity_id = h.activity_id";
            (
                format!("WITH {hits} "),
                source.to_owned(),
                ("h.score", "a.activity_id"),
                filter_conditions(filter, &mut param),
            )
        }
        (None, Some(country)) => {
            let c = param(country.clone());
            // SQLite reads CROSS JOIN as "this order": the country's rows first.
            let join = if sqlite { "CROSS JOIN" } else { "JOIN" };
            let share = filter.figure.as_ref().map(|f| f.on_country_row("s")).unwrap_or_default();
            let mut conditions = vec!["s.generation = $1".to_owned(), format!("s.country = {c}{share}")];
            conditions.extend(conditions_beside(filter, true, &mut param));
            (
                String::new(),
                format!(
                    "rm_activity_countries s {join} rm_activities a \
                     ON a.generation = s.generation AND a.activity_id = s.activity_id"
                ),
                ("s.date_key", "s.activity_id"),
                conditions,
            )
        }
        (None, None) => (
            String::new(),
            "rm_activities a".to_owned(),
            ("a.date_key", "a.activity_id"),
            filter_conditions(filter, &mut param),
        ),
    };
    let part =
        figure::part(filter.figure.as_ref(), (filter.country.as_deref(), filter.donor_names()), &mut param);
    if let Some(cursor) = cursor {
        let (k, i) = (param(cursor.key.clone()), param(cursor.activity_id.clone()));
        let k = if filter.search.is_some() { format!("CAST({k} AS BIGINT)") } else { k };
        // The first condition lets the index seek to the cursor; the second skips its ties.
        conditions.push(format!("{key} >= {k} AND ({key} > {k} OR {id} > {i})"));
    }
    let sql = format!(
        "{with}SELECT a.activity_id AS id, a.programme_id, p.code AS programme_code, a.kind, a.status, a.title, a.location, \
         a.countries, a.date_key AS date, a.planned_start, a.planned_end, a.delivery_start, a.delivery_end, \
         a.female, a.male, a.other AS other_or_undisclosed, a.participants_total AS participants, a.donors, a.version, \
         CAST({part} AS TEXT) AS part_of_figure, CAST({key} AS TEXT) AS sort_key \
         FROM {source} LEFT JOIN rm_programmes p ON p.generation = a.generation AND p.programme_id = a.programme_id \
         WHERE {} ORDER BY {key}, {id} LIMIT {}",
        conditions.join(" AND "),
        u64::from(limit) + 1
    );
    let mut rows: Vec<Listed> = tatrack_store::on_tx!(tx, |conn| {
        let mut query = sqlx::query_as(&sql).bind(generation);
        for value in &params {
            query = query.bind(value);
        }
        query.fetch_all(conn).await?
    });
    let limit = usize::try_from(limit).map_err(|_| crate::amounts::Overflow("a page size"))?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let ranked = filter.search.is_some();
    let next_cursor = more.then(|| rows.last()).flatten().map(|last| {
        Cursor { ranked, key: last.sort_key.clone(), activity_id: last.item.id.clone() }.encode()
    });
    let mut items: Vec<ActivityListItem> = rows.into_iter().map(|row| row.item).collect();
    if let Some(Figure::Funding { currency }) = &filter.figure {
        for item in &mut items {
            let listed = item.part_of_figure.take().unwrap_or_default();
            item.part_of_figure = Some(from_minor(sum_listed(&listed)?, currency));
        }
    }
    Ok((items, next_cursor))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountryItem {
    pub country: String,
    /// Activities in the country that were neither cancelled nor voided.
    pub activities: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeItem {
    pub id: String,
    pub code: String,
    pub name: String,
    pub thematic_area: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DonorItem {
    /// The organisation's canonical name, or the name as recorded when no organisation claims it.
    pub donor: String,
    /// The organisation whose name or alias the donor was recorded under, if one is registered.
    #[sqlx(skip)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<String>,
    /// The names funding and contributions were recorded under, when other than `donor` alone
    /// (an alias, or several names one organisation merges).
    #[sqlx(skip)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recorded_as: Vec<String>,
}

/// Programmes, by code: with `filter.within_programmes`, only those (an adviser's); with
/// `filter.donor`, only those the donor contributed to or funds an activity of.
pub async fn programmes(db: &Db, filter: &ActivityFilter) -> Result<Vec<ProgrammeItem>, StoreError> {
    let mut params = Vec::new();
    let mut param = |value: String| {
        params.push(value);
        format!("${}", params.len() + 1)
    };
    let mut conditions = vec!["p.generation = $1".to_owned()];
    if let Some(programmes) = &filter.within_programmes {
        conditions.push(format!("p.programme_id IN ({})", id_list(programmes, &mut param)));
    }
    let names = filter.funded_by.clone().or_else(|| filter.donor.clone());
    if let Some(names) = &names {
        let d = id_list(names, &mut param);
        conditions.push(format!(
            "(p.programme_id IN (SELECT c.programme_id FROM rm_programme_contributions c \
              WHERE c.generation = p.generation AND c.donor IN ({d})) \
             OR p.programme_id IN (SELECT a.programme_id FROM rm_activity_funding f JOIN rm_activities a \
              ON a.generation = f.generation AND a.activity_id = f.activity_id \
              WHERE f.generation = $1 AND f.donor IN ({d})))"
        ));
    }
    let sql = format!(
        "SELECT p.programme_id AS id, p.code, p.name, p.thematic_area FROM rm_programmes p WHERE {} ORDER BY p.code",
        conditions.join(" AND ")
    );
    list(db, &sql, &params).await
}

/// Donors that funded an activity or contributed to a programme, by name; with `only`, those of
/// these names that did (a donor's own view, which need not read every donor's rows).
pub async fn donors(db: &Db, only: Option<&[String]>) -> Result<Vec<DonorItem>, StoreError> {
    match only {
        None => {
            // The funding lines' donors by a walk of the donor index, one step per donor (a
            // `DISTINCT` read every line: 150,000 at 1,000,000 events, on every donor summary).
            // Contributions are few.
            let sql = "WITH RECURSIVE funders(donor) AS ( \
                         SELECT MIN(donor) FROM rm_activity_funding WHERE generation = $1 \
                         UNION ALL SELECT (SELECT MIN(f.donor) FROM rm_activity_funding f \
                           WHERE f.generation = $1 AND f.donor > funders.donor) \
                         FROM funders WHERE funders.donor IS NOT NULL) \
                       SELECT donor FROM funders WHERE donor IS NOT NULL \
                       UNION SELECT donor FROM rm_programme_contributions WHERE generation = $1 ORDER BY donor";
            list(db, sql, &[]).await
        }
        Some(names) => {
            let mut params = Vec::new();
            let placeholders = id_list(names, &mut |value: String| {
                params.push(value);
                format!("${}", params.len() + 1)
            });
            let sql = format!(
                "SELECT donor FROM rm_activity_funding WHERE generation = $1 AND donor IN ({placeholders}) \
                 UNION SELECT donor FROM rm_programme_contributions WHERE generation = $1 \
                 AND donor IN ({placeholders}) ORDER BY donor"
            );
            list(db, &sql, &params).await
        }
    }
}

/// Runs `sql` on the current generation (`$1`), with `params` as `$2`, `$3`...
pub(crate) async fn list<T>(db: &Db, sql: &str, params: &[String]) -> Result<Vec<T>, StoreError>
where
    T: tatrack_store::db::EitherRow,
{
    let mut tx = db.begin_read().await?;
    let state = read_state(&mut tx, false).await?;
    let rows = tatrack_store::on_tx!(&mut tx, |conn| {
        let mut query = sqlx::query_as(sql).bind(state.generation);
        for value in params {
            query = query.bind(value);
        }
        query.fetch_all(conn).await?
    });
    tx.commit().await?;
    Ok(rows)
}
