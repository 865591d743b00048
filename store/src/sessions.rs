//! The web app's sessions (`web_sessions`, migration 0009), beside the tokens they speak for.
//!
//! A session is a credential, not a record: the table keeps the SHA-256 digest of the cookie's
//! secret, the token's name, an anti-CSRF secret and its times, and nothing of the history (the
//! events a session wrote name its token). Timestamps are RFC 3339 in UTC, compared as text.

use crate::db::{Db, StoreError};
use crate::tokens::StoredToken;

/// A live session and the token it speaks for.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LiveSession {
    #[sqlx(flatten)]
    pub token: StoredToken,
    pub csrf: String,
    pub expires_at_session: String,
}

/// A session about to be opened.
pub struct NewSession<'a> {
    /// The digest of the cookie's secret.
    pub digest: &'a str,
    pub token_name: &'a str,
    pub csrf: &'a str,
    pub created_at: &'a str,
    pub expires_at: &'a str,
}

/// The session whose cookie has `digest`, if it has neither ended nor expired at `now`.
pub async fn live(db: &Db, digest: &str, now: &str) -> Result<Option<LiveSession>, StoreError> {
    let sql = "SELECT t.name, t.role, t.scope, t.created_at, t.expires_at, t.revoked_at, t.issued_by, \
               t.language, s.csrf, s.expires_at AS expires_at_session \
               FROM web_sessions s JOIN tokens t ON t.name = s.token_name \
               WHERE s.digest = $1 AND s.ended_at IS NULL AND s.expires_at > $2";
    Ok(crate::on_db!(db, |pool, _columns| sqlx::query_as(sql)
        .bind(digest)
        .bind(now)
        .fetch_optional(pool)
        .await?))
}

/// Opens a session, first forgetting those that can no longer be used at its creation (signed
/// out, or past their expiry): purging at each sign-in keeps the table as small as the sessions
/// alive in one lifetime, with no timer to run.
pub async fn open(db: &Db, session: &NewSession<'_>) -> Result<(), StoreError> {
    let forget = "DELETE FROM web_sessions WHERE ended_at IS NOT NULL OR expires_at <= $1";
    db.execute(forget, &[session.created_at]).await?;
    let NewSession { digest, token_name, csrf, created_at, expires_at } = *session;
    db.execute(
        "INSERT INTO web_sessions (digest, token_name, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        &[digest, token_name, csrf, created_at, expires_at],
    )
    .await?;
    Ok(())
}

/// Ends the session whose cookie has `digest` at `at` (an ended session keeps its first end).
pub async fn end(db: &Db, digest: &str, at: &str) -> Result<(), StoreError> {
    db.execute("UPDATE web_sessions SET ended_at = $1 WHERE digest = $2 AND ended_at IS NULL", &[at, digest])
        .await?;
    Ok(())
}
