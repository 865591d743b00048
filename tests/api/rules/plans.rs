//! Plans: one breaking a rule records nothing, lower-case codes are accepted and normalised, and
//! a second plan for the same id is refused.

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{
    assert_problem, assert_refused, delivery_body, participants_body, plan_body, Backend, TestApp,
};

use super::refusals::{funding, CONFLICT, INVALID, VALIDATION};

pub(super) async fn plans_breaking_a_rule_record_nothing(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let plan = |changes: Value| {
        let id = Uuid::new_v4();
        let mut body = plan_body(id, programme);
        if let (Some(body), Value::Object(changes)) = (body.as_object_mut(), changes) {
            body.extend(changes);
        }
        (id, body)
    };
    let cases = [
        ("end before start", json!({"planned_end": "2019-10-19"}), "planned_end"),
        ("unknown country", json!({"countries": ["XXX"]}), "countries[0]"),
        ("unknown second country", json!({"countries": ["SAU", "SA"]}), "countries[1]"),
        ("no countries", json!({"countries": []}), "countries"),
        ("duplicate country", json!({"countries": ["SAU", "ARE", "SAU"]}), "countries"),
        ("duplicate country in another case", json!({"countries": ["SAU", "sau"]}), "countries"),
        ("unregistered programme", json!({"programme_id": Uuid::new_v4()}), "programme_id"),
        ("blank title", json!({"title": "   "}), "title"),
        ("unknown kind", json!({"kind": "picnic"}), "kind"),
    ];

    for (case, changes, field) in cases {
        let (id, body) = plan(changes);

        // Act
        let response = app.post("/api/v1/activities", &body).await;

        // Assert
        assert_refused(case, response, INVALID, VALIDATION, Some(field)).await;
        let read = app.get(&format!("/api/v1/activities/{id}")).await;
        assert_problem(read, StatusCode::NOT_FOUND, "/problems/not-found").await;
    }
}

pub(super) async fn lower_case_codes_are_accepted_and_normalised(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let id = Uuid::new_v4();
    let mut plan = plan_body(id, programme);
    plan["countries"] = json!(["sau", "Are"]);
    let base = format!("/api/v1/activities/{id}");

    // Act
    app.command("/api/v1/activities", &plan).await;
    app.command(&format!("{base}/funding"), &funding("2500.50", "eur")).await;
    app.command(&format!("{base}/delivery"), &delivery_body()).await;
    let mut participants = participants_body(3, 4);
    participants["by_institution"] = json!({"prosecutors": 7});
    participants["by_country"] = json!({
        "sau": {"female": 2, "male": 3, "other_or_undisclosed": 0},
        "ARE": {"female": 1, "male": 1, "other_or_undisclosed": 0},
    });
    app.command(&format!("{base}/participants"), &participants).await;

    // Assert
    let activity = app.activity(id).await;
    assert_eq!(activity["countries"], json!(["SAU", "ARE"]));
    assert_eq!(activity["funding"][0]["currency"], "EUR");
    let by_country = activity["participants"]["by_country"].as_object().expect("a country breakdown");
    assert_eq!(by_country.keys().collect::<Vec<_>>(), ["ARE", "SAU"]);
}

pub(super) async fn a_second_plan_for_the_same_id_is_refused(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let id = Uuid::new_v4();
    app.command("/api/v1/activities", &plan_body(id, programme)).await;
    let before = app.activity(id).await;
    let mut other = plan_body(id, programme);
    other["title"] = json!("Another workshop entirely");

    // Act
    let same = app.post("/api/v1/activities", &plan_body(id, programme)).await;
    let different = app.post("/api/v1/activities", &other).await;

    // Assert
    assert_refused("the same plan again", same, CONFLICT, "/problems/already-planned", None).await;
    assert_refused("another plan", different, CONFLICT, "/problems/already-planned", None).await;
    assert_eq!(app.activity(id).await, before);
    assert_eq!(app.history(id).await.len(), 1);
}
