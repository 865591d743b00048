//! A cell as the text a person typed, or why it has none that can stand for it.
//!
//! A spreadsheet cell may hold a formula. Its cached value (what the spreadsheet computed when it
//! saved the file) is what the import reads; a formula saved without one (a file written by a
//! program that does not calculate) or one that computed an error (`#DIV/0!`, `#N/A`...) has
//! no value to import, and turning it into text, or into nothing, would record something the
//! person never meant. The same error saved to CSV is the error's name as text, so a CSV cell
//! that is exactly such a name is refused too.

use calamine::{DataRef, XlsxFormulaMetadata};

use super::row_error::{RowError, Rule};

/// Why a cell cannot be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// A formula saved without a computed value; its text (`=A1+1`) when the file gives it.
    NoValue(Option<String>),
    /// A spreadsheet error, by its name (`#DIV/0!`).
    Error(String),
    /// Date serial 60 of the 1900 date system: 29 February 1900, which Excel counts (as Lotus
    /// 1-2-3 did) though 1900 was not a leap year. It is no day at all, not 28 February.
    FictitiousDate,
}

impl Unreadable {
    /// The problem of the cell in `column` of row `row`.
    pub fn error(&self, row: u64, column: &str) -> RowError {
        match self {
            Self::NoValue(formula) => {
                let which =
                    formula.as_deref().map_or_else(|| "a formula".to_owned(), |f| format!("the formula {f}"));
                let detail = format!(
                    "the cell holds {which} but no computed value (the file was saved by a program that does \
                     not calculate): open it in a spreadsheet and save it again, or paste the values"
                );
                RowError::cell(
                    row,
                    column,
                    formula.as_deref().unwrap_or(""),
                    Rule::FormulaWithoutValue,
                    detail,
                )
            }
            Self::Error(name) => {
                let detail = format!(
                    "the cell holds the spreadsheet error {name}, not a value: correct its formula or the cells it reads"
                );
                RowError::cell(row, column, name, Rule::FormulaError, detail)
            }
            Self::FictitiousDate => RowError::cell(
                row,
                column,
                "1900-02-29",
                Rule::Invalid,
                "the cell holds date serial 60, 29 February 1900, a day that never was (Excel counts 1900 \
                 as a leap year): type the real date"
                    .into(),
            ),
        }
    }
}

/// What Excel, Google Sheets and Calc show for a formula that failed, as they write it to CSV. calamine reads the first seven as XLSX error cells; a sheet with any other error cell
/// is refused whole (see [`super::table`]).
const ERROR_NAMES: [&str; 19] = [
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#DATA!",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
    "#EXTERNAL!",
    "#PYTHON!",
    "#ERROR!",
];

/// The spreadsheet error `text` names, trimmed: one of [`ERROR_NAMES`] (in any letter case,
/// as a formula-less cell may be typed) or Calc's `Err:502`.
pub fn error_name(text: &str) -> Option<&str> {
    let text = text.trim();
    let libreoffice = text
        .strip_prefix("Err:")
        .is_some_and(|code| code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()));
    (libreoffice || ERROR_NAMES.iter().any(|name| name.eq_ignore_ascii_case(text))).then_some(text)
}

/// The formula of a cell, as a spreadsheet shows it (`=A1+1`); unknown for a cell that shares
/// the formula of another (its text would have to be translated from that cell's).
pub fn formula_text(formula: &XlsxFormulaMetadata) -> Option<String> {
    match formula {
        XlsxFormulaMetadata::Normal { formula } | XlsxFormulaMetadata::Shared { formula, .. } => {
            Some(format!("={formula}"))
        }
        _ => None,
    }
}

/// A cell's value (its cached value when it holds a formula) as the text a person typed:
/// numbers without a trailing `.0`, dates as ISO 8601.
pub fn cell_text(value: &DataRef<'_>) -> Result<String, Unreadable> {
    Ok(match value {
        DataRef::Empty => String::new(),
        DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => text.clone(),
        DataRef::SharedString(text) => (*text).to_owned(),
        DataRef::Int(number) => number.to_string(),
        DataRef::Float(number) => number.to_string(),
        DataRef::Bool(flag) => flag.to_string(),
        DataRef::DateTime(date) => {
            // calamine reads serial 60 as 28 February; its components keep Excel's own day.
            if date.is_datetime() && matches!(date.to_ymd_hms_milli(), (1900, 2, 29, ..)) {
                return Err(Unreadable::FictitiousDate);
            }
            match date.as_datetime() {
                Some(at) if at.time() == chrono::NaiveTime::MIN => at.date().to_string(),
                Some(at) => at.to_string(),
                None => date.as_f64().to_string(),
            }
        }
        DataRef::Error(error) => return Err(Unreadable::Error(error.to_string())),
    })
}

#[cfg(test)]
mod tests {
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};

    use super::*;

    fn date(serial: f64, is_1904: bool) -> DataRef<'static> {
        DataRef::DateTime(ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, is_1904))
    }

    #[test]
    fn serial_60_is_refused_in_the_1900_date_system_only() {
        assert_eq!(cell_text(&date(59.0, false)), Ok("1900-02-28".into()));
        assert_eq!(cell_text(&date(60.0, false)), Err(Unreadable::FictitiousDate));
        assert_eq!(cell_text(&date(60.75, false)), Err(Unreadable::FictitiousDate));
        assert_eq!(cell_text(&date(61.0, false)), Ok("1900-03-01".into()));
        assert_eq!(cell_text(&date(60.0, true)), Ok("1904-03-01".into()), "the 1904 system has no such day");
        assert_eq!(cell_text(&date(43_758.0, false)), Ok("2019-10-20".into()));
    }

    #[test]
    fn an_error_cell_is_no_text() {
        assert_eq!(cell_text(&DataRef::Error(CellErrorType::Div0)), Err(Unreadable::Error("#DIV/0!".into())));
        assert_eq!(cell_text(&DataRef::Error(CellErrorType::NA)), Err(Unreadable::Error("#N/A".into())));
    }

    #[test]
    fn error_names_are_whole_cells() {
        for name in ["#N/A", " #div/0! ", "#SPILL!", "Err:502", "#GETTING_DATA"] {
            assert!(error_name(name).is_some(), "{name}");
        }
        for text in ["", "N/A", "#N/A in row 3", "Err:5020", "Err:abc", "#"] {
            assert_eq!(error_name(text), None, "{text}");
        }
    }
}
