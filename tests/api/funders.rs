//! Funding lines, their amendments and programme contributions name the organisation that gives
//! the money; donor tokens read for an organisation; free-text donors recorded before
//! organisations existed are migrated.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_app::App;
use tatrack_store::bus::CommandContext;
use tatrack_testkit::{assert_problem, delivery_body, plan_body, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    funding_names_its_organisation_by_id_or_by_a_name_it_goes_by,
    an_unknown_organisation_is_refused_naming_the_field,
    a_donor_token_of_an_organisation_reads_its_funding_under_every_name,
    the_migration_registers_each_free_text_donor_no_organisation_claims,
);

fn eu(id: Uuid) -> Value {
    json!({"id": id, "name": "European Union", "iati_identifier": "XI-IATI-EC_INTPA",
           "organisation_type": "multilateral", "aliases": ["EU"]})
}

fn norway(id: Uuid) -> Value {
    json!({"id": id, "name": "Norway", "iati_identifier": "XM-DAC-8-1", "organisation_type": "government",
           "country": "NOR"})
}

/// Plans an activity in `programme` and attributes `funding` to it; returns its id.
async fn funded(app: &TestApp, programme: Uuid, funding: &Value) -> Uuid {
    let id = Uuid::new_v4();
    app.command("/api/v1/activities", &plan_body(id, programme)).await;
    app.command(&format!("/api/v1/activities/{id}/funding"), funding).await;
    id
}

async fn funding_names_its_organisation_by_id_or_by_a_name_it_goes_by(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let (eu_id, norway_id) = (Uuid::new_v4(), Uuid::new_v4());
    app.command("/api/v1/organisations", &eu(eu_id)).await;
    app.command("/api/v1/organisations", &norway(norway_id)).await;
    let programme = app.programme().await;

    // Act: by id, by an alias in another letter case, and a contribution by id.
    let by_id =
        funded(&app, programme, &json!({"organisation_id": eu_id, "amount": "100.00", "currency": "EUR"}))
            .await;
    let by_alias =
        funded(&app, programme, &json!({"donor": "eu", "amount": "50.00", "currency": "EUR"})).await;
    let contribution = json!({"organisation_id": norway_id, "amount": "1000.00", "currency": "NOK",
                              "received_on": "2019-03-01"});
    app.command(&format!("/api/v1/programmes/{programme}/contributions"), &contribution).await;
    // An amendment moves the first line to Norway, by id.
    app.command(&format!("/api/v1/activities/{by_id}/delivery"), &delivery_body()).await;
    let amendment = json!({"reason": "Norway paid", "line": 0, "organisation_id": norway_id,
                           "amount": "100.00", "currency": "NOK"});
    let answer = app.command_at_current_version(by_id, "funding/amendment", &amendment).await;

    // Assert: the line keeps the name recorded (the canonical name when only the id was given).
    let line = |activity: &Value| activity["funding"][0].clone();
    assert_eq!(
        line(&app.activity(by_alias).await),
        json!({"donor": "EU", "organisation_id": eu_id, "amount": "50.00", "currency": "EUR"}),
        "recorded under the alias as the organisation spells it"
    );
    assert_eq!(
        line(&app.activity(by_id).await),
        json!({"donor": "Norway", "organisation_id": norway_id, "amount": "100.00", "currency": "NOK"})
    );
    let record = app.get_json(&format!("/api/v1/programmes/{programme}")).await;
    assert_eq!(record["contributions"][0]["organisation_id"], json!(norway_id), "{record}");
    assert_eq!(record["contributions"][0]["donor"], "Norway");
    let history = app.history(by_id).await;
    let amended = history.iter().find(|e| e["event_type"] == "FundingAmended").expect("the amendment");
    assert_eq!(amended["event_version"], "1.1", "{amended}");
    let donors = app.get_json(&format!("/api/v1/donors?min_position={}", answer["position"])).await;
    assert_eq!(
        donors,
        json!([
            {"donor": "European Union", "organisation_id": eu_id.to_string(), "recorded_as": ["EU"]},
            {"donor": "Norway", "organisation_id": norway_id.to_string()},
        ])
    );
}

async fn an_unknown_organisation_is_refused_naming_the_field(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let eu_id = Uuid::new_v4();
    app.command("/api/v1/organisations", &eu(eu_id)).await;
    let programme = app.programme().await;
    let activity = Uuid::new_v4();
    app.command("/api/v1/activities", &plan_body(activity, programme)).await;
    let stranger = Uuid::new_v4();
    let funding = format!("/api/v1/activities/{activity}/funding");
    let contributions = format!("/api/v1/programmes/{programme}/contributions");
    let cases = [
        (
            &funding,
            json!({"organisation_id": stranger, "amount": "1.00", "currency": "EUR"}),
            "organisation_id",
        ),
        (
            &funding,
            json!({"organisation_id": eu_id, "donor": "Japan", "amount": "1.00", "currency": "EUR"}),
            "donor",
        ),
        (&funding, json!({"amount": "1.00", "currency": "EUR"}), "organisation_id"),
        (
            &contributions,
            json!({"organisation_id": stranger, "amount": "1.00", "currency": "EUR", "received_on": "2019-03-01"}),
            "organisation_id",
        ),
    ];

    // Act and assert
    for (path, body, field) in cases {
        let refused = app.post(path, &body).await;
        let problem = assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation").await;
        assert_eq!(problem["field"], field, "{body}: {problem}");
        assert!(problem["detail"].as_str().is_some_and(|d| !d.is_empty()), "{problem}");
    }
    app.command(&format!("/api/v1/activities/{activity}/delivery"), &delivery_body()).await;
    app.command(&funding, &json!({"organisation_id": eu_id, "amount": "1.00", "currency": "EUR"})).await;
    let version = format!("\"{}\"", app.activity(activity).await["version"]);
    let amendment =
        json!({"reason": "r", "line": 0, "organisation_id": stranger, "amount": "2.00", "currency": "EUR"});
    let refused = app
        .post_with(
            &format!("/api/v1/activities/{activity}/funding/amendment"),
            &amendment,
            &[("if-match", &version)],
        )
        .await;
    let problem = assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation").await;
    assert_eq!(problem["field"], "organisation_id");
    let token = json!({"name": "donor.nobody", "role": "donor", "scope": {"organisation": stranger}});
    let refused = app.post("/api/v1/tokens", &token).await;
    let problem = assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation").await;
    assert_eq!(problem["field"], "scope.organisation");
    assert_eq!(app.activity(activity).await["funding"].as_array().map(Vec::len), Some(1));
}

async fn a_donor_token_of_an_organisation_reads_its_funding_under_every_name(backend: Backend) {
    // Arrange: "EU" recorded as free text, then the European Union registered with that alias,
    // then funding by its id; Japan funds a third activity.
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let legacy =
        funded(&app, programme, &json!({"donor": "EU", "amount": "100.00", "currency": "EUR"})).await;
    let eu_id = Uuid::new_v4();
    app.command("/api/v1/organisations", &eu(eu_id)).await;
    let by_id =
        funded(&app, programme, &json!({"organisation_id": eu_id, "amount": "200.50", "currency": "EUR"}))
            .await;
    let japan =
        funded(&app, programme, &json!({"donor": "Japan", "amount": "1000", "currency": "JPY"})).await;
    let head = app.get_json("/api/v1/projections/status").await["head"].clone();
    app.get_json(&format!("/api/v1/donors?min_position={head}")).await;
    let by_organisation = app
        .issue_token(&json!({"name": "donor.eu", "role": "donor", "scope": {"organisation": eu_id}}))
        .await;
    let by_old_name = app
        .issue_token(&json!({"name": "donor.eu.old", "role": "donor", "scope": {"donor": "European Union"}}))
        .await;

    for token in [&by_organisation, &by_old_name] {
        let get = |path: String| {
            let app = &app;
            async move { app.request_as(Some(token), Method::GET, &path, None).await }
        };
        let json = |path: String| {
            let get = &get;
            async move {
                let response = get(path.clone()).await;
                assert_eq!(response.status(), StatusCode::OK, "GET {path}");
                response.json::<Value>().await.expect("a JSON body")
            }
        };

        // Act and assert: one donor, both activities, every amount, under every path.
        let donors = json("/api/v1/donors".into()).await;
        assert_eq!(donors[0]["donor"], "European Union", "{donors}");
        assert_eq!(donors[0]["organisation_id"], eu_id.to_string(), "{donors}");
        assert_eq!(donors.as_array().map(Vec::len), Some(1), "{donors}");
        let summary = json(format!("/api/v1/donors/{eu_id}/summary")).await;
        assert_eq!(summary["activities"]["total"], 2, "{summary}");
        assert_eq!(
            summary["funding"],
            json!([{"donor": "European Union", "organisation_id": eu_id.to_string(), "currency": "EUR", "amount": "300.50"}])
        );
        let country = json("/api/v1/countries/SAU/summary".into()).await;
        assert_eq!(country["activities"]["total"], 2, "{country}");
        assert_eq!(
            country["funding"],
            json!([{"donor": "European Union", "organisation_id": eu_id.to_string(), "currency": "EUR", "amount": "300.50"}])
        );
        let map = json("/api/v1/countries".into()).await;
        assert_eq!(map, json!([{"country": "SAU", "activities": 2}]), "both names, each activity once");
        let map = json("/api/v1/countries?from=2019-10-01&to=2019-10-31".into()).await;
        assert_eq!(map, json!([{"country": "SAU", "activities": 2}]), "whole months: {map}");
        let list = json("/api/v1/activities".into()).await;
        let mut ids: Vec<&str> =
            list["items"].as_array().expect("items").iter().filter_map(|a| a["id"].as_str()).collect();
        ids.sort_unstable();
        let mut expected = vec![legacy.to_string(), by_id.to_string()];
        expected.sort();
        assert_eq!(ids, expected, "{list}");
        for id in [legacy, by_id] {
            assert_eq!(get(format!("/api/v1/activities/{id}")).await.status(), StatusCode::OK);
        }
        assert_eq!(get(format!("/api/v1/activities/{japan}")).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(get("/api/v1/donors/Japan/summary".into()).await.status(), StatusCode::NOT_FOUND);
        let csv =
            get("/api/v1/activities?format=csv&table=funding".into()).await.text().await.unwrap_or_default();
        assert_eq!(csv.matches("European Union").count(), 2, "{csv}");
        assert_eq!(csv.matches(&eu_id.to_string()).count(), 2, "every line names the organisation: {csv}");
        assert!(!csv.contains("Japan"), "{csv}");
    }

    // A rename keeps the former name as an alias: nothing recorded under it is lost.
    let rename = json!({"reason": "the directorate's name", "changes": {"name": "EU - DG INTPA"}});
    let answer = app.command(&format!("/api/v1/organisations/{eu_id}/corrections"), &rename).await;
    let summary = app
        .request_as(
            Some(&by_organisation),
            Method::GET,
            &format!("/api/v1/donors/{eu_id}/summary?min_position={}", answer["position"]),
            None,
        )
        .await
        .json::<Value>()
        .await
        .expect("a JSON body");
    assert_eq!(summary["donor"], "EU - DG INTPA", "{summary}");
    assert_eq!(summary["activities"]["total"], 2, "{summary}");
    assert_eq!(summary["funding"][0]["amount"], "300.50", "{summary}");
}

async fn the_migration_registers_each_free_text_donor_no_organisation_claims(backend: Backend) {
    // Arrange: free text under three names, one of which an organisation claims by alias.
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    for (donor, currency) in [("EU", "EUR"), ("Japan", "JPY"), ("japan", "JPY")] {
        funded(&app, programme, &json!({"donor": donor, "amount": "10", "currency": currency})).await;
    }
    let contribution =
        json!({"donor": "Sweden", "amount": "5", "currency": "SEK", "received_on": "2019-03-01"});
    app.command(&format!("/api/v1/programmes/{programme}/contributions"), &contribution).await;
    let eu_id = Uuid::new_v4();
    app.command("/api/v1/organisations", &eu(eu_id)).await;
    let store = app.stop().await;

    // Act: the migration, twice.
    let db = store.open().await;
    let state = App::new(db.clone());
    let context = CommandContext {
        actor: "cli".into(),
        role: "admin".into(),
        request_id: Uuid::new_v4().to_string(),
        ..CommandContext::default()
    };
    let first = state.migrate_donors(false, &context).await.expect("the migration runs");
    let second = state.migrate_donors(false, &context).await.expect("the migration reruns");
    db.close().await;

    // Assert: Japan (in two spellings) and Sweden became organisations, once; EU was claimed.
    let summary = |donors: &[tatrack_app::funders::LegacyDonor]| -> Vec<(String, u64, bool)> {
        donors.iter().map(|d| (d.name.clone(), d.recorded, d.registered)).collect()
    };
    assert_eq!(
        summary(&first),
        [("EU".to_owned(), 1, false), ("Japan".to_owned(), 2, true), ("Sweden".to_owned(), 1, true)]
    );
    assert_eq!(first[0].organisation_id, Some(eu_id.to_string()));
    assert_eq!(summary(&second).iter().filter(|(_, _, registered)| *registered).count(), 0, "{second:?}");
    assert_eq!(
        first.iter().map(|d| d.organisation_id.clone()).collect::<Vec<_>>(),
        second.iter().map(|d| d.organisation_id.clone()).collect::<Vec<_>>()
    );
    let app = TestApp::start(store).await;
    let head = app.get_json("/api/v1/projections/status").await["head"].clone();
    let donors = app.get_json(&format!("/api/v1/donors?min_position={head}")).await;
    let listed: Vec<(String, bool)> = donors
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| (d["donor"].as_str().unwrap_or_default().to_owned(), d["organisation_id"].is_string()))
        .collect();
    assert_eq!(
        listed,
        [("European Union".to_owned(), true), ("Japan".to_owned(), true), ("Sweden".to_owned(), true)],
        "{donors}"
    );
    let japan = app.get_json("/api/v1/donors/japan/summary").await;
    let japan_id = japan["organisation_id"].clone();
    assert!(japan_id.is_string(), "{japan}");
    assert_eq!(
        japan["funding"],
        json!([{"donor": "Japan", "organisation_id": japan_id, "currency": "JPY", "amount": "20"}]),
        "{japan}"
    );
    let next = funded(&app, programme, &json!({"donor": "Sweden", "amount": "1", "currency": "SEK"})).await;
    assert!(app.activity(next).await["funding"][0]["organisation_id"].is_string());

    // The projector's rows, legacy and 1.1 events alike, are what a replay of the log builds.
    let head = app.get_json("/api/v1/projections/status").await["head"].clone();
    app.get_json(&format!("/api/v1/donors?min_position={head}")).await;
    let db = tatrack_store::Db::connect(&app.store.url).await.expect("the store opens");
    let (live, replayed) = tatrack_testkit::live_and_replayed(&db).await;
    assert_eq!(replayed, live);
}
