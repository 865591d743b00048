//! Linking: overlapping batches link each event once; `link_until` catches a chain up.

use super::*;
use crate::Pending;

tatrack_testkit::on_both_stores!(
    overlapping_batches_are_linked_once,
    link_until_backfills_up_to_a_checkpoint,
    links_hashed_ahead_skip_what_was_linked_meanwhile
);

/// Appends `count` events and links the first `linked`, then waits until all are visible.
async fn partly_linked(db: &Db, count: i64, linked: i64) {
    append(db, 1, count).await;
    link(db, linked, linked).await;
    settled(db, usize::try_from(count).expect("a count")).await;
}

/// [`partly_linked`], then all `count` events read in a write transaction.
async fn partly_linked_then_read(db: &Db, count: i64, linked: i64) -> (Tx, Vec<StoredEvent>) {
    partly_linked(db, count, linked).await;
    let mut tx = db.begin_write().await.expect("begin");
    let events = committed_after(&mut tx, Checkpoint::default(), 10).await.expect("read");
    assert_eq!(events.len(), usize::try_from(count).expect("a count"));
    (tx, events)
}

async fn overlapping_batches_are_linked_once(db: &Db) {
    let (mut tx, events) = partly_linked_then_read(db, 5, 3).await;
    link_events(&mut tx, &events).await.expect("link");
    link_events(&mut tx, &events).await.expect("link again");
    tx.commit().await.expect("commit");
    let rows = links(db).await;
    let positions: Vec<i64> = rows.iter().map(|(position, _)| *position).collect();
    assert_eq!(positions, events.iter().map(|e| e.position).collect::<Vec<_>>());
    assert_eq!(verify(db).await.expect("verify"), intact(5, Some(&rows[4].1)));
}

async fn link_until_backfills_up_to_a_checkpoint(db: &Db) {
    let (mut tx, events) = partly_linked_then_read(db, 6, 2).await;
    let until = Checkpoint::of(&events[4]);
    assert_eq!(link_until(&mut tx, until).await.expect("link until"), 3);
    assert_eq!(link_until(&mut tx, until).await.expect("again"), 0);
    tx.commit().await.expect("commit");
    let verification = verify(db).await.expect("verify");
    assert_eq!(verification.count, 5);
    assert!(verification.intact);
}

/// A replay hashes the links ahead, from its snapshot; the live projector links one of the same
/// events meanwhile; the switch writes the others once, and the chain stays intact.
async fn links_hashed_ahead_skip_what_was_linked_meanwhile(db: &Db) {
    use futures::TryStreamExt as _;
    partly_linked(db, 6, 2).await;
    let mut snapshot = db.begin_read().await.expect("begin");
    let mut pending = Pending::start(&mut snapshot).await.expect("start").expect("a chain to follow");
    let through = tatrack_store::log::last_committed(&mut snapshot).await.expect("the log's end");
    let rows: Vec<_> = tatrack_store::log::stream_committed_between(&mut snapshot, pending.after(), through)
        .try_collect()
        .await
        .expect("read the log");
    assert_eq!(rows.len(), 4);
    for row in &rows {
        pending.push(row).expect("hash");
    }
    snapshot.commit().await.expect("commit");

    link(db, 1, 3).await;
    let mut tx = db.begin_write().await.expect("begin");
    let written = pending.write(&mut tx).await.expect("write");
    tx.commit().await.expect("commit");

    assert_eq!(written, 3, "the event linked meanwhile is skipped");
    let verification = verify(db).await.expect("verify");
    assert_eq!((verification.count, verification.intact), (6, true), "{verification:?}");
}
