//! `/api/v1/people` and `/api/v1/grants`: who signed in through the identity provider, and the
//! rights admins grant them (admins only). Each grant and revocation is an event with a reason.
//! `/api/v1/me/language`: the language a signed-in person chooses to be answered in.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use tatrack_app::auth::Principal;
use tatrack_domain::access::{GrantAccess, Grantee, RevokeAccess};
use tatrack_domain::token::{Role, TokenScope};
use tatrack_domain::values::NonEmptyText;
use tatrack_domain::vocabulary::SpokenLanguage;
use tatrack_i18n::msg;
use tatrack_store::people::{self, StoredGrant, StoredPerson};
use utoipa::ToSchema;
use uuid::Uuid;

use super::responses::{admin_list_route, replayed, CommandErrors};
use crate::error::{ApiError, Error, Result};
use crate::extract::{CommandHeaders, Json, PathId};
use crate::state::AppState;
use crate::web::session::PersonView;

/// A grant to give: its id is the client's, so a retry finds the first.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantRequest {
    pub id: Uuid,
    /// A person (`{"kind": "person", "issuer", "subject"}`) or everyone whose sign-in carries a
    /// claim value (`{"kind": "claim", "claim": "groups", "value": "tatrack-advisers-bol"}`).
    pub grantee: Grantee,
    pub role: Role,
    #[serde(default)]
    pub scope: TokenScope,
    /// Why, for the audit trail.
    pub reason: NonEmptyText,
}

/// A grant as listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantView {
    pub id: String,
    pub grantee: Grantee,
    pub role: String,
    pub scope: serde_json::Value,
    pub reason: String,
    pub granted_by: String,
    pub granted_at: String,
    pub revoked_at: Option<String>,
}

impl From<StoredGrant> for GrantView {
    fn from(g: StoredGrant) -> Self {
        Self {
            grantee: g.grantee.into(),
            scope: serde_json::from_str(&g.scope).unwrap_or(serde_json::Value::Null),
            id: g.grant_id,
            role: g.role,
            reason: g.reason,
            granted_by: g.granted_by,
            granted_at: g.granted_at,
            revoked_at: g.revoked_at,
        }
    }
}

/// A person as their identity provider last described them.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonListed {
    #[serde(flatten)]
    pub person: PersonView,
    /// When they were last recorded (a first sign-in, or one that brought a new name or e-mail).
    pub recorded_at: String,
}

impl From<StoredPerson> for PersonListed {
    fn from(p: StoredPerson) -> Self {
        Self {
            person: PersonView {
                issuer: p.issuer,
                subject: p.subject,
                name: p.name,
                email: p.email,
                language: p.language,
            },
            recorded_at: p.recorded_at,
        }
    }
}

/// The landed command's position, as every command answers it.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantLanded {
    pub id: String,
    pub position: i64,
}

/// Grant a role and a scope to a person, or to everyone whose sign-in carries a claim value.
#[utoipa::path(post, path = "/api/v1/grants", tag = "people", operation_id = "grant_access",
    request_body = GrantRequest,
    responses((status = 201, description = "Granted", body = GrantLanded), CommandErrors))]
pub async fn grant_access(
    State(app): State<AppState>,
    principal: Principal,
    headers: CommandHeaders,
    body: Json<GrantRequest>,
) -> Result<(StatusCode, HeaderMap, axum::Json<GrantLanded>)> {
    principal.require(&[])?;
    let context = headers.context(&principal, &body.digest);
    let GrantRequest { id, grantee, role, scope, reason } = body.value;
    let landed = app.grant_access(id, GrantAccess { grantee, role, scope, reason }, &context).await?;
    let answer = GrantLanded { id: id.to_string(), position: landed.position };
    Ok((StatusCode::CREATED, replayed(landed.replayed), axum::Json(answer)))
}

/// Revoke a grant, with a reason: its rights end with the next request.
#[utoipa::path(post, path = "/api/v1/grants/{id}/revocation", tag = "people", operation_id = "revoke_access",
    params(("id" = Uuid, Path, description = "The grant's id")),
    request_body = RevokeAccess,
    responses((status = 200, description = "Revoked", body = GrantLanded), CommandErrors))]
pub async fn revoke_access(
    State(app): State<AppState>,
    principal: Principal,
    PathId(id): PathId,
    headers: CommandHeaders,
    body: Json<RevokeAccess>,
) -> Result<(StatusCode, HeaderMap, axum::Json<GrantLanded>)> {
    principal.require(&[])?;
    let context = headers.context(&principal, &body.digest);
    let landed = app.revoke_access(id, body.value, &context).await?;
    let answer = GrantLanded { id: id.to_string(), position: landed.position };
    Ok((StatusCode::OK, replayed(landed.replayed), axum::Json(answer)))
}

admin_list_route!(
    /// Every grant, standing and revoked, oldest first.
    list_grants, "/api/v1/grants", "people", "Grants", GrantView, people::grants
);

admin_list_route!(
    /// Everyone who has signed in through the identity provider, by name.
    list_people, "/api/v1/people", "people", "People", PersonListed, people::people
);

/// The language a signed-in person chooses.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageChoice {
    pub language: SpokenLanguage,
}

/// Choose the language you are answered in (problems, file headers) when a request does not
/// ask for another with `?lang=`; it wins over `Accept-Language`. Recorded as an event: a new
/// choice supersedes the last, none is overwritten.
#[utoipa::path(put, path = "/api/v1/me/language", tag = "people", operation_id = "choose_language",
    request_body = LanguageChoice,
    responses((status = 204, description = "Chosen: answers use it from now on",
               headers(("idempotent-replayed" = String, description = "`true` when this repeats an earlier choice with the same Idempotency-Key"))),
              CommandErrors))]
pub async fn choose_language(
    State(app): State<AppState>,
    principal: Principal,
    headers: CommandHeaders,
    body: Json<LanguageChoice>,
) -> Result<(StatusCode, HeaderMap)> {
    let Some((issuer, subject)) = principal.person.clone() else {
        return Err(ApiError(Error::BadRequest {
            field: Some("language".into()),
            detail: msg("problem-language-person-only"),
        }));
    };
    let context = headers.context(&principal, &body.digest);
    let language = body.value.language;
    let landed = app.choose_language((&issuer, &subject), language, &context).await?;
    crate::language::remember(Some(language.as_str()));
    Ok((StatusCode::NO_CONTENT, replayed(landed.replayed)))
}
