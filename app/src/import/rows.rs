//! A row of the file as the commands the API would receive for it, in the order of an
//! activity's life: plan, delivery, participants, funding lines, outputs, then report or
//! cancellation.
//!
//! Each command's body is built from the cells as the JSON the API takes and read by the very
//! same request types, so a cell is checked by the same value objects as a request field; the
//! field a type refuses is traced back to its column.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};
use tatrack_domain::activity::{ActivityStatus, Dated};
use tatrack_domain::vocabulary::Institution;
use tatrack_domain::ActivityCommand;
use uuid::Uuid;

use super::columns::{numbered, Columns};
use super::row_error::{RowError, Rule};
use super::table::RawRow;
use crate::commands::request_digest;
use crate::commands::today;

/// Namespace of the ids derived for rows without one (UUID v5 of `<file sha256>:<row>`).
pub const ROW_ID_NAMESPACE: Uuid = Uuid::from_u128(0x7a1c_5e0d_93b2_4f6a_8c1e_2d4b_6f80_a913);

/// One step of a row: a command of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Plan,
    Delivery,
    Participants,
    Funding(u32),
    Output(u32),
    Report,
    Cancellation,
}

impl Step {
    /// The step's name in idempotency keys: `plan`, `funding-2`...
    pub fn name(self) -> String {
        match self {
            Self::Plan => "plan".into(),
            Self::Delivery => "delivery".into(),
            Self::Participants => "participants".into(),
            Self::Funding(line) => format!("funding-{line}"),
            Self::Output(line) => format!("output-{line}"),
            Self::Report => "report".into(),
            Self::Cancellation => "cancellation".into(),
        }
    }

    /// The API route the command is sent to, for the request digest.
    fn path(self, id: Uuid) -> String {
        let segment = match self {
            Self::Plan => return "/api/v1/activities".into(),
            Self::Delivery => "delivery",
            Self::Participants => "participants",
            Self::Funding(_) => "funding",
            Self::Output(_) => "outputs",
            Self::Report => "report",
            Self::Cancellation => "cancellation",
        };
        format!("/api/v1/activities/{id}/{segment}")
    }

    /// The column that holds `field` of this step's body (a request field path such as
    /// `amount`, `countries[1]` or `by_institution.police`); the step's main column when the
    /// command as a whole is at fault.
    pub fn column(self, field: Option<&str>) -> String {
        let field = field.map(|f| f.split('[').next().unwrap_or(f));
        match (self, field) {
            (Self::Plan, Some("programme_id")) => "programme".into(),
            (Self::Plan, Some(field)) => field.into(),
            (Self::Plan, None) => "id".into(),
            (Self::Delivery, Some(field @ ("start" | "end" | "mode"))) => format!("delivery_{field}"),
            (Self::Delivery, _) => "delivery_start".into(),
            (Self::Participants, Some("other_or_undisclosed")) => "participants_other".into(),
            (Self::Participants, Some(field)) => match field.strip_prefix("by_institution.") {
                Some(institution) => format!("institution_{institution}"),
                None if field == "by_institution" => "participants_female".into(),
                None => format!("participants_{field}"),
            },
            (Self::Participants, None) => "participants_female".into(),
            (Self::Funding(line), field) => numbered("funding", line, field.unwrap_or("donor")),
            (Self::Output(line), field) => numbered("output", line, field.unwrap_or("kind")),
            (Self::Cancellation, Some("reason")) => "cancellation_reason".into(),
            (Self::Report | Self::Cancellation, _) => "status".into(),
        }
    }
}

/// A command of a row, ready to send.
#[derive(Debug, Clone)]
pub struct Command {
    pub step: Step,
    pub command: ActivityCommand,
    /// The API route it stands for and the digest of that request (route and body).
    pub path: String,
    pub digest: String,
}

/// A row read: its activity, its commands, and what is wrong with its cells.
#[derive(Debug, Clone)]
pub struct ParsedRow {
    pub number: u64,
    pub id: Uuid,
    pub id_generated: bool,
    pub programme: String,
    pub status: Option<ActivityStatus>,
    pub commands: Vec<Command>,
    pub errors: Vec<RowError>,
    /// The row's cells by column, to quote a value in an error.
    pub cells: HashMap<String, String>,
}

impl ParsedRow {
    /// A problem of `column`, quoting its cell.
    pub fn error(&self, column: &str, rule: Rule, detail: String) -> RowError {
        let value = self.cells.get(column).map_or("", String::as_str);
        RowError::cell(self.number, column, value, rule, detail)
    }
}

/// The ids of registered programmes by code.
pub type Programmes = HashMap<String, Uuid>;

/// A problem found in a cell before any command is built: (column, rule, detail).
type CellError = (&'static str, Rule, String);

/// Reads `row` of the file whose SHA-256 is `sha256`; `programmes` maps the codes registered
/// to their ids.
pub fn parse(columns: &Columns, row: &RawRow, sha256: &str, programmes: &Programmes) -> ParsedRow {
    let cells = Cells { columns, row };
    let mut cell_errors = Vec::new();
    let (id, id_generated) = match cells.get("id") {
        "" => (Uuid::new_v5(&ROW_ID_NAMESPACE, format!("{sha256}:{}", row.number).as_bytes()), true),
        text => match Uuid::parse_str(text) {
            Ok(id) => (id, false),
            Err(e) => {
                cell_errors.push(("id", Rule::Invalid, format!("'{text}' is not a UUID: {e}")));
                (Uuid::nil(), false)
            }
        },
    };
    let programme_id = programme_id(&cells, programmes, &mut cell_errors);
    let status = status(&cells, &mut cell_errors);
    let mut parsed = ParsedRow {
        number: row.number,
        id,
        id_generated,
        programme: cells.get("programme").to_owned(),
        status,
        commands: Vec::new(),
        errors: Vec::new(),
        cells: columns_of(columns, row),
    };
    for (step, body) in bodies(&cells, id, programme_id, status) {
        match command(step, &body) {
            Ok(command) => {
                let path = step.path(id);
                let digest = request_digest("POST", &path, &body);
                parsed.commands.push(Command { step, command, path, digest });
            }
            Err(errors) => {
                for (field, rule, detail) in errors {
                    let column = step.column(field.as_deref());
                    parsed.errors.push(parsed.error(&column, rule, detail));
                }
            }
        }
    }
    for (column, rule, detail) in cell_errors {
        parsed.errors.push(parsed.error(column, rule, detail));
    }
    // A cell the table could not read is blank here: what its blank made of it (`required`...)
    // gives way to why it is blank.
    parsed
        .errors
        .retain(|e| !row.errors.iter().any(|unread| unread.column.is_some() && unread.column == e.column));
    parsed.errors.extend(row.errors.iter().cloned());
    parsed.errors.sort_by(|a, b| a.column.cmp(&b.column));
    parsed
}

/// The id of the programme the row names (nil, with an error, when it names none).
fn programme_id(cells: &Cells<'_>, programmes: &Programmes, errors: &mut Vec<CellError>) -> Uuid {
    match (cells.get("programme"), programmes.get(cells.get("programme"))) {
        ("", _) => {
            errors.push(("programme", Rule::Required, "the programme's code is required".into()));
            Uuid::nil()
        }
        (_, Some(id)) => *id,
        (code, None) => {
            let detail = format!("no programme is registered under code '{code}'");
            errors.push(("programme", Rule::UnknownProgramme, detail));
            Uuid::nil()
        }
    }
}

/// The status the row asks for; a cancellation reason belongs to a cancelled row only.
fn status(cells: &Cells<'_>, errors: &mut Vec<CellError>) -> Option<ActivityStatus> {
    let status = match cells.get("status") {
        "" => {
            errors.push(("status", Rule::Required, "the status to reach is required".into()));
            None
        }
        // A voided record is a mistake undone in tatrack, never something a file asks for.
        text => serde_json::from_value(Value::String(text.to_owned()))
            .ok()
            .filter(|status| *status != ActivityStatus::Voided)
            .ok_or_else(|| {
                let detail =
                    format!("'{text}' is not a status: use planned, delivered, reported or cancelled");
                errors.push(("status", Rule::Invalid, detail));
            })
            .ok(),
    };
    if status != Some(ActivityStatus::Cancelled) && !cells.get("cancellation_reason").is_empty() {
        errors.push(("cancellation_reason", Rule::NotAllowed, "only a cancelled row gives a reason".into()));
    }
    status
}

/// The body of each command the row makes, in the order of an activity's life.
fn bodies(
    cells: &Cells<'_>,
    id: Uuid,
    programme_id: Uuid,
    status: Option<ActivityStatus>,
) -> Vec<(Step, Value)> {
    let cell = |name: &str| cells.get(name);
    let mut bodies = vec![(Step::Plan, plan_body(cells, id, programme_id))];
    if ["delivery_start", "delivery_end", "delivery_mode"].iter().any(|c| !cell(c).is_empty()) {
        bodies.push((Step::Delivery, delivery_body(cells)));
    }
    if let Some(body) = participants_body(cells) {
        bodies.push((Step::Participants, body));
    }
    for line in &cells.columns.funding {
        let field = |f: &str| cell(&numbered("funding", *line, f)).to_owned();
        if ["donor", "amount", "currency"].iter().any(|f| !field(f).is_empty()) {
            let fields =
                [("donor", field("donor")), ("amount", field("amount")), ("currency", field("currency"))];
            bodies.push((Step::Funding(*line), text_fields(&fields)));
        }
    }
    for line in &cells.columns.outputs {
        let field = |f: &str| cell(&numbered("output", *line, f)).to_owned();
        if !field("kind").is_empty() || !field("description").is_empty() {
            let body = text_fields(&[("kind", field("kind")), ("description", field("description"))]);
            bodies.push((Step::Output(*line), body));
        }
    }
    match status {
        Some(ActivityStatus::Reported) => bodies.push((Step::Report, json!({}))),
        Some(ActivityStatus::Cancelled) => bodies
            .push((Step::Cancellation, text_fields(&[("reason", cell("cancellation_reason").to_owned())]))),
        _ => {}
    }
    bodies
}

/// A row's cells by column name.
struct Cells<'r> {
    columns: &'r Columns,
    row: &'r RawRow,
}

impl<'r> Cells<'r> {
    fn get(&self, column: &str) -> &'r str {
        self.columns.cell(&self.row.cells, column)
    }
}

fn columns_of(columns: &Columns, row: &RawRow) -> HashMap<String, String> {
    columns.names().map(|name| (name.to_owned(), columns.cell(&row.cells, name).to_owned())).collect()
}

fn plan_body(cells: &Cells<'_>, id: Uuid, programme_id: Uuid) -> Value {
    let cell = |name: &str| cells.get(name);
    let countries: Vec<Value> = cell("countries")
        .split([';', ',', ' '])
        .filter(|c| !c.is_empty())
        .map(|c| Value::String(c.to_owned()))
        .collect();
    let mut body = text_fields(&[
        ("kind", cell("kind").to_owned()),
        ("title", cell("title").to_owned()),
        ("location", cell("location").to_owned()),
        ("planned_start", cell("planned_start").to_owned()),
        ("planned_end", cell("planned_end").to_owned()),
        ("description", cell("description").to_owned()),
    ]);
    if let Value::Object(fields) = &mut body {
        fields.insert("id".into(), json!(id));
        fields.insert("programme_id".into(), json!(programme_id));
        if !countries.is_empty() {
            fields.insert("countries".into(), Value::Array(countries));
        }
    }
    body
}

fn delivery_body(cells: &Cells<'_>) -> Value {
    let cell = |name: &str| cells.get(name);
    text_fields(&[
        ("start", cell("delivery_start").to_owned()),
        ("end", cell("delivery_end").to_owned()),
        ("mode", cell("delivery_mode").to_owned()),
    ])
}

/// The tally, when any participants cell holds something.
fn participants_body(cells: &Cells<'_>) -> Option<Value> {
    let cell = |name: &str| cells.get(name);
    let mut body = Map::new();
    for (field, column) in [
        ("female", "participants_female"),
        ("male", "participants_male"),
        ("other_or_undisclosed", "participants_other"),
    ] {
        if !cell(column).is_empty() {
            body.insert(field.into(), count(cell(column)));
        }
    }
    let mut by_institution = Map::new();
    for institution in Institution::ALL {
        let text = cell(&format!("institution_{}", institution.as_str()));
        if !text.is_empty() {
            by_institution.insert(institution.as_str().into(), count(text));
        }
    }
    if !by_institution.is_empty() {
        body.insert("by_institution".into(), Value::Object(by_institution));
    }
    (!body.is_empty()).then_some(Value::Object(body))
}

/// A head-count cell as the JSON number the API takes, or as text the count type refuses.
fn count(text: &str) -> Value {
    text.parse::<i64>().map_or_else(|_| Value::String(text.to_owned()), Value::from)
}

/// An object of the non-empty fields: an empty cell is an absent field.
fn text_fields(fields: &[(&str, String)]) -> Value {
    Value::Object(
        fields
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| ((*name).to_owned(), Value::String(value.clone())))
            .collect(),
    )
}

/// A cell problem found while reading a command: the request field, the rule, the words.
type FieldError = (Option<String>, Rule, String);

/// The step's command read from `body` as the API reads a request body, with every field
/// that the request types refuse (not only the first).
fn command(step: Step, body: &Value) -> Result<ActivityCommand, Vec<FieldError>> {
    let example = example(step);
    Ok(match step {
        Step::Plan => ActivityCommand::Plan(read_each(body, &example)?),
        Step::Delivery => ActivityCommand::RecordDelivery(Dated::new(read_each(body, &example)?, today())),
        Step::Participants => ActivityCommand::RecordParticipants(read_each(body, &example)?),
        Step::Funding(_) => ActivityCommand::AttributeFunding(read_each(body, &example)?),
        Step::Output(_) => ActivityCommand::RecordOutput(read_each(body, &example)?),
        Step::Report => ActivityCommand::Report(read_each(body, &example)?),
        Step::Cancellation => ActivityCommand::Cancel(read_each(body, &example)?),
    })
}

/// A body the step's request type takes, into which one field of a row at a time is put to
/// find each field it refuses.
fn example(step: Step) -> Value {
    match step {
        Step::Plan => json!({
            "id": Uuid::nil(), "programme_id": Uuid::nil(), "kind": "workshop", "title": "t",
            "countries": ["SAU"], "location": "l", "planned_start": "2019-01-01",
            "planned_end": "2019-01-01", "description": "d"
        }),
        Step::Delivery => json!({"start": "2019-01-01", "end": "2019-01-01", "mode": "online"}),
        Step::Participants => {
            json!({"female": 0, "male": 0, "other_or_undisclosed": 0, "by_institution": {}})
        }
        Step::Funding(_) => json!({"donor": "d", "amount": "1", "currency": "EUR"}),
        Step::Output(_) => json!({"kind": "other", "description": "d"}),
        Step::Report => json!({}),
        Step::Cancellation => json!({"reason": "r"}),
    }
}

/// `body` as `T`; when it is refused, each field of `body` (or its absence) tried alone in
/// `example`, so every refused field is reported.
fn read_each<T: DeserializeOwned>(body: &Value, example: &Value) -> Result<T, Vec<FieldError>> {
    let first = match read::<T>(body) {
        Ok(value) => return Ok(value),
        Err(first) => first,
    };
    let (Value::Object(given), Value::Object(valid)) = (body, example) else {
        return Err(vec![first]);
    };
    let mut errors = Vec::new();
    for key in valid.keys().chain(given.keys().filter(|k| !valid.contains_key(*k))) {
        let mut probe = valid.clone();
        match given.get(key) {
            Some(value) => probe.insert(key.clone(), value.clone()),
            None => probe.remove(key),
        };
        if let Err(error) = read::<T>(&Value::Object(probe)) {
            errors.push(error);
        }
    }
    if errors.is_empty() {
        // Refused only as a whole.
        errors.push(first);
    }
    Err(errors)
}

fn read<T: DeserializeOwned>(body: &Value) -> Result<T, FieldError> {
    serde_path_to_error::deserialize(body).map_err(|error| {
        let at = error.path().to_string().trim_end_matches(".?").to_owned();
        let detail = error.inner().to_string();
        if let Some(missing) = detail.strip_prefix("missing field `").and_then(|rest| rest.split('`').next())
        {
            return (Some(missing.to_owned()), Rule::Required, format!("a value is required ({detail})"));
        }
        let detail = date_in_words(body, &at, detail);
        ((at != ".").then_some(at), Rule::Invalid, detail)
    })
}

/// What chrono says of a date it refuses ("input is out of range" for `2019-31-10`), in words
/// that name the date and the format; any other field's `detail` as it is.
fn date_in_words(body: &Value, at: &str, detail: String) -> String {
    let date_field = ["planned_start", "planned_end", "start", "end"].contains(&at);
    let Some(text) = body.get(at).and_then(Value::as_str).filter(|_| date_field) else { return detail };
    let none = detail == "input is out of range" || detail.starts_with("no possible date");
    format!("{}: {text} (write YYYY-MM-DD)", if none { "no such date" } else { "not a date" })
}
