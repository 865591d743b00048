//! Building the server from settings, and running it until told to stop.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context as _;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tatrack_projections::projector::Projector;
use tatrack_projections::supervisor::{self, supervise};
use tatrack_projections::Db;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa_swagger_ui::SwaggerUi;

use crate::error::{problem_response, ApiError, Problem, PROBLEM_JSON};
use crate::extract::{BODY_LIMIT, REQUEST_ID_HEADER};
use crate::service::AppState;
use crate::settings::Settings;

/// A server bound to its port, with its store migrated, not yet serving.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    projector: bool,
}

impl Application {
    /// Connects to the store, migrates it and binds the address (port 0 picks a free one).
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let db = Db::connect(settings.database_url.expose())
            .await
            .with_context(|| format!("cannot open the store at {}", settings.database_url))?;
        db.migrate().await.context("cannot migrate the store")?;
        let mut state = AppState::new(db, settings.rate_limit);
        state.ready_max_lag = i64::from(settings.ready_max_lag);
        let listener = TcpListener::bind(settings.addr)
            .await
            .with_context(|| format!("cannot listen on {}", settings.addr))?;
        Ok(Self {
            listener,
            router: router(state.clone(), &settings.cors_origins),
            state,
            projector: settings.projector,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The use cases, for seeding before the server starts.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves (and projects) until `shutdown` completes, then lets in-flight requests finish.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let (stop_projector, stopped) = watch::channel(false);
        // The projector runs under a supervisor that restarts it if it ever dies.
        let projector = self.projector.then(|| {
            let projector = Projector::new(self.state.db.clone(), self.state.appended.clone());
            let health = self.state.projector.clone();
            let run_stopped = stopped.clone();
            tokio::spawn(supervise(health.clone(), stopped, move || {
                supervisor::run(projector.clone(), health.clone(), run_stopped.clone())
            }))
        });
        let result = axum::serve(self.listener, self.router).with_graceful_shutdown(shutdown).await;
        let _ = stop_projector.send(true);
        if let Some(projector) = projector {
            if let Err(error) = projector.await {
                tracing::error!(%error, "the projector's supervisor failed");
            }
        }
        self.state.db.close().await;
        result
    }
}

/// The full HTTP stack: API routes, documentation, and the layers every request passes.
pub fn router(state: AppState, cors_origins: &[String]) -> Router {
    let metrics_state = state.clone();
    let (api, spec) = crate::routes::api(state);
    let request_id = HeaderName::from_static(REQUEST_ID_HEADER);
    let router = api
        .merge(SwaggerUi::new("/docs").url("/api-docs/openapi.json", spec))
        .fallback(|| async { ApiError::NotFound("no such route".into()) })
        .layer(middleware::from_fn(problem_for_bare_errors))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    let router = match cors(cors_origins) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    let router = router
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid));
    // Metrics: outermost, so the count and the latency include every other layer (a timeout's
    // 408 too). `Router::layer` wraps each route, so the matched route template is known here.
    router.layer(middleware::from_fn_with_state(metrics_state, crate::metrics::track))
}

/// CORS for the configured origins only; none configured keeps browsers on other origins out.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> =
        origins.iter().filter_map(|o| HeaderValue::from_str(o.trim()).ok()).collect();
    (!origins.is_empty()).then(|| {
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::IF_MATCH,
                HeaderName::from_static("idempotency-key"),
            ])
            .expose_headers([header::ETAG, header::LOCATION, header::RETRY_AFTER])
    })
}

/// Errors made by axum itself (405, a timeout) carry no body; give them our problem body.
async fn problem_for_bare_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let has_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if !(status.is_client_error() || status.is_server_error()) || has_problem {
        return response;
    }
    let detail = match status {
        StatusCode::METHOD_NOT_ALLOWED => "this route does not accept this method",
        StatusCode::REQUEST_TIMEOUT => "the request took too long and was abandoned",
        _ => "the request could not be served",
    };
    let problem = Problem {
        kind: format!("/problems/http-{}", status.as_u16()),
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail: detail.to_owned(),
        field: None,
        current_version: None,
    };
    let mut rendered = problem_response(problem);
    if let Some(allow) = response.headers().get(header::ALLOW) {
        rendered.headers_mut().insert(header::ALLOW, allow.clone());
    }
    rendered
}
