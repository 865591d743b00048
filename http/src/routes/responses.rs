//! Response types shared by the handlers, and the error sets their documentation lists.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use serde::Serialize;
use tatrack_app::auth::Principal;
use tatrack_domain::token::Role;
use tatrack_store::bus::{CommandContext, Landed};
use utoipa::{IntoResponses, ToSchema};
use uuid::Uuid;

use crate::error::{Problem, Result};
use crate::extract::CommandHeaders;

/// What every command answers: where the record now stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommandAccepted {
    pub id: Uuid,
    /// The record's version after the command: the number of its events.
    pub version: u64,
    /// Global position of the record's last event; pass it as `min_position` to read your write.
    pub position: i64,
}

/// Marks an answer that repeats the first response to the same `Idempotency-Key`.
pub const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";

/// A command's answer: its status, `ETag` (and `Location` for a new record) and body, and
/// (for the server only) where in the log it landed.
pub type Accepted = (StatusCode, HeaderMap, axum::Extension<Written>, axum::Json<CommandAccepted>);

/// Where a command landed in the log, seen by [`crate::caller::remember_writes`] on the way
/// out so that the caller's next reads cover it; never sent.
#[derive(Debug, Clone, Copy)]
pub struct Written(pub i64);

/// What every command route does once its body is read: checks that the caller's role is one
/// of `roles` (admins pass any), runs the use case with the context its headers and body give,
/// and answers with the record's new version: `200`, or `201` with `Location` when `created`
/// names the new record's URL.
pub async fn run_command(
    principal: &Principal,
    roles: &[Role],
    (headers, digest): (&CommandHeaders, &str),
    (id, created): (Uuid, Option<String>),
    run: impl AsyncFnOnce(CommandContext) -> tatrack_app::Result<Landed>,
) -> Result<Accepted> {
    principal.require(roles)?;
    let landed = run(headers.context(principal, digest)).await?;
    let Some(location) = created else { return Ok(accepted(StatusCode::OK, id, landed)) };
    let mut answer = accepted(StatusCode::CREATED, id, landed);
    if let Ok(location) = HeaderValue::from_str(&location) {
        answer.1.insert(header::LOCATION, location);
    }
    Ok(answer)
}

/// Declares the handler that registers a new record under a client-chosen id: read the body,
/// check the caller's role is one of `[$role]`, run `$run` (given the state, the caller, the
/// record's id `$id` takes from the body, the body and the command's context), and answer `201`
/// with `Location` (the route's path and the id) and `ETag`.
macro_rules! create_route {
    ($(#[$doc:meta])* $name:ident, $path:literal, $tag:literal, $done:literal,
     headers($location:literal, $version:literal), $body:ident, [$($role:expr),*],
     |$value:ident| $id:expr, |$app:ident, $principal:ident, $record:ident, $context:ident| $run:expr) => {
        $(#[$doc])*
        #[utoipa::path(
            post, path = $path, tag = $tag,
            params(crate::routes::responses::CommandHeaderParams), request_body = $body,
            responses(
                (status = 201, description = $done, body = crate::routes::responses::CommandAccepted,
                 headers(("Location" = String, description = $location),
                         ("ETag" = String, description = $version))),
                crate::routes::responses::CommandErrors,
            )
        )]
        pub async fn $name(
            axum::extract::State($app): axum::extract::State<crate::state::AppState>,
            $principal: tatrack_app::auth::Principal,
            headers: crate::extract::CommandHeaders,
            body: crate::extract::Json<$body>,
        ) -> crate::error::Result<crate::routes::responses::Accepted> {
            let $value = body.value;
            let $record = $id;
            let created = Some(format!("{}/{}", $path, $record.as_uuid()));
            let (roles, request) = (&[$($role),*], (&headers, body.digest.as_str()));
            let record = ($record.as_uuid(), created);
            crate::routes::responses::run_command(&$principal, roles, request, record, async |$context| $run)
                .await
        }
    };
}
pub(crate) use create_route;

/// Declares the handler of a command on an existing record, its id in the path: read the body,
/// check the caller's role is one of `[$role]`, run `$run` (given the state, the caller, the id,
/// the body and the command's context), and answer `200` with the record's new version in
/// `ETag`. `($id_doc, $version)` describe the id and the `ETag` in the OpenAPI entry.
macro_rules! record_command {
    ($(#[$doc:meta])* $name:ident, $path:literal, $tag:literal, $done:literal,
     ($id_doc:literal, $version:literal), $body:ident, [$($role:expr),*],
     |$app:ident, $principal:ident, $id:ident, $value:ident, $context:ident| $run:expr) => {
        $(#[$doc])*
        #[utoipa::path(
            post, path = $path, tag = $tag,
            params(("id" = Uuid, Path, description = $id_doc), crate::routes::responses::CommandHeaderParams),
            request_body = $body,
            responses((status = 200, description = $done, body = crate::routes::responses::CommandAccepted,
                       headers(("ETag" = String, description = $version))),
                      crate::routes::responses::CommandErrors)
        )]
        pub async fn $name(
            axum::extract::State($app): axum::extract::State<crate::state::AppState>,
            $principal: tatrack_app::auth::Principal,
            crate::extract::PathId($id): crate::extract::PathId,
            headers: crate::extract::CommandHeaders,
            body: crate::extract::Json<$body>,
        ) -> crate::error::Result<crate::routes::responses::Accepted> {
            let $value = body.value;
            let (roles, request) = (&[$($role),*], (&headers, body.digest.as_str()));
            let record = ($id, None);
            crate::routes::responses::run_command(&$principal, roles, request, record, async |$context| $run)
                .await
        }
    };
}
pub(crate) use record_command;

/// Declares an admin's list: check the caller is an admin, read the rows `$rows` (a store
/// function of the database) gives, and answer each as the `$view` it converts into.
macro_rules! admin_list_route {
    ($(#[$doc:meta])* $name:ident, $path:literal, $tag:literal, $what:literal, $view:ident, $rows:path) => {
        $(#[$doc])*
        #[utoipa::path(get, path = $path, tag = $tag,
            responses((status = 200, description = $what, body = Vec<$view>),
                      crate::routes::responses::ReadErrors))]
        pub async fn $name(
            axum::extract::State(app): axum::extract::State<crate::state::AppState>,
            principal: tatrack_app::auth::Principal,
        ) -> crate::error::Result<axum::Json<Vec<$view>>> {
            principal.require(&[])?;
            let rows = $rows(&app.db).await?;
            Ok(axum::Json(rows.into_iter().map($view::from).collect()))
        }
    };
}
pub(crate) use admin_list_route;

/// What every negotiated read starts from: the state, the caller and the request's headers.
pub struct Read {
    pub app: crate::state::AppState,
    pub principal: tatrack_app::auth::Principal,
    pub headers: HeaderMap,
}

/// Declares a read answered as JSON or, by `format` or `Accept`, as a CSV or XLSX file: its
/// OpenAPI entry lists the three contents (`[$json]` the JSON body's type, `$what` their
/// description), and its handler takes the state, the caller and the request's headers, then
/// the `[args]` extractors, and answers what `$answer` (a plain function, which rustfmt and the
/// compiler see as any other) makes of them.
macro_rules! negotiated_route {
    ($(#[$doc:meta])* $name:ident, $path:literal, $tag:literal, $what:literal, [$($json:tt)+],
     params($($params:tt)*), [$($arg:ident: $ty:ty),*] => $answer:path) => {
        $(#[$doc])*
        #[utoipa::path(get, path = $path, tag = $tag, params($($params)*),
            responses((status = 200, description = $what,
                content(($($json)+ = "application/json"), (String = "text/csv"),
                        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
                crate::routes::responses::ReadErrors))]
        pub async fn $name(
            axum::extract::State(app): axum::extract::State<crate::state::AppState>,
            principal: tatrack_app::auth::Principal,
            headers: axum::http::HeaderMap,
            $($arg: $ty),*
        ) -> crate::error::Result<axum::response::Response> {
            $answer(crate::routes::responses::Read { app, principal, headers }, $($arg),*).await
        }
    };
}
pub(crate) use negotiated_route;

/// The answer to a command, with `ETag` set to the new version.
pub fn accepted(status: StatusCode, id: Uuid, landed: Landed) -> Accepted {
    let mut headers = HeaderMap::new();
    headers.insert(header::ETAG, etag(landed.version));
    if landed.replayed {
        headers.insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    let body = CommandAccepted { id, version: landed.version, position: landed.position };
    (status, headers, axum::Extension(Written(landed.position)), axum::Json(body))
}

/// The headers of an answer that is not a record's version: only [`IDEMPOTENT_REPLAYED`],
/// when it repeats an earlier one.
pub fn replayed(replayed: bool) -> HeaderMap {
    let mut answer = HeaderMap::new();
    if replayed {
        answer.insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    answer
}

/// A version as a strong entity tag: `"3"`.
pub fn etag(version: u64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

/// The failures any command can meet, for the OpenAPI documentation.
#[derive(IntoResponses)]
pub enum CommandErrors {
    /// Malformed JSON, or a bad header or path parameter.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// No valid bearer token: missing, unknown, revoked or expired.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The token's role may not do this.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// Nothing is recorded under this id.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// The command does not fit the record's current state.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// `If-Match` named a version that is no longer current.
    #[response(status = 412, content_type = "application/problem+json")]
    PreconditionFailed(Problem),
    /// The body is over 1 MiB.
    #[response(status = 413, content_type = "application/problem+json")]
    PayloadTooLarge(Problem),
    /// The body is not declared as application/json.
    #[response(status = 415, content_type = "application/problem+json")]
    UnsupportedMediaType(Problem),
    /// A value breaks a rule (`field` names it), or an `Idempotency-Key` was reused.
    #[response(status = 422, content_type = "application/problem+json")]
    Unprocessable(Problem),
    /// The token's request budget is spent; retry after `Retry-After`.
    #[response(status = 429, content_type = "application/problem+json")]
    TooManyRequests(Problem),
    /// The store cannot be reached, or the read models have not reached `min_position` yet;
    /// retry after the `Retry-After` delay.
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(Problem),
}

/// The failures any read can meet, for the OpenAPI documentation.
#[derive(IntoResponses)]
pub enum ReadErrors {
    /// A bad path or query parameter.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// No valid bearer token: missing, unknown, revoked or expired.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The token's role may not do this.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// Nothing is recorded under this id.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// The token's request budget is spent; retry after `Retry-After`.
    #[response(status = 429, content_type = "application/problem+json")]
    TooManyRequests(Problem),
    /// The store cannot be reached, or the read models have not reached `min_position` yet;
    /// retry after the `Retry-After` delay.
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(Problem),
}

/// The headers a command accepts, for the OpenAPI documentation.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[expect(dead_code, reason = "only documents headers; CommandHeaders reads them")]
pub struct CommandHeaderParams {
    /// `"<version>"`: apply only if the record is still at this version (else 412).
    #[param(rename = "If-Match")]
    if_match: Option<String>,
    /// Any unique string; a retry with the same key and body returns the first answer and
    /// writes nothing.
    #[param(rename = "Idempotency-Key")]
    idempotency_key: Option<String>,
}
