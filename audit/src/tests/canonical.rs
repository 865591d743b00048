//! The bytes a link covers, and links pinned to known answers.

use sha2::{Digest, Sha256};

use super::*;

#[test]
fn canonical_bytes_are_the_sorted_compact_json_array() {
    let mut object = serde_json::Map::new();
    object.insert("zeta".into(), json!([1, -2, 2.5, null, true, "\"\\\n\u{1}é😀/"]));
    object.insert("alpha".into(), json!({"b": 1, "a": {"d": [], "c": {}}}));
    let event = sample(Value::Object(object));
    let bytes = Fields::from(&event).canonical().expect("encode");
    let expected = serde_json::to_vec(&json!([
        event.aggregate_type,
        event.aggregate_id,
        event.sequence,
        event.event_type,
        event.event_version,
        event.payload,
        event.metadata
    ]))
    .expect("encode");
    assert_eq!(String::from_utf8_lossy(&bytes), String::from_utf8_lossy(&expected));
    assert_eq!(
        String::from_utf8(bytes).expect("UTF-8"),
        r#"["Activity","act-1",3,"OutputRecorded","1.0",{"alpha":{"a":{"c":{},"d":[]},"b":1},"zeta":[1,-2,2.5,null,true,"\"\\\n\u0001é😀/"]},{"actor":"a","request_digest":"d"}]"#
    );
}

#[test]
fn each_link_hashes_the_previous_link_and_the_event() {
    let first = sample(payload("one"));
    let second = sample(payload("two"));
    let link1 = Fields::from(&first).link(&GENESIS).expect("link");
    let link2 = Fields::from(&second).link(&link1).expect("link");
    let mut hasher = Sha256::new();
    hasher.update([0_u8; 32]);
    hasher.update(Fields::from(&first).canonical().expect("encode"));
    assert_eq!(link1, <Link>::from(hasher.finalize()));
    let mut hasher = Sha256::new();
    hasher.update(link1);
    hasher.update(Fields::from(&second).canonical().expect("encode"));
    assert_eq!(link2, <Link>::from(hasher.finalize()));
}

/// A known answer: a fixed log and the head its chain must reach, computed outside this
/// code (Python's json and hashlib over the same fields). Any change to the canonical bytes
/// or the linking breaks every stored chain, so it must break this test first.
#[test]
fn a_fixed_log_links_to_a_known_head() {
    let event = |aggregate_type: &str, aggregate_id: &str, sequence, event_type: &str, payload, metadata| {
        StoredEvent {
            aggregate_type: aggregate_type.into(),
            aggregate_id: aggregate_id.into(),
            sequence,
            event_type: event_type.into(),
            metadata,
            ..sample(payload)
        }
    };
    let log = [
        event(
            "Programme",
            "00000000-0000-4000-8000-000000000101",
            1,
            "ProgrammeRegistered",
            json!({"ProgrammeRegistered": {"code": "GLOFIREARMS", "end": null, "name": "Global Firearms Programme",
                "start": "2011-01-01", "thematic_area": "firearms"}}),
            json!({"actor": "ops-lead", "recorded_at": "2019-02-01T09:00:00Z", "request_id": "r-1", "role": "admin"}),
        ),
        event(
            "Activity",
            "00000000-0000-4000-8000-000000000201",
            1,
            "ActivityPlanned",
            json!({"ActivityPlanned": {"countries": ["SAU"], "description": null, "kind": "workshop",
                "location": "Riyadh", "planned_end": "2019-10-24", "planned_start": "2019-10-20",
                "programme_id": "00000000-0000-4000-8000-000000000101", "title": "Atelier de coopération"}}),
            json!({"actor": "amina.k", "recorded_at": "2019-09-01T10:00:00Z", "request_id": "r-2", "role": "adviser"}),
        ),
        event(
            "Activity",
            "00000000-0000-4000-8000-000000000201",
            2,
            "ActivityReported",
            json!("ActivityReported"),
            json!({"actor": "amina.k", "recorded_at": "2019-11-02T10:00:00Z", "request_id": "r-3", "role": "adviser"}),
        ),
    ];
    let links: Vec<String> = log
        .iter()
        .scan(GENESIS, |previous, event| {
            *previous = Fields::from(event).link(previous).expect("link");
            Some(hex::encode(*previous))
        })
        .collect();
    assert_eq!(
        links,
        [
            "bed45a2ac89bad9ee0c1519ba6358a5847f01f03ac78f2a0484d5f5849defdf1",
            "2e46e3c36a9f4c03eb66a4cfff1b0cac072422bb42e903f14b1b75ca85d74dc2",
            "10a7b619c36cfc8da800e9a6814a0cb1313bffcc5ba9d93dc710c91bb1ea6936",
        ]
    );
}

#[test]
fn a_line_that_is_not_an_exported_event_is_an_error() {
    let input = b"\n{\"seq\": 1,\n".as_slice();
    match check(input) {
        Err(AuditError::Parse { line: 2, .. }) => {}
        other => panic!("expected a parse error on line 2, got {other:?}"),
    }
    assert_eq!(check(b"".as_slice()).expect("an empty export"), intact(0, None));
}

/// The same event appended to both backends reads back as the same values, so its
/// canonical bytes, and its link, do not depend on the backend.
#[tokio::test]
async fn the_same_event_links_alike_on_both_backends() {
    let mut payload = serde_json::Map::new();
    payload.insert("zeta".into(), json!({"y": [1, -2, 2.5, 0.1, 12_345_678_901_i64, null, false]}));
    payload.insert("alpha".into(), json!("quote \" backslash \\ newline \n tab \t é 😀 \u{7f} \u{1f}"));
    let payload = json!({"OutputRecorded": payload});
    let metadata = json!({"actor": "a", "idempotency_key": "k-1", "request_digest": "abc"});
    let mut read = Vec::new();
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let store = Store::fresh(backend).await;
        let db = store.open().await;
        append_event(&db, "act-1", 1, &payload, &metadata).await;
        link(&db, 10, 1).await;
        let mut tx = db.begin_read().await.expect("begin");
        let events = committed_after(&mut tx, Checkpoint::default(), 10).await.expect("read");
        tx.commit().await.expect("commit");
        read.push((events, links(&db).await));
        db.close().await;
    }
    let [(sqlite, sqlite_links), (postgres, postgres_links)] = read.as_slice() else { unreachable!() };
    let (sqlite, postgres) = (&sqlite[0], &postgres[0]);
    assert_eq!(sqlite.payload, payload);
    assert_eq!(postgres.payload, payload);
    assert_eq!(sqlite.metadata, postgres.metadata);
    let canonical = |e| Fields::from(e).canonical().expect("encode");
    assert_eq!(canonical(sqlite), canonical(postgres));
    assert_eq!(sqlite_links[0].1, postgres_links[0].1);
}
