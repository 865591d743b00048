//! Rebuilding every read model from the log, beside the live ones.
//!
//! The replay writes the next generation of rows while queries keep reading the active one,
//! then takes the projector's state row (which pauses the live projector), applies whatever
//! arrived meanwhile, and makes the new generation active in the same transaction. The old
//! generation's rows are deleted afterwards.

use std::time::{Duration, Instant};

use futures::TryStreamExt as _;
use tatrack_audit::Pending;
use tokio::sync::mpsc;

use crate::bulk::{Batch, Folder, Others};
use crate::projector::apply;
use crate::state::{read_state, write_state, ProjectionState};
use tatrack_store::db::{Db, Overflow, StoreError, Tx};
use tatrack_store::log::{
    committed_after, last_committed, stream_by_aggregate, stream_committed_between, Checkpoint,
};
use tatrack_store::row::EventRow;

/// Every read-model table; each has a `generation` column.
pub const READ_MODEL_TABLES: [&str; 13] = [
    "rm_activities",
    "rm_activity_countries",
    "rm_activity_institutions",
    "rm_activity_outputs",
    "rm_activity_funding",
    "rm_programmes",
    "rm_programme_contributions",
    "rm_summary_cells",
    "rm_organisations",
    "rm_organisation_names",
    "rm_activity_search",
    "rm_participants",
    "rm_attendance",
];

/// Columns a dump leaves out besides the generation: SQLite's numbers of search rows, which tie
/// a row to its words in the full-text index and differ between two generations.
const UNDUMPED: [&str; 1] = ["search_id"];

/// Events per batch of the switch's catch-up: one statement each, in the switch's transaction.
pub const CATCH_UP_BATCH: i64 = 5_000;

/// Summary cells whose tallies a replay holds before spilling them to a sorted run in a
/// temporary file (merged at the end): about 300 bytes each, so some 15 MB, and as much again
/// while a run is sorted and written.
pub const CELLS_HELD: usize = 50_000;

/// Events handed from the reader to the folder (or the linker) at a time.
const HANDOFF: usize = 2_000;
/// Hand-offs in flight: the reader runs at most this far ahead of the folder, and the folder
/// of the writer.
const IN_FLIGHT: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplayReport {
    pub events: i64,
    pub generation: i64,
    pub checkpoint: Checkpoint,
}

/// Replays the whole log into a new generation and switches queries to it. `progress` is
/// called as the log is read with the events read so far and the log's size when it started.
pub async fn rebuild(db: &Db, progress: impl FnMut(i64, i64)) -> Result<ReplayReport, StoreError> {
    rebuild_holding(db, CELLS_HELD, progress).await
}

/// [`rebuild`], holding at most about `cells_held` summary cells' tallies at a time (a test
/// makes it small to spill and merge runs of cells on a small log).
///
/// The log is read from one snapshot in stream order by one query, folded on a blocking
/// thread, each activity's rows computed when its stream ends and written by this task
/// meanwhile, so reading, folding and writing overlap and memory holds one activity at a time.
/// Beside it, a second connection reads in commit order the events the hash chain has not
/// linked (none, usually: the live projector links what it applies) and hashes them. The
/// switch applies what arrived meanwhile, writes the links and moves the checkpoint in one
/// transaction.
pub async fn rebuild_holding(
    db: &Db,
    cells_held: usize,
    mut progress: impl FnMut(i64, i64),
) -> Result<ReplayReport, StoreError> {
    let total = count_events(db).await?;
    let active = {
        let mut tx = db.begin_read().await?;
        let state = read_state(&mut tx, false).await?;
        tx.commit().await?;
        state.generation
    };
    let next = active + 1;
    delete_generation(db, next).await?; // left by a replay that died before switching
    let started = Instant::now();
    let mut snapshot = db.begin_read().await?;
    if let Tx::Postgres(conn) = &mut snapshot {
        // The planner would sort the log (spilling to disk at a million events) rather than walk
        // the index of the order asked for: the commit-order index, or the primary key.
        sqlx::query("SET LOCAL enable_sort = off").execute(&mut **conn).await?;
    }
    let mut checkpoint = last_committed(&mut snapshot).await?;
    let streaming = stream_and_write(db, &mut snapshot, checkpoint, next, cells_held, |applied| {
        progress(applied, total.max(applied));
    });
    let (streamed, hashed) = tokio::join!(streaming, hash_unlinked(db, checkpoint));
    let (streamed, (pending, hashed_in)) = (streamed?, hashed?);
    snapshot.commit().await?;
    let cell_runs = streamed.others.cell_runs;
    streamed.others.write(db, next).await?;
    let written_in = started.elapsed();
    let mut applied = streamed.applied;
    // The switch: holding the state row, catch up with what was written meanwhile.
    let mut tx = db.begin_write().await?;
    let live = read_state(&mut tx, true).await?;
    loop {
        let events = committed_after(&mut tx, checkpoint, CATCH_UP_BATCH).await?;
        let Some(last) = events.last() else { break };
        apply(&mut tx, next, &events).await?;
        checkpoint = Checkpoint::of(last);
        applied = tatrack_store::log::counted(applied, &events)?;
    }
    // The live projector links what it applies; what the replay applied beyond its checkpoint
    // is linked here, or the chain would skip it: first the links hashed while reading, then
    // whatever they do not cover.
    let hashed = match pending {
        Some(pending) => pending.write(&mut tx).await?,
        None => 0,
    };
    let linked = tatrack_audit::link_until(&mut tx, checkpoint).await?;
    write_state(&mut tx, ProjectionState { generation: next, checkpoint, events_applied: applied }).await?;
    tx.commit().await?;
    tracing::info!(
        read_folded_and_written_s = written_in.as_secs_f64(),
        links_hashed_beside_s = hashed_in.as_secs_f64(),
        switched_s = started.elapsed().saturating_sub(written_in).as_secs_f64(),
        cell_runs_spilled = cell_runs,
        links_hashed_while_reading = hashed,
        links_in_switch = linked,
        "replay phases"
    );
    progress(applied, total.max(applied));
    delete_generation(db, live.generation).await?;
    db.refresh_statistics().await?;
    Ok(ReplayReport { events: applied, generation: next, checkpoint })
}

/// Links of the events up to `through` that the chain does not hold, hashed in commit order
/// on a blocking thread, up to [`Pending::MAX`], from a snapshot of its own, so it runs beside
/// the stream-order read; `None` when the chain's last event is missing from the log (the
/// switch leaves it to `link_until` to say so). Returns also how long it took.
async fn hash_unlinked(db: &Db, through: Checkpoint) -> Result<(Option<Pending>, Duration), StoreError> {
    let started = Instant::now();
    let mut snapshot = db.begin_read().await?;
    if let Tx::Postgres(conn) = &mut snapshot {
        // As in the replay's own snapshot: walk the commit-order index, never sort the log.
        sqlx::query("SET LOCAL enable_sort = off").execute(&mut **conn).await?;
    }
    let Some(mut pending) = Pending::start(&mut snapshot).await? else {
        return Ok((None, started.elapsed()));
    };
    let after = pending.after();
    let (to_linker, mut inbox) = mpsc::channel::<Vec<EventRow>>(IN_FLIGHT);
    let linker = tokio::task::spawn_blocking(move || -> Result<Pending, StoreError> {
        while let Some(rows) = inbox.blocking_recv() {
            for row in &rows {
                if pending.is_full() {
                    return Ok(pending);
                }
                pending.push(row)?;
            }
        }
        Ok(pending)
    });
    let rows = stream_committed_between(&mut snapshot, after, through);
    let read = read_in_batches(rows, &to_linker, |_| {}).await;
    drop(to_linker);
    let pending = joined(linker.await)?;
    read?;
    snapshot.commit().await?;
    Ok((Some(pending), started.elapsed()))
}

/// What reading, folding and writing the log in stream order gave.
struct Streamed {
    /// The programmes and organisations, to write once the log is read.
    others: Others,
    /// Events read.
    applied: i64,
}

/// Reads every event of `snapshot` through `checkpoint` in stream order, folds it on a blocking
/// thread and writes the activities' rows and the summary cells into `generation` as the folder
/// hands them over; `progress` is told the events read so far.
async fn stream_and_write(
    db: &Db,
    snapshot: &mut Tx,
    checkpoint: Checkpoint,
    generation: i64,
    cells_held: usize,
    progress: impl FnMut(i64),
) -> Result<Streamed, StoreError> {
    let (to_folder, mut folder_inbox) = mpsc::channel::<Vec<EventRow>>(IN_FLIGHT);
    let (to_writer, writer_inbox) = mpsc::channel::<Batch>(IN_FLIGHT);
    let folding = tokio::task::spawn_blocking(move || -> Result<Others, StoreError> {
        let mut folder = Folder::new(cells_held, to_writer);
        while let Some(rows) = folder_inbox.blocking_recv() {
            for row in &rows {
                folder.apply(row)?;
            }
        }
        folder.finish()
    });
    let reading = async {
        let read = read_in_batches(stream_by_aggregate(snapshot, checkpoint), &to_folder, progress).await;
        drop(to_folder);
        read
    };
    let (read, written) = tokio::join!(reading, crate::bulk::write(db, generation, writer_inbox));
    let folded = joined(folding.await);
    // The first failure is the cause: a writer or a folder that stops closes the channels
    // behind it, and what fed it stops in turn.
    written?;
    let others = folded?;
    let Read { applied, complete } = read?;
    if !complete {
        return Err(StoreError::Query(sqlx::Error::Protocol("the replay's folder stopped".into())));
    }
    Ok(Streamed { others, applied })
}

/// How far [`read_in_batches`] went.
struct Read {
    applied: i64,
    /// Whether every row read was handed over (the receiver did not stop first).
    complete: bool,
}

/// Hands the rows of `rows` to `to` [`HANDOFF`] at a time, telling `progress` how many were
/// handed so far; stops early if the receiver stops.
async fn read_in_batches(
    mut rows: futures::stream::BoxStream<'_, Result<EventRow, sqlx::Error>>,
    to: &mpsc::Sender<Vec<EventRow>>,
    mut progress: impl FnMut(i64),
) -> Result<Read, StoreError> {
    let mut applied = 0_i64;
    let mut batch = Vec::with_capacity(HANDOFF);
    loop {
        let row = rows.try_next().await?;
        let end = row.is_none();
        batch.extend(row);
        if batch.len() < HANDOFF && !end {
            continue;
        }
        if !batch.is_empty() {
            let handed = counted(applied, batch.len())?;
            if to.send(std::mem::replace(&mut batch, Vec::with_capacity(HANDOFF))).await.is_err() {
                return Ok(Read { applied, complete: false });
            }
            applied = handed;
            progress(applied);
        }
        if end {
            return Ok(Read { applied, complete: true });
        }
    }
}

fn counted(total: i64, more: usize) -> Result<i64, Overflow> {
    i64::try_from(more).ok().and_then(|n| total.checked_add(n)).ok_or(Overflow("a count of events"))
}

/// The result of a blocking thread; a panic in it (a bug in the domain's `apply`) becomes an
/// error, so the replay fails and the live read models stay as they are.
pub(crate) fn joined<T>(
    result: Result<Result<T, StoreError>, tokio::task::JoinError>,
) -> Result<T, StoreError> {
    result.map_err(|e| StoreError::Query(sqlx::Error::Protocol(format!("the replay's fold failed: {e}"))))?
}

async fn count_events(db: &Db) -> Result<i64, StoreError> {
    Ok(tatrack_store::on_db!(db, |pool, _columns| sqlx::query_scalar("SELECT COUNT(*) FROM events")
        .fetch_one(pool)
        .await?))
}

async fn delete_generation(db: &Db, generation: i64) -> Result<(), StoreError> {
    for table in READ_MODEL_TABLES {
        let sql = format!("DELETE FROM {table} WHERE generation = $1");
        tatrack_store::on_db!(db, |pool, _columns| {
            sqlx::query(&sql).bind(generation).execute(pool).await?;
        });
    }
    Ok(())
}

/// Every read-model row of `generation` as text, sorted, without the generation column (nor
/// [`UNDUMPED`]): two
/// generations built from the same log dump identically.
pub async fn dump(db: &Db, generation: i64) -> Result<Vec<String>, StoreError> {
    let mut lines = Vec::new();
    for table in READ_MODEL_TABLES {
        let sql = format!("SELECT * FROM {table} WHERE generation = $1");
        tatrack_store::on_db!(db, |pool, _columns| {
            for row in sqlx::query(&sql).bind(generation).fetch_all(pool).await? {
                lines.push(format!("{table}: {}", row_text(&row)));
            }
        });
    }
    lines.sort_unstable();
    Ok(lines)
}

/// The row's columns after `generation`, as `name=value` pairs.
fn row_text<R: sqlx::Row>(row: &R) -> String
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    use sqlx::Column as _;
    (1..row.len())
        .filter(|&i| !UNDUMPED.contains(&row.columns()[i].name()))
        .map(|i| {
            let value = row
                .try_get::<Option<i64>, _>(i)
                .map(|v| v.map(|n| n.to_string()))
                .or_else(|_| row.try_get::<Option<String>, _>(i))
                .unwrap_or_else(|e| Some(format!("<{e}>")));
            format!("{}={}", row.columns()[i].name(), value.unwrap_or_else(|| "NULL".into()))
        })
        .collect::<Vec<_>>()
        .join(" ")
}
