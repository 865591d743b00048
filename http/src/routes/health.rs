//! Probes and metrics for orchestrators: is the process up, can it serve, how is it doing.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde::Serialize;
use tatrack_app::auth::Principal;
use tatrack_domain::token::Role;
use tatrack_i18n::msg;
use tatrack_projections::status;
use tatrack_projections::supervisor::ProjectorState;
use utoipa::ToSchema;

use crate::error::{ApiError, Error, Problem, Result};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` for liveness, `ready` for readiness.
    pub status: &'static str,
    /// The store backend, `postgres` or `sqlite` (readiness only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend: Option<&'static str>,
    /// What this process's projector is doing (readiness only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projector: Option<ProjectorState>,
    /// Events not yet applied to the read models, counted up to the readiness bound
    /// (readiness only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lag: Option<i64>,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "health", operation_id = "get_health", security(()),
    responses((status = 200, description = "Alive", body = Health)))]
pub async fn get_health() -> axum::Json<Health> {
    axum::Json(Health { status: "ok", backend: None, projector: None, lag: None })
}

/// The store answers, this process's projector is alive and not failing, the read models have
/// reached the log as it stood when the server started (a server with a projector, once), and
/// they trail the log by no more than the configured bound (`TATRACK_READY_MAX_LAG`).
#[utoipa::path(get, path = "/readyz", tag = "health", operation_id = "get_readiness", security(()),
    responses((status = 200, description = "Ready", body = Health),
              (status = 503, description = "The store cannot be reached, the projector is failing, dead or \
               restarting, it has not yet reached the log as it stood at start, or it trails the \
               log by more than the bound; `detail` says which", body = Problem,
               content_type = "application/problem+json")))]
pub async fn get_readiness(State(app): State<AppState>) -> Result<axum::Json<Health>> {
    app.db.ping().await.map_err(|_| Error::Unavailable(msg("problem-store-not-reached")))?;
    let report = app.projector.report();
    match (report.state, &report.failure) {
        (ProjectorState::Failing, Some(failure)) => {
            let failing = match failure.position {
                Some(position) => msg("problem-projector-failing-at").with("position", position),
                None => msg("problem-projector-failing"),
            };
            let failing = failing.with("attempts", failure.attempts).with("error", failure.error.as_str());
            return Err(ApiError(Error::Unavailable(failing)));
        }
        (ProjectorState::Restarting, _) => {
            return Err(ApiError(Error::Unavailable(msg("problem-projector-restarting"))));
        }
        (ProjectorState::Stopped, _) => {
            return Err(ApiError(Error::Unavailable(msg("problem-projector-stopped"))));
        }
        _ => {}
    }
    if let Some(head) = app.first_catch_up.pending(&app.db).await? {
        return Err(ApiError(Error::Unavailable(msg("problem-first-catch-up").with("position", head))));
    }
    let bound = app.ready_max_lag;
    let lag = status::lag_up_to(&app.db, bound).await?;
    if lag > bound {
        return Err(ApiError(Error::Unavailable(msg("problem-projector-lagging").with("bound", bound))));
    }
    Ok(axum::Json(Health {
        status: "ready",
        backend: Some(app.db.backend_name()),
        projector: Some(report.state),
        lag: Some(lag),
    }))
}

/// Metrics in the Prometheus text format: requests by route template and status, latencies,
/// commands and events appended, the projector's checkpoint, head, lag, state and failures,
/// and the store's pool. Needs a manager or admin token.
#[utoipa::path(get, path = "/metrics", tag = "health", operation_id = "get_metrics",
    responses((status = 200, description = "The metrics", body = String,
               content_type = "text/plain; version=0.0.4"),
              (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
              (status = 403, description = "Not a manager or admin token", body = Problem,
               content_type = "application/problem+json")))]
pub async fn get_metrics(State(app): State<AppState>, principal: Principal) -> Result<impl IntoResponse> {
    principal.require(&[Role::Manager])?;
    let text = app.metrics.render(&app.db, &app.projector).await?;
    Ok(([(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], text))
}
