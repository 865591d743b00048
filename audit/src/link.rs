//! Writing the chain: one row per event, in the transaction that moves the projector's
//! checkpoint, so the chain never runs ahead of or behind the read models.

use tatrack_store::log::{committed_after, Checkpoint, StoredEvent};
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
    for chunk in rows.chunks(INSERT_ROWS) {
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
