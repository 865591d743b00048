//! Summary cells: what the activities of one scope add up to in one month, kept up to date by
//! the projector, so a summary sums a few hundred rows instead of joining every activity.
//!
//! A cell is one measure of one scope (country, programme or donor) in the month of the
//! activities' date, broken down by up to two dimensions, with the number of activities that
//! contribute to it. That count keeps the rules of the summary queries exact: a kind, an output,
//! an institution or a donor appears in a summary when an activity contributes to it, even if
//! the amounts add up to zero. A cell no activity contributes to is deleted.
//!
//! Cells follow the counting rules in [`crate::facts`]; the query-time reading of the detail
//! tables in [`crate::queries`] states the same rules in SQL, and a test holds the two equal.

use std::collections::HashMap;

use tatrack_domain::Activity;

use crate::facts::{activity_facts, ActivityFacts};
use crate::store::{Db, StoreError, Tx};

/// Cells per multi-row statement (SQLite allows 32,766 parameters; a cell has 9 columns).
const CHUNK: usize = 1_000;

/// The measures a cell can hold; their names are stored.
pub mod measure {
    /// Activities by status (`dim`) and kind (`dim2`), cancelled included.
    pub const STATUS: &str = "status";
    /// Participants by sex, or `unattributed` (`dim`).
    pub const PEOPLE: &str = "people";
    pub const INSTITUTION: &str = "institution";
    pub const OUTPUT: &str = "output";
    /// Programme ids (`dim`) of counted activities.
    pub const PROGRAMME: &str = "programme";
    /// Standing funding by donor (`dim`) and currency (`dim2`), in minor units.
    pub const FUNDING: &str = "funding";
    /// Countries reached (`dim`), in programme and donor scopes.
    pub const COUNTRY: &str = "country";
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
    /// `YYYY-MM`.
    pub month: String,
    pub measure: &'static str,
    pub dim: String,
    pub dim2: String,
}

/// A cell's value: an amount and the number of activities behind it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub amount: i64,
    pub activities: i64,
}

/// Cells keyed by what they count; also used for the differences the projector writes.
pub type Cells = HashMap<CellKey, Tally>;

/// Adds one activity's cells to `cells`, each multiplied by `sign` (1 to add, -1 to remove).
pub fn add_activity(cells: &mut Cells, facts: &ActivityFacts, sign: i64) {
    let row = &facts.row;
    let month = row.date_key.get(..7).unwrap_or(&row.date_key).to_owned();
    let counted = row.status != "cancelled";
    let mut add = |scope_kind: &'static str,
                   scope_key: &str,
                   measure: &'static str,
                   dim: &str,
                   dim2: &str,
                   amount: i64| {
        let key = CellKey {
            scope_kind,
            scope_key: scope_key.to_owned(),
            month: month.clone(),
            measure,
            dim: dim.to_owned(),
            dim2: dim2.to_owned(),
        };
        let tally = cells.entry(key).or_default();
        tally.amount += sign * amount;
        tally.activities += sign;
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
        add(kind, key, measure::STATUS, row.status, row.kind, 1);
        if !counted {
            continue;
        }
        for (dim, amount) in ["female", "male", "other", "unattributed"].into_iter().zip(people) {
            add(kind, key, measure::PEOPLE, dim, "", amount);
        }
        // A regional activity's institution breakdown says nothing about any one country.
        if kind != scope::COUNTRY || row.country_count == 1 {
            for (institution, n) in &facts.institutions {
                add(kind, key, measure::INSTITUTION, institution, "", *n);
            }
        }
        for (output, n) in &facts.outputs {
            add(kind, key, measure::OUTPUT, output, "", *n);
        }
        add(kind, key, measure::PROGRAMME, &row.programme_id, "", 0);
        // A donor's scope holds only that donor's money.
        for f in facts.funding.iter().filter(|f| kind != scope::DONOR || f.donor == key) {
            add(kind, key, measure::FUNDING, &f.donor, &f.currency, f.amount_minor);
        }
        if kind != scope::COUNTRY {
            for c in &facts.countries {
                add(kind, key, measure::COUNTRY, &c.country, "", 0);
            }
        }
    }
}

/// Adds `delta` to the cells of `generation`, deleting the cells no activity contributes to
/// any more, so the live cells equal those a replay writes.
pub async fn apply_delta(tx: &mut Tx, generation: i64, delta: Cells) -> Result<(), StoreError> {
    let mut changes: Vec<_> = delta.into_iter().filter(|(_, t)| *t != Tally::default()).collect();
    // A fixed order takes row locks in the same order in every writer.
    changes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for part in changes.chunks(CHUNK) {
        crate::on_tx!(tx, |conn| {
            let mut insert = cells_insert(generation, part);
            insert.push(
                " ON CONFLICT (generation, scope_kind, scope_key, month, measure, dim, dim2) DO UPDATE SET \
                 amount = rm_summary_cells.amount + excluded.amount, \
                 activities = rm_summary_cells.activities + excluded.activities",
            );
            insert.build().execute(&mut *conn).await?;
        });
        let emptied: Vec<_> = part.iter().filter(|(_, t)| t.activities < 0).collect();
        if emptied.is_empty() {
            continue;
        }
        crate::on_tx!(tx, |conn| {
            let mut delete = sqlx::QueryBuilder::new("DELETE FROM rm_summary_cells WHERE generation = ");
            delete.push_bind(generation);
            delete.push(" AND activities = 0 AND (scope_kind, scope_key, month, measure, dim, dim2) IN (");
            let mut keys = delete.separated(", ");
            for (key, _) in &emptied {
                keys.push("(");
                keys.push_bind_unseparated(key.scope_kind);
                keys.push_unseparated(", ");
                keys.push_bind_unseparated(&key.scope_key);
                keys.push_unseparated(", ");
                keys.push_bind_unseparated(&key.month);
                keys.push_unseparated(", ");
                keys.push_bind_unseparated(key.measure);
                keys.push_unseparated(", ");
                keys.push_bind_unseparated(&key.dim);
                keys.push_unseparated(", ");
                keys.push_bind_unseparated(&key.dim2);
                keys.push_unseparated(")");
            }
            delete.push(")");
            delete.build().execute(&mut *conn).await?;
        });
    }
    Ok(())
}

/// Inserts `cells` into `generation`, which holds none of them yet (a replay).
pub async fn insert(tx: &mut Tx, generation: i64, cells: &[(CellKey, Tally)]) -> Result<(), StoreError> {
    for part in cells.chunks(CHUNK) {
        crate::on_tx!(tx, |conn| {
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
         activities) ",
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
            .push_bind(tally.activities);
    });
    insert
}

/// Gives the active generation its cells if it was written before cells existed (it has
/// activities and no cells), from the activities' recorded states. Returns whether it did.
pub async fn backfill(db: &Db) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    // Holding the state row keeps the projector out until the cells are complete.
    let state = crate::projector::read_state(&mut tx, true).await?;
    let sql = "SELECT EXISTS (SELECT 1 FROM rm_activities WHERE generation = $1) \
               AND NOT EXISTS (SELECT 1 FROM rm_summary_cells WHERE generation = $1)";
    let missing: bool =
        crate::on_tx!(&mut tx, |conn| sqlx::query_scalar(sql).bind(state.generation).fetch_one(conn).await?);
    if !missing {
        return Ok(false);
    }
    let states: Vec<String> = crate::on_tx!(&mut tx, |conn| sqlx::query_scalar(
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
            add_activity(&mut all, &activity_facts(record), 1);
        }
    }
    let mut all: Vec<_> = all.into_iter().collect();
    all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    insert(&mut tx, state.generation, &all).await?;
    tx.commit().await?;
    Ok(true)
}
