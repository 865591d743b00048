//! Who is calling: the bearer token, or the web app's session cookie, turned into a
//! [`Principal`] for every handler that takes one; the language remembered for the caller (the
//! token's, or the person's) answers them from then on, unless `?lang=` asks for another. The
//! same credentials tell callers apart for reads on a standby: each caller's last write is
//! remembered, and their reads go where it is already replayed.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use tatrack_app::auth::{bearer_credentials, digest, Principal};
use tatrack_app::standbys::Caller;
use tatrack_store::people;

use crate::error::{ApiError, Error};
use crate::rate_limit::admit;
use crate::routes::responses::Written;
use crate::state::AppState;

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        // The web app's session cookie stands in for the header, with the same checks on the
        // token it was opened with (plus CSRF checks on state-changing requests).
        if parts.headers.get(AUTHORIZATION).is_none() && crate::web::session::has_cookie(&parts.headers) {
            return crate::web::session::principal(parts, app).await;
        }
        let secret = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer_credentials)
            .ok_or_else(|| Error::Unauthorized(tatrack_i18n::msg("problem-bearer-token-missing")))?;
        if let Some(stored) = app.known_tokens.by_digest(&app.db, &digest(secret)).await? {
            crate::language::remember(stored.language.as_deref());
            return admit(stored, &app.db, &app.rate_limiter).await;
        }
        // A machine client's access token from the identity provider: a JWT (three parts).
        match &app.oidc {
            Some(oidc) if secret.split('.').count() == 3 => {
                let (issuer, subject) = oidc.machine(secret).await?;
                let recorded = people::person(&app.db, &issuer, &subject).await?;
                crate::language::remember(recorded.and_then(|person| person.language).as_deref());
                let name = format!("client {subject}");
                let principal = Principal::of_person(app, (&issuer, &subject), &name, &[])
                    .await?
                    .ok_or_else(|| ApiError(crate::web::session::no_rights(&name)))?;
                app.rate_limiter.check(&principal.name)?;
                Ok(principal)
            }
            _ => Err(ApiError(Error::Unauthorized(tatrack_i18n::msg("problem-token-not-valid")))),
        }
    }
}

/// The caller as reads on a standby tell callers apart (their own last write): by the
/// credentials the request presents, the bearer header first, as [`Principal`] reads them.
pub fn presented(headers: &HeaderMap) -> Option<Caller> {
    match headers.get(AUTHORIZATION) {
        Some(header) => {
            let secret = header.to_str().ok().and_then(bearer_credentials);
            Some(Caller::presenting(secret.map_or(header.as_bytes(), str::as_bytes)))
        }
        None => {
            crate::web::session::cookie_value(headers).map(|cookie| Caller::presenting(cookie.as_bytes()))
        }
    }
}

impl AppState {
    /// The state a read answers from: once the primary's read models reached `min_position`
    /// (else 503, as ever), the same application on a standby that reached it and the caller's
    /// own last write, or on the primary.
    pub async fn reading(&self, headers: &HeaderMap, min_position: Option<i64>) -> Result<Self, ApiError> {
        let db = tatrack_app::reading::reader(&self.app, presented(headers), min_position).await?;
        let mut state = self.clone();
        state.app.db = db;
        Ok(state)
    }
}

/// Remembers where each caller's commands landed, for [`presented`] callers' reads on a
/// standby (a server without standbys does not install it).
pub async fn remember_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let caller = presented(request.headers());
    let response = next.run(request).await;
    if let (Some(caller), Some(Written(position))) = (caller, response.extensions().get::<Written>()) {
        state.app.standbys.wrote(caller, *position);
    }
    response
}
