//! Linking: overlapping batches link each event once; `link_until` catches a chain up.

use super::*;

tatrack_testkit::on_both_stores!(
    overlapping_batches_are_linked_once,
    link_until_backfills_up_to_a_checkpoint
);

async fn overlapping_batches_are_linked_once(db: &Db) {
    append(db, 1, 5).await;
    link(db, 3, 3).await;
    settled(db, 5).await;
    let mut tx = db.begin_write().await.expect("begin");
    let events = committed_after(&mut tx, Checkpoint::default(), 10).await.expect("read");
    assert_eq!(events.len(), 5);
    link_events(&mut tx, &events).await.expect("link");
    link_events(&mut tx, &events).await.expect("link again");
    tx.commit().await.expect("commit");
    let rows = links(db).await;
    let positions: Vec<i64> = rows.iter().map(|(position, _)| *position).collect();
    assert_eq!(positions, events.iter().map(|e| e.position).collect::<Vec<_>>());
    assert_eq!(verify(db).await.expect("verify"), intact(5, Some(&rows[4].1)));
}

async fn link_until_backfills_up_to_a_checkpoint(db: &Db) {
    append(db, 1, 6).await;
    link(db, 2, 2).await;
    settled(db, 6).await;
    let mut tx = db.begin_write().await.expect("begin");
    let events = committed_after(&mut tx, Checkpoint::default(), 10).await.expect("read");
    assert_eq!(events.len(), 6);
    let until = Checkpoint::of(&events[4]);
    assert_eq!(link_until(&mut tx, until).await.expect("link until"), 3);
    assert_eq!(link_until(&mut tx, until).await.expect("again"), 0);
    tx.commit().await.expect("commit");
    let verification = verify(db).await.expect("verify");
    assert_eq!(verification.count, 5);
    assert!(verification.intact);
}
