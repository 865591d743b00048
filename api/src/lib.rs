//! tatrack's HTTP API and the `tatrack` binary.
//!
//! - [`startup`]: builds the server from [`settings`] and runs it until shutdown.
//! - [`routes`]: every route with its OpenAPI entry; [`openapi`] frames the document.
//! - [`service`]: the use cases handlers and the demo seeder share; [`funders`] resolves the
//!   donor a funding line or contribution names to its organisation; [`organisations`] registers
//!   and corrects organisations, refusing a name another holds (or imitates) by naming it.
//! - [`cli`] (in the binary): one file per `tatrack` subcommand.
//!
//! Below this crate: `tatrack-store` (the log, appends and the command bus),
//! `tatrack-projections` (read models and queries), `tatrack-audit` (the hash chain) and
//! `tatrack-domain` (aggregates, commands, events).
//! - [`export`]: lists and summaries as CSV or XLSX (content negotiation, streaming).
//! - [`auth`]: the caller ([`auth::Principal`]) and its rights; [`caller`] reads it from a
//!   request's token or session cookie.
//! - [`readiness`]: a first start is ready once the read models reach the log it started on.
//! - [`metrics`]: request, command and projector figures in the Prometheus text format.
//! - [`extract`] and [`error`]: reading requests and answering failures as problem+json, with
//!   the `type` of each from the closed list in [`problems`];
//!   [`unique_keys`] reads a body that names each key once; [`connection`] gives hyper's own
//!   error answers a problem body.
//! - [`demo`]: the demo data set, drawn from a UNODC annual report.
//! - [`iati`]: IATI 2.03 activity XML, streamed from the activity list.
//! - [`import`]: bulk import of past activities from CSV or XLSX, through the same use cases.
//! - [`web`]: the web app served at `/`, its embedded assets and its session cookies.

pub mod auth;
pub mod caller;
pub mod connection;
pub mod demo;
pub mod error;
pub mod export;
pub mod extract;
pub mod funders;
pub mod iati;
pub mod import;
pub mod metrics;
pub mod openapi;
pub mod organisations;
pub mod problems;
pub mod readiness;
pub mod routes;
pub mod service;
pub mod settings;
pub mod startup;
pub mod unique_keys;
pub mod web;
