//! Facts that span streams, which no single aggregate can guard: unique programme codes.

use crate::store::{Db, StoreError};

/// Claims `code` for `programme_id` and returns the id that owns it: `programme_id` itself, or
/// the programme that claimed it first. Claiming twice for the same programme is harmless, so a
/// retried registration passes.
pub async fn claim_programme_code(db: &Db, code: &str, programme_id: &str) -> Result<String, StoreError> {
    Ok(crate::on_db!(db, |pool, _columns| {
        sqlx::query(
            "INSERT INTO programme_codes (code, programme_id) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING",
        )
        .bind(code)
        .bind(programme_id)
        .execute(pool)
        .await?;
        sqlx::query_scalar("SELECT programme_id FROM programme_codes WHERE code = $1")
            .bind(code)
            .fetch_one(pool)
            .await?
    }))
}

/// The id of the programme registered under `code`, if any.
pub async fn programme_id_of(db: &Db, code: &str) -> Result<Option<String>, StoreError> {
    Ok(crate::on_db!(db, |pool, _columns| {
        sqlx::query_scalar("SELECT programme_id FROM programme_codes WHERE code = $1")
            .bind(code)
            .fetch_optional(pool)
            .await?
    }))
}

/// Moves the claim on `code` from `from` to `to`; `false` if someone else moved it first.
pub async fn reassign_programme_code(db: &Db, code: &str, from: &str, to: &str) -> Result<bool, StoreError> {
    let moved = crate::on_db!(db, |pool, _columns| {
        sqlx::query("UPDATE programme_codes SET programme_id = $1 WHERE code = $2 AND programme_id = $3")
            .bind(to)
            .bind(code)
            .bind(from)
            .execute(pool)
            .await?
            .rows_affected()
    });
    Ok(moved == 1)
}
