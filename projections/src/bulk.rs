//! The fast path of a replay from scratch: fold every aggregate in memory first, then write each
//! one's rows once, many rows per statement.
//!
//! The live projector loads, deletes and rewrites an aggregate's rows for every batch that
//! touches it; a replay of a million events would repeat that twenty times per activity. Here an
//! activity costs one row in each table it appears in, inserted 200 at a time.

use std::collections::HashMap;

use cqrs_es::Aggregate;
use tatrack_domain::{Activity, ActivityEvent, Programme, ProgrammeEvent};

use crate::cells::Cells;
use crate::facts::activity_facts;
use crate::log::StoredEvent;
use crate::projector::decode;
use crate::store::{Db, StoreError, Tx};

/// Aggregates per transaction and per multi-row INSERT (SQLite allows 32,766 parameters; the
/// widest table has 22 columns).
const CHUNK: usize = 200;

/// Every aggregate with a read model, as the events so far built it.
#[derive(Default)]
pub struct Folded {
    /// Activity id -> (state, version, position of its last event).
    activities: HashMap<String, (Activity, i64, i64)>,
    programmes: HashMap<String, Programme>,
}

impl Folded {
    /// Applies one event (in commit order).
    pub fn apply(&mut self, event: &StoredEvent) -> Result<(), StoreError> {
        match event.aggregate_type.as_str() {
            Activity::TYPE => {
                let payload: ActivityEvent = decode(event)?;
                let entry = self.activities.entry(event.aggregate_id.clone()).or_default();
                entry.0.apply(payload);
                entry.1 = event.sequence;
                entry.2 = event.position;
            }
            Programme::TYPE => {
                let payload: ProgrammeEvent = decode(event)?;
                self.programmes.entry(event.aggregate_id.clone()).or_default().apply(payload);
            }
            _ => {}
        }
        Ok(())
    }

    /// Inserts every aggregate's rows into `generation` (which must hold none), a chunk per
    /// transaction so a live server's writers are never held up for long.
    pub async fn write(self, db: &Db, generation: i64) -> Result<(), StoreError> {
        let mut activities: Vec<_> = self.activities.into_iter().collect();
        activities.sort_by(|a, b| a.0.cmp(&b.0));
        let mut cells = Cells::new();
        for chunk in activities.chunks(CHUNK) {
            let mut tx = db.begin_write().await?;
            insert_activities(&mut tx, generation, chunk, &mut cells).await?;
            tx.commit().await?;
        }
        let mut cells: Vec<_> = cells.into_iter().collect();
        cells.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for chunk in cells.chunks(CHUNK * 25) {
            let mut tx = db.begin_write().await?;
            crate::cells::insert(&mut tx, generation, chunk).await?;
            tx.commit().await?;
        }
        let mut tx = db.begin_write().await?;
        for (id, programme) in &self.programmes {
            crate::projector::write_programme(&mut tx, generation, id, programme).await?;
        }
        tx.commit().await
    }
}

fn encode_error(e: serde_json::Error) -> StoreError {
    StoreError::Query(sqlx::Error::Encode(Box::new(e)))
}

#[expect(clippy::too_many_lines, reason = "one INSERT per table, each naming its columns")]
async fn insert_activities(
    tx: &mut Tx,
    generation: i64,
    chunk: &[(String, (Activity, i64, i64))],
    cells: &mut Cells,
) -> Result<(), StoreError> {
    let mut rows = Vec::with_capacity(chunk.len());
    for (id, (activity, version, position)) in chunk {
        let Some(record) = activity.record() else { continue };
        let state = serde_json::to_string(activity).map_err(encode_error)?;
        let facts = activity_facts(record)?;
        crate::cells::add_activity(cells, &facts, 1)?;
        rows.push((id.as_str(), facts, *version, *position, state));
    }
    if rows.is_empty() {
        return Ok(());
    }
    let countries: Vec<_> = rows
        .iter()
        .flat_map(|(id, f, ..)| f.countries.iter().map(move |c| (*id, &f.row.date_key, c)))
        .collect();
    let institutions: Vec<_> =
        rows.iter().flat_map(|(id, f, ..)| f.institutions.iter().map(move |i| (*id, i))).collect();
    let outputs: Vec<_> =
        rows.iter().flat_map(|(id, f, ..)| f.outputs.iter().map(move |o| (*id, o))).collect();
    let funding: Vec<_> =
        rows.iter().flat_map(|(id, f, ..)| f.funding.iter().map(move |x| (*id, x))).collect();
    crate::on_tx!(tx, |conn| {
        let mut insert = sqlx::QueryBuilder::new(
            "INSERT INTO rm_activities (generation, activity_id, programme_id, kind, status, title, location, \
             countries, country_count, date_key, planned_start, planned_end, delivery_start, delivery_end, \
             female, male, other, participants_total, donors, version, last_position, state) ",
        );
        insert.push_values(&rows, |mut b, (id, facts, version, position, state)| {
            let r = &facts.row;
            b.push_bind(generation)
                .push_bind(*id)
                .push_bind(&r.programme_id)
                .push_bind(r.kind)
                .push_bind(r.status)
                .push_bind(&r.title)
                .push_bind(&r.location)
                .push_bind(&r.countries)
                .push_bind(r.country_count)
                .push_bind(&r.date_key)
                .push_bind(&r.planned_start)
                .push_bind(&r.planned_end)
                .push_bind(&r.delivery_start)
                .push_bind(&r.delivery_end)
                .push_bind(r.female)
                .push_bind(r.male)
                .push_bind(r.other)
                .push_bind(r.participants_total)
                .push_bind(&r.donors)
                .push_bind(*version)
                .push_bind(*position)
                .push_bind(state);
        });
        insert.build().execute(&mut *conn).await?;
        for part in countries.chunks(CHUNK * 4) {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO rm_activity_countries (generation, activity_id, country, date_key, female, male, \
                 other, unattributed) ",
            );
            insert.push_values(part, |mut b, (id, date_key, c)| {
                b.push_bind(generation)
                    .push_bind(*id)
                    .push_bind(&c.country)
                    .push_bind(*date_key)
                    .push_bind(c.female)
                    .push_bind(c.male)
                    .push_bind(c.other)
                    .push_bind(c.unattributed);
            });
            insert.build().execute(&mut *conn).await?;
        }
        for part in institutions.chunks(CHUNK * 4) {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO rm_activity_institutions (generation, activity_id, institution, participants) ",
            );
            insert.push_values(part, |mut b, (id, (institution, n))| {
                b.push_bind(generation).push_bind(*id).push_bind(institution).push_bind(*n);
            });
            insert.build().execute(&mut *conn).await?;
        }
        for part in outputs.chunks(CHUNK * 4) {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO rm_activity_outputs (generation, activity_id, kind, outputs) ",
            );
            insert.push_values(part, |mut b, (id, (kind, n))| {
                b.push_bind(generation).push_bind(*id).push_bind(kind).push_bind(*n);
            });
            insert.build().execute(&mut *conn).await?;
        }
        for part in funding.chunks(CHUNK * 4) {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO rm_activity_funding (generation, activity_id, donor, currency, amount_minor) ",
            );
            insert.push_values(part, |mut b, (id, f)| {
                b.push_bind(generation)
                    .push_bind(*id)
                    .push_bind(&f.donor)
                    .push_bind(&f.currency)
                    .push_bind(f.amount_minor.to_string());
            });
            insert.build().execute(&mut *conn).await?;
        }
    });
    Ok(())
}
