//! Electing one projector among replicas on PostgreSQL: a session advisory lock, held on a
//! connection of its own and checked before every batch, so a leader whose session died (a
//! restart of the database, `pg_terminate_backend`, a cut network) steps down instead of
//! believing it still leads. Exactly-once does not rest on this: every batch also locks the
//! state row, so two projectors can never apply the same event; the lock keeps the others idle.

use std::time::Duration;

use sqlx::Connection as _;

/// Advisory lock key of the projector ("tatrack" in ASCII).
const ADVISORY_LOCK_KEY: i64 = 0x0074_6174_7261_636b;
/// `application_name` prefix of the leader's session: how every replica tells who leads.
const LEADER_PREFIX: &str = "tatrack projector ";
/// How long the liveness check may take before the session counts as lost.
const CHECK_TIMEOUT: Duration = Duration::from_secs(5);

/// The lock `pg_locks` shows for [`ADVISORY_LOCK_KEY`]: a bigint key splits into two oids.
const LOCK_MATCH: &str = "locktype = 'advisory' AND granted AND objsubid = 1 \
     AND classid::bigint = ($1::bigint >> 32) AND objid::bigint = ($1::bigint & 4294967295) \
     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

/// The advisory lock, held for as long as this connection lives.
pub struct Leadership {
    connection: sqlx::PgConnection,
}

impl Leadership {
    /// Takes the lock for `instance`, or `None` if another session holds it (or the store
    /// cannot be reached: the caller retries either way).
    pub async fn acquire(pool: &sqlx::PgPool, instance: &str) -> Option<Self> {
        // Detached from the pool: a session lock must not outlive its holder on a pooled connection.
        let mut connection = pool.acquire().await.ok()?.detach();
        let acquired: bool = sqlx::query_scalar(
            "SELECT pg_try_advisory_lock($1) AND set_config('application_name', $2, false) IS NOT NULL",
        )
        .bind(ADVISORY_LOCK_KEY)
        .bind(format!("{LEADER_PREFIX}{instance}"))
        .fetch_one(&mut connection)
        .await
        .ok()?;
        if acquired {
            Some(Self { connection })
        } else {
            let _ = connection.close().await;
            None
        }
    }

    /// Whether this session still holds the lock. `false` when the session died or does not
    /// answer within [`CHECK_TIMEOUT`]: the lock is then free, or soon will be.
    pub async fn still_held(&mut self) -> bool {
        let sql =
            format!("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = pg_backend_pid() AND {LOCK_MATCH})");
        let check = sqlx::query_scalar(&sql).bind(ADVISORY_LOCK_KEY).fetch_one(&mut self.connection);
        matches!(tokio::time::timeout(CHECK_TIMEOUT, check).await, Ok(Ok(true)))
    }

    /// Releases the lock now rather than when the server notices the connection is gone.
    pub async fn release(self) {
        let _ = self.connection.close().await;
    }
}

/// The instance whose projector holds the lock, as the database sees it; `None` when no
/// session holds it.
pub async fn leader(pool: &sqlx::PgPool) -> Result<Option<String>, sqlx::Error> {
    let name: Option<String> = sqlx::query_scalar(&format!(
        // Only `pid` is a column of both views; the lock's columns are pg_locks' alone.
        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE {LOCK_MATCH}"
    ))
    .bind(ADVISORY_LOCK_KEY)
    .fetch_optional(pool)
    .await?;
    Ok(name.map(|n| n.strip_prefix(LEADER_PREFIX).unwrap_or(&n).to_owned()))
}
