//! Bulk import: every problem of a dry run at once, all or nothing versus partial, importing a
//! file twice writes once, provenance in history and in the audit feed, scope, bad files.

use std::collections::BTreeSet;
use std::io::Write as _;

use reqwest::multipart::{Form, Part};
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, programme_body, unique_code, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    a_dry_run_reports_every_problem_at_once,
    a_header_with_unknown_or_missing_columns_is_refused,
    importing_a_file_twice_writes_it_once_with_its_provenance,
    all_or_nothing_by_default_and_partial_on_request,
    an_adviser_imports_only_within_its_scope,
    bad_files_are_4xx_problems,
    xlsx_rows_and_both_templates_import,
);

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

async fn a_dry_run_reports_every_problem_at_once(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    programme(&app, &code).await;
    let valid_id = Uuid::new_v4().to_string();
    let rows = vec![
        row(&code, &[("id", &valid_id)]),
        row("NO-SUCH-PROGRAMME", &[]),
        row(&code, &[("planned_start", "2019-13-01"), ("kind", "seminar")]),
        row(&code, &[("planned_end", "2019-10-01")]),
        row(&code, &[("title", "")]),
        row(&code, &[]), // gets an extra cell below
        row(&code, &[("institution_prosecutors", "100")]),
        row(
            &code,
            &[
                ("status", "delivered"),
                ("delivery_start", ""),
                ("delivery_end", ""),
                ("delivery_mode", ""),
                ("participants_female", ""),
                ("participants_male", ""),
                ("participants_other", ""),
                ("institution_prosecutors", ""),
            ],
        ),
        row(&code, &[("countries", "XYZ")]),
        row(&code, &[("funding_1_amount", "12.345")]),
        row(&code, &[("id", &valid_id)]),
        planned(&code, &[("status", "cancelled")]),
        row(&code, &[("participants_female", "-3")]),
        row(&code, &[("funding_1_currency", "")]),
        row(&code, &[("delivery_mode", "carrier_pigeon")]),
        row(&code, &[("cancellation_reason", "postponed")]),
        planned(
            &code,
            &[("participants_female", "4"), ("participants_male", "4"), ("participants_other", "0")],
        ),
    ];
    let file = String::from_utf8(csv(&rows)).expect("text");
    let mut lines: Vec<String> = file.lines().map(str::to_owned).collect();
    lines[6].push_str(",\"an extra cell\"");
    let file = lines.join("\n").into_bytes();

    // Act
    let response = upload(&app, None, "?dry_run=true", "past.csv", file).await;

    // Assert
    let body = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "/problems/import-rows").await;
    assert_eq!(
        problems(&body),
        expected(&[
            (3, "programme", "unknown_programme"),
            (4, "planned_start", "invalid"),
            (4, "kind", "invalid"),
            (5, "planned_end", "end_before_start"),
            (6, "title", "required"),
            (7, "-", "too_many_cells"),
            (8, "institution_prosecutors", "breakdown_exceeds_total"),
            (9, "status", "status_not_reached"),
            (10, "countries", "invalid"),
            (11, "funding_1_amount", "amount"),
            (12, "id", "duplicate_id"),
            (13, "cancellation_reason", "required"),
            (14, "participants_female", "invalid"),
            (15, "funding_1_currency", "required"),
            (16, "delivery_mode", "invalid"),
            (17, "cancellation_reason", "not_allowed"),
            (18, "participants_female", "not_delivered"),
        ])
    );
    let quoted = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .find(|e| e["row"] == 4 && e["column"] == "planned_start");
    assert_eq!(quoted.map(|e| e["value"].clone()), Some(json!("2019-13-01")), "{body}");
    let read = app.get(&format!("/api/v1/activities/{valid_id}")).await;
    assert_eq!(read.status(), StatusCode::NOT_FOUND, "a dry run writes nothing, not even the valid row");
}

async fn a_header_with_unknown_or_missing_columns_is_refused(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let file = b"programme,kind,title,countries,location,planned_start,planned_end,colour,funding_0_donor\n"
        .to_vec();

    // Act
    let response = upload(&app, None, "", "columns.csv", file).await;

    // Assert
    let body = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "/problems/import-rows").await;
    assert_eq!(
        problems(&body),
        expected(&[
            (1, "colour", "unknown_column"),
            (1, "funding_0_donor", "unknown_column"),
            (1, "status", "missing_column"),
        ])
    );
}

async fn importing_a_file_twice_writes_it_once_with_its_provenance(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    programme(&app, &code).await;
    let given = Uuid::new_v4();
    let file = csv(&[row(&code, &[("id", &given.to_string())]), planned(&code, &[])]);

    // Act
    let first = import_ok(&app, "", "past.csv", file.clone()).await;
    let second = import_ok(&app, "", "past.csv", file.clone()).await;

    // Assert
    assert_eq!(first["counts"]["imported"], 2, "{first}");
    assert_eq!(first["rows"][0]["id"], json!(given));
    assert_eq!(first["rows"][0]["commands_written"], 6, "{first}");
    assert_eq!(first["rows"][1]["id_generated"], true);
    assert_eq!(first["rows"][1]["commands_written"], 3, "plan, funding and output: {first}");
    let derived: Uuid = serde_json::from_value(first["rows"][1]["id"].clone()).expect("a derived id");
    assert_eq!(second["counts"]["already_imported"], 2, "{second}");
    assert_eq!(second["rows"][1]["id"], json!(derived), "the same file derives the same id");
    assert_eq!(second["rows"][0]["commands_written"], 0);
    assert_eq!(second["rows"][0]["commands_already_recorded"], 6);
    let sha256 = first["sha256"].as_str().expect("the file's digest").to_owned();
    assert_eq!(second["sha256"], json!(sha256));

    let history = app.history(given).await;
    let types: Vec<&str> = history.iter().map(|e| e["event_type"].as_str().unwrap_or_default()).collect();
    assert_eq!(
        types,
        [
            "ActivityPlanned",
            "ActivityDelivered",
            "ParticipantsRecorded",
            "FundingAttributed",
            "OutputRecorded",
            "ActivityReported"
        ],
        "one event per step, once"
    );
    for entry in &history {
        assert_eq!(entry["import"], json!({"file": "past.csv", "sha256": sha256, "row": 2}), "{entry}");
        assert_eq!(entry["role"], "admin");
    }
    assert_eq!(app.history(derived).await.len(), 3);
    let activity = app.activity(given).await;
    assert_eq!(activity["planned_start"], "2019-10-20", "the activity keeps its real dates");
    assert_eq!(activity["delivery"]["start"], "2019-10-20");
    assert_eq!(activity["status"], "reported");

    let imported = feed_of(&app, given, 6).await;
    for event in &imported {
        assert_eq!(event["metadata"]["import_file"], "past.csv");
        assert_eq!(event["metadata"]["import_sha256"], json!(sha256));
        assert_eq!(event["metadata"]["import_row"], "2");
    }
}

/// The audit feed's events of activity `id`, once the projector has linked `count` of them.
async fn feed_of(app: &TestApp, id: Uuid, count: usize) -> Vec<Value> {
    for _ in 0..200 {
        let feed = app.get_json("/api/v1/audit/events?after=0&limit=1000").await;
        let events: Vec<Value> = feed["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|e| e["aggregate_id"] == json!(id.to_string()))
            .cloned()
            .collect();
        if events.len() >= count {
            assert_eq!(events.len(), count, "no event twice");
            return events;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the audit feed never showed {count} events of {id}");
}

async fn all_or_nothing_by_default_and_partial_on_request(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    programme(&app, &code).await;
    let good = Uuid::new_v4();
    let file = csv(&[row(&code, &[("id", &good.to_string())]), row(&code, &[("countries", "SAU;SAU")])]);

    // Act
    let refused = upload(&app, None, "", "mixed.csv", file.clone()).await;
    let refused = assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "/problems/import-rows").await;
    let after_refusal = app.get(&format!("/api/v1/activities/{good}")).await.status();
    let partial = import_ok(&app, "?partial=true", "mixed.csv", file).await;

    // Assert
    assert_eq!(problems(&refused), expected(&[(3, "countries", "duplicate_country")]));
    assert_eq!(after_refusal, StatusCode::NOT_FOUND, "all or nothing: the valid row waits too");
    assert_eq!(partial["counts"]["imported"], 1, "{partial}");
    assert_eq!(partial["counts"]["invalid"], 1, "{partial}");
    assert_eq!(problems(&partial), expected(&[(3, "countries", "duplicate_country")]));
    assert_eq!(partial["rows"][1]["outcome"], "invalid");
    assert_eq!(app.activity(good).await["status"], "reported");
}

async fn an_adviser_imports_only_within_its_scope(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    programme(&app, &code).await;
    let adviser = app
        .issue_token(&json!({"name": "adviser.sau", "role": "adviser", "scope": {"countries": ["SAU"]}}))
        .await;
    let manager = app.issue_token(&json!({"name": "manager", "role": "manager"})).await;
    let donor = app
        .issue_token(&json!({"name": "donor.eu", "role": "donor", "scope": {"donor": "European Union"}}))
        .await;
    let inside = Uuid::new_v4();
    let outside = Uuid::new_v4();
    let both = csv(&[
        row(&code, &[("id", &inside.to_string())]),
        row(&code, &[("id", &outside.to_string()), ("countries", "BOL")]),
    ]);
    let own = csv(&[row(&code, &[("id", &inside.to_string())])]);

    // Act
    let refused = upload(&app, Some(&adviser), "", "both.csv", both.clone()).await;
    let by_manager = upload(&app, Some(&manager), "", "both.csv", both.clone()).await;
    let by_donor = upload(&app, Some(&donor), "", "both.csv", both).await;
    let accepted = upload(&app, Some(&adviser), "", "own.csv", own).await;

    // Assert
    let refused = assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "/problems/import-rows").await;
    assert_eq!(problems(&refused), expected(&[(3, "countries", "outside_scope")]));
    assert_problem(by_manager, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    assert_problem(by_donor, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    assert_eq!(accepted.status(), StatusCode::OK);
    assert_eq!(app.get(&format!("/api/v1/activities/{outside}")).await.status(), StatusCode::NOT_FOUND);
    let history = app.history(inside).await;
    assert!(history.iter().all(|e| e["actor"] == "adviser.sau" && e["role"] == "adviser"), "{history:?}");
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

async fn bad_files_are_4xx_problems(backend: Backend) {
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

async fn xlsx_rows_and_both_templates_import(backend: Backend) {
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
