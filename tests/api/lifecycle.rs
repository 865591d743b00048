//! An activity's whole life, from plan to a correction after its report.

use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use tatrack_testkit::{delivery_body, participants_body, plan_body, Backend, TestApp};

tatrack_testkit::on_both_backends!(full_lifecycle_is_recorded_and_read_back, programme_records_contributions);

async fn full_lifecycle_is_recorded_and_read_back(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let id = Uuid::new_v4();
    let base = format!("/api/v1/activities/{id}");

    // Act
    let amina = app
        .issue_token(&json!({"name": "amina.k", "role": "adviser", "scope": {"countries": ["SAU"]}}))
        .await;
    let planned = reqwest::Client::new()
        .post(app.url("/api/v1/activities"))
        .bearer_auth(&amina)
        .header("x-actor", "somebody-else")
        .json(&plan_body(id, programme))
        .send()
        .await
        .expect("an answer");
    assert_eq!(planned.status(), StatusCode::CREATED);
    assert_eq!(planned.headers()["location"], base.as_str());
    assert_eq!(planned.headers()["etag"], "\"1\"");
    let first: serde_json::Value = planned.json().await.expect("a JSON answer");
    assert_eq!(first["id"], id.to_string());
    assert_eq!(first["version"], 1);
    let steps = [
        (
            "reschedule",
            json!({"planned_start": "2019-10-21", "planned_end": "2019-10-25", "reason": "venue"}),
        ),
        ("funding", json!({"donor": "European Union", "amount": "12000.00", "currency": "EUR"})),
        ("funding", json!({"donor": "Norway", "amount": "5000", "currency": "NOK"})),
        ("funding/withdrawal", json!({"donor": "Norway", "reason": "moved to another activity"})),
        ("delivery", delivery_body()),
        ("participants", participants_body(10, 20)),
        ("participants", participants_body(12, 18)),
        ("outputs", json!({"kind": "manual_published", "description": "MLA practitioners' manual"})),
        (
            "corrections",
            json!({"reason": "typo in the title", "changes": {"title": "Mutual legal assistance training workshop"}}),
        ),
        ("report", json!({})),
        (
            "corrections",
            json!({"reason": "the location was recorded wrongly", "changes": {"location": "Jeddah"}}),
        ),
    ];
    let mut last_position = first["position"].as_i64().expect("a position");
    for (version, (command, body)) in (2..).zip(steps) {
        let answer = app.command(&format!("{base}/{command}"), &body).await;
        assert_eq!(answer["version"], version, "version after {command}");
        let position = answer["position"].as_i64().expect("a position");
        assert!(position > last_position, "positions grow: {position} after {last_position}");
        last_position = position;
    }

    // Assert: the state
    let activity = app.activity(id).await;
    assert_eq!(activity["version"], 12);
    assert_eq!(activity["status"], "reported");
    assert_eq!(activity["title"], "Mutual legal assistance training workshop");
    assert_eq!(activity["location"], "Jeddah");
    assert_eq!(activity["planned_start"], "2019-10-21");
    assert_eq!(activity["delivery"]["mode"], "in_person");
    assert_eq!(activity["participants"]["female"], 12, "the second tally replaced the first");
    assert_eq!(activity["participants"]["male"], 18);
    assert_eq!(
        activity["funding"],
        json!([{"donor": "European Union", "amount": "12000.00", "currency": "EUR"}])
    );
    assert_eq!(activity["outputs"][0]["kind"], "manual_published");

    assert_history_tells_who_did_what(&app, id).await;
}

/// The history, with who did what and why.
async fn assert_history_tells_who_did_what(app: &TestApp, id: Uuid) {
    let history = app.history(id).await;
    let types: Vec<_> = history.iter().map(|e| e["event_type"].as_str().unwrap_or_default()).collect();
    assert_eq!(
        types,
        [
            "ActivityPlanned",
            "ActivityRescheduled",
            "FundingAttributed",
            "FundingAttributed",
            "FundingWithdrawn",
            "ActivityDelivered",
            "ParticipantsRecorded",
            "ParticipantsRecorded",
            "OutputRecorded",
            "ActivityCorrected",
            "ActivityReported",
            "ActivityCorrected",
        ]
    );
    for (version, event) in (1..).zip(&history) {
        assert_eq!(event["version"], version);
        // Corrections are written at 1.1 (a null can clear the description), funding at 1.1 (it
        // names its organisation); the rest at 1.0.
        let at_1_1 = ["ActivityCorrected", "FundingAttributed"]
            .contains(&event["event_type"].as_str().unwrap_or_default());
        let expected = if at_1_1 { "1.1" } else { "1.0" };
        assert_eq!(event["event_version"], expected, "{event}");
        assert!(event["metadata"]["request_id"].as_str().is_some_and(|r| !r.is_empty()));
        assert!(event["metadata"]["recorded_at"].as_str().is_some_and(|t| t.ends_with('Z')));
    }
    assert_eq!(history[0]["metadata"]["actor"], "amina.k", "the token's name, not what the request claims");
    assert_eq!(history[0]["metadata"]["role"], "adviser");
    assert!(history[1]["metadata"]["actor"].as_str().is_some_and(|a| a.starts_with("test-admin-")));
    assert_eq!(history[1]["metadata"]["role"], "admin");
    assert_eq!(history[4]["metadata"]["reason"], "moved to another activity");
    assert_eq!(history[9]["metadata"]["reason"], "typo in the title");
    assert_eq!(
        history[9]["payload"]["changes"],
        json!({"title": "Mutual legal assistance training workshop"})
    );
    assert_eq!(history[10]["payload"], serde_json::Value::Null);
    assert_eq!(history[11]["payload"]["reason"], "the location was recorded wrongly");
}

async fn programme_records_contributions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.programme().await;

    let answer = app
        .command(
            &format!("/api/v1/programmes/{id}/contributions"),
            &json!({"donor": "Germany", "amount": "250000.00", "currency": "EUR", "received_on": "2019-03-01"}),
        )
        .await;

    assert_eq!(answer["version"], 2);
    let programme = app.get_json(&format!("/api/v1/programmes/{id}")).await;
    assert_eq!(programme["thematic_area"], "firearms");
    assert_eq!(programme["version"], 2);
    assert_eq!(
        programme["contributions"],
        json!([{"donor": "Germany", "amount": "250000.00", "currency": "EUR", "received_on": "2019-03-01"}])
    );
    let history = app.get_json(&format!("/api/v1/programmes/{id}/history")).await;
    assert_eq!(history[1]["event_type"], "ContributionRecorded");
}
