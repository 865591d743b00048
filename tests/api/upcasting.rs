//! A stream written across an event's change of version: an `ActivityCorrected` stored at 1.0
//! (before a correction could clear the description) and one written today at 1.1 read alike
//! through the command bus, the history, the projector and a replay.

use serde_json::json;
use tatrack_store::Db;

use tatrack_testkit::{append_raw, live_and_replayed, raw_event, Backend, StreamEvent, TestApp};

tatrack_testkit::on_both_backends!(a_stream_mixing_1_0_and_1_1_corrections_reads_alike_everywhere);

async fn a_stream_mixing_1_0_and_1_1_corrections_reads_alike_everywhere(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.planned_activity().await;
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    // In 1.0, `"description": null` meant "unchanged": only the location moves.
    let old = json!({"ActivityCorrected": {"reason": "venue moved", "changes": {"location": "Jeddah", "description": null}}});
    let metadata = json!({"actor": "older-server", "role": "adviser", "reason": "venue moved"});
    append_raw(&db, &StreamEvent { metadata, ..raw_event("Activity", id, 2, old) }).await;
    let before = app.activity(id).await;
    assert_eq!(before["location"], "Jeddah", "{before}");
    assert!(before["description"].is_string(), "a 1.0 null left the description: {before}");

    // Today a null clears it; the bus folds the 1.0 event through the upcaster to decide.
    let body = json!({"reason": "the description was a draft", "changes": {"description": null}});
    let landed = app.command(&format!("/api/v1/activities/{id}/corrections"), &body).await;
    assert_eq!(landed["version"], 3, "{landed}");
    let after = app.activity(id).await;
    assert_eq!(after["location"], "Jeddah", "{after}");
    assert!(after["description"].is_null(), "the 1.1 correction cleared it: {after}");

    let history = app.history(id).await;
    let versions: Vec<_> = history.iter().map(|e| e["event_version"].as_str().unwrap_or_default()).collect();
    assert_eq!(versions, ["1.0", "1.0", "1.1"]);
    let changes = &history[2]["changes"];
    assert_eq!(changes[0]["field"], "description", "{changes}");
    assert!(changes[0]["old"].is_string() && changes[0]["new"].is_null(), "{changes}");

    // The projector applied both; a replay from the log builds the same rows.
    let position = landed["position"].as_i64().expect("a position");
    let listed = app.get_json(&format!("/api/v1/activities?country=SAU&min_position={position}")).await;
    assert_eq!(listed["items"][0]["location"], "Jeddah", "{listed}");
    let (live, replayed) = live_and_replayed(&db).await;
    assert_eq!(replayed, live);
}
