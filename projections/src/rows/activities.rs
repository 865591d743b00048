//! An activity's rows: its row in `rm_activities` and its per-country, institution, output,
//! funding and search rows, loaded, deleted and written many per statement.

use std::collections::HashMap;

use tatrack_domain::Activity;

use crate::cells::{self, Cells};
use crate::facts::activity_facts;
use crate::search::SearchRow;
use tatrack_store::db::{push_list, Db, StoreError, Tx};

/// Activities per `IN (...)` list (SQLite allows 32,766 parameters).
const IDS_PER_STATEMENT: usize = 500;

/// The recorded state of each of `ids` that has a row in `generation`.
pub(crate) async fn load_activities(
    tx: &mut Tx,
    generation: i64,
    ids: &[&str],
) -> Result<HashMap<String, Activity>, StoreError> {
    let mut states = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let rows: Vec<(String, String)> = tatrack_store::on_tx!(tx, |conn| {
            let mut query =
                sqlx::QueryBuilder::new("SELECT activity_id, state FROM rm_activities WHERE generation = ");
            query.push_bind(generation).push(" AND activity_id IN ");
            push_list(&mut query, chunk.iter().copied());
            query.build_query_as().fetch_all(conn).await?
        });
        for (id, json) in rows {
            let state = serde_json::from_str(&json).map_err(|e| {
                StoreError::Query(sqlx::Error::Decode(format!("rm_activities state of {id}: {e}").into()))
            })?;
            states.insert(id, state);
        }
    }
    Ok(states)
}

/// Deletes the per-country, institution, output, funding and search rows of `ids`, which the batch
/// writes again from their current records.
pub(crate) async fn delete_activity_rows(
    tx: &mut Tx,
    generation: i64,
    ids: &[&str],
) -> Result<(), StoreError> {
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        for table in [
            "rm_activity_countries",
            "rm_activity_institutions",
            "rm_activity_outputs",
            "rm_activity_funding",
            "rm_activity_search",
        ] {
            tatrack_store::on_tx!(tx, |conn| {
                let mut query = sqlx::QueryBuilder::new(format!("DELETE FROM {table} WHERE generation = "));
                query.push_bind(generation).push(" AND activity_id IN ");
                push_list(&mut query, chunk.iter().copied());
                query.build().execute(conn).await?;
            });
        }
    }
    Ok(())
}

/// Rows per multi-row INSERT of the per-country, institution, output and funding tables
/// (SQLite allows 32,766 parameters; the widest of them has 8 columns).
const ROWS_PER_INSERT: usize = 800;

/// Writes the rows of `activities` (id, state, version, position of its last event) into
/// `generation`, many rows per statement, and adds their cells to `cells`. An activity's row is
/// replaced if it exists; its per-country, institution, output and funding rows must be gone
/// (the live projector deletes them first, a replay writes into an empty generation).
pub(crate) async fn write_activities(
    tx: &mut Tx,
    generation: i64,
    activities: &[(&str, &Activity, i64, i64)],
    cells: &mut Cells,
) -> Result<(), StoreError> {
    let mut rows = Vec::with_capacity(activities.len());
    for &(id, activity, version, position) in activities {
        if let Some(row) = Prepared::of(id, activity, version, position, cells)? {
            rows.push(row);
        }
    }
    insert_activities(tx, generation, &rows).await
}

/// One activity's rows as [`insert_activities`] writes them: its facts and its state as JSON.
pub(crate) struct Prepared {
    id: String,
    facts: crate::facts::ActivityFacts,
    version: i64,
    position: i64,
    state: String,
    search: SearchRow,
}

impl Prepared {
    /// The rows of one activity (`None` before its plan: nothing to show), its cells added to
    /// `cells`. Pure computation, so a replay runs it beside its writes.
    pub(crate) fn of(
        id: &str,
        activity: &Activity,
        version: i64,
        position: i64,
        cells: &mut Cells,
    ) -> Result<Option<Self>, StoreError> {
        // Events before a plan cannot exist (the domain refuses them); nothing to show without one.
        let Some(record) = activity.record() else { return Ok(None) };
        let state = serde_json::to_string(activity)
            .map_err(|e| StoreError::Query(sqlx::Error::Encode(Box::new(e))))?;
        let facts = activity_facts(record)?;
        cells::add_activity(cells, &facts, 1)?;
        let search = SearchRow::of(record);
        Ok(Some(Self { id: id.to_owned(), facts, version, position, state, search }))
    }
}

/// Inserts prepared activities into `generation`, many rows per statement (see
/// [`write_activities`]).
pub(crate) async fn insert_activities(
    tx: &mut Tx,
    generation: i64,
    rows: &[Prepared],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let countries: Vec<_> = rows
        .iter()
        .flat_map(|p| p.facts.countries.iter().map(move |c| (p.id.as_str(), &p.facts.row.date_key, c)))
        .collect();
    let institutions: Vec<_> =
        rows.iter().flat_map(|p| p.facts.institutions.iter().map(move |i| (p.id.as_str(), i))).collect();
    let outputs: Vec<_> =
        rows.iter().flat_map(|p| p.facts.outputs.iter().map(move |o| (p.id.as_str(), o))).collect();
    let funding: Vec<_> = rows
        .iter()
        .flat_map(|p| p.facts.funding.iter().map(move |x| (p.id.as_str(), &p.facts.row.date_key, x)))
        .collect();
    tatrack_store::on_tx!(tx, |conn| {
        let mut insert = sqlx::QueryBuilder::new(
            "INSERT INTO rm_activities (generation, activity_id, programme_id, kind, status, title, location, \
             countries, country_count, date_key, planned_start, planned_end, delivery_start, delivery_end, \
             female, male, other, participants_total, donors, version, last_position, state) ",
        );
        insert.push_values(rows, |mut b, p| {
            let r = &p.facts.row;
            b.push_bind(generation)
                .push_bind(p.id.as_str())
                .push_bind(&r.programme_id)
                .push_bind(r.kind)
                .push_bind(r.status)
                .push_bind(&r.title)
                .push_bind(&r.location)
                .push_bind(&r.countries)
                .push_bind(r.country_count)
                .push_bind(&r.date_key)
                .push_bind(&r.planned_start)
                .push_bind(&r.planned_end)
                .push_bind(&r.delivery_start)
                .push_bind(&r.delivery_end)
                .push_bind(r.female)
                .push_bind(r.male)
                .push_bind(r.other)
                .push_bind(r.participants_total)
                .push_bind(&r.donors)
                .push_bind(p.version)
                .push_bind(p.position)
                .push_bind(p.state.as_str());
        });
        insert.push(
            " ON CONFLICT (generation, activity_id) DO UPDATE SET programme_id = excluded.programme_id, \
             kind = excluded.kind, status = excluded.status, title = excluded.title, location = excluded.location, \
             countries = excluded.countries, country_count = excluded.country_count, date_key = excluded.date_key, \
             planned_start = excluded.planned_start, planned_end = excluded.planned_end, \
             delivery_start = excluded.delivery_start, delivery_end = excluded.delivery_end, \
             female = excluded.female, male = excluded.male, other = excluded.other, \
             participants_total = excluded.participants_total, donors = excluded.donors, \
             version = excluded.version, last_position = excluded.last_position, state = excluded.state",
        );
        insert.build().execute(&mut *conn).await?;
        for part in countries.chunks(ROWS_PER_INSERT) {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO rm_activity_countries (generation, activity_id, country, date_key, female, male, \
                 other, unattributed) ",
            );
            insert.push_values(part, |mut b, (id, date_key, c)| {
                b.push_bind(generation)
                    .push_bind(*id)
                    .push_bind(&c.country)
                    .push_bind(*date_key)
                    .push_bind(c.female)
                    .push_bind(c.male)
                    .push_bind(c.other)
                    .push_bind(c.unattributed);
            });
            insert.build().execute(&mut *conn).await?;
        }
        for part in funding.chunks(ROWS_PER_INSERT) {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO rm_activity_funding (generation, activity_id, donor, currency, amount_minor, date_key) ",
            );
            insert.push_values(part, |mut b, (id, date_key, f)| {
                b.push_bind(generation)
                    .push_bind(*id)
                    .push_bind(&f.donor)
                    .push_bind(&f.currency)
                    .push_bind(f.amount_minor.to_string())
                    .push_bind(*date_key);
            });
            insert.build().execute(&mut *conn).await?;
        }
    });
    let searched: Vec<_> = rows.iter().map(|p| (p.id.as_str(), &p.search)).collect();
    crate::search::insert(tx, generation, &searched).await?;
    let institutions_table = "rm_activity_institutions (generation, activity_id, institution, participants)";
    insert_counts(tx, generation, institutions_table, &institutions).await?;
    insert_counts(tx, generation, "rm_activity_outputs (generation, activity_id, kind, outputs)", &outputs)
        .await
}

/// Inserts `(activity id, (name, count))` rows into `table` (with its columns: the generation,
/// the activity id, a name and a count), many rows per statement.
async fn insert_counts(
    tx: &mut Tx,
    generation: i64,
    table: &str,
    rows: &[(&str, &(String, i64))],
) -> Result<(), StoreError> {
    for part in rows.chunks(ROWS_PER_INSERT) {
        tatrack_store::on_tx!(tx, |conn| {
            let mut insert = sqlx::QueryBuilder::new(format!("INSERT INTO {table} "));
            insert.push_values(part, |mut b, (id, (name, n))| {
                b.push_bind(generation).push_bind(*id).push_bind(name).push_bind(*n);
            });
            insert.build().execute(conn).await?;
        });
    }
    Ok(())
}

/// Activities per backfill statement.
const BACKFILL_CHUNK: i64 = 1_000;

/// Gives the active generation's activities that have no search row one (those projected
/// before search existed), from their recorded states; a no-op once every activity has one.
/// Returns how many it wrote.
pub(crate) async fn backfill_search(db: &Db) -> Result<usize, StoreError> {
    let mut tx = db.begin_write().await?;
    // Holding the state row keeps the projector out until the rows are complete.
    let state = crate::state::read_state(&mut tx, true).await?;
    let sql = "SELECT a.activity_id FROM rm_activities a WHERE a.generation = $1 AND NOT EXISTS \
               (SELECT 1 FROM rm_activity_search s WHERE s.generation = a.generation AND s.activity_id = a.activity_id) \
               ORDER BY a.activity_id LIMIT $2";
    let mut written = 0;
    loop {
        let ids: Vec<String> = tatrack_store::on_tx!(&mut tx, |conn| sqlx::query_scalar(sql)
            .bind(state.generation)
            .bind(BACKFILL_CHUNK)
            .fetch_all(&mut *conn)
            .await?);
        if ids.is_empty() {
            break;
        }
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let states = load_activities(&mut tx, state.generation, &ids).await?;
        let rows: Vec<(&str, SearchRow)> = states
            .iter()
            .filter_map(|(id, activity)| Some((id.as_str(), SearchRow::of(activity.record()?))))
            .collect();
        if rows.len() < ids.len() {
            // An activity row without a record cannot exist (rows are written from a plan on).
            return Err(StoreError::Query(sqlx::Error::Protocol("an activity row holds no record".into())));
        }
        let refs: Vec<(&str, &SearchRow)> = rows.iter().map(|(id, row)| (*id, row)).collect();
        crate::search::insert(&mut tx, state.generation, &refs).await?;
        written += rows.len();
    }
    tx.commit().await?;
    Ok(written)
}
