//! Building the server from settings, and running it until told to stop.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context as _;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse as _, Response};
use axum::Router;
use tatrack_i18n::msg;
use tatrack_projections::projector::Projector;
use tatrack_projections::supervisor::{self, supervise};
use tatrack_store::Db;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa_swagger_ui::SwaggerUi;

use crate::connection::ProblemListener;
use crate::error::{problem_response, status_problem, ApiError, Error, PROBLEM_JSON};
use crate::extract::{BODY_LIMIT, REQUEST_ID_HEADER};
use crate::settings::Settings;
use crate::state::AppState;

/// A server bound to its port, with its store migrated, not yet serving.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    projector: bool,
    /// Signs the chain's head at intervals while this process's projector leads.
    signer: Option<std::sync::Arc<tatrack_projections::signer::HeadSigner>>,
}

impl Application {
    /// Connects to the store, migrates it and binds the address (port 0 picks a free one).
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let db = Db::connect(settings.database_url.expose())
            .await
            .with_context(|| format!("cannot open the store at {}", settings.database_url))?;
        db.migrate().await.context("cannot migrate the store")?;
        db.optimize().await.context("cannot gather the store's statistics")?;
        // Summary cells a migration left to rebuild are computed before the first request, so
        // no summary ever answers from missing cells (after an upgrade only; otherwise this is
        // one indexed check).
        if tatrack_projections::cells::backfill(&db).await.context("cannot compute the summary cells")? {
            tracing::info!("summary cells computed for the active read models");
        }
        tatrack_app::organisations::rekey_names(&db).await?;
        let mut state = AppState::new(db, settings.rate_limit);
        let standbys: Vec<&str> =
            settings.read_database_urls.iter().map(crate::settings::SecretUrl::expose).collect();
        state.app.standbys = std::sync::Arc::new(
            tatrack_app::standbys::Standbys::connect(&standbys).context("cannot use the read database")?,
        );
        state.ready_max_lag = i64::from(settings.ready_max_lag);
        state.app.iati = std::sync::Arc::new(settings.iati.clone());
        let master = tatrack_app::personal::MasterKey::load(&settings.master_key)
            .context("cannot load the master key")?;
        state.app.keyring = std::sync::Arc::new(tatrack_app::personal::Keyring::new(master));
        state.oidc = settings.oidc.clone().map(crate::oidc::Oidc::new).transpose()?;
        state.chain = std::sync::Arc::new(crate::state::ChainKeys {
            signing: settings.chain.signing_key.clone(),
            ring: settings.chain.keyring(),
        });
        let signer = settings.chain.signing_key.clone().map(|key| {
            std::sync::Arc::new(tatrack_projections::signer::HeadSigner::new(key, settings.chain.sign_every))
        });
        let listener = TcpListener::bind(settings.addr)
            .await
            .with_context(|| format!("cannot listen on {}", settings.addr))?;
        Ok(Self {
            listener,
            router: router(state.clone(), &settings.cors_origins),
            state,
            projector: settings.projector,
            signer,
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
        if self.projector {
            // After any seeding: the log this server's first answers must not fall short of.
            match tatrack_store::log::head(&self.state.db).await {
                Ok(head) => self.state.first_catch_up.wait_for(head),
                Err(error) => {
                    tracing::warn!(%error, "the log's head is unknown; readiness follows the lag alone");
                }
            }
        }
        let (stop_projector, stopped) = watch::channel(false);
        // The projector runs under a supervisor that restarts it if it ever dies.
        let projector = self.projector.then(|| {
            let projector = Projector::new(self.state.db.clone(), self.state.appended.clone())
                .announcing(self.state.projected.clone())
                .signing(self.signer.clone());
            let health = self.state.projector.clone();
            let run_stopped = stopped.clone();
            tokio::spawn(supervise(health.clone(), stopped, move || {
                supervisor::run(projector.clone(), health.clone(), run_stopped.clone())
            }))
        });
        let listener = ProblemListener(self.listener);
        let result = axum::serve(listener, self.router).with_graceful_shutdown(shutdown).await;
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
    let metrics = state.metrics.clone();
    // Callers' last writes matter only to reads on a standby: without one, no request pays for them.
    let writes = (!state.app.standbys.is_empty())
        .then(|| middleware::from_fn_with_state(state.clone(), crate::caller::remember_writes));
    let (api, spec) = crate::routes::api(state);
    let api = match writes {
        Some(writes) => api.layer(writes),
        None => api,
    };
    let router = api
        .merge(SwaggerUi::new("/docs").url("/api-docs/openapi.json", spec))
        .merge(crate::web::router())
        .fallback(|| async { ApiError(Error::NotFound(msg("problem-no-such-route"))) })
        .layer(middleware::from_fn(crate::web::security_headers));
    // Metrics: outermost, so the count and the latency include every other layer (a timeout's
    // 503 too). `Router::layer` wraps each route, so the matched route template is known there.
    edge(router, cors_origins, REQUEST_TIMEOUT)
        .layer(middleware::from_fn_with_state(metrics, crate::metrics::track))
}

/// How long a request may take before it is abandoned with a 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------------------------
// The edge: layers between the network and the routes, innermost first. Every layer that can
// answer on its own (a caught panic, the body limit, the timeout) sits inside `problem_for_bare_errors`, so no
// error leaves without a problem body; compression wraps them all, problems included.
// ---------------------------------------------------------------------------------------------

/// `router` behind the edge layers; `timeout` is a parameter so a test can trip it.
pub fn edge(router: Router, cors_origins: &[String], timeout: Duration) -> Router {
    let request_id = HeaderName::from_static(REQUEST_ID_HEADER);
    let router = router
        .layer(CatchPanicLayer::custom(problem_for_panic))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // A timeout is the server's fault and worth a retry: 503 with Retry-After, not 408.
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, timeout))
        .layer(middleware::from_fn(problem_for_bare_errors));
    let security_headers = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    let router = security_headers.into_iter().fold(router, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)))
    });
    let router = match cors(cors_origins) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router
        // gzip or br when the client asks; small bodies and images are left alone.
        .layer(CompressionLayer::new())
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        // Outermost but for the request id: every answer made inside, problems included, is in
        // the language the request asks for.
        .layer(middleware::from_fn(crate::language::scope))
}

/// A handler that panics answers a generic 500 problem, its message kept in the log only.
#[expect(clippy::needless_pass_by_value, reason = "tower-http hands the panic's payload over by value")]
fn problem_for_panic(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|m| (*m).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    ApiError(Error::Internal(format!("a handler panicked: {message}").into())).into_response()
}

/// Each request's span carries its id, so every line logged while serving it does too.
fn request_span(request: &Request) -> tracing::Span {
    let id = request.headers().get(REQUEST_ID_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
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

/// Errors made by axum or a layer (405, a timeout, a rejection in plain text) carry no problem
/// body; give them one, keeping a plain-text explanation as the detail.
async fn problem_for_bare_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let content_type = response.headers().get(header::CONTENT_TYPE).map(|v| v.as_bytes().to_owned());
    let has_problem = content_type.as_deref().is_some_and(|v| v.starts_with(PROBLEM_JSON.as_bytes()));
    if !(status.is_client_error() || status.is_server_error()) || has_problem {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = if content_type.is_some_and(|v| v.starts_with(b"text/plain")) {
        axum::body::to_bytes(body, 4096).await.ok().and_then(|b| String::from_utf8(b.to_vec()).ok())
    } else {
        None
    };
    // A layer's plain text is a library's words: quoted in a sentence that is translated.
    let detail = match (status, text) {
        (_, Some(text)) if !text.trim().is_empty() => {
            msg("problem-request-refused").with("reason", text.trim().to_owned())
        }
        (StatusCode::METHOD_NOT_ALLOWED, _) => msg("problem-method-not-allowed"),
        (StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT, _) => {
            msg("problem-request-timed-out")
        }
        _ => msg("problem-request-not-served"),
    };
    let mut rendered = problem_response(status_problem(status, &detail));
    for name in [header::ALLOW, header::RETRY_AFTER, header::CONNECTION] {
        if let Some(value) = parts.headers.get(&name) {
            rendered.headers_mut().insert(name, value.clone());
        }
    }
    if status == StatusCode::SERVICE_UNAVAILABLE {
        rendered.headers_mut().entry(header::RETRY_AFTER).or_insert(HeaderValue::from_static("1"));
    }
    rendered
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt as _;

    use super::edge;

    /// The problem `path` answers through the edge layers, with its status and headers.
    async fn answer(router: Router, path: &str) -> (axum::http::Response<Body>, serde_json::Value) {
        let app = edge(router, &[], Duration::from_millis(50));
        let request = Request::get(path).body(Body::empty()).expect("a request");
        let response = app.oneshot(request).await.expect("an answer");
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, 4096).await.expect("a body");
        let problem = serde_json::from_slice(&body).expect("a JSON problem");
        (axum::http::Response::from_parts(parts, Body::empty()), problem)
    }

    #[tokio::test]
    async fn a_handler_that_panics_answers_a_500_problem() {
        let panicking = Router::new().route(
            "/panic",
            get(|| async {
                std::env::var("TATRACK_NO_SUCH_VARIABLE").map(|_| "found").expect("a bug with a secret")
            }),
        );

        let (response, problem) = answer(panicking, "/panic").await;

        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/problem+json");
        assert_eq!(problem["type"], "/problems/internal");
        assert!(!problem.to_string().contains("secret"), "the cause stays in the log: {problem}");
    }

    #[tokio::test]
    async fn a_request_that_takes_too_long_gets_a_503_problem_with_retry_after() {
        let slow = Router::new().route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        );

        let (response, problem) = answer(slow, "/slow").await;

        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/problem+json");
        assert_eq!(response.headers()[header::RETRY_AFTER], "1");
        assert_eq!(problem["type"], "/problems/unavailable");
        assert_eq!(problem["status"], 503);
        assert!(problem["title"].is_string() && problem["detail"].is_string(), "{problem}");
    }
}
