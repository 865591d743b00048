//! Appending a command's events, together with the rows that must agree with them.
//!
//! cqrs-es's repositories append in a transaction of their own, so a row written beside them
//! (a claimed programme code, a token's digest) could land without its event or the event
//! without it. Here the events and those rows share one transaction: both land or neither.
//! Rows and columns are the ones postgres-es and sqlite-es write (`insert_event`), bound the
//! same way, so cqrs-es reads back exactly what it would have written itself.

use serde_json::Value;

use crate::db::{Db, StoreError, Tx};
use crate::tokens::StoredToken;

/// One event, serialized as cqrs-es's `SerializedEvent` holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub event_type: String,
    pub event_version: String,
    pub payload: Value,
}

/// An event with its place in the log: the stream, the sequence it takes there and the
/// metadata stored beside it. What writers that bypass the bus write: the benchmark's bulk
/// generator, and tests that store what an older server or a bug once did.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamEvent {
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub sequence: i64,
    pub event: NewEvent,
    pub metadata: Value,
}

/// A row written in the same transaction as a command's events, or not at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Companion {
    /// The programme being registered takes its code; refused when another programme holds it.
    ClaimProgrammeCode { code: String, programme_id: String },
    /// The organisation being registered or corrected holds these claims (its names' keys and
    /// IATI identifier) and no others; refused when another organisation holds one.
    ClaimOrganisation { organisation_id: String, claims: Vec<String> },
    /// The token being created becomes usable, under the digest of its secret.
    IssueToken { token: StoredToken, digest: String },
    /// The token being revoked stops working.
    RevokeToken { name: String, at: String },
    /// The person being recorded is known under their latest name and e-mail.
    RecordPerson(crate::people::StoredPerson),
    /// The person's chosen language (`en`, `fr`, `es`) answers them from now on.
    ChooseLanguage { issuer: String, subject: String, language: String },
    /// The grant being given counts from now on.
    Grant(crate::people::StoredGrant),
    /// The grant being revoked stops counting.
    RevokeGrant { grant_id: String, at: String },
    /// The participant being registered gets their own key, sealed by the master key.
    ParticipantKey(crate::participants::StoredKey),
    /// The participant's entries in the blind index are these, and no others.
    IndexParticipant { participant_id: String, lookups: Vec<crate::participants::Lookup> },
    /// The participant being erased loses their key and index entries.
    ForgetParticipant { participant_id: String },
    /// The caller's idempotency key is spent on this command: a concurrent command with the
    /// same key and caller conflicts here, and its retry finds this one's events.
    SpendKey { actor: String, key: String },
}

/// Why an append did not land.
#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    /// Another writer appended to the stream first (the primary key of `events`).
    #[error("another writer appended to the stream first")]
    Conflict,
    /// The programme code belongs to another programme.
    #[error("programme code {code} already belongs to programme {owner}")]
    CodeTaken { code: String, owner: String },
    /// A name or IATI identifier belongs to another organisation.
    #[error("{claim} already belongs to organisation {owner}")]
    OrganisationClaimTaken { claim: String, owner: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for AppendError {
    fn from(error: sqlx::Error) -> Self {
        // The unique keys these statements can break are the stream's (type, id, sequence) and
        // a spent idempotency key: PostgreSQL's 23505, SQLite's SQLITE_CONSTRAINT_PRIMARYKEY
        // (1555). Either way another writer got there first.
        let conflict = error
            .as_database_error()
            .and_then(sqlx::error::DatabaseError::code)
            .is_some_and(|code| code == "23505" || code == "1555");
        if conflict {
            Self::Conflict
        } else {
            Self::Store(StoreError::Query(error))
        }
    }
}

/// Appends `events` after `version` of the stream, with `companions`, in one transaction.
/// Returns the global position of the last event.
pub async fn append(
    db: &Db,
    aggregate_type: &str,
    aggregate_id: &str,
    version: i64,
    events: &[NewEvent],
    metadata: &Value,
    companions: &[Companion],
) -> Result<i64, AppendError> {
    let each: Vec<(&NewEvent, &Value)> = events.iter().map(|event| (event, metadata)).collect();
    append_each(db, (aggregate_type, aggregate_id), version, &each, companions).await
}

/// [`append`] for events of several commands, each with its own command's metadata.
pub async fn append_each(
    db: &Db,
    (aggregate_type, aggregate_id): (&str, &str),
    version: i64,
    events: &[(&NewEvent, &Value)],
    companions: &[Companion],
) -> Result<i64, AppendError> {
    if let (Db::Postgres(pool), Some(key)) = (db, usual(companions)) {
        return append_in_one_statement(pool, (aggregate_type, aggregate_id), version, events, key).await;
    }
    if let (Db::Sqlite(pool, gate), []) = (db, companions) {
        return append_alone_on_sqlite(pool, gate, (aggregate_type, aggregate_id), version, events).await;
    }
    let mut tx = db.begin_write().await?;
    let last = insert_events(&mut tx, (aggregate_type, aggregate_id), version, events).await?;
    for companion in companions {
        write_companion(&mut tx, companion).await?;
    }
    tx.commit().await?;
    Ok(last)
}

/// Appends to several streams in one transaction, one stream at a time (so that a caller holds
/// only one stream's events in memory): all land at [`Appends::commit`], or none do once this
/// is dropped without it (an import, all or nothing).
pub struct Appends {
    tx: Tx,
}

impl Appends {
    pub async fn begin(db: &Db) -> Result<Self, AppendError> {
        Ok(Self { tx: db.begin_write().await? })
    }

    /// Appends `events` after `version` of the stream, with `companions`; the global position
    /// of the last event, once committed.
    pub async fn append(
        &mut self,
        stream: (&str, &str),
        version: i64,
        events: &[(&NewEvent, &Value)],
        companions: &[Companion],
    ) -> Result<i64, AppendError> {
        let last = insert_events(&mut self.tx, stream, version, events).await?;
        for companion in companions {
            write_companion(&mut self.tx, companion).await?;
        }
        Ok(last)
    }

    pub async fn commit(self) -> Result<(), AppendError> {
        Ok(self.tx.commit().await?)
    }
}

/// Inserts `events` after `version` of the stream, in `tx`; the global position of the last.
async fn insert_events(
    tx: &mut Tx,
    (aggregate_type, aggregate_id): (&str, &str),
    version: i64,
    events: &[(&NewEvent, &Value)],
) -> Result<i64, AppendError> {
    let returning = if matches!(tx, Tx::Postgres(_)) { "position" } else { "rowid" };
    let sql = format!(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, \
         metadata) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {returning}"
    );
    let mut last = 0;
    for ((event, metadata), sequence) in
        events.iter().zip(sequences_after(aggregate_id, version, events.len())?)
    {
        last = crate::on_tx!(&mut *tx, |conn| sqlx::query_scalar(&sql)
            .bind(aggregate_type)
            .bind(aggregate_id)
            .bind(sequence)
            .bind(&event.event_type)
            .bind(&event.event_version)
            .bind(&event.payload)
            .bind(*metadata)
            .fetch_one(conn)
            .await?);
    }
    Ok(last)
}

/// The sequences of `count` events appended after `version` of the stream, or an error when
/// they would pass the largest one (never wrapped).
fn sequences_after(aggregate_id: &str, version: i64, count: usize) -> Result<Vec<i64>, StoreError> {
    (1..=count)
        .map(|n| i64::try_from(n).ok().and_then(|n| version.checked_add(n)))
        .collect::<Option<Vec<i64>>>()
        .ok_or_else(|| StoreError::Query(sqlx::Error::Protocol(format!("stream {aggregate_id} is full"))))
}

/// A command's usual companions: nothing, or the idempotency key it spends.
enum UsualCompanions<'a> {
    None,
    SpendKey { actor: &'a str, key: &'a str },
}

/// `Some` when `companions` are a command's usual ones, which one statement can write.
fn usual(companions: &[Companion]) -> Option<UsualCompanions<'_>> {
    match companions {
        [] => Some(UsualCompanions::None),
        [Companion::SpendKey { actor, key }] => Some(UsualCompanions::SpendKey { actor, key }),
        _ => None,
    }
}

/// The common append on PostgreSQL in one round trip: the events and the spent key written
/// by one statement, which is its own transaction, returning the last event's position.
/// Before, a command's append was BEGIN, an INSERT per event, the key's INSERT and COMMIT:
/// four round trips or more, each waited for by a command that holds nothing else.
async fn append_in_one_statement(
    pool: &sqlx::PgPool,
    (aggregate_type, aggregate_id): (&str, &str),
    version: i64,
    events: &[(&NewEvent, &Value)],
    companions: UsualCompanions<'_>,
) -> Result<i64, AppendError> {
    let key = match companions {
        UsualCompanions::None => None,
        UsualCompanions::SpendKey { actor, key } => Some((actor, key)),
    };
    let sequences = sequences_after(aggregate_id, version, events.len())?;
    let types: Vec<&str> = events.iter().map(|(event, _)| event.event_type.as_str()).collect();
    let versions: Vec<&str> = events.iter().map(|(event, _)| event.event_version.as_str()).collect();
    let payloads: Vec<&Value> = events.iter().map(|(event, _)| &event.payload).collect();
    let metadata: Vec<&Value> = events.iter().map(|(_, metadata)| *metadata).collect();
    // ORDER BY the list's own order: identities, and so positions, follow the sequences.
    let last: Option<i64> = sqlx::query_scalar(
        "WITH appended AS ( \
           INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata) \
           SELECT $1, $2, e.sequence, e.event_type, e.event_version, e.payload, e.metadata \
           FROM UNNEST($3::bigint[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[]) \
             WITH ORDINALITY AS e (sequence, event_type, event_version, payload, metadata, n) \
           ORDER BY e.n \
           RETURNING position), \
         spent AS (INSERT INTO idempotency_keys (actor, key) SELECT $8, $9 WHERE $9::text IS NOT NULL) \
         SELECT max(position) FROM appended",
    )
    .bind(aggregate_type)
    .bind(aggregate_id)
    .bind(&sequences)
    .bind(&types)
    .bind(&versions)
    .bind(&payloads)
    .bind(&metadata)
    .bind(key.map(|(actor, _)| actor))
    .bind(key.map(|(_, key)| key))
    .fetch_one(pool)
    .await?;
    Ok(last.unwrap_or_default())
}

/// Events with nothing beside them on SQLite in one statement, which is its own transaction:
/// one trip to sqlx's connection thread instead of three (BEGIN IMMEDIATE, the INSERT, COMMIT),
/// each a hand-over between threads that cost more than the insert itself.
async fn append_alone_on_sqlite(
    pool: &sqlx::SqlitePool,
    gate: &crate::db::WriteGate,
    (aggregate_type, aggregate_id): (&str, &str),
    version: i64,
    events: &[(&NewEvent, &Value)],
) -> Result<i64, AppendError> {
    let rows = vec!["(?, ?, ?, ?, ?, ?, ?)"; events.len()].join(", ");
    let sql = format!(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, \
         metadata) VALUES {rows} RETURNING rowid"
    );
    let mut insert = sqlx::query_scalar::<_, i64>(&sql);
    for ((event, metadata), sequence) in
        events.iter().zip(sequences_after(aggregate_id, version, events.len())?)
    {
        insert = insert
            .bind(aggregate_type)
            .bind(aggregate_id)
            .bind(sequence)
            .bind(&event.event_type)
            .bind(&event.event_version)
            .bind(&event.payload)
            .bind(*metadata);
    }
    let _turn = gate.turn().await?;
    let positions = insert.fetch_all(pool).await?;
    Ok(positions.into_iter().max().unwrap_or_default())
}

async fn write_companion(tx: &mut Tx, companion: &Companion) -> Result<(), AppendError> {
    match companion {
        Companion::ClaimProgrammeCode { code, programme_id } => {
            // On PostgreSQL a concurrent claim of the same code waits here until the first
            // claimant commits (then this one is refused) or rolls back (then it wins).
            let claim =
                "INSERT INTO programme_codes (code, programme_id) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING";
            let claimed = tx.execute(claim, &[code, programme_id]).await?;
            if claimed == 0 {
                let owner: String = crate::on_tx!(tx, |conn| sqlx::query_scalar(
                    "SELECT programme_id FROM programme_codes WHERE code = $1"
                )
                .bind(code)
                .fetch_one(conn)
                .await?);
                return Err(AppendError::CodeTaken { code: code.clone(), owner });
            }
        }
        Companion::ClaimOrganisation { organisation_id, claims } => {
            claim_organisation(tx, organisation_id, claims).await?;
        }
        Companion::IssueToken { token, digest } => crate::tokens::insert(tx, token, digest).await?,
        Companion::RevokeToken { name, at } => crate::tokens::revoke(tx, name, at).await?,
        Companion::RecordPerson(person) => crate::people::record_person(tx, person).await?,
        Companion::ChooseLanguage { issuer, subject, language } => {
            crate::people::choose_language(tx, (issuer, subject), language).await?;
        }
        Companion::Grant(grant) => crate::people::insert_grant(tx, grant).await?,
        Companion::RevokeGrant { grant_id, at } => crate::people::revoke_grant(tx, grant_id, at).await?,
        Companion::ParticipantKey(key) => crate::participants::insert_key(tx, key).await?,
        Companion::IndexParticipant { participant_id, lookups } => {
            crate::participants::index(tx, participant_id, lookups).await?;
        }
        Companion::ForgetParticipant { participant_id } => {
            crate::participants::forget(tx, participant_id).await?;
        }
        Companion::SpendKey { actor, key } => {
            // A spent key is a primary-key violation: read as a conflict, like a lost race.
            tx.execute("INSERT INTO idempotency_keys (actor, key) VALUES ($1, $2)", &[actor, key]).await?;
        }
    }
    Ok(())
}

/// Releases what the organisation no longer claims, then takes each claim it makes; the first
/// claim another organisation holds refuses the append. On PostgreSQL a concurrent claim of the
/// same key waits for the first claimant's transaction, like a programme code.
async fn claim_organisation(
    tx: &mut Tx,
    organisation_id: &str,
    claims: &[String],
) -> Result<(), AppendError> {
    tx.execute("DELETE FROM organisation_claims WHERE organisation_id = $1", &[organisation_id]).await?;
    for claim in claims {
        let owner: String = crate::on_tx!(tx, |conn| {
            sqlx::query(
                "INSERT INTO organisation_claims (claim, organisation_id) VALUES ($1, $2) ON CONFLICT (claim) DO NOTHING",
            )
            .bind(claim)
            .bind(organisation_id)
            .execute(&mut *conn)
            .await?;
            sqlx::query_scalar("SELECT organisation_id FROM organisation_claims WHERE claim = $1")
                .bind(claim)
                .fetch_one(&mut *conn)
                .await?
        });
        if owner != organisation_id {
            return Err(AppendError::OrganisationClaimTaken { claim: claim.clone(), owner });
        }
    }
    Ok(())
}
