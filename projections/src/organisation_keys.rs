//! Organisation names keyed as today's code keys them, in the stores of older servers too.
//!
//! The claims (`organisation_claims`) and the read model of names (`rm_organisation_names`)
//! hold each name by its key (`tatrack_domain::names::name_key`). The events hold the names as
//! given and are never rewritten, so when the key changes (issue 23: Unicode normalisation,
//! white space, case folding, look-alikes) both tables are recomputed from them when a server
//! starts: a store whose keys are current is read and left as it is.

use std::collections::BTreeMap;

use tatrack_domain::names::name_key;
use tatrack_store::db::{Db, StoreError};
use tatrack_store::registry::{self, ClaimCollision};

/// What the start-up check of the name keys did.
#[derive(Debug, Default)]
pub struct Rekeyed {
    /// Whether the active generation's names were written under another key and rewritten.
    pub names_rewritten: bool,
    /// Claims two organisations make under today's keys: one keeps each (see
    /// [`registry::rekey_organisation_claims`]), the other must be corrected by an admin.
    pub collisions: Vec<ClaimCollision>,
}

/// Brings the claims and the active generation's names to today's keys, where they differ.
pub async fn rekey(db: &Db) -> Result<Rekeyed, StoreError> {
    let collisions = registry::rekey_organisation_claims(db).await?;
    let names_rewritten = rekey_names(db).await?;
    Ok(Rekeyed { names_rewritten, collisions })
}

/// Rewrites the active generation's `rm_organisation_names` as the projector would write them
/// now, if they differ: each organisation's names by key, in the order the projector last wrote
/// them (the last writer holds a key two organisations share, as a replay would give it).
async fn rekey_names(db: &Db) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    // Holding the state row keeps the projector out until the names are rewritten.
    let state = crate::state::read_state(&mut tx, true).await?;
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    for (id, organisation) in registry::organisations_by_last_write(&mut tx, Some(state.checkpoint)).await? {
        for name in
            organisation.details().into_iter().flat_map(tatrack_domain::events::OrganisationDetails::names)
        {
            expected.insert(name_key(name.as_str()), id.clone());
        }
    }
    let table = ("rm_organisation_names", "name_key", "organisation_id");
    let rewritten = registry::rewrite_owners(&mut tx, table, Some(state.generation), &expected).await?;
    tx.commit().await?;
    Ok(rewritten)
}
