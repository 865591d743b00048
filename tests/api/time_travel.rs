//! Time travel (`as_of`): a summary asked about a past instant is the summary given at that
//! instant, for every scope, range and caller; and asking one takes no write lock, so writers
//! and time travellers never wait for each other.

use futures::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::Connection;
use uuid::Uuid;

use tatrack_testkit::{plan_body, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    an_as_of_summary_is_the_summary_given_at_that_instant,
    writes_and_as_of_summaries_run_together,
    an_as_of_summary_answers_while_a_writer_holds_the_lock,
);

const EU: &str = "European Union";

/// Plans an activity in `countries` under `programme`, with EU funding; returns its id.
async fn activity_in(app: &TestApp, programme: Uuid, countries: &[&str], donor: &str, amount: &str) -> Uuid {
    let id = Uuid::new_v4();
    let mut plan = plan_body(id, programme);
    plan["countries"] = json!(countries);
    app.command("/api/v1/activities", &plan).await;
    let funding = json!({"donor": donor, "amount": amount, "currency": "EUR"});
    app.command(&format!("/api/v1/activities/{id}/funding"), &funding).await;
    id
}

/// Every summary request the scenario compares, as `(as the donor, path)`.
fn requests(programme: Uuid) -> Vec<(bool, String)> {
    let mut requests = Vec::new();
    for range in ["", "from=2019-10-22&to=2020-03-10", "from=2019-10-01&to=2019-10-31"] {
        for scope in [
            "countries/BOL",
            "countries/PER",
            &format!("programmes/{programme}"),
            "donors/European%20Union",
            "donors/Japan",
        ] {
            requests.push((false, format!("/api/v1/{scope}/summary?{range}")));
        }
        for scope in ["countries/BOL", &format!("programmes/{programme}"), "donors/European%20Union"] {
            requests.push((true, format!("/api/v1/{scope}/summary?{range}")));
        }
    }
    requests
}

async fn summary(app: &TestApp, donor: &str, as_donor: bool, path: &str) -> Value {
    let token = if as_donor { donor } else { app.token.as_str() };
    let response = app.request_as(Some(token), Method::GET, path, None).await;
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    let mut body: Value = response.json().await.expect("a JSON summary");
    if let Some(fields) = body.as_object_mut() {
        fields.remove("as_of");
        fields.remove("as_of_position");
    }
    body
}

async fn an_as_of_summary_is_the_summary_given_at_that_instant(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let donor = app.issue_token(&json!({"name": "donor.eu", "role": "donor", "scope": {"donor": EU}})).await;
    let programme = app.programme().await;
    let contributions = format!("/api/v1/programmes/{programme}/contributions");
    app.command(
        &contributions,
        &json!({"donor": EU, "amount": "1000.00", "currency": "EUR", "received_on": "2019-11-01"}),
    )
    .await;
    let local = activity_in(&app, programme, &["BOL"], EU, "500.00").await;
    let regional = activity_in(&app, programme, &["BOL", "PER"], "Japan", "700.00").await;
    let doomed = activity_in(&app, programme, &["PER"], EU, "60.00").await;
    let mistaken = activity_in(&app, programme, &["BOL"], EU, "40.00").await;
    let delivery = json!({"start": "2019-10-20", "end": "2019-10-24", "mode": "in_person"});
    app.command(&format!("/api/v1/activities/{regional}/delivery"), &delivery).await;
    let participants = json!({"female": 4, "male": 6, "other_or_undisclosed": 0,
                              "by_institution": {"prosecutors": 10}, "by_country": {"PER": {"female": 1, "male": 2, "other_or_undisclosed": 0}}});
    let last = app.command(&format!("/api/v1/activities/{regional}/participants"), &participants).await;
    let caught_up = format!("min_position={}", last["position"]);
    app.get_json(&format!("/api/v1/countries/BOL/summary?{caught_up}")).await;
    // Early in the log: answered by folding the log from nothing.
    let (early, early_instant) = capture(&app, &donor, programme).await;

    // Afterwards: a new activity, a withdrawal, a correction, a delivery, a cancellation, a
    // voiding, an amendment, a contribution, and funding by the viewing donor where it had none.
    activity_in(&app, programme, &["PER"], EU, "900.00").await;
    let base = |id: Uuid, what: &str| format!("/api/v1/activities/{id}/{what}");
    app.command(&base(local, "funding/withdrawal"), &json!({"donor": EU, "reason": "moved elsewhere"})).await;
    app.command(&base(regional, "funding"), &json!({"donor": EU, "amount": "300.00", "currency": "EUR"}))
        .await;
    let changes = json!({"reason": "recorded wrongly", "changes": {"countries": ["PER", "COL"]}});
    app.command(&base(regional, "corrections"), &changes).await;
    app.command(
        &base(local, "delivery"),
        &json!({"start": "2020-02-01", "end": "2020-02-02", "mode": "in_person"}),
    )
    .await;
    app.command(&base(doomed, "cancellation"), &json!({"reason": "venue unavailable"})).await;
    app.command(&base(mistaken, "voiding"), &json!({"reason": "a duplicate"})).await;
    let mut amended = participants.clone();
    amended["female"] = json!(5);
    amended["by_country"]["PER"]["female"] = json!(2);
    let amendment = json!({"reason": "counted wrongly", "participants": amended});
    app.command(&base(regional, "participants/amendment"), &amendment).await;
    let last = app
        .command(
            &contributions,
            &json!({"donor": "Japan", "amount": "80.00", "currency": "EUR", "received_on": "2019-12-01"}),
        )
        .await;
    app.get_json(&format!("/api/v1/countries/BOL/summary?min_position={}", last["position"])).await;
    // Late in the log: answered by correcting today's read models.
    let (late, late_instant) = capture(&app, &donor, programme).await;
    let mut last = Value::Null;
    for n in 0..12 {
        let output = json!({"kind": "other", "description": format!("output {n}")});
        last = app.command(&base(regional, "outputs"), &output).await;
    }
    app.get_json(&format!("/api/v1/countries/PER/summary?min_position={}", last["position"])).await;

    for (then, instant) in [(early, early_instant), (late, late_instant)] {
        let mut differ = 0;
        for ((as_donor, path), expected) in requests(programme).iter().zip(&then) {
            let encoded = instant.replace('+', "%2B");
            let travelled = summary(&app, &donor, *as_donor, &format!("{path}&as_of={encoded}")).await;
            assert_eq!(&travelled, expected, "GET {path} as of {instant} (donor: {as_donor})");
            let current = summary(&app, &donor, *as_donor, path).await;
            let now = format!("{path}&as_of=2100-01-01T00:00:00Z");
            assert_eq!(summary(&app, &donor, *as_donor, &now).await, current, "{path} now");
            differ += usize::from(current != *expected);
        }
        assert!(differ >= then.len() / 2, "the later changes show in half the summaries ({differ})");
    }
}

/// Every compared summary now, and an instant strictly between the last event and the next.
async fn capture(app: &TestApp, donor: &str, programme: Uuid) -> (Vec<Value>, String) {
    let now: Vec<Value> =
        join_all(requests(programme).iter().map(|(as_donor, path)| summary(app, donor, *as_donor, path)))
            .await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let instant = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    (now, instant)
}

async fn writes_and_as_of_summaries_run_together(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let id = activity_in(&app, programme, &["BOL"], EU, "10.00").await;
    let instant = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let path = format!("/api/v1/activities/{id}/outputs");

    let writes = join_all((0..20).map(|n| {
        let body = json!({"kind": "other", "description": format!("output {n}")});
        let path = path.clone();
        let app = &app;
        async move { app.post(&path, &body).await.status() }
    }));
    let summary = format!("/api/v1/countries/BOL/summary?as_of={instant}");
    let reads = join_all((0..6).map(|_| app.get(&summary)));
    let (writes, reads) = tokio::join!(writes, reads);

    assert!(writes.iter().all(|s| *s == StatusCode::OK), "every write lands: {writes:?}");
    for read in reads {
        assert_eq!(read.status(), StatusCode::OK);
    }
    assert_eq!(app.activity(id).await["outputs"].as_array().map(Vec::len), Some(20));
}

async fn an_as_of_summary_answers_while_a_writer_holds_the_lock(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    activity_in(&app, programme, &["BOL"], EU, "10.00").await;
    let instant = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let path = format!("/api/v1/countries/BOL/summary?as_of={instant}");

    // Another writer holds the write lock (SQLite) or keeps writers out of the read models
    // (PostgreSQL) until the time traveller has its answer: a time traveller that wrote would
    // wait for it (and fail on SQLite's busy timeout, or hang on PostgreSQL).
    let answered = if app.store.url.starts_with("sqlite") {
        let mut writer = sqlx::SqliteConnection::connect(&app.store.url).await.expect("the SQLite store");
        sqlx::query("BEGIN IMMEDIATE").execute(&mut writer).await.expect("the write lock");
        let answered = app.get(&path).await;
        sqlx::query("ROLLBACK").execute(&mut writer).await.expect("the lock released");
        answered
    } else {
        let mut writer = sqlx::PgConnection::connect(&app.store.url).await.expect("the PostgreSQL store");
        let mut tx = writer.begin().await.expect("a transaction");
        sqlx::query("LOCK TABLE rm_activities, rm_summary_cells IN SHARE MODE")
            .execute(&mut *tx)
            .await
            .expect("the lock");
        let answered = app.get(&path).await;
        tx.rollback().await.expect("the lock released");
        answered
    };

    assert_eq!(answered.status(), StatusCode::OK);
    let summary: Value = answered.json().await.expect("a JSON summary");
    assert_eq!(summary["activities"]["total"], 1, "{summary}");
}
