//! Readiness on a first start: the log's head when the server began serving, until the read
//! models have reached it once.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use tatrack_projections::status;

use crate::error::Result;

/// The log's head when a server with a projector began serving, until the read models have
/// reached it once. Before that a first start (or a start after a long stop) would answer from
/// part of the log, though its lag, counted only up to the bound, looked small.
#[derive(Debug)]
pub struct FirstCatchUp {
    head: AtomicI64,
    reached: AtomicBool,
}

impl Default for FirstCatchUp {
    /// Nothing to wait for: a server without a projector is ready by the lag bound alone.
    fn default() -> Self {
        Self { head: AtomicI64::new(0), reached: AtomicBool::new(true) }
    }
}

impl FirstCatchUp {
    /// Readiness waits until the read models hold the event at `head`.
    pub fn wait_for(&self, head: i64) {
        self.head.store(head, Ordering::Release);
        self.reached.store(head <= 0, Ordering::Release);
    }

    /// The head still to reach, or `None` once the read models have reached it (remembered).
    pub async fn pending(&self, db: &tatrack_store::Db) -> Result<Option<i64>> {
        if self.reached.load(Ordering::Acquire) {
            return Ok(None);
        }
        let head = self.head.load(Ordering::Acquire);
        if status::projected(db, head).await? {
            self.reached.store(true, Ordering::Release);
            return Ok(None);
        }
        Ok(Some(head))
    }
}
