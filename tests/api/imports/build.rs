//! The import files the tests build and send: the template's header, rows of the Riyadh
//! workshop, CSV and zip files, the upload itself, and the problems an answer lists.

use std::collections::BTreeSet;
use std::io::Write as _;

use reqwest::multipart::{Form, Part};
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use uuid::Uuid;

use tatrack_testkit::{assert_problem, programme_body, TestApp};

/// The template's columns in file order, each with its cell in the Riyadh workshop, delivered
/// and reported (the programme's cell is the code [`row`] is given).
const RIYADH: [(&str, &str); 23] = [
    ("id", ""),
    ("programme", ""),
    ("kind", "workshop"),
    ("title", "Mutual legal assistance workshop"),
    ("countries", "SAU"),
    ("location", "Riyadh"),
    ("description", ""),
    ("planned_start", "2019-10-20"),
    ("planned_end", "2019-10-24"),
    ("delivery_start", "2019-10-20"),
    ("delivery_end", "2019-10-24"),
    ("delivery_mode", "in_person"),
    ("participants_female", "9"),
    ("participants_male", "27"),
    ("participants_other", "0"),
    ("institution_prosecutors", "10"),
    ("funding_1_donor", "United States of America"),
    ("funding_1_amount", "48000.00"),
    ("funding_1_currency", "USD"),
    ("output_1_kind", "manual_published"),
    ("output_1_description", "Guide to mutual legal assistance"),
    ("status", "reported"),
    ("cancellation_reason", ""),
];

/// The columns of every file the tests build, in the order of [`RIYADH`].
pub(crate) const HEADER: [&str; 23] = {
    let mut header = [""; 23];
    let mut at = 0;
    while at < header.len() {
        header[at] = RIYADH[at].0;
        at += 1;
    }
    header
};

/// The Riyadh workshop, delivered and reported, in programme `code`, with `changes` applied
/// (an empty value clears a cell).
pub(crate) fn row(code: &str, changes: &[(&str, &str)]) -> Vec<String> {
    let mut cells: Vec<(&str, String)> = RIYADH.iter().map(|(c, v)| (*c, (*v).to_owned())).collect();
    for (column, value) in [("programme", code)].iter().chain(changes) {
        match cells.iter_mut().find(|(c, _)| c == column) {
            Some(cell) => (*value).clone_into(&mut cell.1),
            None => cells.push((column, (*value).to_owned())),
        }
    }
    HEADER
        .iter()
        .map(|column| cells.iter().find(|(c, _)| c == column).map(|(_, v)| v.clone()).unwrap_or_default())
        .collect()
}

/// A planned row: no delivery, participants or report.
pub(crate) fn planned(code: &str, changes: &[(&str, &str)]) -> Vec<String> {
    let mut all = vec![
        ("delivery_start", ""),
        ("delivery_end", ""),
        ("delivery_mode", ""),
        ("participants_female", ""),
        ("participants_male", ""),
        ("participants_other", ""),
        ("institution_prosecutors", ""),
        ("status", "planned"),
    ];
    all.extend_from_slice(changes);
    row(code, &all)
}

fn csv_line(cells: &[String]) -> String {
    cells.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect::<Vec<_>>().join(",")
}

pub(crate) fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    let header: Vec<String> = HEADER.iter().map(|c| (*c).to_owned()).collect();
    let mut text = csv_line(&header);
    for row in rows {
        text.push('\n');
        text.push_str(&csv_line(row));
    }
    text.push('\n');
    text.into_bytes()
}

pub(crate) async fn upload(
    app: &TestApp,
    token: Option<&str>,
    query: &str,
    name: &str,
    bytes: Vec<u8>,
) -> Response {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()));
    let mut request = Client::new().post(app.url(&format!("/api/v1/imports{query}"))).multipart(form);
    request = request.bearer_auth(token.unwrap_or(&app.token));
    request.send().await.expect("the import is answered")
}

pub(crate) async fn import_ok(app: &TestApp, query: &str, name: &str, bytes: Vec<u8>) -> Value {
    let response = upload(app, None, query, name, bytes).await;
    let status = response.status();
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(status, StatusCode::OK, "import answered {body}");
    body
}

/// (row, column, rule) of each error.
pub(crate) fn problems(body: &Value) -> BTreeSet<(u64, String, String)> {
    body["errors"]
        .as_array()
        .expect("an errors array")
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().expect("a row"),
                e["column"].as_str().unwrap_or("-").to_owned(),
                e["rule"].as_str().expect("a rule").to_owned(),
            )
        })
        .collect()
}

pub(crate) fn expected(list: &[(u64, &str, &str)]) -> BTreeSet<(u64, String, String)> {
    list.iter().map(|(r, c, k)| (*r, (*c).to_owned(), (*k).to_owned())).collect()
}

/// Asserts that `response` refuses the file's rows (422, `/problems/import-rows`) with exactly
/// the errors `list` (row, column, rule); returns the problem.
pub(crate) async fn assert_rows_refused(response: Response, list: &[(u64, &str, &str)]) -> Value {
    let body = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "/problems/import-rows").await;
    assert_eq!(problems(&body), expected(list), "the errors of {body}");
    body
}

pub(crate) async fn programme(app: &TestApp, code: &str) {
    app.command("/api/v1/programmes", &programme_body(Uuid::new_v4(), code)).await;
}

/// A zip archive of `entries` (name, bytes), deflated.
pub(crate) fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, bytes) in entries {
        writer.start_file(name.as_str(), options).expect("an entry");
        writer.write_all(bytes).expect("its bytes");
    }
    writer.finish().expect("the archive").into_inner()
}
