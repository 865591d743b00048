//! The files themselves: bad ones (not UTF-8, not a workbook, a zip bomb, too large, empty, no
//! file at all) are 4xx problems; XLSX rows and both templates import.

use reqwest::multipart::Form;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, unique_code, Backend, TestApp};

use super::build::{csv, import_ok, programme, row, upload, zip_of, HEADER};

pub(super) async fn bad_files_are_4xx_problems(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    programme(&app, &code).await;
    let mut latin1 = csv(&[row(&code, &[])]);
    latin1.extend_from_slice(b"\"x\",\"Bogot\xe1\"\n");
    let bomb = zip_of(&[("xl/worksheets/sheet1.xml".into(), vec![b' '; 130 * 1024 * 1024])]);
    let crowded = zip_of(&(0..1_001).map(|i| (format!("f{i}"), Vec::new())).collect::<Vec<_>>());
    let not_a_workbook = zip_of(&[("readme.txt".into(), b"hello".to_vec())]);
    let cases: Vec<(&str, &str, Vec<u8>, StatusCode, &str)> = vec![
        ("not UTF-8", "latin1.csv", latin1, StatusCode::UNPROCESSABLE_ENTITY, "/problems/import-file"),
        (
            "named xlsx, not a zip",
            "fake.xlsx",
            b"id,programme\n".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/import-file",
        ),
        (
            "a zip, not a workbook",
            "other.xlsx",
            not_a_workbook,
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/import-file",
        ),
        ("a zip bomb", "bomb.xlsx", bomb, StatusCode::UNPROCESSABLE_ENTITY, "/problems/import-file"),
        (
            "too many entries",
            "crowded.xlsx",
            crowded,
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/import-file",
        ),
        (
            "over the limit",
            "huge.csv",
            vec![b'a'; 17 * 1024 * 1024],
            StatusCode::PAYLOAD_TOO_LARGE,
            "/problems/payload-too-large",
        ),
        ("empty", "empty.csv", Vec::new(), StatusCode::UNPROCESSABLE_ENTITY, "/problems/import-rows"),
    ];

    // Act and assert
    for (case, name, bytes, status, kind) in cases {
        let response = upload(&app, None, "", name, bytes).await;
        let actual = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        assert_eq!((actual, body["type"].as_str()), (status, Some(kind)), "{case}: {body}");
    }
    let without_file = Client::new()
        .post(app.url("/api/v1/imports"))
        .bearer_auth(&app.token)
        .multipart(Form::new().text("notes", "no file"))
        .send()
        .await
        .expect("answered");
    assert_problem(without_file, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
    let json_body = app.post("/api/v1/imports", &json!({"file": "x"})).await;
    assert_problem(json_body, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
    let bad_query = upload(&app, None, "?dry_run=perhaps", "x.csv", csv(&[])).await;
    assert_problem(bad_query, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
}

pub(super) async fn xlsx_rows_and_both_templates_import(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    programme(&app, &code).await;
    programme(&app, "UNTOC-SHERLOC").await;
    let id = Uuid::new_v4();
    let cells = row(&code, &[("id", &id.to_string())]);
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (column, (name, value)) in HEADER.iter().zip(&cells).enumerate() {
        let column = u16::try_from(column).expect("a column");
        sheet.write_string(0, column, *name).expect("a header cell");
        if name.starts_with("participants_") {
            let count: f64 = value.parse().expect("a count");
            sheet.write_number(1, column, count).expect("a number");
        } else if *name == "planned_start" {
            let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2019, 10, 20).expect("a date");
            sheet.write_datetime_with_format(1, column, &date, &date_format).expect("a date cell");
        } else {
            sheet.write_string(1, column, value).expect("a cell");
        }
    }
    let xlsx = workbook.save_to_buffer().expect("a workbook");
    let template_csv = app.get("/api/v1/imports/template.csv").await;
    let template_xlsx = app.get("/api/v1/imports/template.xlsx").await;

    // Act
    let imported = import_ok(&app, "", "past.xlsx", xlsx).await;

    // Assert
    assert_eq!(imported["counts"]["imported"], 1, "{imported}");
    let activity = app.activity(id).await;
    assert_eq!(activity["planned_start"], "2019-10-20");
    assert_eq!(activity["participants"]["female"], 9);
    assert_eq!(activity["funding"][0]["amount"], "48000.00");

    assert_eq!(template_csv.status(), StatusCode::OK);
    assert!(template_csv.headers()["content-type"].to_str().unwrap_or_default().starts_with("text/csv"));
    let text = template_csv.text().await.expect("the CSV template");
    assert!(
        text.starts_with("id,programme,kind,title,countries,location,description,planned_start"),
        "{text}"
    );
    assert!(text.contains("funding_2_currency") && text.contains("output_2_description"), "{text}");
    assert_eq!(text.lines().count(), 2, "the header and one example row");
    let checked = import_ok(&app, "?dry_run=true", "template.csv", text.into_bytes()).await;
    assert_eq!(checked["counts"]["would_import"], 1, "{checked}");

    assert_eq!(template_xlsx.status(), StatusCode::OK);
    let bytes = template_xlsx.bytes().await.expect("the XLSX template").to_vec();
    let checked = import_ok(&app, "?dry_run=true", "template.xlsx", bytes).await;
    assert_eq!(checked["counts"]["would_import"], 1, "{checked}");
}
