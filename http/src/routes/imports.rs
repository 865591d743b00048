//! `/api/v1/imports`: bulk import of past activities from a CSV or XLSX file, and the template
//! that shows its columns.

use axum::body::Body;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse as _, Response};
use serde::Deserialize;
use tatrack_app::auth::Principal;
use tatrack_app::import::problems::{self, ProblemList};
use tatrack_app::import::report::{ImportFailure, ImportReport};
use tatrack_app::import::{self, columns, Options, Silent, Upload};
use tatrack_domain::bounds::is_refused_in_text;
use tatrack_domain::token::Role;
use tatrack_i18n::msg;
use utoipa::{IntoParams, IntoResponses, ToSchema};

use super::import_problem::{FailedImport, ImportProblem};
use crate::error::{ApiError, Error, Problem};
use crate::export::{self, XLSX};
use crate::extract::{Query, REQUEST_ID_HEADER};
use crate::state::AppState;

/// Uploads larger than this get 413: 16 MiB, about 50,000 rows of CSV.
pub const IMPORT_BODY_LIMIT: usize = 16 * 1024 * 1024;

/// How to import.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Check every row and write nothing: 200 when every row is valid, else 422 listing every
    /// problem; with `partial`, 200 with each row's outcome (`would_import` or `invalid`) and
    /// the problems, as the partial import would answer.
    #[serde(default)]
    dry_run: bool,
    /// Write the valid rows even when others are invalid, each row in a commit of its own
    /// (default: all or nothing, every row's events in one transaction).
    #[serde(default)]
    partial: bool,
    /// `csv`: check every row, write nothing, and answer every problem as a CSV file (`row`,
    /// `column`, `value`, `rule`, `detail`; only the header when there is none), where the 422
    /// lists the first 1,000. Default `json`.
    #[serde(default)]
    #[param(inline)]
    problems: ProblemsAs,
}

/// How the problems of the rows are answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProblemsAs {
    /// In the 422's `errors`, the first 1,000, with their `total`.
    #[default]
    Json,
    /// Every one, as a CSV file (200).
    Csv,
}

/// The upload: one part named `file`, a CSV (UTF-8) or XLSX file.
#[derive(ToSchema)]
#[expect(dead_code, reason = "documents the multipart body; the handler reads the parts itself")]
pub struct ImportUpload {
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// An XLSX workbook, for the OpenAPI documentation.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
#[expect(dead_code, reason = "documents the template's body; the handler sends bytes")]
pub struct Workbook(Vec<u8>);

/// The failures an import can meet, for the OpenAPI documentation.
#[derive(IntoResponses)]
#[expect(dead_code, reason = "documents the answers; ApiError and ImportFailure build them")]
pub enum ImportErrors {
    /// The body is not a readable multipart/form-data form with one `file` part; or a bad query.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// No valid bearer token: missing, unknown, revoked or expired.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// Only advisers and admins import.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// The upload is over 16 MiB.
    #[response(status = 413, content_type = "application/problem+json")]
    PayloadTooLarge(Problem),
    /// The token's request budget is spent; retry after `Retry-After`.
    #[response(status = 429, content_type = "application/problem+json")]
    TooManyRequests(Problem),
    /// The store cannot be reached, or the import took longer than 30 s: retry (rows already
    /// written are recognised and skipped).
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(Problem),
}

/// Import past activities from a CSV or XLSX file, one row per activity.
///
/// Every row goes through the same commands and rules as the API's. All or nothing by default:
/// every row's events land in one transaction, so a row refused at write time (another writer
/// changed its activity meanwhile) leaves the log as it was. `partial=true` writes the valid rows,
/// one commit per row, and lists the others; `dry_run=true` writes nothing and answers what the
/// import would do. Importing the same file again writes nothing new.
#[utoipa::path(
    post, path = "/api/v1/imports", tag = "imports", operation_id = "import_activities",
    params(ImportQuery),
    request_body(content = ImportUpload, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Each row's outcome (with `partial`, the first 1,000 problems of the rows \
                                      not written in `errors`, all of them counted in `errors_total`); with \
                                      `problems=csv`, every problem as CSV",
         content((ImportReport = "application/json"), (String = "text/csv"))),
        (status = 422, content_type = "application/problem+json", body = ImportProblem,
         description = "The file cannot be read (`/problems/import-file`: not UTF-8, not XLSX, a zip bomb), \
                        or rows break rules (`/problems/import-rows`: the first 1,000 problems in `errors` \
                        with row, column, value and rule, all of them counted in `total`; the same file \
                        posted to `problems_csv` gives every one); nothing was written."),
        ImportErrors,
    )
)]
pub async fn import_activities(
    State(app): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    Query(query): Query<ImportQuery>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, FailedImport> {
    principal.require(&[Role::Adviser])?;
    let upload = read_upload(multipart).await?;
    let request_id = headers
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    let problems_csv = query.problems == ProblemsAs::Csv;
    let options = Options { dry_run: query.dry_run, partial: query.partial, problems_csv };
    let imported = import::import(&app, &principal, &upload, options, &request_id, &Silent).await;
    match imported {
        Ok(_) if problems_csv => {
            problems_file(Body::from(problems::csv_header().map_err(ImportFailure::App)?))
        }
        Ok(report) => Ok(axum::Json(report).into_response()),
        Err(ImportFailure::Rows(ProblemList { csv: Some(file), .. })) => {
            // Streamed from the temporary file: however many problems, the answer holds none.
            let file = tokio::fs::File::from_std(file);
            problems_file(Body::from_stream(tokio_util::io::ReaderStream::new(file)))
        }
        Err(failure) => Err(failure.into()),
    }
}

/// Every problem of the file, as a CSV attachment.
fn problems_file(body: Body) -> Result<Response, FailedImport> {
    Ok(export::attachment(body, export::CSV, "import-problems", "csv")?)
}

/// The `file` part of the form.
async fn read_upload(multipart: Result<Multipart, MultipartRejection>) -> Result<Upload, ApiError> {
    let mut multipart = multipart.map_err(|rejection| {
        tracing::debug!(%rejection, "not a multipart body");
        Error::BadRequest { field: None, detail: msg("problem-import-not-multipart") }
    })?;
    let mut upload = None;
    while let Some(field) = multipart.next_field().await.map_err(|e| form_error(&e))? {
        let name = field.name().unwrap_or_default().to_owned();
        if name != "file" {
            return Err(ApiError(Error::BadRequest {
                detail: msg("problem-import-other-part").with("name", name.escape_default().to_string()),
                field: Some(name.escape_default().to_string()),
            }));
        }
        if upload.is_some() {
            return Err(ApiError(Error::BadRequest {
                field: Some("file".into()),
                detail: msg("problem-import-one-file"),
            }));
        }
        let file_name = file_name(field.file_name().unwrap_or_default());
        let bytes = field.bytes().await.map_err(|e| form_error(&e))?;
        upload = Some(Upload { file_name, bytes: bytes.to_vec() });
    }
    upload
        .ok_or_else(|| Error::BadRequest {
            field: Some("file".into()),
            detail: msg("problem-import-no-file"),
        })
        .map_err(ApiError)
}

fn form_error(error: &MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError(Error::PayloadTooLarge { limit: IMPORT_BODY_LIMIT })
    } else {
        ApiError(Error::BadRequest {
            field: None,
            detail: msg("problem-import-form-unreadable").with("reason", error.body_text()),
        })
    }
}

/// The name the client gave the file, without folders, control characters or what else the text
/// rule refuses, at most 200 characters; `upload` when it gave none.
fn file_name(given: &str) -> String {
    let base = given.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String =
        base.chars().filter(|c| !c.is_control() && !is_refused_in_text(*c)).take(200).collect();
    if clean.trim().is_empty() {
        "upload".into()
    } else {
        clean
    }
}

/// Download the import template as CSV: the header and one example row, in the caller's scope
/// (its first two countries and first programme), so that it imports as downloaded.
#[utoipa::path(
    get, path = "/api/v1/imports/template.csv", tag = "imports", operation_id = "get_import_template_csv",
    responses(
        (status = 200, description = "The template", content_type = "text/csv", body = String),
        super::responses::ReadErrors,
    )
)]
pub async fn get_import_template_csv(principal: Principal) -> Result<Response, ApiError> {
    let bytes = columns::template_csv(&principal.scope).map_err(|e| Error::Internal(Box::new(e)))?;
    export::download(bytes, "text/csv; charset=utf-8", "tatrack-import-template.csv")
}

/// Download the import template as XLSX: the header and one example row, in the caller's scope
/// (its first two countries and first programme), so that it imports as downloaded.
#[utoipa::path(
    get, path = "/api/v1/imports/template.xlsx", tag = "imports", operation_id = "get_import_template_xlsx",
    responses(
        (status = 200, description = "The template", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Workbook),
        super::responses::ReadErrors,
    )
)]
pub async fn get_import_template_xlsx(principal: Principal) -> Result<Response, ApiError> {
    let bytes = columns::template_xlsx(&principal.scope).map_err(|e| Error::Internal(Box::new(e)))?;
    export::download(bytes, XLSX, "tatrack-import-template.xlsx")
}
