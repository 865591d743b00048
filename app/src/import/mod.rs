//! Bulk import of past activities from a CSV or XLSX file, one row per activity.
//!
//! - [`table`]: the file as rows of text cells (CSV in UTF-8, or an XLSX's first sheet), with
//!   the caps that keep a hostile file cheap.
//! - [`cells`]: a cell as text, or why it has none (a formula without a computed value, a
//!   spreadsheet error, Excel's 29 February 1900).
//! - [`columns`]: the columns (fixed, per institution, numbered funding lines and outputs) and
//!   the template.
//! - [`rows`]: a row as the API's commands, read by the API's own request types.
//! - [`check`]: every row decided by the domain in memory, against the activity as the log has
//!   it, before anything is written.
//! - [`write`]: the valid rows sent through the same use cases as the API, with an
//!   idempotency key per (file, row, step) and the import's provenance in the metadata: all in
//!   one transaction, or (`partial`) one commit per row.
//! - [`problems`]: the row problems, bounded: the first thousand for the answer, the rest
//!   counted, and every one as CSV on request.
//! - [`row_error`]: one problem of one row: the rule it breaks, its row, column and value.
//! - [`report`]: the answer, and the problem listing the row problems.
//!
//! By default an import is all or nothing: one invalid row and nothing is written, and the
//! valid rows' events land in one transaction, so a row refused at write time (another writer
//! changed its activity since the check) leaves the log as it was. With `partial`, the valid
//! rows are written one commit per row and the others returned; a partial run that stops
//! half-way (the server dies) is finished by importing the same file again: what was recorded
//! is recognised by its keys and skipped. A dry run answers what either would do.

pub mod cells;
pub mod check;
pub mod columns;
pub mod problems;
pub mod report;
pub mod row_error;
pub mod rows;
pub mod table;
pub mod write;

use std::pin::pin;

use futures::StreamExt as _;
use sha2::{Digest, Sha256};

use self::problems::Problems;
use self::report::{Counts, ImportFailure, ImportReport, Outcome, RowOutcome};
use crate::auth::Principal;
use crate::service::App;

/// An uploaded file.
pub struct Upload {
    /// Its name as the client gave it (kept in the metadata of every event it writes).
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Check every row and write nothing.
    pub dry_run: bool,
    /// Write the valid rows even when others are invalid.
    pub partial: bool,
    /// Write every problem as CSV too (see [`problems::ProblemList::csv`]). Implies `dry_run`:
    /// who asks for the list of problems does not mean to write anything.
    pub problems_csv: bool,
}

/// Someone watching an import advance (the CLI's progress bar).
pub trait Progress: Send + Sync {
    /// A phase (`checking`, `writing`) over `rows` rows begins.
    fn phase(&self, name: &'static str, rows: u64);
    /// `rows` more rows of the phase are done.
    fn advance(&self, rows: u64);
}

/// Nobody watching.
pub struct Silent;

impl Progress for Silent {
    fn phase(&self, _: &'static str, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// Imports `upload` as `principal`; see the module's documentation for what is written when.
pub async fn import(
    app: &App,
    principal: &Principal,
    upload: &Upload,
    options: Options,
    request_id: &str,
    progress: &dyn Progress,
) -> Result<ImportReport, ImportFailure> {
    let sha256 = hex::encode(Sha256::digest(&upload.bytes));
    let dry_run = options.dry_run || options.problems_csv;
    // Then a single problem refuses the file: neither the valid rows nor the invalid rows'
    // outcomes will be answered, only the problems. A dry run of a partial import previews
    // what it would write and list.
    let all_or_nothing = !options.partial || options.problems_csv;
    let mut problems = Problems::new(options.problems_csv)?;
    let table = table::read(table::Format::of(&upload.file_name, &upload.bytes), &upload.bytes)?;
    let columns = match columns::Columns::of(&table.header) {
        Ok(columns) => columns,
        Err(errors) => {
            for error in errors {
                problems.push(error)?;
            }
            return Err(ImportFailure::Rows(problems.finish()?));
        }
    };
    let (valid, mut outcomes) =
        check_rows(app, principal, &sha256, table, &columns, all_or_nothing, &mut problems, progress).await?;
    if all_or_nothing && problems.total() > 0 {
        return Err(ImportFailure::Rows(problems.finish()?));
    }
    if dry_run {
        outcomes.extend(valid.iter().map(|c| RowOutcome {
            row: c.row.number,
            id: Some(c.row.id),
            id_generated: c.row.id_generated,
            outcome: if c.pending.is_empty() { Outcome::AlreadyImported } else { Outcome::WouldImport },
            commands_written: 0,
            commands_already_recorded: c.recorded,
            position: None,
        }));
    } else {
        progress.phase("writing", valid.len() as u64);
        let importer =
            write::Importer { app, principal, file_name: &upload.file_name, sha256: &sha256, request_id };
        let advance = |n| progress.advance(n);
        if all_or_nothing {
            match write::write_at_once(&importer, valid, &advance).await? {
                Ok(written) => outcomes.extend(written),
                Err(refused) => {
                    problems.push(refused)?;
                    return Err(ImportFailure::Rows(problems.finish()?));
                }
            }
        } else {
            for (outcome, error) in write::write_each(&importer, valid, &advance).await {
                outcomes.push(outcome);
                if let Some(error) = error {
                    problems.push(error)?;
                }
            }
        }
    }
    outcomes.sort_by_key(|o| o.row);
    let problems = problems.finish()?;
    Ok(ImportReport {
        file: upload.file_name.clone(),
        sha256,
        dry_run,
        partial: options.partial,
        counts: count(&outcomes),
        rows: outcomes,
        errors: problems.listed,
        errors_total: problems.total,
    })
}

/// Checks every row of `table`: the valid rows are returned to be written (none once an
/// all-or-nothing import has a problem), with the outcomes of the invalid ones (only those of a
/// partial import are answered); every problem goes to `problems`, in row order.
#[expect(clippy::too_many_arguments, reason = "the import's context, passed down once")]
async fn check_rows(
    app: &App,
    principal: &Principal,
    sha256: &str,
    table: table::Table,
    columns: &columns::Columns,
    all_or_nothing: bool,
    problems: &mut Problems,
    progress: &dyn Progress,
) -> Result<(Vec<check::Checked>, Vec<RowOutcome>), ImportFailure> {
    let codes = table.rows.iter().map(|row| columns.cell(&row.cells, "programme").to_owned());
    let programmes = check::programmes(app, codes).await?;
    progress.phase("checking", table.rows.len() as u64);
    // Each row is read as it is checked, and its cells freed: the whole file is never held
    // twice over (a 10,000-row upload took the server from 24 MB to 169 MB).
    let parsed = table.rows.into_iter().map(|row| rows::parse(columns, &row, sha256, &programmes));
    let advance = |n| progress.advance(n);
    let mut checked = pin!(check::check_all(app, principal, sha256, parsed, &advance));
    // Rows the table could not read take their place among the others, so that problems come
    // in row order (the CSV of every problem is written as they come).
    let mut unreadable = table.errors.into_iter().peekable();
    let mut outcomes = Vec::new();
    let mut valid = Vec::new();
    while let Some(entry) = checked.next().await {
        let entry = entry?;
        while let Some(error) = unreadable.next_if(|e| e.row < entry.row.number) {
            if !all_or_nothing {
                outcomes.push(invalid(error.row, None, false));
            }
            problems.push(error)?;
        }
        if entry.row.errors.is_empty() {
            valid.push(entry);
        } else {
            if !all_or_nothing {
                outcomes.push(invalid(entry.row.number, Some(entry.row.id), entry.row.id_generated));
            }
            let mut errors = entry.row.errors;
            errors.sort();
            for error in errors {
                problems.push(error)?;
            }
        }
        if all_or_nothing && problems.total() > 0 && !valid.is_empty() {
            // No row will be written now: its commands need not wait in memory.
            valid = Vec::new();
        }
    }
    for error in unreadable {
        if !all_or_nothing {
            outcomes.push(invalid(error.row, None, false));
        }
        problems.push(error)?;
    }
    Ok((valid, outcomes))
}

fn invalid(row: u64, id: Option<uuid::Uuid>, id_generated: bool) -> RowOutcome {
    RowOutcome {
        row,
        id,
        id_generated,
        outcome: Outcome::Invalid,
        commands_written: 0,
        commands_already_recorded: 0,
        position: None,
    }
}

fn count(outcomes: &[RowOutcome]) -> Counts {
    let mut counts = Counts { rows: outcomes.len() as u64, ..Counts::default() };
    for outcome in outcomes {
        let slot = match outcome.outcome {
            Outcome::Imported => &mut counts.imported,
            Outcome::AlreadyImported => &mut counts.already_imported,
            Outcome::WouldImport => &mut counts.would_import,
            Outcome::Invalid => &mut counts.invalid,
            Outcome::Failed => &mut counts.failed,
        };
        *slot += 1;
    }
    counts
}
