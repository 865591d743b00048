//! Every failure of a use case, by kind: the HTTP layer answers each as an RFC 9457 problem
//! with its status and `type` (tatrack-http's `error`), the CLI prints it. How each domain rule
//! maps to a kind is in [`domain_rules`].

use serde::Serialize;
use tatrack_i18n::{msg, text, Language, Message};
use utoipa::ToSchema;

use crate::problems::ProblemType;

pub(crate) mod domain_rules;
pub use domain_rules::DomainRule;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A use case's failure. The words a person reads (`detail`) are a [`Message`], read in the
/// request's language by the HTTP layer; `Display` reads them in English for logs and the CLI.
#[derive(Debug)]
pub enum Error {
    /// 400: the body is not JSON at all.
    MalformedJson(Message),
    /// 400: a header, path or query parameter cannot be read.
    BadRequest { field: Option<String>, detail: Message },
    /// 415: the body is not declared as JSON.
    UnsupportedMediaType,
    /// 413: the body is over the limit.
    PayloadTooLarge { limit: usize },
    /// 422: the JSON is well-formed but a value breaks a rule; `field` names it.
    Validation { field: Option<String>, detail: Message },
    /// 401: no valid bearer token (missing, unknown, revoked or expired).
    Unauthorized(Message),
    /// 403: the token is valid but its role may not do this.
    Forbidden(Message),
    /// 429: the token's request budget is spent for now.
    TooManyRequests { retry_after: u64 },
    /// 404: nothing is recorded under this id (or this route does not exist).
    NotFound(Message),
    /// 409: the command does not fit the record's current state.
    Conflict { kind: ProblemType, detail: Message },
    /// 409: a name, alias or IATI identifier another organisation holds (or imitates);
    /// `field` names the request's, `holder` the organisation.
    NameTaken { field: Option<String>, detail: Message, holder: NameHolder },
    /// 412: `If-Match` named a version that is no longer current.
    VersionMismatch { current: u64 },
    /// 422: an `Idempotency-Key` came back with a different request.
    IdempotencyKeyReused,
    /// 503: the store cannot be reached, or writers kept colliding; worth a retry.
    Unavailable(Message),
    /// 500: a fault of ours; the cause is logged, never shown.
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// What a person is told, to be read in their language.
    pub fn message(&self) -> Message {
        match self {
            Self::MalformedJson(detail)
            | Self::BadRequest { detail, .. }
            | Self::Validation { detail, .. }
            | Self::Unauthorized(detail)
            | Self::Forbidden(detail)
            | Self::NotFound(detail)
            | Self::Conflict { detail, .. }
            | Self::NameTaken { detail, .. }
            | Self::Unavailable(detail) => detail.clone(),
            Self::UnsupportedMediaType => msg("problem-unsupported-media-type"),
            Self::PayloadTooLarge { limit } => msg("problem-payload-too-large").with("limit", *limit),
            Self::TooManyRequests { retry_after } => {
                msg("problem-too-many-requests").with("retry_after", *retry_after)
            }
            Self::VersionMismatch { current } => msg("problem-version-mismatch").with("current", *current),
            Self::IdempotencyKeyReused => msg("problem-idempotency-key-reused"),
            Self::Internal(_) => msg("problem-internal"),
        }
    }
}

/// In English: what logs and the CLI print.
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&text(Language::English, &self.message()))
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Internal(cause) => Some(cause.as_ref()),
            _ => None,
        }
    }
}

/// An organisation that holds a name, by id and canonical name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct NameHolder {
    pub id: String,
    pub name: String,
}

impl Error {
    /// The request field at fault, as a JSON path such as `countries[1]`, where one is named.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Validation { field, .. }
            | Self::BadRequest { field, .. }
            | Self::NameTaken { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    /// A 422 naming `field`.
    pub fn validation(field: impl Into<String>, detail: Message) -> Self {
        Self::Validation { field: Some(field.into()), detail }
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
}

impl From<tatrack_store::StoreError> for Error {
    fn from(error: tatrack_store::StoreError) -> Self {
        store_failure(Box::new(error))
    }
}

/// A store failure: 503 while the database cannot be reached or stays busy (the request may
/// succeed later), 400 when the database refused a value of the request as data (SQLSTATE class 22),
/// 500 for anything else. Either way the cause is logged, never shown.
fn store_failure(cause: Box<dyn std::error::Error + Send + Sync>) -> Error {
    let database_error = first_database_error(cause.as_ref());
    if database_error.is_some_and(data_exception) {
        // A backstop: the extractors and value objects should have refused such a value first.
        tracing::warn!(error = %cause, source = ?cause.source(), "the store refused a value of the request");
        return Error::BadRequest { field: None, detail: msg("problem-value-cannot-be-stored") };
    }
    if database_error.is_some_and(sqlite_busy) {
        tracing::warn!(error = %cause, "the store stayed busy past its wait; the request wrote nothing");
        return Error::Unavailable(msg("problem-store-busy"));
    }
    if !database_error.is_some_and(connection_lost) {
        return Error::Internal(cause);
    }
    tracing::warn!(error = %cause, source = ?cause.source(), "the store cannot be reached");
    Error::Unavailable(msg("problem-store-unreachable"))
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
    use tatrack_domain::ActivityError;
    use tatrack_store::StoreError;

    use super::Error;
    use tatrack_store::bus::CommandError;

    /// The kind of an error, as the HTTP layer's status tells it.
    fn kind(error: &Error) -> &'static str {
        match error {
            Error::Unavailable(_) => "unavailable",
            Error::BadRequest { .. } => "bad request",
            Error::Internal(_) => "internal",
            _ => "another kind",
        }
    }

    fn refused() -> sqlx::Error {
        sqlx::Error::Io(std::io::Error::from(std::io::ErrorKind::ConnectionRefused))
    }

    #[test]
    fn an_unreachable_store_is_a_503_however_deeply_wrapped() {
        let cases: Vec<(&str, Error)> = vec![
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
            assert_eq!(kind(&error), "unavailable", "{case}");
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
            let query: Error = StoreError::Query(error()).into();
            let command: Error = CommandError::<ActivityError>::Store(Box::new(error())).into();
            for answer in [query, command] {
                assert_eq!(kind(&answer), "bad request", "{code}");
            }
        }
        let unique = StoreError::Query(sqlx::Error::Database(Box::new(Sqlstate("23505"))));
        assert_eq!(kind(&unique.into()), "internal");
    }

    #[test]
    fn other_store_failures_stay_500() {
        let decode = StoreError::Query(sqlx::Error::Decode("bad".into()));
        assert_eq!(kind(&decode.into()), "internal");
        let command = CommandError::<ActivityError>::Store(Box::new(sqlx::Error::RowNotFound));
        assert_eq!(kind(&command.into()), "internal");
    }
}
