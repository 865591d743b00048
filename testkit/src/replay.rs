//! The read models beside a replay of the whole log: what every projection test compares.

use tatrack_projections::replay::{dump, rebuild};
use tatrack_projections::state::read_state;
use tatrack_store::Db;

/// The generation of the read models that queries answer from.
pub async fn active_generation(db: &Db) -> i64 {
    let mut tx = db.begin_read().await.expect("a read transaction");
    read_state(&mut tx, false).await.expect("the projection state").generation
}

/// Every row of the live read models, then every row a replay of the whole log builds (which
/// becomes the active generation).
pub async fn live_and_replayed(db: &Db) -> (Vec<String>, Vec<String>) {
    let live = dump(db, active_generation(db).await).await.expect("a dump of the live read models");
    rebuild(db, |_, _| {}).await.expect("the replay runs");
    let replayed = dump(db, active_generation(db).await).await.expect("a dump of the replay");
    (live, replayed)
}
