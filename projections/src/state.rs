//! The projector's checkpoint: its row in `projection_state`, read and written inside the
//! transaction of the batch it belongs to.
//!
//! The live projector reads the row `for_update` and writes it back before its commit, so the
//! row stays locked for the whole batch (`FOR UPDATE` on PostgreSQL; on SQLite the write
//! transaction holds the database's single write lock): the read models and the checkpoint
//! move together or not at all. Queries read it without the lock, to know which generation of
//! read models to read and which position of the log that generation reflects.

use tatrack_store::db::{StoreError, Tx};
use tatrack_store::log::Checkpoint;

/// The projector's row in `projection_state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectionState {
    pub generation: i64,
    pub checkpoint: Checkpoint,
    pub events_applied: i64,
}

/// The row; with `for_update`, locked until `tx` ends (PostgreSQL: SQLite's write
/// transactions already exclude one another).
pub async fn read_state(tx: &mut Tx, for_update: bool) -> Result<ProjectionState, StoreError> {
    let lock = if for_update && matches!(tx, Tx::Postgres(_)) { " FOR UPDATE" } else { "" };
    let sql = format!(
        "SELECT generation, checkpoint_tx, checkpoint_position, events_applied FROM projection_state WHERE id = 1{lock}"
    );
    let (generation, tx_id, position, events_applied): (i64, i64, i64, i64) =
        tatrack_store::on_tx!(tx, |conn| sqlx::query_as(&sql).fetch_one(conn).await?);
    Ok(ProjectionState { generation, checkpoint: Checkpoint { tx_id, position }, events_applied })
}

/// Moves the row to `state`, in the transaction that wrote what it reflects.
pub async fn write_state(tx: &mut Tx, state: ProjectionState) -> Result<(), StoreError> {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    tatrack_store::on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE projection_state SET generation = $1, checkpoint_tx = $2, checkpoint_position = $3, \
             events_applied = $4, updated_at = $5 WHERE id = 1",
        )
        .bind(state.generation)
        .bind(state.checkpoint.tx_id)
        .bind(state.checkpoint.position)
        .bind(state.events_applied)
        .bind(&now)
        .execute(conn)
        .await?;
    });
    Ok(())
}
