//! Reading the chain and the log side by side, in commit order, one snapshot, in chunks.

use std::collections::VecDeque;

use tatrack_store::log::Checkpoint;
use tatrack_store::row::{EventRow, POSTGRES_COLUMNS, SQLITE_COLUMNS};
use tatrack_store::{Db, StoreError, Tx};

use crate::canonical::Fields;
use crate::chain::Chain;
use crate::link::encode_error;
use crate::signatures::{Heads, Tally};
use crate::signing::Keyring;
use crate::{a_full_chunk, Broken, Verification, CHUNK};

#[derive(sqlx::FromRow)]
struct LinkRow {
    seq: i64,
    position: i64,
    link: String,
}

/// `event_links` in seq order, [`CHUNK`] rows per query.
struct Links {
    after: i64,
    rows: VecDeque<LinkRow>,
    exhausted: bool,
}

impl Links {
    fn new() -> Self {
        Self { after: 0, rows: VecDeque::new(), exhausted: false }
    }

    async fn next(&mut self, tx: &mut Tx) -> Result<Option<LinkRow>, StoreError> {
        if self.rows.is_empty() && !self.exhausted {
            let rows: Vec<LinkRow> = tatrack_store::on_tx!(tx, |conn| sqlx::query_as(
                "SELECT seq, position, link FROM event_links WHERE seq > $1 ORDER BY seq LIMIT $2"
            )
            .bind(self.after)
            .bind(CHUNK)
            .fetch_all(conn)
            .await?);
            self.exhausted = !a_full_chunk(rows.len());
            self.after = rows.last().map_or(self.after, |r| r.seq);
            self.rows.extend(rows);
        }
        Ok(self.rows.pop_front())
    }
}

/// The whole log in commit order, as the projector reads it, [`CHUNK`] rows per query. No
/// horizon is needed: every linked event committed below the horizon of its batch, so the
/// linked events are a prefix of this order in any later snapshot.
struct Events {
    /// `None` before the first chunk: no lower bound, so even a forged row that sorts below the
    /// projector's starting checkpoint (SQLite rowid 0 or less) is seen.
    after: Option<Checkpoint>,
    rows: VecDeque<EventRow>,
    exhausted: bool,
}

impl Events {
    fn new() -> Self {
        Self { after: None, rows: VecDeque::new(), exhausted: false }
    }

    async fn next(&mut self, tx: &mut Tx) -> Result<Option<EventRow>, StoreError> {
        if self.rows.is_empty() && !self.exhausted {
            let postgres = matches!(tx, Tx::Postgres(_));
            let (columns, order, after) = if postgres {
                // `events.`: the output column `tx_id` is a bigint copy that no index orders.
                (
                    POSTGRES_COLUMNS,
                    "events.tx_id, events.position",
                    "(tx_id, position) > ($2::text::xid8, $3)",
                )
            } else {
                (SQLITE_COLUMNS, "rowid", "rowid > $2")
            };
            let filter = if self.after.is_some() { format!("WHERE {after}") } else { String::new() };
            let sql = format!("SELECT {columns} FROM events {filter} ORDER BY {order} LIMIT $1");
            let rows: Vec<EventRow> = tatrack_store::on_tx!(tx, |conn| {
                let mut query = sqlx::query_as(&sql).bind(CHUNK);
                if let Some(after) = self.after {
                    if postgres {
                        query = query.bind(after.tx_id);
                    }
                    query = query.bind(after.position);
                }
                query.fetch_all(conn).await?
            });
            self.exhausted = !a_full_chunk(rows.len());
            if let Some(last) = rows.last() {
                self.after = Some(Checkpoint { tx_id: last.tx_id, position: last.position });
            }
            self.rows.extend(rows);
        }
        Ok(self.rows.pop_front())
    }
}

/// Recomputes the chain against the log: reports the first link whose event is missing, differs
/// or stands elsewhere in commit order, or that an unlinked event precedes. Events after the
/// last link (the projector's lag) are not checked. Reads one snapshot, in chunks.
pub async fn verify(db: &Db) -> Result<Verification, StoreError> {
    walk(db, None, &Keyring::default()).await
}

/// [`verify`], and every signed head checked with `ring`: signed by one of its keys, over the
/// link recomputed from the events at its seq (never the stored link). Not intact when one
/// fails, or when the chain has links but no sound signed head; `signatures.first_unsigned`
/// names the first such head. An empty ring checks no signature (`signatures.checked` false).
pub async fn verify_signed(db: &Db, ring: &Keyring) -> Result<Verification, StoreError> {
    walk(db, None, ring).await
}

/// Whether the live log, recomputed from its events up to `exported.count`, ends in
/// `exported.head`: the log an auditor copied is still the start of the live one. (For a
/// broken copy that is its sound part.)
pub async fn extends(db: &Db, exported: &Verification) -> Result<bool, StoreError> {
    let live = walk(db, Some(exported.count), &Keyring::default()).await?;
    Ok(live.intact && live.count == exported.count && live.head == exported.head)
}

/// Walks the chain beside the log in commit order, up to seq `up_to` when given, checking the
/// signed heads with `ring` as it goes.
async fn walk(db: &Db, up_to: Option<i64>, ring: &Keyring) -> Result<Verification, StoreError> {
    let mut tx = db.begin_read().await?;
    let (mut links, mut events, mut chain) = (Links::new(), Events::new(), Chain::new());
    let (mut heads, mut tally, mut last_position) = (Heads::new(), Tally::new(ring), None);
    let broken = loop {
        let Some(link) = links.next(&mut tx).await? else { break None };
        if up_to.is_some_and(|last| link.seq > last) {
            break None;
        }
        if let Some(broken) = chain.expect_seq(link.seq, "the link row") {
            break Some(broken);
        }
        let Some(event) = events.next(&mut tx).await? else { break Some(deleted(&link)) };
        if event.position != link.position {
            break Some(misplaced(&mut tx, &link, &event).await?);
        }
        let (payload, metadata) = match event.json() {
            Ok(json) => json,
            Err(reason) => {
                let reason = format!("the event at position {} was altered: {reason}", event.position);
                break Some(Broken { seq: link.seq, position: Some(event.position), reason });
            }
        };
        let fields = Fields::of_row(&event, &payload, &metadata);
        if let Some(broken) = chain
            .extend(&fields, &link.link, event.position, || {
                format!("the event at position {}", event.position)
            })
            .map_err(encode_error)?
        {
            break Some(broken);
        }
        last_position = Some(event.position);
        let recomputed = chain.head_hex();
        while tally.wants_more() {
            let Some(head) = heads.next_through(&mut tx, link.seq).await? else { break };
            tally.head(&head, (head.seq == link.seq).then_some((recomputed.as_str(), event.position)));
        }
    };
    // A head signed past the end of a sound chain: the links it covered are gone.
    if broken.is_none() && tally.wants_more() {
        if let Some(head) = heads.next_through(&mut tx, i64::MAX).await? {
            tally.head(&head, None);
        }
    }
    tx.commit().await?;
    let signatures = tally.finish(chain.count(), last_position);
    Ok(chain.verification(broken, signatures))
}

fn deleted(link: &LinkRow) -> Broken {
    Broken {
        seq: link.seq,
        position: Some(link.position),
        reason: format!("the event at position {} is missing from the log (deleted)", link.position),
    }
}

/// Why the log's next event in commit order is not the one `link` names.
async fn misplaced(tx: &mut Tx, link: &LinkRow, event: &EventRow) -> Result<Broken, StoreError> {
    let column = if matches!(tx, Tx::Postgres(_)) { "position" } else { "rowid" };
    let exists = format!("SELECT CAST(1 AS BIGINT) FROM events WHERE {column} = $1");
    let present: Option<i64> = tatrack_store::on_tx!(tx, |conn| sqlx::query_scalar(&exists)
        .bind(link.position)
        .fetch_optional(conn)
        .await?);
    if present.is_none() {
        return Ok(deleted(link));
    }
    let linked_at: Option<i64> = tatrack_store::on_tx!(tx, |conn| sqlx::query_scalar(
        "SELECT seq FROM event_links WHERE position = $1"
    )
    .bind(event.position)
    .fetch_optional(conn)
    .await?);
    Ok(match linked_at {
        None => Broken {
            seq: link.seq,
            position: Some(event.position),
            reason: format!(
                "the event at position {} precedes linked events in commit order but has no link (inserted)",
                event.position
            ),
        },
        Some(other) => Broken {
            seq: link.seq,
            position: Some(link.position),
            reason: format!(
                "the log's commit order differs from the chain: seq {} links position {}, but the log has \
                 position {} (linked at seq {other}) there",
                link.seq, link.position, event.position
            ),
        },
    })
}
