//! An uploaded file as a table of text cells: CSV (UTF-8, RFC 4180) or XLSX (its first sheet).
//!
//! Whatever the file holds, reading it ends in a [`Table`] or a [`FileError`] that says what is
//! wrong with the file as a whole; a row that cannot be read is kept as a [`RowError`] beside the
//! others, and a cell that cannot be read as text (see [`super::cells`]) is blanked, its
//! problem kept with its row. An XLSX file is a zip archive, so before calamine reads it every entry is inflated
//! once here, counting bytes, and the file is refused past [`MAX_ENTRIES`] entries or
//! [`MAX_INFLATED`] bytes: a zip bomb costs at most that much work and memory.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{Reader, Xlsx, XlsxError};

use super::cells::{cell_text, error_name, formula_text, Unreadable};
use super::report::FileError;
use super::row_error::{RowError, Rule};

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
    /// The cells that hold no text that can stand for them, each blank in `cells`.
    pub errors: Vec<RowError>,
}

/// A row as a reader found it: its number, its cells, and those it could not read as text
/// (by index).
struct Line {
    number: u64,
    cells: Vec<String>,
    unreadable: Vec<(usize, Unreadable)>,
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
        let cells = record.iter().map(str::to_owned).collect();
        rows.push(Line { number: index as u64 + 1, cells, unreadable: Vec::new() });
    }
    tabulate(rows)
}

/// The header and the data rows of `rows` (numbered from 1): trailing empty header cells are
/// dropped, a row with a non-empty cell past the header is an error, short rows are padded, and
/// a cell that is not text (an unreadable one, or a spreadsheet error's name) is blanked and
/// kept as its row's error. A header cell that is not text refuses the file.
fn tabulate(rows: impl IntoIterator<Item = Line>) -> Result<Table, FileError> {
    let mut rows = rows.into_iter();
    let mut table = Table::default();
    let Some(mut header) = rows.next() else { return Ok(table) };
    if let Some((column, _)) = header.unreadable.first() {
        return Err(FileError::Unreadable(format!(
            "column {} of the header holds a formula without a computed value, or an error, not a name",
            column + 1
        )));
    }
    while header.cells.last().is_some_and(|cell| cell.trim().is_empty()) {
        header.cells.pop();
    }
    table.header = header.cells.iter().map(|cell| cell.trim().to_ascii_lowercase()).collect();
    let width = table.header.len();
    for Line { number, mut cells, unreadable } in rows {
        if unreadable.is_empty() && cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let past =
            cells.iter().skip(width).position(|cell| !cell.trim().is_empty()).map(|extra| width + extra);
        let past = past.into_iter().chain(unreadable.iter().map(|(c, _)| *c).filter(|c| *c >= width)).min();
        if let Some(column) = past {
            table.errors.push(RowError::row(
                number,
                Rule::TooManyCells,
                format!(
                    "the row has a value in column {} but the header names only {width} columns",
                    column + 1
                ),
            ));
            continue;
        }
        cells.resize(width, String::new());
        let mut errors = Vec::new();
        for (column, cell) in cells.iter_mut().enumerate() {
            if let Some(name) = error_name(cell) {
                errors.push(Unreadable::Error(name.to_owned()).error(number, &table.header[column]));
                cell.clear();
            }
        }
        for (column, unreadable) in unreadable {
            errors.push(unreadable.error(number, &table.header[column]));
        }
        table.rows.push(RawRow { number, cells, errors });
    }
    Ok(table)
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
    let mut rows: BTreeMap<u32, BTreeMap<u32, Result<String, Unreadable>>> = BTreeMap::new();
    let mut too_wide = BTreeMap::new();
    let mut last = None;
    // With the formula read too: a formula saved without a value is no empty cell.
    while let Some(cell) = reader.next_cell_with_formula_metadata().map_err(|e| cell_error(e, last))? {
        let (row, column) = cell.pos;
        last = Some(cell.pos);
        let read = match (&cell.value, &cell.formula) {
            (calamine::DataRef::Empty, Some(formula)) => Err(Unreadable::NoValue(formula_text(formula))),
            (value, _) => cell_text(value),
        };
        if read.as_ref().is_ok_and(|text| text.trim().is_empty()) {
            continue;
        }
        if column >= MAX_COLUMNS {
            too_wide.entry(row).or_insert(column);
            continue;
        }
        rows.entry(row).or_default().insert(column, read);
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
        let mut line =
            Line { number: u64::from(row) + 1, cells: vec![String::new(); width], unreadable: Vec::new() };
        for (column, read) in cells {
            match read {
                Ok(text) => line.cells[column as usize] = text,
                Err(unreadable) => line.unreadable.push((column as usize, unreadable)),
            }
        }
        line
    });
    let mut table = tabulate(header_first(dense))?;
    table.errors.extend(errors);
    table.errors.sort_by_key(|e| e.row);
    Ok(table)
}

/// The rows as they come, with an empty header in front when row 1 is empty.
fn header_first(rows: impl Iterator<Item = Line>) -> Vec<Line> {
    let mut rows: Vec<_> = rows.collect();
    if rows.first().is_none_or(|line| line.number != 1) {
        rows.insert(0, Line { number: 1, cells: Vec::new(), unreadable: Vec::new() });
    }
    rows
}

/// A sheet calamine cannot read on. An error cell it does not know (`#SPILL!`, `#CALC!`...)
/// stops it without saying where: the cell after the last one read is named.
fn cell_error(error: XlsxError, last: Option<(u32, u32)>) -> FileError {
    match error {
        XlsxError::CellError(name) => {
            let after = last.map_or_else(
                || "the sheet's first cell".to_owned(),
                |(row, column)| {
                    format!("the cell after row {}, column {}", u64::from(row) + 1, u64::from(column) + 1)
                },
            );
            FileError::Unreadable(format!(
                "{after} holds the spreadsheet error {name}, not a value: correct its formula or the cells it reads"
            ))
        }
        error => FileError::NotXlsx(error.to_string()),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn line(number: u64, cells: &[&str], unreadable: Vec<(usize, Unreadable)>) -> Line {
        Line { number, cells: cells.iter().map(|c| (*c).to_owned()).collect(), unreadable }
    }

    #[test]
    fn a_cell_that_is_not_text_is_blanked_and_named_by_its_column() {
        let table = tabulate([
            line(1, &["Title", "Location"], Vec::new()),
            line(2, &["Workshop", " #N/A "], Vec::new()),
            line(3, &[], vec![(1, Unreadable::NoValue(Some("=A1".into())))]),
            line(4, &["Workshop"], vec![(2, Unreadable::FictitiousDate)]),
        ])
        .expect("a table");

        let errors: Vec<_> =
            table.rows.iter().flat_map(|r| &r.errors).map(|e| (e.row, e.column.clone(), e.rule)).collect();
        assert_eq!(
            errors,
            [
                (2, Some("location".into()), Rule::FormulaError),
                (3, Some("location".into()), Rule::FormulaWithoutValue)
            ]
        );
        assert_eq!(table.rows[0].cells, ["Workshop", ""], "the error's name is no location");
        assert_eq!(table.rows.len(), 2, "a row of nothing but an unreadable cell is kept");
        assert_eq!((table.errors[0].row, table.errors[0].rule), (4, Rule::TooManyCells), "past the header");
    }

    #[test]
    fn a_header_cell_that_is_not_text_refuses_the_file() {
        let refused = tabulate([line(1, &["title"], vec![(1, Unreadable::NoValue(None))])]);
        assert!(matches!(refused, Err(FileError::Unreadable(detail)) if detail.contains("column 2")));
    }
}
