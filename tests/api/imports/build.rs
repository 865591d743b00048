//! The import files the tests build and send: the template's header, rows of the Riyadh
//! workshop, CSV and zip files, the upload itself, and the problems an answer lists.

use std::collections::BTreeSet;
use std::io::Write as _;

use reqwest::multipart::{Form, Part};
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use uuid::Uuid;

use tatrack_testkit::{programme_body, TestApp};

pub(crate) const HEADER: [&str; 23] = [
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
    "institution_prosecutors",
    "funding_1_donor",
    "funding_1_amount",
    "funding_1_currency",
    "output_1_kind",
    "output_1_description",
    "status",
    "cancellation_reason",
];

/// The Riyadh workshop, delivered and reported, in programme `code`, with `changes` applied
/// (an empty value clears a cell).
pub(crate) fn row(code: &str, changes: &[(&str, &str)]) -> Vec<String> {
    let mut cells: Vec<(&str, String)> = vec![
        ("programme", code.to_owned()),
        ("kind", "workshop".into()),
        ("title", "Mutual legal assistance workshop".into()),
        ("countries", "SAU".into()),
        ("location", "Riyadh".into()),
        ("planned_start", "2019-10-20".into()),
        ("planned_end", "2019-10-24".into()),
        ("delivery_start", "2019-10-20".into()),
        ("delivery_end", "2019-10-24".into()),
        ("delivery_mode", "in_person".into()),
        ("participants_female", "9".into()),
        ("participants_male", "27".into()),
        ("participants_other", "0".into()),
        ("institution_prosecutors", "10".into()),
        ("funding_1_donor", "United States of America".into()),
        ("funding_1_amount", "48000.00".into()),
        ("funding_1_currency", "USD".into()),
        ("output_1_kind", "manual_published".into()),
        ("output_1_description", "Guide to mutual legal assistance".into()),
        ("status", "reported".into()),
    ];
    for (column, value) in changes {
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
