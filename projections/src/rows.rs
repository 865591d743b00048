//! The row writers: each aggregate's read-model rows, loaded and written inside the caller's
//! transaction (the live projector's batch, or a replay's), never committing on their own.
//!
//! - [`activities`]: an activity's row and its per-country, institution, output and funding
//!   rows, many per statement.
//! - [`programmes`]: a programme's row and its contributions.
//! - [`organisations`]: an organisation's row and the names it claims.
//! - [`participants`]: a participant's categories, and activities' attendance lists.

pub(crate) mod activities;
pub(crate) mod organisations;
pub(crate) mod participants;
pub(crate) mod programmes;

use tatrack_store::db::{StoreError, Tx};

/// The recorded state of `id` in `table` (keyed by `key`) of `generation`; the default when it
/// has no row.
pub(crate) async fn load_state<A: Default + serde::de::DeserializeOwned>(
    tx: &mut Tx,
    table: &str,
    key: &str,
    generation: i64,
    id: &str,
) -> Result<A, StoreError> {
    let sql = format!("SELECT state FROM {table} WHERE generation = $1 AND {key} = $2");
    let state: Option<String> = tatrack_store::on_tx!(tx, |conn| sqlx::query_scalar(&sql)
        .bind(generation)
        .bind(id)
        .fetch_optional(conn)
        .await?);
    match state {
        None => Ok(A::default()),
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            StoreError::Query(sqlx::Error::Decode(format!("{table} state of {id}: {e}").into()))
        }),
    }
}

/// Deletes the rows of `id` (keyed by `key`) in `table` of `generation`: a record's child rows,
/// before they are written again from its current state.
pub(crate) async fn delete_rows(
    tx: &mut Tx,
    table: &str,
    key: &str,
    generation: i64,
    id: &str,
) -> Result<(), StoreError> {
    let sql = format!("DELETE FROM {table} WHERE generation = $1 AND {key} = $2");
    tatrack_store::on_tx!(tx, |conn| {
        sqlx::query(&sql).bind(generation).bind(id).execute(conn).await?;
    });
    Ok(())
}
