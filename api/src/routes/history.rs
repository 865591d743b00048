//! An aggregate's events as the history endpoints show them.

use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use serde::Serialize;
use serde_json::Value;
use tatrack_projections::log;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::{ApiError, Result};
use crate::service::AppState;

/// One recorded event.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntry {
    /// Global position in the event log.
    pub position: i64,
    /// The record's version after this event.
    pub version: i64,
    pub event_type: String,
    pub event_version: String,
    /// When the store accepted the event.
    pub recorded_at: DateTime<Utc>,
    /// The event's data (null for events that carry none).
    pub payload: Value,
    /// Who recorded it, in which role, under which request, and why where a reason applies.
    pub metadata: Value,
}

/// The stream of `A` under `id`, oldest first; 404 when it holds nothing.
pub async fn history_of<A: Aggregate>(app: &AppState, id: Uuid, noun: &str) -> Result<Vec<HistoryEntry>> {
    let events = log::stream(&app.db, A::TYPE, &id.to_string()).await?;
    if events.is_empty() {
        return Err(ApiError::NotFound(format!("no {noun} is recorded under id {id}")));
    }
    Ok(events
        .into_iter()
        .map(|event| HistoryEntry {
            position: event.position,
            version: event.sequence,
            payload: unwrap_variant(event.payload, &event.event_type),
            event_type: event.event_type,
            event_version: event.event_version,
            recorded_at: event.recorded_at,
            metadata: event.metadata,
        })
        .collect())
}

/// cqrs-es stores an event enum as `{"EventType": {...}}` (or `"EventType"` when it carries no
/// data); the type is already its own field, so show only the data.
fn unwrap_variant(payload: Value, event_type: &str) -> Value {
    match payload {
        Value::Object(mut map) if map.len() == 1 && map.contains_key(event_type) => {
            map.remove(event_type).unwrap_or(Value::Null)
        }
        Value::String(s) if s == event_type => Value::Null,
        other => other,
    }
}
