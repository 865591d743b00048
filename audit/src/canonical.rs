//! The bytes of an event that its link covers: the same on both backends, whatever order a
//! backend hands JSON keys back in.

use serde_json::Value;
use sha2::{Digest, Sha256};
use tatrack_store::row::EventRow;
use tatrack_store::StoredEvent;

use crate::Link;

/// The fields of an event that the chain covers, alike on both backends. Not the position
/// (an identity on PostgreSQL, the rowid on SQLite; [`verify`] pins it through the link row
/// instead) nor the append time (the two backends write it with different precision).
pub(crate) struct Fields<'a> {
    pub(crate) aggregate_type: &'a str,
    pub(crate) aggregate_id: &'a str,
    pub(crate) sequence: i64,
    pub(crate) event_type: &'a str,
    pub(crate) event_version: &'a str,
    pub(crate) payload: &'a Value,
    pub(crate) metadata: &'a Value,
}

impl<'a> From<&'a StoredEvent> for Fields<'a> {
    fn from(e: &'a StoredEvent) -> Self {
        Self {
            aggregate_type: &e.aggregate_type,
            aggregate_id: &e.aggregate_id,
            sequence: e.sequence,
            event_type: &e.event_type,
            event_version: &e.event_version,
            payload: &e.payload,
            metadata: &e.metadata,
        }
    }
}

impl<'a> Fields<'a> {
    /// The fields of a row read as text, with its JSON parsed by the caller.
    pub(crate) fn of_row(row: &'a EventRow, payload: &'a Value, metadata: &'a Value) -> Self {
        Self {
            aggregate_type: &row.aggregate_type,
            aggregate_id: &row.aggregate_id,
            sequence: row.sequence,
            event_type: &row.event_type,
            event_version: &row.event_version,
            payload,
            metadata,
        }
    }

    /// The compact JSON of `[aggregate_type, aggregate_id, sequence, event_type, event_version,
    /// payload, metadata]` with object keys sorted. That is what `serde_json::to_vec` writes
    /// today (its `Map` is a `BTreeMap`), but sorting here keeps existing links valid if a
    /// dependency ever turns on `serde_json`'s `preserve_order`: PostgreSQL's jsonb hands keys
    /// back in its own order, SQLite in the order they were written.
    pub(crate) fn canonical(&self) -> serde_json::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(256);
        out.push(b'[');
        for text in [self.aggregate_type, self.aggregate_id] {
            serde_json::to_writer(&mut out, text)?;
            out.push(b',');
        }
        serde_json::to_writer(&mut out, &self.sequence)?;
        for text in [self.event_type, self.event_version] {
            out.push(b',');
            serde_json::to_writer(&mut out, text)?;
        }
        for value in [self.payload, self.metadata] {
            out.push(b',');
            write_sorted(&mut out, value)?;
        }
        out.push(b']');
        Ok(out)
    }

    pub(crate) fn link(&self, previous: &Link) -> serde_json::Result<Link> {
        let mut hasher = Sha256::new();
        hasher.update(previous);
        hasher.update(self.canonical()?);
        Ok(hasher.finalize().into())
    }
}

/// Compact JSON with every object's keys in byte order. Depth is bounded by `serde_json`'s
/// parser (128 levels), which produced every value that reaches here.
fn write_sorted(out: &mut Vec<u8>, value: &Value) -> serde_json::Result<()> {
    match value {
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_sorted(out, item)?;
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, key)?;
                out.push(b':');
                write_sorted(out, item)?;
            }
            out.push(b'}');
        }
        scalar => serde_json::to_writer(&mut *out, scalar)?,
    }
    Ok(())
}
