//! States and summaries as they stood: an activity corrected over several days, read as of each
//! instant and at each version, and the country summaries as of each instant.

use reqwest::StatusCode;
use serde_json::{json, Value};
use tatrack_store::Db;
use uuid::Uuid;

use tatrack_testkit::{
    assert_problem, delivery_body, participants_body, plan_body, programme_body, unique_code, Backend,
    TestApp,
};

use super::helpers::{instant, instant_of, position, settle};
use super::store::backdate;

/// When each event of [`record_december`] is made to have been recorded, in order.
const DECEMBER: [&str; 8] = [
    "2019-11-30T09:00:00", // the programme is registered
    "2019-12-01T10:00:00", // A is planned in Bolivia
    "2019-12-01T11:00:00", // B is planned in Bolivia
    "2019-12-02T10:00:00", // A takes place
    "2019-12-02T11:00:00", // A's participants
    "2019-12-03T10:00:00", // A is retitled
    "2019-12-04T10:00:00", // B is cancelled
    "2019-12-05T10:00:00", // A turns out to have been in Peru
];
pub(super) const FIRST_TITLE: &str = "Mutual legal assistance workshop";
const SECOND_TITLE: &str = "Mutual legal assistance training workshop";

/// Records the events [`DECEMBER`] dates; returns the ids of A and B and the positions.
async fn record_december(app: &TestApp) -> (Uuid, Uuid, Vec<i64>) {
    let (programme, a, b) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let mut positions = Vec::new();
    positions
        .push(position(&app.command("/api/v1/programmes", &programme_body(programme, &unique_code())).await));
    for id in [a, b] {
        let mut plan = plan_body(id, programme);
        plan["countries"] = json!(["BOL"]);
        plan["location"] = json!("La Paz");
        positions.push(position(&app.command("/api/v1/activities", &plan).await));
    }
    let (on_a, on_b) = (format!("/api/v1/activities/{a}"), format!("/api/v1/activities/{b}"));
    let steps = [
        (&on_a, "delivery", delivery_body()),
        (&on_a, "participants", participants_body(12, 18)),
        (&on_a, "corrections", json!({"reason": "typo", "changes": {"title": SECOND_TITLE}})),
        (&on_b, "cancellation", json!({"reason": "venue unavailable"})),
        (&on_a, "corrections", json!({"reason": "wrong country", "changes": {"countries": ["PER"]}})),
    ];
    for (base, command, body) in steps {
        positions.push(position(&app.command(&format!("{base}/{command}"), &body).await));
    }
    (a, b, positions)
}

pub(super) async fn corrections_over_several_days_give_the_right_states_and_summaries(backend: Backend) {
    // Arrange: the events, then their append times moved to early December 2019.
    let app = TestApp::spawn(backend).await;
    let (a, b, positions) = record_december(&app).await;
    settle(&app, positions[7]).await;
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    for (position, instant) in positions.iter().zip(DECEMBER) {
        backdate(&db, *position, instant).await;
    }
    db.close().await;

    // Act and assert
    assert_activity_as_it_stood(&app, a, &positions).await;
    let cancelled = app.get_json(&format!("/api/v1/activities/{b}?as_of=2019-12-04T10:00:00Z")).await;
    assert_eq!((cancelled["status"].as_str(), cancelled["version"].as_i64()), (Some("cancelled"), Some(2)));
    let before_b = app.get_json(&format!("/api/v1/activities/{b}?as_of=2019-12-04T09:59:59.999Z")).await;
    assert_eq!(before_b["status"], "planned", "{before_b}");
    assert_summaries_as_they_stood(&app, &positions).await;
}

async fn assert_activity_as_it_stood(app: &TestApp, id: Uuid, positions: &[i64]) {
    let base = format!("/api/v1/activities/{id}");
    let early = app.get(&format!("{base}?as_of=2019-12-01T09:59:59Z")).await;
    assert_problem(early, StatusCode::NOT_FOUND, "/problems/not-found").await;

    let planned = app.get_json(&format!("{base}?as_of=2019-12-01T10:00:00Z")).await;
    assert_eq!(planned["version"], 1, "an event recorded at the instant itself counts: {planned}");
    assert_eq!((planned["status"].as_str(), planned["title"].as_str()), (Some("planned"), Some(FIRST_TITLE)));
    assert_eq!(planned["countries"], json!(["BOL"]));
    assert_eq!(planned["position"], positions[1]);
    assert_eq!(instant_of(&planned["recorded_at"]), instant("2019-12-01T10:00:00Z"));

    let delivered = app.get_json(&format!("{base}?as_of=2019-12-02T23:59:59Z")).await;
    assert_eq!((delivered["version"].as_i64(), delivered["status"].as_str()), (Some(3), Some("delivered")));
    assert_eq!(delivered["title"], FIRST_TITLE);
    assert_eq!(delivered["participants"]["female"], 12);
    assert_eq!(delivered["position"], positions[4]);

    let retitled = app.get_json(&format!("{base}?as_of=2019-12-04T12:00:00Z")).await;
    assert_eq!((retitled["version"].as_i64(), retitled["title"].as_str()), (Some(4), Some(SECOND_TITLE)));
    assert_eq!(retitled["countries"], json!(["BOL"]), "still in Bolivia before the 5th");
    assert_eq!(instant_of(&retitled["recorded_at"]), instant("2019-12-03T10:00:00Z"));

    let moved = app.get_json(&format!("{base}?as_of=2019-12-05T10:00:00%2B00:00")).await;
    assert_eq!((moved["version"].as_i64(), moved["countries"].clone()), (Some(5), json!(["PER"])));
    assert_eq!(moved["title"], SECOND_TITLE);

    // ?version=N reads the same states.
    assert_eq!(app.get_json(&format!("{base}?version=1")).await, planned);
    assert_eq!(app.get_json(&format!("{base}?version=3")).await, delivered);
    assert_eq!(app.get_json(&format!("{base}?version=4")).await, retitled);
    assert_eq!(app.get_json(&format!("{base}?version=5")).await, moved);
    assert_eq!(app.activity(id).await, moved, "the current state is the last one");
    assert_eq!(app.get_json(&format!("{base}?as_of=2030-01-01T00:00:00Z")).await, moved);

    let both = app.get(&format!("{base}?as_of=2019-12-03T00:00:00Z&version=2")).await;
    assert_problem(both, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
    let zero = app.get(&format!("{base}?version=0")).await;
    let problem = assert_problem(zero, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
    assert_eq!(problem["field"], "version");
}

fn count(summary: &Value, status: &str) -> i64 {
    summary["activities"]["by_status"][status].as_i64().unwrap_or(0)
}

/// `(total, planned, delivered, cancelled, participants)` of a summary.
fn figures(summary: &Value) -> (i64, i64, i64, i64, i64) {
    (
        summary["activities"]["total"].as_i64().expect("a total"),
        count(summary, "planned"),
        count(summary, "delivered"),
        count(summary, "cancelled"),
        summary["participants"]["total"].as_i64().expect("a participant total"),
    )
}

async fn assert_summaries_as_they_stood(app: &TestApp, positions: &[i64]) {
    // (instant, the last event recorded by then, Bolivia's figures, Peru's figures)
    let expected = [
        ("2019-06-01T00:00:00Z", 0, (0, 0, 0, 0, 0), (0, 0, 0, 0, 0)),
        ("2019-11-30T12:00:00Z", positions[0], (0, 0, 0, 0, 0), (0, 0, 0, 0, 0)),
        ("2019-12-01T12:00:00Z", positions[2], (2, 2, 0, 0, 0), (0, 0, 0, 0, 0)),
        ("2019-12-02T11:00:00Z", positions[4], (2, 1, 1, 0, 30), (0, 0, 0, 0, 0)),
        ("2019-12-04T12:00:00Z", positions[6], (1, 0, 1, 1, 30), (0, 0, 0, 0, 0)),
        ("2019-12-05T10:00:00Z", positions[7], (0, 0, 0, 1, 0), (1, 0, 1, 0, 30)),
        ("2019-12-31T23:59:59Z", positions[7], (0, 0, 0, 1, 0), (1, 0, 1, 0, 30)),
    ];
    for (at, last, bolivia, peru) in expected {
        for (country, figures_then) in [("BOL", bolivia), ("PER", peru)] {
            let summary = app.get_json(&format!("/api/v1/countries/{country}/summary?as_of={at}")).await;
            assert_eq!(figures(&summary), figures_then, "{country} as of {at}: {summary}");
            assert_eq!(instant_of(&summary["as_of"]), instant(at), "as_of is echoed: {summary}");
            assert_eq!(summary["as_of_position"], last, "{country} as of {at}: {summary}");
        }
    }
    for (country, now) in [("BOL", (0, 0, 0, 1, 0)), ("PER", (1, 0, 1, 0, 30))] {
        let current = app.get_json(&format!("/api/v1/countries/{country}/summary")).await;
        assert_eq!(figures(&current), now, "{country} now: {current}");
        assert!(current.get("as_of").is_none(), "a current summary is as of no instant: {current}");
        assert!(current["as_of_position"].as_i64() >= Some(positions[7]), "{current}");
        let replayed =
            app.get_json(&format!("/api/v1/countries/{country}/summary?as_of=2019-12-31T00:00:00Z")).await;
        for part in ["activities", "participants", "outputs", "programmes", "funding"] {
            assert_eq!(replayed[part], current[part], "{country}: the replay agrees with the live {part}");
        }
    }
}
