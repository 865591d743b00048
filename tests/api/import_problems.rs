//! Bulk import of a file with thousands of problems: the answer lists the first thousand with
//! the total, and the same file posted with `problems=csv` gives every one of them.

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use super::imports::{csv as csv_file, import_ok, programme, row, upload};
use tatrack_testkit::{assert_problem, unique_code, Backend, TestApp};

tatrack_testkit::on_both_backends!(a_file_with_thousands_of_problems_lists_a_thousand_and_counts_all);

const BAD_ROWS: u64 = 2_500;
/// Each bad row breaks two rules: an unknown programme and a 13th month.
const PROBLEMS: u64 = 2 * BAD_ROWS;

/// (row, column) of the problems of a JSON answer, in order.
fn cells(errors: &Value) -> Vec<(u64, String)> {
    errors
        .as_array()
        .expect("an errors array")
        .iter()
        .map(|e| (e["row"].as_u64().expect("a row"), e["column"].as_str().unwrap_or("-").to_owned()))
        .collect()
}

/// The first `count` problems in (row, column) order: every bad row has two, from row 2 on.
fn first(count: u64) -> Vec<(u64, String)> {
    (0..count)
        .map(|i| (2 + i / 2, if i % 2 == 0 { "planned_start" } else { "programme" }.to_owned()))
        .collect()
}

async fn a_file_with_thousands_of_problems_lists_a_thousand_and_counts_all(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    programme(&app, &code).await;
    let good = Uuid::new_v4();
    let mut rows: Vec<Vec<String>> =
        (0..BAD_ROWS).map(|_| row("NO-SUCH-PROGRAMME", &[("planned_start", "2019-13-01")])).collect();
    rows.push(row(&code, &[("id", &good.to_string())]));
    let file = csv_file(&rows);

    // Act
    let refused = upload(&app, None, "", "many.csv", file.clone()).await;
    let listed = upload(&app, None, "?problems=csv", "many.csv", file.clone()).await;
    let after_listing = app.get(&format!("/api/v1/activities/{good}")).await.status();
    let partial = import_ok(&app, "?partial=true", "many.csv", file).await;

    // Assert: the answer lists a thousand, in order, and says how many there are and where all are.
    let length = refused.content_length();
    let refused = assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "/problems/import-rows").await;
    assert_eq!(refused["total"], PROBLEMS, "{}", refused["detail"]);
    assert_eq!(cells(&refused["errors"]), first(1_000));
    assert_eq!(refused["problems_csv"], "/api/v1/imports?problems=csv");
    assert!(length.is_none_or(|bytes| bytes < 400_000), "a bounded answer: {length:?} bytes");

    // Every problem as CSV, and still nothing written.
    assert_eq!(listed.status(), StatusCode::OK);
    let content_type = listed.headers()["content-type"].to_str().unwrap_or_default().to_owned();
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let text = listed.text().await.expect("the problems as CSV");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().expect("a header").iter().map(str::to_owned).collect();
    assert_eq!(header, ["row", "column", "value", "rule", "detail"]);
    let all: Vec<(u64, String)> = reader
        .records()
        .map(|record| {
            let record = record.expect("a record");
            (record[0].parse().expect("a row number"), record[1].to_owned())
        })
        .collect();
    assert_eq!(all, first(PROBLEMS));
    assert_eq!(after_listing, StatusCode::NOT_FOUND, "listing the problems writes nothing");

    // With `partial`, the valid row is written and the report is bounded the same way.
    assert_eq!(partial["counts"]["imported"], 1, "{}", partial["counts"]);
    assert_eq!(partial["counts"]["invalid"], BAD_ROWS);
    assert_eq!(partial["errors_total"], PROBLEMS);
    assert_eq!(cells(&partial["errors"]), first(1_000));
    assert_eq!(app.activity(good).await["status"], json!("reported"));
}
