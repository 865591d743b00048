//! Reading the event log with what cqrs-es does not expose: each event's global position and
//! append time, and lookups by idempotency key.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use futures::stream::BoxStream;
use serde_json::Value;

use crate::db::{Db, StoreError, Tx};
use crate::row::{EventRow, LinkedRow, POSTGRES_COLUMNS, SQLITE_COLUMNS};

/// One stored event, as auditors and the history endpoint see it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// Global order of the append; gaps are possible on PostgreSQL (rolled-back appends).
    pub position: i64,
    pub aggregate_type: String,
    pub aggregate_id: String,
    /// 1-based position within the stream: the aggregate's version after this event.
    pub sequence: i64,
    pub event_type: String,
    pub event_version: String,
    pub payload: Value,
    pub metadata: Value,
    /// When the database accepted the append.
    pub recorded_at: DateTime<Utc>,
    /// PostgreSQL: the id of the transaction that appended it, which orders commits; SQLite: 0
    /// (a single writer commits in position order).
    pub tx_id: i64,
}

impl StoredEvent {
    /// The event as today's code reads it, through the domain's upcasters: the one way every
    /// reader of the log decodes (cqrs-es does the same with `events::upcasters`).
    pub fn decode<E: serde::de::DeserializeOwned>(&self) -> Result<E, tatrack_domain::events::DecodeError> {
        tatrack_domain::events::decode(&self.event_type, &self.event_version, &self.payload)
    }
}

/// `total` plus the number of `events`: a running count of events read, exact or an error.
pub fn counted(total: i64, events: &[StoredEvent]) -> Result<i64, crate::db::Overflow> {
    i64::try_from(events.len())
        .ok()
        .and_then(|n| total.checked_add(n))
        .ok_or(crate::db::Overflow("a count of events"))
}

/// Where a command with an idempotency key landed the first time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotentWrite {
    pub aggregate_type: String,
    pub aggregate_id: String,
    /// The stream's version after the first attempt's last event.
    pub sequence: i64,
    pub position: i64,
    /// Digest of the first request's method, path and body.
    pub request_digest: Option<String>,
}

/// The events of one stream, in stream order.
pub async fn stream(
    db: &Db,
    aggregate_type: &str,
    aggregate_id: &str,
) -> Result<Vec<StoredEvent>, StoreError> {
    let rows: Vec<EventRow> = crate::on_db!(db, |pool, columns| {
        sqlx::query_as(&format!(
            "SELECT {columns} FROM events WHERE aggregate_type = $1 AND aggregate_id = $2 ORDER BY sequence"
        ))
        .bind(aggregate_type)
        .bind(aggregate_id)
        .fetch_all(pool)
        .await?
    });
    rows.into_iter().map(StoredEvent::try_from).collect()
}

/// The events of several streams of one aggregate type, each in stream order.
pub async fn streams(db: &Db, aggregate_type: &str, ids: &[String]) -> Result<Vec<StoredEvent>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<EventRow> = crate::on_db!(db, |pool, columns| {
        let mut query =
            sqlx::QueryBuilder::new(format!("SELECT {columns} FROM events WHERE aggregate_type = "));
        query.push_bind(aggregate_type).push(" AND aggregate_id IN ");
        crate::db::push_list(&mut query, ids.iter().map(String::as_str));
        query.push(" ORDER BY aggregate_id, sequence");
        query.build_query_as().fetch_all(pool).await?
    });
    rows.into_iter().map(StoredEvent::try_from).collect()
}

/// The global position of one event of a stream.
pub async fn position_of(
    db: &Db,
    aggregate_type: &str,
    aggregate_id: &str,
    sequence: i64,
) -> Result<Option<i64>, StoreError> {
    Ok(crate::on_db!(db, |pool, _columns| {
        let column = if matches!(db, Db::Postgres(_)) { "position" } else { "rowid" };
        sqlx::query_scalar(&format!(
            "SELECT {column} FROM events WHERE aggregate_type = $1 AND aggregate_id = $2 AND sequence = $3"
        ))
        .bind(aggregate_type)
        .bind(aggregate_id)
        .bind(sequence)
        .fetch_optional(pool)
        .await?
    }))
}

/// The last event `actor` wrote under `key`, if a command of theirs with that key has landed.
pub async fn find_idempotent_write(
    db: &Db,
    key: &str,
    caller: &str,
) -> Result<Option<IdempotentWrite>, StoreError> {
    let row: Option<(String, String, i64, i64, Option<String>)> = crate::on_db!(db, |pool, _columns| {
        let position = if matches!(db, Db::Postgres(_)) { "position" } else { "rowid" };
        sqlx::query_as(&format!(
            "SELECT aggregate_type, aggregate_id, sequence, {position}, metadata ->> 'request_digest' \
             FROM events WHERE metadata ->> 'idempotency_key' = $1 \
             AND COALESCE('person:' || (metadata ->> 'person_issuer') || ' ' || (metadata ->> 'person_subject'), \
             metadata ->> 'actor') = $2 \
             ORDER BY {position} DESC LIMIT 1"
        ))
        .bind(key)
        .bind(caller)
        .fetch_optional(pool)
        .await?
    });
    Ok(row.map(|(aggregate_type, aggregate_id, sequence, position, request_digest)| IdempotentWrite {
        aggregate_type,
        aggregate_id,
        sequence,
        position,
        request_digest,
    }))
}

/// Which of `keys` the caller `actor` has spent (each spent key is a row of `idempotency_keys`,
/// written in the transaction of the events it answered).
pub async fn spent_keys(db: &Db, actor: &str, keys: &[&str]) -> Result<Vec<String>, StoreError> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    Ok(crate::on_db!(db, |pool, _columns| {
        let mut query = sqlx::QueryBuilder::new("SELECT key FROM idempotency_keys WHERE actor = ");
        query.push_bind(actor).push(" AND key IN ");
        crate::db::push_list(&mut query, keys.iter().copied());
        query.build_query_scalar().fetch_all(pool).await?
    }))
}

/// Whether no event has been stored yet.
pub async fn is_empty(db: &Db) -> Result<bool, StoreError> {
    let any: Option<i64> = crate::on_db!(db, |pool, _columns| {
        sqlx::query_scalar("SELECT CAST(1 AS BIGINT) FROM events LIMIT 1").fetch_optional(pool).await?
    });
    Ok(any.is_none())
}

impl TryFrom<EventRow> for StoredEvent {
    type Error = StoreError;

    fn try_from(row: EventRow) -> Result<Self, Self::Error> {
        let corrupt = |detail: String| {
            StoreError::Query(sqlx::Error::Decode(
                format!("event at position {}: {detail}", row.position).into(),
            ))
        };
        let (payload, metadata) = row.json().map_err(corrupt)?;
        let recorded_at = DateTime::parse_from_rfc3339(&row.recorded_at)
            .map_err(|e| corrupt(format!("its recorded_at is not a time ({e})")))?
            .with_timezone(&Utc);
        Ok(Self {
            position: row.position,
            aggregate_type: row.aggregate_type,
            aggregate_id: row.aggregate_id,
            sequence: row.sequence,
            event_type: row.event_type,
            event_version: row.event_version,
            payload,
            metadata,
            recorded_at,
            tx_id: row.tx_id,
        })
    }
}

/// Where a reader of the log stands: the last event it consumed, in commit order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Checkpoint {
    /// PostgreSQL: the transaction id of that event; SQLite: 0.
    pub tx_id: i64,
    pub position: i64,
}

impl Checkpoint {
    pub fn of(event: &StoredEvent) -> Self {
        Self { tx_id: event.tx_id, position: event.position }
    }

    /// Where a reader stands after the event of `row`.
    pub fn of_row(row: &EventRow) -> Self {
        Self { tx_id: row.tx_id, position: row.position }
    }
}

/// The statement [`committed_after`] reads PostgreSQL's log with: `$1`, `$2` the checkpoint,
/// `$3` the limit. Public so a test can hold its plan to an index scan.
pub fn committed_after_postgres() -> String {
    // `events.`: a bare `tx_id` in ORDER BY names the output column (a bigint copy), which no
    // index orders, and every batch would sort the whole log.
    format!(
        "SELECT {POSTGRES_COLUMNS} FROM events \
         WHERE (tx_id, position) > ($1::text::xid8, $2) AND tx_id < pg_snapshot_xmin(pg_current_snapshot()) \
         ORDER BY events.tx_id, events.position LIMIT $3"
    )
}

/// Up to `limit` events after `checkpoint` in commit order, all of whose writers have finished.
///
/// PostgreSQL hands out positions before commit, so a later position can become visible before
/// an earlier one. Reading only below the oldest transaction still running
/// (`pg_snapshot_xmin`), ordered by transaction id then position, never skips an event that
/// commits late: every transaction below that horizon has committed or rolled back.
pub async fn committed_after(
    tx: &mut Tx,
    checkpoint: Checkpoint,
    limit: i64,
) -> Result<Vec<StoredEvent>, StoreError> {
    let rows: Vec<EventRow> = match tx {
        Tx::Postgres(conn) => {
            sqlx::query_as(&committed_after_postgres())
                .bind(checkpoint.tx_id)
                .bind(checkpoint.position)
                .bind(limit)
                .fetch_all(&mut **conn)
                .await?
        }
        Tx::Sqlite(conn, _) => {
            sqlx::query_as(&format!(
                "SELECT {SQLITE_COLUMNS} FROM events WHERE rowid > $1 ORDER BY rowid LIMIT $2"
            ))
            .bind(checkpoint.position)
            .bind(limit)
            .fetch_all(&mut **conn)
            .await?
        }
    };
    rows.into_iter().map(StoredEvent::try_from).collect()
}

/// The last event in commit order whose writer had finished when `tx`'s snapshot was taken
/// (the default checkpoint when there is none): where a reader of the whole log in another
/// order stands once it has read [`stream_by_aggregate`] through it.
pub async fn last_committed(tx: &mut Tx) -> Result<Checkpoint, StoreError> {
    let last: Option<(i64, i64)> = match tx {
        Tx::Postgres(conn) => {
            sqlx::query_as(
                "SELECT tx_id::text::bigint, position FROM events \
                 WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot()) \
                 ORDER BY events.tx_id DESC, events.position DESC LIMIT 1",
            )
            .fetch_optional(&mut **conn)
            .await?
        }
        Tx::Sqlite(conn, _) => {
            sqlx::query_as("SELECT 0, rowid FROM events ORDER BY rowid DESC LIMIT 1")
                .fetch_optional(&mut **conn)
                .await?
        }
    };
    Ok(last.map(|(tx_id, position)| Checkpoint { tx_id, position }).unwrap_or_default())
}

static POSTGRES_BY_AGGREGATE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {POSTGRES_COLUMNS} FROM events WHERE (tx_id, position) <= ($1::text::xid8, $2) \
         ORDER BY events.aggregate_type, events.aggregate_id, events.sequence"
    )
});
static SQLITE_BY_AGGREGATE: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {SQLITE_COLUMNS} FROM events WHERE rowid <= $1 ORDER BY aggregate_type, aggregate_id, sequence")
});

/// Every event up to `through` in commit order (from [`last_committed`] in the same snapshot
/// transaction), in stream order: by aggregate type, aggregate id, then sequence, the primary
/// key's order, so each stream arrives whole and a reader can let go of it when it ends. One
/// query whose rows arrive as they are consumed, for a reader of the whole log (a replay) that
/// should cost one statement and flat memory.
pub fn stream_by_aggregate(tx: &mut Tx, through: Checkpoint) -> BoxStream<'_, Result<EventRow, sqlx::Error>> {
    match tx {
        Tx::Postgres(conn) => sqlx::query_as(POSTGRES_BY_AGGREGATE.as_str())
            .bind(through.tx_id)
            .bind(through.position)
            .fetch(&mut **conn),
        Tx::Sqlite(conn, _) => {
            sqlx::query_as(SQLITE_BY_AGGREGATE.as_str()).bind(through.position).fetch(&mut **conn)
        }
    }
}

static POSTGRES_BETWEEN: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {POSTGRES_COLUMNS} FROM events \
         WHERE (tx_id, position) > ($1::text::xid8, $2) AND (tx_id, position) <= ($3::text::xid8, $4) \
         ORDER BY events.tx_id, events.position"
    )
});
static SQLITE_BETWEEN: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {SQLITE_COLUMNS} FROM events WHERE rowid > $1 AND rowid <= $2 ORDER BY rowid")
});

/// The events after `after` up to `through` (from [`last_committed`]) in commit order, as
/// [`committed_after`] returns them page by page, from one query. `through` bounds them to what another snapshot saw:
/// every event up to it had committed then, so any later snapshot reads the same ones, and a
/// second connection can read them beside the first.
pub fn stream_committed_between(
    tx: &mut Tx,
    after: Checkpoint,
    through: Checkpoint,
) -> BoxStream<'_, Result<EventRow, sqlx::Error>> {
    match tx {
        Tx::Postgres(conn) => sqlx::query_as(POSTGRES_BETWEEN.as_str())
            .bind(after.tx_id)
            .bind(after.position)
            .bind(through.tx_id)
            .bind(through.position)
            .fetch(&mut **conn),
        Tx::Sqlite(conn, _) => sqlx::query_as(SQLITE_BETWEEN.as_str())
            .bind(after.position)
            .bind(through.position)
            .fetch(&mut **conn),
    }
}

/// The highest position in the log, 0 when it is empty.
pub async fn head(db: &Db) -> Result<i64, StoreError> {
    let head: Option<i64> = crate::on_db!(db, |pool, _columns| {
        let position = if matches!(db, Db::Postgres(_)) { "position" } else { "rowid" };
        sqlx::query_scalar(&format!("SELECT MAX({position}) FROM events")).fetch_one(pool).await?
    });
    Ok(head.unwrap_or(0))
}

/// Filters of the audit feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedFilter {
    pub actor: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// One event of the audit feed, with its place in the hash chain.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    /// Dense, gapless order of commit: the feed's cursor.
    pub seq: i64,
    pub link: String,
    pub event: StoredEvent,
}

/// Up to `limit` linked events after chain sequence `after`, in commit order. Only events the
/// projector has linked appear, so the feed never shows an event it could later precede.
pub async fn feed(db: &Db, after: i64, limit: i64, filter: &FeedFilter) -> Result<Vec<FeedItem>, StoreError> {
    let (columns, position, time) = match db {
        Db::Postgres(_) => (POSTGRES_COLUMNS, "position", "e.recorded_at"),
        Db::Sqlite(..) => (SQLITE_COLUMNS, "rowid", "e.recorded_at"),
    };
    let mut conditions = vec!["l.seq > $1".to_owned()];
    let mut params: Vec<String> = Vec::new();
    // The precision each backend stores: microseconds in timestamptz, milliseconds in SQLite's
    // text (which compares as text, so the formats must match).
    let precision = if matches!(db, Db::Postgres(_)) {
        chrono::SecondsFormat::Micros
    } else {
        chrono::SecondsFormat::Millis
    };
    let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(precision, true);
    let cast = if matches!(db, Db::Postgres(_)) { "::timestamptz" } else { "" };
    if let Some(actor) = &filter.actor {
        params.push(actor.clone());
        conditions.push(format!("e.metadata ->> 'actor' = ${}", params.len() + 1));
    }
    if let Some(from) = filter.from {
        params.push(stamp(from));
        conditions.push(format!("{time} >= ${}{cast}", params.len() + 1));
    }
    if let Some(to) = filter.to {
        params.push(stamp(to));
        conditions.push(format!("{time} <= ${}{cast}", params.len() + 1));
    }
    let sql = format!(
        "SELECT l.seq, l.link, x.* FROM event_links l \
         JOIN (SELECT {columns} FROM events) x ON x.position = l.position \
         JOIN events e ON e.{position} = l.position \
         WHERE {} ORDER BY l.seq LIMIT {limit}",
        conditions.join(" AND ")
    );
    let rows: Vec<LinkedRow> = crate::on_db!(db, |pool, _columns| {
        let mut query = sqlx::query_as(&sql).bind(after);
        for value in &params {
            query = query.bind(value);
        }
        query.fetch_all(pool).await?
    });
    rows.into_iter()
        .map(|r| Ok(FeedItem { seq: r.seq, link: r.link, event: StoredEvent::try_from(r.event)? }))
        .collect()
}
