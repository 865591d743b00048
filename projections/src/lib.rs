//! tatrack's read side: the log, applied in commit order to read models that answer queries.
//! The store itself (connection, migrations, the log reader, appends) is `tatrack-store`.
//!
//! - [`facts`]: the counting rules, as pure functions of a record.
//! - [`amounts`]: exact money in minor units (`i128`, checked), stored as decimal text.
//! - [`projector`]: applies the log to the read models, batch by batch, in commit order;
//!   [`state`]: its checkpoint (the `projection_state` row), locked for each batch and moved in
//!   the batch's transaction; [`status`]: its progress as readers see it (status, lag, and the
//!   waits of read-your-writes); `rows` (private): the row writers, each aggregate's rows
//!   written in the batch's transaction (a replay's too).
//! - [`supervisor`] and [`leadership`]: running the projector in a server: retries with
//!   backoff, restarts, one leader among replicas, and the health that probes report;
//!   [`failure`]: why a batch failed, a panic included; [`signer`]: the leader signs the
//!   chain's head at intervals with a key kept outside the database.
//! - [`queries`] and [`listing`]: summaries and lists, each read from one consistent state of
//!   the read models. A summary's lines are read (`queries::lines`) from the summary cells
//!   ([`cells`]) over the whole months of its range (`queries::months`) and from the detail
//!   tables around them, then added up (`queries::tally`). [`countries`]: activities per
//!   country, from the summary cells where it can.
//! - [`organisations`]: donors and partners, their lists and search, and how a donor's
//!   recorded name resolves to one through its aliases; [`organisation_keys`]: their names
//!   rekeyed from the log when a server starts, after the way names are keyed changed.
//! - [`export`]: every activity a list filter admits, with its detail rows, in chunks from one
//!   snapshot, for spreadsheet exports.
//! - [`as_of`]: summaries as they stood at an instant: today's read models corrected by the
//!   streams that changed since.
//! - [`replay`]: rebuilding the read models from the log beside the live ones; `bulk` and
//!   `cell_runs` (private) are its fast path from scratch.
//! - [`results`]: counted actuals of results frameworks, with the activities behind them;
//!   [`trained`]: distinct people trained, counted from attendance lists (pure, so the report
//!   counts by the same rule); [`trained_rows`]: one activity's, for IATI.
//! - [`search`]: the words activities are found by (their rows written with the activity's)
//!   and a search's ranked matches, on PostgreSQL's full-text search or SQLite's FTS5.
//!
//! The projector links each batch into the hash chain (`tatrack-audit`) in the transaction that
//! moves its checkpoint.

pub mod amounts;
pub mod as_of;
mod bulk;
mod cell_runs;
pub mod cells;
pub mod countries;
pub mod export;
pub mod facts;
pub mod failure;
mod figure;
pub mod leadership;
pub mod listing;
pub mod organisation_keys;
pub mod organisations;
pub use queries::people;
mod placeholders;
pub mod projector;
pub mod queries;
pub mod replay;
pub mod results;
mod rows;
pub mod search;
pub mod signer;
pub mod state;
pub mod status;
pub mod supervisor;
pub mod trained;
pub mod trained_rows;
