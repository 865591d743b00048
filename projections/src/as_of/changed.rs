//! What time travel reads of the log: the streams changed after an instant, and the last
//! event recorded by it. Short statements, each its own snapshot: the log only grows.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use tatrack_domain::{Activity, Programme};

use crate::log::{committed_after, Checkpoint};
use crate::store::{Db, StoreError};

/// Rows per statement when listing changed aggregates.
const ID_BATCH: i64 = 5_000;

/// Activities and programmes with an event recorded after `instant` or not yet applied by the
/// projector (after `checkpoint`), by aggregate type, each list sorted.
pub(super) async fn changed_aggregates(
    db: &Db,
    instant: DateTime<Utc>,
    checkpoint: Checkpoint,
) -> Result<BTreeMap<String, Vec<String>>, StoreError> {
    let mut changed: BTreeSet<(String, String)> = BTreeSet::new();
    let with_read_models = |t: &str| t == Activity::TYPE || t == Programme::TYPE;
    match db {
        Db::Postgres(pool) => {
            let mut cursor = (instant, i64::MAX);
            loop {
                let rows: Vec<(String, String, DateTime<Utc>, i64)> = sqlx::query_as(
                    "SELECT aggregate_type, aggregate_id, recorded_at, position FROM events \
                     WHERE (recorded_at, position) > ($1, $2) ORDER BY recorded_at, position LIMIT $3",
                )
                .bind(cursor.0)
                .bind(cursor.1)
                .bind(ID_BATCH)
                .fetch_all(pool)
                .await?;
                let Some(last) = rows.last() else { break };
                cursor = (last.2, last.3);
                changed.extend(rows.into_iter().filter(|r| with_read_models(&r.0)).map(|r| (r.0, r.1)));
            }
        }
        Db::Sqlite(pool) => {
            let mut cursor = (sqlite_instant(instant), i64::MAX);
            loop {
                let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
                    "SELECT aggregate_type, aggregate_id, recorded_at, rowid FROM events \
                     WHERE (recorded_at, rowid) > ($1, $2) ORDER BY recorded_at, rowid LIMIT $3",
                )
                .bind(&cursor.0)
                .bind(cursor.1)
                .bind(ID_BATCH)
                .fetch_all(pool)
                .await?;
                let Some(last) = rows.last() else { break };
                cursor = (last.2.clone(), last.3);
                changed.extend(rows.into_iter().filter(|r| with_read_models(&r.0)).map(|r| (r.0, r.1)));
            }
        }
    }
    let mut after = checkpoint;
    loop {
        let mut tx = db.begin_read().await?;
        let events = committed_after(&mut tx, after, ID_BATCH).await?;
        tx.commit().await?;
        let Some(last) = events.last() else { break };
        after = Checkpoint::of(last);
        changed.extend(
            events
                .into_iter()
                .filter(|e| with_read_models(&e.aggregate_type))
                .map(|e| (e.aggregate_type, e.aggregate_id)),
        );
    }
    let mut by_type: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (aggregate_type, id) in changed {
        by_type.entry(aggregate_type).or_default().push(id);
    }
    Ok(by_type)
}

/// The position of the last event recorded by `instant` (0 if none was).
pub(super) async fn last_position_by(db: &Db, instant: DateTime<Utc>) -> Result<i64, StoreError> {
    let last: Option<i64> = match db {
        Db::Postgres(pool) => {
            sqlx::query_scalar("SELECT MAX(position) FROM events WHERE recorded_at <= $1")
                .bind(instant)
                .fetch_one(pool)
                .await?
        }
        Db::Sqlite(pool) => {
            sqlx::query_scalar("SELECT MAX(rowid) FROM events WHERE recorded_at <= $1")
                .bind(sqlite_instant(instant))
                .fetch_one(pool)
                .await?
        }
    };
    Ok(last.unwrap_or(0))
}

/// An instant as SQLite's `recorded_at` stores it (milliseconds, `Z`), so they compare as
/// text: an event at a whole millisecond is after the instant exactly when its text is.
fn sqlite_instant(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
