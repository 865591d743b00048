//! An aggregate's events as auditors read them: who, when, why, what changed in words, and the
//! state the events built up to any instant or version.

use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use serde::Serialize;
use serde_json::Value;
use tatrack_domain::metadata;
use tatrack_i18n::{msg, text, Language, Message};
use tatrack_store::{log, StoredEvent};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::service::App;

mod narration;

/// One field a correction or an amendment changed.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FieldChange {
    /// The field's path in the activity's record, such as `title`, `delivery.start`,
    /// `participants.female`, `funding[1].donor` or `outputs[0]`.
    pub field: String,
    pub old: Value,
    pub new: Value,
}

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
    /// The token that recorded it, and its role then.
    pub actor: Option<String>,
    pub role: Option<String>,
    pub request_id: Option<String>,
    /// For reschedules, withdrawals, corrections, amendments, cancellations and voiding.
    pub reason: Option<String>,
    /// What happened, in words.
    pub summary: String,
    /// For corrections, amendments and voiding: each field with its value before and after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<FieldChange>>,
    /// For imported events: the file and row the event came from (who imported it is `actor`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import: Option<ImportSource>,
    /// The event's data (null for events that carry none).
    pub payload: Value,
    /// Everything stored beside the event.
    pub metadata: Value,
}

/// Where an imported event came from, as its metadata records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ImportSource {
    /// The file's name as uploaded.
    pub file: String,
    /// SHA-256 of the whole file, hex.
    pub sha256: String,
    /// The row of the file (the header is row 1).
    pub row: u64,
}

impl ImportSource {
    /// The provenance in `metadata`, when the event was imported.
    fn of(metadata: &Value) -> Option<Self> {
        let text = |key: &str| metadata.get(key).and_then(Value::as_str);
        Some(Self {
            file: text(metadata::IMPORT_FILE)?.to_owned(),
            sha256: text(metadata::IMPORT_SHA256)?.to_owned(),
            row: text(metadata::IMPORT_ROW)?.parse().ok()?,
        })
    }
}

/// An aggregate whose events can be told in words, given the state before each: a message of
/// the `history` catalogue, read in the asker's language.
pub trait Narrated: Aggregate {
    fn narrate(before: &Self, event: &Self::Event, language: Language)
        -> (Message, Option<Vec<FieldChange>>);
}

/// How far to replay a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cutoff {
    /// Events the store accepted up to and including this instant.
    At(DateTime<Utc>),
    /// The first N events.
    Version(i64),
    Everything,
}

impl Cutoff {
    fn admits(self, event: &StoredEvent) -> bool {
        match self {
            Self::At(instant) => event.recorded_at <= instant,
            Self::Version(version) => event.sequence <= version,
            Self::Everything => true,
        }
    }
}

/// The state `A`'s events built up to `cutoff`, with the last of those events; `None` when the
/// stream held nothing by then.
pub async fn state_at<A: Aggregate>(app: &App, id: Uuid, cutoff: Cutoff) -> Result<Option<(A, StoredEvent)>> {
    let events = log::stream(&app.db, A::TYPE, &id.to_string()).await?;
    let mut state = A::default();
    let mut last = None;
    for event in events.into_iter().take_while(|e| cutoff.admits(e)) {
        state.apply(decode::<A>(&event)?);
        last = Some(event);
    }
    Ok(last.map(|event| (state, event)))
}

/// The stream of `A` under `id`, oldest first, told in words of `language`; 404 when it holds
/// nothing.
pub async fn history_of<A: Narrated>(
    app: &App,
    id: Uuid,
    noun: &str,
    language: Language,
) -> Result<Vec<HistoryEntry>> {
    let events = log::stream(&app.db, A::TYPE, &id.to_string()).await?;
    if events.is_empty() {
        // `noun` (activity or programme) is the key the catalogues select the words on.
        return Err(Error::NotFound(msg("problem-no-history").with("noun", noun).with("id", id.to_string())));
    }
    let mut state = A::default();
    let mut entries = Vec::with_capacity(events.len());
    for event in events {
        let decoded = decode::<A>(&event)?;
        let (summary, changes) = A::narrate(&state, &decoded, language);
        let summary = text(language, &summary);
        state.apply(decoded);
        let text = |key: &str| event.metadata.get(key).and_then(Value::as_str).map(str::to_owned);
        entries.push(HistoryEntry {
            position: event.position,
            version: event.sequence,
            actor: text(metadata::ACTOR),
            role: text(metadata::ROLE),
            request_id: text(metadata::REQUEST_ID),
            reason: text(metadata::REASON),
            summary,
            changes,
            import: ImportSource::of(&event.metadata),
            payload: unwrap_variant(event.payload.clone(), &event.event_type),
            event_type: event.event_type,
            event_version: event.event_version,
            recorded_at: event.recorded_at,
            metadata: event.metadata,
        });
    }
    Ok(entries)
}

fn decode<A: Aggregate>(event: &StoredEvent) -> Result<A::Event> {
    event.decode().map_err(|e| {
        Error::Internal(format!("event at position {} does not decode: {e}", event.position).into())
    })
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
