//! Reading the read models: summaries per country, programme and donor, and the activity list.
//!
//! Every answer is computed inside one read transaction, so its figures come from one state of
//! the read models, and it says which position of the log that state reflects.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use serde::Serialize;

use tatrack_domain::vocabulary::ActivityKind;

use crate::amounts::{from_minor, sum_listed, Overflow};
use crate::cells;
use crate::facts::{COUNTED, UNCOUNTED_STATUSES};
use crate::state::read_state;
use tatrack_store::db::{Db, StoreError, Tx};

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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
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
}

/// How the scope narrows the activities: the FROM clause (alias `a` for `rm_activities`, `s`
/// for the country rows) and the condition on parameter `$2`.
fn scope_sql(scope: &Scope, join: &str) -> (String, &'static str) {
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

fn scope_key(scope: &Scope) -> &str {
    match scope {
        Scope::Country(key) | Scope::Programme(key) | Scope::Donor(key) => key,
    }
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
fn viewer_placeholders(names: &[String]) -> String {
    if names.is_empty() {
        return "NULL".to_owned();
    }
    (0..names.len()).map(|i| format!("${}", i + 5)).collect::<Vec<_>>().join(", ")
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
    Ok(Summary { programmes, ..summary })
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

/// A date range as the whole months it covers, which the summary cells answer, and the days
/// before and after them, which the detail tables answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WholeMonths {
    /// The first and last whole month (year, month), both included; `None` where the range
    /// is open.
    first: Option<(i32, u32)>,
    last: Option<(i32, u32)>,
    pub edges: Vec<DateRange>,
}

impl WholeMonths {
    /// `None` when the range holds no whole month (or dates the period keys cannot order).
    pub(crate) fn of(range: DateRange) -> Option<Self> {
        let representable = |d: &NaiveDate| (1..=9999).contains(&d.year());
        if !range.from.iter().chain(range.to.iter()).all(representable) {
            return None;
        }
        let mut edges = Vec::new();
        let first = match range.from {
            Some(from) if from.day() != 1 => {
                let next = from.with_day(1)?.checked_add_months(Months::new(1))?;
                edges.push(DateRange { from: Some(from), to: next.pred_opt() });
                Some(next)
            }
            other => other,
        };
        let last = match range.to {
            Some(to) if to.succ_opt().is_some_and(|next| next.month() == to.month()) => {
                let start = to.with_day(1)?;
                edges.push(DateRange { from: Some(start), to: Some(to) });
                Some(start.pred_opt()?)
            }
            other => other,
        };
        if let (Some(first), Some(last)) = (first, last) {
            if first > last {
                return None;
            }
        }
        let month = |d: NaiveDate| (d.year(), d.month());
        Some(Self { first: first.map(month), last: last.map(month), edges })
    }

    /// The cells' period keys (see [`cells::period`]) that add up to these months, as ranges
    /// `(lowest, highest)` of the `month` column: the all-time key for an open range, else the
    /// whole years inside from the year cells and the months before and after them from the
    /// month cells. At most three ranges, none of them overlapping.
    pub(crate) fn periods(&self) -> Vec<(String, String)> {
        use cells::period;
        let (first, last) = (self.first, self.last);
        if first.is_none() && last.is_none() {
            return vec![(period::ALL.to_owned(), period::ALL.to_owned())];
        }
        // The whole years: from the first whole month's year (the next if it starts mid-year)
        // to the last's (the previous if it ends mid-year).
        let first_year = first.map(|(year, month)| if month == 1 { year } else { year + 1 });
        let last_year = last.map(|(year, month)| if month == 12 { year } else { year - 1 });
        let years = match (first_year, last_year) {
            (Some(from), _) if from > 9999 => None,
            (Some(from), Some(to)) if from > to => None,
            (from, to) => Some((from.unwrap_or(0), to.unwrap_or(9999))),
        };
        let month_key = |bound: Option<(i32, u32)>, open: &str| {
            bound.map_or_else(|| open.to_owned(), |(year, month)| period::month(year, month))
        };
        let Some((from_year, to_year)) = years else {
            return vec![(month_key(first, "0000-00"), month_key(last, "9999-99"))];
        };
        let mut periods = Vec::with_capacity(3);
        if let Some((year, month)) = first.filter(|(_, month)| *month != 1) {
            periods.push((period::month(year, month), period::month(year, 12)));
        }
        periods.push((period::year(from_year), period::year(to_year)));
        if let Some((year, month)) = last.filter(|(_, month)| *month != 12) {
            periods.push((period::month(year, 1), period::month(year, month)));
        }
        periods
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
    let people = &mut summary.participants;
    // Sums count whatever contributes; a breakdown lists what at least one activity reaches.
    let plus = |sum: &mut i64, amount: i64| -> Result<(), Overflow> {
        *sum = sum.checked_add(amount).ok_or(Overflow("a summary's count"))?;
        Ok(())
    };
    for ((measure, dim, dim2), (amount, activities, money)) in merged {
        match measure.as_str() {
            cells::measure::PEOPLE => match dim.as_str() {
                "female" => plus(&mut people.female, amount)?,
                "male" => plus(&mut people.male, amount)?,
                "other" => plus(&mut people.other_or_undisclosed, amount)?,
                _ => plus(&mut people.unattributed, amount)?,
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
                people.by_institution.insert(dim, amount);
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
    people.total = [people.male, people.other_or_undisclosed]
        .into_iter()
        .try_fold(people.female, i64::checked_add)
        .ok_or(Overflow("a summary's participants"))?;
    summary.countries = reach.then_some(countries);
    Ok((summary, programme_ids))
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
        query.push_bind(generation).push(" AND programme_id IN (");
        let mut list = query.separated(", ");
        for id in ids {
            list.push_bind(id.as_str());
        }
        query.push(") ORDER BY code");
        query.build_query_scalar().fetch_all(conn).await?
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

#[cfg(test)]
mod tests {
    use super::*;

    fn periods(from: Option<&str>, to: Option<&str>) -> Option<Vec<(String, String)>> {
        let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date");
        WholeMonths::of(DateRange { from: from.map(date), to: to.map(date) }).map(|m| m.periods())
    }

    #[expect(clippy::unnecessary_wraps, reason = "compared with what `periods` returns, an Option")]
    fn keys(ranges: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
        Some(ranges.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect())
    }

    #[test]
    fn an_open_range_reads_the_all_time_cells() {
        assert_eq!(periods(None, None), keys(&[("ALL", "ALL")]));
    }

    #[test]
    fn whole_years_read_year_cells_and_the_months_around_them_month_cells() {
        assert_eq!(periods(Some("2019-01-01"), Some("2021-12-31")), keys(&[("Y2019", "Y2021")]));
        assert_eq!(
            periods(Some("2019-11-01"), Some("2021-02-28")),
            keys(&[("2019-11", "2019-12"), ("Y2020", "Y2020"), ("2021-01", "2021-02")])
        );
        // Partial months at the ends belong to the detail tables: 2019-12 to 2020-12 remain.
        assert_eq!(
            periods(Some("2019-11-05"), Some("2021-01-12")),
            keys(&[("2019-12", "2019-12"), ("Y2020", "Y2020")])
        );
    }

    #[test]
    fn a_range_open_at_one_end_reads_every_year_on_that_side() {
        assert_eq!(periods(Some("2020-06-01"), None), keys(&[("2020-06", "2020-12"), ("Y2021", "Y9999")]));
        assert_eq!(periods(None, Some("2020-05-19")), keys(&[("Y0000", "Y2019"), ("2020-01", "2020-04")]));
        assert_eq!(periods(Some("9999-03-01"), None), keys(&[("9999-03", "9999-99")]));
        assert_eq!(periods(None, Some("0001-12-31")), keys(&[("Y0000", "Y0001")]));
    }

    #[test]
    fn months_of_less_than_a_whole_year_read_month_cells() {
        assert_eq!(periods(Some("2019-03-15"), Some("2020-02-10")), keys(&[("2019-04", "2020-01")]));
        assert_eq!(periods(Some("2020-02-01"), Some("2020-11-30")), keys(&[("2020-02", "2020-11")]));
        assert_eq!(periods(Some("2020-01-14"), Some("2020-01-21")), None);
    }

    #[test]
    fn period_keys_never_fall_inside_a_range_of_month_keys() {
        for key in [cells::period::ALL.to_owned(), cells::period::year(0), cells::period::year(9999)] {
            assert!(!("0000-00".to_owned()..="9999-99".to_owned()).contains(&key), "{key}");
        }
        assert!(!("Y0000".to_owned()..="Y9999".to_owned()).contains(&cells::period::ALL.to_owned()));
    }
}
