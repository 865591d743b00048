//! Lists and summaries as CSV or XLSX, besides the JSON every route answers by default.
//!
//! - [`negotiate`]: `?format=` wins; else the best of `Accept` that we write; else JSON.
//! - [`table`]: cells, CSV records and the XLSX writer.
//! - [`sources`]: the rows of each list and summary, read chunk by chunk.
//!
//! A list streams as CSV straight from one snapshot of the read models, chunk by chunk; an XLSX
//! workbook is written row by row to temporary files and sent once complete (a ZIP cannot be
//! streamed before its directory is known). Both keep memory flat however many rows there are.

pub mod sources;
pub mod table;

use std::io;

use async_trait::async_trait;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures::{Stream, StreamExt, TryStreamExt};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::{ApiError, Result};
pub use table::{Cell, Row, Sheet};

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

/// The rows of an export, chunk by chunk.
#[async_trait]
pub trait Source: Send {
    /// The export's tables, in the order of an XLSX workbook's sheets.
    fn sheets(&self) -> &'static [Sheet];
    /// The next rows, or `None` when there are no more.
    async fn next(&mut self) -> Result<Option<Vec<Row>>>;
}

/// `source` as CSV (the table `sheet` of it) or XLSX (every table), as an attachment named
/// for `what` (see [`attachment`]).
pub async fn respond(
    format: Format,
    source: impl Source + 'static,
    what: &str,
    sheet: usize,
) -> Result<Response> {
    let (content_type, extension, body) = match format {
        Format::Json => return Err(ApiError::Internal("JSON is not an export".into())),
        Format::Csv => {
            let Some(table) = source.sheets().get(sheet).copied() else {
                return Err(ApiError::Internal("a CSV table the export does not have".into()));
            };
            (CSV, "csv", csv_body(source, sheet, table)?)
        }
        Format::Xlsx => (XLSX, "xlsx", xlsx_body(source).await?),
    };
    attachment(body, content_type, what, extension)
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
        HeaderValue::from_str(&disposition).map_err(|e| ApiError::Internal(Box::new(e)))?,
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

/// The header, then each chunk's rows of `sheet` as they are read.
fn csv_body(source: impl Source + 'static, sheet: usize, table: Sheet) -> Result<Body> {
    let mut header = Vec::new();
    table::csv_header(&mut header, &table)?;
    let rows = futures::stream::try_unfold(source, move |mut source| async move {
        let Some(rows) = source.next().await? else { return Ok(None) };
        let mut out = Vec::new();
        for row in rows.iter().filter(|row| row.sheet == sheet) {
            table::csv_record(&mut out, &row.cells)?;
        }
        Ok(Some((Bytes::from(out), source)))
    });
    Ok(streamed(Bytes::from(header), rows))
}

/// Every table of `source` in one workbook, written to a temporary file, then streamed from it.
async fn xlsx_body(mut source: impl Source) -> Result<Body> {
    let mut writer = table::XlsxWriter::new(source.sheets())?;
    while let Some(rows) = source.next().await? {
        for row in &rows {
            writer.write(row)?;
        }
    }
    let file = tempfile::NamedTempFile::new().map_err(|e| ApiError::Internal(Box::new(e)))?;
    let (file, path) = file.into_parts();
    let saved = path.to_path_buf();
    tokio::task::spawn_blocking(move || writer.save(&saved))
        .await
        .map_err(|e| ApiError::Internal(Box::new(e)))??;
    // The path is removed now; the open handle keeps the bytes until the body is sent.
    drop(path);
    let file = tokio::fs::File::from_std(file);
    Ok(Body::from_stream(tokio_util::io::ReaderStream::new(file)))
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
