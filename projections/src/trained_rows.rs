//! One activity's attendance list counted person by person ([`crate::trained`]), read from the
//! read models: for exports that publish an activity's own figures (IATI).

use std::collections::BTreeMap;

use tatrack_store::db::{Db, StoreError};

use crate::state::read_state;
use crate::trained::{trained, Attendee, Person, Trained};

/// The people on `activity_id`'s attendance list, each once; `None` when it has no list.
///
/// Only the participants on the list and those they were merged into are read; a participant
/// merged into one who was merged again is counted as the second (merges are made into people
/// who are not merged, so that is the whole chain unless the target was merged later).
pub async fn of_activity(db: &Db, activity_id: &str) -> Result<Option<Trained>, StoreError> {
    let mut tx = db.begin_read().await?;
    let generation = read_state(&mut tx, false).await?.generation;
    let attended: Vec<(String, Option<i64>, Option<i64>)> = tatrack_store::on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "SELECT participant_id, pre_score, post_score FROM rm_attendance \
             WHERE generation = $1 AND activity_id = $2 ORDER BY place",
        )
        .bind(generation)
        .bind(activity_id)
        .fetch_all(conn)
        .await?
    });
    if attended.is_empty() {
        tx.commit().await?;
        return Ok(None);
    }
    let people: Vec<(String, String, String, i64, Option<String>)> = tatrack_store::on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "SELECT p.participant_id, p.sex, p.age_band, p.has_disability, p.merged_into FROM rm_participants p \
             WHERE p.generation = $1 AND (p.participant_id IN \
             (SELECT t.participant_id FROM rm_attendance t WHERE t.generation = $1 AND t.activity_id = $2) \
             OR p.participant_id IN (SELECT q.merged_into FROM rm_participants q JOIN rm_attendance t \
             ON t.generation = q.generation AND t.participant_id = q.participant_id \
             WHERE q.generation = $1 AND t.activity_id = $2))",
        )
        .bind(generation)
        .bind(activity_id)
        .fetch_all(conn)
        .await?
    });
    tx.commit().await?;
    let people: BTreeMap<String, Person> = people
        .into_iter()
        .map(|(id, sex, age_band, disability, merged_into)| {
            (id, Person { sex, age_band, has_disability: disability != 0, merged_into })
        })
        .collect();
    let attended: Vec<Attendee> = attended
        .into_iter()
        .map(|(participant_id, pre_score, post_score)| Attendee {
            activity_id: activity_id.to_owned(),
            participant_id,
            pre_score,
            post_score,
        })
        .collect();
    Ok(Some(trained(&attended, &people, |_| true)))
}
