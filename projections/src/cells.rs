//! Summary cells: what the activities of one scope add up to in one month, one year and all
//! time, kept up to date by the projector, so a summary sums a few hundred rows instead of
//! joining every activity.
//!
//! A cell is one measure of one scope (country, programme or donor) in one period of the
//! activities' date (see [`period`]), broken down by up to two dimensions, with the number of
//! activities that
//! contribute to it. That count keeps the rules of the summary queries exact: a kind, an output,
//! an institution or a donor appears in a summary when an activity contributes to it, even if
//! the amounts add up to zero. A cell no activity contributes to is deleted.
//!
//! Cells follow the counting rules in [`crate::facts`]; the query-time reading of the detail
//! tables in [`crate::queries`] (its `lines`) states the same rules in SQL, and a test holds the
//! two equal.

use std::collections::HashMap;

use tatrack_domain::Activity;

use crate::amounts::{parse_minor, Overflow};
use crate::facts::{activity_facts, ActivityFacts};
use tatrack_store::db::{Db, StoreError, Tx};

/// Cells per multi-row statement (SQLite allows 32,766 parameters; a cell has 10 columns).
const CHUNK: usize = 1_000;

/// The measures a cell can hold; their names are stored.
pub mod measure {
    /// Activities by status (`dim`) and kind (`dim2`), cancelled and voided included.
    pub const STATUS: &str = "status";
    /// Participants by sex, or `unattributed` (`dim`).
    pub const PEOPLE: &str = "people";
    pub const INSTITUTION: &str = "institution";
    pub const OUTPUT: &str = "output";
    /// Programme ids (`dim`) of counted activities.
    pub const PROGRAMME: &str = "programme";
    /// Standing funding by donor (`dim`) and currency (`dim2`), in minor units.
    pub const FUNDING: &str = "funding";
    /// Activities by country reached (`dim`) and kind (`dim2`), in programme and donor scopes.
    pub const COUNTRY: &str = "country";
}

/// The periods a cell covers, as its `month` column stores them. Every activity adds to the
/// cells of its month, of its year and of all time: a summary without a range reads the
/// all-time cells alone, one over a range whole years from the year cells and the months at
/// either end from the month cells (see [`crate::queries::months::WholeMonths`]). Month keys
/// begin with a digit, so no range of month keys (`0000-00` to `9999-99`) meets a year's key or
/// the all-time key, which sort after them.
pub mod period {
    /// Every date.
    pub const ALL: &str = "ALL";

    /// A year's key, `Y` and four digits: `Y2019`.
    #[must_use]
    pub fn year(year: i32) -> String {
        format!("Y{year:04}")
    }

    /// A month's key, `YYYY-MM`.
    #[must_use]
    pub fn month(year: i32, month: u32) -> String {
        format!("{year:04}-{month:02}")
    }
}

/// The kinds of scope, as stored.
pub mod scope {
    pub const COUNTRY: &str = "country";
    pub const PROGRAMME: &str = "programme";
    pub const DONOR: &str = "donor";
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellKey {
    pub scope_kind: &'static str,
    pub scope_key: String,
    /// The period (see [`period`]): `YYYY-MM`, `Y` and the year, or `ALL`.
    pub month: String,
    pub measure: &'static str,
    pub dim: String,
    pub dim2: String,
}

/// A cell's value: a count (or, for funding, money) and the number of activities behind it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// People, activities or outputs; 0 in funding cells.
    pub amount: i64,
    /// Funding cells: the amount in the currency's minor unit, stored as decimal text.
    pub money: i128,
    pub activities: i64,
}

impl Tally {
    /// `self + other`, checked: a sum that does not fit is an error, never a wrapped figure.
    pub fn plus(self, other: Self) -> Result<Self, Overflow> {
        Ok(Self {
            amount: self.amount.checked_add(other.amount).ok_or(Overflow("a summary cell's count"))?,
            money: self.money.checked_add(other.money).ok_or(Overflow("a summary cell's amount"))?,
            activities: self
                .activities
                .checked_add(other.activities)
                .ok_or(Overflow("a summary cell's activities"))?,
        })
    }
}

/// Cells keyed by what they count; also used for the differences the projector writes.
pub type Cells = HashMap<CellKey, Tally>;

/// Adds one activity's cells to `cells`, each multiplied by `sign` (1 to add, -1 to remove):
/// those of its month, its year and all time, as the read models store them.
pub fn add_activity(cells: &mut Cells, facts: &ActivityFacts, sign: i64) -> Result<(), Overflow> {
    let date = facts.row.date_key.as_str();
    let month = date.get(..7).unwrap_or(date).to_owned();
    let year = format!("Y{}", date.get(..4).unwrap_or(date));
    add_in_periods(cells, facts, sign, &[month, year, period::ALL.to_owned()])
}

/// Adds one activity's cells of its month alone: what it adds to a summary, each line once.
pub fn add_activity_by_month(cells: &mut Cells, facts: &ActivityFacts, sign: i64) -> Result<(), Overflow> {
    let date = facts.row.date_key.as_str();
    add_in_periods(cells, facts, sign, &[date.get(..7).unwrap_or(date).to_owned()])
}

fn add_in_periods(
    cells: &mut Cells,
    facts: &ActivityFacts,
    sign: i64,
    periods: &[String],
) -> Result<(), Overflow> {
    let row = &facts.row;
    let counted = facts.counted;
    let mut add = |scope_kind: &'static str,
                   scope_key: &str,
                   measure: &'static str,
                   (dim, dim2): (&str, &str),
                   (amount, money): (i64, i128)|
     -> Result<(), Overflow> {
        let change = Tally {
            amount: amount.checked_mul(sign).ok_or(Overflow("a summary cell's count"))?,
            money: money.checked_mul(i128::from(sign)).ok_or(Overflow("a summary cell's amount"))?,
            activities: sign,
        };
        for month in periods {
            let key = CellKey {
                scope_kind,
                scope_key: scope_key.to_owned(),
                month: month.clone(),
                measure,
                dim: dim.to_owned(),
                dim2: dim2.to_owned(),
            };
            let tally = cells.entry(key).or_default();
            *tally = tally.plus(change)?;
        }
        Ok(())
    };
    let mut donors: Vec<&str> = facts.funding.iter().map(|f| f.donor.as_str()).collect();
    donors.sort_unstable();
    donors.dedup();
    // (kind, key, people as they count in that scope)
    let mut scopes: Vec<(&'static str, &str, [i64; 4])> = Vec::new();
    for c in &facts.countries {
        scopes.push((scope::COUNTRY, &c.country, [c.female, c.male, c.other, c.unattributed]));
    }
    let overall = [row.female, row.male, row.other, 0];
    scopes.push((scope::PROGRAMME, &row.programme_id, overall));
    scopes.extend(donors.iter().map(|donor| (scope::DONOR, *donor, overall)));

    for (kind, key, people) in scopes {
        add(kind, key, measure::STATUS, (row.status, row.kind), (1, 0))?;
        if !counted {
            continue;
        }
        for (dim, amount) in ["female", "male", "other", "unattributed"].into_iter().zip(people) {
            add(kind, key, measure::PEOPLE, (dim, ""), (amount, 0))?;
        }
        // A regional activity's institution breakdown says nothing about any one country.
        if kind != scope::COUNTRY || row.country_count == 1 {
            for (institution, n) in &facts.institutions {
                add(kind, key, measure::INSTITUTION, (institution, ""), (*n, 0))?;
            }
        }
        for (output, n) in &facts.outputs {
            add(kind, key, measure::OUTPUT, (output, ""), (*n, 0))?;
        }
        add(kind, key, measure::PROGRAMME, (&row.programme_id, ""), (0, 0))?;
        // A donor's scope holds only that donor's money.
        for f in facts.funding.iter().filter(|f| kind != scope::DONOR || f.donor == key) {
            add(kind, key, measure::FUNDING, (&f.donor, &f.currency), (0, f.amount_minor))?;
        }
        if kind != scope::COUNTRY {
            for c in &facts.countries {
                add(kind, key, measure::COUNTRY, (&c.country, row.kind), (0, 0))?;
            }
        }
    }
    Ok(())
}

/// Adds `delta` to the cells of `generation`, deleting the cells no activity contributes to
/// any more, so the live cells equal those a replay writes. Counts are added in SQL; money is
/// text (see [`crate::amounts`]), so each funding cell's new amount is computed here from the
/// stored one: safe, as the projector holds the state row for the whole batch.
pub async fn apply_delta(tx: &mut Tx, generation: i64, delta: Cells) -> Result<(), StoreError> {
    let mut changes: Vec<_> = delta.into_iter().filter(|(_, t)| *t != Tally::default()).collect();
    // A fixed order takes row locks in the same order in every writer.
    changes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for part in changes.chunks(CHUNK) {
        let stored = stored_money(tx, generation, part).await?;
        let mut updates = Vec::with_capacity(part.len());
        for (key, change) in part {
            let money = match stored.get(&key_columns(key)) {
                Some(money) => money.checked_add(change.money).ok_or(Overflow("a summary cell's amount"))?,
                None => change.money,
            };
            updates.push((key.clone(), Tally { money, ..*change }));
        }
        tatrack_store::on_tx!(tx, |conn| {
            let mut insert = cells_insert(generation, &updates);
            insert.push(
                " ON CONFLICT (generation, scope_kind, scope_key, month, measure, dim, dim2) DO UPDATE SET \
                 amount = rm_summary_cells.amount + excluded.amount, money = excluded.money, \
                 activities = rm_summary_cells.activities + excluded.activities",
            );
            insert.build().execute(&mut *conn).await?;
        });
        let emptied: Vec<_> = part.iter().filter(|(_, t)| t.activities < 0).map(|(key, _)| key).collect();
        if emptied.is_empty() {
            continue;
        }
        delete_emptied(tx, generation, &emptied).await?;
    }
    Ok(())
}

/// How a `wanted` list of keys (`w`) meets the cells (`c`), after `c.generation = ..`.
const KEY_JOIN: &str =
    " AND c.scope_kind = w.scope_kind AND c.scope_key = w.scope_key AND c.month = w.month \
     AND c.measure = w.measure AND c.dim = w.dim AND c.dim2 = w.dim2";

/// Deletes the cells among `keys` that no activity contributes to any more. The keys join as a
/// `VALUES` list, so each is one primary-key lookup: a row-value `IN` list, or one condition per
/// key joined by OR past a handful of keys, had SQLite scan every cell of the generation (0.5 s
/// at 1,000,000 events, on the single writer, in every batch that emptied a cell).
async fn delete_emptied(tx: &mut Tx, generation: i64, keys: &[&CellKey]) -> Result<(), StoreError> {
    let sqlite = matches!(tx, Tx::Sqlite(..));
    tatrack_store::on_tx!(tx, |conn| {
        let mut delete = sqlx::QueryBuilder::new(
            "WITH wanted (scope_kind, scope_key, month, measure, dim, dim2) AS (VALUES ",
        );
        push_key_tuples(&mut delete, keys);
        if sqlite {
            // SQLite has no DELETE ... USING: the rows go by rowid.
            delete.push(
                ") DELETE FROM rm_summary_cells WHERE activities = 0 AND rowid IN \
                 (SELECT c.rowid FROM wanted w JOIN rm_summary_cells c ON c.generation = ",
            );
            delete.push_bind(generation);
            delete.push(KEY_JOIN);
            delete.push(")");
        } else {
            delete.push(
                ") DELETE FROM rm_summary_cells c USING wanted w WHERE c.activities = 0 AND c.generation = ",
            );
            delete.push_bind(generation);
            delete.push(KEY_JOIN);
        }
        delete.build().execute(&mut *conn).await?;
    });
    Ok(())
}

/// A cell's key columns as stored, to match rows read back.
type KeyColumns = (String, String, String, String, String, String);

fn key_columns(key: &CellKey) -> KeyColumns {
    (
        key.scope_kind.to_owned(),
        key.scope_key.clone(),
        key.month.clone(),
        key.measure.to_owned(),
        key.dim.clone(),
        key.dim2.clone(),
    )
}

/// The stored amounts of the funding cells among `part`. The keys join as a `VALUES` list, so
/// each is one primary-key lookup: a row-value `IN` list scanned every funding cell of a scope
/// on PostgreSQL (1.1 s for 138 keys on 215,000 cells, against well under 1 ms).
async fn stored_money(
    tx: &mut Tx,
    generation: i64,
    part: &[(CellKey, Tally)],
) -> Result<HashMap<KeyColumns, i128>, StoreError> {
    let funding: Vec<_> =
        part.iter().filter(|(k, _)| k.measure == measure::FUNDING).map(|(k, _)| k).collect();
    if funding.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(String, String, String, String, String, String, String)> =
        tatrack_store::on_tx!(tx, |conn| {
            let mut select = sqlx::QueryBuilder::new(
                "WITH wanted (scope_kind, scope_key, month, measure, dim, dim2) AS (VALUES ",
            );
            push_key_tuples(&mut select, &funding);
            select.push(
                ") SELECT c.scope_kind, c.scope_key, c.month, c.measure, c.dim, c.dim2, c.money \
             FROM wanted w JOIN rm_summary_cells c ON c.generation = ",
            );
            select.push_bind(generation);
            select.push(KEY_JOIN);
            select.build_query_as().fetch_all(&mut *conn).await?
        });
    rows.into_iter()
        .map(|(kind, key, month, measure, dim, dim2, money)| {
            Ok(((kind, key, month, measure, dim, dim2), parse_minor(&money)?))
        })
        .collect()
}

/// `(...), (...)`: the key columns of each of `keys`, bound.
fn push_key_tuples<'a, DB: sqlx::Database>(query: &mut sqlx::QueryBuilder<'a, DB>, keys: &[&'a CellKey])
where
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let mut list = query.separated(", ");
    for key in keys {
        let columns = [key.scope_kind, &key.scope_key, &key.month, key.measure, &key.dim, &key.dim2];
        list.push("(");
        for (at, column) in columns.into_iter().enumerate() {
            if at > 0 {
                list.push_unseparated(", ");
            }
            list.push_bind_unseparated(column);
        }
        list.push_unseparated(")");
    }
}

/// Inserts `cells` into `generation`, which holds none of them yet (a replay).
pub async fn insert(tx: &mut Tx, generation: i64, cells: &[(CellKey, Tally)]) -> Result<(), StoreError> {
    for part in cells.chunks(CHUNK) {
        tatrack_store::on_tx!(tx, |conn| {
            cells_insert(generation, part).build().execute(&mut *conn).await?;
        });
    }
    Ok(())
}

fn cells_insert<'a, DB: sqlx::Database>(
    generation: i64,
    cells: &'a [(CellKey, Tally)],
) -> sqlx::QueryBuilder<'a, DB>
where
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let mut insert = sqlx::QueryBuilder::new(
        "INSERT INTO rm_summary_cells (generation, scope_kind, scope_key, month, measure, dim, dim2, amount, \
         money, activities) ",
    );
    insert.push_values(cells, |mut b, (key, tally)| {
        b.push_bind(generation)
            .push_bind(key.scope_kind)
            .push_bind(key.scope_key.as_str())
            .push_bind(key.month.as_str())
            .push_bind(key.measure)
            .push_bind(key.dim.as_str())
            .push_bind(key.dim2.as_str())
            .push_bind(tally.amount)
            .push_bind(tally.money.to_string())
            .push_bind(tally.activities);
    });
    insert
}

/// Gives the active generation its cells if it was written before cells existed (it has
/// activities and no cells), from the activities' recorded states. Returns whether it did.
pub async fn backfill(db: &Db) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    // Holding the state row keeps the projector out until the cells are complete.
    let state = crate::state::read_state(&mut tx, true).await?;
    let sql = "SELECT EXISTS (SELECT 1 FROM rm_activities WHERE generation = $1) \
               AND NOT EXISTS (SELECT 1 FROM rm_summary_cells WHERE generation = $1)";
    let missing: bool = tatrack_store::on_tx!(&mut tx, |conn| sqlx::query_scalar(sql)
        .bind(state.generation)
        .fetch_one(conn)
        .await?);
    if !missing {
        return Ok(false);
    }
    let states: Vec<String> = tatrack_store::on_tx!(&mut tx, |conn| sqlx::query_scalar(
        "SELECT state FROM rm_activities WHERE generation = $1"
    )
    .bind(state.generation)
    .fetch_all(&mut *conn)
    .await?);
    let mut all = Cells::new();
    for json in states {
        let activity: Activity = serde_json::from_str(&json).map_err(|e| {
            StoreError::Query(sqlx::Error::Decode(format!("an activity's state: {e}").into()))
        })?;
        if let Some(record) = activity.record() {
            add_activity(&mut all, &activity_facts(record)?, 1)?;
        }
    }
    let mut all: Vec<_> = all.into_iter().collect();
    all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    insert(&mut tx, state.generation, &all).await?;
    tx.commit().await?;
    Ok(true)
}
