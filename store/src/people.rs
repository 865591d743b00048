//! People signed in through the identity provider, their grants, their sessions and the
//! sign-ins under way (`people`, `grants`, `person_sessions`, `oidc_logins`, migration 0015; people's languages,
//! migration 0016).
//!
//! `people` and `grants` are written only beside the `Person` and `Grant` streams' events, in
//! their transaction ([`crate::append::Companion`]). Timestamps are RFC 3339 in UTC, compared
//! as text.

use tatrack_domain::access::Grantee;

use crate::db::{Db, StoreError, Tx};

/// A person as their provider last described them.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredPerson {
    pub issuer: String,
    pub subject: String,
    pub name: String,
    pub email: Option<String>,
    pub recorded_at: String,
    /// The language they chose to be answered in (`en`, `fr`, `es`), if any (migration 0016).
    pub language: Option<String>,
}

/// A grant as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredGrant {
    pub grant_id: String,
    #[sqlx(flatten)]
    pub grantee: GranteeColumns,
    pub role: String,
    /// JSON of the scope, as tokens keep theirs.
    pub scope: String,
    pub reason: String,
    pub granted_by: String,
    pub granted_at: String,
    pub revoked_at: Option<String>,
}

/// Whom a grant is to, as its columns hold a [`Grantee`]: a person (`issuer`, `subject`) or a
/// claim value (`claim`, `claim_value`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GranteeColumns {
    /// `person` or `claim`.
    pub grantee_kind: String,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub claim: Option<String>,
    pub claim_value: Option<String>,
}

impl From<&Grantee> for GranteeColumns {
    fn from(grantee: &Grantee) -> Self {
        let (kind, issuer, subject, claim, claim_value) = match grantee {
            Grantee::Person { issuer, subject } => {
                ("person", Some(issuer.clone()), Some(subject.clone()), None, None)
            }
            Grantee::Claim { claim, value } => {
                ("claim", None, None, Some(claim.clone()), Some(value.clone()))
            }
        };
        Self { grantee_kind: kind.to_owned(), issuer, subject, claim, claim_value }
    }
}

impl From<GranteeColumns> for Grantee {
    fn from(columns: GranteeColumns) -> Self {
        match (columns.issuer, columns.subject, columns.claim, columns.claim_value) {
            (Some(issuer), Some(subject), _, _) => Self::Person { issuer, subject },
            (_, _, claim, value) => {
                Self::Claim { claim: claim.unwrap_or_default(), value: value.unwrap_or_default() }
            }
        }
    }
}

const GRANT_COLUMNS: &str = "grant_id, grantee_kind, issuer, subject, claim, claim_value, role, scope, \
                             reason, granted_by, granted_at, revoked_at";

pub(crate) async fn record_person(tx: &mut Tx, person: &StoredPerson) -> Result<(), StoreError> {
    crate::on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO people (issuer, subject, name, email, recorded_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (issuer, subject) DO UPDATE SET name = excluded.name, email = excluded.email, \
             recorded_at = excluded.recorded_at",
        )
        .bind(&person.issuer)
        .bind(&person.subject)
        .bind(&person.name)
        .bind(&person.email)
        .bind(&person.recorded_at)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Notes the language the person chose (the `LanguageChosen` event's row).
pub(crate) async fn choose_language(
    tx: &mut Tx,
    (issuer, subject): (&str, &str),
    language: &str,
) -> Result<(), StoreError> {
    let sql = "UPDATE people SET language = $1 WHERE issuer = $2 AND subject = $3";
    tx.execute(sql, &[language, issuer, subject]).await?;
    Ok(())
}

pub(crate) async fn insert_grant(tx: &mut Tx, grant: &StoredGrant) -> Result<(), StoreError> {
    crate::on_tx!(tx, |conn| {
        sqlx::query(&format!(
            "INSERT INTO grants ({GRANT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        ))
        .bind(&grant.grant_id)
        .bind(&grant.grantee.grantee_kind)
        .bind(&grant.grantee.issuer)
        .bind(&grant.grantee.subject)
        .bind(&grant.grantee.claim)
        .bind(&grant.grantee.claim_value)
        .bind(&grant.role)
        .bind(&grant.scope)
        .bind(&grant.reason)
        .bind(&grant.granted_by)
        .bind(&grant.granted_at)
        .bind(&grant.revoked_at)
        .execute(conn)
        .await?;
    });
    Ok(())
}

pub(crate) async fn revoke_grant(tx: &mut Tx, grant_id: &str, at: &str) -> Result<(), StoreError> {
    let sql = "UPDATE grants SET revoked_at = $1 WHERE grant_id = $2 AND revoked_at IS NULL";
    tx.execute(sql, &[at, grant_id]).await?;
    Ok(())
}

pub async fn person(db: &Db, issuer: &str, subject: &str) -> Result<Option<StoredPerson>, StoreError> {
    let sql = "SELECT issuer, subject, name, email, recorded_at, language FROM people \
               WHERE issuer = $1 AND subject = $2";
    Ok(crate::on_db!(db, |pool, _columns| sqlx::query_as(sql)
        .bind(issuer)
        .bind(subject)
        .fetch_optional(pool)
        .await?))
}

pub async fn people(db: &Db) -> Result<Vec<StoredPerson>, StoreError> {
    let sql = "SELECT issuer, subject, name, email, recorded_at, language FROM people \
               ORDER BY name, issuer, subject";
    Ok(crate::on_db!(db, |pool, _columns| sqlx::query_as(sql).fetch_all(pool).await?))
}

/// Every grant, the standing and the revoked, oldest first.
pub async fn grants(db: &Db) -> Result<Vec<StoredGrant>, StoreError> {
    let sql = format!("SELECT {GRANT_COLUMNS} FROM grants ORDER BY granted_at, grant_id");
    Ok(crate::on_db!(db, |pool, _columns| sqlx::query_as(&sql).fetch_all(pool).await?))
}

/// The standing grants of the person `issuer`/`subject` whose sign-in carried `claims` (claim
/// name, value), oldest first.
pub async fn standing_grants(
    db: &Db,
    (issuer, subject): (&str, &str),
    claims: &[(String, String)],
) -> Result<Vec<StoredGrant>, StoreError> {
    // One statement: the person's own grants and those of each claim value they carry.
    let mut params = vec![issuer.to_owned(), subject.to_owned()];
    let mut of_claims = Vec::with_capacity(claims.len());
    for (claim, value) in claims {
        params.extend([claim.clone(), value.clone()]);
        let at = params.len();
        of_claims
            .push(format!(" OR (grantee_kind = 'claim' AND claim = ${} AND claim_value = ${at})", at - 1));
    }
    let of_claims = of_claims.concat();
    let sql = format!(
        "SELECT {GRANT_COLUMNS} FROM grants WHERE revoked_at IS NULL \
         AND ((grantee_kind = 'person' AND issuer = $1 AND subject = $2){of_claims}) \
         ORDER BY granted_at, grant_id"
    );
    Ok(crate::on_db!(db, |pool, _columns| {
        let mut query = sqlx::query_as(&sql);
        for value in &params {
            query = query.bind(value);
        }
        query.fetch_all(pool).await?
    }))
}

/// A person's live session.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PersonSession {
    pub issuer: String,
    pub subject: String,
    /// JSON: claim name -> the values the sign-in carried.
    pub claims: String,
    pub id_token: String,
    pub csrf: String,
    pub expires_at: String,
}

/// Opens a person's session under the digest of its cookie's secret, first forgetting the
/// sessions that can no longer be used (as [`crate::sessions::open`] does).
pub async fn open_session(
    db: &Db,
    digest: &str,
    session: &PersonSession,
    now: &str,
) -> Result<(), StoreError> {
    db.execute("DELETE FROM person_sessions WHERE ended_at IS NOT NULL OR expires_at <= $1", &[now]).await?;
    let PersonSession { issuer, subject, claims, id_token, csrf, expires_at } = session;
    db.execute(
        "INSERT INTO person_sessions (digest, issuer, subject, claims, id_token, csrf, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[digest, issuer, subject, claims, id_token, csrf, now, expires_at],
    )
    .await?;
    Ok(())
}

/// The person's session whose cookie has `digest`, if it has neither ended nor expired at `now`.
pub async fn live_session(db: &Db, digest: &str, now: &str) -> Result<Option<PersonSession>, StoreError> {
    let sql = "SELECT issuer, subject, claims, id_token, csrf, expires_at FROM person_sessions \
               WHERE digest = $1 AND ended_at IS NULL AND expires_at > $2";
    Ok(crate::on_db!(db, |pool, _columns| sqlx::query_as(sql)
        .bind(digest)
        .bind(now)
        .fetch_optional(pool)
        .await?))
}

/// Ends the session whose cookie has `digest`; whether there was one to end.
pub async fn end_session(db: &Db, digest: &str, now: &str) -> Result<bool, StoreError> {
    let sql = "UPDATE person_sessions SET ended_at = $1 WHERE digest = $2 AND ended_at IS NULL";
    Ok(db.execute(sql, &[now, digest]).await? > 0)
}

/// A sign-in under way: what the provider's answer must match.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PendingLogin {
    pub nonce: String,
    pub verifier: String,
    /// Where the app returns after signing in (a path of the app).
    pub return_to: String,
}

/// Keeps a sign-in under the digest of its state, first forgetting those older than `stale`.
pub async fn begin_login(
    db: &Db,
    state_digest: &str,
    login: &PendingLogin,
    (now, stale): (&str, &str),
) -> Result<(), StoreError> {
    db.execute("DELETE FROM oidc_logins WHERE created_at <= $1", &[stale]).await?;
    let PendingLogin { nonce, verifier, return_to } = login;
    db.execute(
        "INSERT INTO oidc_logins (state_digest, nonce, verifier, return_to, created_at) VALUES ($1, $2, $3, $4, $5)",
        &[state_digest, nonce, verifier, return_to, now],
    )
    .await?;
    Ok(())
}

/// Spends the sign-in of this state: its row is deleted as it is read, so a replayed answer
/// finds nothing. `None` for an unknown, spent or stale (created at or before `stale`) state.
pub async fn take_login(
    db: &Db,
    state_digest: &str,
    stale: &str,
) -> Result<Option<PendingLogin>, StoreError> {
    let sql =
        "DELETE FROM oidc_logins WHERE state_digest = $1 RETURNING nonce, verifier, return_to, created_at";
    let row: Option<(String, String, String, String)> =
        crate::on_db!(db, |pool, _columns| sqlx::query_as(sql)
            .bind(state_digest)
            .fetch_optional(pool)
            .await?);
    Ok(row
        .filter(|(.., created_at)| created_at.as_str() > stale)
        .map(|(nonce, verifier, return_to, _)| PendingLogin { nonce, verifier, return_to }))
}
