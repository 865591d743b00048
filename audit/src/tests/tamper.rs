//! Every kind of tampering is found at the seq where it happened.

use super::*;

tatrack_testkit::on_both_stores!(
    untouched_log_verifies,
    altered_payload_breaks_at_its_seq,
    deleted_event_breaks_at_its_seq,
    removed_link_row_breaks_at_its_seq,
    inserted_event_breaks_the_chain,
);

async fn untouched_log_verifies(db: &Db) {
    assert_eq!(verify(db).await.expect("verify"), intact(0, None));
    append(db, 1, 5).await;
    link(db, 2, 5).await;
    let rows = links(db).await;
    assert_eq!(rows.len(), 5);
    let verification = verify(db).await.expect("verify");
    assert_eq!(verification, intact(5, Some(&rows[4].1)));
    // The same head, recomputed from the events in commit order.
    let mut tx = db.begin_read().await.expect("begin");
    let events = committed_after(&mut tx, Checkpoint::default(), 10).await.expect("read");
    tx.commit().await.expect("commit");
    let mut head = GENESIS;
    for (event, (position, _)) in events.iter().zip(&rows) {
        assert_eq!(event.position, *position);
        head = Fields::from(event).link(&head).expect("link");
    }
    assert_eq!(verification.head, Some(hex::encode(head)));
    // Events the projector has not linked yet are lag, not tampering.
    append(db, 6, 2).await;
    assert_eq!(verify(db).await.expect("verify"), verification);
    link(db, 10, 7).await;
    assert_eq!(verify(db).await.expect("verify").count, 7);
}

async fn altered_payload_breaks_at_its_seq(db: &Db) {
    append(db, 1, 5).await;
    link(db, 3, 5).await;
    let rows = links(db).await;
    alter_payload(db, rows[2].0, "event-3 but bigger").await;
    let verification = verify(db).await.expect("verify");
    broken_at(&verification, 3, Some(rows[2].0), "altered");
    assert_eq!(verification.head.as_ref(), Some(&rows[1].1));
}

async fn deleted_event_breaks_at_its_seq(db: &Db) {
    append(db, 1, 5).await;
    link(db, 5, 5).await;
    append(db, 6, 1).await; // unlinked tail
    let rows = links(db).await;
    let column = position_column(db);
    execute(db, &format!("DELETE FROM events WHERE {column} = {}", rows[4].0)).await;
    broken_at(&verify(db).await.expect("verify"), 5, Some(rows[4].0), "deleted");
    // Catching up cannot tell where to resume; it leaves the chain alone instead of failing.
    let mut tx = db.begin_write().await.expect("begin");
    let until = Checkpoint { tx_id: i64::MAX, position: i64::MAX };
    assert_eq!(link_until(&mut tx, until).await.expect("link until"), 0);
    tx.commit().await.expect("commit");
    execute(db, &format!("DELETE FROM events WHERE {column} = {}", rows[1].0)).await;
    broken_at(&verify(db).await.expect("verify"), 2, Some(rows[1].0), "deleted");
}

async fn removed_link_row_breaks_at_its_seq(db: &Db) {
    append(db, 1, 4).await;
    link(db, 4, 4).await;
    execute(db, "DELETE FROM event_links WHERE seq = 2").await;
    broken_at(&verify(db).await.expect("verify"), 2, None, "link row for seq 2 is missing");
}

/// An event slipped into the linked part of the log: PostgreSQL orders by (`tx_id`,
/// position), so a forged `tx_id` puts it there; SQLite orders by rowid, so a forged rowid.
async fn inserted_event_breaks_the_chain(db: &Db) {
    append(db, 1, 3).await;
    link(db, 3, 3).await;
    let rows = links(db).await;
    let values = "'Activity', 'act-x', 1, 'OutputRecorded', '1.0', \
                  '{\"OutputRecorded\":{\"kind\":\"other\",\"description\":\"forged\"}}', '{\"actor\":\"a\"}'";
    let columns = "aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata";
    let (seq, position) = match db {
        Db::Postgres(_) => {
            let tx_id: i64 = sqlx::query_scalar("SELECT tx_id::text::bigint FROM events WHERE position = $1")
                .bind(rows[1].0)
                .fetch_one(match db {
                    Db::Postgres(pool) => pool,
                    Db::Sqlite(..) => unreachable!(),
                })
                .await
                .expect("tx_id");
            execute(
                db,
                &format!(
                    "INSERT INTO events ({columns}, position, tx_id) OVERRIDING SYSTEM VALUE \
                 VALUES ({values}, 1000, '{tx_id}'::xid8)"
                ),
            )
            .await;
            (3, 1000) // right after the second linked event in commit order
        }
        Db::Sqlite(..) => {
            execute(db, &format!("INSERT INTO events (rowid, {columns}) VALUES (0, {values})")).await;
            (1, 0) // before every linked event
        }
    };
    broken_at(&verify(db).await.expect("verify"), seq, Some(position), "inserted");
    // Moving a linked event elsewhere in commit order breaks the chain too.
    let column = position_column(db);
    execute(db, &format!("DELETE FROM events WHERE {column} = {position}")).await;
    assert!(verify(db).await.expect("verify").intact);
    if matches!(db, Db::Postgres(_)) {
        execute(db, &format!("UPDATE events SET tx_id = '3'::xid8 WHERE position = {}", rows[2].0)).await;
        broken_at(&verify(db).await.expect("verify"), 1, Some(rows[0].0), "commit order differs");
    }
}

#[tokio::test]
async fn sqlite_text_that_is_not_json_is_reported() {
    let store = Store::fresh(Backend::Sqlite).await;
    let db = store.open().await;
    append(&db, 1, 3).await;
    link(&db, 3, 3).await;
    execute(&db, "UPDATE events SET payload = '{\"OutputRecorded\":' WHERE rowid = 2").await;
    broken_at(&verify(&db).await.expect("verify"), 2, Some(2), "payload is not JSON");
    match export(&db, &mut Vec::new()).await {
        Err(AuditError::Corrupt { position: 2, .. }) => {}
        other => panic!("expected the export to refuse position 2, got {other:?}"),
    }
    db.close().await;
}
