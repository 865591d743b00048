//! Tamper evidence for the event log: a hash chain over the events in commit order.
//!
//! `event_links` holds one row per event: `seq` (dense 1..N in commit order), the event's
//! position and `link(n) = SHA-256(link(n-1) || canonical bytes of event n)`, with `link(0)` 32
//! zero bytes. The projector appends the rows of each batch in the transaction that moves its
//! checkpoint ([`link_events`]), so the chain covers exactly the events it has applied.
//!
//! Every link commits to every event before it: altering, deleting or slipping an event into the
//! linked part of the log breaks the chain from there on ([`verify`]). Someone with write access
//! to the database could rewrite the chain as well, so the chain is worth most once its head has
//! left the building: [`export`] writes the linked events as JSON Lines, [`check`] recomputes the
//! chain from such a file alone, and [`extends`] tells whether the live log still extends it.
//!
//! - [`canonical`]: the bytes of an event that a link covers, alike on both backends.
//! - [`chain`]: recomputing links one by one and reporting the first break.
//! - [`link`]: writing the chain, in the projector's transaction ([`link_events`], [`link_until`]).
//! - [`verify`]: walking the chain beside the log in commit order ([`verify()`], [`extends`]).
//! - [`export`]: JSON Lines for offline audits ([`export()`]) and their check alone ([`check`]).
//! - [`signing`]: the Ed25519 keys that sign heads of the chain, and the bytes they sign.
//! - [`signatures`]: signed heads stored ([`sign_head`], [`record`]) and checked against the
//!   links recomputed from the events ([`verify_signed`], [`check_signed`]), so a rewritten log
//!   with recomputed links still fails once a head before the rewrite was signed.

mod canonical;
mod chain;
pub mod export;
pub mod link;
pub mod signatures;
pub mod signing;
#[cfg(test)]
mod tests;
pub mod verify;

use serde::{Deserialize, Serialize};
use tatrack_store::StoreError;

pub use export::{check, check_signed, export};
pub use link::{link_events, link_until, Pending};
pub use signatures::{record, sign_head, Signatures, Unsigned};
pub use signing::{HeadKey, KeyError, Keyring, PublicKey, SignedHead};
pub use verify::{extends, verify, verify_signed};

/// Rows per query when walking or exporting the chain: memory stays flat on millions of events.
#[cfg(not(test))]
const CHUNK: i64 = 10_000;
/// Tiny in tests, so every scenario crosses chunk boundaries.
#[cfg(test)]
const CHUNK: i64 = 3;
/// Whether a query limited to [`CHUNK`] rows returned that many, so more may follow.
pub(crate) fn a_full_chunk(rows: usize) -> bool {
    i64::try_from(rows).is_ok_and(|rows| rows >= CHUNK)
}

/// Rows per multi-row INSERT: 3 parameters each stays under every SQLite build's limit (999).
#[cfg(not(test))]
const INSERT_ROWS: usize = 300;
/// Events per batch when [`link_until`] catches the chain up.
#[cfg(not(test))]
const LINK_BATCH: i64 = 1_000;
#[cfg(test)]
const INSERT_ROWS: usize = 2;
#[cfg(test)]
const LINK_BATCH: i64 = 2;

/// One link of the chain: a SHA-256 digest.
type Link = [u8; 32];
/// `link(0)`: what the first event is chained to.
const GENESIS: Link = [0; 32];

/// What [`verify`] or [`check`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verification {
    /// No break up to the last linked event (events not linked yet are not checked), and, when
    /// public keys were given, every signed head holds and at least one does.
    pub intact: bool,
    /// Links checked and found sound: all of them when intact, else those before the break.
    pub count: i64,
    /// Hex of the link at `seq = count`, the head an auditor keeps; `None` when `count` is 0.
    pub head: Option<String>,
    pub first_broken: Option<Broken>,
    /// The signed heads, checked against the recomputed links when public keys were given.
    #[serde(default)]
    pub signatures: Signatures,
}

/// Where and why the chain first breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Broken {
    pub seq: i64,
    /// The position of the event concerned, when one is known.
    pub position: Option<i64>,
    pub reason: String,
}

/// Why an export could not be written or read. Tampering is not an error: it is a
/// [`Verification`] with `intact: false`.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot read or write the export")]
    Io(#[from] std::io::Error),
    #[error("line {line} of the export is not an exported event")]
    Parse { line: u64, source: serde_json::Error },
    #[error("the event at position {position} cannot be exported: {reason}; run verify")]
    Corrupt { position: i64, reason: String },
    #[error("cannot encode an event")]
    Encode(#[source] serde_json::Error),
}
