//! Every failure the API reports, rendered as RFC 9457 `application/problem+json`.
//!
//! Each variant has a stable `type` URI (relative, resolved against the server) that clients
//! can match on; `detail` is for humans and may change. How each domain rule maps to a
//! problem is in [`domain_rules`].

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::problems::ProblemType;

mod domain_rules;
pub use domain_rules::DomainRule;

pub type Result<T, E = ApiError> = std::result::Result<T, E>;

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the body is not JSON at all.
    #[error("{0}")]
    MalformedJson(String),
    /// 400: a header or path parameter cannot be read.
    #[error("{detail}")]
    BadRequest { field: Option<String>, detail: String },
    /// 415: the body is not declared as JSON.
    #[error("send the body as application/json")]
    UnsupportedMediaType,
    /// 413: the body is over the limit.
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// 422: the JSON is well-formed but a value breaks a rule; `field` names it.
    #[error("{detail}")]
    Validation { field: Option<String>, detail: String },
    /// 401: no valid bearer token (missing, unknown, revoked or expired).
    #[error("{0}")]
    Unauthorized(String),
    /// 403: the token is valid but its role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// 429: the token's request budget is spent for now.
    #[error("too many requests with this token; retry in {retry_after} s")]
    TooManyRequests { retry_after: u64 },
    /// 404: nothing is recorded under this id (or this route does not exist).
    #[error("{0}")]
    NotFound(String),
    /// 409: the command does not fit the record's current state.
    #[error("{detail}")]
    Conflict { kind: ProblemType, detail: String },
    /// 409: a name, alias or IATI identifier another organisation holds (or imitates);
    /// `field` names the request's, `holder` the organisation.
    #[error("{detail}")]
    NameTaken { field: Option<String>, detail: String, holder: NameHolder },
    /// 412: `If-Match` named a version that is no longer current.
    #[error("the record is at version {current}; reload it and decide again")]
    VersionMismatch { current: u64 },
    /// 422: an `Idempotency-Key` came back with a different request.
    #[error("this Idempotency-Key was already used for a different request")]
    IdempotencyKeyReused,
    /// 503: the store cannot be reached, or writers kept colliding; worth a retry.
    #[error("{0}")]
    Unavailable(String),
    /// 500: a fault of ours; the cause is logged, never shown.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
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

/// An organisation that holds a name, by id and canonical name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct NameHolder {
    pub id: String,
    pub name: String,
}

impl ApiError {
    pub fn validation(field: impl Into<String>, detail: &impl ToString) -> Self {
        Self::Validation { field: Some(field.into()), detail: detail.to_string() }
    }

    /// The same error with its field named by its path in a body that nests `fields` under
    /// `parent` (a correction's `changes.planned_end`), so a client can show it beside its input.
    #[must_use]
    pub fn nested_in(self, parent: &str, fields: &[&str]) -> Self {
        match self {
            Self::Validation { field: Some(field), detail } if fields.contains(&field.as_str()) => {
                Self::Validation { field: Some(format!("{parent}.{field}")), detail }
            }
            other => other,
        }
    }

    fn status_and_type(&self) -> (StatusCode, ProblemType) {
        match self {
            Self::MalformedJson(_) => (StatusCode::BAD_REQUEST, ProblemType::MalformedJson),
            Self::BadRequest { .. } => (StatusCode::BAD_REQUEST, ProblemType::BadRequest),
            Self::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, ProblemType::UnsupportedMediaType)
            }
            Self::PayloadTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, ProblemType::PayloadTooLarge),
            Self::Validation { .. } => (StatusCode::UNPROCESSABLE_ENTITY, ProblemType::Validation),
            Self::Unauthorized(_) => (StatusCode::UNAUTHORIZED, ProblemType::Unauthorized),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, ProblemType::Forbidden),
            Self::TooManyRequests { .. } => (StatusCode::TOO_MANY_REQUESTS, ProblemType::TooManyRequests),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, ProblemType::NotFound),
            Self::Conflict { kind, .. } => (StatusCode::CONFLICT, *kind),
            Self::NameTaken { .. } => (StatusCode::CONFLICT, ProblemType::OrganisationNameTaken),
            Self::VersionMismatch { .. } => (StatusCode::PRECONDITION_FAILED, ProblemType::VersionMismatch),
            Self::IdempotencyKeyReused => {
                (StatusCode::UNPROCESSABLE_ENTITY, ProblemType::IdempotencyKeyReused)
            }
            Self::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, ProblemType::Unavailable),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ProblemType::Internal),
        }
    }

    pub fn problem(&self) -> Problem {
        let (status, kind) = self.status_and_type();
        let field = match self {
            Self::Validation { field, .. }
            | Self::BadRequest { field, .. }
            | Self::NameTaken { field, .. } => field.clone(),
            _ => None,
        };
        Problem {
            kind: kind.uri(),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: self.to_string(),
            field,
            current_version: match self {
                Self::VersionMismatch { current } => Some(*current),
                _ => None,
            },
            organisation: match self {
                Self::NameTaken { holder, .. } => Some(holder.clone()),
                _ => None,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(cause) = &self {
            // The only place a cause is lost to the client, so it is kept in the log.
            tracing::error!(error = %cause, source = ?cause.source(), "request failed");
        }
        let mut response = problem_response(self.problem());
        if matches!(self, Self::PayloadTooLarge { .. }) {
            // The rest of the body was never read: this connection cannot carry another request.
            response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        if let Self::Unauthorized(_) = &self {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Self::TooManyRequests { retry_after } = &self {
            if let Ok(value) = HeaderValue::from_str(&retry_after.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        if matches!(self, Self::Unavailable(_)) {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
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
/// (see [`ProblemType::for_status`]).
pub fn status_problem(status: StatusCode, detail: String) -> Problem {
    Problem {
        kind: ProblemType::for_status(status).uri(),
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail,
        field: None,
        current_version: None,
        organisation: None,
    }
}

impl From<tatrack_store::StoreError> for ApiError {
    fn from(error: tatrack_store::StoreError) -> Self {
        store_failure(Box::new(error))
    }
}

/// A store failure: 503 while the database cannot be reached or stays busy (the request may
/// succeed later), 400 when the database refused a value of the request as data (SQLSTATE class 22),
/// 500 for anything else. Either way the cause is logged, never shown.
fn store_failure(cause: Box<dyn std::error::Error + Send + Sync>) -> ApiError {
    let database_error = first_database_error(cause.as_ref());
    if database_error.is_some_and(data_exception) {
        // A backstop: the extractors and value objects should have refused such a value first.
        tracing::warn!(error = %cause, source = ?cause.source(), "the store refused a value of the request");
        return ApiError::BadRequest {
            field: None,
            detail: "a value in the request cannot be stored or compared (a control character, or a \
                     figure out of range?)"
                .into(),
        };
    }
    if database_error.is_some_and(sqlite_busy) {
        tracing::warn!(error = %cause, "the store stayed busy past its wait; the request wrote nothing");
        return ApiError::Unavailable(
            "the event store is busy; nothing was written, try again shortly".into(),
        );
    }
    if !database_error.is_some_and(connection_lost) {
        return ApiError::Internal(cause);
    }
    tracing::warn!(error = %cause, source = ?cause.source(), "the store cannot be reached");
    ApiError::Unavailable("the event store cannot be reached; try again shortly".into())
}

/// SQLite's `SQLITE_BUSY` or `SQLITE_LOCKED` (with any extended code): another writer held the
/// database past the busy timeout, or a read snapshot could not become a write. The statement's
/// transaction is rolled back, so a retry (with its `Idempotency-Key`) is safe.
fn sqlite_busy(error: &sqlx::Error) -> bool {
    let sqlx::Error::Database(database) = error else { return false };
    database.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some()
        && database
            .code()
            .and_then(|code| code.parse::<i32>().ok())
            .is_some_and(|code| matches!(code & 0xff, 5 | 6))
}

/// The first database error in `error`'s chain. Our own `StoreError`, cqrs-es's
/// `AggregateError` and postgres-es all wrap the sqlx error at different depths, so the chain is
/// walked rather than matched.
fn first_database_error<'e>(error: &'e (dyn std::error::Error + 'static)) -> Option<&'e sqlx::Error> {
    let mut cause = Some(error);
    while let Some(current) = cause {
        if let Some(sql) = current.downcast_ref::<sqlx::Error>() {
            return Some(sql);
        }
        cause = current.source();
    }
    None
}

/// SQLSTATE class 22 (data exception): e.g. 22021, a NUL byte in text; 22003, a number out of
/// range; 22P05, an unsupported Unicode escape in JSON.
fn data_exception(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(database) if database.code().is_some_and(|code| code.starts_with("22")))
}

/// Whether the database is down, restarting or unreachable.
fn connection_lost(error: &sqlx::Error) -> bool {
    match error {
        // No connection within the acquire timeout (refused, or the server is starting up),
        // the pool shutting down, or a connection cut mid-conversation.
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_) => true,
        // SQLSTATE class 08 (connection exception); 57P01-57P03: the server is shutting down,
        // crashed, or not accepting connections yet.
        sqlx::Error::Database(database) => database.code().is_some_and(|code| {
            code.starts_with("08") || matches!(code.as_ref(), "57P01" | "57P02" | "57P03")
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use tatrack_domain::ActivityError;
    use tatrack_store::StoreError;

    use super::ApiError;
    use tatrack_store::bus::CommandError;

    fn status(error: &ApiError) -> StatusCode {
        StatusCode::from_u16(error.problem().status).expect("a status")
    }

    fn refused() -> sqlx::Error {
        sqlx::Error::Io(std::io::Error::from(std::io::ErrorKind::ConnectionRefused))
    }

    #[test]
    fn an_unreachable_store_is_a_503_however_deeply_wrapped() {
        let cases: Vec<(&str, ApiError)> = vec![
            ("pool timed out", StoreError::Query(sqlx::Error::PoolTimedOut).into()),
            ("pool closed", StoreError::Query(sqlx::Error::PoolClosed).into()),
            ("connect refused", StoreError::Connect { backend: "PostgreSQL", source: refused() }.into()),
            ("cqrs-es connection error", CommandError::<ActivityError>::Store(Box::new(refused())).into()),
            (
                "ours inside a command",
                CommandError::<ActivityError>::from(StoreError::Query(refused())).into(),
            ),
        ];
        for (case, error) in cases {
            assert_eq!(status(&error), StatusCode::SERVICE_UNAVAILABLE, "{case}");
        }
    }

    /// A database error with only a SQLSTATE, as PostgreSQL would send it.
    #[derive(Debug, thiserror::Error)]
    #[error("SQLSTATE {0}")]
    struct Sqlstate(&'static str);

    impl sqlx::error::DatabaseError for Sqlstate {
        fn message(&self) -> &str {
            self.0
        }
        fn code(&self) -> Option<std::borrow::Cow<'_, str>> {
            Some(self.0.into())
        }
        fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
            self
        }
        fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
            self
        }
        fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
            self
        }
        fn kind(&self) -> sqlx::error::ErrorKind {
            sqlx::error::ErrorKind::Other
        }
    }

    #[test]
    fn a_value_the_database_refuses_as_data_is_a_400_not_a_500() {
        for code in ["22021", "22P05", "22003"] {
            let error = || sqlx::Error::Database(Box::new(Sqlstate(code)));
            let query: ApiError = StoreError::Query(error()).into();
            let command: ApiError = CommandError::<ActivityError>::Store(Box::new(error())).into();
            for answer in [query, command] {
                assert_eq!(status(&answer), StatusCode::BAD_REQUEST, "{code}");
                assert_eq!(answer.problem().kind, "/problems/bad-request", "{code}");
            }
        }
        let unique = StoreError::Query(sqlx::Error::Database(Box::new(Sqlstate("23505"))));
        assert_eq!(status(&unique.into()), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn other_store_failures_stay_500() {
        let decode = StoreError::Query(sqlx::Error::Decode("bad".into()));
        assert_eq!(status(&decode.into()), StatusCode::INTERNAL_SERVER_ERROR);
        let command = CommandError::<ActivityError>::Store(Box::new(sqlx::Error::RowNotFound));
        assert_eq!(status(&command.into()), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
