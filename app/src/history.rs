//! An aggregate's events as auditors read them: who, when, why, what changed in words, and the
//! state the events built up to any instant or version.

use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use serde::Serialize;
use serde_json::Value;
use tatrack_domain::activity::{Attendance, Delivery, Funding, Output, Participants};
use tatrack_domain::events::activity::CorrectedFields;
use tatrack_domain::events::PlannedFields;
use tatrack_domain::{metadata, Activity, ActivityEvent, ActivityRecord, Programme, ProgrammeEvent};
use tatrack_i18n::msg;
use tatrack_store::{log, StoredEvent};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::service::App;

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

/// An aggregate whose events can be told in words, given the state before each.
pub trait Narrated: Aggregate {
    fn narrate(before: &Self, event: &Self::Event) -> (String, Option<Vec<FieldChange>>);
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

/// The stream of `A` under `id`, oldest first, told in words; 404 when it holds nothing.
pub async fn history_of<A: Narrated>(app: &App, id: Uuid, noun: &str) -> Result<Vec<HistoryEntry>> {
    let events = log::stream(&app.db, A::TYPE, &id.to_string()).await?;
    if events.is_empty() {
        // `noun` (activity or programme) is the key the catalogues select the words on.
        return Err(Error::NotFound(msg("problem-no-history").with("noun", noun).with("id", id.to_string())));
    }
    let mut state = A::default();
    let mut entries = Vec::with_capacity(events.len());
    for event in events {
        let decoded = decode::<A>(&event)?;
        let (summary, changes) = A::narrate(&state, &decoded);
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

/// An amount as the history writes it: its digits grouped by thousands, its scale kept
/// ("48000.00" reads "48,000.00").
fn grouped(amount: &impl ToString) -> String {
    let amount = amount.to_string();
    let (whole, fraction) = amount.split_once('.').map_or((amount.as_str(), None), |(w, f)| (w, Some(f)));
    let digits: Vec<char> = whole.chars().collect();
    let mut out = String::new();
    for (i, digit) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*digit);
    }
    match fraction {
        Some(fraction) => format!("{out}.{fraction}"),
        None => out,
    }
}

/// A vocabulary word as people write it: `manual_published` reads "manual published".
fn in_words(word: &str) -> String {
    word.replace('_', " ")
}

/// Countries by name, as the history shows them: "Bolivia (Plurinational State of) (BOL)".
fn country_names(countries: &[tatrack_domain::values::CountryCode]) -> String {
    let named = |code: &tatrack_domain::values::CountryCode| {
        let code = code.to_string();
        match rust_iso3166::from_alpha3(&code) {
            Some(country) => format!("{} ({code})", country.name),
            None => code,
        }
    };
    countries.iter().map(named).collect::<Vec<_>>().join(", ")
}

fn people(a: &Attendance) -> String {
    format!(
        "{} participants ({} female, {} male, {} other or undisclosed)",
        a.total(),
        a.female.get(),
        a.male.get(),
        a.other_or_undisclosed.get()
    )
}

impl Narrated for Activity {
    fn narrate(before: &Self, event: &ActivityEvent) -> (String, Option<Vec<FieldChange>>) {
        let text = match event {
            ActivityEvent::ActivityPlanned(p) => format!(
                "Planned {} '{}' in {} ({}), {} to {}",
                in_words(p.kind.as_str()),
                p.title,
                country_names(&p.countries),
                p.location,
                p.planned_start,
                p.planned_end
            ),
            ActivityEvent::ActivityRescheduled(r) => {
                format!("Rescheduled to {} to {}", r.planned_start, r.planned_end)
            }
            ActivityEvent::ActivityDelivered(d) => {
                format!("Delivered {} to {} ({})", d.start, d.end, in_words(d.mode.as_str()))
            }
            ActivityEvent::ParticipantsRecorded(p) => {
                format!("Recorded {}", people(&Participants::from(p.clone()).attendance()))
            }
            ActivityEvent::FundingAttributed(f) => {
                format!("Attributed {} {} of funding from {}", grouped(&f.amount), f.currency, f.donor)
            }
            ActivityEvent::FundingWithdrawn(w) => format!("Withdrew all funding from {}", w.donor),
            ActivityEvent::OutputRecorded(o) => {
                format!("Recorded output {}: {}", in_words(o.kind.as_str()), o.description)
            }
            ActivityEvent::ActivityCorrected(c) => {
                let changes =
                    before.record().map(|r| field_changes(&r.planned, &c.changes)).unwrap_or_default();
                return (format!("Corrected {}", names(&changes)), Some(changes));
            }
            ActivityEvent::ActivityCancelled(_) => "Cancelled".to_owned(),
            ActivityEvent::ActivityReported => "Reported; the record is locked".to_owned(),
            amendment => return narrate_amendment(before.record(), amendment),
        };
        (text, None)
    }
}

/// Amendments and voiding, told with each field's value before and after.
fn narrate_amendment(
    before: Option<&ActivityRecord>,
    event: &ActivityEvent,
) -> (String, Option<Vec<FieldChange>>) {
    let (text, changes) = match event {
        ActivityEvent::DeliveryAmended(d) => {
            let old = json(&before.and_then(|r| r.delivery));
            let new = json(&Some(Delivery::from(d.clone())));
            let changes = json_changes("delivery", &old, &new);
            (format!("Amended the delivery: {}", names(&changes)), changes)
        }
        ActivityEvent::ParticipantsAmended(p) => {
            let old = json(&before.and_then(|r| r.participants.clone()));
            let new = json(&Some(Participants::from(p.participants.clone())));
            let changes = json_changes("participants", &old, &new);
            let tally = people(&Participants::from(p.participants.clone()).attendance());
            (format!("Amended the participants to {tally}"), changes)
        }
        ActivityEvent::FundingAmended(f) => {
            let old = json(&before.and_then(|r| index(f.line).and_then(|i| r.funding.get(i)).cloned()));
            let new = json(&Some(Funding::from(f.clone())));
            let changes = json_changes(&format!("funding[{}]", f.line), &old, &new);
            (
                format!(
                    "Amended funding line {} to {} {} from {}",
                    f.line,
                    grouped(&f.amount),
                    f.currency,
                    f.donor
                ),
                changes,
            )
        }
        ActivityEvent::OutputAmended(o) => {
            let old = json(&before.and_then(|r| index(o.output).and_then(|i| r.outputs.get(i)).cloned()));
            let new = json(&Some(Output::from(o.clone())));
            let changes = json_changes(&format!("outputs[{}]", o.output), &old, &new);
            (
                format!("Amended output {}: {}: {}", o.output, in_words(o.kind.as_str()), o.description),
                changes,
            )
        }
        ActivityEvent::OutputRemoved(o) => {
            let old = before.and_then(|r| index(o.output).and_then(|i| r.outputs.get(i)).cloned());
            let change =
                FieldChange { field: format!("outputs[{}]", o.output), old: json(&old), new: Value::Null };
            let what = old
                .map(|o| format!(" ({}: {})", in_words(o.kind.as_str()), o.description))
                .unwrap_or_default();
            (format!("Removed output {}{what}, recorded in error", o.output), vec![change])
        }
        ActivityEvent::ActivityVoided(_) => {
            let old = before.map_or(Value::Null, |r| Value::from(r.status.as_str()));
            let change = FieldChange { field: "status".to_owned(), old, new: Value::from("voided") };
            ("Voided: the record counts nowhere from now on".to_owned(), vec![change])
        }
        other => return (format!("{other:?}"), None),
    };
    (text, Some(changes))
}

/// A stored place in a list (`line`, `output`), as an index; `None` (no such entry) when it
/// does not fit one.
fn index(place: u32) -> Option<usize> {
    usize::try_from(place).ok()
}

/// The fields' names, for a summary.
fn names(changes: &[FieldChange]) -> String {
    changes.iter().map(|c| c.field.as_str()).collect::<Vec<_>>().join(", ")
}

/// Each member of `old` and `new` (two JSON objects, or null) whose value differs, named
/// `prefix.member`; one change of `prefix` as a whole when either is not an object.
fn json_changes(prefix: &str, old: &Value, new: &Value) -> Vec<FieldChange> {
    match (old, new) {
        (Value::Object(old_fields), Value::Object(new_fields)) => {
            let mut keys: Vec<&String> = new_fields.keys().chain(old_fields.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .filter_map(|key| {
                    let (old, new) = (old_fields.get(key), new_fields.get(key));
                    (old != new).then(|| FieldChange {
                        field: format!("{prefix}.{key}"),
                        old: old.cloned().unwrap_or(Value::Null),
                        new: new.cloned().unwrap_or(Value::Null),
                    })
                })
                .collect()
        }
        _ if old == new => Vec::new(),
        _ => vec![FieldChange { field: prefix.to_owned(), old: old.clone(), new: new.clone() }],
    }
}

/// A value as a history entry shows it.
fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Each field `changes` sets, with its value in `planned` before.
fn field_changes(planned: &PlannedFields, changes: &CorrectedFields) -> Vec<FieldChange> {
    let old = serde_json::to_value(planned).unwrap_or(Value::Null);
    let new = serde_json::to_value(changes).unwrap_or(Value::Null);
    let Value::Object(new) = new else { return Vec::new() };
    PLANNED_FIELDS
        .iter()
        .filter_map(|field| {
            new.get(*field).map(|value| FieldChange {
                field: (*field).to_owned(),
                old: old.get(*field).cloned().unwrap_or(Value::Null),
                new: value.clone(),
            })
        })
        .collect()
}

/// Two values as JSON, for a field change.
fn json_of<T: serde::Serialize>(old: &T, new: &T) -> (Value, Value) {
    (serde_json::to_value(old).unwrap_or(Value::Null), serde_json::to_value(new).unwrap_or(Value::Null))
}

const PLANNED_FIELDS: [&str; 8] =
    ["programme_id", "kind", "title", "countries", "location", "planned_start", "planned_end", "description"];

impl Narrated for Programme {
    fn narrate(_before: &Self, event: &ProgrammeEvent) -> (String, Option<Vec<FieldChange>>) {
        let text = match event {
            ProgrammeEvent::ProgrammeRegistered(r) => {
                format!(
                    "Registered {} '{}' ({})",
                    r.code.as_str(),
                    r.name,
                    r.thematic_area.as_str().replace('_', " ")
                )
            }
            ProgrammeEvent::ContributionRecorded(c) => {
                format!(
                    "Received {} {} from {} on {}",
                    grouped(&c.amount),
                    c.currency,
                    c.donor,
                    c.received_on
                )
            }
            ProgrammeEvent::OutcomeDefined(o) => format!("Defined outcome '{}'", o.name),
            ProgrammeEvent::IndicatorDefined(i) => format!("Defined indicator '{}'", i.name),
            ProgrammeEvent::IndicatorRevised(r) => {
                let changes = ["name", "baseline", "targets"]
                    .into_iter()
                    .zip([
                        json_of(&r.before.name, &r.after.name),
                        json_of(&r.before.baseline, &r.after.baseline),
                        json_of(&r.before.targets, &r.after.targets),
                    ])
                    .filter(|(_, (old, new))| old != new)
                    .map(|(field, (old, new))| FieldChange { field: field.to_owned(), old, new })
                    .collect();
                return (format!("Revised indicator '{}': {}", r.after.name, r.reason), Some(changes));
            }
            ProgrammeEvent::ActualReported(a) => {
                format!("Reported {} for {} of indicator {}: {}", a.value, a.year, a.indicator_id, a.reason)
            }
        };
        (text, None)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_are_grouped_by_thousands_with_their_scale() {
        let shown: Vec<String> =
            ["999", "1000", "48000.00", "1234567.5", "0.25"].iter().map(super::grouped).collect();
        assert_eq!(shown, ["999", "1,000", "48,000.00", "1,234,567.5", "0.25"]);
    }
}
