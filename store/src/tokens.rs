//! The table of access tokens the server checks requests against.
//!
//! Written only beside the `Token` stream's events, in their transaction
//! ([`crate::append::Companion`]), so the table never says more or less than the log.

use crate::db::{Db, StoreError, Tx};

/// One token as stored: never the secret, only its digest.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredToken {
    pub name: String,
    pub role: String,
    /// JSON of the token's scope.
    pub scope: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    /// Who issued it (the actor of its creation), when recorded (since migration 0015).
    pub issued_by: Option<String>,
    /// The language its answers are in unless a request asks for another (`en`, `fr`, `es`),
    /// if it was issued with one (since migration 0016).
    pub language: Option<String>,
}

const COLUMNS: &str = "name, role, scope, created_at, expires_at, revoked_at, issued_by, language";

pub(crate) async fn insert(tx: &mut Tx, token: &StoredToken, digest: &str) -> Result<(), StoreError> {
    crate::on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO tokens (name, digest, role, scope, created_at, expires_at, revoked_at, issued_by, \
             language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&token.name)
        .bind(digest)
        .bind(&token.role)
        .bind(&token.scope)
        .bind(&token.created_at)
        .bind(&token.expires_at)
        .bind(&token.revoked_at)
        .bind(&token.issued_by)
        .bind(&token.language)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// The token whose secret has this digest, revoked or not.
pub async fn by_digest(db: &Db, digest: &str) -> Result<Option<StoredToken>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM tokens WHERE digest = $1");
    Ok(crate::on_db!(db, |pool, _columns| sqlx::query_as(&sql).bind(digest).fetch_optional(pool).await?))
}

pub async fn list(db: &Db) -> Result<Vec<StoredToken>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM tokens ORDER BY name");
    Ok(crate::on_db!(db, |pool, _columns| sqlx::query_as(&sql).fetch_all(pool).await?))
}

/// Marks the token revoked (a token already marked keeps its first instant).
pub(crate) async fn revoke(tx: &mut Tx, name: &str, at: &str) -> Result<(), StoreError> {
    tx.execute("UPDATE tokens SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL", &[at, name])
        .await?;
    Ok(())
}

/// Whether an admin token that is neither revoked nor expired exists.
pub async fn active_admin_exists(db: &Db, now: &str) -> Result<bool, StoreError> {
    let count: i64 = crate::on_db!(db, |pool, _columns| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM tokens WHERE role = 'admin' AND revoked_at IS NULL \
             AND (expires_at IS NULL OR expires_at > $1)",
        )
        .bind(now)
        .fetch_one(pool)
        .await?
    });
    Ok(count > 0)
}
