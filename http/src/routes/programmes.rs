//! `/api/v1/programmes`: register a programme, record contributions, read it back.

use axum::extract::State;
use axum::http::{header, HeaderMap};
use serde::Serialize;
use tatrack_app::auth::Principal;
use tatrack_app::funders::ContributionBody;
use tatrack_app::history::{history_of, HistoryEntry};
use tatrack_domain::programme::RegisterProgramme;
use tatrack_domain::token::Role;
use tatrack_domain::values::ProgrammeId;
use tatrack_domain::{Programme, ProgrammeCommand, ProgrammeRecord};
use utoipa::ToSchema;
use uuid::Uuid;

use super::responses::{create_route, etag, record_command, ReadErrors};
use crate::error::Result;
use crate::extract::PathId;
use crate::state::AppState;

create_route!(
    /// Register a programme under a client-chosen id and a unique code.
    register_programme, "/api/v1/programmes", "programmes", "Registered",
    headers("The programme's URL", "The programme's version"), RegisterProgramme, [],
    |registration| registration.id,
    |app, principal, id, context| app.register_programme(registration, &context).await
);

record_command!(
    /// Record money a donor gave the programme.
    ///
    /// The donor is an organisation, by `organisation_id` or by a name or alias in `donor`; an id no
    /// organisation is registered under is refused (422 naming `organisation_id`).
    record_contribution, "/api/v1/programmes/{id}/contributions", "programmes", "Recorded",
    ("The programme's id", "The programme's new version"), ContributionBody, [],
    |app, principal, id, contribution, context| {
        let command = ProgrammeCommand::RecordContribution(contribution.resolve(&app).await?);
        app.programme_command(ProgrammeId::new(id), command, &context).await
    }
);

/// A programme as its events built it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeView {
    pub id: Uuid,
    pub version: u64,
    #[serde(flatten)]
    pub record: ProgrammeRecord,
}

/// Read a programme with its contributions.
#[utoipa::path(
    get, path = "/api/v1/programmes/{id}", tag = "programmes", operation_id = "get_programme",
    params(("id" = Uuid, Path, description = "The programme's id")),
    responses((status = 200, description = "The programme", body = ProgrammeView,
               headers(("ETag" = String, description = "The programme's version"))), ReadErrors)
)]
pub async fn get_programme(
    State(app): State<AppState>,
    principal: Principal,
    PathId(id): PathId,
) -> Result<(HeaderMap, axum::Json<ProgrammeView>)> {
    let (record, version) = app.visible_programme(&principal, id).await?;
    let headers = HeaderMap::from_iter([(header::ETAG, etag(version))]);
    Ok((headers, axum::Json(ProgrammeView { id, version, record })))
}

/// Read every event recorded for a programme, oldest first.
#[utoipa::path(
    get, path = "/api/v1/programmes/{id}/history", tag = "programmes", operation_id = "get_programme_history",
    params(("id" = Uuid, Path, description = "The programme's id")),
    responses((status = 200, description = "The programme's events", body = Vec<HistoryEntry>), ReadErrors)
)]
pub async fn get_programme_history(
    State(app): State<AppState>,
    principal: Principal,
    PathId(id): PathId,
) -> Result<axum::Json<Vec<HistoryEntry>>> {
    principal.require(&[Role::Manager])?;
    Ok(axum::Json(history_of::<Programme>(&app, id, "programme", crate::language::current()).await?))
}
