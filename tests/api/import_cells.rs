//! Bulk import, cell by cell: a spreadsheet's formulas (an error, no computed value, a cached
//! value) and Excel's fictitious 29 February 1900, in XLSX and in CSV.

use std::io::Read as _;

use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use super::imports::{
    assert_rows_refused, csv, expected, import_ok, planned, problems, programme, row, upload, zip_of, HEADER,
};
use tatrack_testkit::{assert_problem, unique_code, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    formulas_are_refused_unless_they_hold_a_computed_value,
    csv_cells_holding_a_spreadsheet_error_are_refused,
    the_fictitious_29_february_1900_is_refused,
    an_error_the_reader_does_not_know_refuses_the_file_saying_where,
);

/// The cell reference of `column` (a name of [`HEADER`]) in spreadsheet row `row`.
fn reference(column: &str, row: usize) -> String {
    let index = HEADER.iter().position(|c| *c == column).expect("a column of HEADER");
    let letter = char::from(b'A' + u8::try_from(index).expect("a column within A to Z"));
    format!("{letter}{row}")
}

/// A worksheet of `rows` (the header first), every cell an inline string but those in `raw`:
/// (spreadsheet row, column, the cell's XML after its reference: attributes, `>`, content).
fn worksheet(rows: &[Vec<String>], raw: &[(usize, &str, &str)]) -> String {
    let rows: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(index, cells)| {
            let number = index + 1;
            let cells: String = HEADER
                .iter()
                .zip(cells)
                .filter_map(|(column, text)| {
                    let at = reference(column, number);
                    match raw.iter().find(|(r, c, _)| *r == number && c == column) {
                        Some((_, _, cell)) => Some(format!(r#"<c r="{at}" {cell}</c>"#)),
                        None if text.is_empty() => None,
                        None => Some(format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)),
                    }
                })
                .collect();
            format!(r#"<row r="{number}">{cells}</row>"#)
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>"#,
        rows.concat()
    )
}

/// A workbook written by `rust_xlsxwriter` whose first sheet is replaced by `sheet_xml`.
fn workbook_with_sheet(sheet_xml: &str) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.add_worksheet();
    let bytes = workbook.save_to_buffer().expect("a workbook");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut entries = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("an entry");
        let name = entry.name().expect("a UTF-8 name").into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("its bytes");
        if name == "xl/worksheets/sheet1.xml" {
            content = sheet_xml.as_bytes().to_vec();
        }
        entries.push((name, content));
    }
    zip_of(&entries)
}

fn header() -> Vec<String> {
    HEADER.iter().map(|c| (*c).to_owned()).collect()
}

async fn formulas_are_refused_unless_they_hold_a_computed_value(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    programme(&app, &code).await;
    let cached = Uuid::new_v4();
    let rows = vec![
        header(),
        row(&code, &[]),
        row(&code, &[]),
        row(&code, &[]),
        row(&code, &[]),
        row(&code, &[]),
        row(&code, &[("id", &cached.to_string())]),
    ];
    let raw: Vec<(usize, &str, &str)> = vec![
        // No computed value, in an optional column and in a required one.
        (2, "description", "><f>A1&amp;B1</f>"),
        (3, "title", "><f>B1</f>"),
        // Errors computed by a formula, and one typed as such.
        (4, "location", r#"t="e"><f>1/0</f><v>#DIV/0!</v>"#),
        (5, "description", r#"t="e"><f>VLOOKUP(A5,Z:Z,2,FALSE)</f><v>#N/A</v>"#),
        (6, "funding_1_donor", r#"t="e"><v>#REF!</v>"#),
        // Formulas with a cached value: a number, a text, an empty text.
        (7, "participants_female", "><f>4+5</f><v>9</v>"),
        (
            7,
            "title",
            r#"t="str"><f>"Mutual legal "&amp;"assistance workshop"</f><v>Mutual legal assistance workshop</v>"#,
        ),
        (7, "description", r#"t="str"><f>""</f><v></v>"#),
    ];
    let xlsx = workbook_with_sheet(&worksheet(&rows, &raw));

    // Act
    let checked = upload(&app, None, "?dry_run=true", "formulas.xlsx", xlsx.clone()).await;
    let checked = assert_problem(checked, StatusCode::UNPROCESSABLE_ENTITY, "/problems/import-rows").await;
    let partial = import_ok(&app, "?partial=true", "formulas.xlsx", xlsx).await;

    // Assert
    let refused = expected(&[
        (2, "description", "formula_without_value"),
        (3, "title", "formula_without_value"),
        (4, "location", "formula_error"),
        (5, "description", "formula_error"),
        (6, "funding_1_donor", "formula_error"),
    ]);
    assert_eq!(problems(&checked), refused, "{checked}");
    let errors = checked["errors"].as_array().expect("errors");
    let value = |row: u64| errors.iter().find(|e| e["row"] == row).map(|e| e["value"].clone());
    assert_eq!(value(2), Some(json!("=A1&B1")), "the formula is quoted: {checked}");
    assert_eq!(value(4), Some(json!("#DIV/0!")), "the error is quoted: {checked}");
    assert_eq!(problems(&partial), refused, "{partial}");
    assert_eq!(
        (partial["counts"]["imported"].clone(), partial["counts"]["invalid"].clone()),
        (json!(1), json!(5))
    );
    let activity = app.activity(cached).await;
    assert_eq!(activity["title"], "Mutual legal assistance workshop", "{activity}");
    assert_eq!(activity["participants"]["female"], 9, "{activity}");
    assert!(activity["description"].is_null(), "an empty computed text is an empty cell: {activity}");
}

async fn csv_cells_holding_a_spreadsheet_error_are_refused(backend: Backend) {
    // Arrange: what a spreadsheet writes to CSV for a cell whose formula failed.
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    programme(&app, &code).await;
    let file = csv(&[
        row(&code, &[("description", "#N/A")]),
        row(&code, &[("location", " #DIV/0! ")]),
        row(&code, &[("funding_1_amount", "#VALUE!")]),
        row(&code, &[("description", "Cost #N/A in the budget line")]),
    ]);

    // Act
    let response = upload(&app, None, "?dry_run=true", "errors.csv", file).await;

    // Assert
    // A text that merely contains an error's name is text.
    assert_rows_refused(
        response,
        &[
            (2, "description", "formula_error"),
            (3, "location", "formula_error"),
            (4, "funding_1_amount", "formula_error"),
        ],
    )
    .await;
}

async fn the_fictitious_29_february_1900_is_refused(backend: Backend) {
    // Arrange: serial 60 is the 29 February 1900 of Excel's 1900 date system, a day that never was;
    // 59 and 61 are the days around it.
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    programme(&app, &code).await;
    let around = Uuid::new_v4();
    let rows = [planned(&code, &[]), row(&code, &[]), planned(&code, &[("id", &around.to_string())])];
    let serials: [(u32, &str, f64); 4] = [
        (1, "planned_start", 60.0),
        (2, "delivery_end", 60.0),
        (3, "planned_start", 59.0),
        (3, "planned_end", 61.0),
    ];
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (column, name) in HEADER.iter().enumerate() {
        let column = u16::try_from(column).expect("a column");
        sheet.write_string(0, column, *name).expect("a header cell");
        for (index, cells) in rows.iter().enumerate() {
            let at = u32::try_from(index + 1).expect("a row");
            match serials.iter().find(|(r, c, _)| *r == at && c == name) {
                Some((_, _, serial)) => sheet.write_number_with_format(at, column, *serial, &date),
                None => sheet.write_string(at, column, &cells[usize::from(column)]),
            }
            .expect("a cell");
        }
    }
    let xlsx = workbook.save_to_buffer().expect("a workbook");

    // Act
    let checked = upload(&app, None, "?dry_run=true", "1900.xlsx", xlsx.clone()).await;
    let checked = assert_problem(checked, StatusCode::UNPROCESSABLE_ENTITY, "/problems/import-rows").await;
    let partial = import_ok(&app, "?partial=true", "1900.xlsx", xlsx).await;

    // Assert
    let refused = expected(&[(2, "planned_start", "invalid"), (3, "delivery_end", "invalid")]);
    assert_eq!(problems(&checked), refused, "{checked}");
    let quoted = checked["errors"].as_array().expect("errors").iter().find(|e| e["row"] == 2).cloned();
    assert_eq!(quoted.map(|e| e["value"].clone()), Some(json!("1900-02-29")), "{checked}");
    assert_eq!(partial["counts"]["imported"], 1, "{partial}");
    let activity = app.activity(around).await;
    assert_eq!(
        (activity["planned_start"].clone(), activity["planned_end"].clone()),
        (json!("1900-02-28"), json!("1900-03-01"))
    );
}

async fn an_error_the_reader_does_not_know_refuses_the_file_saying_where(backend: Backend) {
    // Arrange: calamine reads seven error names; a newer one (`#SPILL!`) stops it.
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    programme(&app, &code).await;
    let raw = [(2, "location", r#"t="e"><f>SEQUENCE(3)</f><v>#SPILL!</v>"#)];
    let xlsx = workbook_with_sheet(&worksheet(&[header(), row(&code, &[])], &raw));

    // Act
    let response = upload(&app, None, "?dry_run=true", "spill.xlsx", xlsx).await;

    // Assert
    let body = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "/problems/import-file").await;
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("#SPILL!") && detail.contains("after row 2, column 5"), "{detail}");
}
