//! Facts that span streams, which no single aggregate can guard: unique programme codes.
//!
//! A code is claimed in the transaction that appends the programme's registration
//! ([`crate::append::Companion::ClaimProgrammeCode`]), so `programme_codes` holds exactly the
//! codes of registered programmes, each with the first programme that registered it.

use crate::db::{Db, StoreError};

/// The id of the programme registered under `code`, if any.
pub async fn programme_id_of(db: &Db, code: &str) -> Result<Option<String>, StoreError> {
    Ok(crate::on_db!(db, |pool, _columns| {
        sqlx::query_scalar("SELECT programme_id FROM programme_codes WHERE code = $1")
            .bind(code)
            .fetch_optional(pool)
            .await?
    }))
}

/// The organisation holding `claim` (`name:<key>` or `iati:<identifier>`), if one does: the
/// claims are written with the organisation's events, so this is never behind the log.
pub async fn organisation_claiming(db: &Db, claim: &str) -> Result<Option<String>, StoreError> {
    Ok(crate::on_db!(db, |pool, _columns| {
        sqlx::query_scalar("SELECT organisation_id FROM organisation_claims WHERE claim = $1")
            .bind(claim)
            .fetch_optional(pool)
            .await?
    }))
}
