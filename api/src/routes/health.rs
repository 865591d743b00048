//! Probes for orchestrators: is the process up, can it reach its store.

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, Problem, Result};
use crate::service::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` for liveness, `ready` for readiness.
    pub status: &'static str,
    /// The store backend, `postgres` or `sqlite` (readiness only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend: Option<&'static str>,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "health", operation_id = "get_health", security(()),
    responses((status = 200, description = "Alive", body = Health)))]
pub async fn get_health() -> axum::Json<Health> {
    axum::Json(Health { status: "ok", backend: None })
}

/// The store answers, so requests can be served.
#[utoipa::path(get, path = "/readyz", tag = "health", operation_id = "get_readiness", security(()),
    responses((status = 200, description = "Ready", body = Health),
              (status = 503, description = "The store cannot be reached", body = Problem,
               content_type = "application/problem+json")))]
pub async fn get_readiness(State(app): State<AppState>) -> Result<axum::Json<Health>> {
    app.db.ping().await.map_err(|_| ApiError::Unavailable("the event store cannot be reached".into()))?;
    Ok(axum::Json(Health { status: "ready", backend: Some(app.db.backend_name()) }))
}
