//! Writing the chain: one row per event, in the transaction that moves the projector's
//! checkpoint, so the chain never runs ahead of or behind the read models.

use tatrack_store::log::{committed_after, Checkpoint, StoredEvent};
use tatrack_store::row::EventRow;
use tatrack_store::{StoreError, Tx};

use crate::canonical::Fields;
use crate::{Link, GENESIS, INSERT_ROWS, LINK_BATCH};

/// The chain's last row, and where its event stands in commit order (`None`: the event is gone).
pub(crate) struct LastLink {
    pub(crate) seq: i64,
    pub(crate) link: Link,
    pub(crate) checkpoint: Option<Checkpoint>,
}

pub(crate) async fn last_link(tx: &mut Tx) -> Result<Option<LastLink>, StoreError> {
    let row: Option<(i64, String, i64, Option<i64>)> = match tx {
        Tx::Postgres(conn) => {
            sqlx::query_as(
                "SELECT l.seq, l.link, l.position, e.tx_id::text::bigint FROM event_links l \
                 LEFT JOIN events e ON e.position = l.position ORDER BY l.seq DESC LIMIT 1",
            )
            .fetch_optional(&mut **conn)
            .await?
        }
        Tx::Sqlite(conn, _) => {
            sqlx::query_as(
                "SELECT l.seq, l.link, l.position, (SELECT 0 FROM events e WHERE e.rowid = l.position) \
                 FROM event_links l ORDER BY l.seq DESC LIMIT 1",
            )
            .fetch_optional(&mut **conn)
            .await?
        }
    };
    let Some((seq, text, position, tx_id)) = row else { return Ok(None) };
    let mut link = GENESIS;
    // A link that is not 64 hex digits was written by someone else: stop rather than chain on.
    hex::decode_to_slice(&text, &mut link)
        .map_err(|e| decode_error(format!("event_links seq {seq}: link '{text}' is not SHA-256 hex: {e}")))?;
    Ok(Some(LastLink { seq, link, checkpoint: tx_id.map(|tx_id| Checkpoint { tx_id, position }) }))
}

/// Appends one link per event to the chain, in the given order, which must be commit order
/// (as [`committed_after`] returns them). Call it in the transaction that applies the events and
/// writes the checkpoint, so the chain never runs ahead of or behind the checkpoint.
///
/// One SELECT (the last row), then multi-row INSERTs. Events at or before the last linked one
/// in commit order are skipped, so a batch that overlaps the chain (a checkpoint moved back)
/// never links an event twice. The caller must serialise calls (the projector's lock on its
/// state row does); two concurrent callers collide on `seq` and one fails.
pub async fn link_events(tx: &mut Tx, events: &[StoredEvent]) -> Result<(), StoreError> {
    let last = last_link(tx).await?;
    let (mut seq, mut link) = last.as_ref().map_or((0, GENESIS), |l| (l.seq, l.link));
    let start = match last.and_then(|l| l.checkpoint) {
        Some(linked) => events.partition_point(|e| Checkpoint::of(e) <= linked),
        None => 0,
    };
    let mut rows = Vec::with_capacity(events.len() - start);
    for event in &events[start..] {
        link = Fields::from(event).link(&link).map_err(encode_error)?;
        seq += 1;
        rows.push((seq, event.position, hex::encode(link)));
    }
    insert(tx, &rows, INSERT_ROWS).await
}

/// Links every committed event after the chain's last one up to and including `until` (a
/// checkpoint the read models have reached); returns how many it linked. For what the projector
/// applies outside [`link_events`]: the events a replay applies while switching generations, and
/// the log written before this table existed. Same transaction and serialisation rules. When
/// the chain has caught up with `until` it costs one SELECT, so the projector can call it with
/// its checkpoint before each batch.
pub async fn link_until(tx: &mut Tx, until: Checkpoint) -> Result<i64, StoreError> {
    let mut after = match last_link(tx).await? {
        None => Checkpoint::default(),
        Some(LastLink { checkpoint: Some(checkpoint), .. }) => checkpoint,
        Some(LastLink { seq, .. }) => {
            // Where to resume is unknown. The chain is broken already and verify says where;
            // failing here would only stop the projector (or a replay) as well.
            tracing::warn!(seq, "the last linked event is missing from the log; run verify");
            return Ok(0);
        }
    };
    let mut linked = 0;
    while after < until {
        let mut events = committed_after(tx, after, LINK_BATCH).await?;
        events.retain(|e| Checkpoint::of(e) <= until);
        let Some(last) = events.last() else { break };
        after = Checkpoint::of(last);
        link_events(tx, &events).await?;
        linked = tatrack_store::log::counted(linked, &events)?;
    }
    Ok(linked)
}

pub(crate) fn encode_error(error: serde_json::Error) -> StoreError {
    StoreError::Query(sqlx::Error::Encode(Box::new(error)))
}

fn decode_error(message: String) -> StoreError {
    StoreError::Query(sqlx::Error::Decode(message.into()))
}

/// Links computed ahead of the transaction that writes them. A replay reads the whole log
/// anyway: it hashes each event as it goes (beside the fold, off the switch's critical
/// section), and [`Pending::write`] inserts the links in the switch, so the chain still moves
/// with the checkpoint. Holds 40 bytes per event, up to [`Pending::MAX`] of them; events past
/// that are left to [`link_until`].
pub struct Pending {
    /// The chain's last row when this started: its seq, its link, and where its event stands.
    seq: i64,
    start: Link,
    after: Checkpoint,
    /// The link of the last event pushed (`start` when none was).
    head: Link,
    /// (position, link) of each event pushed, the first one at seq `seq + 1`.
    rows: Vec<(i64, Link)>,
}

impl Pending {
    /// Links held at most: 40 MB.
    pub const MAX: usize = 1_000_000;

    /// Starts after the chain's last row as `tx` sees it; `None` when that row's event is gone
    /// from the log (where to resume is unknown: [`link_until`] warns, verify says where).
    pub async fn start(tx: &mut Tx) -> Result<Option<Self>, StoreError> {
        let (seq, start, after) = match last_link(tx).await? {
            None => (0, GENESIS, Checkpoint::default()),
            Some(LastLink { seq, link, checkpoint: Some(checkpoint) }) => (seq, link, checkpoint),
            Some(LastLink { checkpoint: None, .. }) => return Ok(None),
        };
        Ok(Some(Self { seq, start, after, head: start, rows: Vec::new() }))
    }

    /// The last event the chain held when this started: push only events after it.
    pub fn after(&self) -> Checkpoint {
        self.after
    }

    /// Whether it holds as many links as it may; later events are left to [`link_until`].
    pub fn is_full(&self) -> bool {
        self.rows.len() >= Self::MAX
    }

    /// Links the next event in commit order (after [`Pending::after`] and every event pushed
    /// before it). An event whose JSON does not parse is an error: it could not be linked later
    /// either.
    pub fn push(&mut self, row: &EventRow) -> Result<(), StoreError> {
        let (payload, metadata) = row
            .json()
            .map_err(|reason| decode_error(format!("event at position {}: {reason}", row.position)))?;
        self.head = Fields::of_row(row, &payload, &metadata).link(&self.head).map_err(encode_error)?;
        self.rows.push((row.position, self.head));
        Ok(())
    }

    /// Inserts the links the chain does not hold yet, in the transaction that moves the
    /// checkpoint past them; returns how many. The live projector may have linked some of the
    /// same events meanwhile: those are skipped, once the chain's last row is found among the
    /// links computed here, with the same link. If it is not (the chain changed underneath),
    /// nothing is inserted, and [`link_until`] links the rest as it always does.
    pub async fn write(self, tx: &mut Tx) -> Result<usize, StoreError> {
        let (seq, link, position) = match last_link(tx).await? {
            None => (0, GENESIS, None),
            Some(last) => (last.seq, last.link, last.checkpoint.map(|c| c.position)),
        };
        // How many of the links computed here the chain already holds.
        let Some(held) = seq.checked_sub(self.seq).and_then(|n| usize::try_from(n).ok()) else {
            return Ok(0);
        };
        let agrees = match held.checked_sub(1) {
            None => link == self.start,
            Some(i) => self.rows.get(i).is_some_and(|row| Some(row.0) == position && row.1 == link),
        };
        if !agrees || held >= self.rows.len() {
            return Ok(0);
        }
        // Encoded a statement at a time: a million links as hex rows took 120 MB.
        let mut seqs = seq + 1..;
        for links in self.rows[held..].chunks(PENDING_ROWS) {
            let rows: Vec<(i64, i64, String)> = seqs
                .by_ref()
                .zip(links)
                .map(|(seq, (position, link))| (seq, *position, hex::encode(link)))
                .collect();
            insert(tx, &rows, PENDING_ROWS).await?;
        }
        Ok(self.rows.len() - held)
    }
}

/// Rows per INSERT of [`Pending::write`]: 3 parameters each, under the bundled SQLite's limit
/// (32,766) and PostgreSQL's (65,535).
#[cfg(not(test))]
const PENDING_ROWS: usize = 10_000;
#[cfg(test)]
const PENDING_ROWS: usize = 2;

/// Inserts chain rows (seq, position, hex link), `per_statement` at a time.
async fn insert(tx: &mut Tx, rows: &[(i64, i64, String)], per_statement: usize) -> Result<(), StoreError> {
    for chunk in rows.chunks(per_statement) {
        tatrack_store::on_tx!(tx, |conn| {
            let mut insert = sqlx::QueryBuilder::new("INSERT INTO event_links (seq, position, link) ");
            insert.push_values(chunk, |mut row, (seq, position, link)| {
                row.push_bind(*seq).push_bind(*position).push_bind(link.as_str());
            });
            insert.build().execute(conn).await?;
        });
    }
    Ok(())
}
