//! The web app: a small client (ES modules, hand-written CSS, no build step) embedded in the
//! binary and served at `/`, talking only to the REST API under `/api/v1`.
//!
//! - [`assets`]: the embedded files under `http/web/`, served with an `ETag`.
//! - [`session`]: sign-in by pasted token, the session cookie, CSRF checks.
//! - [`vocabulary`]: the closed lists the forms offer (kinds, countries with names, currencies
//!   with their decimals), taken from the same domain types the API validates with.
//! - [`security_headers`]: the Content-Security-Policy every response carries.

pub mod assets;
pub mod provider;
pub mod session;
pub mod vocabulary;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

/// The app's strict policy: nothing inline, nothing from elsewhere, never framed. The one
/// allowance, `'wasm-unsafe-eval'`, lets the page compile the activity's rules (WebAssembly from
/// `/app/rules/`, same origin); it allows no JavaScript `eval`.
pub const APP_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Swagger UI sets inline styles and shows data: images; it runs no inline script.
pub const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

/// The app's page and assets (no state: everything it shows comes from the API).
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(assets::index))
        .route("/sw.js", get(assets::service_worker))
        .route("/app/vocabulary.json", get(vocabulary::vocabulary))
        .route("/app/{*path}", get(assets::asset))
}

/// Sets the Content-Security-Policy on every response that has none: the app's strict one,
/// or Swagger UI's under `/docs`.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let docs = request.uri().path().starts_with("/docs");
    let mut response = next.run(request).await;
    let policy = if docs { DOCS_CSP } else { APP_CSP };
    response.headers_mut().entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(policy));
    response
}
