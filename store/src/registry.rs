//! Facts that span streams, which no single aggregate can guard: unique programme codes, and the
//! names and identifiers organisations claim (rewritten when the way names are keyed changes).
//!
//! A code is claimed in the transaction that appends the programme's registration
//! ([`crate::append::Companion::ClaimProgrammeCode`]), so `programme_codes` holds exactly the
//! codes of registered programmes, each with the first programme that registered it.

use crate::db::{Db, StoreError, Tx};
use crate::log::{Checkpoint, StoredEvent};
use crate::row::{EventRow, POSTGRES_COLUMNS, SQLITE_COLUMNS};

/// The id of the programme registered under `code`, if any.
pub async fn programme_id_of(db: &Db, code: &str) -> Result<Option<String>, StoreError> {
    holder(db, "SELECT programme_id FROM programme_codes WHERE code = $1", code).await
}

/// The organisation holding `claim` (`name:<key>` or `iati:<identifier>`), if one does: the
/// claims are written with the organisation's events, so this is never behind the log.
pub async fn organisation_claiming(db: &Db, claim: &str) -> Result<Option<String>, StoreError> {
    holder(db, "SELECT organisation_id FROM organisation_claims WHERE claim = $1", claim).await
}

/// The id `select` finds holding `key` (its one parameter), if any.
async fn holder(db: &Db, select: &str, key: &str) -> Result<Option<String>, StoreError> {
    Ok(crate::on_db!(db, |pool, _columns| sqlx::query_scalar(select).bind(key).fetch_optional(pool).await?))
}

/// A claim two organisations made under today's keys, which older keys told apart (two
/// spellings of one name registered before names were normalised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimCollision {
    pub claim: String,
    /// The organisation written last: it holds the claim, as it holds the name in the read
    /// models (the projector writes them in that order).
    pub kept_by: String,
    pub lost_by: String,
}

/// Makes the organisations' claims what today's code claims for them, from their events, if the
/// stored ones differ: claims written under an older form of the name key (names trimmed and in
/// lower case only, with no look-alike claims) would let a new spelling of a name through, and
/// would not find a name spelt another way. Run when a server starts; a no-op when the claims
/// are current. Names that become one under the new keys never fail it: the organisation written
/// last keeps the claim, and each collision is returned for the caller to report.
///
/// The claims table is locked first (PostgreSQL; SQLite has one writer), so a command racing
/// this either committed before (its events are read here) or claims after (against these).
pub async fn rekey_organisation_claims(db: &Db) -> Result<Vec<ClaimCollision>, StoreError> {
    use std::collections::BTreeMap;
    let mut tx = db.begin_write().await?;
    if let Tx::Postgres(conn) = &mut tx {
        sqlx::query("LOCK TABLE organisation_claims IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut **conn)
            .await?;
    }
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    let mut collisions = Vec::new();
    for (id, organisation) in organisations_by_last_write(&mut tx, None).await? {
        let Some(details) = organisation.details() else { continue };
        for claim in details.claims() {
            if let Some(lost_by) = expected.insert(claim.clone(), id.clone()).filter(|owner| *owner != id) {
                collisions.push(ClaimCollision { claim, kept_by: id.clone(), lost_by });
            }
        }
    }
    rewrite_owners(&mut tx, ("organisation_claims", "claim", "organisation_id"), None, &expected).await?;
    tx.commit().await?;
    Ok(collisions)
}

/// Makes `table`, whose rows map a key to its owner (`(table, key column, owner column)`;
/// within `generation`, for a read model), hold exactly `expected`: read whole, and rewritten
/// whole if it differs. Whether it was rewritten.
pub async fn rewrite_owners(
    tx: &mut Tx,
    (table, key, owner): (&str, &str, &str),
    generation: Option<i64>,
    expected: &std::collections::BTreeMap<String, String>,
) -> Result<bool, StoreError> {
    let within = if generation.is_some() { " WHERE generation = $1" } else { "" };
    let select = format!("SELECT {key}, {owner} FROM {table}{within}");
    let stored: Vec<(String, String)> = crate::on_tx!(tx, |conn| {
        let query = sqlx::query_as(&select);
        let query = if let Some(generation) = generation { query.bind(generation) } else { query };
        query.fetch_all(&mut *conn).await?
    });
    if stored.into_iter().collect::<std::collections::BTreeMap<_, _>>() == *expected {
        return Ok(false);
    }
    let delete = format!("DELETE FROM {table}{within}");
    let insert = match generation {
        Some(_) => format!("INSERT INTO {table} (generation, {key}, {owner}) VALUES ($1, $2, $3)"),
        None => format!("INSERT INTO {table} ({key}, {owner}) VALUES ($1, $2)"),
    };
    crate::on_tx!(tx, |conn| {
        let query = sqlx::query(&delete);
        let query = if let Some(generation) = generation { query.bind(generation) } else { query };
        query.execute(&mut *conn).await?;
        for (key, owner) in expected {
            let query = sqlx::query(&insert);
            let query = if let Some(generation) = generation { query.bind(generation) } else { query };
            query.bind(key).bind(owner).execute(&mut *conn).await?;
        }
    });
    Ok(true)
}

/// Every organisation's state from its events (up to `through`, where a projector stands, if
/// given), ordered by its last event in commit order: the order the projector last wrote them.
pub async fn organisations_by_last_write(
    tx: &mut Tx,
    through: Option<Checkpoint>,
) -> Result<Vec<(String, tatrack_domain::Organisation)>, StoreError> {
    use cqrs_es::Aggregate;
    let mut states: std::collections::HashMap<String, (usize, tatrack_domain::Organisation)> =
        std::collections::HashMap::new();
    let events = events_of_type(tx, tatrack_domain::Organisation::TYPE).await?;
    for (at, event) in events.iter().enumerate() {
        if through.is_some_and(|through| Checkpoint::of(event) > through) {
            continue;
        }
        let decoded: tatrack_domain::OrganisationEvent = event.decode().map_err(|e| {
            StoreError::Query(sqlx::Error::Decode(format!("organisation {}: {e}", event.aggregate_id).into()))
        })?;
        let entry = states.entry(event.aggregate_id.clone()).or_default();
        entry.0 = at;
        entry.1.apply(decoded);
    }
    let mut ordered: Vec<_> = states.into_iter().collect();
    ordered.sort_by_key(|(_, (at, _))| *at);
    Ok(ordered.into_iter().map(|(id, (_, organisation))| (id, organisation)).collect())
}

/// Every event of `aggregate_type` in the order the projector applies them (commit order), for
/// a reader of a few small streams whole: the start-up check of the organisations' name keys.
async fn events_of_type(tx: &mut Tx, aggregate_type: &str) -> Result<Vec<StoredEvent>, StoreError> {
    let rows: Vec<EventRow> = match tx {
        Tx::Postgres(conn) => {
            sqlx::query_as(&format!(
                "SELECT {POSTGRES_COLUMNS} FROM events WHERE aggregate_type = $1 ORDER BY events.tx_id, events.position"
            ))
            .bind(aggregate_type)
            .fetch_all(&mut **conn)
            .await?
        }
        Tx::Sqlite(conn, _) => {
            sqlx::query_as(&format!(
                "SELECT {SQLITE_COLUMNS} FROM events WHERE aggregate_type = $1 ORDER BY rowid"
            ))
            .bind(aggregate_type)
            .fetch_all(&mut **conn)
            .await?
        }
    };
    rows.into_iter().map(StoredEvent::try_from).collect()
}
