//! `GET /api/v1/iati/activities.xml`: the activities the caller may see, as one IATI 2.03
//! activity document, streamed. Filters and scope are the activity list's own.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use futures::stream;
use tatrack_app::auth::Principal;
use tatrack_app::iati::export::Export;
use tatrack_app::iati::selection::{selection, IatiFilters};

use super::responses::ReadErrors;
use crate::error::{Problem, Result};
use crate::export;
use crate::extract::Query;
use crate::state::AppState;

/// The media type of the document.
pub const APPLICATION_XML: &str = "application/xml";

/// Publish the activities the caller may see as an IATI 2.03 activity XML document.
///
/// One `iati-activity` per activity, with identifier, reporting and participating
/// organisations, status, dates, recipient countries (shares summing to 100), DAC sector,
/// funding as incoming commitments and outputs as results. Roles and scope are those of
/// `GET /api/v1/activities`: a donor's document holds only the activities it funds, and of
/// their money only its own.
#[utoipa::path(get, path = "/api/v1/iati/activities.xml", tag = "iati", operation_id = "export_iati_activities",
    params(IatiFilters),
    responses(
        (status = 200, description = "An `iati-activities` document, version 2.03", content_type = "application/xml", body = String),
        (status = 409, description = "No reporting organisation is configured (`TATRACK_IATI_ORG_REF`)",
         content_type = "application/problem+json", body = Problem),
        ReadErrors,
    ))]
pub async fn export_iati_activities(
    State(app): State<AppState>,
    principal: Principal,
    headers: axum::http::HeaderMap,
    Query(filters): Query<IatiFilters>,
) -> Result<Response> {
    let app = app.reading(&headers, None).await?;
    let filter = selection(&app, Some(&principal), &filters).await?;
    let (export, head) = Export::start(app.app.clone(), Some(principal), filter).await?;
    let rest = stream::try_unfold(export, |mut export| async move {
        Ok(export.next_chunk().await?.map(|chunk| (Bytes::from(chunk), export)))
    });
    export::attachment(export::streamed(Bytes::from(head), rest), APPLICATION_XML, "iati-activities", "xml")
}
