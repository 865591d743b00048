//! An uploaded file as a table of text cells: CSV (UTF-8, RFC 4180) or XLSX (its first sheet).
//!
//! Whatever the file holds, reading it ends in a [`Table`] or a [`FileError`] that says what is
//! wrong with the file as a whole; a row that cannot be read is kept as a [`RowError`] beside the
//! others. An XLSX file is a zip archive, so before calamine reads it every entry is inflated
//! once here, counting bytes, and the file is refused past [`MAX_ENTRIES`] entries or
//! [`MAX_INFLATED`] bytes: a zip bomb costs at most that much work and memory.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};

use super::report::{FileError, RowError, Rule};

/// The most entries an XLSX file may hold (a workbook of one sheet has about a dozen).
pub const MAX_ENTRIES: usize = 1_000;
/// The most bytes an XLSX file may inflate to, all entries together: 128 MiB.
pub const MAX_INFLATED: u64 = 128 * 1024 * 1024;
/// The most columns a row may reach; a cell further right is refused without being stored.
pub const MAX_COLUMNS: u32 = 1_024;

/// The header (row 1) and the data rows that hold anything, in file order.
#[derive(Debug, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<RawRow>,
    /// Rows that could not be read as cells at all (too many cells).
    pub errors: Vec<RowError>,
}

/// One data row: its number as a spreadsheet shows it (the header is row 1) and its cells,
/// as many as the header has columns.
#[derive(Debug, Clone)]
pub struct RawRow {
    pub number: u64,
    pub cells: Vec<String>,
}

/// Which reader a file needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// A zip archive is read as XLSX, as is anything named `.xlsx`; the rest as CSV.
    pub fn of(file_name: &str, bytes: &[u8]) -> Self {
        let named_xlsx = std::path::Path::new(file_name)
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("xlsx"));
        if named_xlsx || bytes.starts_with(b"PK\x03\x04") {
            Self::Xlsx
        } else {
            Self::Csv
        }
    }
}

/// Reads `bytes` as `format`.
pub fn read(format: Format, bytes: &[u8]) -> Result<Table, FileError> {
    match format {
        Format::Csv => read_csv(bytes),
        Format::Xlsx => read_xlsx(bytes),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Table, FileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Err(error) = std::str::from_utf8(bytes) {
        let at = error.valid_up_to();
        let line = bytes[..at].split(|b| *b == b'\n').count();
        return Err(FileError::Encoding { line: line as u64, byte: at as u64 + 1 });
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| FileError::Unreadable(format!("the CSV cannot be read: {e}")))?;
        rows.push((index as u64 + 1, record.iter().map(str::to_owned).collect::<Vec<_>>()));
    }
    Ok(tabulate(rows))
}

/// The header and the data rows of `rows` (numbered from 1): trailing empty header cells are
/// dropped, a row with a non-empty cell past the header is an error, short rows are padded.
fn tabulate(rows: impl IntoIterator<Item = (u64, Vec<String>)>) -> Table {
    let mut rows = rows.into_iter();
    let mut table = Table::default();
    let Some((_, mut header)) = rows.next() else { return table };
    while header.last().is_some_and(|cell| cell.trim().is_empty()) {
        header.pop();
    }
    table.header = header.iter().map(|cell| cell.trim().to_ascii_lowercase()).collect();
    let width = table.header.len();
    for (number, mut cells) in rows {
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if let Some(extra) = cells.iter().skip(width).position(|cell| !cell.trim().is_empty()) {
            table.errors.push(RowError::row(
                number,
                Rule::TooManyCells,
                format!(
                    "the row has a value in column {} but the header names only {width} columns",
                    width + extra + 1
                ),
            ));
            continue;
        }
        cells.resize(width, String::new());
        table.rows.push(RawRow { number, cells });
    }
    table
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, FileError> {
    measure_zip(bytes)?;
    let not_xlsx = |e: calamine::XlsxError| FileError::NotXlsx(e.to_string());
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(not_xlsx)?;
    let first = workbook
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| FileError::NotXlsx("the workbook has no worksheet".into()))?;
    let mut reader = workbook.worksheet_cells_reader(&first).map_err(not_xlsx)?;
    // Sparse: only the cells present are stored, so a lone cell at XFD1048576 costs nothing.
    let mut rows: BTreeMap<u32, BTreeMap<u32, String>> = BTreeMap::new();
    let mut too_wide = BTreeMap::new();
    while let Some(cell) = reader.next_cell().map_err(not_xlsx)? {
        let (row, column) = cell.get_position();
        let text = cell_text(cell.get_value());
        if text.trim().is_empty() {
            continue;
        }
        if column >= MAX_COLUMNS {
            too_wide.entry(row).or_insert(column);
            continue;
        }
        rows.entry(row).or_default().insert(column, text);
    }
    let mut errors = Vec::new();
    for (row, column) in too_wide {
        rows.remove(&row);
        let number = u64::from(row) + 1;
        if number == 1 {
            return Err(FileError::Unreadable(format!("the header has more than {MAX_COLUMNS} columns")));
        }
        errors.push(RowError::row(
            number,
            Rule::TooManyCells,
            format!("the row has a value in column {}, past the header", u64::from(column) + 1),
        ));
    }
    let dense = rows.into_iter().map(|(row, cells)| {
        let width = cells.keys().next_back().map_or(0, |last| *last as usize + 1);
        let mut dense = vec![String::new(); width];
        for (column, text) in cells {
            dense[column as usize] = text;
        }
        (u64::from(row) + 1, dense)
    });
    let mut table = tabulate(header_first(dense));
    table.errors.extend(errors);
    table.errors.sort_by_key(|e| e.row);
    Ok(table)
}

/// The rows as they come, with an empty header in front when row 1 is empty.
fn header_first(rows: impl Iterator<Item = (u64, Vec<String>)>) -> Vec<(u64, Vec<String>)> {
    let mut rows: Vec<_> = rows.collect();
    if rows.first().is_none_or(|(number, _)| *number != 1) {
        rows.insert(0, (1, Vec::new()));
    }
    rows
}

/// A cell as the text a person typed: numbers without a trailing `.0`, dates as ISO 8601.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => text.clone(),
        DataRef::SharedString(text) => (*text).to_owned(),
        DataRef::Int(number) => number.to_string(),
        DataRef::Float(number) => number.to_string(),
        DataRef::Bool(flag) => flag.to_string(),
        DataRef::DateTime(date) => match date.as_datetime() {
            Some(at) if at.time() == chrono::NaiveTime::MIN => at.date().to_string(),
            Some(at) => at.to_string(),
            None => date.as_f64().to_string(),
        },
        DataRef::Error(error) => error.to_string(),
    }
}

/// Refuses a zip archive with too many entries, or whose entries inflate past the cap; the
/// sizes are measured by inflating, not read from the archive's own (forgeable) directory.
fn measure_zip(bytes: &[u8]) -> Result<(), FileError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| FileError::NotXlsx(format!("the file is not a zip archive: {e}")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(FileError::TooLarge(format!(
            "the archive holds {} entries; an XLSX file may hold at most {MAX_ENTRIES}",
            archive.len()
        )));
    }
    let mut inflated: u64 = 0;
    let mut sink = std::io::sink();
    for index in 0..archive.len() {
        let entry = archive
            .by_index(index)
            .map_err(|e| FileError::NotXlsx(format!("entry {index} of the archive cannot be read: {e}")))?;
        let budget = MAX_INFLATED - inflated;
        let read = std::io::copy(&mut entry.take(budget + 1), &mut sink).map_err(|e| {
            FileError::NotXlsx(format!("entry {index} of the archive cannot be inflated: {e}"))
        })?;
        inflated += read;
        if inflated > MAX_INFLATED {
            return Err(FileError::TooLarge(format!(
                "the archive inflates to more than {MAX_INFLATED} bytes (a zip bomb?)"
            )));
        }
    }
    Ok(())
}
