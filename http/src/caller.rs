//! Who is calling: the bearer token, or the web app's session cookie, turned into a
//! [`Principal`] for every handler that takes one; the language remembered for the caller (the
//! token's, or the person's) answers them from then on, unless `?lang=` asks for another.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use tatrack_app::auth::{bearer_credentials, digest, Principal};
use tatrack_store::{people, tokens};

use crate::error::{ApiError, Error};
use crate::rate_limit::admit;
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
        if let Some(stored) = tokens::by_digest(&app.db, &digest(secret)).await? {
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
