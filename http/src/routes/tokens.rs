//! `/api/v1/tokens`: issue, list and revoke access tokens (admins only).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tatrack_app::auth::Principal;
use tatrack_domain::token::{CreateToken, Role, TokenScope};
use tatrack_domain::vocabulary::SpokenLanguage;
use tatrack_store::tokens::{self, StoredToken};
use utoipa::ToSchema;

use super::responses::{admin_list_route, replayed, CommandErrors};
use crate::error::{ApiError, Error, Result};
use crate::extract::{CommandHeaders, Json, Path};
use crate::state::AppState;

/// A token to issue.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// Unique; recorded as the actor of everything the token does.
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub scope: TokenScope,
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
    /// The language its answers are in (`en`, `fr`, `es`: problems, file headers) unless a
    /// request asks for another with `?lang=`; without one, each request's `Accept-Language`.
    #[serde(default)]
    pub language: Option<SpokenLanguage>,
}

/// A token as listed: never its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    pub name: String,
    pub role: String,
    pub scope: serde_json::Value,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    /// Who issued it: the actor of its creation (a person's name, or a token's).
    pub issued_by: Option<String>,
    /// The language it was issued with, if any.
    pub language: Option<String>,
}

impl From<StoredToken> for TokenView {
    fn from(t: StoredToken) -> Self {
        Self {
            scope: serde_json::from_str(&t.scope).unwrap_or(serde_json::Value::Null),
            name: t.name,
            role: t.role,
            created_at: t.created_at,
            expires_at: t.expires_at,
            revoked_at: t.revoked_at,
            issued_by: t.issued_by,
            language: t.language,
        }
    }
}

/// A newly issued token, with its secret: shown this once, stored only as a digest.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedToken {
    pub name: String,
    pub role: Role,
    pub token: String,
}

/// Issue a token.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", operation_id = "create_token",
    request_body = TokenRequest,
    responses((status = 201, description = "Issued; the secret is shown only here", body = IssuedToken), CommandErrors))]
pub async fn create_token(
    State(app): State<AppState>,
    principal: Principal,
    headers: CommandHeaders,
    body: Json<TokenRequest>,
) -> Result<(StatusCode, axum::Json<IssuedToken>)> {
    principal.require(&[])?;
    let context = headers.context(&principal, &body.digest);
    let TokenRequest { name, role, scope, expires_at, language } = body.value;
    let token = app.create_token(&name, CreateToken { role, scope, expires_at, language }, &context).await?;
    Ok((StatusCode::CREATED, axum::Json(IssuedToken { name, role, token })))
}

admin_list_route!(
    /// List tokens, revoked ones included.
    list_tokens, "/api/v1/tokens", "tokens", "Tokens", TokenView, tokens::list
);

/// Revoke a token: it is refused from now on.
#[utoipa::path(post, path = "/api/v1/tokens/{name}/revocation", tag = "tokens", operation_id = "revoke_token",
    params(("name" = String, Path, description = "The token's name")),
    responses((status = 204, description = "Revoked",
               headers(("idempotent-replayed" = String, description = "`true` when this repeats an earlier revocation with the same Idempotency-Key"))),
              CommandErrors))]
pub async fn revoke_token(
    State(app): State<AppState>,
    principal: Principal,
    Path(name): Path<String>,
    headers: CommandHeaders,
) -> Result<(StatusCode, HeaderMap)> {
    principal.require(&[])?;
    if name == principal.name {
        return Err(ApiError(Error::Conflict {
            kind: tatrack_app::problems::ProblemType::OwnToken,
            detail: tatrack_i18n::msg("problem-own-token"),
        }));
    }
    let landed = app.revoke_token(&name, &headers.bodyless_context(&principal)).await?;
    Ok((StatusCode::NO_CONTENT, replayed(landed.replayed)))
}
