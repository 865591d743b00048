//! The activity's rules for the web app, offline: the very `decide` and `apply` the server runs,
//! compiled to WebAssembly (`scripts/build-web-rules` builds it into `http/web/rules/`).
//!
//! The page gives the activity as the server last showed it and the commands its outbox keeps
//! for it; [`preview`] answers the activity as it will stand once they land, whether each would
//! be taken (and if not, why, naming the field), and the actions its state then offers. Nothing
//! here is a second copy of a rule: the state machine is [`ActivityStatus::accepts`] and
//! [`ActivityRecord::actions`], the values' rules are the domain's own types.

use chrono::NaiveDate;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tatrack_domain::activity::ActivityAction;
use tatrack_domain::{Activity, ActivityRecord};
use tatrack_i18n::{msg, Message};
use wasm_bindgen::prelude::wasm_bindgen;

/// A command as the page keeps it: which action, and the request body it sends.
#[derive(Debug, Deserialize)]
pub struct Kept {
    pub action: ActivityAction,
    pub body: Value,
}

/// What a command would meet on arrival.
#[derive(Debug, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Taken: the events it records, by type.
    Taken { events: Vec<String> },
    /// Refused, with the reason (in English, and as a message the page reads in its own
    /// language) and the field it names.
    Refused { detail: String, message: Message, field: Option<String> },
}

/// The activity once the kept commands land.
#[derive(Debug, Serialize)]
pub struct Preview {
    /// Null while nothing is planned.
    pub record: Option<ActivityRecord>,
    /// How many events the record will have had: the version the server will then show.
    pub version: u64,
    /// One per kept command, in their order.
    pub outcomes: Vec<Outcome>,
    /// What the record's state then takes.
    pub actions: Vec<ActivityAction>,
}

/// The activity `record` (at `version`; None before it is planned) once each of `kept` is
/// decided in turn, as the outbox sends them: a refused command changes nothing, and the next
/// is decided on the state without it.
pub fn fold(record: Option<ActivityRecord>, version: u64, kept: Vec<Kept>, today: NaiveDate) -> Preview {
    let mut activity = Activity::from_record(record);
    let mut version = version;
    let mut outcomes = Vec::with_capacity(kept.len());
    for one in kept {
        let action = one.action;
        // The command the server builds from the same body on `today`.
        let decided = action
            .command(one.body, today)
            .map_err(|error| Outcome::Refused {
                detail: error.to_string(),
                // serde's words, quoted in the sentence the API answers such a body with.
                message: msg("problem-body-unreadable").with("reason", error.to_string()),
                field: None,
            })
            .and_then(|command| {
                activity.decide(command).map_err(|error| Outcome::Refused {
                    detail: error.to_string(),
                    message: error.message(),
                    field: error.field().map(|field| field_in_body(action, field)),
                })
            });
        outcomes.push(match decided {
            Ok(events) => {
                let names = events.iter().map(cqrs_es::DomainEvent::event_type).collect();
                for event in events {
                    version += 1;
                    activity.apply(event);
                }
                Outcome::Taken { events: names }
            }
            Err(refused) => refused,
        });
    }
    let record = activity.record().cloned();
    let actions = match &record {
        Some(record) => record.actions(),
        None => vec![ActivityAction::Plan],
    };
    Preview { record, version, outcomes, actions }
}

/// A rule's field as the request body holds it: a correction carries the planned fields it
/// changes under `changes` (as the API names them in its refusals).
fn field_in_body(action: ActivityAction, field: String) -> String {
    match action {
        ActivityAction::Correct if field != "reason" && field != "changes" => format!("changes.{field}"),
        _ => field,
    }
}

/// What a page asks for, as JSON.
#[derive(Debug, Deserialize)]
struct Question {
    /// The activity as `GET /api/v1/activities/{id}` showed it, or null.
    activity: Option<Value>,
    /// Its version then (0 when nothing is planned).
    #[serde(default)]
    version: u64,
    kept: Vec<Kept>,
    /// Today in UTC, `YYYY-MM-DD`.
    today: NaiveDate,
}

/// The page's entry point: a [`Question`] as JSON in, a [`Preview`] (or `{"error": ...}` when
/// the question itself cannot be read) as JSON out.
#[wasm_bindgen]
pub fn preview(question: &str) -> String {
    let answer = serde_json::from_str::<Question>(question).and_then(|q| {
        let record = q.activity.map(serde_json::from_value::<ActivityRecord>).transpose()?;
        serde_json::to_string(&fold(record, q.version, q.kept, q.today))
    });
    match answer {
        Ok(preview) => preview,
        Err(error) => serde_json::json!({ "error": error.to_string() }).to_string(),
    }
}

#[cfg(test)]
mod tests;
