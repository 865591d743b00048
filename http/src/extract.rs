//! Extractors that answer with our problem body when a request cannot be read.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::header::{CONTENT_TYPE, IF_MATCH};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use tatrack_app::auth::Principal;
use tatrack_app::commands::request_digest;
use tatrack_domain::bounds::is_refused_in_text;
use tatrack_i18n::{msg, Message};
use tatrack_store::bus::{CommandContext, Idempotency};
use uuid::Uuid;

use crate::error::{ApiError, Error};
use crate::language::LANG_PARAMETER;
use crate::unique_keys::{self, DocumentError};

/// Bodies larger than this get 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// A JSON body, parsed with the path of any bad field, plus a digest of the request for
/// idempotency checks.
pub struct Json<T> {
    pub value: T,
    /// SHA-256 of the method, the path and the body's canonical JSON.
    pub digest: String,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim();
                mime.eq_ignore_ascii_case("application/json") || mime.ends_with("+json")
            });
        if !is_json {
            return Err(ApiError(Error::UnsupportedMediaType));
        }
        let method = request.method().clone();
        let path = request.uri().path().to_owned();
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| body_error(&rejection))?;
        let document = unique_keys::parse(&bytes).map_err(|error| match error {
            DocumentError::Syntax(e) => {
                Error::MalformedJson(msg("problem-body-not-json").with("reason", e.to_string()))
            }
            DocumentError::DuplicateKey(path) => Error::BadRequest {
                detail: msg("problem-duplicate-key").with("key", path.as_str()),
                field: Some(path),
            },
        })?;
        // serde would otherwise map a JSON array onto a struct's fields by their order.
        if !document.is_object() {
            return Err(ApiError(Error::Validation { field: None, detail: msg("problem-body-not-object") }));
        }
        let digest = request_digest(method.as_str(), &path, &document);
        let value = serde_path_to_error::deserialize(document).map_err(|error| {
            // A bad map key shows as `by_institution.?`: name the map. serde's words cannot be
            // translated, so they are quoted in a sentence that is.
            let reason = error.inner().to_string();
            let field = field_at(&error.path().to_string(), &reason);
            let detail = match &field {
                Some(field) => msg("problem-body-field-unreadable").with("field", field.as_str()),
                None => msg("problem-body-unreadable"),
            };
            Error::Validation { field, detail: detail.with("reason", reason) }
        })?;
        Ok(Self { value, digest })
    }
}

/// The field a serde error is about, from its path and its message: serde reports a missing
/// field at the object that lacks it, naming the field only in its message
/// (``missing field `location` ``). A bad map key shows as `by_institution.?`: that names the map.
fn field_at(path: &str, detail: &str) -> Option<String> {
    let at = path.trim_end_matches(".?");
    let missing = detail.strip_prefix("missing field `").and_then(|rest| rest.split('`').next());
    match missing {
        Some(name) if at == "." => Some(name.to_owned()),
        Some(name) => Some(format!("{at}.{name}")),
        None => (at != ".").then(|| at.to_owned()),
    }
}

fn body_error(rejection: &BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError(Error::PayloadTooLarge { limit: BODY_LIMIT })
    } else {
        ApiError(Error::BadRequest {
            field: None,
            detail: msg("problem-body-unreadable").with("reason", rejection.body_text()),
        })
    }
}

/// The headers that shape a command: If-Match, Idempotency-Key and the request id.
pub struct CommandHeaders {
    pub expected_version: Option<u64>,
    pub idempotency_key: Option<String>,
    pub request_id: String,
    /// The request's digest when it has no body: its method and path still tell requests apart.
    bodyless_digest: String,
}
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";
pub const REQUEST_ID_HEADER: &str = "x-request-id";

impl<S: Send + Sync> FromRequestParts<S> for CommandHeaders {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let headers = &parts.headers;
        let expected_version =
            headers.get(IF_MATCH).map(|v| parse_if_match(v.to_str().unwrap_or(""))).transpose()?;
        let idempotency_key = text_header(headers, IDEMPOTENCY_KEY_HEADER)?;
        if let Some(key) = &idempotency_key {
            if key.is_empty() || key.len() > 255 {
                return Err(header_error(IDEMPOTENCY_KEY_HEADER, msg("problem-idempotency-key-length")));
            }
        }
        let request_id = text_header(headers, REQUEST_ID_HEADER)?
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| Uuid::new_v4().to_string());
        let bodyless_digest =
            request_digest(parts.method.as_str(), parts.uri.path(), &serde_json::Value::Null);
        Ok(Self { expected_version, idempotency_key, request_id, bodyless_digest })
    }
}

impl CommandHeaders {
    /// The command's context: the caller as its token names it (never as the body claims),
    /// and the digest of the body the idempotency key covers.
    pub fn context(&self, principal: &Principal, request_digest: &str) -> CommandContext {
        CommandContext {
            actor: principal.name.clone(),
            person: principal.person.clone(),
            role: principal.role.as_str().to_owned(),
            request_id: self.request_id.clone(),
            expected_version: self.expected_version,
            idempotency: self
                .idempotency_key
                .clone()
                .map(|key| Idempotency { key, request_digest: request_digest.to_owned() }),
            reason: None,
            import: None,
        }
    }
}

impl CommandHeaders {
    /// [`CommandHeaders::context`] of a command without a body.
    pub fn bodyless_context(&self, principal: &Principal) -> CommandContext {
        self.context(principal, &self.bodyless_digest)
    }
}

/// `If-Match: "3"` (also `W/"3"` or a bare `3`) means: only at version 3.
fn parse_if_match(value: &str) -> Result<u64, ApiError> {
    let tag = value.trim().trim_start_matches("W/").trim_matches('"');
    tag.parse().map_err(|_| header_error("If-Match", msg("problem-if-match-not-version")))
}

fn text_header(headers: &HeaderMap, name: &'static str) -> Result<Option<String>, ApiError> {
    headers
        .get(name)
        .map(|v| {
            v.to_str()
                .map(|s| s.trim().to_owned())
                .map_err(|_| header_error(name, msg("problem-header-not-ascii").with("name", name)))
        })
        .transpose()
}

fn header_error(name: &str, detail: Message) -> ApiError {
    ApiError(Error::BadRequest { field: Some(name.to_owned()), detail })
}

/// A UUID in the path; anything else is a 400 naming the parameter.
pub struct PathId(pub Uuid);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state).await?;
        Uuid::parse_str(&raw)
            .map(PathId)
            .map_err(|_| Error::BadRequest {
                field: Some("id".into()),
                detail: msg("problem-not-a-uuid").with("value", raw.as_str()),
            })
            .map_err(ApiError)
    }
}

/// Path parameters; one that cannot be read, or holds a control character or a noncharacter, is
/// a 400 naming it.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = RawPathParams::from_request_parts(parts, state).await.map_err(|e| Error::BadRequest {
            field: None,
            detail: msg("problem-path-unreadable").with("reason", e.body_text()),
        })?;
        let first = raw.iter().next().map(|(name, _)| name.to_owned());
        for (name, value) in &raw {
            refuse_forbidden_characters(name, value)?;
        }
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| Path(p.0))
            .map_err(|e| Error::BadRequest {
                field: first,
                detail: msg("problem-path-unreadable").with("reason", e.body_text()),
            })
            .map_err(ApiError)
    }
}

/// Query parameters; unknown or malformed ones, or values with a control character or a
/// noncharacter, are a 400 naming the parameter.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            refuse_forbidden_characters(&name, &name)?;
            refuse_forbidden_characters(&name, &value)?;
        }
        // `lang` chooses the answer's language for every route (crate::language), not a filter.
        let rest = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form_urlencoded::parse(query.as_bytes()).filter(|(name, _)| name != LANG_PARAMETER))
            .finish();
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(rest.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(Query)
            .map_err(|error| {
                let reason = error.inner().to_string();
                let field = field_at(&error.path().to_string(), &reason);
                let detail = match &field {
                    Some(name) => msg("problem-query-parameter-unreadable").with("name", name.as_str()),
                    None => msg("problem-query-unreadable"),
                };
                Error::BadRequest { field, detail: detail.with("reason", reason) }
            })
            .map_err(ApiError)
    }
}

/// A route that takes no query parameters: any it is given is refused (400 naming it), so a
/// misspelt or misplaced `min_position` is not silently ignored.
pub struct NoQuery;

impl<S: Send + Sync> FromRequestParts<S> for NoQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        match form_urlencoded::parse(query.as_bytes()).find(|(name, _)| name != LANG_PARAMETER) {
            None => Ok(Self),
            Some((name, _)) => Err(ApiError(Error::BadRequest {
                field: Some(name.escape_default().to_string()),
                detail: msg("problem-no-query-parameters").with("name", name.escape_default().to_string()),
            })),
        }
    }
}

/// Text a person could have typed holds no character the text rule refuses (control characters
/// but tab and newline, noncharacters): a NUL, say, cannot be stored in PostgreSQL text, and
/// either means a client fault, not a name.
fn refuse_forbidden_characters(parameter: &str, value: &str) -> Result<(), ApiError> {
    match value.chars().find(|c| is_refused_in_text(*c)) {
        None => Ok(()),
        Some(c) => Err(ApiError(Error::BadRequest {
            field: Some(parameter.escape_default().to_string()),
            // `kind` is the key the catalogues select the words on.
            detail: msg("problem-parameter-refused-character")
                .with("name", parameter.escape_default().to_string())
                .with("kind", if c.is_control() { "control" } else { "noncharacter" })
                .with("code_point", format!("U+{:04X}", u32::from(c))),
        })),
    }
}
