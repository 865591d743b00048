//! An organisation's rows: its row in `rm_organisations` and the names it claims in
//! `rm_organisation_names`, through which readers resolve a donor's recorded name (see
//! [`crate::organisations`]).

use tatrack_domain::names::name_key;
use tatrack_domain::Organisation;

use tatrack_store::db::{StoreError, Tx};

/// Replaces the organisation's row and its names in `generation`.
pub(crate) async fn write(
    tx: &mut Tx,
    generation: i64,
    id: &str,
    organisation: &Organisation,
    version: i64,
) -> Result<(), StoreError> {
    let Some(details) = organisation.details() else { return Ok(()) };
    let encode = |e: serde_json::Error| StoreError::Query(sqlx::Error::Encode(Box::new(e)));
    let state = serde_json::to_string(organisation).map_err(encode)?;
    let aliases = serde_json::to_string(&details.aliases).map_err(encode)?;
    let keys: Vec<String> = details.names().map(|name| name_key(name.as_str())).collect();
    super::delete_rows(tx, "rm_organisation_names", "organisation_id", generation, id).await?;
    tatrack_store::on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO rm_organisations (generation, organisation_id, name, iati_identifier, organisation_type, \
             country, aliases, version, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (generation, organisation_id) DO UPDATE SET name = excluded.name, \
             iati_identifier = excluded.iati_identifier, organisation_type = excluded.organisation_type, \
             country = excluded.country, aliases = excluded.aliases, version = excluded.version, state = excluded.state",
        )
        .bind(generation)
        .bind(id)
        .bind(details.name.as_str())
        .bind(details.iati_identifier.as_ref().map(|i| i.as_str().to_owned()))
        .bind(details.organisation_type.as_str())
        .bind(details.country.as_ref().map(|c| c.as_str().to_owned()))
        .bind(&aliases)
        .bind(version)
        .bind(&state)
        .execute(&mut *conn)
        .await?;
        // A name another organisation released in the same batch may still be on its row, if
        // that one is written after: the last writer's claim is the log's.
        for key in &keys {
            sqlx::query(
                "INSERT INTO rm_organisation_names (generation, name_key, organisation_id) VALUES ($1, $2, $3) \
                 ON CONFLICT (generation, name_key) DO UPDATE SET organisation_id = excluded.organisation_id",
            )
            .bind(generation)
            .bind(key)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        }
    });
    Ok(())
}

/// Loads an organisation's state from `generation` (the default when it has no row).
pub(crate) async fn load(tx: &mut Tx, generation: i64, id: &str) -> Result<Organisation, StoreError> {
    let state: Option<String> = tatrack_store::on_tx!(tx, |conn| sqlx::query_scalar(
        "SELECT state FROM rm_organisations WHERE generation = $1 AND organisation_id = $2"
    )
    .bind(generation)
    .bind(id)
    .fetch_optional(conn)
    .await?);
    state.map_or_else(
        || Ok(Organisation::default()),
        |json| {
            serde_json::from_str(&json).map_err(|e| {
                StoreError::Query(sqlx::Error::Decode(format!("rm_organisations state of {id}: {e}").into()))
            })
        },
    )
}
