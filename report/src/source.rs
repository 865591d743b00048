//! The log as a report reads it: the events of the hash chain up to one link (commit order, as
//! the projector applied them), optionally only those recorded by an instant, folded stream by
//! stream into records. Nothing here reads the read models, so a report can be recomputed at
//! its own point of the log at any time later.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use tatrack_domain::events::activity::Attended;
use tatrack_domain::participant::ParticipantRecord;
use tatrack_domain::{Activity, ActivityEvent, ActivityRecord, Participant, Programme, ProgrammeRecord};
use tatrack_store::db::{Db, StoreError};
use tatrack_store::log::StoredEvent;
use tatrack_store::row::EventRow;

/// Events read per statement.
const CHUNK: i64 = 5_000;

/// The point of the log a report was computed at: a link of the hash chain. The link's hash
/// pins every event before it, so an auditor who finds the same hash at the same `seq` later
/// knows the report rests on the same events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Basis {
    /// The link's place in the chain (commit order, from 1); 0 for an empty log.
    pub seq: i64,
    /// The linked event's position in the log.
    pub position: i64,
    /// The chain's hash at that link (SHA-256, hex).
    pub link: String,
    /// Only events recorded by this instant count (`--as-of`), if given.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub as_of: Option<DateTime<Utc>>,
    /// The link at `seq` signed with the server's Ed25519 key when the report was made, if it
    /// has one: `tatrack report --verify --public-key` checks it offline of the database.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub signature: Option<tatrack_audit::SignedHead>,
}

/// The chain's last link now: what the projector has applied and linked.
pub async fn latest(db: &Db) -> Result<Basis, StoreError> {
    let sql = "SELECT seq, position, link FROM event_links ORDER BY seq DESC LIMIT 1";
    let row: Option<(i64, i64, String)> =
        tatrack_store::on_db!(db, |pool, _columns| sqlx::query_as(sql).fetch_optional(pool).await?);
    Ok(row.map_or_else(
        || Basis { seq: 0, position: 0, link: String::new(), as_of: None, signature: None },
        |(seq, position, link)| Basis { seq, position, link, as_of: None, signature: None },
    ))
}

/// The link at `seq` as the chain holds it now (`None` if the chain is shorter).
pub async fn link_at(db: &Db, seq: i64) -> Result<Option<(i64, String)>, StoreError> {
    let sql = "SELECT position, link FROM event_links WHERE seq = $1";
    Ok(tatrack_store::on_db!(db, |pool, _columns| sqlx::query_as(sql).bind(seq).fetch_optional(pool).await?))
}

/// Every activity and programme as the events of `basis` built them, by id.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub activities: BTreeMap<String, ActivityRecord>,
    pub programmes: BTreeMap<String, ProgrammeRecord>,
    /// The last attendance list of each kept activity that has one, by activity id.
    pub attendance: BTreeMap<String, Vec<Attended>>,
    /// Every participant's record (categories and merges; erased ones too), by id.
    pub participants: BTreeMap<String, ParticipantRecord>,
}

/// A stream folded event by event: an aggregate, or an activity with its attendance list (which
/// the activity's record does not keep).
trait Fold: Default {
    const TYPE: &'static str;
    type Event: serde::de::DeserializeOwned;
    fn fold(&mut self, event: Self::Event);
}

/// An aggregate folds as its `apply` says.
macro_rules! aggregate_fold {
    ($($aggregate:ty),+) => {$(
        impl Fold for $aggregate {
            const TYPE: &'static str = <$aggregate as Aggregate>::TYPE;
            type Event = <$aggregate as Aggregate>::Event;
            fn fold(&mut self, event: Self::Event) {
                self.apply(event);
            }
        }
    )+};
}
aggregate_fold!(Programme, Participant);

/// An activity and its last attendance list.
#[derive(Default)]
struct Listed(Activity, Option<Vec<Attended>>);

impl Fold for Listed {
    const TYPE: &'static str = <Activity as Aggregate>::TYPE;
    type Event = ActivityEvent;
    fn fold(&mut self, event: ActivityEvent) {
        if let ActivityEvent::AttendanceRecorded(list) = &event {
            self.1 = Some(list.attendees.clone());
        }
        self.0.apply(event);
    }
}

/// Folds the streams of `basis`; `keep` decides which activities are kept (a report needs only
/// those of its range, so memory stays that of the report, not of the log).
pub async fn records(
    db: &Db,
    basis: &Basis,
    keep: impl Fn(&ActivityRecord) -> bool,
) -> Result<Records, StoreError> {
    let mut records = Records::default();
    let programmes = fold_all::<Programme>(db, basis, |_| true).await?;
    records.programmes =
        programmes.into_iter().filter_map(|(id, p)| p.record().cloned().map(|r| (id, r))).collect();
    let activities = fold_all::<Listed>(db, basis, |a| a.0.record().is_some_and(&keep)).await?;
    for (id, Listed(activity, attendees)) in activities {
        if let Some(attendees) = attendees {
            records.attendance.insert(id.clone(), attendees);
        }
        if let Some(record) = activity.record() {
            records.activities.insert(id, record.clone());
        }
    }
    // Only when a kept activity has a list: a report without lists reads no participant stream.
    if !records.attendance.is_empty() {
        let participants = fold_all::<Participant>(db, basis, |_| true).await?;
        records.participants =
            participants.into_iter().filter_map(|(id, p)| p.record().cloned().map(|r| (id, r))).collect();
    }
    Ok(records)
}

/// Each stream of `A` folded from its events in `basis`, stream after stream; `keep` drops a
/// folded aggregate before the next stream is read.
async fn fold_all<A: Fold>(
    db: &Db,
    basis: &Basis,
    keep: impl Fn(&A) -> bool,
) -> Result<BTreeMap<String, A>, StoreError> {
    let mut folded = BTreeMap::new();
    let (mut current, mut state) = (None::<String>, A::default());
    let mut after = (String::new(), 0_i64);
    loop {
        let rows = chunk(db, A::TYPE, basis.seq, &after).await?;
        let full = i64::try_from(rows.len()).is_ok_and(|n| n >= CHUNK);
        for row in rows {
            after = (row.aggregate_id.clone(), row.sequence);
            let event = StoredEvent::try_from(row)?;
            if basis.as_of.is_some_and(|instant| event.recorded_at > instant) {
                continue;
            }
            if current.as_deref() != Some(event.aggregate_id.as_str()) {
                if let Some(id) = current.take() {
                    let done = std::mem::take(&mut state);
                    if keep(&done) {
                        folded.insert(id, done);
                    }
                }
                current = Some(event.aggregate_id.clone());
            }
            let payload: A::Event = event.decode().map_err(|e| {
                StoreError::Query(sqlx::Error::Decode(
                    format!("event at position {}: {e}", event.position).into(),
                ))
            })?;
            state.fold(payload);
        }
        if !full {
            break;
        }
    }
    if let Some(id) = current {
        if keep(&state) {
            folded.insert(id, state);
        }
    }
    Ok(folded)
}

/// The next events of `aggregate_type` after `(aggregate_id, sequence)` in stream order, among
/// those the chain links at or before `seq`.
async fn chunk(
    db: &Db,
    aggregate_type: &str,
    seq: i64,
    after: &(String, i64),
) -> Result<Vec<EventRow>, StoreError> {
    // SQLite commits in position order, so the chain's first `seq` links are exactly the events
    // up to the last one's position; PostgreSQL commits in transaction order, so the chain itself
    // says which events it has linked.
    let linked = match db {
        Db::Sqlite(..) => "rowid <= (SELECT position FROM event_links WHERE seq = $4)",
        Db::Postgres(_) => {
            "EXISTS (SELECT 1 FROM event_links l WHERE l.position = events.position AND l.seq <= $4)"
        }
    };
    Ok(tatrack_store::on_db!(db, |pool, columns| {
        let sql = format!(
            "SELECT {columns} FROM events WHERE aggregate_type = $1 \
             AND (aggregate_id > $2 OR (aggregate_id = $2 AND sequence > $3)) AND {linked} \
             ORDER BY aggregate_id, sequence LIMIT $5"
        );
        sqlx::query_as(&sql)
            .bind(aggregate_type)
            .bind(&after.0)
            .bind(after.1)
            .bind(seq)
            .bind(CHUNK)
            .fetch_all(pool)
            .await?
    }))
}
