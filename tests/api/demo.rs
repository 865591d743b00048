//! The demo data set goes through the real command path and tells the report's story.

use std::collections::BTreeSet;

use serde_json::Value;
use tatrack_app::demo;
use tatrack_app::App;

use tatrack_testkit::{Backend, Store, TestApp};

tatrack_testkit::on_both_backends!(the_demo_seeds_an_empty_store_once);

const RIYADH: &str = "00000000-0000-4000-8000-000000000201";
const LUANDA: &str = "00000000-0000-4000-8000-000000000202";
const BOLIVIA: &str = "00000000-0000-4000-8000-000000000203";

async fn the_demo_seeds_an_empty_store_once(backend: Backend) {
    let store = Store::fresh(backend).await;
    let db = store.open().await;
    let state = App::new(db.clone());

    let seeded =
        demo::seed_if_empty(&state).await.expect("the demo seeds").expect("an empty store is seeded");
    let again = demo::seed_if_empty(&state).await.expect("a second run is harmless");
    // Every donor the demo names by name resolves to a registered organisation: the migration
    // of free-text donors finds nothing to register.
    let context = tatrack_store::bus::CommandContext {
        actor: "cli".into(),
        role: "admin".into(),
        request_id: uuid::Uuid::new_v4().to_string(),
        ..tatrack_store::bus::CommandContext::default()
    };
    let migrated = state.migrate_donors(false, &context).await.expect("the migration runs");
    assert!(migrated.iter().all(|d| !d.registered && d.organisation_id.is_some()), "{migrated:?}");
    db.close().await;

    assert!(seeded.activities >= 40, "{seeded:?}");
    assert!(seeded.programmes >= 6, "{seeded:?}");
    assert_eq!(again, None, "a store with events is left alone");
    let app = TestApp::start(store).await;
    let riyadh = app.get_json(&format!("/api/v1/activities/{RIYADH}")).await;
    assert_eq!(riyadh["countries"], serde_json::json!(["SAU"]));
    assert_eq!(riyadh["location"], "Riyadh");
    assert_eq!(
        (riyadh["planned_start"].as_str(), riyadh["planned_end"].as_str()),
        (Some("2019-10-20"), Some("2019-10-24"))
    );
    let luanda = app.get_json(&format!("/api/v1/activities/{LUANDA}")).await;
    assert_eq!(luanda["delivery"]["start"], "2019-12-02");
    let bolivia = app.get_json(&format!("/api/v1/activities/{BOLIVIA}")).await;
    assert_eq!(bolivia["countries"], serde_json::json!(["BOL"]));
    assert!(bolivia["outputs"].as_array().is_some_and(|o| !o.is_empty()));
    let mut countries = BTreeSet::new();
    for n in 1..=seeded.activities {
        let activity =
            app.get_json(&format!("/api/v1/activities/00000000-0000-4000-8000-000000000{}", 200 + n)).await;
        if let Value::Array(codes) = &activity["countries"] {
            countries.extend(codes.iter().filter_map(Value::as_str).map(str::to_owned));
        }
    }
    assert!(countries.len() >= 25, "{} countries", countries.len());
    for code in ["COG", "PNG", "SLB", "SOM", "SSD", "TUV"] {
        assert!(countries.contains(code), "pre-accession support to {code}");
    }
    assert_summaries_tell_the_story(&app).await;
}

/// The summaries of the README tour show real, non-zero figures.
async fn assert_summaries_tell_the_story(app: &TestApp) {
    let head = app.get_json("/api/v1/projections/status").await["head"].as_i64().expect("a head");
    let saudi = app.get_json(&format!("/api/v1/countries/SAU/summary?min_position={head}")).await;
    assert_eq!(saudi["activities"]["by_kind"]["workshop"], 1, "{saudi}");
    assert!(saudi["participants"]["total"].as_i64() > Some(0), "{saudi}");
    let eu = app.get_json("/api/v1/donors/European%20Union/summary").await;
    assert!(eu["activities"]["total"].as_i64() > Some(5), "{eu}");
    assert!(eu["countries"].as_array().is_some_and(|c| c.len() > 5), "{eu}");
    assert!(eu["funding"][0]["amount"].as_str().is_some_and(|a| a != "0.00"), "{eu}");
    let firearms = app.get_json("/api/v1/programmes/00000000-0000-4000-8000-000000000101/summary").await;
    assert_eq!(firearms["code"], "GLOFIREARMS");
    assert!(firearms["outputs"]["law_drafted"].as_i64() > Some(0), "{firearms}");
    assert!(firearms["contributions"].as_array().is_some_and(|c| !c.is_empty()), "{firearms}");
    let donors = app.get_json("/api/v1/donors").await;
    assert!(donors.as_array().is_some_and(|d| d.len() >= 6), "{donors}");
    let every = donors.as_array().into_iter().flatten();
    assert!(
        every.clone().all(|d| d["organisation_id"].is_string()),
        "every donor is an organisation: {donors}"
    );
    let eu = every.clone().find(|d| d["donor"] == "European Union").expect("the European Union");
    assert_eq!(eu["organisation_id"], "00000000-0000-4000-8000-00000000e001");
    let riyadh = app.get_json(&format!("/api/v1/activities/{RIYADH}")).await;
    let lines = riyadh["funding"].as_array().into_iter().flatten();
    assert!(lines.clone().count() > 0 && lines.clone().all(|f| f["organisation_id"].is_string()), "{riyadh}");
}
