//! What an import answers: the outcome of every row, and every problem with the row, column,
//! value and rule it concerns.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::problems::ProblemList;
use super::row_error::RowError;
use crate::error::{ApiError, Problem, PROBLEM_JSON};
use crate::problems::ProblemType;

/// Where the same file, posted again, is answered with every problem as CSV.
pub const PROBLEMS_CSV: &str = "/api/v1/imports?problems=csv";

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

/// A problem answer listing the row problems (type `/problems/import-rows`), or why the file
/// cannot be read (`/problems/import-file`, with no row problem).
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportProblem {
    #[serde(flatten)]
    pub problem: Problem,
    /// The first 1,000 problems in (row, column) order; a quoted value is cut at 200
    /// characters, a detail at 500.
    pub errors: Vec<RowError>,
    /// How many problems the file has in all.
    pub total: u64,
    /// Where to post the same file again for every problem as CSV (`row`, `column`, `value`,
    /// `rule`, `detail`); nothing is written then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problems_csv: Option<String>,
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
    Api(#[from] ApiError),
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

impl IntoResponse for ImportFailure {
    fn into_response(self) -> Response {
        match self {
            Self::Api(error) => error.into_response(),
            Self::File(error) => {
                let problem =
                    problem(StatusCode::UNPROCESSABLE_ENTITY, ProblemType::ImportFile, error.to_string());
                render(&ImportProblem {
                    problem: Problem { field: Some("file".into()), ..problem },
                    errors: Vec::new(),
                    total: 0,
                    problems_csv: None,
                })
            }
            Self::Rows(list) => {
                let detail = if list.total > list.listed.len() as u64 {
                    format!(
                        "{} problem(s) in the file; the first {} are listed in `errors`, and every one \
                         as CSV when the same file is posted to `problems_csv`; nothing was written",
                        list.total,
                        list.listed.len()
                    )
                } else {
                    format!(
                        "{} problem(s) in the file, each listed in `errors`; nothing was written",
                        list.total
                    )
                };
                let problem = problem(StatusCode::UNPROCESSABLE_ENTITY, ProblemType::ImportRows, detail);
                render(&ImportProblem {
                    problem,
                    errors: list.listed,
                    total: list.total,
                    problems_csv: Some(PROBLEMS_CSV.into()),
                })
            }
        }
    }
}

fn problem(status: StatusCode, kind: ProblemType, detail: String) -> Problem {
    Problem {
        kind: kind.uri(),
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail,
        field: None,
        current_version: None,
        organisation: None,
    }
}

fn render(body: &ImportProblem) -> Response {
    let status = StatusCode::from_u16(body.problem.status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    let mut response = (status, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static(PROBLEM_JSON));
    response
}
