//! Search (`q=` on the activity list and its exports): a word of a title, a location, a
//! description, an output's description or a donor's name finds exactly the activities that hold
//! it, the best match first, within the caller's scope; what a user types is never query syntax.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode, Url};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_refused, delivery_body, plan_body, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    a_word_finds_exactly_the_activities_that_hold_it,
    the_best_match_comes_first_and_cursors_page_in_that_order,
    a_search_stays_within_the_callers_scope,
    query_syntax_typed_in_a_search_is_harmless,
    a_search_too_long_or_with_control_characters_is_refused,
    the_csv_export_of_a_search_holds_the_lists_activities,
    a_correction_moves_an_activity_in_the_search,
    activities_projected_before_search_are_found_after_a_restart,
);

/// The activities the tests search, by name.
struct Recorded {
    ids: Vec<(Uuid, &'static str)>,
    /// The position of the last command.
    last: i64,
}

impl Recorded {
    fn name(&self, id: &str) -> &'static str {
        self.ids.iter().find(|(known, _)| known.to_string() == id).map_or("another", |(_, name)| name)
    }

    fn id(&self, name: &str) -> Uuid {
        self.ids.iter().find(|(_, known)| *known == name).map(|(id, _)| *id).expect("a recorded activity")
    }
}

fn funding(donor: &str) -> (&'static str, Value) {
    ("funding", json!({"donor": donor, "amount": "1000.00", "currency": "EUR"}))
}

/// An activity to record: its name, its title, country, location and description, and the
/// commands that follow its plan.
type Planned = (&'static str, [&'static str; 4], Vec<(&'static str, Value)>);

/// Five activities in one programme, each with its own words.
async fn record(app: &TestApp) -> Recorded {
    let programme = app.programme().await;
    let output =
        ("outputs", json!({"kind": "manual_published", "description": "Handbook on asset recovery"}));
    let activities: [Planned; 5] = [
        (
            "riyadh",
            [
                "Mutual legal assistance workshop",
                "SAU",
                "Riyadh",
                "Enhancing mutual legal assistance mechanisms",
            ],
            vec![funding("European Union")],
        ),
        (
            "bogota",
            ["Anti-corruption training for judges", "COL", "Bogotá", "Integrity in the judiciary"],
            vec![funding("Japan"), ("delivery", delivery_body()), output],
        ),
        (
            "la_paz",
            ["Cybercrime mentoring", "BOL", "La Paz", "Digital evidence and the \"chain of custody\""],
            vec![funding("Norway"), funding("European Union")],
        ),
        (
            "firearms",
            ["Firearms workshop", "SAU", "Riyadh", "Marking, record-keeping"],
            vec![funding("Japan")],
        ),
        (
            "conference",
            ["Regional conference", "BOL", "Santa Cruz", "Assistance to central authorities"],
            vec![],
        ),
    ];
    let mut recorded = Recorded { ids: Vec::new(), last: 0 };
    for (name, [title, country, location, description], steps) in activities {
        let id = Uuid::new_v4();
        let mut plan = plan_body(id, programme);
        plan["title"] = json!(title);
        plan["countries"] = json!([country]);
        plan["location"] = json!(location);
        plan["description"] = json!(description);
        let answer = app.command("/api/v1/activities", &plan).await;
        recorded.last = answer["position"].as_i64().expect("a position");
        if !steps.is_empty() {
            recorded.last = app.activity_steps(id, &steps).await;
        }
        recorded.ids.push((id, name));
    }
    recorded
}

/// `/api/v1/activities` with `params`, encoded.
fn list_path(params: &[(&str, &str)]) -> String {
    let url = Url::parse_with_params("http://test/api/v1/activities", params).expect("a URL");
    format!("{}?{}", url.path(), url.query().unwrap_or_default())
}

/// The ids a list answer holds, in its order.
fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// The names of the activities a search by `token` (the admin's when `None`) finds, in order.
async fn found(
    app: &TestApp,
    data: &Recorded,
    token: Option<&str>,
    params: &[(&str, &str)],
) -> Vec<&'static str> {
    let min_position = data.last.to_string();
    let mut params = params.to_vec();
    params.extend([("limit", "500"), ("min_position", min_position.as_str())]);
    let path = list_path(&params);
    let token = token.unwrap_or(&app.token);
    let response = app.request_as(Some(token), Method::GET, &path, None).await;
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    let page: Value = response.json().await.expect("a JSON body");
    ids(&page).iter().map(|id| data.name(id)).collect()
}

fn set(names: &[&'static str]) -> BTreeSet<&'static str> {
    names.iter().copied().collect()
}

async fn a_word_finds_exactly_the_activities_that_hold_it(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let data = record(&app).await;
    let cases: [(&str, &[&'static str]); 12] = [
        ("cybercrime", &["la_paz"]),               // a title
        ("riyadh", &["riyadh", "firearms"]),       // a location
        ("Santa Cruz", &["conference"]),           // a location of two words
        ("handbook", &["bogota"]),                 // an output's description
        ("custody", &["la_paz"]),                  // a description
        ("norway", &["la_paz"]),                   // a donor's name
        ("european union", &["riyadh", "la_paz"]), // a donor's name, funding two
        ("BOGOTA", &["bogota"]),                   // letter case and accents aside
        ("riya", &["riyadh", "firearms"]),         // the start of a word
        ("riyadh firearms", &["firearms"]),        // every word must be found
        ("workshop japan", &["firearms"]),         // words of two fields
        ("kabul", &[]),                            // nowhere
    ];

    for (q, expected) in cases {
        // Act
        let seen = found(&app, &data, None, &[("q", q)]).await;

        // Assert
        assert_eq!(set(&seen), set(expected), "q={q}");
        assert_eq!(seen.len(), expected.len(), "q={q}: each once");
    }
    // Combined with the list's other filters.
    let planned = found(&app, &data, None, &[("q", "workshop"), ("status", "planned")]).await;
    assert_eq!(set(&planned), set(&["riyadh", "firearms"]));
    assert_eq!(found(&app, &data, None, &[("q", "european"), ("country", "BOL")]).await, ["la_paz"]);
    assert_eq!(found(&app, &data, None, &[("q", "judges"), ("status", "planned")]).await, Vec::<&str>::new());
}

async fn the_best_match_comes_first_and_cursors_page_in_that_order(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let data = record(&app).await;

    // Act: "assistance" is in the Riyadh workshop's title, the conference's description only.
    let ranked = found(&app, &data, None, &[("q", "assistance")]).await;
    let mut paged = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut params = vec![("q", "workshop"), ("limit", "1")];
        params.extend(cursor.as_deref().map(|c| ("cursor", c)));
        let page = app.get_json(&list_path(&params)).await;
        paged.extend(ids(&page).iter().map(|id| data.name(id)));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let whole = found(&app, &data, None, &[("q", "workshop")]).await;
    let by_date = app.get_json(&list_path(&[("limit", "1")])).await;
    let date_cursor = by_date["next_cursor"].as_str().expect("a second page");
    let mixed = app.get(&list_path(&[("q", "riyadh"), ("cursor", date_cursor)])).await;

    // Assert
    assert_eq!(ranked, ["riyadh", "conference"]);
    assert_eq!(paged, whole, "a page at a time, the same activities in the same order");
    assert_eq!(set(&paged), set(&["riyadh", "firearms"]));
    assert_refused(
        "a list's cursor with q",
        mixed,
        StatusCode::BAD_REQUEST,
        "/problems/bad-request",
        Some("cursor"),
    )
    .await;
}

async fn a_search_stays_within_the_callers_scope(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let data = record(&app).await;
    let saudi = app
        .issue_token(&json!({"name": "adviser-sau", "role": "adviser", "scope": {"countries": ["SAU"]}}))
        .await;
    let bolivia = app
        .issue_token(&json!({"name": "adviser-bol", "role": "adviser", "scope": {"countries": ["BOL"]}}))
        .await;
    let eu = app
        .issue_token(&json!({"name": "donor-eu", "role": "donor", "scope": {"donor": "European Union"}}))
        .await;
    let cases: [(&str, &str, &[&'static str]); 8] = [
        ("adviser SAU", "workshop", &["riyadh", "firearms"]),
        ("adviser SAU", "european", &["riyadh"]),
        ("adviser BOL", "riyadh", &[]),
        ("adviser BOL", "norway", &["la_paz"]),
        ("donor EU", "riyadh", &["riyadh"]),
        ("donor EU", "cybercrime", &["la_paz"]),
        // Who else funds an activity is not a donor's business: names of donors are not searched.
        ("donor EU", "norway", &[]),
        ("donor EU", "japan", &[]),
    ];

    for (caller, q, expected) in cases {
        let token = match caller {
            "adviser SAU" => &saudi,
            "adviser BOL" => &bolivia,
            _ => &eu,
        };
        // Act
        let seen = found(&app, &data, Some(token), &[("q", q)]).await;

        // Assert
        assert_eq!(set(&seen), set(expected), "{caller}, q={q}");
    }
}

async fn query_syntax_typed_in_a_search_is_harmless(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let data = record(&app).await;
    let both: &[&'static str] = &["riyadh", "firearms"];
    let cases: [(&str, &[&'static str]); 16] = [
        ("\"riyadh", both),
        ("riyadh\"", both),
        ("'riyadh'", both),
        ("riyadh*", both),
        ("-riyadh", both),
        ("title:riyadh", &[]), // two words: "title" is in no activity
        ("(riyadh)", both),
        ("riyadh)", both),
        ("NEAR(riyadh firearms)", &[]),
        ("^riyadh", both),
        ("{title}: riyadh", &[]),
        ("riyadh & !firearms | <->", &["firearms"]),
        ("\\", &[]),
        ("***", &[]),
        ("\"\"", &[]),
        ("العدل 法律 правосудие", &[]),
    ];

    for (q, expected) in cases {
        // Act
        let seen = found(&app, &data, None, &[("q", q)]).await;

        // Assert
        assert_eq!(set(&seen), set(expected), "q={q}");
    }
    for operator in ["AND", "OR", "NOT", "and"] {
        let seen = found(&app, &data, None, &[("q", &format!("riyadh {operator}"))]).await;
        assert!(seen.is_empty(), "{operator} is a word to find, not an operator: {seen:?}");
    }
}

async fn a_search_too_long_or_with_control_characters_is_refused(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let longest = "a".repeat(200);
    let too_long = "a".repeat(201);

    // Act and assert
    let fits = app.get(&list_path(&[("q", &longest)])).await;
    assert_eq!(fits.status(), StatusCode::OK, "200 characters are searched");
    for (case, q) in
        [("201 characters", too_long.as_str()), ("a bell", "riyadh\u{7}"), ("a new line", "a\nb")]
    {
        let response = app.get(&list_path(&[("q", q)])).await;
        assert_refused(case, response, StatusCode::BAD_REQUEST, "/problems/bad-request", Some("q")).await;
    }
}

async fn the_csv_export_of_a_search_holds_the_lists_activities(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let data = record(&app).await;
    let listed = found(&app, &data, None, &[("q", "workshop assistance")]).await;
    let donor =
        app.issue_token(&json!({"name": "donor-jp", "role": "donor", "scope": {"donor": "Japan"}})).await;

    // Act
    let response =
        app.get(&list_path(&[("q", "workshop assistance"), ("format", "csv"), ("headers", "machine")])).await;
    assert_eq!(response.status(), StatusCode::OK);
    let csv = response.text().await.expect("a body");
    let donors_csv = app
        .request_as(
            Some(&donor),
            Method::GET,
            &list_path(&[("q", "workshop"), ("format", "csv"), ("headers", "machine")]),
            None,
        )
        .await
        .text()
        .await
        .expect("a body");

    // Assert
    let exported: Vec<&str> = csv_ids(&csv).iter().map(|id| data.name(id)).collect();
    assert_eq!(listed, ["riyadh"]);
    assert_eq!(exported, listed, "the file holds the list's activities, in its order");
    let donors: Vec<&str> = csv_ids(&donors_csv).iter().map(|id| data.name(id)).collect();
    assert_eq!(donors, ["firearms"], "a donor's file holds what it funds");
}

/// The `id` column of an activities CSV.
fn csv_ids(csv: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().expect("a header").clone();
    let at = headers.iter().position(|h| h == "id").expect("an id column");
    reader.records().map(|r| r.expect("a record")[at].to_owned()).collect()
}

async fn a_correction_moves_an_activity_in_the_search(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let mut data = record(&app).await;

    // Act
    let correction = json!({"reason": "typo", "changes": {"title": "Firearms marking seminar"}});
    let answer = app.command_at_current_version(data.id("firearms"), "corrections", &correction).await;
    data.last = answer["position"].as_i64().expect("a position");

    // Assert
    assert_eq!(found(&app, &data, None, &[("q", "workshop")]).await, ["riyadh"]);
    assert_eq!(found(&app, &data, None, &[("q", "seminar")]).await, ["firearms"]);
}

async fn activities_projected_before_search_are_found_after_a_restart(backend: Backend) {
    // Arrange: a store whose activities were projected before the search rows existed.
    let app = TestApp::spawn(backend).await;
    let data = record(&app).await;
    let _ = found(&app, &data, None, &[]).await; // the read models reached the last command
    let store = app.stop().await;
    let db = store.open().await;
    tatrack_store::on_db!(&db, |pool, _columns| {
        sqlx::query("DELETE FROM rm_activity_search").execute(pool).await.expect("rows deleted");
    });
    db.close().await;

    // Act
    let app = TestApp::start(store).await;

    // Assert
    assert_eq!(set(&found(&app, &data, None, &[("q", "riyadh")]).await), set(&["riyadh", "firearms"]));
    assert_eq!(found(&app, &data, None, &[("q", "handbook")]).await, ["bogota"]);
}
