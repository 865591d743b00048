//! `GET /api/v1/reports/activity`: the activity statistics section of an annual report, written
//! from the log (see `tatrack-report`), as JSON, Markdown, one self-contained HTML page or a
//! Word document (DOCX).

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use tatrack_app::auth::Principal;
use tatrack_app::report::{activity_report, Period};
use tatrack_report::{docx, render, Language, Report};
use utoipa::{IntoParams, ToSchema};

use super::responses::ReadErrors;
use crate::error::{Error, Result};
use crate::export::download;
use crate::extract::Query;
use crate::origin::origin;
use crate::state::AppState;

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Json,
    Markdown,
    Html,
    Docx,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// First day of the period (activities count on their delivery start).
    from: NaiveDate,
    /// Last day of the period.
    to: NaiveDate,
    /// Programme codes, separated by commas; all programmes when absent.
    programme: Option<String>,
    /// Count only the events recorded by this instant (RFC 3339).
    as_of: Option<DateTime<Utc>>,
    /// `json`, `markdown`, `html` or `docx`; overrides `Accept` (`text/markdown`, `text/html`,
    /// `application/vnd.openxmlformats-officedocument.wordprocessingml.document`).
    #[param(inline)]
    format: Option<ReportFormat>,
}

/// Only the page's own inline styles: it runs no script and loads nothing.
const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/// Write the activity statistics of a period, per thematic area: counts by kind, States
/// assisted, events, participants, outputs and funding, with a paragraph in the request's
/// language (English, French or Spanish: `lang`, else `Accept-Language`), in United Nations
/// style; the figures, links and evidence are the same in each.
///
/// Every figure carries the question that produced it and the ids of the activities behind it,
/// and the report names the link of the hash chain it was computed at, so that
/// `tatrack report --verify` can recompute it later. Managers and admins see every activity;
/// a donor's report holds only the activities it funds, and of their money only its own.
///
/// A report covers the whole log as it stood when asked: while the projector is still linking
/// the chain that far (a server catching up after its start), the request waits up to five
/// seconds, then answers 503 with `Retry-After`.
///
/// When the server has a signing key (`--signing-key-file`), `basis.signature` is that link
/// signed with it (Ed25519), checkable offline with its public key (`tatrack report --verify
/// --public-key`).
///
/// In Markdown, HTML and DOCX the evidence names each activity by its title and dates and links
/// it to its page in the web app at the address the request reached (`Host`, and
/// `X-Forwarded-Proto` behind a proxy), so the links still work in a saved file. The DOCX is an
/// attachment named for the period.
#[utoipa::path(get, path = "/api/v1/reports/activity", tag = "views", operation_id = "get_activity_report",
    params(ReportQuery),
    responses((status = 200, description = "The report",
        content((Report = "application/json"), (String = "text/markdown"), (String = "text/html"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))),
        ReadErrors))]
pub async fn get_activity_report(
    State(app): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    Query(query): Query<ReportQuery>,
) -> Result<Response> {
    let programmes = query
        .programme
        .as_deref()
        .map(|codes| codes.split(',').map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    let period =
        Period { from: query.from, to: query.to, programmes, as_of: query.as_of, language: written_in() };
    let app = app.reading(&headers, None).await?;
    let mut report = activity_report(&app, &principal, period).await?;
    if let Some(key) = &app.chain.signing {
        tatrack_report::signature::sign(&mut report, key);
    }
    let base = origin(&headers);
    Ok(match query.format.unwrap_or_else(|| preferred(&headers)) {
        ReportFormat::Json => axum::Json(report).into_response(),
        ReportFormat::Markdown => {
            ([(header::CONTENT_TYPE, "text/markdown; charset=utf-8")], render::markdown(&report, &base))
                .into_response()
        }
        ReportFormat::Docx => {
            let file = docx::docx(&report, &base).map_err(|e| Error::Internal(Box::new(e)))?;
            let name = format!("activity-report-{}-{}.docx", query.from, query.to);
            download(file, docx::CONTENT_TYPE, &name)?
        }
        ReportFormat::Html => {
            let mut response =
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], render::html(&report, &base))
                    .into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(REPORT_CSP));
            response
        }
    })
}

/// The request's language, when a report is written in it (English, French, Spanish); English
/// otherwise.
fn written_in() -> Language {
    let language = crate::language::current();
    if Language::COMPLETE.contains(&language) {
        language
    } else {
        Language::English
    }
}

/// The format `Accept` asks for first (JSON unless it names Markdown, HTML or DOCX).
fn preferred(headers: &HeaderMap) -> ReportFormat {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    for range in accept.split(',').map(|r| r.split(';').next().unwrap_or_default().trim()) {
        match range {
            "text/html" => return ReportFormat::Html,
            "text/markdown" => return ReportFormat::Markdown,
            "application/json" => return ReportFormat::Json,
            docx::CONTENT_TYPE => return ReportFormat::Docx,
            _ => {}
        }
    }
    ReportFormat::Json
}
