//! The preview of an attendance sheet (CSV or XLSX, read by the import's reader): each row's
//! values parsed, its problems by field, and the participants it likely is. Nothing is written.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use tatrack_domain::participant::{Score, WashingtonGroup};
use tatrack_domain::values::CountryCode;
use tatrack_domain::vocabulary::{AgeBand, Difficulty, Institution, Sex};
use tatrack_i18n::{msg, text, Language, Message};
use utoipa::ToSchema;

use super::views::Match;
use super::{MatchQuery, WRITERS};
use crate::auth::Principal;
use crate::error::{Error, Result};
use crate::import::table::{read, Format};
use crate::service::App;

/// The columns a sheet may have, by their English machine names (any letter case).
const COLUMNS: [&str; 10] = [
    "name",
    "sex",
    "age_band",
    "institution",
    "country",
    "function",
    "email",
    "phone",
    "pre_score",
    "post_score",
];

/// One problem of one cell.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CellProblem {
    pub field: String,
    pub detail: String,
}

/// One row of the sheet as it would be registered.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SheetRow {
    /// The row as a spreadsheet numbers it (the header is row 1).
    pub row: u64,
    /// The fields read, parsed (a field with a problem is left out).
    #[schema(value_type = Object)]
    pub values: BTreeMap<String, Value>,
    pub problems: Vec<CellProblem>,
    pub matches: Vec<Match>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SheetPreview {
    pub rows: Vec<SheetRow>,
}

/// A closed-list word, or its problem.
fn word<T: Copy>(all: &[T], as_str: fn(T) -> &'static str, cell: &str) -> Option<T> {
    all.iter().copied().find(|value| as_str(*value).eq_ignore_ascii_case(cell.trim()))
}

fn problem(language: Language, field: &str, message: &Message) -> CellProblem {
    CellProblem { field: field.to_owned(), detail: text(language, message) }
}

impl App {
    /// Reads an attendance sheet and answers what each row would be, writing nothing.
    pub async fn preview_sheet(
        &self,
        principal: &Principal,
        activity: uuid::Uuid,
        (bytes, xlsx): (&[u8], bool),
        language: Language,
    ) -> Result<SheetPreview> {
        principal.require(&WRITERS)?;
        self.visible_activity(principal, activity).await?;
        let format = if xlsx { Format::Xlsx } else { Format::Csv };
        let table =
            read(format, bytes).map_err(|e| Error::Validation { field: None, detail: e.message() })?;
        let header: Vec<String> = table.header.iter().map(|h| h.trim().to_lowercase()).collect();
        if let Some(unknown) = header.iter().find(|h| {
            !h.is_empty() && !COLUMNS.contains(&h.as_str()) && !WashingtonGroup::DOMAINS.contains(&h.as_str())
        }) {
            return Err(Error::validation(
                unknown.clone(),
                msg("problem-sheet-unknown-column").with("column", unknown.as_str()),
            ));
        }
        if !header.iter().any(|h| h == "name") {
            return Err(Error::validation(
                "name",
                msg("problem-sheet-column-missing").with("column", "name"),
            ));
        }
        let mut rows = Vec::with_capacity(table.rows.len());
        for raw in &table.rows {
            let cells: Cells<'_> =
                header.iter().zip(&raw.cells).map(|(h, c)| (h.as_str(), c.trim())).collect();
            let cell = |name: &str| cells.get(name).copied().unwrap_or("");
            let mut row = SheetRow {
                row: raw.number,
                values: BTreeMap::new(),
                problems: Vec::new(),
                matches: Vec::new(),
            };
            read_row(&cells, &mut row, language);
            for error in &raw.errors {
                row.problems.push(CellProblem {
                    field: error.column.clone().unwrap_or_default(),
                    detail: error.detail.clone(),
                });
            }
            let name = tatrack_domain::values::NonEmptyText::parse(cell("name"));
            let country = CountryCode::parse(cell("country").to_uppercase().as_str());
            // A row without a name or a country has nothing to match on.
            let (Ok(name), Ok(country)) = (name, country) else {
                rows.push(row);
                continue;
            };
            let query = MatchQuery {
                name,
                email: tatrack_domain::values::NonEmptyText::parse(cell("email")).ok(),
                country,
                institution: word(Institution::ALL, Institution::as_str, cell("institution")),
            };
            row.matches = self.participant_matches(principal, &query).await?;
            rows.push(row);
        }
        Ok(SheetPreview { rows })
    }
}

/// A row's cells by column name.
type Cells<'r> = BTreeMap<&'r str, &'r str>;

/// Parses each field of a row into `row.values`, or a problem.
fn read_row(cells: &Cells<'_>, row: &mut SheetRow, language: Language) {
    let cell = |name: &str| cells.get(name).copied().unwrap_or("");
    let mut put = |field: &str, value: Value| {
        row.values.insert(field.to_owned(), value);
    };
    let mut problems = Vec::new();
    for field in ["name", "function", "email", "phone"] {
        match cell(field) {
            "" if field == "name" => problems.push(problem(language, field, &msg("problem-empty-text"))),
            "" => {}
            value => put(field, Value::from(value)),
        }
    }
    let closed: [(&str, Option<&'static str>, bool); 3] = [
        ("sex", word(Sex::ALL, Sex::as_str, cell("sex")).map(Sex::as_str), true),
        ("age_band", word(AgeBand::ALL, AgeBand::as_str, cell("age_band")).map(AgeBand::as_str), false),
        (
            "institution",
            word(Institution::ALL, Institution::as_str, cell("institution")).map(Institution::as_str),
            false,
        ),
    ];
    for (field, value, required) in closed {
        match (value, cell(field)) {
            (Some(value), _) => put(field, Value::from(value)),
            (None, "") if !required => {}
            (None, given) => problems.push(problem(
                language,
                field,
                &msg("problem-sheet-unknown-word").with("field", field).with("value", given),
            )),
        }
    }
    match CountryCode::parse(cell("country").to_uppercase().as_str()) {
        Ok(country) => put("country", Value::from(country.as_str())),
        Err(error) => problems.push(problem(language, "country", &error.message())),
    }
    for field in ["pre_score", "post_score"] {
        match cell(field) {
            "" => {}
            given => {
                match given.parse::<i64>().map_err(|_| ()).and_then(|n| Score::try_from(n).map_err(|_| ())) {
                    Ok(score) => put(field, Value::from(score.get())),
                    Err(()) => problems.push(problem(
                        language,
                        field,
                        &msg("problem-score-out-of-range").with("score", given),
                    )),
                }
            }
        }
    }
    let mut answers = serde_json::Map::new();
    for domain in WashingtonGroup::DOMAINS {
        match (cell(domain), word(Difficulty::ALL, Difficulty::as_str, cell(domain))) {
            ("", _) => {}
            (_, Some(answer)) => {
                answers.insert(domain.to_owned(), Value::from(answer.as_str()));
            }
            (given, None) => problems.push(problem(
                language,
                domain,
                &msg("problem-sheet-unknown-word").with("field", domain).with("value", given),
            )),
        }
    }
    if answers.len() == WashingtonGroup::DOMAINS.len() {
        put("disability", Value::Object(answers));
    } else if !answers.is_empty() {
        problems.push(problem(language, "disability", &msg("problem-sheet-washington-group-incomplete")));
    }
    row.problems.extend(problems);
}
