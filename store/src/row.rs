//! An event as the database holds it: the row type both backends decode, the select lists
//! that read it on each backend, and a linked event's row (its place in the hash chain beside
//! it).

use serde_json::Value;

/// An event as the database holds it, selected with [`POSTGRES_COLUMNS`] or [`SQLITE_COLUMNS`]:
/// both backends return text for the JSON and time columns, so one row type decodes either.
/// Readers get a [`crate::log::StoredEvent`] from it; the audit reads the row itself, because
/// JSON that no longer parses is tampering to report, not an error to stop on.
#[derive(Debug, sqlx::FromRow)]
pub struct EventRow {
    pub position: i64,
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub sequence: i64,
    pub event_type: String,
    pub event_version: String,
    pub payload: String,
    pub metadata: String,
    pub recorded_at: String,
    pub tx_id: i64,
}

impl EventRow {
    /// The payload and metadata parsed, or which of them is not JSON.
    pub fn json(&self) -> Result<(Value, Value), String> {
        let parse = |what: &str, text: &str| {
            serde_json::from_str(text).map_err(|e| format!("its {what} is not JSON ({e})"))
        };
        Ok((parse("payload", &self.payload)?, parse("metadata", &self.metadata)?))
    }
}

/// A linked event: its place in the hash chain (`event_links`) beside the event row.
#[derive(Debug, sqlx::FromRow)]
pub struct LinkedRow {
    pub seq: i64,
    pub link: String,
    #[sqlx(flatten)]
    pub event: EventRow,
}

pub const POSTGRES_COLUMNS: &str = "position, aggregate_type, aggregate_id, sequence, event_type, \
    event_version, payload::text AS payload, metadata::text AS metadata, \
    to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS recorded_at, \
    tx_id::text::bigint AS tx_id";
pub const SQLITE_COLUMNS: &str = "rowid AS position, aggregate_type, aggregate_id, sequence, event_type, \
    event_version, payload, metadata, recorded_at, 0 AS tx_id";
