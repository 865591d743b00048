//! Lists and summaries as CSV and XLSX: what the files hold equals what the JSON says, row for
//! row; a donor's file holds its scope alone; cells that would run as formulas are text.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, delivery_body, participants_body, plan_body, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    activity_exports_hold_every_row_the_json_pages_hold,
    a_summary_exports_as_one_row_per_figure,
    a_donors_export_holds_its_scope_alone,
    the_audit_feed_exports_every_event,
    formats_are_negotiated_and_bad_ones_refused,
);

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Two programmes' worth of activities: a regional one funded in two currencies, one whose
/// title would run as a formula, and a cancelled one; returns their ids and the last position.
async fn record(app: &TestApp) -> (Vec<Uuid>, i64) {
    let programme = app.programme().await;
    let mut ids = Vec::new();
    let mut last = 0;
    for n in 0..3 {
        let id = Uuid::new_v4();
        let mut plan = plan_body(id, programme);
        match n {
            0 => plan["countries"] = json!(["KEN", "TZA"]),
            1 => plan["title"] = json!("=HYPERLINK(\"http://example.org\",\"click\")"),
            _ => {}
        }
        app.command("/api/v1/activities", &plan).await;
        let steps: Vec<(&str, Value)> = match n {
            0 => vec![
                ("funding", json!({"donor": "European Union", "amount": "12000.50", "currency": "EUR"})),
                ("funding", json!({"donor": "Japan", "amount": "1500000", "currency": "JPY"})),
                ("delivery", delivery_body()),
                ("participants", participants_body(12, 9)),
                ("outputs", json!({"kind": "manual_published", "description": "Handbook"})),
            ],
            1 => vec![
                ("funding", json!({"donor": "Japan", "amount": "250000", "currency": "JPY"})),
                ("delivery", delivery_body()),
            ],
            _ => vec![("cancellation", json!({"reason": "postponed sine die"}))],
        };
        last = app.activity_steps(id, &steps).await;
        ids.push(id);
    }
    (ids, last)
}

async fn body_of(response: Response, content_type: &str) -> (String, Vec<u8>) {
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(header("content-type").starts_with(content_type), "content type {}", header("content-type"));
    let bytes = response.bytes().await.expect("a body").to_vec();
    (header("content-disposition"), bytes)
}

/// The records of a CSV file, its header first.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    assert!(text.is_empty() || text.ends_with("\r\n"), "records end in CRLF");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
    reader.records().map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect()).collect()
}

/// The rows of a workbook's sheet as text, its header first.
fn sheet_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("an XLSX workbook");
    let range = workbook.worksheet_range(sheet).expect("the sheet");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The value of `column` in each record (header first) but the header.
fn column(rows: &[Vec<String>], column: &str) -> Vec<String> {
    let index = rows[0].iter().position(|c| c == column).unwrap_or_else(|| panic!("a column {column}"));
    rows[1..].iter().map(|row| row[index].clone()).collect()
}

async fn activity_exports_hold_every_row_the_json_pages_hold(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let (ids, last) = record(&app).await;
    let json = app.get_json(&format!("/api/v1/activities?limit=500&min_position={last}")).await;
    let items = json["items"].as_array().expect("items");
    let listed: Vec<String> = items.iter().map(|i| i["id"].as_str().expect("an id").to_owned()).collect();

    // Act
    let (disposition, csv) =
        body_of(app.get("/api/v1/activities?format=csv&headers=machine").await, "text/csv").await;
    let (_, countries) =
        body_of(app.get("/api/v1/activities?format=csv&table=countries&headers=machine").await, "text/csv")
            .await;
    let (_, funding) =
        body_of(app.get("/api/v1/activities?format=csv&table=funding&headers=machine").await, "text/csv")
            .await;
    let (xlsx_name, xlsx) =
        body_of(app.get("/api/v1/activities?format=xlsx&headers=machine").await, XLSX).await;

    // Assert: the activities, in the list's order, field for field.
    let rows = csv_rows(&csv);
    assert_eq!(column(&rows, "id"), listed);
    for field in ["kind", "status", "location", "planned_start", "date", "programme_code"] {
        let expected: Vec<String> =
            items.iter().map(|i| i[field].as_str().unwrap_or_default().to_owned()).collect();
        assert_eq!(column(&rows, field), expected, "column {field}");
    }
    let participants: Vec<String> = items.iter().map(|i| i["participants"].to_string()).collect();
    assert_eq!(column(&rows, "participants"), participants);
    let titles = column(&rows, "title");
    assert!(
        titles.contains(&"'=HYPERLINK(\"http://example.org\",\"click\")".to_owned()),
        "a formula is text: {titles:?}"
    );
    // One row per country and per funding line, none packed.
    let regional = ids[0].to_string();
    let country_rows = csv_rows(&countries);
    let of_regional: Vec<String> =
        country_rows[1..].iter().filter(|r| r[0] == regional).map(|r| r[1].clone()).collect();
    assert_eq!(of_regional, ["KEN", "TZA"]);
    assert_eq!(country_rows.len() - 1, 4, "KEN and TZA, and SAU twice");
    let funding_rows = csv_rows(&funding);
    let lines: Vec<&[String]> = funding_rows[1..].iter().map(Vec::as_slice).collect();
    // No organisation is registered: donors as recorded, no organisation id.
    let line = |donor: &str, currency: &str, amount: &str| {
        vec![regional.clone(), donor.to_owned(), currency.to_owned(), amount.to_owned(), String::new()]
    };
    assert!(lines.contains(&line("European Union", "EUR", "12000.50").as_slice()), "{lines:?}");
    assert!(lines.contains(&line("Japan", "JPY", "1500000").as_slice()), "{lines:?}");
    assert_eq!(lines.len(), 3);
    // The workbook holds the same tables as sheets.
    let sheet = sheet_rows(&xlsx, "activities");
    assert_eq!(column(&sheet, "id"), listed);
    assert!(column(&sheet, "title").contains(&"=HYPERLINK(\"http://example.org\",\"click\")".to_owned()));
    assert_eq!(sheet_rows(&xlsx, "countries").len(), country_rows.len());
    let amounts = column(&sheet_rows(&xlsx, "funding"), "amount");
    assert!(
        amounts.contains(&"12000.5".to_owned()) && amounts.contains(&"1500000".to_owned()),
        "{amounts:?}"
    );
    assert_eq!(sheet_rows(&xlsx, "outputs").len(), 2);
    // Compressed on the way, the same bytes.
    let gzipped = app
        .client
        .get(app.url("/api/v1/activities?format=csv&headers=machine"))
        .header("accept-encoding", "gzip")
        .send();
    let gzipped = gzipped.await.expect("answered");
    assert_eq!(gzipped.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
    let mut inflated = Vec::new();
    let compressed = gzipped.bytes().await.expect("a body");
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&compressed[..]), &mut inflated)
        .expect("gzip");
    assert_eq!(csv_rows(&inflated), rows, "the gzipped file holds the same rows");
    // File names say what and when.
    assert!(
        disposition.starts_with("attachment; filename=\"tatrack-activities-activities-"),
        "{disposition}"
    );
    assert!(xlsx_name.contains("tatrack-activities-") && xlsx_name.ends_with(".xlsx\""), "{xlsx_name}");
}

async fn a_summary_exports_as_one_row_per_figure(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let (_, last) = record(&app).await;
    let summary = app.get_json(&format!("/api/v1/donors/Japan/summary?min_position={last}")).await;

    // Act
    let (_, csv) =
        body_of(app.get("/api/v1/donors/Japan/summary?format=csv&headers=machine").await, "text/csv").await;
    let (_, xlsx) =
        body_of(app.get("/api/v1/donors/Japan/summary?format=xlsx&headers=machine").await, XLSX).await;

    // Assert
    let rows = csv_rows(&csv);
    let figures: BTreeMap<(String, String, String, String, String), String> = rows[1..]
        .iter()
        .map(|r| {
            let at = |name: &str| r[rows[0].iter().position(|c| c == name).expect("a column")].clone();
            ((at("measure"), at("dimension"), at("category"), at("subcategory"), at("currency")), at("value"))
        })
        .collect();
    let figure = |m: &str, d: &str, c: &str, s: &str, cur: &str| {
        figures.get(&(m.into(), d.into(), c.into(), s.into(), cur.into())).cloned().unwrap_or_default()
    };
    assert_eq!(figure("activities", "total", "", "", ""), summary["activities"]["total"].to_string());
    assert_eq!(
        figure("activities", "kind", "workshop", "", ""),
        summary["activities"]["by_kind"]["workshop"].to_string()
    );
    assert_eq!(figure("activities", "country_and_kind", "KEN", "workshop", ""), "1");
    assert_eq!(
        figure("participants", "sex", "female", "", ""),
        summary["participants"]["female"].to_string()
    );
    assert_eq!(figure("funding", "donor", "Japan", "", "JPY"), "1750000");
    assert_eq!(summary["funding"], json!([{"donor": "Japan", "currency": "JPY", "amount": "1750000"}]));
    assert!(rows[1..].iter().all(|r| r[0] == "donor" && r[1] == "Japan"), "every row names its scope");
    let sheet = sheet_rows(&xlsx, "summary");
    assert_eq!(sheet.len(), rows.len(), "the workbook holds the same rows");
}

async fn a_donors_export_holds_its_scope_alone(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let (ids, last) = record(&app).await;
    app.get_json(&format!("/api/v1/activities?min_position={last}")).await;
    let donor = app
        .issue_token(&json!({"name": "eu-desk", "role": "donor", "scope": {"donor": "European Union"}}))
        .await;

    // Act
    let path = |table: &str| format!("/api/v1/activities?format=csv&table={table}&headers=machine");
    let activities = app.request_as(Some(&donor), reqwest::Method::GET, &path("activities"), None).await;
    let funding = app.request_as(Some(&donor), reqwest::Method::GET, &path("funding"), None).await;
    let (_, activities) = body_of(activities, "text/csv").await;
    let (_, funding) = body_of(funding, "text/csv").await;
    let other = app
        .request_as(Some(&donor), reqwest::Method::GET, "/api/v1/donors/Japan/summary?format=csv", None)
        .await;

    // Assert
    assert_eq!(column(&csv_rows(&activities), "id"), [ids[0].to_string()], "only what it funds");
    assert_eq!(column(&csv_rows(&funding), "donor"), ["European Union"], "only its own money");
    assert_problem(other, StatusCode::NOT_FOUND, "/problems/not-found").await;
}

async fn the_audit_feed_exports_every_event(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let (_, last) = record(&app).await;
    // The feed holds the events the projector has linked.
    app.get_json(&format!("/api/v1/countries/SAU/summary?min_position={last}")).await;
    let mut events = Vec::new();
    let mut after = 0;
    loop {
        let page = app.get_json(&format!("/api/v1/audit/events?after={after}&limit=1000")).await;
        let items = page["items"].as_array().expect("items").clone();
        if items.is_empty() {
            break;
        }
        after = page["next_after"].as_i64().expect("a cursor");
        events.extend(items);
    }
    assert!(events.iter().any(|e| e["position"] == last), "the feed has caught up");

    // Act
    let response = app
        .client
        .get(app.url("/api/v1/audit/events?headers=machine"))
        .header("accept", "text/csv")
        .send()
        .await;
    let (_, csv) = body_of(response.expect("answered"), "text/csv").await;

    // Assert
    let rows = csv_rows(&csv);
    let seqs: Vec<String> = events.iter().map(|e| e["seq"].to_string()).collect();
    assert_eq!(column(&rows, "seq"), seqs, "every event once, in commit order");
    let reasons: Vec<String> =
        events.iter().map(|e| e["metadata"]["reason"].as_str().unwrap_or_default().to_owned()).collect();
    assert_eq!(column(&rows, "reason"), reasons);
    let payloads: Vec<Value> =
        column(&rows, "payload").iter().map(|p| serde_json::from_str(p).expect("JSON")).collect();
    assert_eq!(payloads, events.iter().map(|e| e["payload"].clone()).collect::<Vec<_>>());
}

async fn formats_are_negotiated_and_bad_ones_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let get_with = |path: &str, accept: &str| app.client.get(app.url(path)).header("accept", accept).send();

    let xlsx = get_with("/api/v1/countries", XLSX).await.expect("answered");
    let json = get_with("/api/v1/countries", "text/html, */*;q=0.8").await.expect("answered");
    let csv_wins =
        get_with("/api/v1/countries?format=csv&headers=machine", "application/json").await.expect("answered");
    let unknown = app.get("/api/v1/countries?format=pdf").await;
    let table_for_json = app.get("/api/v1/activities?table=funding").await;
    let table_for_xlsx = app.get("/api/v1/activities?format=xlsx&table=funding").await;

    body_of(xlsx, XLSX).await;
    body_of(json, "application/json").await;
    let (_, bytes) = body_of(csv_wins, "text/csv").await;
    assert_eq!(csv_rows(&bytes), [["country", "activities"]], "a header even with no rows");
    assert_problem(unknown, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
    assert_problem(table_for_json, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
    assert_problem(table_for_xlsx, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
}
