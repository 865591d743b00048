//! The problems of an import, bounded however many there are: the first [`LISTED`] in (row,
//! column) order are kept for the answer, the rest only counted. When asked, every problem is
//! also written as CSV to a temporary file as it is found, so that a file with 275,000 problems
//! holds a thousand in memory and its answer stays under a megabyte (it was 32 MB).

use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufWriter, Seek as _, SeekFrom, Write as _};

use super::row_error::{RowError, Rule};
use crate::error::Error;
use crate::export::table::{csv_record, Cell};

/// How many problems an answer lists.
pub const LISTED: usize = 1_000;
/// A listed problem quotes at most this many characters of its cell (the CSV quotes it whole):
/// a thousand quotes of a 32,767-character cell would be 32 MB again.
const VALUE_CHARS: usize = 200;
/// And at most this many of its detail, which may quote the cell too.
const DETAIL_CHARS: usize = 500;

/// The columns of the CSV of every problem.
pub const CSV_COLUMNS: [&str; 5] = ["row", "column", "value", "rule", "detail"];

/// The problems found so far.
pub struct Problems {
    /// The first [`LISTED`] by (row, column), the last of them on top, to be dropped when an
    /// earlier one comes (a row refused while writing comes after the rows checked after it).
    first: BinaryHeap<RowError>,
    total: u64,
    /// Every problem as CSV, in the order found, when asked for.
    csv: Option<BufWriter<File>>,
}

/// The problems of a finished import.
#[derive(Debug)]
pub struct ProblemList {
    /// The first [`LISTED`], in (row, column) order, their quotes cut short.
    pub listed: Vec<RowError>,
    /// How many there are in all.
    pub total: u64,
    /// Every problem as CSV (RFC 4180, header first), ready to be read from its start; when
    /// asked for.
    pub csv: Option<File>,
}

impl Problems {
    /// No problem yet; with `csv`, a temporary file to write every one to.
    pub fn new(csv: bool) -> Result<Self, Error> {
        let csv = if csv {
            let mut out = BufWriter::new(tempfile::tempfile().map_err(internal)?);
            out.write_all(&csv_line(&CSV_COLUMNS.map(Cell::from))?).map_err(internal)?;
            Some(out)
        } else {
            None
        };
        Ok(Self { first: BinaryHeap::new(), total: 0, csv })
    }

    /// Counts `error`, keeps it if it is among the first, writes it to the CSV if asked.
    pub fn push(&mut self, error: RowError) -> Result<(), Error> {
        self.total += 1;
        if let Some(out) = &mut self.csv {
            out.write_all(&csv_line(&record(&error))?).map_err(internal)?;
        }
        if self.first.len() < LISTED || self.first.peek().is_some_and(|last| error < *last) {
            self.first.push(clipped(error));
            if self.first.len() > LISTED {
                self.first.pop();
            }
        }
        Ok(())
    }

    /// How many problems so far.
    pub fn total(&self) -> u64 {
        self.total
    }

    pub fn finish(self) -> Result<ProblemList, Error> {
        let csv = match self.csv {
            Some(out) => {
                let mut file = out.into_inner().map_err(|e| internal(e.into_error()))?;
                file.seek(SeekFrom::Start(0)).map_err(internal)?;
                Some(file)
            }
            None => None,
        };
        Ok(ProblemList { listed: self.first.into_sorted_vec(), total: self.total, csv })
    }
}

/// The CSV of no problem: its header.
pub fn csv_header() -> Result<Vec<u8>, Error> {
    csv_line(&CSV_COLUMNS.map(Cell::from))
}

fn csv_line(cells: &[Cell]) -> Result<Vec<u8>, Error> {
    let mut line = Vec::new();
    // The export's writer: a cell starting with `=` (a quoted formula) is neutralised, as a
    // spreadsheet opening the list would run it.
    csv_record(&mut line, cells)?;
    Ok(line)
}

fn record(error: &RowError) -> [Cell; 5] {
    [
        Cell::Text(error.row.to_string()),
        Cell::from(error.column.clone()),
        Cell::from(error.value.clone()),
        Cell::Text(rule_name(error.rule)),
        Cell::Text(error.detail.clone()),
    ]
}

/// The rule as the JSON answer names it (`formula_error`).
fn rule_name(rule: Rule) -> String {
    serde_json::to_value(rule).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn clipped(mut error: RowError) -> RowError {
    if let Some(value) = &mut error.value {
        clip(value, VALUE_CHARS);
    }
    clip(&mut error.detail, DETAIL_CHARS);
    error
}

/// `text` cut to `chars` characters, with an ellipsis when cut.
fn clip(text: &mut String, chars: usize) {
    if let Some((at, _)) = text.char_indices().nth(chars) {
        text.truncate(at);
        text.push('…');
    }
}

fn internal(error: std::io::Error) -> Error {
    Error::Internal(Box::new(error))
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    fn problem(row: u64, column: &str) -> RowError {
        RowError::cell(row, column, "x", Rule::Invalid, "bad".into())
    }

    #[test]
    fn the_first_thousand_are_kept_in_order_whatever_the_order_found() {
        let mut problems = Problems::new(false).expect("no file");
        for row in (2..2_502).rev() {
            problems.push(problem(row, "title")).expect("kept");
            problems.push(problem(row, "kind")).expect("kept");
        }
        let list = problems.finish().expect("finished");
        assert_eq!(list.total, 5_000);
        assert_eq!(list.listed.len(), LISTED);
        assert_eq!((list.listed[0].row, list.listed[0].column.as_deref()), (2, Some("kind")));
        let thousandth = &list.listed[LISTED - 1];
        assert_eq!((thousandth.row, thousandth.column.as_deref()), (501, Some("title")));
        assert!(list.csv.is_none());
    }

    #[test]
    fn the_csv_holds_every_problem_whole_and_the_list_cuts_long_quotes() {
        let long = "é".repeat(300);
        let mut problems = Problems::new(true).expect("a temporary file");
        problems
            .push(RowError::cell(2, "title", &long, Rule::Invalid, format!("'{long}' {long}")))
            .expect("kept");
        problems
            .push(RowError::cell(3, "description", "=1/0", Rule::FormulaError, "error".into()))
            .expect("kept");
        let list = problems.finish().expect("finished");

        let listed = list.listed[0].value.as_deref().expect("a value");
        assert_eq!(listed.chars().count(), VALUE_CHARS + 1);
        assert_eq!(list.listed[0].detail.chars().count(), DETAIL_CHARS + 1);
        let mut text = String::new();
        list.csv.expect("the CSV").read_to_string(&mut text).expect("UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "row,column,value,rule,detail");
        assert!(lines[1].contains(&long), "whole in the CSV");
        assert_eq!(lines[2], "3,description,'=1/0,formula_error,error", "a formula is neutralised");
    }
}
