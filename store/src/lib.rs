//! tatrack's event store: where every change is written once and read back in commit order.
//!
//! - [`db`]: the connection to the chosen backend (PostgreSQL or an SQLite file), its
//!   migrations, transactions and health check; [`on_db!`] and [`on_tx!`] write a query once
//!   for both drivers.
//! - [`bus`]: the write path: load a stream, let the aggregate decide, append its events;
//!   retries of lost races, `If-Match` and idempotency keys. What a command carries and what
//!   it answers are in `bus::command` (re-exported by [`bus`]), several commands on one stream
//!   in one transaction in `bus::batch`.
//! - [`append`]: a command's events, with the rows that must land with them (claimed codes,
//!   tokens, spent idempotency keys), in one transaction.
//! - [`log`]: reading the log with what cqrs-es does not expose: global positions, append
//!   times, commit order, lookups by idempotency key; [`log::StoredEvent`] is the one type of a
//!   stored event its readers decode.
//! - [`row`]: a stored event as the database holds it ([`row::EventRow`]) and the select lists
//!   that read it on each backend, which [`on_db!`] hands to its body.
//! - [`tokens`]: the access tokens requests are checked against (digests only);
//!   [`sessions`]: the web app's sessions, each speaking for a token.
//! - [`participants`]: the keys that open participants' sealed details, and their blind index.
//! - [`registry`]: facts that span streams, such as unique programme codes.
//!
//! The read models built from the log live in `tatrack-projections`, which depends on this
//! crate and never the other way round.

pub mod append;
pub mod bus;
pub mod db;
pub mod log;
pub mod participants;
pub mod people;
pub mod registry;
pub mod row;
pub mod sessions;
pub mod tokens;

pub use db::{Db, Overflow, StoreError, Tx};
pub use log::StoredEvent;
