//! What an import answers: the outcome of every row, and every problem with the row, column,
//! value and rule it concerns.

use serde::Serialize;
use tatrack_i18n::{msg, Message};
use utoipa::ToSchema;
use uuid::Uuid;

use super::problems::ProblemList;
use super::row_error::RowError;
use crate::error::Error;

/// What became of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Its commands were written now (some may have been by an earlier run of the same file).
    Imported,
    /// Every command of the row was already recorded: nothing was written.
    AlreadyImported,
    /// Dry run: the row is valid and would be written.
    WouldImport,
    /// The row breaks a rule (see `errors`); nothing of it was written.
    Invalid,
    /// A command of the row was refused while writing; the commands before it were written
    /// (see `errors`).
    Failed,
}

/// One row's outcome.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowOutcome {
    pub row: u64,
    /// The activity's id: the `id` column's, or derived from the file's SHA-256 and the row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
    /// Whether the id was derived because the `id` cell was empty.
    pub id_generated: bool,
    pub outcome: Outcome,
    /// Commands this request wrote for the row.
    pub commands_written: u32,
    /// Commands of the row found already recorded (by an earlier import of the same file).
    pub commands_already_recorded: u32,
    /// Global position of the activity's last event after the import, when written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
}

/// How many rows ended each way.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Counts {
    pub rows: u64,
    pub imported: u64,
    pub already_imported: u64,
    pub would_import: u64,
    pub invalid: u64,
    pub failed: u64,
}

/// The answer to an import that was carried out (or, with `dry_run`, found valid).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportReport {
    /// The file's name as uploaded.
    pub file: String,
    /// SHA-256 of the file, hex: stored in every imported event's metadata.
    pub sha256: String,
    pub dry_run: bool,
    pub partial: bool,
    pub counts: Counts,
    pub rows: Vec<RowOutcome>,
    /// With `partial`: the problems of the rows that were not written, the first 1,000 in
    /// (row, column) order.
    pub errors: Vec<RowError>,
    /// How many problems there are in all (more than `errors` lists past 1,000).
    pub errors_total: u64,
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// The file cannot be read as a table.
    #[error(transparent)]
    File(#[from] FileError),
    /// Rows break rules (and the import is neither partial nor wrote anything).
    #[error("{count} problem(s) in the file; nothing was written", count = .0.total)]
    Rows(ProblemList),
    /// The request itself (token, body, store).
    #[error(transparent)]
    App(#[from] Error),
}

impl FileError {
    /// What is wrong, to be read in the user's language; a reader library's own words are quoted.
    pub fn message(&self) -> Message {
        match self {
            Self::Encoding { line, byte } => {
                msg("problem-import-not-utf8").with("line", *line).with("byte", *byte)
            }
            Self::NotXlsx(reason) => msg("problem-import-not-xlsx").with("reason", reason.as_str()),
            Self::TooLarge(reason) | Self::Unreadable(reason) => {
                msg("problem-import-file-unreadable").with("reason", reason.as_str())
            }
        }
    }
}

/// What is wrong with a file as a whole.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error(
        "the file is not UTF-8 text: the first bad byte is byte {byte}, on line {line}; save it as CSV UTF-8"
    )]
    Encoding { line: u64, byte: u64 },
    #[error("the file is not an XLSX workbook: {0}")]
    NotXlsx(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("{0}")]
    Unreadable(String),
}
