//! The language a request is answered in (issue 27): the `lang` query parameter when given, else
//! the language remembered for the caller (their person, or the token a script uses), else the
//! most wanted one of `Accept-Language` that tatrack speaks, else English.
//!
//! A middleware works this out around each request and keeps it for the request's task, so
//! whatever answers (a route, an extractor's refusal, a problem made from a bare status) reads it
//! with [`current`]; the answer says it in `Content-Language`.

use std::cell::Cell;

use axum::extract::Request;
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_LANGUAGE, VARY};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
pub use tatrack_i18n::Language;

pub mod asked;

pub use asked::{current, remember};
use asked::{Asked, ASKED};

use crate::error::{ApiError, Error};

/// The query parameter that chooses the language of one answer.
pub const LANG_PARAMETER: &str = "lang";

/// A `lang` value as a language tatrack answers in; a 400 naming the parameter otherwise.
pub fn parse(value: &str) -> Result<Language, ApiError> {
    Language::from_code(value).filter(|language| Language::COMPLETE.contains(language)).ok_or_else(|| {
        ApiError(Error::BadRequest {
            field: Some(LANG_PARAMETER.into()),
            detail: tatrack_i18n::msg("problem-unknown-language")
                .with("value", value.escape_default().to_string()),
        })
    })
}

/// Answers `request` in the language it asks for, and says which in `Content-Language`.
pub async fn scope(request: Request, next: Next) -> Response {
    let query = request.uri().query().unwrap_or_default();
    let explicit = form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == LANG_PARAMETER)
        .map(|(_, value)| parse(&value))
        .transpose();
    let accepted = request
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map_or(Language::English, Language::negotiate);
    let asked =
        Asked { explicit: explicit.as_ref().ok().copied().flatten(), remembered: Cell::new(None), accepted };
    ASKED
        .scope(asked, async move {
            let mut response = match explicit {
                Ok(_) => next.run(request).await,
                Err(refusal) => refusal.into_response(),
            };
            let headers = response.headers_mut();
            headers.insert(CONTENT_LANGUAGE, HeaderValue::from_static(current().code()));
            headers.append(VARY, HeaderValue::from_static("accept-language"));
            response
        })
        .await
}
