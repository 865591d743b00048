//! tatrack's storage and read side.
//!
//! - [`store`]: the connection to the chosen backend (PostgreSQL or an SQLite file), its
//!   migrations and health check.
//! - [`log`]: reading the event log with what cqrs-es does not expose: global positions,
//!   append times and lookups by idempotency key.
//! - [`registry`]: facts that span streams, such as unique programme codes.

pub mod log;
pub mod registry;
pub mod store;

pub use log::StoredEvent;
pub use store::{Db, StoreError};
