//! Publishing whole documents: a donor's and an adviser's hold only their scope, one spans many
//! pages (and compresses), refusals are problems, the publisher's settings and sector overrides
//! apply, and a record that left the scope is skipped while the list lags.

use std::io::Read as _;

use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use tatrack_app::iati::IatiSettings;
use tatrack_testkit::{assert_problem, programme_body, unique_code, Backend, Store, TestApp};

use super::document::{activities, document, fund, identifier, plan, programme, settle, Element, DOCUMENT};

pub(super) async fn a_donor_document_holds_only_its_scope(backend: Backend) {
    // Arrange: the EU co-funds one activity with Japan; Japan alone funds another.
    let app = TestApp::spawn(backend).await;
    let (programme, _) = programme(&app, "money_laundering").await;
    let shared = plan(&app, programme, json!({})).await;
    fund(&app, shared, "European Union", "5000.00", "EUR").await;
    fund(&app, shared, "Japan", "200", "JPY").await;
    let japanese = plan(&app, programme, json!({"countries": ["AGO"]})).await;
    fund(&app, japanese, "Japan", "300", "JPY").await;
    let eu = app
        .issue_token(&json!({"name": "iati.eu", "role": "donor", "scope": {"donor": "European Union"}}))
        .await;
    let sau = app
        .issue_token(&json!({"name": "iati.sau", "role": "adviser", "scope": {"countries": ["SAU"]}}))
        .await;

    // Act
    let as_eu = document(&app, Some(&eu), "", "donor-eu", backend).await;
    let as_adviser = document(&app, Some(&sau), "", "adviser-sau", backend).await;
    let everything = document(&app, None, "", "admin", backend).await;

    // Assert: the EU sees its activity, its own money and itself as the only funder.
    let root = Element::parse(&as_eu);
    let seen = activities(&root);
    assert_eq!(seen.keys().collect::<Vec<_>>(), [&identifier(shared)]);
    let activity = seen[&identifier(shared)];
    let providers: Vec<&str> =
        activity.all("transaction").map(|t| t.one("provider-org").narrative()).collect();
    assert_eq!(providers, ["European Union"]);
    let funders: Vec<&str> =
        activity.all("participating-org").filter(|o| o.attr("role") == "1").map(Element::narrative).collect();
    assert_eq!(funders, ["European Union"]);
    assert!(!as_eu.contains("Japan"), "another donor's name leaks: {as_eu}");
    // An adviser for SAU sees the SAU activity only, every donor's money on it.
    let root = Element::parse(&as_adviser);
    let seen = activities(&root);
    assert_eq!(seen.keys().collect::<Vec<_>>(), [&identifier(shared)]);
    assert_eq!(seen[&identifier(shared)].all("transaction").count(), 2);
    // The admin sees both.
    assert_eq!(activities(&Element::parse(&everything)).len(), 2);
    // A donor may not ask for another donor's document; a filter that leaves nothing is 404.
    let other = app.request_as(Some(&eu), Method::GET, &format!("{DOCUMENT}?donor=Japan"), None).await;
    assert_problem(other, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    let none = app.request_as(Some(&eu), Method::GET, &format!("{DOCUMENT}?country=AGO"), None).await;
    assert_problem(none, StatusCode::NOT_FOUND, "/problems/not-found").await;
}

pub(super) async fn a_document_spans_many_pages(backend: Backend) {
    // Arrange: more activities than one page of the list (100).
    let app = TestApp::spawn(backend).await;
    let (programme, _) = programme(&app, "terrorism_prevention").await;
    let mut ids = Vec::new();
    for day in 0..105_u32 {
        let start = format!("2019-01-{:02}", day % 28 + 1);
        ids.push(plan(&app, programme, json!({"planned_start": start, "planned_end": "2019-02-01"})).await);
    }

    // Act
    let xml = document(
        &app,
        None,
        &format!("?programme={programme}&from=2019-01-01&to=2019-12-31"),
        "pages",
        backend,
    )
    .await;

    // Assert: every activity once, none twice.
    let root = Element::parse(&xml);
    assert_eq!(root.all("iati-activity").count(), ids.len());
    let listed = activities(&root);
    for id in &ids {
        assert!(listed.contains_key(&identifier(*id)), "{id} is missing");
    }
    assert!(listed.values().all(|a| a.one("sector").attr("code") == "15210"));
    // Compressed when asked, chunk after chunk, to the same document.
    let response = app
        .client
        .get(app.url(&format!("{DOCUMENT}?programme={programme}")))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
    let gzip = response.bytes().await.expect("the whole body");
    let mut inflated = String::new();
    flate2::read::GzDecoder::new(gzip.as_ref()).read_to_string(&mut inflated).expect("gzip decodes");
    let unzipped = Element::parse(&inflated);
    assert_eq!(activities(&unzipped).keys().collect::<Vec<_>>(), listed.keys().collect::<Vec<_>>());
}

pub(super) async fn refusals_are_problems(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (programme, _) = programme(&app, "corruption").await;
    plan(&app, programme, json!({})).await;
    for (query, status, kind) in [
        ("?country=XYZ", StatusCode::BAD_REQUEST, "/problems/bad-request"),
        ("?from=2300-01-01", StatusCode::BAD_REQUEST, "/problems/bad-request"),
        ("?from=2020-01-01&to=2019-01-01", StatusCode::BAD_REQUEST, "/problems/bad-request"),
        ("?from=yesterday", StatusCode::BAD_REQUEST, "/problems/bad-request"),
        ("?format=csv", StatusCode::BAD_REQUEST, "/problems/bad-request"),
        ("?programme=NO-SUCH-CODE", StatusCode::NOT_FOUND, "/problems/not-found"),
        ("?from=2030-01-01", StatusCode::NOT_FOUND, "/problems/not-found"),
    ] {
        let response = app.get(&format!("{DOCUMENT}{query}")).await;
        assert_problem(response, status, kind).await;
    }
    let anonymous = app.request_as(None, Method::GET, DOCUMENT, None).await;
    assert_problem(anonymous, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
}

pub(super) async fn without_an_org_ref_the_export_is_refused(backend: Backend) {
    let store = Store::fresh(backend).await;
    let app = TestApp::start_with_settings(store, |s| s.iati = IatiSettings::default()).await;
    let (programme, _) = programme(&app, "corruption").await;
    plan(&app, programme, json!({})).await;
    let response = app.get(DOCUMENT).await;
    let problem = assert_problem(response, StatusCode::CONFLICT, "/problems/iati-not-configured").await;
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("TATRACK_IATI_ORG_REF")), "{problem}");
}

pub(super) async fn the_publisher_and_sector_overrides_apply(backend: Backend) {
    // Arrange: a wildlife programme whose work is anti-corruption, reported under 15113, and
    // a publisher with a name and type of its own.
    let (code, other_code) = (unique_code(), unique_code());
    let settings = IatiSettings::parse(
        Some("XX-OVERRIDE-1"),
        Some("Example <Office> & \"Partners\""),
        Some("21"),
        &[format!("{code}=15113"), format!("{other_code}=16063")],
    )
    .expect("valid settings");
    let app = TestApp::start_with_settings(Store::fresh(backend).await, |s| s.iati = settings).await;
    let programme = Uuid::new_v4();
    let mut body = programme_body(programme, &code);
    body["thematic_area"] = json!("wildlife_and_forest_crime");
    app.command("/api/v1/programmes", &body).await;
    let (plain, _) = self::programme(&app, "wildlife_and_forest_crime").await;
    let overridden = plan(&app, programme, json!({})).await;
    // Funded, and planned years ahead: its transaction is dated today, never in the future.
    let ahead = plan(&app, plain, json!({"planned_start": "2199-01-01", "planned_end": "2199-01-02"})).await;
    fund(&app, ahead, "Norway", "5000", "NOK").await;

    // Act
    let xml = document(&app, None, "", "overrides", backend).await;

    // Assert
    let root = Element::parse(&xml);
    let generated_day = root.attr("generated-datetime")[..10].to_owned();
    let listed = activities(&root);
    let first = listed[&format!("XX-OVERRIDE-1-{overridden}")];
    assert_eq!(first.one("sector").attr("code"), "15113", "the override");
    let reporting = first.one("reporting-org");
    assert_eq!((reporting.attr("ref"), reporting.attr("type")), ("XX-OVERRIDE-1", "21"));
    assert_eq!(reporting.narrative(), "Example <Office> & \"Partners\"");
    let second = listed[&format!("XX-OVERRIDE-1-{ahead}")];
    assert_eq!(second.one("sector").attr("code"), "41030", "the thematic area's code");
    let transaction = second.one("transaction");
    assert_eq!(transaction.one("transaction-date").attr("iso-date"), generated_day);
    assert_eq!(transaction.one("value").attr("value-date"), generated_day);
    assert_eq!(transaction.one("receiver-org").attr("ref"), "XX-OVERRIDE-1");
}

pub(super) async fn a_record_that_left_the_scope_is_skipped_while_the_list_lags(backend: Backend) {
    // Arrange: the EU funds two activities, listed as such; then, with no projector running,
    // it withdraws from one, so the list still names it while its record no longer does.
    let app = TestApp::spawn(backend).await;
    let (programme, _) = programme(&app, "corruption").await;
    let (kept, left) = (plan(&app, programme, json!({})).await, plan(&app, programme, json!({})).await);
    fund(&app, kept, "European Union", "100.00", "EUR").await;
    fund(&app, left, "European Union", "200.00", "EUR").await;
    let eu = app
        .issue_token(&json!({"name": "iati.eu", "role": "donor", "scope": {"donor": "European Union"}}))
        .await;
    settle(&app).await;
    let app = TestApp::start_with(app.stop().await, false).await;
    let withdrawal = json!({"donor": "European Union", "reason": "moved to another activity"});
    app.command(&format!("/api/v1/activities/{left}/funding/withdrawal"), &withdrawal).await;

    // Act
    let response = app.request_as(Some(&eu), Method::GET, DOCUMENT, None).await;
    let status = response.status();
    let xml = response.text().await.expect("a body");

    // Assert
    assert_eq!(status, StatusCode::OK, "{xml}");
    let root = Element::parse(&xml);
    assert_eq!(activities(&root).keys().collect::<Vec<_>>(), [&identifier(kept)]);
}
