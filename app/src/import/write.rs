//! Writing checked rows through the application's use case for several commands on one
//! activity (the same scope checks and `decide` as the API's), with an idempotency key per
//! (file, row, step) and the import's provenance in the events' metadata.
//!
//! - [`write_at_once`] (the default): every row's events in one transaction, or none. A row
//!   refused at write time (another writer changed its activity since the check) refuses the
//!   file, and the log is as it was.
//! - [`write_each`] (`partial`): one commit per row, several rows at once; a row refused at
//!   write time is listed, and the rows before and after it stay written.

use futures::stream::{self, StreamExt};
use tatrack_domain::ActivityCommand;
use tatrack_store::bus::{CommandContext, Idempotency, ImportProvenance, Landed};

use super::check::{key, Checked};
use super::report::{Outcome, RowOutcome};
use super::row_error::{RowError, Rule};
use super::rows::{Command, Step};
use crate::auth::Principal;
use crate::error::Error;
use crate::service::App;

/// How many rows are written at once by [`write_each`]. SQLite has one writer, so more only
/// queue on its lock: 10,000 rows took 25 s with 2, 31 s with 4 and 45 s with 8
/// (BENCHMARKS.md). PostgreSQL commits concurrent transactions together: with 2 its import
/// spent most of its time waiting for one commit at a time (10,000 rows in 81 s).
fn writers(db: &tatrack_store::Db) -> usize {
    match db {
        tatrack_store::Db::Postgres(_) => 8,
        tatrack_store::Db::Sqlite(..) => 2,
    }
}

/// Who imports which file, for the commands' context.
pub struct Importer<'a> {
    pub app: &'a App,
    pub principal: &'a Principal,
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub request_id: &'a str,
}

/// Writes every row's pending commands in one transaction; `checked` is told of each row
/// checked again on its activity before the commit. On a refusal nothing is written: a row's
/// refusal is its problem (the inner `Err`), a failure of the transaction itself (the store
/// cannot be reached) is the import's (the outer one).
pub async fn write_at_once(
    importer: &Importer<'_>,
    rows: Vec<Checked>,
    checked: &(dyn Fn(u64) + Send + Sync),
) -> Result<Result<Vec<RowOutcome>, RowError>, Error> {
    // The rows' commands move into the batches (a file's commands are never held twice); what
    // a refusal names of each row's first command is kept aside.
    let mut rows = rows;
    let mut firsts = Vec::with_capacity(rows.len());
    let mut batches = Vec::with_capacity(rows.len());
    for row in &mut rows {
        firsts.push(first_step(row));
        batches.push((row.row.id, importer.commands(std::mem::take(&mut row.pending), row.row.number)));
    }
    let (index, error) =
        match importer.app.activity_commands_at_once(importer.principal, batches, checked).await {
            Ok(answers) => {
                return Ok(Ok(rows.iter().zip(answers).map(|(row, answers)| outcome(row, answers)).collect()))
            }
            Err((Some(index), error)) if index < rows.len() => (index, error),
            Err((_, error)) => return Err(error),
        };
    let row = &rows[index];
    if let Error::VersionMismatch { .. } = error {
        let detail = format!(
            "another writer changed activity {} while the file was being imported; nothing was \
             written: import the file again",
            row.row.id
        );
        return Ok(Err(RowError::row(row.row.number, Rule::WriteFailed, detail)));
    }
    let first = firsts.swap_remove(index);
    Ok(Err(refusal(row, first, &error, "; nothing was written")))
}

/// Writes every row's pending commands, one commit per row; `done` is told of each row written.
pub async fn write_each(
    importer: &Importer<'_>,
    rows: Vec<Checked>,
    done: &(dyn Fn(u64) + Send + Sync),
) -> Vec<(RowOutcome, Option<RowError>)> {
    stream::iter(rows)
        .map(|row| async move {
            let first = first_step(&row);
            let commands = importer.commands(row.pending.clone(), row.row.number);
            // The row's commands land in one commit: all of them, or none.
            let written = match importer.app.activity_commands(importer.principal, row.row.id, commands).await
            {
                Ok(answers) => (outcome(&row, answers), None),
                Err(error) => {
                    let mut failed = outcome(&row, Vec::new());
                    failed.outcome = Outcome::Failed;
                    (failed, Some(refusal(&row, first, &error, "")))
                }
            };
            done(1);
            written
        })
        .buffered(writers(&importer.app.db))
        .collect()
        .await
}

impl Importer<'_> {
    /// Row `number`'s pending commands, each with its idempotency key and the import's
    /// provenance.
    fn commands(&self, pending: Vec<Command>, number: u64) -> Vec<(ActivityCommand, CommandContext)> {
        let provenance = ImportProvenance {
            file_name: self.file_name.to_owned(),
            file_sha256: self.sha256.to_owned(),
            row: number,
        };
        pending
            .into_iter()
            .map(|command| {
                let context = CommandContext {
                    actor: self.principal.name.clone(),
                    person: self.principal.person.clone(),
                    role: self.principal.role.as_str().to_owned(),
                    request_id: self.request_id.to_owned(),
                    expected_version: None,
                    idempotency: Some(Idempotency {
                        key: key(self.sha256, number, &command),
                        request_digest: command.digest,
                    }),
                    reason: None,
                    import: Some(provenance.clone()),
                };
                (command.command, context)
            })
            .collect()
    }
}

/// What became of a row whose commands answered `answers` (none when it had nothing to write).
fn outcome(checked: &Checked, answers: Vec<Landed>) -> RowOutcome {
    let row = &checked.row;
    let mut outcome = RowOutcome {
        row: row.number,
        id: Some(row.id),
        id_generated: row.id_generated,
        outcome: Outcome::Imported,
        commands_written: 0,
        commands_already_recorded: checked.recorded,
        position: None,
    };
    for landed in answers {
        if landed.replayed {
            outcome.commands_already_recorded += 1;
        } else {
            outcome.commands_written += 1;
        }
        outcome.position = Some(landed.position);
    }
    if outcome.commands_written == 0 {
        outcome.outcome = Outcome::AlreadyImported;
    }
    outcome
}

/// What a refusal names of a row's first pending command: its step and route.
fn first_step(checked: &Checked) -> Option<(Step, String)> {
    checked.pending.first().map(|command| (command.step, command.path.clone()))
}

/// The problem of a row refused at write time. Which command was refused is not known once
/// they are decided together: the error names the field, and the check before writing the step.
fn refusal(checked: &Checked, first: Option<(Step, String)>, error: &Error, consequence: &str) -> RowError {
    let step = first.map(|(step, path)| (step.column(error.field()), path));
    let (column, path) = step.unwrap_or_default();
    checked.row.error(&column, Rule::WriteFailed, format!("{path} was refused: {error}{consequence}"))
}
