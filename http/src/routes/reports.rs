//! `GET /api/v1/reports/activity`: the activity statistics section of an annual report, written
//! from the log (see `tatrack-report`), as JSON, Markdown or one self-contained HTML page.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use tatrack_app::auth::Principal;
use tatrack_app::report::{activity_report, Period};
use tatrack_report::{render, Report};
use utoipa::{IntoParams, ToSchema};

use super::responses::ReadErrors;
use crate::error::Result;
use crate::extract::Query;
use crate::state::AppState;

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Json,
    Markdown,
    Html,
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
    /// `json`, `markdown` or `html`; overrides `Accept` (`text/markdown`, `text/html`).
    #[param(inline)]
    format: Option<ReportFormat>,
}

/// Only the page's own inline styles: it runs no script and loads nothing.
const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/// Write the activity statistics of a period, per thematic area: counts by kind, States
/// assisted, events, participants, outputs and funding, with a paragraph in plain English.
///
/// Every figure carries the question that produced it and the ids of the activities behind it,
/// and the report names the link of the hash chain it was computed at, so that
/// `tatrack report --verify` can recompute it later. Managers and admins see every activity;
/// a donor's report holds only the activities it funds, and of their money only its own.
///
/// A report covers the whole log as it stood when asked: while the projector is still linking
/// the chain that far (a server catching up after its start), the request waits up to five
/// seconds, then answers 503 with `Retry-After`.
#[utoipa::path(get, path = "/api/v1/reports/activity", tag = "views", operation_id = "get_activity_report",
    params(ReportQuery),
    responses((status = 200, description = "The report",
        content((Report = "application/json"), (String = "text/markdown"), (String = "text/html"))),
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
    let period = Period { from: query.from, to: query.to, programmes, as_of: query.as_of };
    let report = activity_report(&app, &principal, period).await?;
    Ok(match query.format.unwrap_or_else(|| preferred(&headers)) {
        ReportFormat::Json => axum::Json(report).into_response(),
        ReportFormat::Markdown => {
            ([(header::CONTENT_TYPE, "text/markdown; charset=utf-8")], render::markdown(&report))
                .into_response()
        }
        ReportFormat::Html => {
            let mut response =
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], render::html(&report)).into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(REPORT_CSP));
            response
        }
    })
}

/// The format `Accept` asks for first (JSON unless it names Markdown or HTML).
fn preferred(headers: &HeaderMap) -> ReportFormat {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    for range in accept.split(',').map(|r| r.split(';').next().unwrap_or_default().trim()) {
        match range {
            "text/html" => return ReportFormat::Html,
            "text/markdown" => return ReportFormat::Markdown,
            "application/json" => return ReportFormat::Json,
            _ => {}
        }
    }
    ReportFormat::Json
}
