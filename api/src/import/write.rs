//! Writing checked rows: each command through the application's use cases, exactly as the API
//! sends it, with an idempotency key per (file, row, step) and the import's provenance in the
//! events' metadata. Rows are separate streams, so several are written at once.

use futures::stream::{self, StreamExt};
use tatrack_domain::ActivityCommand;
use tatrack_store::bus::{CommandContext, Idempotency, ImportProvenance};

use super::check::{key, Checked};
use super::report::{Outcome, RowError, RowOutcome, Rule};
use crate::auth::Principal;
use crate::service::AppState;

/// How many rows are written at once.
const WRITERS: usize = 4;

/// Who imports which file, for the commands' context.
pub struct Importer<'a> {
    pub app: &'a AppState,
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
        .buffered(WRITERS)
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
    for command in &checked.pending {
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
            import: Some(ImportProvenance {
                file_name: importer.file_name.to_owned(),
                file_sha256: importer.sha256.to_owned(),
                row: row.number,
            }),
        };
        let landed = match command.command.clone() {
            ActivityCommand::Plan(plan) => {
                importer.app.plan_activity(importer.principal, plan, &context).await
            }
            other => importer.app.activity_command(importer.principal, row.id, other, &context).await,
        };
        match landed {
            Ok(landed) => {
                if landed.replayed {
                    outcome.commands_already_recorded += 1;
                } else {
                    outcome.commands_written += 1;
                }
                outcome.position = Some(landed.position);
            }
            Err(error) => {
                let problem = error.problem();
                let column = command.step.column(problem.field.as_deref());
                outcome.outcome = Outcome::Failed;
                let detail = format!("{} was refused: {}", command.path, problem.detail);
                return (outcome, Some(row.error(&column, Rule::WriteFailed, detail)));
            }
        }
    }
    if outcome.commands_written == 0 {
        outcome.outcome = Outcome::AlreadyImported;
    }
    (outcome, None)
}
