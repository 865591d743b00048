//! `read`: the raw read speed of the event log, the ceiling of any replay. Every event in the
//! order the projector reads them (PostgreSQL: transaction id, then position; SQLite: rowid),
//! with the projector's own select list, streamed by one query and decoded into text and
//! integers only: no JSON parsing, no folding, no writes.

use std::time::Instant;

use anyhow::Context as _;
use futures::TryStreamExt as _;
use tatrack_store::row::{POSTGRES_COLUMNS, SQLITE_COLUMNS};
use tatrack_store::Db;

use crate::stats::{as_f64, rate};
use crate::target::open_store;

/// The columns of `POSTGRES_COLUMNS` / `SQLITE_COLUMNS`: position, aggregate type and id,
/// sequence, event type and version, payload, metadata, append time, transaction id.
type Columns = (i64, String, String, i64, String, String, String, String, String, i64);

/// Bytes of text in one row.
fn text_len(row: &Columns) -> usize {
    row.1.len() + row.2.len() + row.4.len() + row.5.len() + row.6.len() + row.7.len() + row.8.len()
}

pub async fn run(database_url: &str) -> anyhow::Result<()> {
    let db = open_store(database_url).await?;
    let sql = match &db {
        // Qualified: a bare `tx_id` here would name the select list's `tx_id::text::bigint`,
        // which no index orders, and PostgreSQL would sort the whole log first.
        Db::Postgres(_) => {
            format!("SELECT {POSTGRES_COLUMNS} FROM events ORDER BY events.tx_id, events.position")
        }
        Db::Sqlite(..) => format!("SELECT {SQLITE_COLUMNS} FROM events ORDER BY rowid"),
    };
    let started = Instant::now();
    let (mut events, mut bytes, mut last_position) = (0_usize, 0_usize, 0_i64);
    tatrack_store::on_db!(&db, |pool, _columns| {
        let mut rows = sqlx::query_as::<_, Columns>(&sql).fetch(pool);
        while let Some(row) = rows.try_next().await.context("cannot read the event log")? {
            events += 1;
            bytes += text_len(&row);
            last_position = row.0;
        }
    });
    let elapsed = started.elapsed();
    println!(
        "RESULT read events={events} seconds={:.1} events_per_s={:.0} mb={:.0} last_position={last_position}",
        elapsed.as_secs_f64(),
        rate(events, elapsed),
        as_f64(bytes) / 1e6
    );
    Ok(())
}
