//! Text no document can carry. Unicode noncharacters (U+FDD0..U+FDEF and every code point
//! ending in FFFE or FFFF) are refused at input as control characters are, naming the field; and
//! the IATI document never holds a character XML 1.0 forbids or discourages, even one stored
//! before the rule (an event appended raw, as an older server wrote it).

use quick_xml::events::Event;
use quick_xml::Reader;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tatrack_store::Db;
use uuid::Uuid;

use tatrack_testkit::{
    append_raw, assert_problem, plan_body, programme_body, raw_event, unique_code, Backend, Store,
    StreamEvent, TestApp,
};

tatrack_testkit::on_both_backends!(
    noncharacters_in_text_are_refused,
    noncharacters_in_query_and_path_values_are_refused,
    the_iati_document_never_carries_a_character_xml_forbids,
);

/// Posts `body`; asserts a 422 naming `field`.
async fn assert_invalid(app: &TestApp, case: &str, path: &str, body: &Value, field: &str) {
    eprintln!("case: {case}");
    let response = app.post(path, body).await;
    let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation").await;
    assert_eq!(problem["field"], field, "{case}: {problem}");
}

async fn noncharacters_in_text_are_refused(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let id = app.planned_activity().await;
    let head = app.get_json("/api/v1/projections/status").await["head"].clone();
    let with = |mut body: Value, key: &str, text: &str| {
        body[key] = json!(text);
        body
    };
    let activity = |command: &str| format!("/api/v1/activities/{id}/{command}");
    let programmes = format!("/api/v1/programmes/{programme}");
    let organisation = json!({"id": Uuid::new_v4(), "organisation_type": "multilateral"});
    let cases = [
        // The issue's own title.
        (
            "U+FFFE and U+FFFF in a title",
            "/api/v1/activities".to_owned(),
            with(plan_body(Uuid::new_v4(), programme), "title", "A\u{FFFE}B\u{FFFF}"),
            "title",
        ),
        (
            "U+FDD0 in a description",
            "/api/v1/activities".to_owned(),
            with(plan_body(Uuid::new_v4(), programme), "description", "one\u{FDD0}two"),
            "description",
        ),
        (
            "U+FDEF in a programme name",
            "/api/v1/programmes".to_owned(),
            with(programme_body(Uuid::new_v4(), &unique_code()), "name", "Global\u{FDEF}"),
            "name",
        ),
        (
            "U+1FFFE in a donor",
            activity("funding"),
            json!({"donor": "EU\u{1FFFE}", "amount": "10.00", "currency": "EUR"}),
            "donor",
        ),
        ("U+10FFFF in a reason", activity("cancellation"), json!({"reason": "no venue\u{10FFFF}"}), "reason"),
        (
            "U+FFFF in a correction",
            activity("corrections"),
            json!({"reason": "typo", "changes": {"location": "Riy\u{FFFF}adh"}}),
            "changes.location",
        ),
        (
            "U+FFFE in an organisation's name",
            "/api/v1/organisations".to_owned(),
            with(organisation, "name", "Donor\u{FFFE}"),
            "name",
        ),
        (
            "U+FDD5 in an outcome's name",
            format!("{programmes}/outcomes"),
            json!({"id": Uuid::new_v4(), "name": "Stronger\u{FDD5}cooperation"}),
            "name",
        ),
        (
            "U+EFFFF in a token's donor",
            "/api/v1/tokens".to_owned(),
            json!({"name": "donor-nonchar", "role": "donor", "scope": {"donor": "EU\u{EFFFF}"}}),
            "scope.donor",
        ),
    ];

    for (case, path, body, field) in cases {
        // Act and Assert
        assert_invalid(&app, case, &path, &body, field).await;
    }
    let status = app.get_json("/api/v1/projections/status").await;
    assert_eq!(status["head"], head, "nothing was written");

    // The characters around the noncharacters are text.
    let text =
        "private \u{E000}, replacement \u{FFFD}, U+FDCF \u{FDCF} and U+FDF0 \u{FDF0}, U+1FFFD \u{1FFFD}";
    let plan = with(plan_body(Uuid::new_v4(), programme), "title", text);
    app.command("/api/v1/activities", &plan).await;
}

async fn noncharacters_in_query_and_path_values_are_refused(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let cases = [
        ("U+FFFE in a list filter", Method::GET, "/api/v1/activities?donor=a%EF%BF%BEb", "donor"),
        ("U+FDD0 in the audit actor", Method::GET, "/api/v1/audit/events?actor=%EF%B7%90", "actor"),
        ("U+FFFF in a donor's path", Method::GET, "/api/v1/donors/a%EF%BF%BFb/summary", "donor"),
        (
            "U+10FFFF in a report's donor",
            Method::GET,
            "/api/v1/reports/activity?from=2019-01-01&to=2019-12-31&donor=%F4%8F%BF%BF",
            "donor",
        ),
    ];

    for (case, method, path, field) in cases {
        // Act
        let response = app.client.request(method, app.url(path)).send().await.expect("an answer");

        // Assert
        eprintln!("case: {case}");
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
        assert_eq!(problem["field"], field, "{case}: {problem}");
    }
}

/// Whether XML 1.0 lets a document hold `c` (its `Char` production) without discouraging it
/// (section 2.2: the C1 controls and DEL, and the noncharacters).
fn xml_allows(c: char) -> bool {
    let char_production =
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    let noncharacter = ('\u{FDD0}'..='\u{FDEF}').contains(&c) || u32::from(c) & 0xFFFE == 0xFFFE;
    char_production && !('\u{7F}'..='\u{9F}').contains(&c) && !noncharacter
}

/// Asserts the document parses and holds only characters XML 1.0 allows.
fn assert_well_formed(xml: &str) {
    if let Some((at, c)) = xml.char_indices().find(|(_, c)| !xml_allows(*c)) {
        let context: String =
            xml[..at].chars().rev().take(80).collect::<Vec<_>>().into_iter().rev().collect();
        panic!("U+{:04X} at byte {at}, after: {context}", u32::from(c));
    }
    let mut reader = Reader::from_str(xml);
    let mut depth = 0_i32;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "every element is closed");
}

async fn the_iati_document_never_carries_a_character_xml_forbids(backend: Backend) {
    // Arrange: an activity and its funding stored raw, by a server that had no text rule.
    let store = Store::fresh(backend).await;
    let app = TestApp::start(store).await;
    let programme = app.programme().await;
    let id = Uuid::new_v4();
    let mut planned = plan_body(id, programme);
    planned.as_object_mut().expect("an object").remove("id");
    planned["title"] = json!("A\u{FFFE}B\u{FFFF}");
    planned["description"] =
        json!("bell\u{7}, escape\u{1B}, DEL\u{7F}, NEL\u{85}, CR\r, U+FDD0\u{FDD0}, U+1FFFF\u{1FFFF}");
    let funding = json!({"donor": "Donor\u{1}\u{FFFE}", "amount": "10.00", "currency": "EUR"});
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    for (sequence, payload) in
        [(1, json!({"ActivityPlanned": planned})), (2, json!({"FundingAttributed": funding}))]
    {
        let event = StreamEvent {
            metadata: json!({"actor": "legacy"}),
            ..raw_event("Activity", id, sequence, payload)
        };
        append_raw(&db, &event).await;
    }
    db.close().await;
    let head = app.get_json("/api/v1/projections/status").await["head"].clone();
    app.get_json(&format!("/api/v1/countries?min_position={head}")).await;

    // Act
    let response = app.get(&format!("/api/v1/iati/activities.xml?programme={programme}")).await;

    // Assert: a document, well-formed, each refused character replaced by U+FFFD.
    assert_eq!(response.status(), StatusCode::OK);
    let xml = response.text().await.expect("a body");
    if let Some(dir) = std::env::var_os("TATRACK_IATI_DUMP_DIR") {
        // For a check by an XML parser of another make (expat, libxml2).
        let file = std::path::Path::new(&dir).join(format!("{backend:?}-noncharacters.xml").to_lowercase());
        std::fs::write(&file, &xml).expect("the dump directory is writable");
    }
    assert_well_formed(&xml);
    assert!(xml.contains("<narrative>A\u{FFFD}B\u{FFFD}</narrative>"), "{xml}");
    assert!(xml.contains("<narrative>Donor\u{FFFD}\u{FFFD}</narrative>"), "{xml}");
    assert!(xml.contains(&format!("-{id}</iati-identifier>")), "the activity is published: {xml}");
}
