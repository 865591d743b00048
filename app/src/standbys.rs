//! PostgreSQL hot standbys that reads may go to (`serve --read-database-url`). The projector and
//! the commands stay on the primary; the read models reach a standby through streaming
//! replication, so a standby answers a read only when its replayed read models cover what the
//! read needs: the `min_position` it asks for, or the caller's own last write. Anything else
//! (no standby, all behind, one down) is answered by the primary, never refused.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use tatrack_projections::state::read_state;
use tatrack_store::db::StoreError;
use tatrack_store::Db;

/// How long a standby that failed is left alone before it is tried again.
const REST_AFTER_FAILURE: Duration = Duration::from_secs(5);

/// How long asking a standby where its read models stand may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(1);

/// Where reads may go besides the primary.
#[derive(Debug, Default)]
pub struct Standbys {
    each: Vec<Standby>,
    /// Round robin: the standby the next read tries first.
    next: AtomicUsize,
    /// The position of each caller's last write (by a digest of their credentials), so a caller
    /// reads their own writes without asking for them.
    last_writes: Mutex<HashMap<[u8; 32], i64>>,
}

#[derive(Debug)]
struct Standby {
    db: Db,
    /// Until when it is left alone, after a failure.
    resting_until: Mutex<Option<Instant>>,
}

/// A caller as the standbys tell callers apart: a digest of the credentials they present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller([u8; 32]);

impl Caller {
    /// The caller presenting `credentials` (a bearer token or a session cookie's value).
    pub fn presenting(credentials: &[u8]) -> Self {
        Self(Sha256::digest(credentials).into())
    }
}

impl Standbys {
    /// Pools on the standbys at `urls` (PostgreSQL only), connected when first used.
    pub fn connect(urls: &[&str]) -> Result<Self, StoreError> {
        let each = urls
            .iter()
            .map(|url| Ok(Standby { db: Db::standby(url)?, resting_until: Mutex::new(None) }))
            .collect::<Result<_, StoreError>>()?;
        Ok(Self { each, ..Self::default() })
    }

    pub fn is_empty(&self) -> bool {
        self.each.is_empty()
    }

    /// Remembers that `caller`'s write landed at `position`.
    pub fn wrote(&self, caller: Caller, position: i64) {
        if self.is_empty() {
            return;
        }
        if let Ok(mut writes) = self.last_writes.lock() {
            let last = writes.entry(caller.0).or_insert(position);
            *last = (*last).max(position);
        }
    }

    /// The database to read from: a standby whose read models reached `min_position` and the
    /// caller's last write, trying each in turn from the next one; else `primary`.
    pub async fn reader(&self, primary: &Db, caller: Option<Caller>, min_position: Option<i64>) -> Db {
        if self.is_empty() {
            return primary.clone();
        }
        let own = caller.and_then(|c| self.last_writes.lock().ok().and_then(|w| w.get(&c.0).copied()));
        let needed = own.max(min_position).unwrap_or(0);
        let first = self.next.fetch_add(1, Ordering::Relaxed);
        for offset in 0..self.each.len() {
            let standby = &self.each[(first + offset) % self.each.len()];
            if standby.covers(needed).await {
                return standby.db.clone();
            }
        }
        primary.clone()
    }
}

impl Standby {
    /// Whether this standby answers and its read models reached `needed`; a standby that does
    /// not answer rests a while, so reads do not wait on it each time.
    async fn covers(&self, needed: i64) -> bool {
        let now = Instant::now();
        if let Ok(mut resting) = self.resting_until.lock() {
            match *resting {
                Some(until) if until > now => return false,
                Some(_) => *resting = None,
                None => {}
            }
        }
        match tokio::time::timeout(PROBE_TIMEOUT, position(&self.db)).await {
            Ok(Ok(position)) => position >= needed,
            failed => {
                let reason = match failed {
                    Ok(Err(error)) => error.to_string(),
                    _ => "no answer within a second".to_owned(),
                };
                tracing::warn!(%reason, "a standby failed; the primary answers its reads for a while");
                if let Ok(mut resting) = self.resting_until.lock() {
                    *resting = Some(now + REST_AFTER_FAILURE);
                }
                false
            }
        }
    }
}

/// The log position the read models on `db` reflect.
async fn position(db: &Db) -> Result<i64, StoreError> {
    let mut tx = db.begin_read().await?;
    let state = read_state(&mut tx, false).await?;
    tx.commit().await?;
    Ok(state.checkpoint.position)
}
