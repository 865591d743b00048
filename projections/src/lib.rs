//! tatrack's storage and read side.
//!
//! - [`store`]: the connection to the chosen backend (PostgreSQL or an SQLite file), its
//!   migrations and health check.
//! - [`append`]: a command's events, with the rows that must land with them (claimed codes,
//!   tokens), in one transaction.
//! - [`log`]: reading the event log with what cqrs-es does not expose: global positions,
//!   append times and lookups by idempotency key.
//! - [`facts`]: the counting rules, as pure functions of a record.
//! - [`amounts`]: exact money in minor units (`i128`, checked), stored as decimal text.
//! - [`projector`]: applies the log to the read models, batch by batch, in commit order.
//! - [`supervisor`] and [`leadership`]: running the projector in a server: retries with
//!   backoff, restarts, one leader among replicas, and the health that probes report;
//!   [`failure`]: why a batch failed, a panic included.
//! - [`queries`] and [`listing`]: summaries, lists and the projector's status, each read from
//!   one consistent state of the read models.
//! - [`as_of`]: summaries as they stood at an instant: today's read models corrected by the
//!   streams that changed since.
//! - [`tokens`]: the access tokens requests are checked against (digests only).
//! - [`replay`]: rebuilding the read models from the log beside the live ones.
//! - [`registry`]: facts that span streams, such as unique programme codes.
//! - [`audit`]: a hash chain over the log in commit order, its verification and offline exports.

pub mod amounts;
pub mod append;
pub mod as_of;
pub mod audit;
mod bulk;
pub mod cells;
pub mod facts;
pub mod failure;
pub mod leadership;
pub mod listing;
pub mod log;
pub mod projector;
pub mod queries;
pub mod registry;
pub mod replay;
pub mod store;
pub mod supervisor;
pub mod tokens;

pub use log::StoredEvent;
pub use store::{Db, StoreError};
