//! Issue 25, item 9: a date that does not exist is named in words, and the template's example
//! row lies in the downloading adviser's own scope, so that it imports as downloaded.

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{unique_code, Backend, TestApp};

use super::build::{assert_rows_refused, csv, planned, programme, row, upload};

pub(super) async fn a_date_that_does_not_exist_is_named_in_words(backend: Backend) {
    // Arrange: a month 31, a 30 February, a day written the other way round.
    let (app, code) = (TestApp::spawn(backend).await, unique_code());
    let file = csv(&[
        planned(&code, &[("planned_start", "2019-31-10")]),
        row(&code, &[("delivery_end", "2019-02-30")]),
        planned(&code, &[("planned_end", "31/10/2019")]),
    ]);
    programme(&app, &code).await;

    // Act
    let response = upload(&app, None, "?dry_run=true", "dates.csv", file).await;

    // Assert
    let body = assert_rows_refused(
        response,
        &[(2, "planned_start", "invalid"), (3, "delivery_end", "invalid"), (4, "planned_end", "invalid")],
    )
    .await;
    let details: Vec<(&Value, &Value)> =
        body["errors"].as_array().expect("errors").iter().map(|e| (&e["value"], &e["detail"])).collect();
    assert_eq!(
        details,
        [
            (&json!("2019-31-10"), &json!("no such date: 2019-31-10 (write YYYY-MM-DD)")),
            (&json!("2019-02-30"), &json!("no such date: 2019-02-30 (write YYYY-MM-DD)")),
            (&json!("31/10/2019"), &json!("not a date: 31/10/2019 (write YYYY-MM-DD)")),
        ]
    );
}

/// The template file (`csv` or `xlsx`) as `token` downloads it.
async fn template(app: &TestApp, token: &str, format: &str) -> Vec<u8> {
    let path = format!("/api/v1/imports/template.{format}");
    let response = app.request_as(Some(token), reqwest::Method::GET, &path, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.bytes().await.expect("the template").to_vec()
}

/// The CSV template's example row, cell by column.
fn example_row(file: &[u8]) -> Vec<(String, String)> {
    let mut reader = csv::Reader::from_reader(file);
    let header = reader.headers().expect("a header").clone();
    let example = reader.records().next().expect("an example row").expect("a record");
    header.iter().zip(example.iter()).map(|(h, v)| (h.to_owned(), v.to_owned())).collect()
}

fn cell<'r>(row: &'r [(String, String)], column: &str) -> &'r str {
    row.iter().find(|(c, _)| c == column).map_or("", |(_, v)| v.as_str())
}

pub(super) async fn the_template_lies_in_the_advisers_scope_and_imports_as_downloaded(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    programme(&app, &code).await;
    programme(&app, "UNTOC-SHERLOC").await;
    let scoped = app
        .issue_token(&json!({"name": "adviser.africa", "role": "adviser",
                             "scope": {"countries": ["AGO", "KEN", "SAU"], "programmes": [code]}}))
        .await;
    let by_country = app
        .issue_token(&json!({"name": "adviser.sau", "role": "adviser", "scope": {"countries": ["SAU"]}}))
        .await;

    // Act
    let scoped_csv = template(&app, &scoped, "csv").await;
    let by_country_csv = template(&app, &by_country, "csv").await;
    let xlsx = template(&app, &scoped, "xlsx").await;
    let checked_xlsx = upload(&app, Some(&scoped), "?dry_run=true", "template.xlsx", xlsx).await;
    let checked_by_country =
        upload(&app, Some(&by_country), "?dry_run=true", "template.csv", by_country_csv.clone()).await;
    let imported = upload(&app, Some(&scoped), "", "template.csv", scoped_csv.clone()).await;

    // Assert
    let (scoped_row, by_country_row) = (example_row(&scoped_csv), example_row(&by_country_csv));
    assert_eq!(
        [cell(&scoped_row, "programme"), cell(&scoped_row, "countries"), cell(&scoped_row, "location")],
        [code.as_str(), "AGO;KEN", "Capital city"]
    );
    assert_eq!(
        [cell(&by_country_row, "programme"), cell(&by_country_row, "countries")],
        ["UNTOC-SHERLOC", "SAU"]
    );
    for (answer, counts) in [
        (checked_xlsx, json!({"rows": 1, "would_import": 1, "invalid": 0})),
        (checked_by_country, json!({"rows": 1, "would_import": 1, "invalid": 0})),
        (imported, json!({"rows": 1, "imported": 1, "invalid": 0})),
    ] {
        assert_eq!(answer.status(), StatusCode::OK);
        let body: Value = answer.json().await.expect("a report");
        for (name, count) in counts.as_object().expect("counts") {
            assert_eq!(&body["counts"][name], count, "{body}");
        }
        if body["dry_run"] == false {
            let id: Uuid = serde_json::from_value(body["rows"][0]["id"].clone()).expect("an id");
            let activity = app.activity(id).await;
            assert_eq!(activity["countries"], json!(["AGO", "KEN"]));
            assert_eq!(activity["status"], "reported");
        }
    }
}
