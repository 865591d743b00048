//! The app's files, embedded at compile time from `http/web/`: no CDN, nothing fetched at run
//! time. Each answer carries a strong `ETag` (a digest of its bytes) and `Cache-Control:
//! no-cache`, so browsers revalidate cheaply and never run a stale script after an upgrade.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest as _, Sha256};

use tatrack_i18n::Language;

use crate::error::{ApiError, Error};
use crate::extract::Path;

/// One embedded file.
struct Asset {
    content_type: &'static str,
    bytes: &'static [u8],
    etag: HeaderValue,
}

macro_rules! embed {
    ($($path:literal => $content_type:literal),+ $(,)?) => {
        [$(($path, $content_type, include_bytes!(concat!("../../web/", $path)) as &'static [u8])),+]
    };
}

const JS: &str = "text/javascript; charset=utf-8";

/// Every file of the app, by its path under `/app/`.
static ASSETS: LazyLock<HashMap<&'static str, Asset>> = LazyLock::new(|| {
    embed!(
        "index.html" => "text/html; charset=utf-8",
        "app.css" => "text/css; charset=utf-8",
        "manifest.webmanifest" => "application/manifest+json",
        "icon.svg" => "image/svg+xml",
        "sw.js" => "text/javascript; charset=utf-8",
        "js/main.js" => "text/javascript; charset=utf-8",
        "js/outbox.js" => "text/javascript; charset=utf-8",
        "js/kept.js" => "text/javascript; charset=utf-8",
        "js/api.js" => "text/javascript; charset=utf-8",
        "js/ui.js" => "text/javascript; charset=utf-8",
        "js/activities.js" => "text/javascript; charset=utf-8",
        "js/activity.js" => "text/javascript; charset=utf-8",
        "js/actions.js" => "text/javascript; charset=utf-8",
        "js/pickers.js" => "text/javascript; charset=utf-8",
        "js/dashboard.js" => "text/javascript; charset=utf-8",
        "js/report.js" => "text/javascript; charset=utf-8",
        "js/results.js" => "text/javascript; charset=utf-8",
        "js/map.js" => "text/javascript; charset=utf-8",
        "js/manage.js" => "text/javascript; charset=utf-8",
        "js/rules.js" => "text/javascript; charset=utf-8",
        "js/downloads.js" => "text/javascript; charset=utf-8",
        "js/imports.js" => "text/javascript; charset=utf-8",
        "js/iati.js" => "text/javascript; charset=utf-8",
        "js/people.js" => "text/javascript; charset=utf-8",
        "js/attendees.js" => "text/javascript; charset=utf-8",
        "js/participants.js" => "text/javascript; charset=utf-8",
        "js/sheet.js" => "text/javascript; charset=utf-8",
        "js/participant.js" => "text/javascript; charset=utf-8",
        "js/trained.js" => "text/javascript; charset=utf-8",
        "js/i18n.js" => "text/javascript; charset=utf-8",
        "rules/tatrack_web_rules.js" => "text/javascript; charset=utf-8",
        "rules/tatrack_web_rules_bg.wasm" => "application/wasm",
        "vendor/countries-110m.json" => "application/json",
        "vendor/fluent-bundle/index.js" => "text/javascript; charset=utf-8",
        "vendor/fluent-bundle/bundle.js" => "text/javascript; charset=utf-8",
        "vendor/fluent-bundle/resolver.js" => "text/javascript; charset=utf-8",
        "vendor/fluent-bundle/resource.js" => "text/javascript; charset=utf-8",
        "vendor/fluent-bundle/scope.js" => "text/javascript; charset=utf-8",
        "vendor/fluent-bundle/types.js" => "text/javascript; charset=utf-8",
        "vendor/fluent-bundle/builtins.js" => "text/javascript; charset=utf-8",
        "vendor/fluent-bundle/memoizer.js" => "text/javascript; charset=utf-8",
    )
    .into_iter()
    // Each language's catalogue, its files joined (the server reads the same ones).
    .chain(CATALOGUE_PATHS.iter().zip(Language::ALL).map(|(path, language)| {
        (*path, "text/plain; charset=utf-8", tatrack_i18n::web_catalogue(language).as_bytes())
    }))
    .map(|(path, content_type, bytes)| {
        let tag = format!("\"{}\"", hex::encode(&Sha256::digest(bytes)[..12]));
        let etag = HeaderValue::from_str(&tag).unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
        let content_type = if content_type.starts_with("text/javascript") { JS } else { content_type };
        (path, Asset { content_type, bytes, etag })
    })
    .collect()
});

/// Where the app reads each language's catalogue, in the order of [`Language::ALL`].
const CATALOGUE_PATHS: [&str; 4] = ["i18n/en.ftl", "i18n/fr.ftl", "i18n/es.ftl", "i18n/ar.ftl"];

fn serve(path: &str, request: &HeaderMap) -> Response {
    let Some(asset) = ASSETS.get(path) else {
        return ApiError(Error::NotFound(tatrack_i18n::msg("problem-no-app-file").with("path", path)))
            .into_response();
    };
    let mut headers = HeaderMap::new();
    headers.insert(ETAG, asset.etag.clone());
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if request.get(IF_NONE_MATCH).is_some_and(|tag| tag == asset.etag) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    (headers, asset.bytes).into_response()
}

/// The app's only page; the client routes by the URL's fragment.
pub async fn index(headers: HeaderMap) -> Response {
    serve("index.html", &headers)
}

/// The service worker, served from the root so that its scope is the whole app.
pub async fn service_worker(headers: HeaderMap) -> Response {
    serve("sw.js", &headers)
}

/// A file of the app under `/app/`.
pub async fn asset(Path(path): Path<String>, headers: HeaderMap) -> Response {
    serve(&path, &headers)
}

/// The files' sizes, for the page budget check.
pub fn files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    ASSETS.iter().map(|(path, asset)| (*path, asset.bytes))
}
