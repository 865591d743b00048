//! Organisations: registered and corrected by admins, listed and searched by everyone who may
//! record funding, and the names they claim.

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, plan_body, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    an_organisation_is_registered_read_back_and_listed,
    a_correction_changes_the_details_and_keeps_the_reason,
    names_and_identifiers_belong_to_one_organisation,
    bad_organisations_are_refused_naming_the_field,
    a_search_finds_names_aliases_and_identifiers,
    an_alias_merges_free_text_donors_in_lists_and_summaries,
    concurrent_claims_of_one_alias_let_one_through,
);

fn eu(id: Uuid) -> Value {
    json!({
        "id": id, "name": "European Union", "iati_identifier": "XI-IATI-EC_INTPA",
        "organisation_type": "multilateral", "aliases": ["EU", "European Commission"]
    })
}

async fn an_organisation_is_registered_read_back_and_listed(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = Uuid::new_v4();

    // Act
    let response = app.post("/api/v1/organisations", &eu(id)).await;

    // Assert
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
    assert_eq!(location, Some(format!("/api/v1/organisations/{id}")));
    let answer: Value = response.json().await.expect("a JSON body");
    let organisation = app.get_json(&format!("/api/v1/organisations/{id}")).await;
    assert_eq!(organisation["name"], "European Union");
    assert_eq!(organisation["iati_identifier"], "XI-IATI-EC_INTPA");
    assert_eq!(organisation["organisation_type"], "multilateral");
    assert_eq!(organisation["organisation_type_code"], "40");
    assert_eq!(organisation["aliases"], json!(["EU", "European Commission"]));
    assert_eq!(organisation["version"], 1);
    assert_eq!(app.organisation_names("", &answer["position"]).await, ["European Union"]);
    let again = app.post("/api/v1/organisations", &eu(id)).await;
    assert_problem(again, StatusCode::CONFLICT, "/problems/already-registered").await;
}

async fn a_correction_changes_the_details_and_keeps_the_reason(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = Uuid::new_v4();
    app.command("/api/v1/organisations", &eu(id)).await;
    let correction = json!({"reason": "Brussels", "changes": {"country": "BEL", "aliases": ["EU"], "iati_identifier": null}});

    // Act
    let answer = app.command(&format!("/api/v1/organisations/{id}/corrections"), &correction).await;

    // Assert
    assert_eq!(answer["version"], 2);
    let organisation = app.get_json(&format!("/api/v1/organisations/{id}")).await;
    assert_eq!(organisation["country"], "BEL");
    assert_eq!(organisation["aliases"], json!(["EU"]));
    assert_eq!(organisation["iati_identifier"], Value::Null);
    let list = app.get_json(&format!("/api/v1/organisations?min_position={}", answer["position"])).await;
    assert_eq!(list[0]["country"], "BEL");
    let same = app.post(&format!("/api/v1/organisations/{id}/corrections"), &correction).await;
    let problem = assert_problem(same, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation").await;
    assert_eq!(problem["field"], "changes");
    let unknown =
        app.post(&format!("/api/v1/organisations/{}/corrections", Uuid::new_v4()), &correction).await;
    assert_problem(unknown, StatusCode::NOT_FOUND, "/problems/not-found").await;
}

async fn names_and_identifiers_belong_to_one_organisation(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let first = Uuid::new_v4();
    app.command("/api/v1/organisations", &eu(first)).await;
    let clash = |name: &str, iati: Value| json!({"id": Uuid::new_v4(), "name": name, "iati_identifier": iati, "organisation_type": "government"});

    // Act and assert: an alias (in another letter case) and an identifier are taken.
    for body in [clash("eu", Value::Null), clash("Commission", json!("XI-IATI-EC_INTPA"))] {
        let refused = app.post("/api/v1/organisations", &body).await;
        assert_problem(refused, StatusCode::CONFLICT, "/problems/organisation-name-taken").await;
    }
    // A name the first organisation gives up is free for another.
    let release = json!({"reason": "not an alias", "changes": {"aliases": ["EU"]}});
    app.command(&format!("/api/v1/organisations/{first}/corrections"), &release).await;
    app.command("/api/v1/organisations", &clash("European Commission", Value::Null)).await;
}

async fn bad_organisations_are_refused_naming_the_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let cases = [
        ("iati_identifier", json!({"iati_identifier": "EU-1"})),
        ("organisation_type", json!({"organisation_type": "charity"})),
        ("country", json!({"country": "EUR"})),
        ("aliases", json!({"aliases": ["EU", "eu"]})),
        ("name", json!({"name": " "})),
    ];
    for (field, change) in cases {
        let mut body = eu(Uuid::new_v4());
        for (key, value) in change.as_object().expect("an object") {
            body[key] = value.clone();
        }
        let refused = app.post("/api/v1/organisations", &body).await;
        let problem = assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation").await;
        assert_eq!(problem["field"], field, "{problem}");
    }
}

async fn a_search_finds_names_aliases_and_identifiers(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    app.command("/api/v1/organisations", &eu(Uuid::new_v4())).await;
    let us = json!({"id": Uuid::new_v4(), "name": "United States of America", "iati_identifier": "US-GOV-1",
                    "organisation_type": "government", "country": "USA", "aliases": ["USA"]});
    let position = app.command("/api/v1/organisations", &us).await["position"].clone();

    // Act and assert
    assert_eq!(app.organisation_names("", &position).await, ["European Union", "United States of America"]);
    assert_eq!(app.organisation_names("&q=commission", &position).await, ["European Union"]);
    assert_eq!(app.organisation_names("&q=us-gov", &position).await, ["United States of America"]);
    assert_eq!(app.organisation_names("&q=50%25", &position).await, Vec::<String>::new());
}

async fn an_alias_merges_free_text_donors_in_lists_and_summaries(backend: Backend) {
    // Arrange: funding recorded under two names before any organisation existed.
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    for (donor, amount) in [("EU", "100.00"), ("European Union", "200.50"), ("Japan", "1000")] {
        let id = Uuid::new_v4();
        app.command("/api/v1/activities", &plan_body(id, programme)).await;
        let currency = if donor == "Japan" { "JPY" } else { "EUR" };
        let funding = json!({"donor": donor, "amount": amount, "currency": currency});
        app.command(&format!("/api/v1/activities/{id}/funding"), &funding).await;
    }
    let id = Uuid::new_v4();
    let register = json!({"id": id, "name": "European Union", "organisation_type": "multilateral"});
    let position = app.command("/api/v1/organisations", &register).await["position"].clone();
    let donors = app.get_json(&format!("/api/v1/donors?min_position={position}")).await;
    let names: Vec<&str> =
        donors.as_array().expect("a list").iter().filter_map(|d| d["donor"].as_str()).collect();
    assert_eq!(names, ["EU", "European Union", "Japan"], "no alias yet: {donors}");

    // Act: "EU" becomes an alias of the European Union.
    let alias = json!({"reason": "the desk's shorthand", "changes": {"aliases": ["EU"]}});
    let position =
        app.command(&format!("/api/v1/organisations/{id}/corrections"), &alias).await["position"].clone();

    // Assert: one donor, under its canonical name and id, in the list and in every summary.
    let donors = app.get_json(&format!("/api/v1/donors?min_position={position}")).await;
    assert_eq!(
        donors,
        json!([
            {"donor": "European Union", "organisation_id": id.to_string(), "recorded_as": ["EU", "European Union"]},
            {"donor": "Japan"},
        ])
    );
    for key in [id.to_string(), "EU".to_owned(), "european%20union".to_owned()] {
        let summary = app.get_json(&format!("/api/v1/donors/{key}/summary")).await;
        assert_eq!(summary["donor"], "European Union", "{key}");
        assert_eq!(summary["organisation_id"], id.to_string(), "{key}");
        assert_eq!(summary["activities"]["total"], 2, "{key}: {summary}");
        assert_eq!(
            summary["funding"],
            json!([{"donor": "European Union", "organisation_id": id.to_string(), "currency": "EUR", "amount": "300.50"}])
        );
    }
    let programme_summary = app.get_json(&format!("/api/v1/programmes/{programme}/summary")).await;
    assert_eq!(
        programme_summary["funding"],
        json!([
            {"donor": "European Union", "organisation_id": id.to_string(), "currency": "EUR", "amount": "300.50"},
            {"donor": "Japan", "currency": "JPY", "amount": "1000"},
        ]),
        "one line per organisation and currency in every scope"
    );
    let funding =
        app.get("/api/v1/activities?format=csv&table=funding").await.text().await.unwrap_or_default();
    assert_eq!(funding.matches("European Union").count(), 2, "{funding}");
    assert!(!funding.contains(",EU,"), "{funding}");
    let summary = app.get("/api/v1/donors/EU/summary?format=csv").await.text().await.unwrap_or_default();
    assert!(summary.contains(&format!(",funding,donor,European Union,{id},EUR,300.50")), "{summary}");
    let listed = app.get("/api/v1/donors?format=csv&headers=machine").await.text().await.unwrap_or_default();
    assert!(listed.starts_with("donor,organisation_id,recorded_as\r\n"), "{listed}");
    assert!(listed.contains(&format!("European Union,{id},EU; European Union\r\n")), "{listed}");
    let japan = app.get_json("/api/v1/donors/Japan/summary").await;
    assert_eq!((japan["donor"].clone(), japan.get("organisation_id")), (json!("Japan"), None));
}

async fn concurrent_claims_of_one_alias_let_one_through(backend: Backend) {
    // Arrange: twelve organisations, each claiming "EU" as an alias at once.
    let app = TestApp::spawn(backend).await;
    let bodies: Vec<Value> = (0..12)
        .map(|n| json!({"id": Uuid::new_v4(), "name": format!("Claimant {n}"), "organisation_type": "other", "aliases": ["EU"]}))
        .collect();

    // Act
    let created =
        app.post_at_once("/api/v1/organisations", &bodies, "/problems/organisation-name-taken").await;

    // Assert
    assert_eq!(created.len(), 1, "exactly one organisation holds EU");
    let (winner, answer) = &created[0];
    let position = &answer["position"];
    let list = app.get_json(&format!("/api/v1/organisations?min_position={position}")).await;
    let names: Vec<&Value> = list.as_array().expect("a list").iter().map(|o| &o["name"]).collect();
    assert_eq!(names, [&winner["name"]]);
}
