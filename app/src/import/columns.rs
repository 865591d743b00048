//! The import's columns: which exist, which are required, and the template that shows them.
//!
//! One row is one activity. Funding lines and outputs are numbered column groups
//! (`funding_1_donor`, `funding_1_amount`, `funding_1_currency`, `funding_2_...`;
//! `output_1_kind`, `output_1_description`...), from 1 to [`MAX_LINES`], in any number; the
//! participants by institution are one column per institution (`institution_police`...).

use std::collections::{BTreeSet, HashMap};

use tatrack_domain::token::TokenScope;
use tatrack_domain::values::{CountryCode, ProgrammeCode};
use tatrack_domain::vocabulary::Institution;

use super::row_error::{RowError, Rule};

/// Numbered groups run from 1 to this.
pub const MAX_LINES: u32 = 50;

/// Every file needs these.
pub const REQUIRED: [&str; 8] =
    ["programme", "kind", "title", "countries", "location", "planned_start", "planned_end", "status"];

/// The columns that are neither numbered nor per institution, in template order.
pub const FIXED: [&str; 17] = [
    "id",
    "programme",
    "kind",
    "title",
    "countries",
    "location",
    "description",
    "planned_start",
    "planned_end",
    "delivery_start",
    "delivery_end",
    "delivery_mode",
    "participants_female",
    "participants_male",
    "participants_other",
    "status",
    "cancellation_reason",
];

pub const FUNDING_FIELDS: [&str; 3] = ["donor", "amount", "currency"];
pub const OUTPUT_FIELDS: [&str; 2] = ["kind", "description"];

/// Where each column of a file's header is, and which numbered groups it has.
#[derive(Debug, Default)]
pub struct Columns {
    index: HashMap<String, usize>,
    pub funding: BTreeSet<u32>,
    pub outputs: BTreeSet<u32>,
}

impl Columns {
    /// The header checked: every required column present, none unknown or repeated.
    pub fn of(header: &[String]) -> Result<Self, Vec<RowError>> {
        let mut columns = Self::default();
        let mut errors = Vec::new();
        for (position, name) in header.iter().enumerate() {
            let cell = |rule, detail| RowError::cell(1, name, name, rule, detail);
            match kind_of(name) {
                None => errors.push(cell(
                    Rule::UnknownColumn,
                    format!("column {} is named '{name}', which is not an import column", position + 1),
                )),
                Some(_) if columns.index.contains_key(name) => {
                    errors.push(cell(Rule::DuplicateColumn, format!("column '{name}' appears twice")));
                }
                Some(kind) => {
                    match kind {
                        Kind::Funding(line) => columns.funding.insert(line),
                        Kind::Output(line) => columns.outputs.insert(line),
                        Kind::Plain => false,
                    };
                    columns.index.insert(name.clone(), position);
                }
            }
        }
        for required in REQUIRED {
            if !columns.index.contains_key(required) {
                errors.push(RowError {
                    row: 1,
                    column: Some(required.to_owned()),
                    value: None,
                    rule: Rule::MissingColumn,
                    detail: format!("the header has no '{required}' column, which every file needs"),
                });
            }
        }
        if errors.is_empty() {
            Ok(columns)
        } else {
            Err(errors)
        }
    }

    /// The names of the file's columns.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.index.keys().map(String::as_str)
    }

    /// The cell of `column` in `cells`, trimmed; empty when the file has no such column.
    pub fn cell<'c>(&self, cells: &'c [String], column: &str) -> &'c str {
        self.index.get(column).and_then(|i| cells.get(*i)).map_or("", |cell| cell.trim())
    }
}

enum Kind {
    Plain,
    Funding(u32),
    Output(u32),
}

fn kind_of(name: &str) -> Option<Kind> {
    if FIXED.contains(&name) || institution(name).is_some() {
        return Some(Kind::Plain);
    }
    let numbered = |prefix: &str, fields: &[&str]| {
        let (text, field) = name.strip_prefix(prefix)?.split_once('_')?;
        let line: u32 = text.parse().ok()?;
        // `funding_01_donor` would name line 1 a second way.
        ((1..=MAX_LINES).contains(&line) && line.to_string() == text && fields.contains(&field))
            .then_some(line)
    };
    numbered("funding_", &FUNDING_FIELDS)
        .map(Kind::Funding)
        .or_else(|| numbered("output_", &OUTPUT_FIELDS).map(Kind::Output))
}

/// The institution an `institution_<institution>` column counts.
pub fn institution(column: &str) -> Option<Institution> {
    let word = column.strip_prefix("institution_")?;
    Institution::ALL.iter().copied().find(|i| i.as_str() == word)
}

/// `funding_<line>_<field>` / `output_<line>_<field>`.
pub fn numbered(prefix: &str, line: u32, field: &str) -> String {
    format!("{prefix}_{line}_{field}")
}

/// The template's columns, in order: the fixed ones, one per institution after the sexes,
/// then two funding lines and two outputs.
pub fn template_header() -> Vec<String> {
    let mut header: Vec<String> = Vec::new();
    for name in FIXED {
        header.push(name.to_owned());
        if name == "participants_other" {
            header.extend(Institution::ALL.iter().map(|i| format!("institution_{}", i.as_str())));
        }
    }
    for line in 1..=2 {
        header.extend(FUNDING_FIELDS.iter().map(|field| numbered("funding", line, field)));
    }
    for line in 1..=2 {
        header.extend(OUTPUT_FIELDS.iter().map(|field| numbered("output", line, field)));
    }
    header
}

/// The template's example row: a past workshop, delivered and reported, with one funding line
/// and one output, in the caller's own scope so that the template imports as downloaded: its
/// first two countries and first programme; for a scope without them, the demo data set's
/// SHERLOC programme in Bolivia and Peru.
pub fn template_example(scope: &TokenScope) -> Vec<String> {
    let countries = if scope.countries.is_empty() {
        "BOL;PER".to_owned()
    } else {
        scope.countries.iter().take(2).map(CountryCode::as_str).collect::<Vec<_>>().join(";")
    };
    let location = if scope.countries.is_empty() { "Lima" } else { "Capital city" };
    let programme = scope.programmes.first().map_or("UNTOC-SHERLOC", ProgrammeCode::as_str);
    let example: HashMap<&str, &str> = HashMap::from([
        ("programme", programme),
        ("kind", "workshop"),
        ("title", "Workshop on electronic evidence"),
        ("countries", countries.as_str()),
        ("location", location),
        ("description", "Obtaining electronic evidence across borders"),
        ("planned_start", "2019-03-11"),
        ("planned_end", "2019-03-13"),
        ("delivery_start", "2019-03-11"),
        ("delivery_end", "2019-03-13"),
        ("delivery_mode", "in_person"),
        ("participants_female", "12"),
        ("participants_male", "18"),
        ("participants_other", "0"),
        ("institution_prosecutors", "14"),
        ("institution_police", "9"),
        ("status", "reported"),
        ("funding_1_donor", "European Union"),
        ("funding_1_amount", "24000.00"),
        ("funding_1_currency", "EUR"),
        ("output_1_kind", "manual_published"),
        ("output_1_description", "Practical guide on requesting electronic evidence"),
    ]);
    template_header().iter().map(|c| example.get(c.as_str()).copied().unwrap_or("").to_owned()).collect()
}

/// The template as CSV: the header and the example row.
pub fn template_csv(scope: &TokenScope) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(template_header())?;
    writer.write_record(template_example(scope))?;
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// The template as an XLSX workbook of one sheet, `activities`, every cell as text.
pub fn template_xlsx(scope: &TokenScope) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("activities")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (column, (name, example)) in template_header().iter().zip(template_example(scope)).enumerate() {
        let column =
            u16::try_from(column).map_err(|_| rust_xlsxwriter::XlsxError::ParameterError("width".into()))?;
        sheet.write_string_with_format(0, column, name, &bold)?;
        sheet.write_string(1, column, &example)?;
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn the_template_header_is_a_valid_header_without_repeats() {
        let template = template_header();
        let columns = Columns::of(&template).expect("the template's own header is accepted");
        assert_eq!(columns.funding, BTreeSet::from([1, 2]));
        assert_eq!(columns.outputs, BTreeSet::from([1, 2]));
        assert_eq!(template.len(), template_example(&TokenScope::default()).len());
    }

    #[test]
    fn numbered_columns_run_from_1_to_the_maximum_written_plainly() {
        let mut names = REQUIRED.to_vec();
        names.extend(["funding_01_donor", "funding_51_donor", "output_3_colour", "institution_pilots"]);
        let errors = Columns::of(&header(&names)).expect_err("four unknown columns");
        let unknown: Vec<_> = errors.iter().filter_map(|e| e.column.as_deref()).collect();
        assert_eq!(
            unknown,
            ["funding_01_donor", "funding_51_donor", "output_3_colour", "institution_pilots"]
        );
        assert!(errors.iter().all(|e| e.rule == Rule::UnknownColumn && e.row == 1));

        let mut names = REQUIRED.to_vec();
        names.extend(["funding_50_currency", "output_7_kind", "institution_police", "status"]);
        let errors = Columns::of(&header(&names)).expect_err("status twice");
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].column.as_deref(), errors[0].rule), (Some("status"), Rule::DuplicateColumn));
    }
}
