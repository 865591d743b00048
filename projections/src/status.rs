//! The projector's progress as readers see it: its status (checkpoint, lag, leader, failure),
//! the bounded lag readiness probes ask for, and the waits of read-your-writes (whether an
//! event is in the read models yet, and waiting until it is).

use std::time::Duration;

use serde::Serialize;

use crate::state::read_state;
use tatrack_store::db::{Db, StoreError, Tx};

/// The projector's progress against the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectionStatus {
    /// Position of the last event applied to the read models.
    pub checkpoint: i64,
    /// Highest position in the log.
    pub head: i64,
    /// Events in the log not yet applied.
    pub lag: i64,
    pub events_applied: i64,
    /// The generation of read models queries read; a replay builds the next one.
    pub generation: i64,
    /// When the projector last committed a batch (RFC 3339), empty before the first.
    pub updated_at: String,
    /// The instance whose projector holds the leader lock (PostgreSQL); null when none does,
    /// and always on SQLite, where every projecting process takes its turn.
    pub leader: Option<String>,
    /// Why the projector is stuck, while it is; null when its last batch succeeded.
    pub failure: Option<ProjectionFailure>,
}

/// A batch the projector keeps failing to apply; it retries with backoff meanwhile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectionFailure {
    /// The event that cannot be applied; null when the store failed before any was read.
    pub position: Option<i64>,
    pub error: String,
    /// When the failures began (RFC 3339).
    pub since: String,
    /// Consecutive failed attempts.
    pub attempts: i64,
}

type StatusRow = (Option<i64>, i64, String, Option<i64>, Option<String>, Option<String>, i64);

pub async fn status(db: &Db) -> Result<ProjectionStatus, StoreError> {
    const STATE: &str = "(SELECT updated_at FROM projection_state WHERE id = 1), \
         (SELECT failed_position FROM projection_state WHERE id = 1), \
         (SELECT failure FROM projection_state WHERE id = 1), \
         (SELECT failed_since FROM projection_state WHERE id = 1), \
         (SELECT failed_attempts FROM projection_state WHERE id = 1)";
    let mut tx = db.begin_read().await?;
    let state = read_state(&mut tx, false).await?;
    let (head, pending, updated_at, failed_position, failure, since, attempts): StatusRow = match &mut tx {
        Tx::Postgres(conn) => {
            sqlx::query_as(&format!(
                "SELECT (SELECT MAX(position) FROM events), \
                 (SELECT COUNT(*) FROM events WHERE (tx_id, position) > ($1::text::xid8, $2)), {STATE}"
            ))
            .bind(state.checkpoint.tx_id)
            .bind(state.checkpoint.position)
            .fetch_one(&mut **conn)
            .await?
        }
        Tx::Sqlite(conn, _) => {
            sqlx::query_as(&format!(
            "SELECT (SELECT MAX(rowid) FROM events), (SELECT COUNT(*) FROM events WHERE rowid > $1), {STATE}"
        ))
            .bind(state.checkpoint.position)
            .fetch_one(&mut **conn)
            .await?
        }
    };
    tx.commit().await?;
    let leader = match db {
        Db::Postgres(pool) => crate::leadership::leader(pool).await?,
        Db::Sqlite(..) => None,
    };
    Ok(ProjectionStatus {
        checkpoint: state.checkpoint.position,
        head: head.unwrap_or(0),
        lag: pending,
        events_applied: state.events_applied,
        generation: state.generation,
        updated_at,
        leader,
        failure: failure.map(|error| ProjectionFailure {
            position: failed_position,
            error,
            since: since.unwrap_or_default(),
            attempts,
        }),
    })
}

/// The events not yet applied, counting no further than `bound + 1`: enough to tell whether
/// the lag passes `bound` without counting a long backlog on every readiness probe.
pub async fn lag_up_to(db: &Db, bound: i64) -> Result<i64, StoreError> {
    let mut tx = db.begin_read().await?;
    let state = read_state(&mut tx, false).await?;
    let cap = bound.checked_add(1).unwrap_or(bound);
    let lag: i64 =
        match &mut tx {
            Tx::Postgres(conn) => sqlx::query_scalar(
                "SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE (tx_id, position) > ($1::text::xid8, $2) \
                 LIMIT $3) AS pending",
            )
            .bind(state.checkpoint.tx_id)
            .bind(state.checkpoint.position)
            .bind(cap)
            .fetch_one(&mut **conn)
            .await?,
            Tx::Sqlite(conn, _) => {
                sqlx::query_scalar("SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE rowid > $1 LIMIT $2)")
                    .bind(state.checkpoint.position)
                    .bind(cap)
                    .fetch_one(&mut **conn)
                    .await?
            }
        };
    tx.commit().await?;
    Ok(lag)
}

/// Whether the event at `position` has been applied to the read models. On PostgreSQL commit
/// order differs from position order, so this compares the event's own (transaction, position)
/// with the checkpoint.
pub async fn projected(db: &Db, position: i64) -> Result<bool, StoreError> {
    if position <= 0 {
        return Ok(true);
    }
    let applied: Option<bool> = match db {
        Db::Postgres(pool) => {
            sqlx::query_scalar(
                "SELECT (e.tx_id::text::bigint, e.position) <= (s.checkpoint_tx, s.checkpoint_position) \
                 FROM events e, projection_state s WHERE e.position = $1 AND s.id = 1",
            )
            .bind(position)
            .fetch_optional(pool)
            .await?
        }
        Db::Sqlite(pool, _) => {
            sqlx::query_scalar("SELECT checkpoint_position >= $1 FROM projection_state WHERE id = 1")
                .bind(position)
                .fetch_optional(pool)
                .await?
        }
    };
    Ok(applied.unwrap_or(false))
}

/// Waits until the event at `position` is in the read models; `false` if `timeout` passed first.
///
/// It looks again when `advanced` says this process's projector committed a batch, and at
/// least every [`WAIT_POLL`] for a projector in another process. Polling every 5 ms instead
/// made 150 waiting requests (600 commands/s, each followed by its read) 30,000 queries a
/// second, which took the machine from the projector they waited for.
pub async fn wait_for(
    db: &Db,
    position: i64,
    timeout: Duration,
    advanced: &tokio::sync::Notify,
) -> Result<bool, StoreError> {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        // Listening before looking: a batch committed in between is not missed.
        let next_batch = advanced.notified();
        tokio::pin!(next_batch);
        next_batch.as_mut().enable();
        if projected(db, position).await? {
            return Ok(true);
        }
        let now = tokio::time::Instant::now();
        if now >= deadline {
            return Ok(false);
        }
        let _ = tokio::time::timeout_at(deadline.min(now + WAIT_POLL), next_batch).await;
    }
}

/// How often a wait for a position looks without being told of a batch.
const WAIT_POLL: Duration = Duration::from_millis(50);
