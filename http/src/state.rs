//! What every handler shares: the application, and what serving it over HTTP adds (the request
//! budget, readiness, metrics).

use std::ops::Deref;
use std::sync::Arc;

use tatrack_app::App;
use tatrack_store::bus::CommandObserver;
use tatrack_store::Db;

use crate::metrics::Metrics;
use crate::rate_limit::RateLimiter;
use crate::readiness::FirstCatchUp;

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub rate_limiter: Arc<RateLimiter>,
    /// Readiness fails once the projector is more than this many events behind the log.
    pub ready_max_lag: i64,
    /// Readiness fails until the read models reach the log as it stood at start.
    pub first_catch_up: Arc<FirstCatchUp>,
    pub metrics: Arc<Metrics>,
    /// The organisation's identity provider, when one is configured.
    pub oidc: Option<Arc<crate::oidc::Oidc>>,
    /// The signed chain's keys: what signs reports, and what verification checks heads with.
    pub chain: Arc<ChainKeys>,
}

/// The signed chain's keys, as handlers use them.
#[derive(Debug, Clone, Default)]
pub struct ChainKeys {
    /// Signs the head each report is made at; `None`: reports go unsigned.
    pub signing: Option<tatrack_audit::HeadKey>,
    /// The public keys `GET /api/v1/audit/verify` checks signed heads with; empty: the chain
    /// is reported unsigned.
    pub ring: tatrack_audit::Keyring,
}

impl AppState {
    /// The application over the backend `db` points at, its commands counted in the metrics.
    pub fn new(db: Db, rate_limit: u32) -> Self {
        let metrics = Arc::new(Metrics::new());
        Self {
            app: App::observed(db, &(metrics.clone() as Arc<dyn CommandObserver>)),
            rate_limiter: RateLimiter::new(rate_limit),
            ready_max_lag: i64::from(crate::settings::DEFAULT_READY_MAX_LAG),
            first_catch_up: Arc::default(),
            metrics,
            oidc: None,
            chain: Arc::default(),
        }
    }
}

/// A handler reads the application through its state: `state.db`, `state.plan_activity(..)`.
impl Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.app
    }
}
