//! `storage`: what the store takes on disk, in all and per event and per activity, split into
//! the event log (with its indexes), the hash chain, the read models and the rest (tokens,
//! idempotency keys, people, sessions). PostgreSQL: each table's `pg_total_relation_size`
//! (heap, TOAST and indexes); SQLite: the pages of each table and index (`dbstat`).

use std::fmt::Write as _;

use anyhow::Context as _;
use tatrack_store::Db;

use crate::stats::as_f64;
use crate::target::open_store;

/// A count or size read from the store, as a float for a ratio.
fn float(n: i64) -> f64 {
    as_f64(usize::try_from(n).unwrap_or(0))
}

/// The part a table belongs to, by its name.
const PARTS_SQL: &str = "CASE WHEN name = 'events' THEN 'events' \
     WHEN name = 'event_links' OR name = 'chain_signatures' THEN 'chain' \
     WHEN name LIKE 'rm\\_%' ESCAPE '\\' THEN 'read_models' ELSE 'other' END";

pub async fn run(database_url: &str) -> anyhow::Result<()> {
    let db = open_store(database_url).await?;
    let parts: Vec<(String, i64)> = match &db {
        Db::Postgres(pool) => {
            let sql = format!(
                "SELECT {PARTS_SQL} AS part, sum(pg_total_relation_size(c.oid))::bigint \
                 FROM (SELECT oid, relname AS name FROM pg_class \
                       WHERE relkind IN ('r', 'p') AND relnamespace = 'public'::regnamespace) c \
                 GROUP BY part"
            );
            sqlx::query_as(&sql).fetch_all(pool).await
        }
        Db::Sqlite(pool, _) => {
            // An index counts with its table; SQLite's own tables go to "other".
            let sql = format!(
                "SELECT {PARTS_SQL} AS part, sum(pgsize) FROM \
                   (SELECT s.owner AS name, d.pgsize FROM dbstat d \
                    JOIN (SELECT name AS object, coalesce(tbl_name, name) AS owner FROM sqlite_schema \
                          UNION ALL SELECT 'sqlite_schema', 'sqlite_schema') s ON s.object = d.name) \
                 GROUP BY part"
            );
            sqlx::query_as(&sql).fetch_all(pool).await
        }
    }
    .context("cannot measure the store's tables")?;
    let events: i64 = tatrack_store::on_db!(&db, |pool, _columns| {
        sqlx::query_scalar("SELECT count(*) FROM events").fetch_one(pool).await
    })
    .context("cannot count the events")?;
    let activities: i64 = tatrack_store::on_db!(&db, |pool, _columns| {
        sqlx::query_scalar("SELECT count(*) FROM rm_activities").fetch_one(pool).await
    })
    .context("cannot count the activities")?;
    let bytes: i64 = parts.iter().map(|(_, b)| b).sum();
    let per = |count: i64| if count > 0 { float(bytes) / float(count) } else { 0.0 };
    let mut line = format!(
        "RESULT storage bytes={bytes} events={events} activities={activities} \
         bytes_per_event={:.0} bytes_per_activity={:.0}",
        per(events),
        per(activities)
    );
    for (part, part_bytes) in &parts {
        let _ = write!(line, " {part}_bytes={part_bytes}");
    }
    println!("{line}");
    Ok(())
}
