//! What donors read of people: no small cell, and an organisation that goes by two names
//! counts its people trained once across them, which adding up the names' summaries could not do.

use reqwest::Method;
use serde_json::{json, Value};
use tatrack_testkit::{delivery_body, plan_body, Backend, TestApp};
use uuid::Uuid;

use super::helpers::{attend, delivered, register, summary, Person};

/// A delivered activity of `programme` with `funding`.
async fn funded(app: &TestApp, programme: Uuid, funding: &Value) -> Uuid {
    let id = Uuid::new_v4();
    app.command("/api/v1/activities", &plan_body(id, programme)).await;
    app.command(&format!("/api/v1/activities/{id}/delivery"), &delivery_body()).await;
    app.command(&format!("/api/v1/activities/{id}/funding"), funding).await;
    id
}

pub(super) async fn a_person_trained_under_two_names_of_a_funder_is_one_person(backend: Backend) {
    // Arrange: "EU" recorded as free text, then the European Union registered with that alias
    // and funding by its id; Lina attends one activity under each name.
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let legacy =
        funded(&app, programme, &json!({"donor": "EU", "amount": "100.00", "currency": "EUR"})).await;
    let eu = Uuid::new_v4();
    let organisation = json!({"id": eu, "name": "European Union", "organisation_type": "multilateral",
                              "aliases": ["EU"]});
    app.command("/api/v1/organisations", &organisation).await;
    let by_id =
        funded(&app, programme, &json!({"organisation_id": eu, "amount": "200.00", "currency": "EUR"})).await;
    let people: Vec<Person> =
        (0..6).map(|n| Person::new(&format!("Trainee {n}"), "female", "25_34")).collect();
    for person in &people {
        register(&app, person).await;
    }
    let unscored =
        |range: std::ops::Range<usize>| -> Vec<_> { people[range].iter().map(|p| (p, None, None)).collect() };
    attend(&app, legacy, &unscored(0..3)).await;
    let recorded = attend(&app, by_id, &unscored(2..6)).await;
    let donor =
        app.issue_token(&json!({"name": "donor.eu", "role": "donor", "scope": {"organisation": eu}})).await;
    let path = format!("/api/v1/donors/{eu}/summary?min_position={}", recorded["position"]);

    // Act
    let all = app.get_json(&path).await;
    let seen: Value =
        app.request_as(Some(&donor), Method::GET, &path, None).await.json().await.expect("JSON");

    // Assert: six people, one of them twice; seven heads in the tallies.
    let people = &all["people"];
    assert_eq!((&people["distinct"], &people["trained_more_than_once"]), (&json!(6), &json!(1)), "{people}");
    assert_eq!(all["participants"]["total"], 7, "{}", all["participants"]);
    assert_eq!(seen["people"]["distinct"], 6, "{}", seen["people"]);
    assert_eq!(seen["people"]["trained_more_than_once"], Value::Null, "one person is a cell of one");
    assert_eq!(seen["participants"]["female"], 7);
}

pub(super) async fn small_cells_are_hidden_from_donors(backend: Backend) {
    // Arrange: three women and two men at a training Japan funds.
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let activity = delivered(&app, programme).await;
    let people: Vec<Person> = ["female", "female", "female", "male", "male"]
        .iter()
        .enumerate()
        .map(|(n, sex)| Person::new(&format!("Trainee {n}"), sex, "25_34"))
        .collect();
    for person in &people {
        register(&app, person).await;
    }
    let scored: Vec<_> = people.iter().map(|p| (p, Some(50), Some(70))).collect();
    let last = attend(&app, activity, &scored).await;
    let donor =
        app.issue_token(&json!({"name": "donor.japan", "role": "donor", "scope": {"donor": "Japan"}})).await;

    // Act
    let all = summary(&app, programme, &last["position"]).await;
    let seen = app.request_as(Some(&donor), Method::GET, "/api/v1/donors/Japan/summary", None).await;
    let seen: Value = seen.json().await.expect("JSON");

    // Assert
    assert_eq!((all["people"]["female"].as_i64(), all["people"]["male"].as_i64()), (Some(3), Some(2)));
    let people = &seen["people"];
    assert_eq!(people["suppressed_below"], 5, "{people}");
    assert_eq!(people["distinct"], 5);
    assert_eq!(
        (&people["female"], &people["male"]),
        (&Value::Null, &Value::Null),
        "cells of 1 to 4 are hidden"
    );
    assert_eq!(people["other_or_undisclosed"], 0, "an empty cell reveals no one");
    assert_eq!(people["by_age_band"]["25_34"], 5);
    assert_eq!(people["knowledge_gain"]["mean_gain"].as_f64(), Some(20.0));
    assert!(all["people"].get("suppressed_below").is_none());
    // The tallies the list filled are hidden the same way, in JSON and in a file.
    let tallies = &seen["participants"];
    assert_eq!(tallies["suppressed_below"], 5, "{tallies}");
    assert_eq!((&tallies["female"], &tallies["male"]), (&Value::Null, &Value::Null), "{tallies}");
    assert_eq!((&tallies["total"], &tallies["by_institution"]["prosecutors"]), (&json!(5), &json!(5)));
    assert_eq!((&all["participants"]["female"], &all["participants"]["male"]), (&json!(3), &json!(2)));
    let csv =
        app.request_as(Some(&donor), Method::GET, "/api/v1/donors/Japan/summary?format=csv", None).await;
    let csv = csv.text().await.expect("CSV");
    let female = csv.lines().find(|l| l.contains(",participants,sex,female,")).expect("the female row");
    assert!(female.ends_with(','), "an empty cell, not a count: {female}");
}
