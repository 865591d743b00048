//! tatrack's HTTP API and the `tatrack` binary.
//!
//! - [`startup`]: builds the server from [`settings`] and runs it until shutdown.
//! - [`routes`]: every route with its OpenAPI entry; [`openapi`] frames the document.
//! - [`service`]: the use cases handlers and the demo seeder share.
//! - [`commands`]: the write path over cqrs-es's event store (idempotency, retries, If-Match).
//! - [`metrics`]: request, command and projector figures in the Prometheus text format.
//! - [`extract`] and [`error`]: reading requests and answering failures as problem+json, with
//!   the `type` of each from the closed list in [`problems`];
//!   [`unique_keys`] reads a body that names each key once; [`connection`] gives hyper's own
//!   error answers a problem body.
//! - [`demo`]: the demo data set, drawn from a UNODC annual report.
//! - [`web`]: the web app served at `/`, its embedded assets and its session cookies.

pub mod auth;
pub mod commands;
pub mod connection;
pub mod demo;
pub mod error;
pub mod extract;
pub mod metrics;
pub mod openapi;
pub mod problems;
pub mod routes;
pub mod service;
pub mod settings;
pub mod startup;
pub mod unique_keys;
pub mod web;
