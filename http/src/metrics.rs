//! Metrics in the Prometheus text format, served at `/metrics`.
//!
//! Request counts and latencies are labelled with the matched route template
//! (`/api/v1/activities/{id}`), never the raw path, so ids cannot blow up the label set. The
//! command bus counts commands and the events they appended. Figures that live in the store
//! (checkpoint, head, lag) or elsewhere in the process (the projector's health, the pool) are
//! read when scraped. Each server has a registry of its own, so servers in one test process
//! never mix their counts.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus::{
    Encoder as _, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};
use tatrack_projections::status;
use tatrack_projections::supervisor::{ProjectorHealth, ProjectorState};
use tatrack_store::Db;

use crate::error::{ApiError, Error, Result};

/// What the text format's content type says.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The label of requests no route matched (a 404 of the fallback).
const UNMATCHED: &str = "unmatched";

/// Every metric a server exports, in its own registry.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    commands: IntCounterVec,
    events: IntCounterVec,
    races: IntCounterVec,
    checkpoint: IntGauge,
    head: IntGauge,
    lag: IntGauge,
    projector_state: IntGaugeVec,
    projector_failures: IntCounter,
    projector_restarts: IntCounter,
    projector_applied: IntCounter,
    pool_connections: IntGauge,
    pool_idle: IntGauge,
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("tatrack".into()), None).expect("a valid prefix");
        let metrics = Self {
            requests: IntCounterVec::new(
                Opts::new("http_requests_total", "HTTP requests answered, by route template and status"),
                &["method", "route", "status"],
            )
            .expect("valid metric"),
            latency: HistogramVec::new(
                HistogramOpts::new("http_request_duration_seconds", "Time to answer an HTTP request"),
                &["method", "route"],
            )
            .expect("valid metric"),
            commands: IntCounterVec::new(
                Opts::new("commands_total", "Commands that appended events, by aggregate"),
                &["aggregate"],
            )
            .expect("valid metric"),
            events: IntCounterVec::new(
                Opts::new("events_appended_total", "Events appended by this process, by aggregate"),
                &["aggregate"],
            )
            .expect("valid metric"),
            races: IntCounterVec::new(
                Opts::new(
                    "append_races_lost_total",
                    "Appends that lost the race for their stream to a concurrent writer, by aggregate",
                ),
                &["aggregate"],
            )
            .expect("valid metric"),
            checkpoint: gauge(
                "projector_checkpoint",
                "Position of the last event applied to the read models",
            ),
            head: gauge("log_head", "Highest position in the event log"),
            lag: gauge("projector_lag", "Events in the log not yet applied to the read models"),
            projector_state: IntGaugeVec::new(
                Opts::new("projector_state", "1 for what this process's projector is doing, 0 otherwise"),
                &["state"],
            )
            .expect("valid metric"),
            projector_failures: counter("projector_failures_total", "Projector batches that failed"),
            projector_restarts: counter("projector_restarts_total", "Projector tasks restarted after dying"),
            projector_applied: counter(
                "projector_events_applied_total",
                "Events this process's projector applied",
            ),
            pool_connections: gauge("db_pool_connections", "Open connections in the store's pool"),
            pool_idle: gauge("db_pool_idle_connections", "Idle connections in the store's pool"),
            registry,
        };
        let collectors: [Box<dyn prometheus::core::Collector>; 14] = [
            Box::new(metrics.requests.clone()),
            Box::new(metrics.latency.clone()),
            Box::new(metrics.commands.clone()),
            Box::new(metrics.events.clone()),
            Box::new(metrics.races.clone()),
            Box::new(metrics.checkpoint.clone()),
            Box::new(metrics.head.clone()),
            Box::new(metrics.lag.clone()),
            Box::new(metrics.projector_state.clone()),
            Box::new(metrics.projector_failures.clone()),
            Box::new(metrics.projector_restarts.clone()),
            Box::new(metrics.projector_applied.clone()),
            Box::new(metrics.pool_connections.clone()),
            Box::new(metrics.pool_idle.clone()),
        ];
        for collector in collectors {
            metrics.registry.register(collector).expect("each metric is registered once");
        }
        metrics
    }

    /// Reads the figures kept elsewhere (the store's, the projector's), then renders every metric.
    pub async fn render(&self, db: &Db, projector: &ProjectorHealth) -> Result<String> {
        let status = status::status(db).await?;
        self.checkpoint.set(status.checkpoint);
        self.head.set(status.head);
        self.lag.set(status.lag);
        let report = projector.report();
        for state in ALL_STATES {
            let label = serde_json::to_value(state).ok().and_then(|v| v.as_str().map(str::to_owned));
            self.projector_state
                .with_label_values(&[label.as_deref().unwrap_or("unknown")])
                .set(i64::from(state == report.state));
        }
        // The health keeps running totals: move the counters up to them.
        advance(&self.projector_failures, report.failures);
        advance(&self.projector_restarts, report.restarts);
        advance(&self.projector_applied, report.events_applied);
        let (connections, idle) = db.pool_usage();
        self.pool_connections.set(i64::from(connections));
        self.pool_idle.set(i64::try_from(idle).unwrap_or(i64::from(connections)));
        let mut text = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut text)
            .map_err(|e| Error::Internal(format!("cannot encode the metrics: {e}").into()))?;
        String::from_utf8(text)
            .map_err(|e| Error::Internal(format!("metrics are not UTF-8: {e}").into()))
            .map_err(ApiError)
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

const ALL_STATES: [ProjectorState; 7] = [
    ProjectorState::Off,
    ProjectorState::Starting,
    ProjectorState::Standby,
    ProjectorState::Projecting,
    ProjectorState::Failing,
    ProjectorState::Restarting,
    ProjectorState::Stopped,
];

fn gauge(name: &str, help: &str) -> IntGauge {
    IntGauge::new(name, help).expect("valid metric")
}

fn counter(name: &str, help: &str) -> IntCounter {
    IntCounter::new(name, help).expect("valid metric")
}

fn advance(counter: &IntCounter, total: u64) {
    if let Some(delta) = total.checked_sub(counter.get()) {
        counter.inc_by(delta);
    }
}

/// Middleware: counts each request by method, route template and status, and times it.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED.to_owned(), |path| path.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.latency.with_label_values(&[&method, &route]).observe(started.elapsed().as_secs_f64());
    metrics.requests.with_label_values(&[&method, &route, response.status().as_str()]).inc();
    response
}

/// The command bus reports each command that landed, how many events it appended, and each
/// append that lost a race.
impl tatrack_store::bus::CommandObserver for Metrics {
    fn command_landed(&self, aggregate: &str, events: usize) {
        self.commands.with_label_values(&[aggregate]).inc();
        self.events.with_label_values(&[aggregate]).inc_by(events as u64);
    }

    fn append_race_lost(&self, aggregate: &str) {
        self.races.with_label_values(&[aggregate]).inc();
    }
}
