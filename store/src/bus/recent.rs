//! The streams this process's commands last decided on, each as it stood after their append.
//!
//! A command on a stream this process just wrote to is decided on the stream kept here instead
//! of reading it again: the read and its decoding were a third of a command's CPU, and the
//! command after a plan nearly always lands on the same activity. Only a caller that pins the
//! command to the version it checked ([`super::CommandBus::command_stream`]) may use it: if
//! another process (a replica, the CLI, an import's batch) has appended since, the append is
//! refused for the version it no longer follows, the entry is dropped, and the caller checks
//! again on the stream read from the log. Reads never see it.

use std::collections::HashMap;
use std::sync::Mutex;

use cqrs_es::{Aggregate, EventEnvelope};

/// Streams kept at most; past it they are all dropped and kept again as commands land.
const CAPACITY: usize = 256;

/// A stream longer than this is read from the log each time: keeping it would hold its events'
/// memory for a saving that shrinks beside its own decoding.
const LONGEST: usize = 256;

pub(super) struct Recent<A: Aggregate>(Mutex<HashMap<String, Vec<EventEnvelope<A>>>>);

impl<A: Aggregate> Default for Recent<A> {
    fn default() -> Self {
        Self(Mutex::new(HashMap::new()))
    }
}

impl<A: Aggregate> Recent<A> {
    pub(super) fn get(&self, aggregate_id: &str) -> Option<Vec<EventEnvelope<A>>> {
        self.streams().get(aggregate_id).cloned()
    }

    /// Keeps `stream`, the whole stream as it stands after this process's append.
    pub(super) fn keep(&self, aggregate_id: &str, stream: Vec<EventEnvelope<A>>) {
        let mut streams = self.streams();
        if stream.len() > LONGEST {
            streams.remove(aggregate_id);
            return;
        }
        if streams.len() >= CAPACITY && !streams.contains_key(aggregate_id) {
            streams.clear();
        }
        streams.insert(aggregate_id.to_owned(), stream);
    }

    /// Drops what is kept of a stream another writer has moved on.
    pub(super) fn forget(&self, aggregate_id: &str) {
        self.streams().remove(aggregate_id);
    }

    fn streams(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<EventEnvelope<A>>>> {
        // Each change is one call on the map: a panic elsewhere cannot leave it half-changed.
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
