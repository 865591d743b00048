//! The feed: every event once, in a dense order, paged; narrowed by actor and by time.

use reqwest::StatusCode;
use serde_json::{json, Value};
use tatrack_store::Db;

use tatrack_testkit::{assert_problem, Backend, TestApp};

use super::helpers::{adviser, instant, instant_of, is_hex_link, page_through, record_a_mix, seqs, settle};
use super::store::positions_in_log;

pub(super) async fn the_audit_feed_pages_every_event_once_in_order(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let (name, secret) = adviser(&app).await;
    let last = record_a_mix(&app, &secret).await;
    settle(&app, last).await;

    // Act
    let feed = page_through(&app, "").await;

    // Assert: every event once, in a dense order.
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let in_log = positions_in_log(&db).await;
    db.close().await;
    let n = i64::try_from(in_log.len()).expect("a count");
    assert_eq!(seqs(&feed), (1..=n).collect::<Vec<_>>(), "seq runs 1..N without gaps");
    let mut positions: Vec<i64> =
        feed.iter().map(|item| item["position"].as_i64().expect("a position")).collect();
    positions.sort_unstable();
    assert_eq!(positions, in_log, "each event of the log exactly once");
    assert_eq!(feed.last().map(|item| item["position"].clone()), Some(json!(last)));
    for item in &feed {
        assert!(is_hex_link(item["link"].as_str().unwrap_or_default()), "{item}");
        assert!(["Token", "Programme", "Activity"].contains(&item["aggregate_type"].as_str().unwrap_or("")));
    }
    assert_eq!((feed[0]["aggregate_type"].as_str(), feed[0]["sequence"].as_i64()), (Some("Token"), Some(1)));
    let beyond = app.get_json(&format!("/api/v1/audit/events?after={n}")).await;
    assert_eq!(beyond, json!({"items": [], "next_after": n}));

    // Filters narrow it.
    let by_adviser = page_through(&app, &format!("&actor={name}")).await;
    let expected: Vec<Value> =
        feed.iter().filter(|item| item["metadata"]["actor"] == name).cloned().collect();
    assert_eq!(by_adviser.len(), 5, "the adviser's five commands: {by_adviser:?}");
    assert_eq!(by_adviser, expected);
    let (from, to) = (&feed[2]["recorded_at"], &feed[feed.len() - 3]["recorded_at"]);
    let window =
        |item: &&Value| (instant_of(from)..=instant_of(to)).contains(&instant_of(&item["recorded_at"]));
    let expected: Vec<Value> = feed.iter().filter(window).cloned().collect();
    let (from, to) = (from.as_str().expect("text"), to.as_str().expect("text"));
    let between = page_through(&app, &format!("&from={from}&to={to}")).await;
    assert_eq!(seqs(&between), seqs(&expected), "from {from} to {to}, both included");
    let adviser_since = page_through(&app, &format!("&actor={name}&from={from}")).await;
    let since = |item: &&Value| {
        item["metadata"]["actor"] == name && instant_of(&item["recorded_at"]) >= instant(from)
    };
    assert_eq!(seqs(&adviser_since), seqs(&feed.iter().filter(since).cloned().collect::<Vec<_>>()));
    for limit in [0, 1001] {
        let refused = app.get(&format!("/api/v1/audit/events?limit={limit}")).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
        assert_eq!(problem["field"], "limit");
    }
}
