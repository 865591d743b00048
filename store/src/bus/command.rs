//! What a command carries to the bus and what the bus answers: who sent it and under which
//! conditions it may land (`If-Match`, an idempotency key, a reason, an import's provenance),
//! where it left its stream, why it did not land, and the metadata stored beside its events.

use std::collections::HashMap;

use tatrack_domain::metadata;

use crate::append::AppendError;
use crate::db::StoreError;

/// Who sent a command, and under which conditions it may land.
#[derive(Debug, Clone, Default)]
pub struct CommandContext {
    /// A token's name, or a person's display name at the time.
    pub actor: String,
    /// A person signed in through the identity provider: (issuer, subject).
    pub person: Option<(String, String)>,
    pub role: String,
    pub request_id: String,
    /// `If-Match`: the version the client last saw; the command lands only on that version.
    pub expected_version: Option<u64>,
    /// `Idempotency-Key` with the digest of the request that carries it.
    pub idempotency: Option<Idempotency>,
    /// Why, for commands that carry a reason; stored in the metadata for audits.
    pub reason: Option<String>,
    /// For commands read from an imported file: which file and row, stored in the metadata.
    pub import: Option<ImportProvenance>,
}

/// Where an imported command came from; who imported it is the context's `actor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProvenance {
    /// The file's name as uploaded.
    pub file_name: String,
    /// SHA-256 of the whole file, hex.
    pub file_sha256: String,
    /// The row (the header is row 1).
    pub row: u64,
}

#[derive(Debug, Clone)]
pub struct Idempotency {
    pub key: String,
    pub request_digest: String,
}

/// Where a command left its stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Landed {
    /// The stream's version: the sequence of its last event.
    pub version: u64,
    /// Global position of the stream's last event (0 for an empty stream).
    pub position: i64,
    /// Whether this answer repeats an earlier request with the same idempotency key.
    pub replayed: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum CommandError<E: std::error::Error> {
    #[error(transparent)]
    Domain(E),
    #[error("the activity is at version {current}, not the version given in If-Match")]
    VersionMismatch { current: u64 },
    #[error("this Idempotency-Key was used for a different request")]
    IdempotencyKeyReused,
    #[error("too many concurrent writers on this stream; try again")]
    Contention,
    /// A row that must land with the events was refused (a programme code already taken).
    #[error(transparent)]
    Refused(AppendError),
    #[error("the event store failed")]
    Store(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl<E: std::error::Error> From<StoreError> for CommandError<E> {
    fn from(error: StoreError) -> Self {
        Self::Store(Box::new(error))
    }
}

impl CommandContext {
    /// Who sent the command, told apart from every other caller ([`metadata::caller_of`]).
    pub fn caller(&self) -> String {
        metadata::caller_of(&self.actor, self.person.as_ref().map(|(i, s)| (i.as_str(), s.as_str())))
    }
}

/// What the bus stores beside a command's events: who, when, why, and the idempotency key.
pub fn metadata_for(context: &CommandContext) -> HashMap<String, String> {
    let mut entries = HashMap::from([
        (metadata::ACTOR.to_owned(), context.actor.clone()),
        (metadata::ROLE.to_owned(), context.role.clone()),
        (metadata::REQUEST_ID.to_owned(), context.request_id.clone()),
        (
            metadata::RECORDED_AT.to_owned(),
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        ),
    ]);
    if let Some((issuer, subject)) = &context.person {
        entries.insert(metadata::PERSON_ISSUER.to_owned(), issuer.clone());
        entries.insert(metadata::PERSON_SUBJECT.to_owned(), subject.clone());
    }
    if let Some(reason) = &context.reason {
        entries.insert(metadata::REASON.to_owned(), reason.clone());
    }
    if let Some(idempotency) = &context.idempotency {
        entries.insert(metadata::IDEMPOTENCY_KEY.to_owned(), idempotency.key.clone());
        entries.insert(metadata::REQUEST_DIGEST.to_owned(), idempotency.request_digest.clone());
    }
    if let Some(import) = &context.import {
        entries.insert(metadata::IMPORT_FILE.to_owned(), import.file_name.clone());
        entries.insert(metadata::IMPORT_SHA256.to_owned(), import.file_sha256.clone());
        entries.insert(metadata::IMPORT_ROW.to_owned(), import.row.to_string());
    }
    entries
}
