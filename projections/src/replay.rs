//! Rebuilding every read model from the log, beside the live ones.
//!
//! The replay writes the next generation of rows while queries keep reading the active one,
//! then takes the projector's state row (which pauses the live projector), applies whatever
//! arrived meanwhile, and makes the new generation active in the same transaction. The old
//! generation's rows are deleted afterwards.

use std::sync::Arc;
use std::time::Instant;

use futures::TryStreamExt as _;
use tatrack_audit::Pending;
use tokio::sync::mpsc;

use crate::bulk::Folded;
use crate::projector::{apply, read_state, write_state, ProjectionState};
use tatrack_store::db::{Db, Overflow, StoreError, Tx};
use tatrack_store::log::{committed_after, stream_committed_after, Checkpoint, EventRow};

/// Every read-model table; each has a `generation` column.
pub const READ_MODEL_TABLES: [&str; 10] = [
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
];

/// Events per batch of the switch's catch-up: one statement each, in the switch's transaction.
pub const CATCH_UP_BATCH: i64 = 5_000;

/// Events handed from the reader to the folder (and the linker) at a time.
const HANDOFF: usize = 2_000;
/// Hand-offs in flight: the reader runs at most this far ahead of the folder.
const IN_FLIGHT: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplayReport {
    pub events: i64,
    pub generation: i64,
    pub checkpoint: Checkpoint,
}

/// Replays the whole log into a new generation and switches queries to it. `progress` is
/// called as the log is read with the events read so far and the log's size when it started.
///
/// The log is read by one query from one snapshot; a second thread decodes and folds what it
/// reads (and a third hashes the events the chain has not linked yet), so reading, folding and
/// linking overlap. Each aggregate's rows are then written once, and the switch applies what
/// arrived meanwhile, writes the links and moves the checkpoint in one transaction.
pub async fn rebuild(db: &Db, mut progress: impl FnMut(i64, i64)) -> Result<ReplayReport, StoreError> {
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
    let read = read_and_fold(db, |applied| progress(applied, total.max(applied))).await?;
    let Read { folded, pending, mut checkpoint, mut applied } = read;
    let read_in = started.elapsed();
    folded.write(db, next).await?;
    let written_in = started.elapsed();
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
        read_and_folded_s = read_in.as_secs_f64(),
        written_s = written_in.saturating_sub(read_in).as_secs_f64(),
        switched_s = started.elapsed().saturating_sub(written_in).as_secs_f64(),
        links_hashed_while_reading = hashed,
        links_in_switch = linked,
        "replay phases"
    );
    progress(applied, total.max(applied));
    delete_generation(db, live.generation).await?;
    db.refresh_statistics().await?;
    Ok(ReplayReport { events: applied, generation: next, checkpoint })
}

/// What one pass over the log gave.
struct Read {
    folded: Folded,
    /// Links of the events the chain did not hold, hashed on the way (`None`: the chain's last
    /// event is missing from the log, so the switch leaves it to `link_until` to say so).
    pending: Option<Pending>,
    /// The last event read, and how many were.
    checkpoint: Checkpoint,
    applied: i64,
}

/// Reads the log as it stands, in commit order, from one snapshot and one query, and folds it
/// (and hashes what the chain lacks) on blocking threads fed through bounded channels, so
/// memory holds at most [`IN_FLIGHT`] hand-offs of rows beyond the folded state.
async fn read_and_fold(db: &Db, mut progress: impl FnMut(i64)) -> Result<Read, StoreError> {
    let mut snapshot = db.begin_read().await?;
    if let Tx::Postgres(conn) = &mut snapshot {
        // The planner takes the horizon's range for a fraction of the log and would sort it
        // all (spilling to disk at a million events) rather than walk the commit-order index.
        sqlx::query("SET LOCAL enable_sort = off").execute(&mut **conn).await?;
    }
    let pending = Pending::start(&mut snapshot).await?;
    let (to_folder, mut folder_inbox) = mpsc::channel::<Arc<Vec<EventRow>>>(IN_FLIGHT);
    let folding = tokio::task::spawn_blocking(move || -> Result<Folded, StoreError> {
        let mut folded = Folded::default();
        while let Some(rows) = folder_inbox.blocking_recv() {
            for row in rows.iter() {
                folded.apply(row)?;
            }
        }
        Ok(folded)
    });
    let (to_linker, linker) = match pending {
        Some(mut pending) => {
            let (to_linker, mut inbox) = mpsc::channel::<Arc<Vec<EventRow>>>(IN_FLIGHT);
            let linker = tokio::task::spawn_blocking(move || -> Result<Pending, StoreError> {
                while let Some(rows) = inbox.blocking_recv() {
                    let after = pending.after();
                    for row in rows.iter().filter(|row| Checkpoint::of_row(row) > after) {
                        if pending.is_full() {
                            break;
                        }
                        pending.push(row)?;
                    }
                }
                Ok(pending)
            });
            (Some(to_linker), Some(linker))
        }
        None => (None, None),
    };
    let (mut checkpoint, mut applied) = (Checkpoint::default(), 0_i64);
    let mut stopped = false;
    {
        let mut rows = stream_committed_after(&mut snapshot, Checkpoint::default());
        let mut batch = Vec::with_capacity(HANDOFF);
        loop {
            let row = rows.try_next().await?;
            let end = row.is_none();
            if let Some(row) = row {
                checkpoint = Checkpoint::of_row(&row);
                batch.push(row);
                if batch.len() < HANDOFF {
                    continue;
                }
            }
            if !batch.is_empty() {
                let rows = Arc::new(std::mem::replace(&mut batch, Vec::with_capacity(HANDOFF)));
                applied = counted(applied, rows.len())?;
                let handed = match &to_linker {
                    Some(to_linker) => to_linker.send(Arc::clone(&rows)).await.is_ok(),
                    None => true,
                };
                // A closed inbox: that thread stopped on an error, reported below.
                if !handed || to_folder.send(rows).await.is_err() {
                    stopped = true;
                    break;
                }
                progress(applied);
            }
            if end {
                break;
            }
        }
    }
    drop((to_folder, to_linker));
    let folded = joined(folding.await)?;
    let pending = match linker {
        Some(linker) => Some(joined(linker.await)?),
        None => None,
    };
    if stopped {
        return Err(StoreError::Query(sqlx::Error::Protocol("the replay's folder stopped".into())));
    }
    snapshot.commit().await?;
    Ok(Read { folded, pending, checkpoint, applied })
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

/// Every read-model row of `generation` as text, sorted, without the generation column: two
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
