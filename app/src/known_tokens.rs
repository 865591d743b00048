//! Tokens as last read from the store, kept for a second. Every request presents one, and
//! reading its row costs a round trip to the database plus sqlx's check of the connection on
//! its return to the pool: a third of a command's statements (BENCHMARKS.md, issue 29).
//!
//! A revocation through this process forgets the token at once. One made through another
//! replica is seen here within [`FRESH_FOR`], the time an entry is trusted.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tatrack_store::db::{Db, StoreError};
use tatrack_store::tokens::{self, StoredToken};

/// How long a token read from the store is trusted without reading it again.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// Entries kept at most; past it the oldest reads are dropped. Only tokens that exist are kept,
/// so made-up secrets cannot fill it.
const CAPACITY: usize = 4096;

#[derive(Debug, Default)]
pub struct KnownTokens(Mutex<Known>);

#[derive(Debug, Default)]
struct Known {
    entries: HashMap<String, (Instant, StoredToken)>,
    /// Counts revocations made here, so a read begun before one is not kept after it.
    revocations: u64,
}

impl KnownTokens {
    /// The token whose secret has this digest, revoked or not, as [`tokens::by_digest`] reads it
    /// (at most [`FRESH_FOR`] ago).
    pub async fn by_digest(&self, db: &Db, digest: &str) -> Result<Option<StoredToken>, StoreError> {
        if let Some(token) = self.fresh(digest) {
            return Ok(Some(token));
        }
        let (read_at, revocations) = (Instant::now(), self.known().revocations);
        let stored = tokens::by_digest(db, digest).await?;
        if let Some(token) = &stored {
            let mut known = self.known();
            if known.entries.len() >= CAPACITY {
                known.entries.retain(|_, (at, _)| at.elapsed() < FRESH_FOR);
            }
            if known.entries.len() < CAPACITY && known.revocations == revocations {
                known.entries.insert(digest.to_owned(), (read_at, token.clone()));
            }
        }
        Ok(stored)
    }

    /// Forgets the token named `name`: it is being revoked here. Called once the revocation is
    /// stored, so no read after it finds the token as it was.
    pub fn forget(&self, name: &str) {
        let mut known = self.known();
        known.revocations += 1;
        known.entries.retain(|_, (_, token)| token.name != name);
    }

    fn fresh(&self, digest: &str) -> Option<StoredToken> {
        let known = self.known();
        let (at, token) = known.entries.get(digest)?;
        (at.elapsed() < FRESH_FOR).then(|| token.clone())
    }

    fn known(&self) -> std::sync::MutexGuard<'_, Known> {
        // A panic while the map was held leaves it consistent (each change is one call).
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
