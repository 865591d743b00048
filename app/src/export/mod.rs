//! Lists and summaries as tables, and the writers that make them files.
//!
//! - [`sources`]: the rows of each list and summary, read chunk by chunk.
//! - [`table`]: cells, CSV records and the XLSX writer.
//!
//! A list is written as CSV straight from one snapshot of the read models, chunk by chunk; an
//! XLSX workbook is written row by row to a temporary file (a ZIP cannot be streamed before its
//! directory is known). Both keep memory flat however many rows there are. Which format a
//! request gets, and how the file is sent, is the HTTP layer's.

pub mod sources;
pub mod table;

use async_trait::async_trait;
use futures::Stream;

use crate::error::{Error, Result};

pub use table::{Cell, Row, Sheet};

/// The rows of an export, chunk by chunk.
#[async_trait]
pub trait Source: Send {
    /// The export's tables, in the order of an XLSX workbook's sheets.
    fn sheets(&self) -> &'static [Sheet];
    /// The next rows, or `None` when there are no more.
    async fn next(&mut self) -> Result<Option<Vec<Row>>>;
}

/// How a file names its sheets and columns: given a machine name (`planned_start`), the title
/// the file shows (itself, or words in the reader's language). The HTTP layer chooses.
pub type Titles<'a> = &'a (dyn Fn(&'static str) -> String + Sync);

/// The table `sheet` of `source` as CSV: its header (columns named by `titles`), then each
/// chunk's records as they are read.
pub fn csv_chunks(
    source: impl Source + 'static,
    sheet: usize,
    titles: Titles<'_>,
) -> Result<(Vec<u8>, impl Stream<Item = Result<Vec<u8>>> + Send + 'static)> {
    let Some(table) = source.sheets().get(sheet).copied() else {
        return Err(Error::Internal("a CSV table the export does not have".into()));
    };
    let mut header = Vec::new();
    table::csv_header(&mut header, &table, titles)?;
    let records = futures::stream::try_unfold(source, move |mut source| async move {
        let Some(rows) = source.next().await? else { return Ok(None) };
        let mut out = Vec::new();
        for row in rows.iter().filter(|row| row.sheet == sheet) {
            table::csv_record(&mut out, &row.cells)?;
        }
        Ok(Some((out, source)))
    });
    Ok((header, records))
}

/// Every table of `source` in one workbook (sheets and columns named by `titles`), written to a
/// temporary file that is already unlinked: the open handle keeps the bytes until it is dropped.
pub async fn xlsx_file(mut source: impl Source, titles: Titles<'_>) -> Result<std::fs::File> {
    let mut writer = table::XlsxWriter::new(source.sheets(), titles)?;
    while let Some(rows) = source.next().await? {
        for row in &rows {
            writer.write(row)?;
        }
    }
    let file = tempfile::NamedTempFile::new().map_err(|e| Error::Internal(Box::new(e)))?;
    let (file, path) = file.into_parts();
    let saved = path.to_path_buf();
    tokio::task::spawn_blocking(move || writer.save(&saved))
        .await
        .map_err(|e| Error::Internal(Box::new(e)))??;
    drop(path);
    Ok(file)
}
