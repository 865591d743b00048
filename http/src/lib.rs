//! tatrack over HTTP: the REST API, its OpenAPI document, and the web app. Every handler reads
//! a request, calls `tatrack_app`, and answers; no rule of the application is decided here.
//!
//! - [`startup`]: builds the server from [`settings`] and runs it until shutdown.
//! - [`routes`]: every route with its OpenAPI entry; [`openapi`] frames the document.
//! - [`state`]: what handlers share, the application and what serving adds.
//! - [`caller`] reads the caller from a request's token or session cookie; [`rate_limit`] is
//!   each token's request budget.
//! - [`extract`] and [`error`]: reading requests and answering failures as problem+json;
//!   [`unique_keys`] reads a body that names each key once; [`connection`] gives hyper's own
//!   error answers a problem body.
//! - [`export`]: content negotiation, and lists and summaries sent as CSV or XLSX.
//! - [`origin`]: this server's address as the client reached it, for absolute links.
//! - [`readiness`]: a first start is ready once the read models reach the log it started on.
//! - [`metrics`]: request, command and projector figures in the Prometheus text format.
//! - [`web`]: the web app served at `/`, its embedded assets and its session cookies.
//!
//! Below this crate: `tatrack-app`, the use cases. Above it: `tatrack-cli`.

pub mod caller;
pub mod connection;
pub mod error;
pub mod export;
pub mod extract;
pub mod language;
pub mod metrics;
pub mod oidc;
pub mod openapi;
pub mod origin;
pub mod rate_limit;
pub mod readiness;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod state;
pub mod unique_keys;
pub mod web;
