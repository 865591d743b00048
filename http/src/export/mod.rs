//! Lists and summaries as CSV or XLSX, besides the JSON every route answers by default.
//!
//! - [`negotiate`]: `?format=` wins; else the best of `Accept` that we write; else JSON.
//! - [`respond`]: a CSV streamed as it is read, or an XLSX sent once its file is complete; the
//!   tables themselves are `tatrack_app::export`'s.
//! - [`headers`]: the header row in the reader's words, or the machine names (`?headers=`).

mod headers;

use std::io;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures::{Stream, StreamExt, TryStreamExt};
use serde::Deserialize;
use tatrack_app::export::{csv_chunks, xlsx_file};
use utoipa::ToSchema;

pub use headers::Headers;
pub use tatrack_app::export::{Cell, Row, Sheet, Source};

use crate::error::{ApiError, Error, Result};

pub const CSV: &str = "text/csv; charset=utf-8";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// What a list or summary is answered as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Csv,
    Xlsx,
}

/// `format` when given, else the first type of `Accept` (by quality, then order) that we
/// write, else JSON. A client that accepts nothing we write still gets JSON, as before exports.
pub fn negotiate(format: Option<Format>, headers: &HeaderMap) -> Format {
    if let Some(format) = format {
        return format;
    }
    let accept = headers.get_all(header::ACCEPT).iter().filter_map(|v| v.to_str().ok());
    let mut offers: Vec<(f32, usize, Format)> = Vec::new();
    for (order, range) in accept.flat_map(|v| v.split(',')).enumerate() {
        let mut parts = range.split(';').map(str::trim);
        let media = parts.next().unwrap_or_default().to_ascii_lowercase();
        let quality =
            parts.find_map(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
        let format = match media.as_str() {
            "text/csv" => Format::Csv,
            XLSX => Format::Xlsx,
            "application/json" | "application/*" | "*/*" => Format::Json,
            _ => continue,
        };
        if quality > 0.0 {
            offers.push((quality, order, format));
        }
    }
    offers.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    offers.first().map_or(Format::Json, |offer| offer.2)
}

/// `source` as CSV (the table `sheet` of it) or XLSX (every table), its header row as
/// `headers` says, as an attachment named for `what` (see [`attachment`]).
pub async fn respond(
    format: Format,
    headers: Headers,
    source: impl Source + 'static,
    what: &str,
    sheet: usize,
) -> Result<Response> {
    let language = crate::language::current();
    let titles = move |name: &'static str| headers.title(language, name);
    let (content_type, extension, body) = match format {
        Format::Json => return Err(Error::Internal("JSON is not an export".into()).into()),
        Format::Csv => {
            let (header, records) = csv_chunks(source, sheet, &titles)?;
            (CSV, "csv", streamed(Bytes::from(header), records.map_ok(Bytes::from).map_err(ApiError)))
        }
        Format::Xlsx => {
            let file = tokio::fs::File::from_std(xlsx_file(source, &titles).await?);
            (XLSX, "xlsx", Body::from_stream(tokio_util::io::ReaderStream::new(file)))
        }
    };
    attachment(body, content_type, what, extension)
}

/// `items` as JSON, or as the file `format` (else `Accept`) asks for, its rows from `source`:
/// what every list that can be exported answers.
pub async fn json_or_file<T, S>(
    (format, names): (Option<Format>, Option<Headers>),
    headers: &HeaderMap,
    items: T,
    source: impl FnOnce(T) -> S,
    what: &str,
) -> Result<Response>
where
    T: serde::Serialize,
    S: Source + 'static,
{
    match negotiate(format, headers) {
        Format::Json => Ok(axum::Json(items).into_response()),
        format => respond(format, names.unwrap_or_default(), source(items), what, 0).await,
    }
}

/// `body` as an attachment named `tatrack-<what>-<UTC time>.<extension>`: what and when.
pub fn attachment(body: Body, content_type: &'static str, what: &str, extension: &str) -> Result<Response> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let stem: String = what
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
        .collect();
    download(body, content_type, &format!("tatrack-{stem}-{stamp}.{extension}"))
}

/// `body` as a file to save under `file_name` (ASCII letters, digits, `-`, `_` and `.`).
pub fn download(body: impl IntoResponse, content_type: &'static str, file_name: &str) -> Result<Response> {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(|e| Error::Internal(Box::new(e)))?,
    );
    Ok(response)
}

/// A body that sends `head`, then each chunk of `rest` as it is produced. A failure after the
/// first bytes cannot change the status any more: the body ends in an error, so the client
/// sees a broken transfer rather than a file that looks complete.
pub fn streamed<S>(head: Bytes, rest: S) -> Body
where
    S: Stream<Item = Result<Bytes>> + Send + 'static,
{
    let stream = futures::stream::once(async move { Ok(head) }).chain(rest);
    // Fused: the compression layer polls once more after the end, which `unfold` forbids.
    Body::from_stream(stream.fuse().map_err(|error: ApiError| {
        tracing::error!(%error, "a streamed answer failed after its first bytes were sent");
        io::Error::other(error.to_string())
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(value).expect("a header"));
        headers
    }

    #[test]
    fn the_parameter_wins_then_the_best_accepted_type_then_json() {
        assert_eq!(negotiate(Some(Format::Xlsx), &accept("text/csv")), Format::Xlsx);
        assert_eq!(negotiate(None, &accept("text/csv")), Format::Csv);
        assert_eq!(negotiate(None, &accept(&format!("text/csv;q=0.5, {XLSX}"))), Format::Xlsx);
        assert_eq!(negotiate(None, &accept("text/html, */*;q=0.8")), Format::Json);
        assert_eq!(negotiate(None, &accept("image/png")), Format::Json);
        assert_eq!(negotiate(None, &accept("text/csv;q=0")), Format::Json);
        assert_eq!(negotiate(None, &HeaderMap::new()), Format::Json);
    }
}
