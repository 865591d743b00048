//! Sessions of the web app: a token pasted once becomes an `HttpOnly`, `SameSite=Strict` cookie.
//!
//! The server keeps only a SHA-256 digest of the cookie's secret, the name of the token it speaks
//! for, an anti-CSRF secret and its times (`tatrack_store::sessions`). Every request the
//! cookie authenticates is checked against the token as a bearer request would be (revoked or
//! expired: 401), so a session never outlives its token's rights. A state-changing request
//! (anything but GET, HEAD, OPTIONS) authenticated by the cookie must also carry the session's
//! CSRF secret in `X-CSRF-Token` and, when the browser sends them, a same-origin `Origin` and
//! `Sec-Fetch-Site`; otherwise it is refused with 403.

use axum::extract::State;
use axum::http::header::{COOKIE, HOST, ORIGIN, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use tatrack_app::auth::{digest, timestamp, Principal};
use tatrack_domain::token::{Role, TokenScope};
use tatrack_i18n::msg;
use tatrack_store::people::{self, PersonSession};
use tatrack_store::sessions::{self, LiveSession, NewSession};
use utoipa::ToSchema;

use crate::error::{ApiError, Error, Result};
use crate::extract::Json;
use crate::oidc::SignedIn;
use crate::rate_limit::admit;
use crate::routes::responses::{CommandErrors, ReadErrors};
use crate::state::AppState;

/// The cookie's name.
pub const COOKIE_NAME: &str = "tatrack_session";
/// The header that carries the session's CSRF secret.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long a session lasts at most (never past its token's own expiry).
pub const LIFETIME: Duration = Duration::hours(12);

/// Whether the request carries a session cookie (a bearer header, when present, wins).
pub fn has_cookie(headers: &HeaderMap) -> bool {
    cookie_value(headers).is_some()
}

/// The value of our cookie among the request's `Cookie` headers.
pub(crate) fn cookie_value(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
}

/// A live session: opened with a pasted token, or by the identity provider for a person.
enum Live {
    Token(LiveSession),
    Person(PersonSession),
}

impl Live {
    fn csrf(&self) -> &str {
        match self {
            Self::Token(row) => &row.csrf,
            Self::Person(row) => &row.csrf,
        }
    }

    fn expires_at(&self) -> &str {
        match self {
            Self::Token(row) => &row.expires_at_session,
            Self::Person(row) => &row.expires_at,
        }
    }
}

/// The cookie's session, checked for CSRF when `method` changes state; 401 without one.
async fn session_of(method: &Method, headers: &HeaderMap, app: &AppState) -> Result<(Live, String)> {
    let secret = cookie_value(headers).ok_or_else(|| Error::Unauthorized(msg("problem-sign-in-first")))?;
    let cookie_digest = digest(secret);
    let now = timestamp(Utc::now());
    let row = match sessions::live(&app.db, &cookie_digest, &now).await? {
        Some(row) => Live::Token(row),
        None => people::live_session(&app.db, &cookie_digest, &now)
            .await?
            .map(Live::Person)
            .ok_or_else(|| Error::Unauthorized(msg("problem-session-ended")))?,
    };
    if !is_safe(method) {
        check_same_origin(headers)?;
        let sent = headers.get(CSRF_HEADER).map(HeaderValue::as_bytes).unwrap_or_default();
        if !same_secret(sent, row.csrf().as_bytes()) {
            return Err(ApiError(Error::Forbidden(msg("problem-csrf-token-missing"))));
        }
    }
    Ok((row, cookie_digest))
}

/// Who a person's session is, and what their grants let them do (`None`: nothing yet).
async fn person_of(app: &AppState, row: &PersonSession) -> Result<(PersonView, Option<Principal>)> {
    let person = people::person(&app.db, &row.issuer, &row.subject).await?;
    let (name, email, language) =
        person.map_or_else(|| (row.subject.clone(), None, None), |p| (p.name, p.email, p.language));
    crate::language::remember(language.as_deref());
    let claims: Vec<(String, String)> = serde_json::from_str(&row.claims).unwrap_or_default();
    let principal = Principal::of_person(app, (&row.issuer, &row.subject), &name, &claims).await?;
    if let Some(principal) = &principal {
        app.rate_limiter.check(&principal.name)?;
    }
    let view = PersonView { issuer: row.issuer.clone(), subject: row.subject.clone(), name, email, language };
    Ok((view, principal))
}

/// What a person without any grant is told.
pub fn no_rights(name: &str) -> Error {
    Error::Forbidden(msg("problem-no-role-yet").with("name", name))
}

/// The caller a session cookie speaks for: the [`Principal`] of its token, or of its person.
pub async fn principal(parts: &Parts, app: &AppState) -> Result<Principal> {
    match session_of(&parts.method, &parts.headers, app).await?.0 {
        Live::Token(row) => {
            crate::language::remember(row.token.language.as_deref());
            admit(row.token, &app.db, &app.rate_limiter).await
        }
        Live::Person(row) => {
            let (person, principal) = person_of(app, &row).await?;
            principal.ok_or_else(|| ApiError(no_rights(&person.name)))
        }
    }
}

/// Opens a session for a person the identity provider signed in; the cookie to set.
pub async fn open_for_person(
    app: &AppState,
    headers: &HeaderMap,
    signed_in: &SignedIn,
) -> Result<HeaderValue> {
    let now = Utc::now();
    let expires = now + LIFETIME;
    let cookie = random_hex()?;
    let session = PersonSession {
        issuer: signed_in.person.issuer.clone(),
        subject: signed_in.person.subject.clone(),
        claims: serde_json::to_string(&signed_in.claims).map_err(|e| Error::Internal(Box::new(e)))?,
        id_token: signed_in.id_token.clone(),
        csrf: random_hex()?,
        expires_at: timestamp(expires),
    };
    people::open_session(&app.db, &digest(&cookie), &session, &timestamp(now)).await?;
    cookie_header(headers, &cookie, (expires - now).num_seconds().max(0))
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Compares two secrets in time independent of where they differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    let (a, b) = (Sha256::digest(a), Sha256::digest(b));
    a.iter().zip(b.iter()).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// 403 when the browser says the request comes from another site: `Sec-Fetch-Site` other than
/// `same-origin` (or `none`, typed by the user), or an `Origin` whose host is not this `Host`.
fn check_same_origin(headers: &HeaderMap) -> Result<()> {
    // `why` is the key the catalogues select the reason on.
    let refuse = |why: &'static str| Err(Error::Forbidden(msg("problem-cross-origin").with("why", why)));
    if let Some(site) = headers.get("sec-fetch-site") {
        if !matches!(site.as_bytes(), b"same-origin" | b"none") {
            return refuse("fetch-site").map_err(ApiError);
        }
    }
    if let Some(origin) = headers.get(ORIGIN) {
        let origin = origin.to_str().unwrap_or_default();
        let authority = origin.split_once("://").map(|(_, rest)| rest.trim_end_matches('/'));
        let host = headers.get(HOST).and_then(|h| h.to_str().ok());
        match (authority, host) {
            (Some(authority), Some(host)) if authority.eq_ignore_ascii_case(host) => {}
            _ => return refuse("origin").map_err(ApiError),
        }
    }
    Ok(())
}

/// 32 random bytes as hex.
fn random_hex() -> Result<String> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("no randomness: {e}").into()))?;
    Ok(hex::encode(bytes))
}

/// The `Set-Cookie` value: `Secure` when the request came over TLS (a proxy's
/// `X-Forwarded-Proto: https`), since this server itself speaks plain HTTP.
fn cookie_header(headers: &HeaderMap, value: &str, max_age: i64) -> Result<HeaderValue> {
    let secure = crate::origin::over_tls(headers);
    let text = format!(
        "{COOKIE_NAME}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&text).map_err(|e| Error::Internal(Box::new(e))).map_err(ApiError)
}

/// A token to sign in with.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// The token's secret, as it was shown when the token was created.
    pub token: String,
}

/// A person signed in through the identity provider.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonView {
    pub issuer: String,
    pub subject: String,
    pub name: String,
    pub email: Option<String>,
    /// The language they chose to be answered in (`en`, `fr`, `es`); none chosen yet: `null`.
    pub language: Option<String>,
}

/// The signed-in session, without its cookie's secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    /// The token's name, or the person's: the actor recorded in every event written in this
    /// session.
    pub name: String,
    /// What the session may do; `null` for a person nobody has granted a role yet.
    pub role: Option<Role>,
    pub scope: TokenScope,
    /// For a person signed in through the identity provider: who.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<PersonView>,
    /// Send it back in `X-CSRF-Token` with every state-changing request.
    pub csrf_token: String,
    /// When the session ends by itself (RFC 3339).
    pub expires_at: String,
}

/// Sign in: exchange a token for a session cookie.
///
/// The token is checked as `Authorization: Bearer` would check it. The answer sets an
/// `HttpOnly`, `SameSite=Strict` cookie that the API then accepts instead of the header; the
/// token itself is never stored in the browser.
#[utoipa::path(
    post, path = "/api/v1/session", tag = "session", operation_id = "create_session",
    security(()), request_body = SignIn,
    responses(
        (status = 201, description = "Signed in", body = SessionView,
         headers(("Set-Cookie" = String, description = "The session cookie"))),
        CommandErrors,
    )
)]
pub async fn create_session(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: Json<SignIn>,
) -> Result<(StatusCode, HeaderMap, axum::Json<SessionView>)> {
    check_same_origin(&headers)?;
    let secret = body.value.token.trim();
    if secret.is_empty() {
        return Err(ApiError(Error::validation("token", msg("problem-paste-token"))));
    }
    let stored = app
        .known_tokens
        .by_digest(&app.db, &digest(secret))
        .await?
        .ok_or_else(|| Error::Unauthorized(msg("problem-token-not-valid")))?;
    let principal = admit(stored.clone(), &app.db, &app.rate_limiter).await?;
    let now = Utc::now();
    let mut expires = now + LIFETIME;
    if let Some(token_expiry) =
        stored.expires_at.as_deref().and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
    {
        expires = expires.min(token_expiry.with_timezone(&Utc));
    }
    let cookie = random_hex()?;
    let csrf = random_hex()?;
    let expires_at = timestamp(expires);
    let session = NewSession {
        digest: &digest(&cookie),
        token_name: &principal.name,
        csrf: &csrf,
        created_at: &timestamp(now),
        expires_at: &expires_at,
    };
    sessions::open(&app.db, &session).await?;
    let mut answer = HeaderMap::new();
    answer.insert(SET_COOKIE, cookie_header(&headers, &cookie, (expires - now).num_seconds().max(0))?);
    let view = SessionView {
        name: principal.name,
        role: Some(principal.role),
        scope: principal.scope,
        person: None,
        csrf_token: csrf,
        expires_at,
    };
    Ok((StatusCode::CREATED, answer, axum::Json(view)))
}

/// The session the cookie names: who is signed in, and the CSRF token to send with changes.
#[utoipa::path(
    get, path = "/api/v1/session", tag = "session", operation_id = "get_session",
    security(()),
    responses((status = 200, description = "The session", body = SessionView), ReadErrors)
)]
pub async fn get_session(
    State(app): State<AppState>,
    method: Method,
    headers: HeaderMap,
) -> Result<axum::Json<SessionView>> {
    let (row, _) = session_of(&method, &headers, &app).await?;
    let expires_at = row.expires_at().to_owned();
    let csrf_token = row.csrf().to_owned();
    let view = match row {
        Live::Token(row) => {
            let principal = admit(row.token, &app.db, &app.rate_limiter).await?;
            SessionView {
                name: principal.name,
                role: Some(principal.role),
                scope: principal.scope,
                person: None,
                csrf_token,
                expires_at,
            }
        }
        Live::Person(row) => {
            let (person, principal) = person_of(&app, &row).await?;
            SessionView {
                name: person.name.clone(),
                role: principal.as_ref().map(|p| p.role),
                scope: principal.map(|p| p.scope).unwrap_or_default(),
                person: Some(person),
                csrf_token,
                expires_at,
            }
        }
    };
    Ok(axum::Json(view))
}

/// Where the browser goes after signing out: the identity provider's sign-out page, when the
/// session was opened by the provider and it offers one.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedOut {
    pub provider_logout_url: Option<String>,
}

/// Sign out: end the session on the server; its cookie is refused from then on.
///
/// Needs the session's `X-CSRF-Token`, like every change made with the cookie.
#[utoipa::path(
    delete, path = "/api/v1/session", tag = "session", operation_id = "delete_session",
    security(()),
    responses((status = 200, description = "Signed out; where to go to sign out of the identity provider too",
               body = SignedOut,
               headers(("Set-Cookie" = String, description = "Clears the cookie"))), ReadErrors)
)]
pub async fn delete_session(
    State(app): State<AppState>,
    method: Method,
    headers: HeaderMap,
) -> Result<(StatusCode, HeaderMap, axum::Json<SignedOut>)> {
    let (row, cookie_digest) = session_of(&method, &headers, &app).await?;
    let now = timestamp(Utc::now());
    let provider_logout_url = match row {
        Live::Token(_) => {
            sessions::end(&app.db, &cookie_digest, &now).await?;
            None
        }
        Live::Person(row) => {
            people::end_session(&app.db, &cookie_digest, &now).await?;
            match &app.oidc {
                Some(oidc) => {
                    let back = format!("{}/", crate::origin::origin(&headers));
                    oidc.logout_url(&row.id_token, &back).await
                }
                None => None,
            }
        }
    };
    let mut answer = HeaderMap::new();
    answer.insert(SET_COOKIE, cookie_header(&headers, "", 0)?);
    Ok((StatusCode::OK, answer, axum::Json(SignedOut { provider_logout_url })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).expect("a header value"));
        }
        map
    }

    #[test]
    fn the_cookie_is_found_among_others() {
        let h = headers(&[("cookie", "a=1; tatrack_session=abc ; b=2")]);
        assert_eq!(cookie_value(&h), Some("abc"));
        assert_eq!(cookie_value(&headers(&[("cookie", "tatrack_session=")])), None);
        assert_eq!(cookie_value(&headers(&[("cookie", "other=tatrack_session")])), None);
    }

    #[test]
    fn only_same_origin_requests_pass() {
        assert!(check_same_origin(&headers(&[("host", "h:1")])).is_ok());
        assert!(check_same_origin(&headers(&[("host", "h:1"), ("origin", "http://h:1")])).is_ok());
        assert!(check_same_origin(&headers(&[("host", "h:1"), ("origin", "http://evil:1")])).is_err());
        assert!(check_same_origin(&headers(&[("host", "h:1"), ("origin", "null")])).is_err());
        assert!(check_same_origin(&headers(&[("host", "h:1"), ("sec-fetch-site", "cross-site")])).is_err());
        assert!(check_same_origin(&headers(&[("host", "h:1"), ("sec-fetch-site", "same-site")])).is_err());
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"", b"abc"));
    }
}
