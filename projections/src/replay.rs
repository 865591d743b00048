//! Rebuilding every read model from the log, beside the live ones.
//!
//! The replay writes the next generation of rows while queries keep reading the active one,
//! then takes the projector's state row (which pauses the live projector), applies whatever
//! arrived meanwhile, and makes the new generation active in the same transaction. The old
//! generation's rows are deleted afterwards.

use crate::bulk::Folded;
use crate::projector::{apply, read_state, write_state, ProjectionState};
use tatrack_store::db::{Db, StoreError};
use tatrack_store::log::{committed_after, Checkpoint};

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

/// Events per replay batch: one transaction each.
pub const REPLAY_BATCH: i64 = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplayReport {
    pub events: i64,
    pub generation: i64,
    pub checkpoint: Checkpoint,
}

/// Replays the whole log into a new generation and switches queries to it. `progress` is
/// called after each batch with the events applied so far and the log's size when it started.
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
                                        // Fold the log as it stands in memory, from one snapshot, then write each aggregate once.
    let mut folded = Folded::default();
    let mut checkpoint = Checkpoint::default();
    let mut applied = 0;
    let mut snapshot = db.begin_read().await?;
    loop {
        let events = committed_after(&mut snapshot, checkpoint, REPLAY_BATCH).await?;
        let Some(last) = events.last() else { break };
        for event in &events {
            folded.apply(event)?;
        }
        checkpoint = Checkpoint::of(last);
        applied = tatrack_store::log::counted(applied, &events)?;
        progress(applied, total.max(applied));
    }
    snapshot.commit().await?;
    folded.write(db, next).await?;
    // The switch: holding the state row, catch up with what was written meanwhile.
    let mut tx = db.begin_write().await?;
    let live = read_state(&mut tx, true).await?;
    loop {
        let events = committed_after(&mut tx, checkpoint, REPLAY_BATCH).await?;
        let Some(last) = events.last() else { break };
        apply(&mut tx, next, &events).await?;
        checkpoint = Checkpoint::of(last);
        applied = tatrack_store::log::counted(applied, &events)?;
    }
    // The live projector links what it applies; what the switch applied beyond its checkpoint
    // is linked here, or the chain would skip it.
    tatrack_audit::link_until(&mut tx, checkpoint).await?;
    write_state(&mut tx, ProjectionState { generation: next, checkpoint, events_applied: applied }).await?;
    tx.commit().await?;
    progress(applied, total.max(applied));
    delete_generation(db, live.generation).await?;
    Ok(ReplayReport { events: applied, generation: next, checkpoint })
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
