//! Every failure the API reports, rendered as RFC 9457 `application/problem+json`.
//!
//! A use case fails with a [`tatrack_app::Error`]; [`ApiError`] carries it to the client with
//! the status and stable `type` URI (relative, resolved against the server) of its kind, which
//! clients can match on; `title` and `detail` are for humans, in the request's language
//! (`crate::language`), and may change.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tatrack_app::problems::ProblemType;
use tatrack_i18n::{msg, Message};

pub use tatrack_app::{Error, NameHolder};
use utoipa::ToSchema;

pub type Result<T, E = ApiError> = std::result::Result<T, E>;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// A use case's failure as an HTTP answer.
#[derive(Debug)]
pub struct ApiError(pub Error);

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Whatever a use case's error comes from (the store, a command) is an answer the same way.
impl<E> From<E> for ApiError
where
    Error: From<E>,
{
    fn from(error: E) -> Self {
        Self(Error::from(error))
    }
}

/// The body of every error response (RFC 9457).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Stable identifier of the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The request field at fault, as a JSON path such as `countries[1]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For 412: the version the record is at now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<u64>,
    /// For 409 `organisation-name-taken`: the organisation that holds the name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<NameHolder>,
}

impl ApiError {
    fn status_and_type(&self) -> (StatusCode, ProblemType) {
        match &self.0 {
            Error::MalformedJson(_) => (StatusCode::BAD_REQUEST, ProblemType::MalformedJson),
            Error::BadRequest { .. } => (StatusCode::BAD_REQUEST, ProblemType::BadRequest),
            Error::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, ProblemType::UnsupportedMediaType)
            }
            Error::PayloadTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, ProblemType::PayloadTooLarge),
            Error::Validation { .. } => (StatusCode::UNPROCESSABLE_ENTITY, ProblemType::Validation),
            Error::Unauthorized(_) => (StatusCode::UNAUTHORIZED, ProblemType::Unauthorized),
            Error::Forbidden(_) => (StatusCode::FORBIDDEN, ProblemType::Forbidden),
            Error::TooManyRequests { .. } => (StatusCode::TOO_MANY_REQUESTS, ProblemType::TooManyRequests),
            Error::NotFound(_) => (StatusCode::NOT_FOUND, ProblemType::NotFound),
            Error::Conflict { kind, .. } => (StatusCode::CONFLICT, *kind),
            Error::NameTaken { .. } => (StatusCode::CONFLICT, ProblemType::OrganisationNameTaken),
            Error::VersionMismatch { .. } => (StatusCode::PRECONDITION_FAILED, ProblemType::VersionMismatch),
            Error::IdempotencyKeyReused => {
                (StatusCode::UNPROCESSABLE_ENTITY, ProblemType::IdempotencyKeyReused)
            }
            Error::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, ProblemType::Unavailable),
            Error::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ProblemType::Internal),
        }
    }

    pub fn problem(&self) -> Problem {
        let (status, kind) = self.status_and_type();
        Problem {
            field: self.0.field().map(str::to_owned),
            current_version: match &self.0 {
                Error::VersionMismatch { current } => Some(*current),
                _ => None,
            },
            organisation: match &self.0 {
                Error::NameTaken { holder, .. } => Some(holder.clone()),
                _ => None,
            },
            ..typed_problem(status, kind, &self.0.message())
        }
    }
}

/// `problem` as a response with its status and the problem+json media type.
pub fn problem_response(problem: Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, axum::Json(problem)).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response
}

/// The problem for a response a layer or the framework made without one, typed by its status
/// (see [`type_for_status`]).
pub fn status_problem(status: StatusCode, detail: &Message) -> Problem {
    typed_problem(status, type_for_status(status), detail)
}

/// A problem of type `kind` with `status`, naming no field, its title and `detail` in the
/// request's language.
pub fn typed_problem(status: StatusCode, kind: ProblemType, detail: &Message) -> Problem {
    let language = crate::language::asked::current();
    Problem {
        kind: kind.uri(),
        title: tatrack_i18n::text(language, &title(kind)),
        status: status.as_u16(),
        detail: tatrack_i18n::text(language, detail),
        field: None,
        current_version: None,
        organisation: None,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Error::Internal(cause) = &self.0 {
            // The only place a cause is lost to the client, so it is kept in the log.
            tracing::error!(error = %cause, source = ?cause.source(), "request failed");
        }
        let mut response = problem_response(self.problem());
        if matches!(self.0, Error::PayloadTooLarge { .. }) {
            // The rest of the body was never read: this connection cannot carry another request.
            response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        if let Error::Unauthorized(_) = &self.0 {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Error::TooManyRequests { retry_after } = &self.0 {
            if let Ok(value) = HeaderValue::from_str(&retry_after.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        if matches!(self.0, Error::Unavailable(_)) {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

/// The short summary of a kind of problem (RFC 9457 `title`), the same for every problem of it.
fn title(kind: ProblemType) -> Message {
    match kind {
        ProblemType::MalformedJson => msg("problem-title-malformed-json"),
        ProblemType::BadRequest => msg("problem-title-bad-request"),
        ProblemType::Unauthorized => msg("problem-title-unauthorized"),
        ProblemType::Forbidden => msg("problem-title-forbidden"),
        ProblemType::NotFound => msg("problem-title-not-found"),
        ProblemType::PayloadTooLarge => msg("problem-title-payload-too-large"),
        ProblemType::UnsupportedMediaType => msg("problem-title-unsupported-media-type"),
        ProblemType::Validation => msg("problem-title-validation"),
        ProblemType::IdempotencyKeyReused => msg("problem-title-idempotency-key-reused"),
        ProblemType::TooManyRequests => msg("problem-title-too-many-requests"),
        ProblemType::Internal => msg("problem-title-internal"),
        ProblemType::Unavailable => msg("problem-title-unavailable"),
        ProblemType::VersionMismatch => msg("problem-title-version-mismatch"),
        ProblemType::AlreadyPlanned => msg("problem-title-already-planned"),
        ProblemType::ActivityCancelled => msg("problem-title-activity-cancelled"),
        ProblemType::AlreadyCancelled => msg("problem-title-already-cancelled"),
        ProblemType::ActivityReported => msg("problem-title-activity-reported"),
        ProblemType::AlreadyDelivered => msg("problem-title-already-delivered"),
        ProblemType::NotDelivered => msg("problem-title-not-delivered"),
        ProblemType::NoFundingFromDonor => msg("problem-title-no-funding-from-donor"),
        ProblemType::ActivityVoided => msg("problem-title-activity-voided"),
        ProblemType::AlreadyVoided => msg("problem-title-already-voided"),
        ProblemType::NotRecorded => msg("problem-title-not-recorded"),
        ProblemType::ParticipantsMissing => msg("problem-title-participants-missing"),
        ProblemType::AlreadyRegistered => msg("problem-title-already-registered"),
        ProblemType::ProgrammeCodeTaken => msg("problem-title-programme-code-taken"),
        ProblemType::AlreadyDefined => msg("problem-title-already-defined"),
        ProblemType::CountedIndicator => msg("problem-title-counted-indicator"),
        ProblemType::OrganisationNameTaken => msg("problem-title-organisation-name-taken"),
        ProblemType::TokenExists => msg("problem-title-token-exists"),
        ProblemType::AlreadyRevoked => msg("problem-title-already-revoked"),
        ProblemType::OwnToken => msg("problem-title-own-token"),
        ProblemType::ChainBroken => msg("problem-title-chain-broken"),
        ProblemType::IatiNotConfigured => msg("problem-title-iati-not-configured"),
        ProblemType::ParticipantErased => msg("problem-title-participant-erased"),
        ProblemType::MergeState => msg("problem-title-merge-state"),
        ProblemType::ImportFile => msg("problem-title-import-file"),
        ProblemType::ImportRows => msg("problem-title-import-rows"),
        ProblemType::Http(status) => msg("problem-title-http").with("status", status),
    }
}

/// The type of an answer a layer or the framework made with `status` alone: ours where one of
/// ours has that status, `http-<status>` otherwise.
pub fn type_for_status(status: StatusCode) -> ProblemType {
    match status {
        StatusCode::BAD_REQUEST => ProblemType::BadRequest,
        StatusCode::UNAUTHORIZED => ProblemType::Unauthorized,
        StatusCode::FORBIDDEN => ProblemType::Forbidden,
        StatusCode::NOT_FOUND => ProblemType::NotFound,
        StatusCode::PAYLOAD_TOO_LARGE => ProblemType::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ProblemType::UnsupportedMediaType,
        StatusCode::TOO_MANY_REQUESTS => ProblemType::TooManyRequests,
        StatusCode::SERVICE_UNAVAILABLE => ProblemType::Unavailable,
        StatusCode::INTERNAL_SERVER_ERROR => ProblemType::Internal,
        other => ProblemType::Http(other.as_u16()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_status_reads_as_ours_or_as_http_status() {
        assert_eq!(type_for_status(StatusCode::NOT_FOUND).uri(), "/problems/not-found");
        assert_eq!(type_for_status(StatusCode::URI_TOO_LONG).uri(), "/problems/http-414");
    }
}
