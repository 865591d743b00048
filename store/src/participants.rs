//! The keys that open participants' sealed details, and the blind index of their likely
//! matches: rows outside the event log, written in the transaction of the event they agree with
//! (see [`crate::append::Companion`]) and deleted with the erasure. Nothing here is readable
//! without the master key: keys are sealed by it, digests are keyed by a key derived from it.

use crate::db::{Db, StoreError, Tx};

/// A participant's key, as stored: sealed by the master key `key_id` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredKey {
    pub participant_id: String,
    pub key_id: String,
    /// base64 of the nonce and the sealed key.
    pub wrapped: String,
    pub created_at: String,
}

/// One entry of the blind index: a kind (`email`, `name`) and a keyed digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    pub kind: String,
    pub digest: String,
}

pub(crate) async fn insert_key(tx: &mut Tx, key: &StoredKey) -> Result<(), sqlx::Error> {
    tx.execute(
        "INSERT INTO participant_keys (participant_id, key_id, wrapped, created_at) VALUES ($1, $2, $3, $4)",
        &[&key.participant_id, &key.key_id, &key.wrapped, &key.created_at],
    )
    .await?;
    Ok(())
}

/// Replaces the participant's entries in the blind index.
pub(crate) async fn index(tx: &mut Tx, participant_id: &str, lookups: &[Lookup]) -> Result<(), sqlx::Error> {
    tx.execute("DELETE FROM participant_lookup WHERE participant_id = $1", &[participant_id]).await?;
    for lookup in lookups {
        tx.execute(
            "INSERT INTO participant_lookup (participant_id, kind, digest) VALUES ($1, $2, $3) \
             ON CONFLICT (participant_id, kind, digest) DO NOTHING",
            &[participant_id, &lookup.kind, &lookup.digest],
        )
        .await?;
    }
    Ok(())
}

/// Deletes the participant's key and index entries: their sealed details can never be opened
/// again. Also the projector's, when it applies an erasure.
pub async fn forget(tx: &mut Tx, participant_id: &str) -> Result<(), sqlx::Error> {
    tx.execute("DELETE FROM participant_keys WHERE participant_id = $1", &[participant_id]).await?;
    tx.execute("DELETE FROM participant_lookup WHERE participant_id = $1", &[participant_id]).await?;
    Ok(())
}

/// The participant's stored key, if they have one (none: never registered, or erased).
pub async fn key(db: &Db, participant_id: &str) -> Result<Option<StoredKey>, StoreError> {
    let row: Option<(String, String, String)> = crate::on_db!(db, |pool, _columns| {
        sqlx::query_as("SELECT key_id, wrapped, created_at FROM participant_keys WHERE participant_id = $1")
            .bind(participant_id)
            .fetch_optional(pool)
            .await?
    });
    Ok(row.map(|(key_id, wrapped, created_at)| StoredKey {
        participant_id: participant_id.to_owned(),
        key_id,
        wrapped,
        created_at,
    }))
}

/// The participants whose index holds `lookup`, in id order.
pub async fn matching(db: &Db, lookup: &Lookup) -> Result<Vec<String>, StoreError> {
    Ok(crate::on_db!(db, |pool, _columns| {
        sqlx::query_scalar(
            "SELECT DISTINCT participant_id FROM participant_lookup WHERE kind = $1 AND digest = $2 \
             ORDER BY participant_id",
        )
        .bind(&lookup.kind)
        .bind(&lookup.digest)
        .fetch_all(pool)
        .await?
    }))
}

/// On SQLite, copies the write-ahead log into the database file and empties it, so the pages
/// that held an erased key (zeroed in the file by `secure_delete`) leave the log too. Best
/// effort: a reader holding an old snapshot keeps the log until it is done; the next
/// checkpoint then empties it. PostgreSQL frees the old row version at its next VACUUM.
pub async fn flush_erased(db: &Db) -> Result<(), StoreError> {
    if let Db::Sqlite(pool, _) = db {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await?;
    }
    Ok(())
}
