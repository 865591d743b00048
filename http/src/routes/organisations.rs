//! `/api/v1/organisations`: donors and partners. Admins register and correct them; everyone
//! who may record funding (advisers, managers, admins) lists and searches them; a donor sees
//! its own.

use axum::extract::State;
use axum::http::{header, HeaderMap};
use serde::{Deserialize, Serialize};
use tatrack_app::auth::Principal;
use tatrack_domain::organisation::{CorrectOrganisation, RegisterOrganisation};
use tatrack_domain::token::Role;
use tatrack_domain::values::OrganisationId;
use tatrack_domain::OrganisationCommand;
use tatrack_projections::organisations::{self, OrganisationItem};
use utoipa::{IntoParams, ToSchema};

use super::responses::{create_route, etag, record_command, ReadErrors};
use crate::error::{ApiError, Error, Result};
use crate::extract::{PathId, Query};
use crate::state::AppState;

/// Who may read organisations: everyone who may record funding, and donors (their own).
const READERS: [Role; 3] = [Role::Adviser, Role::Manager, Role::Donor];

/// An organisation: its canonical name, IATI identifier and type, and the names it goes by.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationView {
    pub id: String,
    pub name: String,
    /// Its IATI organisation identifier, such as "XM-DAC-41114", if it has one.
    pub iati_identifier: Option<String>,
    /// The IATI organisation type, by name ("government", "multilateral"...).
    pub organisation_type: String,
    /// The IATI `OrganisationType` code of `organisation_type` ("10", "40"...).
    pub organisation_type_code: String,
    pub country: Option<String>,
    /// Other names donors were recorded under; each resolves to this organisation.
    pub aliases: Vec<String>,
    pub version: i64,
}

impl From<OrganisationItem> for OrganisationView {
    fn from(item: OrganisationItem) -> Self {
        let code = item.type_code();
        Self {
            aliases: item.aliases(),
            organisation_type_code: code.to_owned(),
            id: item.id,
            name: item.name,
            iati_identifier: item.iati_identifier,
            organisation_type: item.organisation_type,
            country: item.country,
            version: item.version,
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrganisationQuery {
    /// Only organisations whose name, an alias or IATI identifier contains this, however either
    /// is spelt: Unicode normalisation (NFKC), white space and letter case aside.
    q: Option<String>,
    /// Wait until the read models include this position (a command's answer).
    min_position: Option<i64>,
}

create_route!(
    /// Register an organisation under a client-chosen id; its names and identifier are its own.
    ///
    /// A name or alias that is another organisation's in another spelling (Unicode normalisation,
    /// white space, letter case, width) or that looks like one (Unicode's confusables, such as a
    /// Greek "Α" for a Latin "A") is refused with 409 `organisation-name-taken`, naming the field
    /// and, in `organisation`, the organisation holding the name. A name with an invisible character
    /// (zero-width space, soft hyphen, bidirectional control...) is refused with 422 naming the field.
    register_organisation, "/api/v1/organisations", "organisations", "Registered",
    headers("The organisation's URL", "The organisation's version"), RegisterOrganisation, [],
    |registration| registration.id,
    |app, principal, id, context| {
        app.organisation_command(id, OrganisationCommand::Register(registration), &context).await
    }
);

record_command!(
    /// Correct an organisation: its name, identifier, type, country or aliases, with a reason.
    correct_organisation, "/api/v1/organisations/{id}/corrections", "organisations", "Corrected",
    ("The organisation's id", "The organisation's new version"), CorrectOrganisation, [],
    |app, principal, id, correction, context| {
        let command = OrganisationCommand::Correct(correction);
        app.organisation_command(OrganisationId::new(id), command, &context).await
    }
);

/// List organisations by name, or search them by name, alias or IATI identifier.
#[utoipa::path(
    get, path = "/api/v1/organisations", tag = "organisations", operation_id = "list_organisations",
    params(OrganisationQuery),
    responses((status = 200, description = "Organisations", body = Vec<OrganisationView>), ReadErrors)
)]
pub async fn list_organisations(
    State(app): State<AppState>,
    principal: Principal,
    headers: axum::http::HeaderMap,
    Query(query): Query<OrganisationQuery>,
) -> Result<axum::Json<Vec<OrganisationView>>> {
    principal.require(&READERS)?;
    let app = app.reading(&headers, query.min_position).await?;
    let items = organisations::list(&app.db, query.q.as_deref()).await?;
    let views = items.into_iter().map(OrganisationView::from);
    Ok(axum::Json(match principal.funder() {
        Some(own) => views.filter(|view| own.organisation_id.as_deref() == Some(view.id.as_str())).collect(),
        None => views.collect(),
    }))
}

/// Read an organisation.
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}", tag = "organisations", operation_id = "get_organisation",
    params(("id" = Uuid, Path, description = "The organisation's id")),
    responses((status = 200, description = "The organisation", body = OrganisationView,
               headers(("ETag" = String, description = "The organisation's version"))), ReadErrors)
)]
pub async fn get_organisation(
    State(app): State<AppState>,
    principal: Principal,
    PathId(id): PathId,
) -> Result<(HeaderMap, axum::Json<OrganisationView>)> {
    principal.require(&READERS)?;
    let not_found =
        || Error::NotFound(tatrack_i18n::msg("problem-no-organisation-with-id").with("id", id.to_string()));
    let (organisation, version) = app.organisations.load(&id.to_string()).await?;
    let details = organisation.details().ok_or_else(not_found)?;
    let view = OrganisationView {
        id: id.to_string(),
        name: details.name.to_string(),
        iati_identifier: details.iati_identifier.as_ref().map(|i| i.as_str().to_owned()),
        organisation_type: details.organisation_type.as_str().to_owned(),
        organisation_type_code: details.organisation_type.iati_code().to_owned(),
        country: details.country.as_ref().map(|c| c.as_str().to_owned()),
        aliases: details.aliases.iter().map(ToString::to_string).collect(),
        version: i64::try_from(version).map_err(|_| {
            tatrack_store::StoreError::from(tatrack_store::Overflow("an organisation's version"))
        })?,
    };
    if principal.funder().is_some_and(|own| own.organisation_id.as_deref() != Some(view.id.as_str())) {
        return Err(ApiError(not_found()));
    }
    let headers = HeaderMap::from_iter([(header::ETAG, etag(version))]);
    Ok((headers, axum::Json(view)))
}
