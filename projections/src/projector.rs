//! The catch-up projector: applies the event log, in commit order, to the read models.
//!
//! Each batch reads the events after the checkpoint, applies them, and writes the read models
//! and the new checkpoint in one transaction, so a crash never applies an event twice or skips
//! one. The state row is locked for the batch, so two projectors (or a projector and a replay
//! switching generations) never interleave; on PostgreSQL an advisory lock also elects one
//! projector among replicas, so the others stay idle instead of queueing on that row.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use cqrs_es::Aggregate;
use tatrack_domain::{Activity, ActivityEvent, Organisation, OrganisationEvent, Programme, ProgrammeEvent};
use tokio::sync::Notify;

use crate::cells::{self, Cells};
use crate::facts::{activity_facts, contribution_facts};
use crate::failure::guard;
pub use crate::failure::StepError;
use crate::state::{read_state, write_state, ProjectionState};
use tatrack_store::db::{Db, StoreError, Tx};
use tatrack_store::log::{committed_after, Checkpoint, StoredEvent};

/// Events per live batch: large enough to amortise a commit, small enough to keep lag low.
pub const LIVE_BATCH: i64 = 1_000;

/// Applies `events` (in commit order) to the read models of `generation`.
pub async fn apply(tx: &mut Tx, generation: i64, events: &[StoredEvent]) -> Result<(), StoreError> {
    let mut activities: HashMap<&str, (Activity, i64, i64)> = HashMap::new();
    let mut programmes: HashMap<&str, Programme> = HashMap::new();
    // Organisation id -> (state, version), in the order first touched.
    let mut organisations: Vec<(&str, Organisation, i64)> = Vec::new();
    // What the summary cells lose and gain: each touched activity's cells before the batch
    // leave, its cells after the batch arrive.
    let mut delta = Cells::new();
    // The batch's activities are loaded in a few statements, not one each: on SQLite every
    // statement here is made while commands wait for the write lock.
    let ids: Vec<&str> = {
        let mut ids: Vec<&str> = events
            .iter()
            .filter(|e| e.aggregate_type == Activity::TYPE)
            .map(|e| e.aggregate_id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let mut loaded = load_activities(tx, generation, &ids).await?;
    for event in events {
        let id = event.aggregate_id.as_str();
        match event.aggregate_type.as_str() {
            Activity::TYPE => {
                let payload: ActivityEvent = decode(event)?;
                if !activities.contains_key(id) {
                    let before = loaded.remove(id).unwrap_or_default();
                    if let Some(record) = before.record() {
                        cells::add_activity(&mut delta, &activity_facts(record)?, -1)?;
                    }
                    activities.insert(id, (before, 0, 0));
                }
                if let Some((activity, version, position)) = activities.get_mut(id) {
                    activity.apply(payload);
                    *version = event.sequence;
                    *position = event.position;
                }
            }
            Programme::TYPE => {
                let payload: ProgrammeEvent = decode(event)?;
                if !programmes.contains_key(id) {
                    let loaded = load_state(tx, "rm_programmes", "programme_id", generation, id).await?;
                    programmes.insert(id, loaded);
                }
                if let Some(programme) = programmes.get_mut(id) {
                    programme.apply(payload);
                }
            }
            Organisation::TYPE => {
                let payload: OrganisationEvent = decode(event)?;
                let at = if let Some(at) = organisations.iter().position(|(known, _, _)| *known == id) {
                    at
                } else {
                    let loaded = crate::organisations::load(tx, generation, id).await?;
                    organisations.push((id, loaded, 0));
                    organisations.len() - 1
                };
                if let Some((_, organisation, version)) = organisations.get_mut(at) {
                    organisation.apply(payload);
                    *version = event.sequence;
                }
            }
            // Events of aggregates without read models (tokens) pass through.
            _ => {}
        }
    }
    delete_activity_rows(tx, generation, &ids).await?;
    let rows: Vec<(&str, &Activity, i64, i64)> = activities
        .iter()
        .map(|(id, (activity, version, position))| (*id, activity, *version, *position))
        .collect();
    write_activities(tx, generation, &rows, &mut delta).await?;
    cells::apply_delta(tx, generation, delta).await?;
    for (id, programme) in &programmes {
        write_programme(tx, generation, id, programme).await?;
    }
    for (id, organisation, version) in &organisations {
        crate::organisations::write(tx, generation, id, organisation, *version).await?;
    }
    Ok(())
}

pub(crate) fn decode<E: serde::de::DeserializeOwned>(event: &StoredEvent) -> Result<E, StoreError> {
    event.decode().map_err(|e| {
        StoreError::Query(sqlx::Error::Decode(format!("event at position {}: {e}", event.position).into()))
    })
}

async fn load_state<A: Default + serde::de::DeserializeOwned>(
    tx: &mut Tx,
    table: &str,
    key: &str,
    generation: i64,
    id: &str,
) -> Result<A, StoreError> {
    let sql = format!("SELECT state FROM {table} WHERE generation = $1 AND {key} = $2");
    let state: Option<String> = tatrack_store::on_tx!(tx, |conn| sqlx::query_scalar(&sql)
        .bind(generation)
        .bind(id)
        .fetch_optional(conn)
        .await?);
    match state {
        None => Ok(A::default()),
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            StoreError::Query(sqlx::Error::Decode(format!("{table} state of {id}: {e}").into()))
        }),
    }
}

/// Activities per `IN (...)` list (SQLite allows 32,766 parameters).
const IDS_PER_STATEMENT: usize = 500;

/// The recorded state of each of `ids` that has a row in `generation`.
async fn load_activities(
    tx: &mut Tx,
    generation: i64,
    ids: &[&str],
) -> Result<HashMap<String, Activity>, StoreError> {
    let mut states = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let rows: Vec<(String, String)> = tatrack_store::on_tx!(tx, |conn| {
            let mut query =
                sqlx::QueryBuilder::new("SELECT activity_id, state FROM rm_activities WHERE generation = ");
            query.push_bind(generation).push(" AND activity_id IN (");
            let mut list = query.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            query.push(")");
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

/// Deletes the per-country, institution, output and funding rows of `ids`, which the batch
/// writes again from their current records.
async fn delete_activity_rows(tx: &mut Tx, generation: i64, ids: &[&str]) -> Result<(), StoreError> {
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        for table in [
            "rm_activity_countries",
            "rm_activity_institutions",
            "rm_activity_outputs",
            "rm_activity_funding",
        ] {
            tatrack_store::on_tx!(tx, |conn| {
                let mut query = sqlx::QueryBuilder::new(format!("DELETE FROM {table} WHERE generation = "));
                query.push_bind(generation).push(" AND activity_id IN (");
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(*id);
                }
                query.push(")");
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
        Ok(Some(Self { id: id.to_owned(), facts, version, position, state }))
    }
}

#[expect(clippy::too_many_lines, reason = "one INSERT per table, each naming its columns")]
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
        for part in institutions.chunks(ROWS_PER_INSERT) {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO rm_activity_institutions (generation, activity_id, institution, participants) ",
            );
            insert.push_values(part, |mut b, (id, (institution, n))| {
                b.push_bind(generation).push_bind(*id).push_bind(institution).push_bind(*n);
            });
            insert.build().execute(&mut *conn).await?;
        }
        for part in outputs.chunks(ROWS_PER_INSERT) {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO rm_activity_outputs (generation, activity_id, kind, outputs) ",
            );
            insert.push_values(part, |mut b, (id, (kind, n))| {
                b.push_bind(generation).push_bind(*id).push_bind(kind).push_bind(*n);
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
    Ok(())
}

pub(crate) async fn write_programme(
    tx: &mut Tx,
    generation: i64,
    id: &str,
    programme: &Programme,
) -> Result<(), StoreError> {
    let Some(record) = programme.record() else { return Ok(()) };
    let state =
        serde_json::to_string(programme).map_err(|e| StoreError::Query(sqlx::Error::Encode(Box::new(e))))?;
    let registration = &record.registration;
    let contributions = contribution_facts(record)?;
    tatrack_store::on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO rm_programmes (generation, programme_id, code, name, thematic_area, state) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (generation, programme_id) DO UPDATE SET \
             code = excluded.code, name = excluded.name, thematic_area = excluded.thematic_area, state = excluded.state",
        )
        .bind(generation)
        .bind(id)
        .bind(registration.code.as_str())
        .bind(registration.name.as_str())
        .bind(registration.thematic_area.as_str())
        .bind(&state)
        .execute(&mut *conn)
        .await?;
        sqlx::query("DELETE FROM rm_programme_contributions WHERE generation = $1 AND programme_id = $2")
            .bind(generation)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        for (seq, c) in (0_i64..).zip(&contributions) {
            sqlx::query(
                "INSERT INTO rm_programme_contributions (generation, programme_id, seq, donor, currency, \
                 amount_minor, received_on) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(generation)
            .bind(id)
            .bind(seq)
            .bind(&c.donor)
            .bind(&c.currency)
            .bind(c.amount_minor.to_string())
            .bind(&c.received_on)
            .execute(&mut *conn)
            .await?;
        }
    });
    Ok(())
}

/// Applies `events`, turning a panic in the domain or the counting rules into an error, so one
/// stored event can never take the projector task down with it.
async fn apply_guarded(tx: &mut Tx, generation: i64, events: &[StoredEvent]) -> Result<(), StepError> {
    let first = events.first().map_or(0, |e| e.position);
    // The transaction is rolled back by the caller whatever state a panic left it in.
    guard(apply(tx, generation, events), first, events.len()).await
}

/// Runs batches against the active generation until the log holds nothing more to apply.
#[derive(Clone)]
pub struct Projector {
    db: Db,
    /// Woken by the command path after each append, so the read models follow within
    /// milliseconds instead of a poll interval.
    wake: Arc<Notify>,
    /// Whether this process has done the catch-up work that precedes the first batch.
    prepared: Arc<AtomicBool>,
    /// Told after each batch commits, so requests waiting for a position look again at once.
    advanced: Arc<Notify>,
}

impl Projector {
    pub fn new(db: Db, wake: Arc<Notify>) -> Self {
        Self { db, wake, prepared: Arc::new(AtomicBool::new(false)), advanced: Arc::default() }
    }

    /// Tells `advanced` after each batch it commits (see [`crate::status::wait_for`]).
    #[must_use]
    pub fn announcing(self, advanced: Arc<Notify>) -> Self {
        Self { advanced, ..self }
    }

    /// Once per process, before the first batch: read models written before summary cells
    /// existed get their cells (a no-op on any store migrated since).
    async fn prepare(&self) -> Result<(), StoreError> {
        if !self.prepared.load(Ordering::Acquire) {
            if cells::backfill(&self.db).await? {
                tracing::info!("summary cells computed for the active read models");
            }
            self.prepared.store(true, Ordering::Release);
        }
        Ok(())
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Resolves when a command appended events (or spuriously); the runner also polls.
    pub async fn appended(&self) {
        self.wake.notified().await;
    }

    /// Applies one batch of at most `limit` events; returns how many it applied (0: caught up).
    pub async fn step(&self, limit: i64) -> Result<usize, StepError> {
        self.prepare().await?;
        let mut tx = self.db.begin_write().await?;
        let state = read_state(&mut tx, true).await?;
        // A log older than the chain gets its links up to the checkpoint once; after that this
        // finds nothing to do.
        tatrack_audit::link_until(&mut tx, state.checkpoint).await?;
        let events = committed_after(&mut tx, state.checkpoint, limit).await?;
        let Some(last) = events.last() else { return Ok(0) };
        apply_guarded(&mut tx, state.generation, &events).await?;
        // The hash chain follows the checkpoint in the same transaction: never ahead, never behind.
        tatrack_audit::link_events(&mut tx, &events).await?;
        let events_applied = i64::try_from(events.len())
            .ok()
            .and_then(|n| state.events_applied.checked_add(n))
            .ok_or_else(|| StepError::Apply {
                first: events[0].position,
                events: events.len(),
                reason: "the count of applied events overflows".into(),
            })?;
        let next = ProjectionState { checkpoint: Checkpoint::of(last), events_applied, ..state };
        write_state(&mut tx, next).await?;
        tx.commit().await?;
        self.advanced.notify_waiters();
        Ok(events.len())
    }

    /// Applies batches until caught up; returns the number of events applied.
    pub async fn catch_up(&self) -> Result<usize, StepError> {
        let mut total = 0;
        loop {
            let applied = self.step(LIVE_BATCH).await?;
            if applied == 0 {
                return Ok(total);
            }
            total += applied;
        }
    }
}
