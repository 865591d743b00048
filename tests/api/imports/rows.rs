//! What an import makes of its rows: every problem of a dry run at once, a header's unknown or
//! missing columns, a file imported twice written once with its provenance, all or nothing by
//! default and partial on request, and an adviser importing only within its scope.

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, unique_code, Backend, TestApp};

use super::build::{
    assert_rows_refused, csv, expected, import_ok, planned, problems, programme, row, upload,
};

pub(super) async fn a_dry_run_reports_every_problem_at_once(backend: Backend) {
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
        planned(&code, &[("status", "delivered")]),
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
    let body = assert_rows_refused(
        response,
        &[
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
        ],
    )
    .await;
    let quoted = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .find(|e| e["row"] == 4 && e["column"] == "planned_start");
    assert_eq!(quoted.map(|e| e["value"].clone()), Some(json!("2019-13-01")), "{body}");
    let read = app.get(&format!("/api/v1/activities/{valid_id}")).await;
    assert_eq!(read.status(), StatusCode::NOT_FOUND, "a dry run writes nothing, not even the valid row");
}

pub(super) async fn a_header_with_unknown_or_missing_columns_is_refused(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let file = b"programme,kind,title,countries,location,planned_start,planned_end,colour,funding_0_donor\n"
        .to_vec();

    // Act
    let response = upload(&app, None, "", "columns.csv", file).await;

    // Assert
    assert_rows_refused(
        response,
        &[
            (1, "colour", "unknown_column"),
            (1, "funding_0_donor", "unknown_column"),
            (1, "status", "missing_column"),
        ],
    )
    .await;
}

pub(super) async fn importing_a_file_twice_writes_it_once_with_its_provenance(backend: Backend) {
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

pub(super) async fn all_or_nothing_by_default_and_partial_on_request(backend: Backend) {
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

pub(super) async fn an_adviser_imports_only_within_its_scope(backend: Backend) {
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
    assert_rows_refused(refused, &[(3, "countries", "outside_scope")]).await;
    assert_problem(by_manager, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    assert_problem(by_donor, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    assert_eq!(accepted.status(), StatusCode::OK);
    assert_eq!(app.get(&format!("/api/v1/activities/{outside}")).await.status(), StatusCode::NOT_FOUND);
    let history = app.history(inside).await;
    assert!(history.iter().all(|e| e["actor"] == "adviser.sau" && e["role"] == "adviser"), "{history:?}");
}
