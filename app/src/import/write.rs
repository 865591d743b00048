//! Writing checked rows: a row's commands through the application's use case for several
//! commands on one activity (the same scope checks and `decide` as the API's, one commit per
//! row), with an idempotency key per (file, row, step) and the import's provenance in the
//! events' metadata. Rows are separate streams, so several are written at once.

use futures::stream::{self, StreamExt};
use tatrack_store::bus::{CommandContext, Idempotency, ImportProvenance};

use super::check::{key, Checked};
use super::report::{Outcome, RowOutcome};
use super::row_error::{RowError, Rule};
use crate::auth::Principal;
use crate::service::App;

/// How many rows are written at once. SQLite has one writer, so more only queue on its lock:
/// 10,000 rows took 25 s with 2, 31 s with 4 and 45 s with 8 (BENCHMARKS.md). PostgreSQL
/// commits concurrent transactions together: with 2 its import spent most of its time waiting
/// for one commit at a time (10,000 rows in 81 s, past the server's 30 s bound).
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

/// Writes every row's pending commands; `done` is told of each row written.
pub async fn write_all(
    importer: &Importer<'_>,
    rows: Vec<Checked>,
    done: &(dyn Fn(u64) + Send + Sync),
) -> Vec<(RowOutcome, Option<RowError>)> {
    stream::iter(rows)
        .map(|row| async move {
            let written = write(importer, row).await;
            done(1);
            written
        })
        .buffered(writers(&importer.app.db))
        .collect()
        .await
}

async fn write(importer: &Importer<'_>, checked: Checked) -> (RowOutcome, Option<RowError>) {
    let row = &checked.row;
    let mut outcome = RowOutcome {
        row: row.number,
        id: Some(row.id),
        id_generated: row.id_generated,
        outcome: if checked.pending.is_empty() { Outcome::AlreadyImported } else { Outcome::Imported },
        commands_written: 0,
        commands_already_recorded: checked.recorded,
        position: None,
    };
    let provenance = ImportProvenance {
        file_name: importer.file_name.to_owned(),
        file_sha256: importer.sha256.to_owned(),
        row: row.number,
    };
    let commands = checked
        .pending
        .iter()
        .map(|command| {
            let context = CommandContext {
                actor: importer.principal.name.clone(),
                role: importer.principal.role.as_str().to_owned(),
                request_id: importer.request_id.to_owned(),
                expected_version: None,
                idempotency: Some(Idempotency {
                    key: key(importer.sha256, row.number, command),
                    request_digest: command.digest.clone(),
                }),
                reason: None,
                import: Some(provenance.clone()),
            };
            (command.command.clone(), context)
        })
        .collect();
    // The row's commands land in one commit: all of them, or none.
    match importer.app.activity_commands(importer.principal, row.id, commands).await {
        Ok(answers) => {
            for landed in answers {
                if landed.replayed {
                    outcome.commands_already_recorded += 1;
                } else {
                    outcome.commands_written += 1;
                }
                outcome.position = Some(landed.position);
            }
        }
        Err(error) => {
            // Which command was refused is not known once they are decided together: the
            // error names the field, and the check before writing names the step.
            let step = checked.pending.first().map(|c| (c.step.column(error.field()), c.path.clone()));
            let (column, path) = step.unwrap_or_default();
            outcome.outcome = Outcome::Failed;
            let detail = format!("{path} was refused: {error}");
            return (outcome, Some(row.error(&column, Rule::WriteFailed, detail)));
        }
    }
    if outcome.commands_written == 0 {
        outcome.outcome = Outcome::AlreadyImported;
    }
    (outcome, None)
}
