//! The fast path of a replay from scratch: the log read stream by stream, each activity folded
//! and its rows computed as soon as its stream ends, then written many rows per statement.
//!
//! The live projector loads, deletes and rewrites an aggregate's rows for every batch that
//! touches it; a replay of a million events would repeat that twenty times per activity. Here an
//! activity costs one row in each table it appears in, inserted a thousand at a time, computed on a
//! thread of its own while the rows before it are written. Memory stays bounded: only the activity
//! being read is held (programmes and organisations, a few hundred, are held to the end), and the
//! summary cells, which many activities share, are held up to a bound, then spilled to sorted
//! runs merged at the end (see [`crate::cell_runs`]), so each cell is inserted once.

use std::collections::HashMap;

use cqrs_es::Aggregate;
use tatrack_domain::events::activity::Attended;
use tatrack_domain::events::ParticipantEvent;
use tatrack_domain::{
    Activity, ActivityEvent, Organisation, OrganisationEvent, Participant, Programme, ProgrammeEvent,
};

use tokio::sync::mpsc;

use crate::cell_runs::Runs;
use crate::cells::{CellKey, Cells, Tally};
use crate::rows::activities::{insert_activities, Prepared};
use tatrack_store::db::{Db, StoreError, Tx};
use tatrack_store::row::EventRow;

/// Activities per multi-row INSERT (SQLite allows 32,766 parameters; the widest table has 22
/// columns), and per hand-off from the folder to the writer.
const CHUNK: usize = 1_000;
/// Cells per hand-off: a few megabytes, so the hand-offs in flight stay small beside the
/// tallies held.
const CELLS_PER_BATCH: usize = 5_000;
/// Rows (about) per transaction of the writer: one commit per few thousand aggregates, so a
/// live server's writers wait for a fraction of a second at most.
const ROWS_PER_TRANSACTION: usize = 25_000;

/// Folds the log read in stream order (by aggregate, then sequence) on a blocking thread and
/// hands the rows to write to [`write`] as each activity's stream ends.
pub(crate) struct Folder {
    /// The activity whose stream is being read.
    reading: Option<Reading>,
    programmes: HashMap<String, Programme>,
    /// Organisation id -> (state, version).
    organisations: HashMap<String, (Organisation, i64)>,
    /// Participants and attendance lists: few beside the activities, written last.
    people: PeopleHeld,
    /// Rows of finished activities not handed to the writer yet.
    rows: Vec<Prepared>,
    /// Tallies of finished activities not spilled yet.
    cells: Cells,
    cells_held: usize,
    /// Tallies spilled when `cells` reached `cells_held`.
    runs: Runs,
    to_writer: mpsc::Sender<Batch>,
}

/// An activity as the events read so far built it.
#[derive(Default)]
struct Reading {
    id: String,
    state: Activity,
    version: i64,
    /// Position of its last event.
    position: i64,
}

/// The aggregates held to the end of the log: few, and written last.
pub(crate) struct Others {
    programmes: HashMap<String, Programme>,
    organisations: HashMap<String, (Organisation, i64)>,
    people: PeopleHeld,
    /// Runs of cells spilled on the way, for the log.
    pub(crate) cell_runs: usize,
}

impl Folder {
    /// A folder handing its rows to `to_writer`, holding at most about `cells_held` tallies.
    pub(crate) fn new(cells_held: usize, to_writer: mpsc::Sender<Batch>) -> Self {
        Self {
            reading: None,
            programmes: HashMap::new(),
            organisations: HashMap::new(),
            people: PeopleHeld::default(),
            rows: Vec::with_capacity(CHUNK),
            cells: Cells::new(),
            cells_held: cells_held.max(1),
            runs: Runs::default(),
            to_writer,
        }
    }

    /// Applies one event, decoded from its stored text. Events come in stream order: an
    /// activity's rows are computed when an event of another activity arrives.
    pub(crate) fn apply(&mut self, event: &EventRow) -> Result<(), StoreError> {
        match event.aggregate_type.as_str() {
            Activity::TYPE => {
                let payload: ActivityEvent = decode(event)?;
                if let ActivityEvent::AttendanceRecorded(recorded) = &payload {
                    self.people.attendance.insert(event.aggregate_id.clone(), recorded.attendees.clone());
                }
                if self.reading.as_ref().is_some_and(|reading| reading.id != event.aggregate_id) {
                    self.finish_activity()?;
                }
                let reading = self
                    .reading
                    .get_or_insert_with(|| Reading { id: event.aggregate_id.clone(), ..Reading::default() });
                reading.state.apply(payload);
                reading.version = event.sequence;
                reading.position = event.position;
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
            Participant::TYPE => {
                let payload: ParticipantEvent = decode(event)?;
                let entry = entry(&mut self.people.participants, &event.aggregate_id);
                crate::rows::participants::evolve(&mut entry.0, payload);
                entry.1 = event.sequence;
            }
            _ => {}
        }
        Ok(())
    }

    /// Hands the rows and cells still held to the writer, and returns the aggregates it
    /// writes last.
    pub(crate) fn finish(mut self) -> Result<Others, StoreError> {
        self.finish_activity()?;
        let rows = std::mem::take(&mut self.rows);
        if !rows.is_empty() {
            self.hand(Batch::Activities(rows))?;
        }
        let cell_runs = self.hand_cells()?;
        Ok(Others {
            programmes: self.programmes,
            organisations: self.organisations,
            people: self.people,
            cell_runs,
        })
    }

    /// Computes the rows and cells of the activity read, and frees its state.
    fn finish_activity(&mut self) -> Result<(), StoreError> {
        let Some(Reading { id, state, version, position }) = self.reading.take() else { return Ok(()) };
        self.rows.extend(Prepared::of(&id, &state, version, position, &mut self.cells)?);
        if self.rows.len() >= CHUNK {
            let full = std::mem::replace(&mut self.rows, Vec::with_capacity(CHUNK));
            self.hand(Batch::Activities(full))?;
        }
        if self.cells.len() >= self.cells_held {
            self.runs.spill(std::mem::take(&mut self.cells))?;
        }
        Ok(())
    }

    /// Hands every cell to the writer in key order, once, its tallies added up: those held, or
    /// when some were spilled, the merge of every run. Returns how many runs there were.
    fn hand_cells(&mut self) -> Result<usize, StoreError> {
        let cells = std::mem::take(&mut self.cells);
        let mut runs = std::mem::take(&mut self.runs);
        if runs.is_empty() {
            let mut cells: Vec<_> = cells.into_iter().collect();
            cells.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let mut cells = cells.into_iter();
            loop {
                let part: Vec<_> = cells.by_ref().take(CELLS_PER_BATCH).collect();
                if part.is_empty() {
                    return Ok(0);
                }
                self.hand(Batch::Cells(part))?;
            }
        }
        runs.spill(cells)?;
        let count = runs.len();
        runs.merge(CELLS_PER_BATCH, |part| self.hand(Batch::Cells(part)))?;
        Ok(count)
    }

    /// Sends `batch` to the writer; fails if the writer stopped (it reports why).
    fn hand(&self, batch: Batch) -> Result<(), StoreError> {
        self.to_writer
            .blocking_send(batch)
            .map_err(|_| StoreError::Query(sqlx::Error::Protocol("the replay's writer stopped".into())))
    }
}

impl Others {
    /// Inserts the programmes' and organisations' rows into `generation`, in one transaction.
    pub(crate) async fn write(self, db: &Db, generation: i64) -> Result<(), StoreError> {
        let mut tx = db.begin_write().await?;
        for (id, programme) in &self.programmes {
            crate::rows::programmes::write_programme(&mut tx, generation, id, programme).await?;
        }
        let mut organisations: Vec<_> = self.organisations.iter().collect();
        organisations.sort_by(|a, b| a.0.cmp(b.0));
        for (id, (organisation, version)) in organisations {
            crate::rows::organisations::write(&mut tx, generation, id, organisation, *version).await?;
        }
        let mut participants: Vec<_> = self.people.participants.iter().collect();
        participants.sort_by(|a, b| a.0.cmp(b.0));
        for (id, (row, version)) in participants {
            let Some(row) = row else { continue };
            crate::rows::participants::write(&mut tx, generation, id, row, *version).await?;
            if row.erased.is_some() {
                crate::rows::participants::forget(&mut tx, id).await?;
            }
        }
        for (activity, attendees) in &self.people.attendance {
            crate::rows::participants::write_attendance(&mut tx, generation, activity, attendees).await?;
        }
        tx.commit().await
    }
}

/// Participants (id -> row and version) and each activity's last attendance list.
#[derive(Default)]
struct PeopleHeld {
    participants: HashMap<String, (Option<crate::rows::participants::ParticipantRow>, i64)>,
    attendance: HashMap<String, Vec<Attended>>,
}

/// Rows for the writer: activities' rows, or summary cells.
pub(crate) enum Batch {
    Activities(Vec<Prepared>),
    Cells(Vec<(CellKey, Tally)>),
}

impl Batch {
    /// Rows it writes, roughly: an activity writes about five.
    fn weight(&self) -> usize {
        match self {
            Self::Activities(rows) => rows.len() * 5,
            Self::Cells(cells) => cells.len(),
        }
    }
}

/// Writes what the folder hands over into `generation` (which held none of it), until the
/// folder stops. Each transaction holds a few thousand aggregates, so a live server's writers
/// are never held up for long.
pub(crate) async fn write(
    db: &Db,
    generation: i64,
    mut inbox: mpsc::Receiver<Batch>,
) -> Result<(), StoreError> {
    let mut written = Written::default();
    while let Some(batch) = inbox.recv().await {
        let tx = written.tx(db).await?;
        match &batch {
            Batch::Activities(rows) => insert_activities(tx, generation, rows).await?,
            Batch::Cells(cells) => crate::cells::insert(tx, generation, cells).await?,
        }
        written.done(batch.weight()).await?;
    }
    written.finish().await
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
