//! The catch-up projector: applies the event log, in commit order, to the read models.
//!
//! Each batch reads the events after the checkpoint, applies them, and writes the read models
//! and the new checkpoint in one transaction, so a crash never applies an event twice or skips
//! one. The state row is locked for the batch, so two projectors (or a projector and a replay
//! switching generations) never interleave; on PostgreSQL an advisory lock also elects one
//! projector among replicas, so the others stay idle instead of queueing on that row.
//!
//! This module orchestrates a batch; what it reads and writes lives beside it: the checkpoint
//! in [`crate::state`], the aggregates' rows in the row writers (`rows`), the summary cells in
//! [`crate::cells`], the hash chain in `tatrack-audit`. Every one of them writes in the batch's
//! transaction, which only [`Projector::step`] commits.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use cqrs_es::Aggregate;
use tatrack_domain::events::activity::Attended;
use tatrack_domain::events::ParticipantEvent;
use tatrack_domain::{
    Activity, ActivityEvent, Organisation, OrganisationEvent, Participant, Programme, ProgrammeEvent,
};
use tokio::sync::Notify;

use crate::cells::{self, Cells};
use crate::facts::activity_facts;
use crate::failure::guard;
pub use crate::failure::StepError;
use crate::rows::activities::{delete_activity_rows, load_activities, write_activities};
use crate::rows::load_state;
use crate::rows::participants::ParticipantRow;
use crate::rows::programmes::write_programme;
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
    let mut people = People::default();
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
                if let ActivityEvent::AttendanceRecorded(recorded) = &payload {
                    people.attend(id, recorded.attendees.clone());
                }
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
                    let loaded = crate::rows::organisations::load(tx, generation, id).await?;
                    organisations.push((id, loaded, 0));
                    organisations.len() - 1
                };
                if let Some((_, organisation, version)) = organisations.get_mut(at) {
                    organisation.apply(payload);
                    *version = event.sequence;
                }
            }
            Participant::TYPE => {
                let payload: ParticipantEvent = decode(event)?;
                people.apply(tx, generation, id, payload, event.sequence).await?;
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
        crate::rows::organisations::write(tx, generation, id, organisation, *version).await?;
    }
    people.write(tx, generation).await
}

/// Participants and attendance lists a batch touched, written at its end.
#[derive(Default)]
struct People<'e> {
    /// Participant id -> (row, version), in the order first touched.
    participants: Vec<(&'e str, Option<ParticipantRow>, i64)>,
    /// Activity id -> its last list in the batch.
    attendance: Vec<(&'e str, Vec<Attended>)>,
    /// Participants erased in the batch.
    erased: Vec<&'e str>,
}

impl<'e> People<'e> {
    fn attend(&mut self, activity: &'e str, attendees: Vec<Attended>) {
        match self.attendance.iter_mut().find(|(known, _)| *known == activity) {
            Some(entry) => entry.1 = attendees,
            None => self.attendance.push((activity, attendees)),
        }
    }

    async fn apply(
        &mut self,
        tx: &mut Tx,
        generation: i64,
        id: &'e str,
        event: ParticipantEvent,
        version: i64,
    ) -> Result<(), StoreError> {
        let at = if let Some(at) = self.participants.iter().position(|(known, _, _)| *known == id) {
            at
        } else {
            let loaded = crate::rows::participants::load(tx, generation, id).await?;
            self.participants.push((id, loaded, 0));
            self.participants.len() - 1
        };
        if let Some((_, row, at_version)) = self.participants.get_mut(at) {
            if crate::rows::participants::evolve(row, event) {
                self.erased.push(id);
            }
            *at_version = version;
        }
        Ok(())
    }

    async fn write(self, tx: &mut Tx, generation: i64) -> Result<(), StoreError> {
        for (id, row, version) in &self.participants {
            if let Some(row) = row {
                crate::rows::participants::write(tx, generation, id, row, *version).await?;
            }
        }
        for (activity, attendees) in &self.attendance {
            crate::rows::participants::write_attendance(tx, generation, activity, attendees).await?;
        }
        for id in self.erased {
            crate::rows::participants::forget(tx, id).await?;
        }
        Ok(())
    }
}

pub(crate) fn decode<E: serde::de::DeserializeOwned>(event: &StoredEvent) -> Result<E, StoreError> {
    event.decode().map_err(|e| {
        StoreError::Query(sqlx::Error::Decode(format!("event at position {}: {e}", event.position).into()))
    })
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
    /// Signs the chain's head at intervals while this projector runs (leads), if configured.
    signer: Option<Arc<crate::signer::HeadSigner>>,
}

impl Projector {
    pub fn new(db: Db, wake: Arc<Notify>) -> Self {
        Self { db, wake, prepared: Arc::new(AtomicBool::new(false)), advanced: Arc::default(), signer: None }
    }

    /// Signs the chain's head at `signer`'s intervals while it projects.
    #[must_use]
    pub fn signing(self, signer: Option<Arc<crate::signer::HeadSigner>>) -> Self {
        Self { signer, ..self }
    }

    /// Signs the head when the interval has passed (see [`crate::signer::HeadSigner`]).
    pub async fn sign_when_due(&self) {
        if let Some(signer) = &self.signer {
            signer.sign_when_due(&self.db).await;
        }
    }

    /// Tells `advanced` after each batch it commits (see [`crate::status::wait_for`]).
    #[must_use]
    pub fn announcing(self, advanced: Arc<Notify>) -> Self {
        Self { advanced, ..self }
    }

    /// Once per process, before the first batch: read models written before summary cells or
    /// search rows existed get them (a no-op on any store migrated since).
    async fn prepare(&self) -> Result<(), StoreError> {
        if !self.prepared.load(Ordering::Acquire) {
            if cells::backfill(&self.db).await? {
                tracing::info!("summary cells computed for the active read models");
            }
            let searchable = crate::rows::activities::backfill_search(&self.db).await?;
            if searchable > 0 {
                tracing::info!(activities = searchable, "search rows written for the active read models");
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
        // Locked until this transaction ends: no other projector, and no replay switching
        // generations, moves the checkpoint meanwhile.
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
        // The read models, the links and the checkpoint land together, or none of them does.
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
