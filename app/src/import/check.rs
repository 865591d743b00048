//! Every row decided in memory before anything is written: the row's commands go through the
//! aggregate's own `decide` and `apply`, one after the other, on the activity as the log has it
//! (a fresh one for a new id). Commands an earlier run of the same file already recorded are
//! recognised by their idempotency key in the stream and skipped.

use std::collections::{HashMap, HashSet};

use cqrs_es::Aggregate;
use futures::stream::{self, Stream, StreamExt};
use tatrack_domain::vocabulary::Institution;
use tatrack_domain::{metadata, Activity, ActivityCommand};
use tatrack_store::bus::fold;

use super::row_error::{RowError, Rule};
use super::rows::{Command, ParsedRow};
use crate::auth::Principal;
use crate::error::{DomainRule, Error, Result};
use crate::service::App;

/// How many rows are checked at once (each reads its activity's stream).
const READERS: usize = 8;

/// A row checked: what is left to write, or why it cannot be.
#[derive(Debug)]
pub struct Checked {
    pub row: ParsedRow,
    /// The commands not yet recorded, in order.
    pub pending: Vec<Command>,
    /// How many of the row's commands were already recorded.
    pub recorded: u32,
}

/// The idempotency key of a row's command: the file, the row and the step.
pub fn key(sha256: &str, row: u64, command: &Command) -> String {
    format!("import:{sha256}:{row}:{}", command.step.name())
}

/// Every row checked, in file order; `done` is told of each row checked. A stream, so that
/// the caller keeps of each row only what it needs (an invalid row's problems, not its cells).
pub fn check_all<'a>(
    app: &'a App,
    principal: &'a Principal,
    sha256: &'a str,
    rows: impl Iterator<Item = ParsedRow> + Send + 'a,
    done: &'a (dyn Fn(u64) + Send + Sync),
) -> impl Stream<Item = Result<Checked>> + Send + 'a {
    // A second row with an id is a second plan of one activity.
    let mut seen = HashSet::new();
    stream::iter(rows)
        .map(move |row| async move {
            let checked = check(app, principal, sha256, row).await;
            done(1);
            checked
        })
        .buffered(READERS)
        .map(move |checked| {
            let mut entry = checked?;
            if !seen.insert(entry.row.id)
                && entry.row.errors.iter().all(|e| e.column.as_deref() != Some("id"))
            {
                // Quoted from the id itself: a checked row's cells are gone.
                let id = entry.row.id.to_string();
                let detail = format!("an earlier row has id {id}");
                let error = RowError::cell(entry.row.number, "id", &id, Rule::DuplicateId, detail);
                entry.row.errors.push(error);
            }
            Ok(entry)
        })
}

async fn check(app: &App, principal: &Principal, sha256: &str, mut row: ParsedRow) -> Result<Checked> {
    if let Some(error) = scope_error(principal, &row) {
        row.errors.push(error);
    }
    if !row.errors.is_empty() {
        return Ok(Checked { row, pending: Vec::new(), recorded: 0 });
    }
    let stream = app.activities.stream(&row.id.to_string()).await?;
    let keys: HashSet<String> =
        stream.iter().filter_map(|event| event.metadata.get(metadata::IDEMPOTENCY_KEY).cloned()).collect();
    let (mut activity, _) = fold(stream);
    let mut pending = Vec::new();
    let mut recorded = 0;
    for command in &row.commands {
        if keys.contains(&key(sha256, row.number, command)) {
            recorded += 1;
            continue;
        }
        match decide(&mut activity, command.command.clone()) {
            Ok(()) => pending.push(command.clone()),
            Err(error) => {
                let refusal = error.to_error();
                let column = match refusal.field() {
                    // The breakdown as a whole: name the first institution the row counts.
                    Some("by_institution") => first_institution(&row),
                    field => command.step.column(field),
                };
                row.errors.push(row.error(&column, Rule::from(&error), error.to_string()));
                return Ok(Checked { row, pending: Vec::new(), recorded });
            }
        }
    }
    let reached = activity.record().map(|r| r.status);
    if let Some(wanted) = row.status.filter(|wanted| Some(*wanted) != reached) {
        let reached = reached.map_or("nothing", |s| s.as_str());
        let detail = format!(
            "the row's cells make the activity {reached}, not {}: delivered and reported rows need \
             delivery_start, delivery_end and delivery_mode, planned and cancelled rows have none",
            wanted.as_str()
        );
        row.errors.push(row.error("status", Rule::StatusNotReached, detail));
        return Ok(Checked { row, pending: Vec::new(), recorded });
    }
    // What the write needs of a valid row is `pending`: its commands would be held twice and
    // its cells are quoted by no error of the check (one the write refuses is named by its
    // column and the refusal's detail). All rows are held until the last is checked.
    row.commands = Vec::new();
    row.cells = HashMap::new();
    Ok(Checked { row, pending, recorded })
}

fn first_institution(row: &ParsedRow) -> String {
    Institution::ALL
        .iter()
        .map(|i| format!("institution_{}", i.as_str()))
        .find(|column| row.cells.get(column).is_some_and(|cell| !cell.is_empty()))
        .unwrap_or_else(|| "participants_female".into())
}

/// The aggregate's own decision, applied to it in memory.
fn decide(
    activity: &mut Activity,
    command: ActivityCommand,
) -> std::result::Result<(), tatrack_domain::ActivityError> {
    for event in activity.decide(command)? {
        activity.apply(event);
    }
    Ok(())
}

/// Whether the importer may record this activity: its programme and every country in the
/// token's scope (the rule of [`Principal::covers`], which the commands check again).
fn scope_error(principal: &Principal, row: &ParsedRow) -> Option<RowError> {
    let plan = row.commands.iter().find_map(|c| match &c.command {
        ActivityCommand::Plan(plan) => Some(plan),
        _ => None,
    })?;
    if !principal.covers(&[], &row.programme) {
        let detail = format!("programme {} lies outside your token's programmes", row.programme);
        return Some(row.error("programme", Rule::OutsideScope, detail));
    }
    if !principal.covers(&plan.countries, &row.programme) {
        return Some(row.error(
            "countries",
            Rule::OutsideScope,
            "a country lies outside your token's countries".into(),
        ));
    }
    None
}

/// The rows' programme codes, resolved once each.
pub async fn programmes(
    app: &App,
    codes: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, uuid::Uuid>> {
    let mut resolved = HashMap::new();
    for code in codes.into_iter().collect::<HashSet<_>>() {
        if let Some(id) = tatrack_store::registry::programme_id_of(&app.db, &code).await? {
            let id = uuid::Uuid::parse_str(&id).map_err(|e| Error::Internal(Box::new(e)))?;
            resolved.insert(code, id);
        }
    }
    Ok(resolved)
}
