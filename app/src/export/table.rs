//! Tables as spreadsheets: cells, the CSV encoding (RFC 4180, formula injection neutralised) and
//! an XLSX workbook written row by row to temporary files.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use tatrack_i18n::msg;

use super::Titles;
use crate::error::Error;

/// One cell of an exported table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// An exact decimal, as the API writes amounts.
    Decimal(String),
    Empty,
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Self::Int(n)
    }
}

impl From<Option<String>> for Cell {
    fn from(text: Option<String>) -> Self {
        text.map_or(Self::Empty, Self::Text)
    }
}

/// A table's name (the XLSX sheet, the CSV file's `table`) and its header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sheet {
    pub name: &'static str,
    pub columns: &'static [&'static str],
}

/// A row of one of an export's sheets (by index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub sheet: usize,
    pub cells: Vec<Cell>,
}

/// Spreadsheet applications run a cell that starts with one of these as a formula (OWASP's CSV
/// injection list): such text gets a leading apostrophe, which they show as text.
fn neutralised(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// Appends `cells` as one CSV record (RFC 4180: CRLF, fields quoted when needed).
pub fn csv_record(out: &mut Vec<u8>, cells: &[Cell]) -> Result<(), Error> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    let fields = cells.iter().map(|cell| match cell {
        Cell::Text(text) => neutralised(text).into_owned(),
        Cell::Int(n) => n.to_string(),
        Cell::Decimal(d) => d.clone(),
        Cell::Empty => String::new(),
    });
    writer.write_record(fields).map_err(|e| Error::Internal(Box::new(e)))?;
    writer.flush().map_err(|e| Error::Internal(Box::new(e)))
}

/// The CSV header record of `sheet`, each column named by `titles`.
pub fn csv_header(out: &mut Vec<u8>, sheet: &Sheet, titles: Titles<'_>) -> Result<(), Error> {
    let names: Vec<Cell> = sheet.columns.iter().map(|name| Cell::Text(titles(name))).collect();
    csv_record(out, &names)
}

/// A sheet as a file shows it: its name and column titles in the reader's words (or not).
#[derive(Debug, Clone)]
struct Heading {
    name: String,
    columns: Vec<String>,
}

/// The most rows a worksheet holds (Excel's limit), header included.
const ROWS_PER_WORKSHEET: u32 = 1_048_576;

/// An XLSX workbook with one worksheet per sheet, each in constant-memory mode (rows go to a
/// temporary file as they are written). A sheet longer than a worksheet holds continues in
/// `<name> 2`, `<name> 3`... at the end of the workbook.
pub struct XlsxWriter {
    workbook: Workbook,
    sheets: Vec<Heading>,
    /// Per sheet: the worksheet it is written to now, its part number and the next row there.
    cursors: Vec<(usize, u32, u32)>,
}

impl XlsxWriter {
    /// A workbook for `sheets`, their names and columns given by `titles`.
    pub fn new(sheets: &[Sheet], titles: Titles<'_>) -> Result<Self, Error> {
        let headings = sheets
            .iter()
            .map(|sheet| Heading {
                name: titles(sheet.name),
                columns: sheet.columns.iter().map(|column| titles(column)).collect(),
            })
            .collect();
        let mut writer = Self { workbook: Workbook::new(), sheets: headings, cursors: Vec::new() };
        for index in 0..sheets.len() {
            let heading = writer.sheets[index].clone();
            let worksheet = writer.add_worksheet(&heading, 1)?;
            writer.cursors.push((worksheet, 1, 1));
            debug_assert_eq!(writer.cursors.len(), index + 1);
        }
        Ok(writer)
    }

    /// Adds part `part` of `sheet` with its header row; returns the worksheet's index.
    fn add_worksheet(&mut self, sheet: &Heading, part: u32) -> Result<usize, Error> {
        let name = if part == 1 { sheet.name.clone() } else { format!("{} {part}", sheet.name) };
        let worksheet = self.workbook.add_worksheet_with_constant_memory().map_err(xlsx_error)?;
        worksheet.set_name(name).map_err(xlsx_error)?;
        for (column, title) in (0_u16..).zip(&sheet.columns) {
            worksheet.write_string(0, column, title.as_str()).map_err(xlsx_error)?;
        }
        Ok(self.workbook.worksheets_mut().len() - 1)
    }

    pub fn write(&mut self, row: &Row) -> Result<(), Error> {
        let Some(&(mut worksheet, mut part, mut next)) = self.cursors.get(row.sheet) else {
            return Err(Error::Internal("a row for a sheet the export does not have".into()));
        };
        if next >= ROWS_PER_WORKSHEET {
            part += 1;
            let sheet = self.sheets[row.sheet].clone();
            worksheet = self.add_worksheet(&sheet, part)?;
            next = 1;
        }
        let target = self.workbook.worksheet_from_index(worksheet).map_err(xlsx_error)?;
        for (column, cell) in (0_u16..).zip(&row.cells) {
            write_cell(target, next, column, cell)?;
        }
        self.cursors[row.sheet] = (worksheet, part, next + 1);
        Ok(())
    }

    /// Writes the finished workbook to `path`.
    pub fn save(mut self, path: &std::path::Path) -> Result<(), Error> {
        self.workbook.save(path).map_err(xlsx_error)
    }
}

fn write_cell(worksheet: &mut Worksheet, row: u32, column: u16, cell: &Cell) -> Result<(), Error> {
    match cell {
        Cell::Text(text) => worksheet.write_string(row, column, text.as_str()),
        // Counts are far below 2^53, which a spreadsheet's double holds exactly.
        #[expect(clippy::cast_precision_loss, reason = "counts are bounded far below 2^53")]
        Cell::Int(n) => worksheet.write_number(row, column, *n as f64),
        // A number when the double reads back as the same decimal, else the exact text.
        Cell::Decimal(text) => match text.parse::<f64>() {
            Ok(number) if same_decimal(number, text) => worksheet.write_number(row, column, number),
            _ => worksheet.write_string(row, column, text.as_str()),
        },
        Cell::Empty => return Ok(()),
    }
    .map(drop)
    .map_err(xlsx_error)
}

/// Whether `number` is exactly the decimal `text` (ignoring trailing zeros of the fraction).
fn same_decimal(number: f64, text: &str) -> bool {
    let trimmed = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s.to_owned()
        }
    };
    // `{}` prints the shortest decimal that reads back as the same double.
    number.is_finite() && trimmed(&number.to_string()) == trimmed(text) && {
        let digits = text.chars().filter(char::is_ascii_digit).count();
        digits <= 15
    }
}

fn xlsx_error(error: XlsxError) -> Error {
    match error {
        XlsxError::MaxStringLengthExceeded => {
            Error::BadRequest { field: Some("format".into()), detail: msg("problem-cell-too-long") }
        }
        other => Error::Internal(Box::new(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_run_as_formulas_are_text() {
        let mut out = Vec::new();
        let cells = ["=1+1", "+3", "-2", "@SUM(A1)", "\tx", "safe", "a,b", "say \"hi\""].map(Cell::from);
        csv_record(&mut out, &cells).expect("a record");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "'=1+1,'+3,'-2,'@SUM(A1),'\tx,safe,\"a,b\",\"say \"\"hi\"\"\"\r\n"
        );
    }

    #[test]
    fn numbers_stay_numbers_and_amounts_stay_exact() {
        let mut out = Vec::new();
        csv_record(&mut out, &[Cell::Int(-3), Cell::Decimal("12000.50".into()), Cell::Empty])
            .expect("a record");
        assert_eq!(String::from_utf8(out).expect("UTF-8"), "-3,12000.50,\r\n");
        assert!(same_decimal(12000.5, "12000.50"));
        assert!(!same_decimal(1e16, "10000000000000000.01"), "past a double's digits: written as text");
    }
}
