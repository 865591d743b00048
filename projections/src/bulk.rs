//! The fast path of a replay from scratch: fold every aggregate in memory first, then write each
//! one's rows once, many rows per statement.
//!
//! The live projector loads, deletes and rewrites an aggregate's rows for every batch that
//! touches it; a replay of a million events would repeat that twenty times per activity. Here an
//! activity costs one row in each table it appears in, inserted 200 at a time.

use std::collections::HashMap;

use cqrs_es::Aggregate;
use tatrack_domain::{Activity, ActivityEvent, Organisation, OrganisationEvent, Programme, ProgrammeEvent};

use crate::cells::Cells;
use crate::projector::{decode, write_activities};
use tatrack_store::db::{Db, StoreError};
use tatrack_store::log::StoredEvent;

/// Aggregates per transaction and per multi-row INSERT (SQLite allows 32,766 parameters; the
/// widest table has 22 columns).
const CHUNK: usize = 200;

/// Every aggregate with a read model, as the events so far built it.
#[derive(Default)]
pub struct Folded {
    /// Activity id -> (state, version, position of its last event).
    activities: HashMap<String, (Activity, i64, i64)>,
    programmes: HashMap<String, Programme>,
    /// Organisation id -> (state, version).
    organisations: HashMap<String, (Organisation, i64)>,
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
            Organisation::TYPE => {
                let payload: OrganisationEvent = decode(event)?;
                let entry = self.organisations.entry(event.aggregate_id.clone()).or_default();
                entry.0.apply(payload);
                entry.1 = event.sequence;
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
            let chunk: Vec<_> = chunk
                .iter()
                .map(|(id, (a, version, position))| (id.as_str(), a, *version, *position))
                .collect();
            write_activities(&mut tx, generation, &chunk, &mut cells).await?;
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
        let mut organisations: Vec<_> = self.organisations.iter().collect();
        organisations.sort_by(|a, b| a.0.cmp(b.0));
        for (id, (organisation, version)) in organisations {
            crate::organisations::write(&mut tx, generation, id, organisation, *version).await?;
        }
        tx.commit().await
    }
}
