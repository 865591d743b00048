//! The fast path of a replay from scratch: fold every aggregate in memory first, then write each
//! one's rows once, many rows per statement.
//!
//! The live projector loads, deletes and rewrites an aggregate's rows for every batch that
//! touches it; a replay of a million events would repeat that twenty times per activity. Here an
//! activity costs one row in each table it appears in, inserted a thousand at a time, computed on a
//! thread of its own while the rows before it are written.

use std::collections::HashMap;

use cqrs_es::Aggregate;
use tatrack_domain::{Activity, ActivityEvent, Organisation, OrganisationEvent, Programme, ProgrammeEvent};

use tokio::sync::mpsc;

use crate::cells::{CellKey, Cells, Tally};
use crate::projector::{insert_activities, Prepared};
use tatrack_store::db::{Db, StoreError, Tx};
use tatrack_store::log::EventRow;

/// Activities per multi-row INSERT (SQLite allows 32,766 parameters; the widest table has 22
/// columns), and per hand-off from the thread that computes their rows to the writer.
const CHUNK: usize = 1_000;
/// Hand-offs in flight between that thread and the writer.
const IN_FLIGHT: usize = 4;
/// Rows (about) per transaction of the writer: one commit per few thousand aggregates, so a
/// live server's writers wait for a fraction of a second at most.
const ROWS_PER_TRANSACTION: usize = 25_000;

/// Every aggregate with a read model, as the events so far built it.
#[derive(Default)]
pub struct Folded {
    /// Activity id -> (state, version, position of its last event).
    activities: HashMap<String, (Activity, i64, i64)>,
    programmes: HashMap<String, Programme>,
    /// Organisation id -> (state, version).
    organisations: HashMap<String, (Organisation, i64)>,
}

impl Folded {
    /// Applies one event (in commit order), decoded from its stored text.
    pub fn apply(&mut self, event: &EventRow) -> Result<(), StoreError> {
        match event.aggregate_type.as_str() {
            Activity::TYPE => {
                let payload: ActivityEvent = decode(event)?;
                let entry = entry(&mut self.activities, &event.aggregate_id);
                entry.0.apply(payload);
                entry.1 = event.sequence;
                entry.2 = event.position;
            }
            Programme::TYPE => {
                let payload: ProgrammeEvent = decode(event)?;
                entry(&mut self.programmes, &event.aggregate_id).apply(payload);
            }
            Organisation::TYPE => {
                let payload: OrganisationEvent = decode(event)?;
                let entry = entry(&mut self.organisations, &event.aggregate_id);
                entry.0.apply(payload);
                entry.1 = event.sequence;
            }
            _ => {}
        }
        Ok(())
    }

    /// Inserts every aggregate's rows into `generation` (which must hold none). A blocking
    /// thread computes each activity's rows, state and summary cells, in order of id, while
    /// this task inserts what it has computed, so the two overlap; the cells, complete only at
    /// the end, follow. Each transaction holds a few thousand aggregates, so a live server's
    /// writers are never held up for long.
    pub async fn write(self, db: &Db, generation: i64) -> Result<(), StoreError> {
        let Self { activities, programmes, organisations } = self;
        let (to_writer, mut inbox) = mpsc::channel::<Batch>(IN_FLIGHT);
        let preparer = tokio::task::spawn_blocking(move || prepare(activities, &to_writer));
        let mut written = Written::default();
        while let Some(batch) = inbox.recv().await {
            let tx = written.tx(db).await?;
            match &batch {
                Batch::Activities(rows) => insert_activities(tx, generation, rows).await?,
                Batch::Cells(cells) => crate::cells::insert(tx, generation, cells).await?,
            }
            written.done(batch.weight()).await?;
        }
        written.finish().await?;
        crate::replay::joined(preparer.await)?;
        let mut tx = db.begin_write().await?;
        for (id, programme) in &programmes {
            crate::projector::write_programme(&mut tx, generation, id, programme).await?;
        }
        let mut organisations: Vec<_> = organisations.iter().collect();
        organisations.sort_by(|a, b| a.0.cmp(b.0));
        for (id, (organisation, version)) in organisations {
            crate::organisations::write(&mut tx, generation, id, organisation, *version).await?;
        }
        tx.commit().await
    }
}

/// Rows for the writer: activities' rows, or summary cells.
enum Batch {
    Activities(Vec<Prepared>),
    Cells(Vec<(CellKey, Tally)>),
}

impl Batch {
    /// Rows it inserts, roughly: an activity writes about five.
    fn weight(&self) -> usize {
        match self {
            Self::Activities(rows) => rows.len() * 5,
            Self::Cells(cells) => cells.len(),
        }
    }
}

/// Computes every activity's rows in order of id, then every cell, and hands them to the writer
/// `CHUNK` at a time; stops early (quietly) if the writer has stopped, which reports why.
fn prepare(
    activities: HashMap<String, (Activity, i64, i64)>,
    to_writer: &mpsc::Sender<Batch>,
) -> Result<(), StoreError> {
    let mut activities: Vec<_> = activities.into_iter().collect();
    activities.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut cells = Cells::new();
    let mut rows = Vec::with_capacity(CHUNK);
    // Consumed as it goes: each state is freed once its rows are computed.
    for (id, (activity, version, position)) in activities {
        rows.extend(Prepared::of(&id, &activity, version, position, &mut cells)?);
        if rows.len() == CHUNK {
            let full = std::mem::replace(&mut rows, Vec::with_capacity(CHUNK));
            if to_writer.blocking_send(Batch::Activities(full)).is_err() {
                return Ok(());
            }
        }
    }
    if !rows.is_empty() && to_writer.blocking_send(Batch::Activities(rows)).is_err() {
        return Ok(());
    }
    let mut cells: Vec<_> = cells.into_iter().collect();
    cells.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut cells = cells.into_iter();
    loop {
        let part: Vec<_> = cells.by_ref().take(CHUNK * 25).collect();
        if part.is_empty() || to_writer.blocking_send(Batch::Cells(part)).is_err() {
            return Ok(());
        }
    }
}

/// The writer's open transaction, committed every [`ROWS_PER_TRANSACTION`] rows.
#[derive(Default)]
struct Written {
    tx: Option<Tx>,
    rows: usize,
}

impl Written {
    async fn tx(&mut self, db: &Db) -> Result<&mut Tx, StoreError> {
        if self.tx.is_none() {
            self.tx = Some(db.begin_write().await?);
        }
        self.tx.as_mut().ok_or(StoreError::Query(sqlx::Error::PoolClosed))
    }

    async fn done(&mut self, rows: usize) -> Result<(), StoreError> {
        self.rows += rows;
        if self.rows >= ROWS_PER_TRANSACTION {
            self.rows = 0;
            self.finish().await?;
        }
        Ok(())
    }

    async fn finish(&mut self) -> Result<(), StoreError> {
        match self.tx.take() {
            Some(tx) => tx.commit().await,
            None => Ok(()),
        }
    }
}

/// The value under `id`, inserted as the default first.
fn entry<'m, V: Default>(map: &'m mut HashMap<String, V>, id: &str) -> &'m mut V {
    map.entry(id.to_owned()).or_default()
}

/// The payload of `event` as today's code reads it, straight from its text.
fn decode<E: serde::de::DeserializeOwned>(event: &EventRow) -> Result<E, StoreError> {
    tatrack_domain::events::decode_str(&event.event_type, &event.event_version, &event.payload).map_err(|e| {
        StoreError::Query(sqlx::Error::Decode(format!("event at position {}: {e}", event.position).into()))
    })
}
