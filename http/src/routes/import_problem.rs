//! How an import that wrote nothing answers: a problem listing the row problems, or why the
//! file cannot be read.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tatrack_app::import::report::ImportFailure;
use tatrack_app::import::row_error::RowError;
use tatrack_app::problems::ProblemType;
use tatrack_i18n::msg;
use utoipa::ToSchema;

use crate::error::{typed_problem, ApiError, Error, Problem, PROBLEM_JSON};

/// Where the same file, posted again, is answered with every problem as CSV.
pub const PROBLEMS_CSV: &str = "/api/v1/imports?problems=csv";

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

/// An import that wrote nothing, as an answer.
#[derive(Debug)]
pub struct FailedImport(pub ImportFailure);

impl From<ImportFailure> for FailedImport {
    fn from(failure: ImportFailure) -> Self {
        Self(failure)
    }
}

impl From<ApiError> for FailedImport {
    fn from(error: ApiError) -> Self {
        Self(ImportFailure::App(error.0))
    }
}

impl From<Error> for FailedImport {
    fn from(error: Error) -> Self {
        Self(ImportFailure::App(error))
    }
}

impl IntoResponse for FailedImport {
    fn into_response(self) -> Response {
        match self.0 {
            ImportFailure::App(error) => ApiError(error).into_response(),
            ImportFailure::File(error) => {
                let problem = typed_problem(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ProblemType::ImportFile,
                    &error.message(),
                );
                render(&ImportProblem {
                    problem: Problem { field: Some("file".into()), ..problem },
                    errors: Vec::new(),
                    total: 0,
                    problems_csv: None,
                })
            }
            ImportFailure::Rows(list) => {
                let detail = if list.total > list.listed.len() as u64 {
                    msg("problem-import-rows-some-listed")
                        .with("total", list.total)
                        .with("listed", list.listed.len())
                } else {
                    msg("problem-import-rows").with("total", list.total)
                };
                let problem =
                    typed_problem(StatusCode::UNPROCESSABLE_ENTITY, ProblemType::ImportRows, &detail);
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

fn render(body: &ImportProblem) -> Response {
    let status = StatusCode::from_u16(body.problem.status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    let mut response = (status, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static(PROBLEM_JSON));
    response
}
