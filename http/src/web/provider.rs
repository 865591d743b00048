//! Signing in through the organisation's identity provider: the routes around [`crate::oidc`].
//!
//! - `GET /auth/oidc/provider`: whether one is configured, and its name (the sign-in page asks).
//! - `GET /auth/oidc/login`: a new sign-in; answers where to send the browser (JSON), or sends it
//!   there (303) when the browser itself asks.
//! - `GET /auth/oidc/callback`: the provider's answer. The state is spent once; on success the
//!   person is recorded (when new, or newly described) and a session cookie set, and the browser
//!   goes to the app. A refusal is a problem (JSON), or for a browser the sign-in page saying why.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::header::{ACCEPT, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Serialize;
use tatrack_app::auth::{digest, timestamp};
use tatrack_i18n::msg;
use tatrack_store::bus::CommandContext;
use tatrack_store::people::{self, PendingLogin};

use crate::error::{ApiError, Error, Result};
use crate::oidc::{Oidc, LOGIN_LIFETIME};
use crate::state::AppState;

/// The provider's answer, as the query of the callback: whatever it holds.
type Answer = HashMap<String, String>;

#[derive(Debug, Serialize)]
struct Provider {
    name: String,
}

#[derive(Debug, Serialize)]
struct LoginUrl {
    authorization_url: String,
}

fn configured(app: &AppState) -> Result<&Oidc> {
    app.oidc.as_deref().ok_or_else(|| ApiError(Error::NotFound(msg("problem-no-identity-provider"))))
}

/// Whether the request is a browser's navigation (it accepts HTML), not a script's.
fn navigating(headers: &HeaderMap) -> bool {
    headers.get(ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|accept| accept.contains("text/html"))
}

fn see_other(to: &str) -> Result<HeaderMap> {
    let mut answer = HeaderMap::new();
    answer.insert(LOCATION, HeaderValue::from_str(to).map_err(|e| ApiError(Error::Internal(Box::new(e))))?);
    Ok(answer)
}

pub async fn provider(State(app): State<AppState>) -> Result<Response> {
    let oidc = configured(&app)?;
    Ok(axum::Json(Provider { name: oidc.settings.provider_name.clone() }).into_response())
}

pub async fn login(State(app): State<AppState>, headers: HeaderMap) -> Result<Response> {
    let oidc = configured(&app)?;
    let start = match oidc.start().await {
        Ok(start) => start,
        // A browser is shown the sign-in page saying why (the provider is down), not a document.
        Err(error) if navigating(&headers) => return failed(&error),
        Err(error) => return Err(ApiError(error)),
    };
    let now = Utc::now();
    let pending = PendingLogin { nonce: start.nonce, verifier: start.verifier, return_to: "/".into() };
    people::begin_login(
        &app.db,
        &digest(&start.state),
        &pending,
        (&timestamp(now), &timestamp(now - LOGIN_LIFETIME)),
    )
    .await?;
    if navigating(&headers) {
        return Ok((StatusCode::SEE_OTHER, see_other(&start.url)?).into_response());
    }
    Ok(axum::Json(LoginUrl { authorization_url: start.url }).into_response())
}

pub async fn callback(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<Answer>,
) -> Result<Response> {
    match signed_in(&app, &headers, &query).await {
        Ok(cookie) => {
            let mut answer = see_other("/#/")?;
            answer.insert(SET_COOKIE, cookie);
            Ok((StatusCode::SEE_OTHER, answer).into_response())
        }
        Err(ApiError(error)) if navigating(&headers) => failed(&error),
        Err(error) => Err(error),
    }
}

/// Back to the app's sign-in page, which says why signing in failed.
fn failed(error: &Error) -> Result<Response> {
    let why =
        openidconnect::url::form_urlencoded::byte_serialize(error.to_string().as_bytes()).collect::<String>();
    Ok((StatusCode::SEE_OTHER, see_other(&format!("/#/signin?failed={why}"))?).into_response())
}

/// The provider's answer checked, the person recorded, a session opened: its cookie.
async fn signed_in(
    app: &AppState,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Result<HeaderValue> {
    let oidc = configured(app)?;
    if let Some(error) = query.get("error") {
        let refused = match query.get("error_description") {
            Some(description) => {
                msg("problem-provider-refused-described").with("description", description.as_str())
            }
            None => msg("problem-provider-refused"),
        };
        return Err(ApiError(Error::Unauthorized(refused.with("error", error.as_str()))));
    }
    let field = |name: &str| {
        query.get(name).filter(|v| !v.is_empty()).ok_or_else(|| {
            ApiError(Error::BadRequest {
                field: Some(name.into()),
                detail: msg("problem-parameter-missing").with("name", name),
            })
        })
    };
    let (code, state) = (field("code")?, field("state")?);
    let too_old = timestamp(Utc::now() - LOGIN_LIFETIME);
    let pending = people::take_login(&app.db, &digest(state), &too_old).await?.ok_or_else(|| {
        ApiError(Error::BadRequest { field: Some("state".into()), detail: msg("problem-sign-in-unknown") })
    })?;
    let signed_in = oidc.finish(code, &pending.nonce, &pending.verifier).await?;
    let person = &signed_in.person;
    let context = CommandContext {
        actor: person.name.clone(),
        person: Some((person.issuer.clone(), person.subject.clone())),
        role: "none".into(),
        request_id: uuid::Uuid::new_v4().to_string(),
        ..CommandContext::default()
    };
    app.record_person(person.clone(), &context).await?;
    super::session::open_for_person(app, headers, &signed_in).await
}
