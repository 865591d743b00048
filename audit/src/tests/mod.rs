//! The chain's tests: canonical bytes and known answers, tampering found where it happened,
//! exports and their offline check, and linking. Chunks are tiny in tests (`CHUNK`), so every
//! walk crosses chunk boundaries.

mod canonical;
mod exports;
mod link;
mod signed;
mod tamper;

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tatrack_store::log::{committed_after, Checkpoint, StoredEvent};
use tatrack_store::{Db, Tx};
use tatrack_testkit::{append_raw, raw_event, Backend, Store, StreamEvent};

use crate::canonical::Fields;
use crate::link::{last_link, link_events, link_until};
use crate::{check, export, extends, verify, AuditError, Link, Verification, GENESIS};

pub(super) fn position_column(db: &Db) -> &'static str {
    if matches!(db, Db::Postgres(_)) {
        "position"
    } else {
        "rowid"
    }
}

pub(super) async fn execute(db: &Db, sql: &str) {
    tatrack_store::on_db!(db, |pool, _columns| {
        sqlx::query(sql).execute(pool).await.expect(sql);
    });
}

pub(super) fn payload(description: &str) -> Value {
    json!({"OutputRecorded": {"kind": "other", "description": description}})
}

/// Appends an event as postgres-es and sqlite-es do: a plain INSERT of the seven columns.
pub(super) async fn append_event(db: &Db, id: &str, sequence: i64, payload: &Value, metadata: &Value) {
    let event =
        StreamEvent { metadata: metadata.clone(), ..raw_event("Activity", id, sequence, payload.clone()) };
    append_raw(db, &event).await;
}

/// Appends `count` events to two interleaved streams, described `event-1`, `event-2`, ...
pub(super) async fn append(db: &Db, from: i64, count: i64) {
    for n in from..from + count {
        let stream = if n % 2 == 0 { "act-b" } else { "act-a" };
        append_event(db, stream, (n + 1) / 2, &payload(&format!("event-{n}")), &json!({"actor": "a"})).await;
    }
}

/// Links, in transactions of up to `batch` events read as the projector reads them, until
/// the chain holds `total` links. Waits when another test's open transaction holds
/// PostgreSQL's horizon (it is cluster-wide).
pub(super) async fn link(db: &Db, batch: i64, total: i64) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while chain_length(db).await < total {
        assert!(Instant::now() < deadline, "events stayed below the horizon");
        let mut tx = db.begin_write().await.expect("begin");
        let after =
            last_link(&mut tx).await.expect("last link").and_then(|l| l.checkpoint).unwrap_or_default();
        let mut events = committed_after(&mut tx, after, batch).await.expect("read the log");
        events.truncate(usize::try_from(total - chain_length_in(&mut tx).await).expect("not past total"));
        link_events(&mut tx, &events).await.expect("link");
        tx.commit().await.expect("commit");
        if events.is_empty() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Waits until the log's first `count` events read as committed: another test's open
/// transaction may hold PostgreSQL's horizon (it is cluster-wide) for a moment.
pub(super) async fn settled(db: &Db, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut tx = db.begin_read().await.expect("begin");
        let events = committed_after(&mut tx, Checkpoint::default(), 100).await.expect("read the log");
        tx.commit().await.expect("commit");
        if events.len() >= count {
            return;
        }
        assert!(Instant::now() < deadline, "events stayed below the horizon");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub(super) async fn chain_length_in(tx: &mut Tx) -> i64 {
    tatrack_store::on_tx!(tx, |conn| sqlx::query_scalar("SELECT COUNT(*) FROM event_links")
        .fetch_one(conn)
        .await
        .expect("count links"))
}

pub(super) async fn chain_length(db: &Db) -> i64 {
    tatrack_store::on_db!(db, |pool, _columns| sqlx::query_scalar("SELECT COUNT(*) FROM event_links")
        .fetch_one(pool)
        .await
        .expect("count links"))
}

/// `(position, link)` of every row of the chain, in seq order.
pub(super) async fn links(db: &Db) -> Vec<(i64, String)> {
    tatrack_store::on_db!(db, |pool, _columns| sqlx::query_as(
        "SELECT position, link FROM event_links ORDER BY seq"
    )
    .fetch_all(pool)
    .await
    .expect("read links"))
}

pub(super) async fn alter_payload(db: &Db, position: i64, description: &str) {
    let column = position_column(db);
    tatrack_store::on_db!(db, |pool, _columns| {
        sqlx::query(&format!("UPDATE events SET payload = $1 WHERE {column} = $2"))
            .bind(payload(description))
            .bind(position)
            .execute(pool)
            .await
            .expect("alter a payload");
    });
}

pub(super) fn broken_at(verification: &Verification, seq: i64, position: Option<i64>, reason: &str) {
    assert!(!verification.intact, "{verification:?}");
    let broken = verification.first_broken.as_ref().expect("a break");
    assert_eq!((broken.seq, broken.position), (seq, position), "{broken:?}");
    assert!(broken.reason.contains(reason), "{broken:?}");
    assert_eq!(verification.count, seq - 1);
}

pub(super) fn intact(count: i64, head: Option<&String>) -> Verification {
    Verification {
        intact: true,
        count,
        head: head.cloned(),
        first_broken: None,
        signatures: crate::Signatures::default(),
    }
}

// -----------------------------------------------------------------------------------------
// The chain's definition.

pub(super) fn sample(payload: Value) -> StoredEvent {
    StoredEvent {
        position: 7,
        aggregate_type: "Activity".into(),
        aggregate_id: "act-1".into(),
        sequence: 3,
        event_type: "OutputRecorded".into(),
        event_version: "1.0".into(),
        payload,
        metadata: json!({"actor": "a", "request_digest": "d"}),
        recorded_at: chrono::Utc::now(),
        tx_id: 0,
    }
}
