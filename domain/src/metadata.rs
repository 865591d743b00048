//! Keys of the metadata stored with every event: who recorded it, when, and under which request.
//!
//! cqrs-es stores metadata as a map of strings, so every value here is text.

/// Name of whoever recorded the event.
pub const ACTOR: &str = "actor";
/// For a person signed in through the identity provider: the provider's issuer and the person's
/// subject there, which name them for good (the actor is their display name at the time).
pub const PERSON_ISSUER: &str = "person_issuer";
pub const PERSON_SUBJECT: &str = "person_subject";
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
/// For imported events: the name of the file the row came from, as uploaded.
pub const IMPORT_FILE: &str = "import_file";
/// For imported events: SHA-256 (hex) of the whole file, so the very file can be found again.
pub const IMPORT_SHA256: &str = "import_sha256";
/// For imported events: the row of the file (the header is row 1), as a spreadsheet numbers it.
pub const IMPORT_ROW: &str = "import_row";

/// Who recorded an event with `metadata`, for telling callers apart (idempotency keys are each
/// caller's own): `person:<issuer> <subject>` for a person, else the actor (a token's name,
/// which never holds a colon).
pub fn caller_of(actor: &str, person: Option<(&str, &str)>) -> String {
    match person {
        Some((issuer, subject)) => format!("person:{issuer} {subject}"),
        None => actor.to_owned(),
    }
}
