//! `GET /api/v1/iati/activities.xml`: the activities the caller may see, as one IATI 2.03
//! activity document, streamed. Filters and scope are the activity list's own.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use futures::stream;
use serde::Deserialize;
use tatrack_projections::listing::ActivityFilter;
use tatrack_store::registry;
use utoipa::IntoParams;
use uuid::Uuid;

use super::reading;
use super::responses::ReadErrors;
use crate::auth::Principal;
use crate::error::{Problem, Result};
use crate::export;
use crate::extract::Query;
use crate::iati::export::Export;
use crate::service::AppState;

/// The media type of the document.
pub const APPLICATION_XML: &str = "application/xml";

/// Which activities the document holds; all optional, combined with AND, within the caller's
/// scope.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct IatiFilters {
    /// Programme id or code.
    pub programme: Option<String>,
    /// Donor name, as recorded.
    pub donor: Option<String>,
    /// ISO 3166-1 alpha-3 code.
    pub country: Option<String>,
    /// First date (delivery start, else planned start) included.
    pub from: Option<NaiveDate>,
    /// Last date included.
    pub to: Option<NaiveDate>,
}

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
    Query(filters): Query<IatiFilters>,
) -> Result<Response> {
    let filter = selection(&app, Some(&principal), &filters).await?;
    let (export, head) = Export::start(app, Some(principal), filter).await?;
    let rest = stream::try_unfold(export, |mut export| async move {
        Ok(export.next_chunk().await?.map(|chunk| (Bytes::from(chunk), export)))
    });
    export::attachment(export::streamed(Bytes::from(head), rest), APPLICATION_XML, "iati-activities", "xml")
}

/// The list filter for `filters`, narrowed to what `principal` may see (the activity list's
/// own rule); without a principal (the command line) everything is in scope.
pub async fn selection(
    app: &AppState,
    principal: Option<&Principal>,
    filters: &IatiFilters,
) -> Result<ActivityFilter> {
    let range = reading::date_range(filters.from, filters.to)?;
    let country = filters.country.as_deref().map(reading::country).transpose()?;
    let programme_id = match &filters.programme {
        None => None,
        Some(p) if Uuid::parse_str(p).is_ok() => Some(p.clone()),
        Some(code) => Some(registry::programme_id_of(&app.db, code).await?.unwrap_or_else(|| code.clone())),
    };
    let mut filter = ActivityFilter {
        country,
        programme_id,
        donor: filters.donor.clone(),
        from: range.from,
        to: range.to,
        ..ActivityFilter::default()
    };
    if let Some(principal) = principal {
        reading::restrict_to_scope(app, principal, &mut filter).await?;
    }
    Ok(filter)
}
