//! The annual report's activity statistics, written from the log: sentences as a person would
//! write them, every figure with the activities behind it, a check that fails once an amendment
//! changes a published figure, and the reference report's facts from the demo data set.
//!
//! Beside this file: `docx` (the report as a Word document) and `languages` (the report in French
//! and Spanish).

mod docx;
mod languages;

use docx::a_report_downloads_as_a_word_document_naming_and_linking_each_activity;
use languages::the_demo_report_reads_in_french_and_spanish_with_the_english_figures;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tatrack_report::text::plain;
use tatrack_report::verify::{verify, Finding};
use tatrack_report::Report;
use tatrack_store::Db;
use uuid::Uuid;

use tatrack_testkit::{
    assert_problem, participants_body, plan_body, programme_body, unique_code, Backend, Store, TestApp,
};

tatrack_testkit::on_both_backends!(
    a_report_reads_as_written_and_names_the_activities_behind_each_figure,
    a_donor_report_holds_only_what_the_donor_funds,
    the_check_fails_naming_the_figure_an_amendment_changed,
    the_demo_report_states_the_reference_report_facts,
    bad_report_questions_are_refused,
    a_report_never_answers_from_a_log_the_chain_has_not_reached,
    a_report_downloads_as_a_word_document_naming_and_linking_each_activity,
    the_demo_report_reads_in_french_and_spanish_with_the_english_figures,
);

const PERIOD: &str = "from=2019-02-01&to=2020-02-29";

struct Scenario {
    app: TestApp,
    code: String,
    bolivia: Uuid,
    car: Uuid,
    riyadh: Uuid,
    kinshasa: Uuid,
    niamey: Uuid,
}

/// One firearms programme: two legislative assistance activities (Bolivia, with a law drafted,
/// and the Central African Republic), the Riyadh workshop (funded by the United States), a
/// regional workshop in Kinshasa, and a training in Niamey still only planned.
async fn scenario(backend: Backend) -> Scenario {
    let app = TestApp::spawn(backend).await;
    let programme = Uuid::new_v4();
    let code = unique_code();
    app.command("/api/v1/programmes", &programme_body(programme, &code)).await;
    let plan = |kind: &str, title: &str, countries: Value, location: &str, (start, end): (&str, &str)| {
        json!({"id": Uuid::new_v4(), "programme_id": programme, "kind": kind, "title": title,
               "countries": countries, "location": location, "planned_start": start, "planned_end": end})
    };
    let delivered = |start: &str, end: &str| json!({"start": start, "end": end, "mode": "in_person"});
    let planned = |body: &Value| Uuid::parse_str(body["id"].as_str().unwrap_or_default()).expect("an id");

    let bolivia = plan(
        "legislative_assistance",
        "Legislative workshop on the Firearms Protocol",
        json!(["BOL"]),
        "La Paz",
        ("2019-06-11", "2019-06-12"),
    );
    let car = plan(
        "legislative_assistance",
        "Legislative support on firearms",
        json!(["CAF"]),
        "Bangui",
        ("2019-05-14", "2019-05-16"),
    );
    let kinshasa = plan(
        "workshop",
        "Workshop for Central African States",
        json!(["COD", "CAF", "CMR"]),
        "Kinshasa",
        ("2019-11-05", "2019-11-07"),
    );
    let niamey = plan(
        "training",
        "Training on firearms trafficking",
        json!(["NER"]),
        "Niamey",
        ("2019-12-01", "2019-12-03"),
    );
    let riyadh = Uuid::new_v4();
    for body in [&bolivia, &car, &kinshasa, &niamey] {
        app.command("/api/v1/activities", body).await;
    }
    app.command("/api/v1/activities", &plan_body(riyadh, programme)).await;
    let (bolivia, car, kinshasa, niamey) =
        (planned(&bolivia), planned(&car), planned(&kinshasa), planned(&niamey));
    let on = |id: Uuid, command: &str| format!("/api/v1/activities/{id}/{command}");
    app.command(&on(bolivia, "delivery"), &delivered("2019-06-11", "2019-06-12")).await;
    app.command(&on(bolivia, "participants"), &participants_body(10, 20)).await;
    app.command(
        &on(bolivia, "outputs"),
        &json!({"kind": "law_drafted", "description": "Draft firearms law"}),
    )
    .await;
    app.command(&on(car, "delivery"), &delivered("2019-05-14", "2019-05-16")).await;
    app.command(&on(kinshasa, "delivery"), &delivered("2019-11-05", "2019-11-07")).await;
    app.command(&on(riyadh, "delivery"), &delivered("2019-10-20", "2019-10-24")).await;
    app.command(&on(riyadh, "participants"), &participants_body(9, 27)).await;
    let funding = json!({"donor": "United States of America", "amount": "48000.00", "currency": "USD"});
    app.command(&on(riyadh, "funding"), &funding).await;
    Scenario { app, code, bolivia, car, riyadh, kinshasa, niamey }
}

/// The report as `token` (the admin's when `None`) asks for it, once the read models hold every
/// write (the report reads the chain the projector links).
async fn report(app: &TestApp, token: Option<&str>, query: &str) -> Report {
    let head = app.get_json("/api/v1/projections/status").await["head"].clone();
    app.get_json(&format!("/api/v1/activities?limit=1&min_position={head}")).await;
    let token = token.unwrap_or(&app.token);
    let response =
        app.request_as(Some(token), Method::GET, &format!("/api/v1/reports/activity?{query}"), None).await;
    assert_eq!(response.status(), StatusCode::OK, "GET /api/v1/reports/activity?{query}");
    response.json().await.expect("a report")
}

fn figure<'r>(report: &'r Report, id: &str) -> &'r tatrack_report::Figure {
    report.figures().find(|f| f.id == id).unwrap_or_else(|| panic!("no figure {id} in {report:#?}"))
}

fn ids(ids: &[Uuid]) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    ids.sort();
    ids
}

async fn a_report_reads_as_written_and_names_the_activities_behind_each_figure(backend: Backend) {
    // Arrange
    let s = scenario(backend).await;

    // Act
    let report = report(&s.app, None, &format!("{PERIOD}&programme={}", s.code)).await;

    // Assert: the paragraph, sentence by sentence.
    assert_eq!(report.areas.len(), 1);
    let text = plain(&report.areas[0].paragraph);
    for sentence in [
        "From 1 February 2019 to 29 February 2020, under Global Firearms Programme, four activities were delivered, \
         reaching five States (Cameroon, the Central African Republic, the Democratic Republic of the Congo, \
         the Plurinational State of Bolivia and Saudi Arabia).",
        "They comprised two workshops and two legislative assistance activities.",
        "Legislative assistance was provided to two States (the Central African Republic and the Plurinational State of Bolivia).",
        "“Mutual legal assistance workshop” was held in Riyadh from 20 to 24 October 2019 (Saudi Arabia).",
        "“Workshop for Central African States” was held in Kinshasa from 5 to 7 November 2019, bringing together \
         three States: Cameroon, the Central African Republic and the Democratic Republic of the Congo.",
        "In all, 66 participants took part (19 women, 47 men), among them 20 prosecutors.",
        "The activities contributed to one law drafted (the Plurinational State of Bolivia).",
        "The activities were funded by the United States of America (USD 48,000.00).",
    ] {
        assert!(text.contains(sentence), "missing: {sentence}\nin: {text}");
    }
    assert!(!text.contains("Niamey"), "a planned activity is not reported: {text}");

    // Every figure names the activities behind it.
    let area = "firearms";
    assert_eq!(
        figure(&report, &format!("{area}/activities")).activities,
        ids(&[s.bolivia, s.car, s.riyadh, s.kinshasa])
    );
    assert_eq!(
        figure(&report, &format!("{area}/legislative_assistance/states")).value,
        json!(["CAF", "BOL"])
    );
    assert_eq!(
        figure(&report, &format!("{area}/legislative_assistance/states/BOL")).activities,
        ids(&[s.bolivia])
    );
    assert_eq!(figure(&report, &format!("{area}/participants")).activities, ids(&[s.bolivia, s.riyadh]));
    assert_eq!(figure(&report, &format!("{area}/outputs/law_drafted")).activities, ids(&[s.bolivia]));
    assert!(report.figures().all(|f| !f.activities.contains(&s.niamey.to_string())));
    assert!(report.basis.seq > 0 && report.basis.link.len() == 64, "{:?}", report.basis);

    // Markdown footnotes each figure with its question and activities; HTML links it.
    let markdown =
        s.app.get(&format!("/api/v1/reports/activity?{PERIOD}&programme={}&format=markdown", s.code)).await;
    assert_eq!(markdown.headers()["content-type"], "text/markdown; charset=utf-8");
    let markdown = markdown.text().await.expect("Markdown");
    assert!(markdown.contains("four activities[^1] were delivered"), "{markdown}");
    assert!(
        markdown.contains(&format!(
            "[^1]: Activities delivered (`{area}/activities`): programme in ({})",
            s.code
        )),
        "{markdown}"
    );
    assert!(markdown.contains(&s.kinshasa.to_string()));
    let html =
        s.app.get(&format!("/api/v1/reports/activity?{PERIOD}&programme={}&format=html", s.code)).await;
    assert!(html.headers()["content-security-policy"]
        .to_str()
        .is_ok_and(|p| p.starts_with("default-src 'none'")));
    let html = html.text().await.expect("HTML");
    assert!(html.contains("<a class=\"figure\" href=\"#f1\""), "{html}");
    assert!(
        html.contains(&format!(
            "<a href=\"{}/#/activity/{}\" title=\"{}\">Mutual legal assistance workshop</a> (20 to 24 October 2019)",
            s.app.address, s.riyadh, s.riyadh
        )),
        "{html}"
    );
}

async fn a_donor_report_holds_only_what_the_donor_funds(backend: Backend) {
    let s = scenario(backend).await;
    let donor = s
        .app
        .issue_token(
            &json!({"name": "donor-usa", "role": "donor", "scope": {"donor": "United States of America"}}),
        )
        .await;

    let report = report(&s.app, Some(&donor), PERIOD).await;

    assert_eq!(report.params.donor.as_deref(), Some("United States of America"));
    assert_eq!(figure(&report, "firearms/activities").activities, ids(&[s.riyadh]));
    assert!(report.figures().all(|f| f.activities == ids(&[s.riyadh])), "{report:#?}");
    let adviser = s
        .app
        .issue_token(&json!({"name": "adviser-r", "role": "adviser", "scope": {"countries": ["SAU"]}}))
        .await;
    let refused = s
        .app
        .request_as(Some(&adviser), Method::GET, &format!("/api/v1/reports/activity?{PERIOD}"), None)
        .await;
    assert_problem(refused, StatusCode::FORBIDDEN, "/problems/forbidden").await;
}

async fn the_check_fails_naming_the_figure_an_amendment_changed(backend: Backend) {
    // Arrange
    let s = scenario(backend).await;
    let published = report(&s.app, None, &format!("{PERIOD}&programme={}", s.code)).await;
    let db = Db::connect(&s.app.store.url).await.expect("the store opens");
    assert_eq!(
        verify(&db, &published).await.expect("checked"),
        Vec::new(),
        "an unchanged log holds every figure"
    );

    let before = chrono::Utc::now();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;

    // Act: two men were women, recorded with a reason after the report.
    let amended = json!({"reason": "Two participants recorded under the wrong sex", "participants": participants_body(11, 25)});
    s.app.command(&format!("/api/v1/activities/{}/participants/amendment", s.riyadh), &amended).await;
    report(&s.app, None, PERIOD).await; // waits for the projector to link the amendment
    let findings = verify(&db, &published).await.expect("checked");

    // Assert: the report still holds at its own point of the log, and names what changed since.
    let first = findings.first().expect("a finding");
    let Finding::ChangedSince(difference) = first else { panic!("{first}") };
    assert_eq!(difference.published.as_ref().map(|f| f.id.as_str()), Some("firearms/participants"));
    assert!(first.to_string().contains("figure `firearms/participants` (Participants)"), "{first}");
    assert!(findings.iter().all(|f| matches!(f, Finding::ChangedSince(_))), "{findings:#?}");

    // As of an instant before the amendment, the figures are those published.
    let instant = before.to_rfc3339_opts(chrono::SecondsFormat::Millis, true).replace('+', "%2B");
    let then = report(&s.app, None, &format!("{PERIOD}&programme={}&as_of={instant}", s.code)).await;
    assert_eq!(then.areas, published.areas, "the report as it stood before the amendment");
    let now = report(&s.app, None, &format!("{PERIOD}&programme={}", s.code)).await;
    assert_eq!(figure(&now, "firearms/participants").value["female"], json!(21));

    // An edited report does not hold at its own point either.
    let mut edited = published.clone();
    edited.areas[0].figures[0].value = json!(5);
    let findings = verify(&db, &edited).await.expect("checked");
    assert!(matches!(findings.first(), Some(Finding::NotReproduced(_))), "{findings:#?}");
    db.close().await;
}

async fn the_demo_report_states_the_reference_report_facts(backend: Backend) {
    let store = Store::fresh(backend).await;
    let db = store.open().await;
    tatrack_app::demo::seed(&tatrack_app::App::new(db.clone())).await.expect("the demo seeds");
    db.close().await;
    let app = TestApp::start(store).await;

    let report = report(&app, None, PERIOD).await;

    let text: String = report.areas.iter().map(|a| plain(&a.paragraph)).collect::<Vec<_>>().join("\n");
    for fact in [
        // "UNODC provided pre-accession support to the Congo, Papua New Guinea, Solomon Islands,
        // Somalia, South Sudan and Tuvalu."
        "Pre-accession support was provided to six States (the Congo, Papua New Guinea, Solomon Islands, Somalia, South Sudan and Tuvalu).",
        // "Tailored legislative support was also provided to the Central African Republic, Côte
        // d'Ivoire, Montenegro and North Macedonia", beside the Bolivian accession work.
        "Legislative assistance was provided to five States (the Central African Republic, Côte d'Ivoire, Montenegro, North Macedonia and the Plurinational State of Bolivia).",
        // "a training workshop ... held in Riyadh from 20 to 24 October 2019"
        "was held in Riyadh from 20 to 24 October 2019 (Saudi Arabia).",
        // "a workshop on the implementation by Angola ... held in Luanda from 2 to 6 December 2019"
        "was held in Luanda from 2 to 6 December 2019 (Angola).",
        // Assessment missions "in Bolivia (Plurinational State of), the Central African Republic,
        // El Salvador, Guatemala, Honduras, the Niger and Nigeria" (those the demo holds).
        "Assessment missions were carried out in seven States (Cameroon, El Salvador, Guatemala, Honduras, the Niger, Nigeria and Senegal).",
    ] {
        assert!(text.contains(fact), "missing: {fact}\nin: {text}");
    }
}

async fn bad_report_questions_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for (query, status, field) in [
        ("from=2020-02-29&to=2019-02-01", StatusCode::BAD_REQUEST, json!("to")),
        ("from=2019-02-01&to=2020-02-29&programme=NOSUCH", StatusCode::BAD_REQUEST, json!("programme")),
        ("from=0877-11-19&to=2020-02-29", StatusCode::BAD_REQUEST, json!("from")),
        ("from=2019-02-31&to=2020-02-29", StatusCode::BAD_REQUEST, json!("from")),
        // A parameter the query lacks is named like one it holds wrongly.
        ("to=2020-02-29", StatusCode::BAD_REQUEST, json!("from")),
        ("from=2019-02-01", StatusCode::BAD_REQUEST, json!("to")),
        ("", StatusCode::BAD_REQUEST, json!("from")),
        ("from=2019-02-01&to=2020-02-29&colour=red", StatusCode::BAD_REQUEST, json!("colour")),
        ("from=2019-02-01&to=2020-02-29&format=pdf", StatusCode::BAD_REQUEST, json!("format")),
    ] {
        let response = app.get(&format!("/api/v1/reports/activity?{query}")).await;
        assert_eq!(response.status(), status, "{query}");
        let problem: Value = response.json().await.expect("a problem");
        assert_eq!(problem["field"], field, "{query}: {problem}");
    }
}

/// A report is published: it is never built on part of the log. Asked before the projector has
/// linked the chain up to the log's head, the server waits (bounded) and then answers 503 with
/// `Retry-After`, and the library refuses in the same words; once caught up, the report names
/// the head as the position it covers.
async fn a_report_never_answers_from_a_log_the_chain_has_not_reached(backend: Backend) {
    // Commands recorded by a server that does not project: the chain is behind the log.
    let app = TestApp::start_with(Store::fresh(backend).await, false).await;
    app.planned_activity().await;
    let head = app.get_json("/api/v1/projections/status").await["head"].as_i64().expect("a head");

    let response = app.get(&format!("/api/v1/reports/activity?{PERIOD}")).await;
    assert!(response.headers().contains_key("retry-after"), "{:?}", response.headers());
    let problem = assert_problem(response, StatusCode::SERVICE_UNAVAILABLE, "/problems/unavailable").await;
    let detail = problem["detail"].as_str().unwrap_or_default();
    assert!(detail.contains(&format!("position {head}")), "{problem}");

    let db = app.store.open().await;
    let params = tatrack_report::Params {
        from: "2019-02-01".parse().expect("a date"),
        to: "2020-02-29".parse().expect("a date"),
        programmes: Vec::new(),
        donor: None,
        donor_names: Vec::new(),
        language: tatrack_report::Language::English,
    };
    match tatrack_report::generate(&db, &params, None).await {
        Err(tatrack_report::ReportError::Behind { head: behind_head, linked }) => {
            assert_eq!((behind_head, linked), (head, 0));
        }
        other => panic!("a report on an unlinked log: {other:?}"),
    }
    db.close().await;

    // A projecting server, asked at once: the answer waits for the chain and covers the head
    // (one event further: the new server's admin token).
    let app = TestApp::start(app.stop().await).await;
    let response = app.get(&format!("/api/v1/reports/activity?{PERIOD}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: Report = response.json().await.expect("a report");
    let head = app.get_json("/api/v1/projections/status").await["head"].clone();
    assert_eq!(json!(report.basis.position), head, "{:?}", report.basis);
    assert_eq!(json!(report.basis.seq), head, "every event linked: {:?}", report.basis);
}
