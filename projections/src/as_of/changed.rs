//! What time travel reads of the log: the streams changed after an instant, and the last
//! event recorded by it. Short statements, each its own snapshot: the log only grows.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use tatrack_domain::{Activity, Programme};

use tatrack_store::db::{Db, StoreError};
use tatrack_store::log::Checkpoint;

/// Rows per statement when listing changed aggregates.
const ID_BATCH: i64 = 5_000;

/// Activities and programmes to fold from their streams, by aggregate type, each list sorted.
/// Backward (today's read models corrected): those with an event recorded after `instant` or
/// not yet applied by the projector (after `checkpoint`). Forward (from nothing): those with an
/// event recorded by `instant`.
pub(super) async fn changed_aggregates(
    db: &Db,
    instant: DateTime<Utc>,
    checkpoint: Checkpoint,
    forward: bool,
) -> Result<BTreeMap<String, Vec<String>>, StoreError> {
    let mut changed: BTreeSet<(String, String)> = BTreeSet::new();
    let with_read_models = |t: &str| t == Activity::TYPE || t == Programme::TYPE;
    // (recorded_at, position) after `from` and recorded by `until`.
    let (from, until) = if forward {
        ((DateTime::<Utc>::UNIX_EPOCH - chrono::TimeDelta::days(365 * 1000), i64::MIN), instant)
    } else {
        ((instant, i64::MAX), DateTime::<Utc>::UNIX_EPOCH + chrono::TimeDelta::days(365 * 8000))
    };
    match db {
        Db::Postgres(pool) => {
            let mut cursor = from;
            loop {
                let rows: Vec<(String, String, DateTime<Utc>, i64)> = sqlx::query_as(
                    "SELECT aggregate_type, aggregate_id, recorded_at, position FROM events \
                     WHERE (recorded_at, position) > ($1, $2) AND recorded_at <= $3 \
                     ORDER BY recorded_at, position LIMIT $4",
                )
                .bind(cursor.0)
                .bind(cursor.1)
                .bind(until)
                .bind(ID_BATCH)
                .fetch_all(pool)
                .await?;
                let Some(last) = rows.last() else { break };
                cursor = (last.2, last.3);
                changed.extend(rows.into_iter().filter(|r| with_read_models(&r.0)).map(|r| (r.0, r.1)));
            }
        }
        Db::Sqlite(pool, _) => {
            let mut cursor = (sqlite_instant(from.0), from.1);
            loop {
                let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
                    "SELECT aggregate_type, aggregate_id, recorded_at, rowid FROM events \
                     WHERE (recorded_at, rowid) > ($1, $2) AND recorded_at <= $3 \
                     ORDER BY recorded_at, rowid LIMIT $4",
                )
                .bind(&cursor.0)
                .bind(cursor.1)
                .bind(sqlite_instant(until))
                .bind(ID_BATCH)
                .fetch_all(pool)
                .await?;
                let Some(last) = rows.last() else { break };
                cursor = (last.2.clone(), last.3);
                changed.extend(rows.into_iter().filter(|r| with_read_models(&r.0)).map(|r| (r.0, r.1)));
            }
        }
    }
    if forward {
        return Ok(by_type(changed));
    }
    // Every committed event after the checkpoint, not only those below the projector's
    // horizon: one recorded by the instant counts even while an older transaction still runs.
    let mut after = checkpoint;
    loop {
        let rows: Vec<(String, String, i64, i64)> = match db {
            Db::Postgres(pool) => {
                sqlx::query_as(
                    "SELECT aggregate_type, aggregate_id, tx_id::text::bigint, position FROM events \
                     WHERE (tx_id, position) > ($1::text::xid8, $2) ORDER BY events.tx_id, events.position LIMIT $3",
                )
                .bind(after.tx_id)
                .bind(after.position)
                .bind(ID_BATCH)
                .fetch_all(pool)
                .await?
            }
            Db::Sqlite(pool, _) => {
                sqlx::query_as(
                    "SELECT aggregate_type, aggregate_id, 0, rowid FROM events WHERE rowid > $1 ORDER BY rowid LIMIT $2",
                )
                .bind(after.position)
                .bind(ID_BATCH)
                .fetch_all(pool)
                .await?
            }
        };
        let Some(last) = rows.last() else { break };
        after = Checkpoint { tx_id: last.2, position: last.3 };
        changed.extend(rows.into_iter().filter(|r| with_read_models(&r.0)).map(|r| (r.0, r.1)));
    }
    Ok(by_type(changed))
}

fn by_type(changed: BTreeSet<(String, String)>) -> BTreeMap<String, Vec<String>> {
    let mut by_type: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (aggregate_type, id) in changed {
        by_type.entry(aggregate_type).or_default().push(id);
    }
    by_type
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
        Db::Sqlite(pool, _) => {
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
