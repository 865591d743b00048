//! `/api/v1/audit`: the global log for auditors and mirrors, and proof that it is intact.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tatrack_app::auth::Principal;
use tatrack_app::export::sources;
use tatrack_audit::{Broken, Unsigned, Verification};
use tatrack_domain::token::Role;
use tatrack_i18n::{msg, Language, Message};
use tatrack_store::log::{self, FeedFilter};
use utoipa::{IntoParams, ToSchema};

use super::responses::{negotiated_route, Read, ReadErrors};
use crate::error::{ApiError, Error, Result};
use crate::export::{self, negotiate, Format, Headers};
use crate::extract::Query;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// The `next_after` of the previous page (0 or absent: from the start).
    after: Option<i64>,
    /// 1 to 1000; 100 when absent.
    limit: Option<i64>,
    /// Only events recorded by this token name.
    actor: Option<String>,
    /// Only events the store accepted at or after this instant (RFC 3339).
    from: Option<DateTime<Utc>>,
    /// Only events accepted at or before this instant.
    to: Option<DateTime<Utc>>,
    /// `csv` or `xlsx`: every event after `after` that the filters admit (no `limit`), one row
    /// each, metadata keys in columns; overrides `Accept`.
    #[param(inline)]
    format: Option<Format>,
    /// With `format`: `words` (the default) titles the file's columns and sheets in the answer's
    /// language; `machine` keeps the English machine names scripts read (`planned_start`).
    #[param(inline)]
    headers: Option<Headers>,
}

/// One event of the global log.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedEvent {
    /// The event's place in commit order: dense, never reused. Page with `after`.
    pub seq: i64,
    /// Global position, as commands return it.
    pub position: i64,
    pub aggregate_type: String,
    pub aggregate_id: String,
    /// The event's number within its stream.
    pub sequence: i64,
    pub event_type: String,
    pub event_version: String,
    pub recorded_at: DateTime<Utc>,
    pub payload: Value,
    pub metadata: Value,
    /// The hash-chain link after this event (hex SHA-256).
    pub link: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FeedPage {
    pub items: Vec<FeedEvent>,
    /// Pass as `after` for the next page.
    pub next_after: i64,
}

negotiated_route!(
    /// Page through the global log in commit order, every event exactly once.
    list_audit_events, "/api/v1/audit/events", "audit",
    "A page of the log, or all of it as a file", [FeedPage], params(FeedQuery),
    [query: Query<FeedQuery>] => list_audit_events_answer
);

async fn list_audit_events_answer(
    Read { app, principal, headers }: Read,
    Query(query): Query<FeedQuery>,
) -> Result<Response> {
    principal.require(&[Role::Manager])?;
    let format = negotiate(query.format, &headers);
    if format != Format::Json {
        let filter = FeedFilter { actor: query.actor, from: query.from, to: query.to };
        let feed = sources::Feed {
            db: app.db.clone(),
            after: query.after.unwrap_or(0).max(0),
            filter,
            finished: false,
        };
        return export::respond(format, query.headers.unwrap_or_default(), feed, "audit-events", 0).await;
    }
    let limit = query.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError(Error::BadRequest {
            field: Some("limit".into()),
            detail: msg("problem-limit-out-of-range").with("max", 1000),
        }));
    }
    let after = query.after.unwrap_or(0).max(0);
    let filter = FeedFilter { actor: query.actor, from: query.from, to: query.to };
    let items = log::feed(&app.db, after, limit, &filter).await?;
    let next_after = items.last().map_or(after, |i| i.seq);
    let items = items
        .into_iter()
        .map(|item| FeedEvent {
            seq: item.seq,
            position: item.event.position,
            aggregate_type: item.event.aggregate_type,
            aggregate_id: item.event.aggregate_id,
            sequence: item.event.sequence,
            event_type: item.event.event_type,
            event_version: item.event.event_version,
            recorded_at: item.event.recorded_at,
            payload: item.event.payload,
            metadata: item.event.metadata,
            link: item.link,
        })
        .collect();
    Ok(axum::Json(FeedPage { items, next_after }).into_response())
}

/// Recompute the hash chain over the log, and check its signed heads with the server's public
/// keys: 200 with its head when intact, 409 naming the first broken position or the first
/// signed head that no longer holds otherwise.
///
/// Signed heads are checked when the server has a signing key (`--signing-key-file`) or public
/// keys (`TATRACK_PUBLIC_KEY_FILE`); `signatures.checked` is `false` otherwise (the chain is
/// unsigned). Each signed head must verify with one of those keys and sign the link recomputed
/// from the events at its seq, so a log rewritten with every later link recomputed fails.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit", operation_id = "verify_log",
    responses((status = 200, description = "The log is intact, and every signed head holds", body = Verification),
              (status = 409, description = "The chain breaks (an event was altered, removed or inserted), \
               or a signed head no longer holds, or keys are set and no head is signed",
               body = crate::error::Problem, content_type = "application/problem+json"), ReadErrors))]
pub async fn verify_log(
    State(app): State<AppState>,
    principal: Principal,
    _: crate::extract::NoQuery,
) -> Result<axum::Json<Verification>> {
    principal.require(&[Role::Manager])?;
    let verification = tatrack_audit::verify_signed(&app.db, &app.chain.ring).await?;
    match failure_message(&verification) {
        None => Ok(axum::Json(verification)),
        Some(detail) => {
            Err(ApiError(Error::Conflict { kind: tatrack_app::problems::ProblemType::ChainBroken, detail }))
        }
    }
}

/// "the hash chain breaks at seq 12 (position 40): ...", in English (the CLI's words).
pub fn describe_break(broken: &Broken) -> String {
    tatrack_i18n::text(Language::English, &break_message(broken))
}

/// Why a verification fails, in English (the CLI's words); `None` when it is intact.
pub fn describe_failure(verification: &Verification) -> Option<String> {
    failure_message(verification).map(|message| tatrack_i18n::text(Language::English, &message))
}

/// The chain's first break, else the first signed head that does not hold.
fn failure_message(verification: &Verification) -> Option<Message> {
    if let Some(broken) = &verification.first_broken {
        return Some(break_message(broken));
    }
    verification.signatures.first_unsigned.as_ref().map(unsigned_message)
}

/// Which signed head does not hold, and why (the audit's reason, quoted in English).
fn unsigned_message(unsigned: &Unsigned) -> Message {
    let message = match (unsigned.key_id.as_deref(), unsigned.position) {
        (None, _) => msg("problem-chain-unsigned"),
        (Some(key_id), Some(position)) => {
            msg("problem-signed-head-fails-at-position").with("key_id", key_id).with("position", position)
        }
        (Some(key_id), None) => msg("problem-signed-head-fails").with("key_id", key_id),
    };
    message.with("seq", unsigned.seq).with("reason", unsigned.reason.as_str())
}

/// Where the chain breaks, and why (the audit's reason, quoted in English).
fn break_message(broken: &Broken) -> Message {
    let message = match broken.position {
        Some(position) => msg("problem-chain-broken-at-position").with("position", position),
        None => msg("problem-chain-broken"),
    };
    message.with("seq", broken.seq).with("reason", broken.reason.as_str())
}
