//! Histories: each correction names its old and new values, its reason, its actor and role, and
//! the request it came with.

use reqwest::StatusCode;
use serde_json::json;

use tatrack_testkit::{Backend, TestApp};

use super::as_of::FIRST_TITLE;

pub(super) async fn history_names_old_and_new_values_and_the_reason(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = app.planned_activity().await;
    let corrections = format!("/api/v1/activities/{id}/corrections");

    // Act
    let first = app
        .post_with(
            &corrections,
            &json!({"reason": "the title and the place were wrong",
                    "changes": {"title": "MLA training workshop", "location": "Jeddah"}}),
            &[("x-request-id", "audit-request-1")],
        )
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    app.command(
        &corrections,
        &json!({"reason": "Bahrain joined", "changes": {"countries": ["SAU", "BHR"], "title": "MLA workshop"}}),
    )
    .await;

    // Assert
    let history = app.history(id).await;
    assert_eq!(history.len(), 3, "{history:?}");
    let plan = &history[0];
    let summary = plan["summary"].as_str().expect("a summary");
    assert!(
        summary.contains(FIRST_TITLE) && summary.contains("Saudi Arabia (SAU)"),
        "the plan in words: {summary}"
    );
    assert!(plan.get("changes").is_none(), "only corrections list changes: {plan}");

    let fix = &history[1];
    assert_eq!(fix["event_type"], "ActivityCorrected");
    let actor = fix["actor"].as_str().expect("an actor");
    assert!(actor.starts_with("test-admin-"), "the admin token's name: {actor}");
    assert_eq!(fix["metadata"]["actor"], actor);
    assert_eq!(fix["role"], "admin");
    assert_eq!(fix["request_id"], "audit-request-1");
    assert_eq!(fix["reason"], "the title and the place were wrong");
    let words = fix["summary"].as_str().expect("a summary");
    assert!(words.contains("title") && words.contains("location"), "the correction in words: {words}");
    assert_eq!(
        fix["changes"],
        json!([
            {"field": "title", "old": FIRST_TITLE, "new": "MLA training workshop"},
            {"field": "location", "old": "Riyadh", "new": "Jeddah"},
        ])
    );

    let second = &history[2];
    assert_eq!((second["actor"].as_str(), second["role"].as_str()), (Some(actor), Some("admin")));
    assert!(second["request_id"].as_str().is_some_and(|r| !r.is_empty() && r != "audit-request-1"));
    assert_eq!(second["reason"], "Bahrain joined");
    assert!(second["summary"].as_str().is_some_and(|s| s.contains("countries")), "{second}");
    assert_eq!(
        second["changes"],
        json!([
            {"field": "title", "old": "MLA training workshop", "new": "MLA workshop"},
            {"field": "countries", "old": ["SAU"], "new": ["SAU", "BHR"]},
        ]),
        "old values are those after the first correction"
    );
}

/// The same history in French and Spanish (`?lang=`): each event in that language's words,
/// countries by their names there, the fields and values unchanged.
pub(super) async fn a_history_reads_in_french_and_in_spanish(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = app.planned_activity().await;
    app.command(
        &format!("/api/v1/activities/{id}/corrections"),
        &json!({"reason": "the place was wrong", "changes": {"location": "Jeddah"}}),
    )
    .await;

    // Act
    let in_language = |lang: &str| {
        let path = format!("/api/v1/activities/{id}/history?lang={lang}");
        let app = &app;
        async move { app.get_json(&path).await }
    };
    let (english, french, spanish) =
        (in_language("en").await, in_language("fr").await, in_language("es").await);

    // Assert
    let summary = |history: &serde_json::Value, at: usize| {
        history[at]["summary"].as_str().unwrap_or_default().to_owned()
    };
    let french_plan = summary(&french, 0);
    assert!(french_plan.starts_with("Planification : atelier « "), "{french_plan}");
    assert!(
        french_plan.contains("Arabie saoudite (SAU)") && french_plan.contains(FIRST_TITLE),
        "{french_plan}"
    );
    assert_eq!(summary(&french, 1), "Correction de : location");
    let spanish_plan = summary(&spanish, 0);
    assert!(spanish_plan.starts_with("Planificación: taller «"), "{spanish_plan}");
    assert!(spanish_plan.contains("Arabia Saudita (SAU)"), "{spanish_plan}");
    assert_eq!(summary(&spanish, 1), "Corrección de: location");
    assert!(summary(&english, 0).starts_with("Planned workshop '"), "{english:?}");
    for history in [&french, &spanish] {
        assert_eq!(
            history[1]["changes"], english[1]["changes"],
            "the values are the record's, in any language"
        );
    }
}
