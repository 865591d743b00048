//! tatrack's application layer: every use case the HTTP API, the `tatrack` binary and the tests
//! go through, with no HTTP in it. What a caller may do and see is decided here, once.
//!
//! - [`service`]: [`App`], the store with one command bus per aggregate, and the use cases per
//!   aggregate (plan, deliver..., register, grant a token) with the rules that span streams.
//! - [`tokens`]: issuing and revoking tokens; [`known_tokens`]: tokens read within the last second.
//! - [`auth`]: the caller ([`auth::Principal`]) a token describes and its rights;
//!   [`reading`]: every scope rule of a read, waiting for `min_position`, dates and countries;
//!   [`standbys`]: the PostgreSQL hot standbys a read may go to when they caught up.
//! - [`funders`] resolves the donor a funding line or contribution names to its organisation;
//!   [`organisations`] registers and corrects organisations, refusing a name another holds.
//! - [`personal`]: the master key, each participant's own key, sealing and the blind index;
//!   [`participants`]: registering, reading, matching, merging and erasing participants, and
//!   activities' attendance lists.
//! - [`history`]: an aggregate's events as auditors read them, and its state at an instant.
//! - [`import`]: bulk import of past activities from CSV or XLSX, through the same use cases.
//! - [`export`]: lists and summaries as rows of cells, and the CSV and XLSX writers.
//! - [`iati`]: IATI 2.03 activity XML, streamed from the activity list.
//! - [`report`]: the annual report's statistics as a caller may read them.
//! - [`demo`]: the demo data set, drawn from a UNODC annual report.
//! - [`commands`]: what every sender of a command shares: the request digest, today's date.
//! - [`error`]: every failure by kind, each kind's `type` from the closed list in [`problems`].
//!
//! Below this crate: `tatrack-report` (the annual report), `tatrack-projections` (read models
//! and queries), `tatrack-audit` (the hash chain), `tatrack-store` (the log, appends and the
//! command bus) and `tatrack-domain` (aggregates, commands, events). Above it: `tatrack-http`
//! and `tatrack-cli`.

pub mod access;
pub mod auth;
pub mod commands;
pub mod demo;
pub mod error;
pub mod export;
pub mod funders;
pub mod history;
pub mod iati;
pub mod import;
pub mod known_tokens;
pub mod organisations;
pub mod participants;
pub mod personal;
pub mod problems;
pub mod reading;
pub mod report;
pub mod service;
pub mod standbys;
pub mod tokens;

pub use error::{Error, NameHolder, Result};
pub use service::App;
