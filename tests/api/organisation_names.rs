//! Organisation names that look the same are one name (issue 23, item 4): spellings that differ
//! only by Unicode normalisation, white space, width or letter case, and look-alikes from other
//! scripts, are refused naming the organisation that holds the name; invisible characters are
//! refused naming the field; a search finds every spelling.

use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, plan_body, Backend, Store, TestApp};

tatrack_testkit::on_both_backends!(
    nfc_and_nfd_spellings_are_one_name,
    white_space_variants_are_one_name,
    a_full_width_alias_is_the_same_alias,
    mixed_script_look_alikes_name_the_organisation_they_imitate,
    invisible_characters_are_refused_naming_the_field,
    a_search_finds_every_spelling,
    funding_under_another_spelling_records_the_organisation,
    concurrent_look_alikes_let_one_through,
    names_keyed_the_former_way_are_rekeyed_when_the_server_starts,
);

fn organisation(id: Uuid, name: &str, aliases: &[&str]) -> Value {
    json!({"id": id, "name": name, "organisation_type": "foundation", "aliases": aliases})
}

/// Registers "Alpha Fund" (alias "AF") and returns its id.
async fn alpha_fund(app: &TestApp) -> Uuid {
    let id = Uuid::new_v4();
    app.command("/api/v1/organisations", &organisation(id, "Alpha Fund", &["AF"])).await;
    id
}

/// Asserts that `body`, posted to `path`, is refused as a name `existing` holds, at `field`.
async fn taken(app: &TestApp, path: &str, body: &Value, field: &str, existing: (Uuid, &str)) {
    let refused = app.post(path, body).await;
    let problem = assert_problem(refused, StatusCode::CONFLICT, "/problems/organisation-name-taken").await;
    assert_eq!(problem["organisation"], json!({"id": existing.0, "name": existing.1}), "{body}: {problem}");
    assert_eq!(problem["field"], field, "{body}: {problem}");
}

/// The names listed for `q=query` once the read models reach the log's head.
async fn names(app: &TestApp, query: &str) -> Vec<String> {
    let head = app.get_json("/api/v1/projections/status").await["head"].clone();
    app.organisation_names(&format!("&q={query}"), &head).await
}

async fn nfc_and_nfd_spellings_are_one_name(backend: Backend) {
    // Arrange: "Café X" with a precomposed é (NFC).
    let app = TestApp::spawn(backend).await;
    let cafe = Uuid::new_v4();
    app.command("/api/v1/organisations", &organisation(cafe, "Caf\u{e9} X", &[])).await;

    // Act and assert: e + combining acute (NFD) is the same name, as a name or as an alias.
    let path = "/api/v1/organisations";
    let nfd = "Cafe\u{301} X";
    taken(&app, path, &organisation(Uuid::new_v4(), nfd, &[]), "name", (cafe, "Caf\u{e9} X")).await;
    let alias = organisation(Uuid::new_v4(), "Other", &["CX", nfd]);
    taken(&app, path, &alias, "aliases[1]", (cafe, "Caf\u{e9} X")).await;
}

async fn white_space_variants_are_one_name(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let alpha = alpha_fund(&app).await;

    // Act and assert: two spaces, a no-break space, a tab, surrounding space.
    for name in ["Alpha  Fund", "Alpha\u{a0}Fund", "Alpha\tFund", " alpha fund\u{3000}"] {
        let body = organisation(Uuid::new_v4(), name, &[]);
        taken(&app, "/api/v1/organisations", &body, "name", (alpha, "Alpha Fund")).await;
    }
    // The name is recorded with its white space collapsed.
    let beta = Uuid::new_v4();
    app.command("/api/v1/organisations", &organisation(beta, " Beta \u{a0} Fund ", &[])).await;
    assert_eq!(app.get_json(&format!("/api/v1/organisations/{beta}")).await["name"], "Beta Fund");
}

async fn a_full_width_alias_is_the_same_alias(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alpha = alpha_fund(&app).await;
    let path = "/api/v1/organisations";

    taken(&app, path, &organisation(Uuid::new_v4(), "\u{ff21}\u{ff26}", &[]), "name", (alpha, "Alpha Fund"))
        .await;
    let body = organisation(Uuid::new_v4(), "Another Fund", &["\u{ff21}\u{ff26}"]);
    taken(&app, path, &body, "aliases[0]", (alpha, "Alpha Fund")).await;
    // Within one organisation too, they are one name given twice.
    let twice = app.post(path, &organisation(Uuid::new_v4(), "Gamma", &["GF", "\u{ff27}\u{ff26}"])).await;
    let problem = assert_problem(twice, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation").await;
    assert_eq!(problem["field"], "aliases");
}

async fn mixed_script_look_alikes_name_the_organisation_they_imitate(backend: Backend) {
    // Arrange: "Alpha Fund" (alias "AF"), and another organisation to correct.
    let app = TestApp::spawn(backend).await;
    let alpha = alpha_fund(&app).await;
    let path = "/api/v1/organisations";
    let omega = Uuid::new_v4();
    app.command(path, &organisation(omega, "Omega Trust", &[])).await;

    // Act and assert: a Greek capital alpha, a Cyrillic small a, a Cyrillic capital A.
    let greek = "\u{391}lpha Fund";
    taken(&app, path, &organisation(Uuid::new_v4(), greek, &[]), "name", (alpha, "Alpha Fund")).await;
    let cyrillic = "Alph\u{430} Fund";
    taken(&app, path, &organisation(Uuid::new_v4(), cyrillic, &[]), "name", (alpha, "Alpha Fund")).await;
    // An alias that looks like the other's alias, and a name that looks like the other's alias.
    let alias = organisation(Uuid::new_v4(), "Delta", &["\u{410}F"]);
    taken(&app, path, &alias, "aliases[0]", (alpha, "Alpha Fund")).await;
    taken(&app, path, &organisation(Uuid::new_v4(), "\u{391}F", &[]), "name", (alpha, "Alpha Fund")).await;
    // A correction that adds a look-alike alias.
    let correction = json!({"reason": "shorthand", "changes": {"aliases": ["OT", "\u{391}F"]}});
    let corrections = format!("/api/v1/organisations/{omega}/corrections");
    taken(&app, &corrections, &correction, "changes.aliases[1]", (alpha, "Alpha Fund")).await;
    // The other way round: a new organisation's alias "Omega Trust" in Greek omicron imitates a name.
    let imitation = organisation(Uuid::new_v4(), "Sigma", &["\u{39f}mega Trust"]);
    let refused = app.post(path, &imitation).await;
    assert_problem(refused, StatusCode::CONFLICT, "/problems/organisation-name-taken").await;
    // Names that merely share letters are still free.
    app.command(path, &organisation(Uuid::new_v4(), "Alpha Funds", &["AFS"])).await;
}

async fn invisible_characters_are_refused_naming_the_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alpha = alpha_fund(&app).await;
    let invisible = [
        ("zero-width space", "Alpha\u{200b}Fund"),
        ("zero-width joiner", "Al\u{200d}pha"),
        ("zero-width non-joiner", "Al\u{200c}pha"),
        ("soft hyphen", "Al\u{ad}pha"),
        ("byte order mark", "\u{feff}Alpha"),
        ("right-to-left override", "Alpha \u{202e}dnuF"),
        ("word joiner", "Alpha\u{2060}Fund"),
    ];
    for (what, name) in invisible {
        let cases = [
            ("/api/v1/organisations".to_owned(), organisation(Uuid::new_v4(), name, &[]), "name"),
            ("/api/v1/organisations".to_owned(), organisation(Uuid::new_v4(), "Zeta", &[name]), "aliases[0]"),
            (
                format!("/api/v1/organisations/{alpha}/corrections"),
                json!({"reason": "r", "changes": {"name": name}}),
                "changes.name",
            ),
        ];
        for (path, body, field) in cases {
            let refused = app.post(&path, &body).await;
            let problem =
                assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation").await;
            assert_eq!(problem["field"], field, "{what}: {problem}");
        }
    }
}

async fn a_search_finds_every_spelling(backend: Backend) {
    // Arrange: one name spelt decomposed (NFD), one precomposed (NFC).
    let app = TestApp::spawn(backend).await;
    app.command("/api/v1/organisations", &organisation(Uuid::new_v4(), "Cafe\u{301} X", &[])).await;
    app.command("/api/v1/organisations", &organisation(Uuid::new_v4(), "Caf\u{e9} Y", &["Bistro\u{a0}Z"]))
        .await;

    // Act and assert: either spelling of the query, any letter case, finds both.
    for query in ["caf%C3%A9", "cafe%CC%81", "CAF%C3%89", "%EF%BD%83%EF%BD%81%EF%BD%86%C3%A9"] {
        assert_eq!(names(&app, query).await.len(), 2, "{query}");
    }
    assert_eq!(names(&app, "bistro%20z").await.len(), 1);
    assert_eq!(names(&app, "bistro%20%20z").await.len(), 1);
}

async fn funding_under_another_spelling_records_the_organisation(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alpha = alpha_fund(&app).await;
    let programme = app.programme().await;
    for donor in ["\u{ff21}\u{ff26}", "alpha\u{a0} fund", "ALPHA FUND"] {
        let id = Uuid::new_v4();
        app.command("/api/v1/activities", &plan_body(id, programme)).await;
        let funding = json!({"donor": donor, "amount": "10.00", "currency": "EUR"});
        app.command(&format!("/api/v1/activities/{id}/funding"), &funding).await;
        let line = app.activity(id).await["funding"][0].clone();
        assert_eq!(line["organisation_id"], alpha.to_string(), "{donor}: {line}");
    }
}

async fn concurrent_look_alikes_let_one_through(backend: Backend) {
    // Arrange: eight spellings of one name, registered at once.
    let app = TestApp::spawn(backend).await;
    let spellings = [
        "Alpha Fund",
        "\u{391}lpha Fund",
        "Alph\u{430} Fund",
        "ALPHA FUND",
        "Alpha  Fund",
        "\u{ff21}lpha Fund",
        "Alpha\u{a0}Fund",
        "\u{391}LPHA FUND",
    ];
    let bodies: Vec<Value> = spellings.iter().map(|name| organisation(Uuid::new_v4(), name, &[])).collect();

    // Act
    let responses = join_all(bodies.iter().map(|body| app.post("/api/v1/organisations", body))).await;

    // Assert
    let mut created = 0;
    for response in responses {
        if response.status() == StatusCode::CREATED {
            created += 1;
        } else {
            assert_problem(response, StatusCode::CONFLICT, "/problems/organisation-name-taken").await;
        }
    }
    assert_eq!(created, 1, "exactly one spelling lands");
    assert_eq!(names(&app, "").await.len(), 1);
}

/// Runs `sql` on the store at `url`.
async fn execute(url: &str, sql: &str) {
    use sqlx::Connection;
    if url.starts_with("sqlite") {
        let mut connection = sqlx::SqliteConnection::connect(url).await.expect("the SQLite store");
        sqlx::query(sql).execute(&mut connection).await.expect("the statement runs");
    } else {
        let mut connection = sqlx::PgConnection::connect(url).await.expect("the PostgreSQL store");
        sqlx::query(sql).execute(&mut connection).await.expect("the statement runs");
    }
}

async fn names_keyed_the_former_way_are_rekeyed_when_the_server_starts(backend: Backend) {
    // Arrange: "Alpha  Fund" (two spaces, alias "Café" decomposed) registered and projected by
    // an older server, which keyed names trimmed and in lower case only.
    let store = Store::fresh(backend).await;
    let db = store.open().await;
    let alpha = Uuid::new_v4();
    let details = json!({"name": "Alpha  Fund", "iati_identifier": null, "organisation_type": "foundation",
                         "country": null, "aliases": ["Cafe\u{301}"]});
    let registered = json!({"OrganisationRegistered": details});
    tatrack_testkit::append_raw(&db, &tatrack_testkit::raw_event("Organisation", alpha, 1, registered)).await;
    db.close().await;
    let app = TestApp::start(store).await;
    names(&app, "").await;
    let store = app.stop().await;
    let db = store.open().await;
    let generation = tatrack_testkit::active_generation(&db).await;
    db.close().await;
    execute(&store.url, "DELETE FROM organisation_claims").await;
    execute(&store.url, "DELETE FROM rm_organisation_names").await;
    for key in ["alpha  fund", "cafe\u{301}"] {
        execute(&store.url, &format!("INSERT INTO organisation_claims VALUES ('name:{key}', '{alpha}')"))
            .await;
        let row = format!("INSERT INTO rm_organisation_names VALUES ({generation}, '{key}', '{alpha}')");
        execute(&store.url, &row).await;
    }

    // Act
    let app = TestApp::start(store).await;

    // Assert: the names resolve and are claimed under today's keys.
    let existing = (alpha, "Alpha  Fund");
    let path = "/api/v1/organisations";
    taken(&app, path, &organisation(Uuid::new_v4(), "Alpha Fund", &[]), "name", existing).await;
    taken(&app, path, &organisation(Uuid::new_v4(), "\u{391}lpha fund", &[]), "name", existing).await;
    taken(&app, path, &organisation(Uuid::new_v4(), "X", &["Caf\u{e9}"]), "aliases[0]", existing).await;
    let programme = app.programme().await;
    let id = Uuid::new_v4();
    app.command("/api/v1/activities", &plan_body(id, programme)).await;
    let funding = json!({"donor": "caf\u{e9}", "amount": "10.00", "currency": "EUR"});
    app.command(&format!("/api/v1/activities/{id}/funding"), &funding).await;
    assert_eq!(app.activity(id).await["funding"][0]["organisation_id"], alpha.to_string());
    let summary = app.get_json("/api/v1/donors/alpha%20fund/summary").await;
    assert_eq!(summary["organisation_id"], alpha.to_string(), "{summary}");
    // Once the projector has caught up with the log, a replay builds what it built.
    names(&app, "").await;
    let db = tatrack_store::Db::connect(&app.store.url).await.expect("the store opens");
    let (live, replayed) = tatrack_testkit::live_and_replayed(&db).await;
    assert_eq!(replayed, live);
}
