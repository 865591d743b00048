//! Signing the chain's head at intervals, on the projector that leads: the one process that
//! links the chain signs it, so replicas never sign twice and a standby starts signing when it
//! takes the lead.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use tatrack_audit::HeadKey;
use tatrack_store::Db;

/// The default interval between signed heads.
pub const DEFAULT_SIGN_EVERY: Duration = Duration::from_mins(1);

/// A key and how often it signs the head (only when the head moved since it last signed).
#[derive(Debug)]
pub struct HeadSigner {
    key: HeadKey,
    every: Duration,
    /// When this process last tried; `None`: not yet, so the first chance signs.
    last: Mutex<Option<Instant>>,
}

impl HeadSigner {
    pub fn new(key: HeadKey, every: Duration) -> Self {
        Self { key, every, last: Mutex::new(None) }
    }

    /// Signs the head if the interval has passed since the last attempt and the head moved.
    /// Best effort: a failure is logged and tried again at the next interval, never stopping
    /// the projector.
    pub async fn sign_when_due(&self, db: &Db) {
        {
            let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
            if last.is_some_and(|last| last.elapsed() < self.every) {
                return;
            }
            *last = Some(Instant::now());
        }
        match tatrack_audit::sign_head(db, &self.key).await {
            Ok(Some(head)) => tracing::info!(seq = head.seq, key_id = head.key_id, "signed the chain's head"),
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "cannot sign the chain's head; trying again later"),
        }
    }
}
