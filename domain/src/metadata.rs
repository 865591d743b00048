//! Keys of the metadata stored with every event: who recorded it, when, and under which request.
//!
//! cqrs-es stores metadata as a map of strings, so every value here is text.

/// Name of whoever recorded the event.
pub const ACTOR: &str = "actor";
/// The actor's role when it recorded the event.
pub const ROLE: &str = "role";
/// When the server accepted the command, RFC 3339 in UTC.
pub const RECORDED_AT: &str = "recorded_at";
/// The request that carried the command, for tracing it through logs.
pub const REQUEST_ID: &str = "request_id";
/// Why, for corrections, cancellations, reschedules and withdrawals.
pub const REASON: &str = "reason";
/// The client's `Idempotency-Key`, so a retry finds the events its first attempt wrote.
pub const IDEMPOTENCY_KEY: &str = "idempotency_key";
/// Digest of the request that used the key, so a reuse with another body is refused.
pub const REQUEST_DIGEST: &str = "request_digest";
