//! Amendments of what happened and voiding, over HTTP: the record and its history follow them
//! (with the reason and each value before and after), retries land once, `If-Match` holds, and
//! a voided activity leaves every figure but its status count.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, delivery_body, participants_body, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    a_reported_activity_is_amended_with_each_reason_in_its_history,
    an_amendment_lands_once_and_honours_if_match,
    a_voided_activity_counts_nowhere_and_stays_in_history,
    a_manager_amends_and_voids_a_donor_cannot,
);

const EU: &str = "European Union";

/// The Riyadh workshop, funded by the EU and Norway, delivered, tallied, with two outputs,
/// reported; returns its id.
async fn reported_activity(app: &TestApp) -> Uuid {
    let id = app.planned_activity().await;
    let steps = [
        ("funding", json!({"donor": EU, "amount": "12000.00", "currency": "EUR"})),
        ("funding", json!({"donor": "Norway", "amount": "5000", "currency": "NOK"})),
        ("delivery", delivery_body()),
        ("participants", participants_body(10, 20)),
        ("outputs", json!({"kind": "manual_published", "description": "Guide to MLA requests"})),
        ("outputs", json!({"kind": "manual_published", "description": "Guide to MLA requests"})),
        ("report", json!({})),
    ];
    app.activity_steps(id, &steps).await;
    id
}

async fn a_reported_activity_is_amended_with_each_reason_in_its_history(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = reported_activity(&app).await;
    let amendments = [
        (
            "delivery/amendment",
            json!({"reason": "The sign-in sheet shows one day less", "start": "2019-10-21",
                   "end": "2019-10-24", "mode": "hybrid"}),
        ),
        (
            "participants/amendment",
            json!({"reason": "Two judges counted as men", "participants": participants_body(12, 18)}),
        ),
        (
            "funding/amendment",
            json!({"reason": "Sweden paid, not Norway", "line": 1, "donor": "Sweden",
                   "amount": "5500.00", "currency": "SEK"}),
        ),
        (
            "outputs/amendment",
            json!({"reason": "The manual was renamed", "output": 0, "kind": "manual_published",
                   "description": "Saudi guide to MLA requests"}),
        ),
        ("outputs/removal", json!({"reason": "Recorded twice", "output": 1})),
    ];

    // Act
    for (command, body) in &amendments {
        app.command_at_current_version(id, command, body).await;
    }

    // Assert: the record holds the amended values, and stays reported.
    let activity = app.activity(id).await;
    assert_eq!(activity["status"], "reported");
    assert_eq!(activity["version"], 13);
    assert_eq!(activity["delivery"], json!({"start": "2019-10-21", "end": "2019-10-24", "mode": "hybrid"}));
    assert_eq!(
        (activity["participants"]["female"].as_i64(), activity["participants"]["male"].as_i64()),
        (Some(12), Some(18))
    );
    assert_eq!(
        activity["funding"],
        json!([{"donor": EU, "amount": "12000.00", "currency": "EUR"},
               {"donor": "Sweden", "amount": "5500.00", "currency": "SEK"}])
    );
    assert_eq!(
        activity["outputs"],
        json!([{"kind": "manual_published", "description": "Saudi guide to MLA requests"}])
    );

    assert_told_in_history(&app, id, &amendments).await;

    // Assert: the figures follow the amended tally and funding.
    let position = app.history(id).await.last().map(|e| e["position"].clone()).unwrap_or_default();
    let summary = app.get_json(&format!("/api/v1/countries/SAU/summary?min_position={position}")).await;
    assert_eq!(summary["participants"]["total"], 30);
    assert_eq!(summary["participants"]["female"], 12);
    assert_eq!(summary["outputs"], json!({"manual_published": 1}));
    assert_eq!(
        summary["funding"],
        json!([{"donor": EU, "currency": "EUR", "amount": "12000.00"},
               {"donor": "Sweden", "currency": "SEK", "amount": "5500.00"}])
    );
}

/// The last events of the activity are `amendments`, each with its reason (in the metadata too)
/// and each changed value before and after.
async fn assert_told_in_history(app: &TestApp, id: Uuid, amendments: &[(&str, Value)]) {
    let history = app.history(id).await;
    let amended = &history[history.len() - amendments.len()..];
    let types: Vec<&str> = amended.iter().filter_map(|e| e["event_type"].as_str()).collect();
    assert_eq!(
        types,
        ["DeliveryAmended", "ParticipantsAmended", "FundingAmended", "OutputAmended", "OutputRemoved"]
    );
    for (entry, (_, body)) in amended.iter().zip(amendments) {
        assert_eq!(entry["reason"], body["reason"], "{entry}");
        assert_eq!(entry["metadata"]["reason"], body["reason"], "{entry}");
        assert_eq!(entry["role"], "admin", "{entry}");
    }
    let changes = |i: usize| amended[i]["changes"].as_array().cloned().unwrap_or_default();
    let change = |field: &str, old: Value, new: Value| json!({"field": field, "old": old, "new": new});
    assert_eq!(
        changes(0),
        [
            change("delivery.mode", json!("in_person"), json!("hybrid")),
            change("delivery.start", json!("2019-10-20"), json!("2019-10-21")),
        ]
    );
    assert_eq!(
        changes(1),
        [
            change("participants.female", json!(10), json!(12)),
            change("participants.male", json!(20), json!(18))
        ]
    );
    assert_eq!(
        changes(2),
        [
            change("funding[1].amount", json!("5000"), json!("5500.00")),
            change("funding[1].currency", json!("NOK"), json!("SEK")),
            change("funding[1].donor", json!("Norway"), json!("Sweden")),
        ]
    );
    assert_eq!(
        changes(3),
        [change(
            "outputs[0].description",
            json!("Guide to MLA requests"),
            json!("Saudi guide to MLA requests")
        )]
    );
    assert_eq!(
        changes(4),
        [change(
            "outputs[1]",
            json!({"kind": "manual_published", "description": "Guide to MLA requests"}),
            Value::Null
        )]
    );
}

async fn an_amendment_lands_once_and_honours_if_match(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = reported_activity(&app).await;
    let path = format!("/api/v1/activities/{id}/participants/amendment");
    let body = json!({"reason": "Counted twice", "participants": participants_body(9, 20)});
    let version = app.activity(id).await["version"].as_i64().expect("a version");
    let current = format!("\"{version}\"");
    let stale = format!("\"{}\"", version - 1);

    // Act
    let refused = app.post_with(&path, &body, &[("if-match", &stale)]).await;
    let headers = [("if-match", current.as_str()), ("idempotency-key", "amend-tally-1")];
    let first = app.post_with(&path, &body, &headers).await;
    let first_status = first.status();
    let first: Value = first.json().await.expect("a JSON answer");
    let retry = app.post_with(&path, &body, &headers).await;

    // Assert
    assert_problem(refused, StatusCode::PRECONDITION_FAILED, "/problems/version-mismatch").await;
    assert_eq!(first_status, StatusCode::OK, "{first}");
    assert_eq!(retry.status(), StatusCode::OK);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(retry.json::<Value>().await.expect("a JSON answer"), first);
    assert_eq!(app.history(id).await.len(), usize::try_from(version).expect("a small version") + 1);

    // The same tally again changes nothing: refused, with no field to blame.
    let again = app.post(&path, &body).await;
    let problem = assert_problem(again, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation").await;
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("changes nothing")), "{problem}");
}

async fn a_voided_activity_counts_nowhere_and_stays_in_history(backend: Backend) {
    // Arrange: two reported activities in SAU, both funded by the EU.
    let app = TestApp::spawn(backend).await;
    let kept = reported_activity(&app).await;
    let duplicate = reported_activity(&app).await;
    let summary_path = |position: &Value| format!("/api/v1/countries/SAU/summary?min_position={position}");
    let position = app.history(duplicate).await.last().map(|e| e["position"].clone()).unwrap_or_default();
    let before = app.get_json(&summary_path(&position)).await;

    // Act
    let answer = app
        .command(&format!("/api/v1/activities/{duplicate}/voiding"), &json!({"reason": "A duplicate"}))
        .await;

    // Assert: the figures of one activity, the duplicate listed as voided.
    let after = app.get_json(&summary_path(&answer["position"])).await;
    assert_eq!(before["activities"]["total"], 2);
    assert_eq!(after["activities"]["total"], 1);
    assert_eq!(after["activities"]["by_status"]["reported"], 1);
    assert_eq!(after["activities"]["by_status"]["voided"], 1);
    assert_eq!(after["participants"]["total"], 30);
    assert_eq!(after["outputs"], json!({"manual_published": 2}));
    assert_eq!(after["funding"][0], json!({"donor": EU, "currency": "EUR", "amount": "12000.00"}));
    let donor = app
        .get_json(&format!("/api/v1/donors/European%20Union/summary?min_position={}", answer["position"]))
        .await;
    assert_eq!(
        (donor["activities"]["total"].as_i64(), donor["activities"]["by_status"]["voided"].as_i64()),
        (Some(1), Some(1))
    );
    let countries = app.get_json(&format!("/api/v1/countries?min_position={}", answer["position"])).await;
    assert_eq!(countries, json!([{"country": "SAU", "activities": 1}]));
    let voided =
        app.get_json(&format!("/api/v1/activities?status=voided&min_position={}", answer["position"])).await;
    let listed: Vec<&str> =
        voided["items"].as_array().into_iter().flatten().filter_map(|i| i["id"].as_str()).collect();
    assert_eq!(listed, [duplicate.to_string()]);

    // Assert: the record keeps everything, with the reason; the history tells it.
    let record = app.activity(duplicate).await;
    assert_eq!(
        (record["status"].as_str(), record["void_reason"].as_str()),
        (Some("voided"), Some("A duplicate"))
    );
    assert_eq!(record["participants"]["male"], 20);
    let history = app.history(duplicate).await;
    let last = history.last().expect("an entry");
    assert_eq!(last["event_type"], "ActivityVoided");
    assert_eq!(last["reason"], "A duplicate");
    assert_eq!(last["changes"], json!([{"field": "status", "old": "reported", "new": "voided"}]));

    // Assert: nothing changes it any more, and the audit chain still verifies.
    let removal = json!({"reason": "x", "output": 0});
    let path = format!("/api/v1/activities/{duplicate}/outputs/removal");
    let without_if_match = app.post(&path, &removal).await;
    let problem = assert_problem(without_if_match, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
    assert_eq!(problem["field"], "If-Match", "a place holds only at a version: {problem}");
    let version = format!("\"{}\"", record["version"]);
    let refused = app.post_with(&path, &removal, &[("if-match", &version)]).await;
    assert_problem(refused, StatusCode::CONFLICT, "/problems/activity-voided").await;
    let again =
        app.post(&format!("/api/v1/activities/{duplicate}/voiding"), &json!({"reason": "again"})).await;
    assert_problem(again, StatusCode::CONFLICT, "/problems/already-voided").await;
    assert_eq!(app.activity(kept).await["status"], "reported");
    let verified = app.get_json("/api/v1/audit/verify").await;
    assert_eq!(verified["intact"], true, "{verified}");
}

async fn a_manager_amends_and_voids_a_donor_cannot(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = reported_activity(&app).await;
    let manager = app.issue_token(&json!({"name": "manager.m", "role": "manager"})).await;
    let donor = app.issue_token(&json!({"name": "donor.eu", "role": "donor", "scope": {"donor": EU}})).await;
    let base = format!("/api/v1/activities/{id}");
    let amendment = json!({"reason": "Counted twice", "participants": participants_body(9, 20)});
    let amend = format!("{base}/participants/amendment");
    let voiding = json!({"reason": "A duplicate"});

    // Act
    let by_donor = app.request_as(Some(&donor), Method::POST, &amend, Some(&amendment)).await;
    let by_manager = app.request_as(Some(&manager), Method::POST, &amend, Some(&amendment)).await;
    let void = app.request_as(Some(&manager), Method::POST, &format!("{base}/voiding"), Some(&voiding)).await;

    // Assert
    assert_problem(by_donor, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    assert_eq!(by_manager.status(), StatusCode::OK);
    assert_eq!(void.status(), StatusCode::OK);
    let history = app.history(id).await;
    let roles: Vec<&str> = history[history.len() - 2..].iter().filter_map(|e| e["role"].as_str()).collect();
    assert_eq!(roles, ["manager", "manager"]);
}
