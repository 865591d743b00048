//! The header rows of exported files (issue 27): words in the answer's language by default, the
//! English machine names with `headers=machine`; the rows are the same either way.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Reader, Xlsx};
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use tatrack_testkit::{plan_body, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    french_and_spanish_files_carry_headers_in_their_words,
    machine_headers_are_the_english_names_whatever_the_language,
);

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The machine names of the activities table, as files named them before issue 27.
const ACTIVITY_COLUMNS: [&str; 17] = [
    "id",
    "programme_id",
    "programme_code",
    "kind",
    "status",
    "title",
    "location",
    "date",
    "planned_start",
    "planned_end",
    "delivery_start",
    "delivery_end",
    "female",
    "male",
    "other_or_undisclosed",
    "participants",
    "version",
];

/// One planned activity, funded; returns the last position.
async fn record(app: &TestApp) -> i64 {
    let programme = app.programme().await;
    let id = Uuid::new_v4();
    app.command("/api/v1/activities", &plan_body(id, programme)).await;
    let funding = json!({"donor": "European Union", "amount": "12000.50", "currency": "EUR"});
    let last = app.activity_steps(id, &[("funding", funding)]).await;
    app.get_json(&format!("/api/v1/activities?min_position={last}")).await;
    last
}

/// `path` asked in `language` (by Accept-Language): its body, after checking the type.
async fn file(app: &TestApp, path: &str, language: &str, content_type: &str) -> Vec<u8> {
    let answer = app.client.get(app.url(path)).header("accept-language", language).send().await;
    let answer = answer.expect("answered");
    assert_eq!(answer.status(), StatusCode::OK, "{path}");
    let kind = answer.headers()["content-type"].to_str().unwrap_or_default().to_owned();
    assert!(kind.starts_with(content_type), "{path}: {kind}");
    answer.bytes().await.expect("a body").to_vec()
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
    reader.records().map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect()).collect()
}

/// The workbook's sheet names, and the rows of its first sheet as text.
fn workbook(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("an XLSX workbook");
    let names = workbook.sheet_names();
    let range = workbook.worksheet_range(&names[0]).expect("the first sheet");
    let rows = range.rows().map(|row| row.iter().map(ToString::to_string).collect()).collect();
    (names, rows)
}

async fn french_and_spanish_files_carry_headers_in_their_words(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    record(&app).await;

    // Act
    let french_csv = file(&app, "/api/v1/activities?format=csv", "fr", "text/csv").await;
    let spanish_csv = file(&app, "/api/v1/activities?format=csv&table=funding", "es-MX", "text/csv").await;
    let french_xlsx = file(&app, "/api/v1/activities?format=xlsx", "fr-CH, en;q=0.5", XLSX).await;
    let spanish_xlsx = file(&app, "/api/v1/countries?format=xlsx", "es", XLSX).await;
    let spanish_summary =
        file(&app, "/api/v1/donors/European%20Union/summary?format=csv", "es", "text/csv").await;

    // Assert
    let french = csv_rows(&french_csv);
    assert_eq!(french[0].len(), ACTIVITY_COLUMNS.len());
    assert_eq!(
        [&french[0][0], &french[0][2], &french[0][8], &french[0][12]],
        ["Identifiant", "Code du programme", "Début prévu", "Femmes"]
    );
    assert_eq!(
        csv_rows(&spanish_csv)[0],
        ["Identificador de la actividad", "Donante", "Moneda", "Importe", "Identificador de la organización"]
    );
    let (sheets, rows) = workbook(&french_xlsx);
    assert_eq!(sheets, ["Activités", "Pays", "Financement", "Produits", "Institutions"]);
    assert_eq!(rows[0], french[0], "the workbook's header is the CSV's");
    let (sheets, rows) = workbook(&spanish_xlsx);
    assert_eq!(
        (sheets, rows[0].clone()),
        (vec!["Países".to_owned()], vec!["País".into(), "Actividades".into()])
    );
    let summary = csv_rows(&spanish_summary);
    assert_eq!(&summary[0][7..10], ["Medida", "Dimensión", "Categoría"]);
    assert!(summary[1..].iter().any(|row| row[7] == "funding"), "the rows keep their codes: {summary:?}");
}

async fn machine_headers_are_the_english_names_whatever_the_language(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    record(&app).await;

    // Act
    let words = file(&app, "/api/v1/activities?format=csv", "fr", "text/csv").await;
    let machine = file(&app, "/api/v1/activities?format=csv&headers=machine", "fr", "text/csv").await;
    let machine_xlsx = file(&app, "/api/v1/activities?format=xlsx&headers=machine", "es", XLSX).await;
    let english = file(&app, "/api/v1/countries?format=csv", "en", "text/csv").await;

    // Assert
    let (words, machine) = (csv_rows(&words), csv_rows(&machine));
    assert_eq!(machine[0], ACTIVITY_COLUMNS, "today's names exactly");
    assert_eq!(words[1..], machine[1..], "the rows do not change with the header");
    assert!(!words[1..].is_empty());
    let (sheets, rows) = workbook(&machine_xlsx);
    assert_eq!(sheets, ["activities", "countries", "funding", "outputs", "institutions"]);
    assert_eq!(rows[0], ACTIVITY_COLUMNS);
    assert_eq!(csv_rows(&english)[0], ["Country", "Activities"], "English readers get words too");
}
