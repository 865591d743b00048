//! Tampering: an altered payload or a deleted event breaks the hash chain where it happened, as
//! the endpoint, a direct verification and a checked export all show.

use reqwest::StatusCode;
use serde_json::Value;
use tatrack_audit::{self as audit, Verification};
use tatrack_store::Db;

use tatrack_testkit::{assert_problem, Backend, TestApp};

use super::helpers::{adviser, is_hex_link, record_a_mix, settle};
use super::store::{execute, position_column, positions_in_log};

/// Asserts both the endpoint and [`audit::verify`] report the chain broken at `seq`, naming
/// `position`.
async fn assert_broken_at(app: &TestApp, db: &Db, seq: i64, position: i64) {
    let answer = app.get("/api/v1/audit/verify").await;
    let problem = assert_problem(answer, StatusCode::CONFLICT, "/problems/chain-broken").await;
    let detail = problem["detail"].as_str().unwrap_or_default();
    assert!(detail.contains(&format!("seq {seq} (position {position})")), "names the break: {detail}");
    let verification = audit::verify(db).await.expect("verify runs");
    assert!(!verification.intact);
    assert_eq!(verification.count, seq - 1, "the links before the break are sound");
    let broken = verification.first_broken.expect("a first break");
    assert_eq!((broken.seq, broken.position), (seq, Some(position)), "{}", broken.reason);
}

async fn export(db: &Db) -> Vec<u8> {
    let mut bytes = Vec::new();
    audit::export(db, &mut bytes).await.expect("the export is written");
    bytes
}

/// The first exported plan that is not the last line: its seq, position and line number.
fn a_plan_in(export: &[u8]) -> (i64, i64, usize) {
    let text = std::str::from_utf8(export).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    lines[..lines.len() - 1]
        .iter()
        .enumerate()
        .find_map(|(number, line)| {
            let event: Value = serde_json::from_str(line).expect("a JSON line");
            (event["event_type"] == "ActivityPlanned").then(|| {
                (event["seq"].as_i64().expect("seq"), event["position"].as_i64().expect("position"), number)
            })
        })
        .expect("an exported plan")
}

pub(super) async fn tampering_is_detected(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let last = record_a_mix(&app, &adviser(&app).await.1).await;
    settle(&app, last).await;
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let events = i64::try_from(positions_in_log(&db).await.len()).expect("a count");

    // An untouched log verifies, over HTTP and directly.
    let verified = app.get_json("/api/v1/audit/verify").await;
    assert_eq!((verified["intact"].as_bool(), verified["count"].as_i64()), (Some(true), Some(events)));
    assert!(is_hex_link(verified["head"].as_str().unwrap_or_default()), "{verified}");
    assert_eq!(verified["first_broken"], Value::Null);
    let direct = audit::verify(&db).await.expect("verify runs");
    assert_eq!(serde_json::to_value(&direct).expect("JSON"), verified);
    let newest = app.get_json(&format!("/api/v1/audit/events?after={}", events - 1)).await;
    assert_eq!(newest["items"][0]["link"], verified["head"], "the head is the newest event's link");

    // (c) An export checks out on its own, and the live log extends it.
    let copy = export(&db).await;
    let checked = audit::check(&copy[..]).expect("a well-formed export");
    assert_eq!(checked, direct);
    assert!(audit::extends(&db, &checked).await.expect("extends runs"));
    let (seq, position, line) = a_plan_in(&copy);
    let edited = edit_one_byte(&copy, line);
    let check_of_edit = audit::check(&edited[..]).expect("still well-formed");
    assert_eq!(check_of_edit.first_broken.as_ref().map(|b| (b.seq, b.position)), Some((seq, Some(position))));
    assert_eq!(check_of_edit.count, seq - 1);
    assert!(audit::extends(&db, &check_of_edit).await.expect("extends runs"), "the sound part still leads");

    // (a) Altering a stored payload breaks the chain at that event.
    let sql = match &db {
        Db::Postgres(_) => format!(
            "UPDATE events SET payload = jsonb_set(payload, '{{ActivityPlanned,location}}', '\"Mecca\"') \
             WHERE position = {position}"
        ),
        Db::Sqlite(..) => format!(
            "UPDATE events SET payload = json_set(payload, '$.ActivityPlanned.location', 'Mecca') \
             WHERE rowid = {position}"
        ),
    };
    assert_eq!(execute(&db, &sql).await, 1);
    assert_broken_at(&app, &db, seq, position).await;
    assert!(!audit::extends(&db, &checked).await.expect("extends runs"), "the live log left the copy");
    let after = audit::check(&export(&db).await[..]).expect("a well-formed export");
    assert_eq!(after.first_broken.map(|b| b.seq), Some(seq), "the next export shows the edit");
    db.close().await;

    // (b) Deleting an event in the middle breaks the chain there.
    deleting_an_event_is_detected(backend).await;
}

/// The export with one byte of `line`'s payload changed (a letter of "Riyadh").
fn edit_one_byte(export: &[u8], line: usize) -> Vec<u8> {
    let start: usize = export.split(|b| *b == b'\n').take(line).map(|l| l.len() + 1).sum();
    let end = start + export[start..].iter().position(|b| *b == b'\n').expect("a line end");
    let target = start
        + export[start..end].windows(6).position(|w| w == b"Riyadh").expect("the location in the payload")
        + 5;
    let mut edited = export.to_vec();
    edited[target] = b'j';
    assert_eq!(edited.iter().zip(export).filter(|(a, b)| a != b).count(), 1);
    edited
}

async fn deleting_an_event_is_detected(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let last = record_a_mix(&app, &adviser(&app).await.1).await;
    settle(&app, last).await;
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let events = i64::try_from(positions_in_log(&db).await.len()).expect("a count");
    let middle = events / 2;
    let item = &app.get_json(&format!("/api/v1/audit/events?after={}&limit=1", middle - 1)).await["items"][0];
    let position = item["position"].as_i64().expect("a position");
    assert_eq!(item["seq"], middle);

    let sql = format!("DELETE FROM events WHERE {} = {position}", position_column(&db));
    assert_eq!(execute(&db, &sql).await, 1);

    assert_broken_at(&app, &db, middle, position).await;
    let exported: Verification = audit::check(&export(&db).await[..]).expect("a well-formed export");
    assert_eq!(exported.first_broken.map(|b| b.seq), Some(middle), "the export misses that line");
    db.close().await;
}
