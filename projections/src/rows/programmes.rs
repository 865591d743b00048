//! A programme's rows: its row in `rm_programmes` and its contributions.

use tatrack_domain::Programme;

use crate::facts::contribution_facts;
use tatrack_store::db::{StoreError, Tx};

pub(crate) async fn write_programme(
    tx: &mut Tx,
    generation: i64,
    id: &str,
    programme: &Programme,
) -> Result<(), StoreError> {
    let Some(record) = programme.record() else { return Ok(()) };
    let state =
        serde_json::to_string(programme).map_err(|e| StoreError::Query(sqlx::Error::Encode(Box::new(e))))?;
    let registration = &record.registration;
    let contributions = contribution_facts(record)?;
    super::delete_rows(tx, "rm_programme_contributions", "programme_id", generation, id).await?;
    tatrack_store::on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO rm_programmes (generation, programme_id, code, name, thematic_area, state) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (generation, programme_id) DO UPDATE SET \
             code = excluded.code, name = excluded.name, thematic_area = excluded.thematic_area, state = excluded.state",
        )
        .bind(generation)
        .bind(id)
        .bind(registration.code.as_str())
        .bind(registration.name.as_str())
        .bind(registration.thematic_area.as_str())
        .bind(&state)
        .execute(&mut *conn)
        .await?;
        for (seq, c) in (0_i64..).zip(&contributions) {
            sqlx::query(
                "INSERT INTO rm_programme_contributions (generation, programme_id, seq, donor, currency, \
                 amount_minor, received_on) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(generation)
            .bind(id)
            .bind(seq)
            .bind(&c.donor)
            .bind(&c.currency)
            .bind(c.amount_minor.to_string())
            .bind(&c.received_on)
            .execute(&mut *conn)
            .await?;
        }
    });
    Ok(())
}
