//! A stream written across an event's change of version: an `ActivityCorrected` stored at 1.0
//! (before a correction could clear the description) and one written today at 1.1 read alike
//! through the command bus, the history, the projector and a replay.

use serde_json::{json, Value};
use tatrack_projections::projector::read_state;
use tatrack_projections::replay::{dump, rebuild};
use tatrack_projections::Db;

use crate::helpers::{Backend, TestApp};

crate::on_both_backends!(a_stream_mixing_1_0_and_1_1_corrections_reads_alike_everywhere);

/// Appends `payload` to the activity's stream as version 1.0 of `event_type`, as an older
/// server stored it.
async fn append_as_1_0(db: &Db, id: &str, sequence: i64, event_type: &str, payload: &Value) {
    let sql = "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata) \
               VALUES ('Activity', $1, $2, $3, '1.0', $4, $5)";
    let metadata = json!({"actor": "older-server", "role": "adviser", "reason": "venue moved"});
    match db {
        Db::Postgres(pool) => sqlx::query(sql)
            .bind(id)
            .bind(sequence)
            .bind(event_type)
            .bind(payload)
            .bind(&metadata)
            .execute(pool)
            .await
            .map(drop),
        Db::Sqlite(pool) => sqlx::query(sql)
            .bind(id)
            .bind(sequence)
            .bind(event_type)
            .bind(payload.to_string())
            .bind(metadata.to_string())
            .execute(pool)
            .await
            .map(drop),
    }
    .expect("a 1.0 event appends");
}

async fn a_stream_mixing_1_0_and_1_1_corrections_reads_alike_everywhere(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.planned_activity().await;
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    // In 1.0, `"description": null` meant "unchanged": only the location moves.
    let old = json!({"ActivityCorrected": {"reason": "venue moved", "changes": {"location": "Jeddah", "description": null}}});
    append_as_1_0(&db, &id.to_string(), 2, "ActivityCorrected", &old).await;
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
    let generation = |db: Db| async move {
        let mut tx = db.begin_read().await.expect("a read transaction");
        read_state(&mut tx, false).await.expect("the projection state").generation
    };
    let live = dump(&db, generation(db.clone()).await).await.expect("a dump");
    rebuild(&db, |_, _| {}).await.expect("the replay runs");
    let replayed = dump(&db, generation(db.clone()).await).await.expect("a dump");
    assert_eq!(replayed, live);
}
