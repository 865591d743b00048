//! The lines a summary adds up, read from the read models: from the summary cells over the
//! whole months of a range, from the detail tables for the days around them (and for what the
//! cells do not break down: a donor's view, a kind), and the contributions of programme and
//! donor scopes.

use tatrack_domain::vocabulary::ActivityKind;

use super::months::WholeMonths;
use super::{DateRange, Scope};
use crate::amounts::{sum_listed, Overflow};
use crate::cells;
use crate::facts::COUNTED;
use tatrack_store::db::{StoreError, Tx};

/// One line of what a summary adds up: a measure, its breakdown, its count, its activities and
/// (funding only) its amount in minor units, in the shape of a summary cell (see
/// [`crate::cells`]). Amounts are added in Rust: see [`crate::amounts`].
pub(crate) type CellRow = (String, String, String, i64, i64, i128);

/// A line as the statements return it: the amounts still as the comma-separated list of the
/// stored terms (`string_agg`), which neither backend can add without overflowing.
type StoredRow = (String, String, String, i64, i64, String);

/// Contributions of one donor in one currency: in minor units, and how many.
pub(crate) type ContributionRow = (String, String, i128, i64);

/// What a summary adds up, before it is added up: the lines of its activities and, for
/// programme and donor scopes, its contributions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lines {
    pub cells: Vec<CellRow>,
    pub contributions: Vec<ContributionRow>,
    /// Narrowed to a kind: contributions belong to no activity, so none is shown.
    pub without_contributions: bool,
}

/// The donor a summary is narrowed to, by the names it goes by: a donor's view of the summary
/// of one of its own names is the scope itself.
pub(crate) fn viewer<'d>(scope: &Scope, donor: Option<&'d [String]>) -> Option<&'d [String]> {
    donor.filter(|own| !matches!(scope, Scope::Donor(key) if own.contains(key)))
}

/// `$5`, `$6`... for the viewing donor's names (`NULL`, which matches nothing, for none).
pub(crate) fn viewer_placeholders(names: &[String]) -> String {
    if names.is_empty() {
        return "NULL".to_owned();
    }
    (0..names.len()).map(|i| format!("${}", i + 5)).collect::<Vec<_>>().join(", ")
}

/// The lines of `scope` in `generation` over `range` (of one kind, given one), as `viewer` (a
/// donor) may see them.
pub(crate) async fn lines_in(
    tx: &mut Tx,
    generation: i64,
    scope: &Scope,
    (range, kind): (DateRange, Option<ActivityKind>),
    viewer: Option<&[String]>,
) -> Result<Lines, StoreError> {
    let mut stored = Vec::new();
    match (viewer, kind, WholeMonths::of(range)) {
        (None, None, Some(split)) => {
            stored.extend(cell_rows(tx, generation, scope, &split).await?);
            for edge in split.edges {
                stored.extend(detail_rows(tx, generation, scope, (edge, None), None).await?);
            }
        }
        // A donor's view of a country or programme narrows it to what the donor funds, and a
        // kind to that kind's activities, which the cells do not break down: the detail tables
        // answer.
        _ => stored.extend(detail_rows(tx, generation, scope, (range, kind), viewer).await?),
    }
    let cells = stored
        .into_iter()
        .map(|(measure, dim, dim2, amount, activities, money)| {
            Ok((measure, dim, dim2, amount, activities, sum_listed(&money)?))
        })
        .collect::<Result<_, Overflow>>()?;
    let contributions = if matches!(scope, Scope::Country(_)) || kind.is_some() {
        Vec::new()
    } else {
        contributions(tx, generation, scope, range, viewer).await?
    };
    Ok(Lines { cells, contributions, without_contributions: kind.is_some() })
}

/// How the scope narrows the activities: the FROM clause (alias `a` for `rm_activities`, `s`
/// for the country rows) and the condition on parameter `$2`.
pub(crate) fn scope_sql(scope: &Scope, join: &str) -> (String, &'static str) {
    match scope {
        Scope::Country(_) => (
            format!(
                "rm_activity_countries s {join} rm_activities a ON a.generation = s.generation AND a.activity_id = s.activity_id"
            ),
            "s.generation = $1 AND s.country = $2",
        ),
        Scope::Programme(_) => ("rm_activities a".to_owned(), "a.generation = $1 AND a.programme_id = $2"),
        Scope::Donor(_) => (
            "rm_activities a".to_owned(),
            // A funding line carries its activity's date: the donor's lines of the range, found on
            // the donor index, name the activities.
            if join == "CROSS JOIN" {
                // Without statistics SQLite built this list from the primary key's index, every
                // funding line of the generation, once per statement of the UNION.
                "a.generation = $1 AND a.activity_id IN (SELECT f2.activity_id FROM rm_activity_funding f2 \
                 INDEXED BY rm_activity_funding_by_donor WHERE f2.generation = $1 AND f2.donor = $2 \
                 AND f2.date_key >= $3 AND f2.date_key <= $4)"
            } else {
                "a.generation = $1 AND a.activity_id IN (SELECT f2.activity_id FROM rm_activity_funding f2 \
                 WHERE f2.generation = $1 AND f2.donor = $2 AND f2.date_key >= $3 AND f2.date_key <= $4)"
            },
        ),
    }
}

pub(crate) fn scope_key(scope: &Scope) -> &str {
    match scope {
        Scope::Country(key) | Scope::Programme(key) | Scope::Donor(key) => key,
    }
}

fn scope_cell_key(scope: &Scope) -> (&'static str, &str) {
    match scope {
        Scope::Country(key) => (cells::scope::COUNTRY, key),
        Scope::Programme(key) => (cells::scope::PROGRAMME, key),
        Scope::Donor(key) => (cells::scope::DONOR, key),
    }
}

/// The cell lines of `scope` over whole `months`: one range of the primary key per period
/// range (see [`WholeMonths::periods`]), the same statement each time.
async fn cell_rows(
    tx: &mut Tx,
    generation: i64,
    scope: &Scope,
    months: &WholeMonths,
) -> Result<Vec<StoredRow>, StoreError> {
    let (kind, key) = scope_cell_key(scope);
    let sql = "SELECT measure, dim, dim2, CAST(SUM(amount) AS BIGINT), CAST(SUM(activities) AS BIGINT), \
               CASE WHEN measure = 'funding' THEN string_agg(money, ',') ELSE '' END \
               FROM rm_summary_cells WHERE generation = $1 AND scope_kind = $2 AND scope_key = $3 \
               AND month >= $4 AND month <= $5 GROUP BY measure, dim, dim2";
    // One period holds each line once (the primary key): nothing to group. PostgreSQL's
    // grouping of the all-time cells alone spilled to disk (14 ms for 1,600 rows).
    let one = "SELECT measure, dim, dim2, amount, activities, \
               CASE WHEN measure = 'funding' THEN money ELSE '' END \
               FROM rm_summary_cells WHERE generation = $1 AND scope_kind = $2 AND scope_key = $3 \
               AND month >= $4 AND month <= $5";
    let mut rows = Vec::new();
    for (lowest, highest) in months.periods() {
        let sql = if lowest == highest { one } else { sql };
        rows.extend(tatrack_store::on_tx!(tx, |conn| sqlx::query_as::<_, StoredRow>(sql)
            .bind(generation)
            .bind(kind)
            .bind(key)
            .bind(&lowest)
            .bind(&highest)
            .fetch_all(conn)
            .await?));
    }
    Ok(rows)
}

/// The same lines as the cells, read from the detail tables in one statement: the counting
/// rules of [`crate::facts`] and [`crate::cells`] in SQL.
async fn detail_rows(
    tx: &mut Tx,
    generation: i64,
    scope: &Scope,
    (range, kind): (DateRange, Option<ActivityKind>),
    donor: Option<&[String]>,
) -> Result<Vec<StoredRow>, StoreError> {
    let (from, to) = range.bounds();
    // SQLite reads CROSS JOIN as "this order": the scope's activities first, then their rows.
    // Left to itself (no statistics) it scanned every country row of the generation instead.
    let join = if matches!(tx, Tx::Sqlite(..)) { "CROSS JOIN" } else { "JOIN" };
    let (source, condition) = scope_sql(scope, join);
    let names = donor.map(viewer_placeholders);
    // On SQLite, a donor's funding lines by the donor index: without statistics it read every
    // funding line of the generation (670 ms for a dated donor summary at 1,000,000 events).
    let by_donor = if join == "CROSS JOIN" { " INDEXED BY rm_activity_funding_by_donor" } else { "" };
    let funded = names.as_ref().map_or_else(String::new, |names| {
        format!(
            " AND a.activity_id IN (SELECT f5.activity_id FROM rm_activity_funding f5{by_donor} \
             WHERE f5.generation = $1 AND f5.donor IN ({names}) AND f5.date_key >= $3 AND f5.date_key <= $4)"
        )
    });
    // A kind is one of a closed list of words (`ActivityKind::as_str`), never the caller's text.
    let of_kind = kind.map(|kind| format!(" AND a.kind = '{}'", kind.as_str())).unwrap_or_default();
    let country = matches!(scope, Scope::Country(_));
    // A country's rows carry their activity's date: the range narrows them on their index.
    let dated = if country { "s" } else { "a" };
    let filter =
        format!("{condition} AND {dated}.date_key >= $3 AND {dated}.date_key <= $4{funded}{of_kind}");
    let counted = format!("{filter} AND {COUNTED}");
    let people = if country { "s" } else { "a" };
    let unattributed = if country { "s.unattributed" } else { "0" };
    // A country gets an institution breakdown only from activities held in it alone.
    let single = if country { " AND a.country_count = 1" } else { "" };
    let only_donor = match (scope, &names) {
        (Scope::Donor(_), _) => " AND f.donor = $2".to_owned(),
        (_, Some(names)) => format!(" AND f.donor IN ({names})"),
        _ => String::new(),
    };
    let join = |table: &str, alias: &str| {
        format!("{source} {join} {table} {alias} ON {alias}.generation = a.generation AND {alias}.activity_id = a.activity_id")
    };
    let mut parts = vec![format!(
        "SELECT 'status', a.status, a.kind, COUNT(*), COUNT(*), '' FROM {source} WHERE {filter} GROUP BY a.status, a.kind"
    )];
    for (dim, column) in [
        ("female", format!("{people}.female")),
        ("male", format!("{people}.male")),
        ("other", format!("{people}.other")),
        ("unattributed", unattributed.to_owned()),
    ] {
        parts.push(format!(
            "SELECT 'people', '{dim}', '', CAST(COALESCE(SUM({column}), 0) AS BIGINT), COUNT(*), '' FROM {source} WHERE {counted}"
        ));
    }
    parts.push(format!(
        "SELECT 'institution', i.institution, '', CAST(SUM(i.participants) AS BIGINT), COUNT(*), '' FROM {} \
         WHERE {counted}{single} GROUP BY i.institution",
        join("rm_activity_institutions", "i")
    ));
    parts.push(format!(
        "SELECT 'output', o.kind, '', CAST(SUM(o.outputs) AS BIGINT), COUNT(*), '' FROM {} WHERE {counted} GROUP BY o.kind",
        join("rm_activity_outputs", "o")
    ));
    parts.push(format!(
        "SELECT 'programme', a.programme_id, '', 0, COUNT(*), '' FROM {source} WHERE {counted} GROUP BY a.programme_id"
    ));
    parts.push(format!(
        "SELECT 'funding', f.donor, f.currency, 0, COUNT(*), string_agg(f.amount_minor, ',') FROM {} \
         WHERE {counted}{only_donor} GROUP BY f.donor, f.currency",
        join("rm_activity_funding", "f")
    ));
    if !country {
        parts.push(format!(
            "SELECT 'country', c.country, a.kind, 0, COUNT(*), '' FROM {} WHERE {counted} GROUP BY c.country, a.kind",
            join("rm_activity_countries", "c")
        ));
    }
    let sql = parts.join(" UNION ALL ");
    fetch_in_scope(tx, &sql, generation, scope, (&from, &to), donor).await
}

/// Runs a summary statement with the parameters they all take: `$1` the generation, `$2` the
/// scope's key, `$3` and `$4` the range's bounds, and `$5`, `$6`... the viewing donor's names if
/// there is one.
async fn fetch_in_scope<T>(
    tx: &mut Tx,
    sql: &str,
    generation: i64,
    scope: &Scope,
    (from, to): (&str, &str),
    donor: Option<&[String]>,
) -> Result<Vec<T>, StoreError>
where
    T: tatrack_store::db::EitherRow,
{
    Ok(tatrack_store::on_tx!(tx, |conn| {
        let mut query = sqlx::query_as(sql).bind(generation).bind(scope_key(scope)).bind(from).bind(to);
        for name in donor.unwrap_or_default() {
            query = query.bind(name);
        }
        query.fetch_all(conn).await?
    }))
}

/// Programme and donor summaries: contributions received in the range, per donor and currency.
async fn contributions(
    tx: &mut Tx,
    generation: i64,
    scope: &Scope,
    range: DateRange,
    donor: Option<&[String]>,
) -> Result<Vec<ContributionRow>, StoreError> {
    let (from, to) = range.bounds();
    let by = if matches!(scope, Scope::Programme(_)) { "programme_id" } else { "donor" };
    let own =
        donor.map_or_else(String::new, |names| format!(" AND donor IN ({})", viewer_placeholders(names)));
    let sql = format!(
        "SELECT donor, currency, string_agg(amount_minor, ','), COUNT(*) FROM rm_programme_contributions \
         WHERE generation = $1 AND {by} = $2 AND received_on >= $3 AND received_on <= $4{own} \
         GROUP BY donor, currency ORDER BY donor, currency"
    );
    let rows: Vec<(String, String, String, i64)> =
        fetch_in_scope(tx, &sql, generation, scope, (&from, &to), donor).await?;
    rows.into_iter()
        .map(|(donor, currency, amounts, count)| Ok((donor, currency, sum_listed(&amounts)?, count)))
        .collect()
}
