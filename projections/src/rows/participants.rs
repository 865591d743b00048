//! A participant's row (the categories they are counted by, never who they are) and an
//! activity's attendance list. An erasure also deletes the person's key and index entries
//! (`tatrack_store::participants::forget`): already gone when the erasure was appended, unless a
//! backup of the key table was restored since, which this forgets again.

use serde::{Deserialize, Serialize};
use tatrack_domain::events::activity::Attended;
use tatrack_domain::events::ParticipantEvent;
use tatrack_domain::participant::Categories;
use tatrack_domain::values::ParticipantId;
use tatrack_domain::vocabulary::ErasureGround;

use tatrack_store::db::{StoreError, Tx};

/// What the read model keeps of a participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ParticipantRow {
    pub categories: Categories,
    pub merged_into: Option<ParticipantId>,
    pub erased: Option<ErasureGround>,
}

/// Folds `event` into `row` (none before the registration). Returns whether it erased.
pub(crate) fn evolve(row: &mut Option<ParticipantRow>, event: ParticipantEvent) -> bool {
    let Some(current) = row else {
        if let ParticipantEvent::ParticipantRegistered(registered) = event {
            *row =
                Some(ParticipantRow { categories: registered.categories(), merged_into: None, erased: None });
        }
        return false;
    };
    match event {
        ParticipantEvent::ParticipantRegistered(_) | ParticipantEvent::SubjectAccessGiven(_) => {}
        ParticipantEvent::ParticipantCorrected(corrected) => corrected.correct(&mut current.categories),
        ParticipantEvent::ParticipantMerged(merged) => current.merged_into = Some(merged.into),
        ParticipantEvent::ParticipantSplit(_) => current.merged_into = None,
        ParticipantEvent::ParticipantErased(erased) => {
            current.erased = Some(erased.ground);
            return true;
        }
    }
    false
}

pub(crate) async fn load(
    tx: &mut Tx,
    generation: i64,
    id: &str,
) -> Result<Option<ParticipantRow>, StoreError> {
    let state: Option<String> = tatrack_store::on_tx!(tx, |conn| sqlx::query_scalar(
        "SELECT state FROM rm_participants WHERE generation = $1 AND participant_id = $2"
    )
    .bind(generation)
    .bind(id)
    .fetch_optional(conn)
    .await?);
    state.map(|json| serde_json::from_str(&json)).transpose().map_err(|e| {
        StoreError::Query(sqlx::Error::Decode(format!("rm_participants state of {id}: {e}").into()))
    })
}

pub(crate) async fn write(
    tx: &mut Tx,
    generation: i64,
    id: &str,
    row: &ParticipantRow,
    version: i64,
) -> Result<(), StoreError> {
    let state =
        serde_json::to_string(row).map_err(|e| StoreError::Query(sqlx::Error::Encode(Box::new(e))))?;
    let c = &row.categories;
    tatrack_store::on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO rm_participants (generation, participant_id, sex, age_band, has_disability, institution, \
             country, merged_into, erased, version, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (generation, participant_id) DO UPDATE SET sex = excluded.sex, age_band = excluded.age_band, \
             has_disability = excluded.has_disability, institution = excluded.institution, country = excluded.country, \
             merged_into = excluded.merged_into, erased = excluded.erased, version = excluded.version, \
             state = excluded.state",
        )
        .bind(generation)
        .bind(id)
        .bind(c.sex.as_str())
        .bind(c.age_band.as_str())
        .bind(i64::from(c.has_disability()))
        .bind(c.institution.map(tatrack_domain::vocabulary::Institution::as_str))
        .bind(c.country.as_str())
        .bind(row.merged_into.map(|m| m.to_string()))
        .bind(row.erased.map(ErasureGround::as_str))
        .bind(version)
        .bind(&state)
        .execute(conn)
        .await?;
    });
    Ok(())
}

/// Replaces the activity's attendance list in `generation`.
pub(crate) async fn write_attendance(
    tx: &mut Tx,
    generation: i64,
    activity_id: &str,
    attendees: &[Attended],
) -> Result<(), StoreError> {
    super::delete_rows(tx, "rm_attendance", "activity_id", generation, activity_id).await?;
    for (place, attendee) in attendees.iter().enumerate() {
        let place = i64::try_from(place).map_err(|e| StoreError::Query(sqlx::Error::Encode(Box::new(e))))?;
        tatrack_store::on_tx!(tx, |conn| {
            sqlx::query(
                "INSERT INTO rm_attendance (generation, activity_id, participant_id, place, pre_score, post_score, \
                 match_confirmed) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (generation, activity_id, participant_id) DO NOTHING",
            )
            .bind(generation)
            .bind(activity_id)
            .bind(attendee.participant_id.to_string())
            .bind(place)
            .bind(attendee.pre_score.map(|s| i64::from(s.get())))
            .bind(attendee.post_score.map(|s| i64::from(s.get())))
            .bind(i64::from(attendee.match_confirmed))
            .execute(conn)
            .await?;
        });
    }
    Ok(())
}

/// Forgets an erased person's key and index entries (see the module's documentation).
pub(crate) async fn forget(tx: &mut Tx, id: &str) -> Result<(), StoreError> {
    tatrack_store::participants::forget(tx, id).await.map_err(StoreError::Query)
}
