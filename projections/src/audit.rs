//! Tamper evidence for the event log: a hash chain over the events in commit order.
//!
//! `event_links` holds one row per event: `seq` (dense 1..N in commit order), the event's
//! position and `link(n) = SHA-256(link(n-1) || canonical bytes of event n)`, with `link(0)` 32
//! zero bytes. The projector appends the rows of each batch in the transaction that moves its
//! checkpoint ([`link_events`]), so the chain covers exactly the events it has applied.
//!
//! Every link commits to every event before it: altering, deleting or slipping an event into the
//! linked part of the log breaks the chain from there on ([`verify`]). Someone with write access
//! to the database could rewrite the chain as well, so the chain is worth most once its head has
//! left the building: [`export`] writes the linked events as JSON Lines, [`check`] recomputes the
//! chain from such a file alone, and [`extends`] tells whether the live log still extends it.

use std::collections::VecDeque;
use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::log::{committed_after, Checkpoint, StoredEvent, POSTGRES_COLUMNS, SQLITE_COLUMNS};
use crate::store::{Db, StoreError, Tx};

/// Rows per query when walking or exporting the chain: memory stays flat on millions of events.
#[cfg(not(test))]
const CHUNK: i64 = 10_000;
/// Tiny in tests, so every scenario crosses chunk boundaries.
#[cfg(test)]
const CHUNK: i64 = 3;
/// Rows per multi-row INSERT: 3 parameters each stays under every SQLite build's limit (999).
#[cfg(not(test))]
const INSERT_ROWS: usize = 300;
/// Events per batch when [`link_until`] catches the chain up.
#[cfg(not(test))]
const LINK_BATCH: i64 = 1_000;
#[cfg(test)]
const INSERT_ROWS: usize = 2;
#[cfg(test)]
const LINK_BATCH: i64 = 2;

type Link = [u8; 32];
/// `link(0)`: what the first event is chained to.
const GENESIS: Link = [0; 32];

/// What [`verify`] or [`check`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verification {
    /// No break up to the last linked event (events not linked yet are not checked).
    pub intact: bool,
    /// Links checked and found sound: all of them when intact, else those before the break.
    pub count: i64,
    /// Hex of the link at `seq = count`, the head an auditor keeps; `None` when `count` is 0.
    pub head: Option<String>,
    pub first_broken: Option<Broken>,
}

/// Where and why the chain first breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Broken {
    pub seq: i64,
    /// The position of the event concerned, when one is known.
    pub position: Option<i64>,
    pub reason: String,
}

/// Why an export could not be written or read. Tampering is not an error: it is a
/// [`Verification`] with `intact: false`.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot read or write the export")]
    Io(#[from] std::io::Error),
    #[error("line {line} of the export is not an exported event")]
    Parse { line: u64, source: serde_json::Error },
    #[error("the event at position {position} cannot be exported: {reason}; run verify")]
    Corrupt { position: i64, reason: String },
    #[error("cannot encode an event")]
    Encode(#[source] serde_json::Error),
}

// ---------------------------------------------------------------------------------------------
// The chain itself.

/// The fields of an event that the chain covers, alike on both backends. Not the position
/// (an identity on PostgreSQL, the rowid on SQLite; [`verify`] pins it through the link row
/// instead) nor the append time (the two backends write it with different precision).
struct Fields<'a> {
    aggregate_type: &'a str,
    aggregate_id: &'a str,
    sequence: i64,
    event_type: &'a str,
    event_version: &'a str,
    payload: &'a Value,
    metadata: &'a Value,
}

impl<'a> From<&'a StoredEvent> for Fields<'a> {
    fn from(e: &'a StoredEvent) -> Self {
        Self {
            aggregate_type: &e.aggregate_type,
            aggregate_id: &e.aggregate_id,
            sequence: e.sequence,
            event_type: &e.event_type,
            event_version: &e.event_version,
            payload: &e.payload,
            metadata: &e.metadata,
        }
    }
}

impl Fields<'_> {
    /// The compact JSON of `[aggregate_type, aggregate_id, sequence, event_type, event_version,
    /// payload, metadata]` with object keys sorted. That is what `serde_json::to_vec` writes
    /// today (its `Map` is a `BTreeMap`), but sorting here keeps existing links valid if a
    /// dependency ever turns on `serde_json`'s `preserve_order`: PostgreSQL's jsonb hands keys
    /// back in its own order, SQLite in the order they were written.
    fn canonical(&self) -> serde_json::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(256);
        out.push(b'[');
        for text in [self.aggregate_type, self.aggregate_id] {
            serde_json::to_writer(&mut out, text)?;
            out.push(b',');
        }
        serde_json::to_writer(&mut out, &self.sequence)?;
        for text in [self.event_type, self.event_version] {
            out.push(b',');
            serde_json::to_writer(&mut out, text)?;
        }
        for value in [self.payload, self.metadata] {
            out.push(b',');
            write_sorted(&mut out, value)?;
        }
        out.push(b']');
        Ok(out)
    }

    fn link(&self, previous: &Link) -> serde_json::Result<Link> {
        let mut hasher = Sha256::new();
        hasher.update(previous);
        hasher.update(self.canonical()?);
        Ok(hasher.finalize().into())
    }
}

/// Compact JSON with every object's keys in byte order. Depth is bounded by `serde_json`'s
/// parser (128 levels), which produced every value that reaches here.
fn write_sorted(out: &mut Vec<u8>, value: &Value) -> serde_json::Result<()> {
    match value {
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_sorted(out, item)?;
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, key)?;
                out.push(b':');
                write_sorted(out, item)?;
            }
            out.push(b'}');
        }
        scalar => serde_json::to_writer(&mut *out, scalar)?,
    }
    Ok(())
}

fn encode_error(error: serde_json::Error) -> StoreError {
    StoreError::Query(sqlx::Error::Encode(Box::new(error)))
}

fn decode_error(message: String) -> StoreError {
    StoreError::Query(sqlx::Error::Decode(message.into()))
}

/// A recomputation of the chain, link by link, as far as it is sound.
struct Chain {
    count: i64,
    head: Link,
}

impl Chain {
    fn new() -> Self {
        Self { count: 0, head: GENESIS }
    }

    /// A break if the next row is not `seq = count + 1`: rows missing (or repeated) there.
    fn expect_seq(&self, seq: i64, what: &str) -> Option<Broken> {
        let expected = self.count + 1;
        (seq != expected).then(|| Broken {
            seq: expected,
            position: None,
            reason: if seq == expected + 1 {
                format!("{what} for seq {expected} is missing (removed)")
            } else if seq > expected {
                format!("{what}s for seq {expected} to {} are missing (removed)", seq - 1)
            } else {
                format!("{what} for seq {seq} comes again after seq {}", self.count)
            },
        })
    }

    /// Recomputes the next link; a break if `stored` differs. `subject` names what was linked.
    fn extend(
        &mut self,
        fields: &Fields<'_>,
        stored: &str,
        position: i64,
        subject: impl FnOnce() -> String,
    ) -> serde_json::Result<Option<Broken>> {
        let link = fields.link(&self.head)?;
        if hex::encode(link) != stored {
            let reason = format!(
                "the recomputed link differs from the stored one: {} or its link was altered",
                subject()
            );
            return Ok(Some(Broken { seq: self.count + 1, position: Some(position), reason }));
        }
        self.count += 1;
        self.head = link;
        Ok(None)
    }

    fn verification(self, first_broken: Option<Broken>) -> Verification {
        Verification {
            intact: first_broken.is_none(),
            count: self.count,
            head: (self.count > 0).then(|| hex::encode(self.head)),
            first_broken,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writing the chain.

/// The chain's last row, and where its event stands in commit order (`None`: the event is gone).
struct LastLink {
    seq: i64,
    link: Link,
    checkpoint: Option<Checkpoint>,
}

async fn last_link(tx: &mut Tx) -> Result<Option<LastLink>, StoreError> {
    let row: Option<(i64, String, i64, Option<i64>)> = match tx {
        Tx::Postgres(conn) => {
            sqlx::query_as(
                "SELECT l.seq, l.link, l.position, e.tx_id::text::bigint FROM event_links l \
                 LEFT JOIN events e ON e.position = l.position ORDER BY l.seq DESC LIMIT 1",
            )
            .fetch_optional(&mut **conn)
            .await?
        }
        Tx::Sqlite(conn) => {
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
        crate::on_tx!(tx, |conn| {
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
        linked = crate::log::counted(linked, &events)?;
    }
    Ok(linked)
}

// ---------------------------------------------------------------------------------------------
// Reading the chain and the log side by side.

#[derive(sqlx::FromRow)]
struct LinkRow {
    seq: i64,
    position: i64,
    link: String,
}

/// An event as stored, JSON still as text: text that does not parse is tampering to report,
/// not an error to stop on.
#[derive(sqlx::FromRow)]
struct EventRow {
    position: i64,
    aggregate_type: String,
    aggregate_id: String,
    sequence: i64,
    event_type: String,
    event_version: String,
    payload: String,
    metadata: String,
    recorded_at: String,
    tx_id: i64,
}

impl EventRow {
    fn json(&self) -> Result<(Value, Value), String> {
        let parse = |what: &str, text: &str| {
            serde_json::from_str(text).map_err(|e| format!("its {what} is not JSON ({e})"))
        };
        Ok((parse("payload", &self.payload)?, parse("metadata", &self.metadata)?))
    }

    fn fields<'a>(&'a self, payload: &'a Value, metadata: &'a Value) -> Fields<'a> {
        Fields {
            aggregate_type: &self.aggregate_type,
            aggregate_id: &self.aggregate_id,
            sequence: self.sequence,
            event_type: &self.event_type,
            event_version: &self.event_version,
            payload,
            metadata,
        }
    }
}

/// Whether a query limited to [`CHUNK`] rows returned that many, so more may follow.
fn a_full_chunk(rows: usize) -> bool {
    i64::try_from(rows).is_ok_and(|rows| rows >= CHUNK)
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
            let rows: Vec<LinkRow> = crate::on_tx!(tx, |conn| sqlx::query_as(
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
            let rows: Vec<EventRow> = crate::on_tx!(tx, |conn| {
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
    walk(db, None).await
}

/// Whether the live log, recomputed from its events up to `exported.count`, ends in
/// `exported.head`: the log an auditor copied is still the start of the live one. (For a
/// broken copy that is its sound part.)
pub async fn extends(db: &Db, exported: &Verification) -> Result<bool, StoreError> {
    let live = walk(db, Some(exported.count)).await?;
    Ok(live.intact && live.count == exported.count && live.head == exported.head)
}

/// Walks the chain beside the log in commit order, up to seq `up_to` when given.
async fn walk(db: &Db, up_to: Option<i64>) -> Result<Verification, StoreError> {
    let mut tx = db.begin_read().await?;
    let (mut links, mut events, mut chain) = (Links::new(), Events::new(), Chain::new());
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
        let fields = event.fields(&payload, &metadata);
        if let Some(broken) = chain
            .extend(&fields, &link.link, event.position, || {
                format!("the event at position {}", event.position)
            })
            .map_err(encode_error)?
        {
            break Some(broken);
        }
    };
    tx.commit().await?;
    Ok(chain.verification(broken))
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
    let present: Option<i64> = crate::on_tx!(tx, |conn| sqlx::query_scalar(&exists)
        .bind(link.position)
        .fetch_optional(conn)
        .await?);
    if present.is_none() {
        return Ok(deleted(link));
    }
    let linked_at: Option<i64> =
        crate::on_tx!(tx, |conn| sqlx::query_scalar("SELECT seq FROM event_links WHERE position = $1")
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

// ---------------------------------------------------------------------------------------------
// Exports for offline audits.

/// One line of an export: a linked event with its seq and stored link.
#[derive(Serialize, Deserialize)]
struct ExportLine {
    seq: i64,
    position: i64,
    aggregate_type: String,
    aggregate_id: String,
    sequence: i64,
    event_type: String,
    event_version: String,
    payload: Value,
    metadata: Value,
    recorded_at: String,
    link: String,
}

impl<'a> From<&'a ExportLine> for Fields<'a> {
    fn from(line: &'a ExportLine) -> Self {
        Self {
            aggregate_type: &line.aggregate_type,
            aggregate_id: &line.aggregate_id,
            sequence: line.sequence,
            event_type: &line.event_type,
            event_version: &line.event_version,
            payload: &line.payload,
            metadata: &line.metadata,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ExportRow {
    seq: i64,
    link: String,
    #[sqlx(flatten)]
    event: EventRow,
}

/// Writes every linked event, in seq order, as JSON Lines (`seq`, `position`, the event's
/// fields, `recorded_at`, `link`); returns how many. The file is faithful to the database:
/// tampered events are written as they now are, and [`check`] finds them; an event whose
/// link row outlived it has no line, which [`check`] reports as a removed line.
pub async fn export(db: &Db, out: &mut impl Write) -> Result<i64, AuditError> {
    let mut tx = db.begin_read().await?;
    let columns = if matches!(tx, Tx::Postgres(_)) { POSTGRES_COLUMNS } else { SQLITE_COLUMNS };
    // The subquery names the position column alike on both backends (rowid on SQLite).
    let sql = format!(
        "SELECT l.seq, l.link, e.* FROM event_links l JOIN (SELECT {columns} FROM events) e \
         ON e.position = l.position WHERE l.seq > $1 ORDER BY l.seq LIMIT $2"
    );
    let (mut after, mut written) = (0, 0);
    loop {
        let rows: Vec<ExportRow> = crate::on_tx!(&mut tx, |conn| sqlx::query_as(&sql)
            .bind(after)
            .bind(CHUNK)
            .fetch_all(conn)
            .await
            .map_err(StoreError::from)?);
        for row in &rows {
            out.write_all(&export_line(row)?)?;
            written += 1;
        }
        match rows.last() {
            Some(last) if a_full_chunk(rows.len()) => after = last.seq,
            _ => break,
        }
    }
    tx.commit().await?;
    out.flush()?;
    Ok(written)
}

fn export_line(row: &ExportRow) -> Result<Vec<u8>, AuditError> {
    let event = &row.event;
    let (payload, metadata) =
        event.json().map_err(|reason| AuditError::Corrupt { position: event.position, reason })?;
    let line = ExportLine {
        seq: row.seq,
        position: event.position,
        aggregate_type: event.aggregate_type.clone(),
        aggregate_id: event.aggregate_id.clone(),
        sequence: event.sequence,
        event_type: event.event_type.clone(),
        event_version: event.event_version.clone(),
        payload,
        metadata,
        recorded_at: event.recorded_at.clone(),
        link: row.link.clone(),
    };
    let mut bytes = serde_json::to_vec(&line).map_err(AuditError::Encode)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Recomputes the chain of an export alone: the first line whose event fields or link were
/// changed, or where a line was removed, breaks it. `position` and `recorded_at` are not part
/// of the chain. Blank lines are skipped; a line that is not an exported event is an error.
pub fn check(mut input: impl BufRead) -> Result<Verification, AuditError> {
    let mut chain = Chain::new();
    let mut buffer = Vec::new();
    let mut number = 0;
    loop {
        buffer.clear();
        if input.read_until(b'\n', &mut buffer)? == 0 {
            return Ok(chain.verification(None));
        }
        number += 1;
        if buffer.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // Read as bytes: a changed byte that is not UTF-8 is a parse error with a line number.
        let line: ExportLine =
            serde_json::from_slice(&buffer).map_err(|source| AuditError::Parse { line: number, source })?;
        let broken = match chain.expect_seq(line.seq, "the line") {
            Some(broken) => Some(broken),
            None => chain
                .extend(&Fields::from(&line), &line.link, line.position, || {
                    format!("line {number} (the event at position {})", line.position)
                })
                .map_err(AuditError::Encode)?,
        };
        if broken.is_some() {
            return Ok(chain.verification(broken));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use serde_json::json;
    use sqlx::Connection;

    use super::*;

    /// A migrated store of its own: an SQLite file in a temporary folder, or a fresh PostgreSQL
    /// database, dropped again by [`TestDb::finish`].
    struct TestDb {
        db: Db,
        _folder: Option<tempfile::TempDir>,
        postgres: Option<(String, String)>,
    }

    fn postgres_admin_url() -> String {
        std::env::var("TATRACK_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
    }

    impl TestDb {
        async fn sqlite() -> Self {
            let folder = tempfile::tempdir().expect("a temporary folder");
            let url = format!("sqlite://{}", folder.path().join("audit.db").display());
            let db = Db::connect(&url).await.expect("open the SQLite file");
            db.migrate().await.expect("migrate SQLite");
            Self { db, _folder: Some(folder), postgres: None }
        }

        async fn postgres() -> Self {
            let admin = postgres_admin_url();
            let name = format!("tatrack_test_{}", uuid::Uuid::new_v4().simple());
            let mut connection = sqlx::PgConnection::connect(&admin).await.expect("PostgreSQL is reachable");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut connection)
                .await
                .expect("create the test database");
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
            let db = Db::connect(&format!("{base}/{name}")).await.expect("connect to the test database");
            db.migrate().await.expect("migrate PostgreSQL");
            Self { db, _folder: None, postgres: Some((admin, name)) }
        }

        async fn finish(self) {
            self.db.close().await;
            if let Some((admin, name)) = self.postgres {
                let mut connection =
                    sqlx::PgConnection::connect(&admin).await.expect("PostgreSQL is reachable");
                sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
                    .execute(&mut connection)
                    .await
                    .expect("drop the test database");
            }
        }
    }

    /// Runs each scenario on a fresh SQLite file and a fresh PostgreSQL database.
    macro_rules! on_both_backends {
        ($($scenario:ident),* $(,)?) => {$(
            mod $scenario {
                #[tokio::test]
                async fn sqlite() {
                    let store = super::TestDb::sqlite().await;
                    super::$scenario(&store.db).await;
                    store.finish().await;
                }

                #[tokio::test]
                async fn postgres() {
                    let store = super::TestDb::postgres().await;
                    super::$scenario(&store.db).await;
                    store.finish().await;
                }
            }
        )*};
    }

    on_both_backends!(
        untouched_log_verifies,
        altered_payload_breaks_at_its_seq,
        deleted_event_breaks_at_its_seq,
        removed_link_row_breaks_at_its_seq,
        inserted_event_breaks_the_chain,
        export_round_trips_and_check_finds_edits,
        extends_follows_the_live_log,
        overlapping_batches_are_linked_once,
        link_until_backfills_up_to_a_checkpoint,
    );

    fn position_column(db: &Db) -> &'static str {
        if matches!(db, Db::Postgres(_)) {
            "position"
        } else {
            "rowid"
        }
    }

    async fn execute(db: &Db, sql: &str) {
        crate::on_db!(db, |pool, _columns| {
            sqlx::query(sql).execute(pool).await.expect(sql);
        });
    }

    fn payload(description: &str) -> Value {
        json!({"OutputRecorded": {"kind": "other", "description": description}})
    }

    /// Appends an event as postgres-es and sqlite-es do: a plain INSERT of the seven columns.
    async fn append_event(db: &Db, id: &str, sequence: i64, payload: &Value, metadata: &Value) {
        crate::on_db!(db, |pool, _columns| {
            sqlx::query(
                "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, \
                 payload, metadata) VALUES ('Activity', $1, $2, 'OutputRecorded', '1.0', $3, $4)",
            )
            .bind(id)
            .bind(sequence)
            .bind(payload)
            .bind(metadata)
            .execute(pool)
            .await
            .expect("append an event");
        });
    }

    /// Appends `count` events to two interleaved streams, described `event-1`, `event-2`, ...
    async fn append(db: &Db, from: i64, count: i64) {
        for n in from..from + count {
            let stream = if n % 2 == 0 { "act-b" } else { "act-a" };
            append_event(db, stream, (n + 1) / 2, &payload(&format!("event-{n}")), &json!({"actor": "a"}))
                .await;
        }
    }

    /// Links, in transactions of up to `batch` events read as the projector reads them, until
    /// the chain holds `total` links. Waits when another test's open transaction holds
    /// PostgreSQL's horizon (it is cluster-wide).
    async fn link(db: &Db, batch: i64, total: i64) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while chain_length(db).await < total {
            assert!(Instant::now() < deadline, "events stayed below the horizon");
            let mut tx = db.begin_write().await.expect("begin");
            let after =
                last_link(&mut tx).await.expect("last link").and_then(|l| l.checkpoint).unwrap_or_default();
            let mut events = committed_after(&mut tx, after, batch).await.expect("read the log");
            events.truncate(usize::try_from(total - chain_length_in(&mut tx).await).expect("not past total"));
            link_events(&mut tx, &events).await.expect("link");
            tx.commit().await.expect("commit");
            if events.is_empty() {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }

    /// Waits until the log's first `count` events read as committed: another test's open
    /// transaction may hold PostgreSQL's horizon (it is cluster-wide) for a moment.
    async fn settled(db: &Db, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let mut tx = db.begin_read().await.expect("begin");
            let events = committed_after(&mut tx, Checkpoint::default(), 100).await.expect("read the log");
            tx.commit().await.expect("commit");
            if events.len() >= count {
                return;
            }
            assert!(Instant::now() < deadline, "events stayed below the horizon");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn chain_length_in(tx: &mut Tx) -> i64 {
        crate::on_tx!(tx, |conn| sqlx::query_scalar("SELECT COUNT(*) FROM event_links")
            .fetch_one(conn)
            .await
            .expect("count links"))
    }

    async fn chain_length(db: &Db) -> i64 {
        crate::on_db!(db, |pool, _columns| sqlx::query_scalar("SELECT COUNT(*) FROM event_links")
            .fetch_one(pool)
            .await
            .expect("count links"))
    }

    /// `(position, link)` of every row of the chain, in seq order.
    async fn links(db: &Db) -> Vec<(i64, String)> {
        crate::on_db!(db, |pool, _columns| sqlx::query_as(
            "SELECT position, link FROM event_links ORDER BY seq"
        )
        .fetch_all(pool)
        .await
        .expect("read links"))
    }

    async fn alter_payload(db: &Db, position: i64, description: &str) {
        let column = position_column(db);
        crate::on_db!(db, |pool, _columns| {
            sqlx::query(&format!("UPDATE events SET payload = $1 WHERE {column} = $2"))
                .bind(payload(description))
                .bind(position)
                .execute(pool)
                .await
                .expect("alter a payload");
        });
    }

    fn broken_at(verification: &Verification, seq: i64, position: Option<i64>, reason: &str) {
        assert!(!verification.intact, "{verification:?}");
        let broken = verification.first_broken.as_ref().expect("a break");
        assert_eq!((broken.seq, broken.position), (seq, position), "{broken:?}");
        assert!(broken.reason.contains(reason), "{broken:?}");
        assert_eq!(verification.count, seq - 1);
    }

    fn intact(count: i64, head: Option<&String>) -> Verification {
        Verification { intact: true, count, head: head.cloned(), first_broken: None }
    }

    // -----------------------------------------------------------------------------------------
    // The chain's definition.

    fn sample(payload: Value) -> StoredEvent {
        StoredEvent {
            position: 7,
            aggregate_type: "Activity".into(),
            aggregate_id: "act-1".into(),
            sequence: 3,
            event_type: "OutputRecorded".into(),
            event_version: "1.0".into(),
            payload,
            metadata: json!({"actor": "a", "request_digest": "d"}),
            recorded_at: chrono::Utc::now(),
            tx_id: 0,
        }
    }

    #[test]
    fn canonical_bytes_are_the_sorted_compact_json_array() {
        let mut object = serde_json::Map::new();
        object.insert("zeta".into(), json!([1, -2, 2.5, null, true, "\"\\\n\u{1}é😀/"]));
        object.insert("alpha".into(), json!({"b": 1, "a": {"d": [], "c": {}}}));
        let event = sample(Value::Object(object));
        let bytes = Fields::from(&event).canonical().expect("encode");
        let expected = serde_json::to_vec(&json!([
            event.aggregate_type,
            event.aggregate_id,
            event.sequence,
            event.event_type,
            event.event_version,
            event.payload,
            event.metadata
        ]))
        .expect("encode");
        assert_eq!(String::from_utf8_lossy(&bytes), String::from_utf8_lossy(&expected));
        assert_eq!(
            String::from_utf8(bytes).expect("UTF-8"),
            r#"["Activity","act-1",3,"OutputRecorded","1.0",{"alpha":{"a":{"c":{},"d":[]},"b":1},"zeta":[1,-2,2.5,null,true,"\"\\\n\u0001é😀/"]},{"actor":"a","request_digest":"d"}]"#
        );
    }

    #[test]
    fn each_link_hashes_the_previous_link_and_the_event() {
        let first = sample(payload("one"));
        let second = sample(payload("two"));
        let link1 = Fields::from(&first).link(&GENESIS).expect("link");
        let link2 = Fields::from(&second).link(&link1).expect("link");
        let mut hasher = Sha256::new();
        hasher.update([0_u8; 32]);
        hasher.update(Fields::from(&first).canonical().expect("encode"));
        assert_eq!(link1, <Link>::from(hasher.finalize()));
        let mut hasher = Sha256::new();
        hasher.update(link1);
        hasher.update(Fields::from(&second).canonical().expect("encode"));
        assert_eq!(link2, <Link>::from(hasher.finalize()));
    }

    /// A known answer: a fixed log and the head its chain must reach, computed outside this
    /// code (Python's json and hashlib over the same fields). Any change to the canonical bytes
    /// or the linking breaks every stored chain, so it must break this test first.
    #[test]
    fn a_fixed_log_links_to_a_known_head() {
        let event =
            |aggregate_type: &str, aggregate_id: &str, sequence, event_type: &str, payload, metadata| {
                StoredEvent {
                    aggregate_type: aggregate_type.into(),
                    aggregate_id: aggregate_id.into(),
                    sequence,
                    event_type: event_type.into(),
                    metadata,
                    ..sample(payload)
                }
            };
        let log = [
            event(
                "Programme",
                "00000000-0000-4000-8000-000000000101",
                1,
                "ProgrammeRegistered",
                json!({"ProgrammeRegistered": {"code": "GLOFIREARMS", "end": null, "name": "Global Firearms Programme",
                    "start": "2011-01-01", "thematic_area": "firearms"}}),
                json!({"actor": "ops-lead", "recorded_at": "2019-02-01T09:00:00Z", "request_id": "r-1", "role": "admin"}),
            ),
            event(
                "Activity",
                "00000000-0000-4000-8000-000000000201",
                1,
                "ActivityPlanned",
                json!({"ActivityPlanned": {"countries": ["SAU"], "description": null, "kind": "workshop",
                    "location": "Riyadh", "planned_end": "2019-10-24", "planned_start": "2019-10-20",
                    "programme_id": "00000000-0000-4000-8000-000000000101", "title": "Atelier de coopération"}}),
                json!({"actor": "amina.k", "recorded_at": "2019-09-01T10:00:00Z", "request_id": "r-2", "role": "adviser"}),
            ),
            event(
                "Activity",
                "00000000-0000-4000-8000-000000000201",
                2,
                "ActivityReported",
                json!("ActivityReported"),
                json!({"actor": "amina.k", "recorded_at": "2019-11-02T10:00:00Z", "request_id": "r-3", "role": "adviser"}),
            ),
        ];
        let links: Vec<String> = log
            .iter()
            .scan(GENESIS, |previous, event| {
                *previous = Fields::from(event).link(previous).expect("link");
                Some(hex::encode(*previous))
            })
            .collect();
        assert_eq!(
            links,
            [
                "bed45a2ac89bad9ee0c1519ba6358a5847f01f03ac78f2a0484d5f5849defdf1",
                "2e46e3c36a9f4c03eb66a4cfff1b0cac072422bb42e903f14b1b75ca85d74dc2",
                "10a7b619c36cfc8da800e9a6814a0cb1313bffcc5ba9d93dc710c91bb1ea6936",
            ]
        );
    }

    #[test]
    fn a_line_that_is_not_an_exported_event_is_an_error() {
        let input = b"\n{\"seq\": 1,\n".as_slice();
        match check(input) {
            Err(AuditError::Parse { line: 2, .. }) => {}
            other => panic!("expected a parse error on line 2, got {other:?}"),
        }
        assert_eq!(check(b"".as_slice()).expect("an empty export"), intact(0, None));
    }

    /// The same event appended to both backends reads back as the same values, so its
    /// canonical bytes, and its link, do not depend on the backend.
    #[tokio::test]
    async fn the_same_event_links_alike_on_both_backends() {
        let mut payload = serde_json::Map::new();
        payload.insert("zeta".into(), json!({"y": [1, -2, 2.5, 0.1, 12_345_678_901_i64, null, false]}));
        payload.insert("alpha".into(), json!("quote \" backslash \\ newline \n tab \t é 😀 \u{7f} \u{1f}"));
        let payload = json!({"OutputRecorded": payload});
        let metadata = json!({"actor": "a", "idempotency_key": "k-1", "request_digest": "abc"});
        let mut read = Vec::new();
        for store in [TestDb::sqlite().await, TestDb::postgres().await] {
            append_event(&store.db, "act-1", 1, &payload, &metadata).await;
            link(&store.db, 10, 1).await;
            let mut tx = store.db.begin_read().await.expect("begin");
            let events = committed_after(&mut tx, Checkpoint::default(), 10).await.expect("read");
            tx.commit().await.expect("commit");
            read.push((events, links(&store.db).await));
            store.finish().await;
        }
        let [(sqlite, sqlite_links), (postgres, postgres_links)] = read.as_slice() else { unreachable!() };
        let (sqlite, postgres) = (&sqlite[0], &postgres[0]);
        assert_eq!(sqlite.payload, payload);
        assert_eq!(postgres.payload, payload);
        assert_eq!(sqlite.metadata, postgres.metadata);
        let canonical = |e| Fields::from(e).canonical().expect("encode");
        assert_eq!(canonical(sqlite), canonical(postgres));
        assert_eq!(sqlite_links[0].1, postgres_links[0].1);
    }

    // -----------------------------------------------------------------------------------------
    // Scenarios, each run on both backends.

    async fn untouched_log_verifies(db: &Db) {
        assert_eq!(verify(db).await.expect("verify"), intact(0, None));
        append(db, 1, 5).await;
        link(db, 2, 5).await;
        let rows = links(db).await;
        assert_eq!(rows.len(), 5);
        let verification = verify(db).await.expect("verify");
        assert_eq!(verification, intact(5, Some(&rows[4].1)));
        // The same head, recomputed from the events in commit order.
        let mut tx = db.begin_read().await.expect("begin");
        let events = committed_after(&mut tx, Checkpoint::default(), 10).await.expect("read");
        tx.commit().await.expect("commit");
        let mut head = GENESIS;
        for (event, (position, _)) in events.iter().zip(&rows) {
            assert_eq!(event.position, *position);
            head = Fields::from(event).link(&head).expect("link");
        }
        assert_eq!(verification.head, Some(hex::encode(head)));
        // Events the projector has not linked yet are lag, not tampering.
        append(db, 6, 2).await;
        assert_eq!(verify(db).await.expect("verify"), verification);
        link(db, 10, 7).await;
        assert_eq!(verify(db).await.expect("verify").count, 7);
    }

    async fn altered_payload_breaks_at_its_seq(db: &Db) {
        append(db, 1, 5).await;
        link(db, 3, 5).await;
        let rows = links(db).await;
        alter_payload(db, rows[2].0, "event-3 but bigger").await;
        let verification = verify(db).await.expect("verify");
        broken_at(&verification, 3, Some(rows[2].0), "altered");
        assert_eq!(verification.head.as_ref(), Some(&rows[1].1));
    }

    async fn deleted_event_breaks_at_its_seq(db: &Db) {
        append(db, 1, 5).await;
        link(db, 5, 5).await;
        append(db, 6, 1).await; // unlinked tail
        let rows = links(db).await;
        let column = position_column(db);
        execute(db, &format!("DELETE FROM events WHERE {column} = {}", rows[4].0)).await;
        broken_at(&verify(db).await.expect("verify"), 5, Some(rows[4].0), "deleted");
        // Catching up cannot tell where to resume; it leaves the chain alone instead of failing.
        let mut tx = db.begin_write().await.expect("begin");
        let until = Checkpoint { tx_id: i64::MAX, position: i64::MAX };
        assert_eq!(link_until(&mut tx, until).await.expect("link until"), 0);
        tx.commit().await.expect("commit");
        execute(db, &format!("DELETE FROM events WHERE {column} = {}", rows[1].0)).await;
        broken_at(&verify(db).await.expect("verify"), 2, Some(rows[1].0), "deleted");
    }

    async fn removed_link_row_breaks_at_its_seq(db: &Db) {
        append(db, 1, 4).await;
        link(db, 4, 4).await;
        execute(db, "DELETE FROM event_links WHERE seq = 2").await;
        broken_at(&verify(db).await.expect("verify"), 2, None, "link row for seq 2 is missing");
    }

    /// An event slipped into the linked part of the log: PostgreSQL orders by (`tx_id`,
    /// position), so a forged `tx_id` puts it there; SQLite orders by rowid, so a forged rowid.
    async fn inserted_event_breaks_the_chain(db: &Db) {
        append(db, 1, 3).await;
        link(db, 3, 3).await;
        let rows = links(db).await;
        let values = "'Activity', 'act-x', 1, 'OutputRecorded', '1.0', \
                      '{\"OutputRecorded\":{\"kind\":\"other\",\"description\":\"forged\"}}', '{\"actor\":\"a\"}'";
        let columns = "aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata";
        let (seq, position) = match db {
            Db::Postgres(_) => {
                let tx_id: i64 =
                    sqlx::query_scalar("SELECT tx_id::text::bigint FROM events WHERE position = $1")
                        .bind(rows[1].0)
                        .fetch_one(match db {
                            Db::Postgres(pool) => pool,
                            Db::Sqlite(_) => unreachable!(),
                        })
                        .await
                        .expect("tx_id");
                execute(
                    db,
                    &format!(
                        "INSERT INTO events ({columns}, position, tx_id) OVERRIDING SYSTEM VALUE \
                     VALUES ({values}, 1000, '{tx_id}'::xid8)"
                    ),
                )
                .await;
                (3, 1000) // right after the second linked event in commit order
            }
            Db::Sqlite(_) => {
                execute(db, &format!("INSERT INTO events (rowid, {columns}) VALUES (0, {values})")).await;
                (1, 0) // before every linked event
            }
        };
        broken_at(&verify(db).await.expect("verify"), seq, Some(position), "inserted");
        // Moving a linked event elsewhere in commit order breaks the chain too.
        let column = position_column(db);
        execute(db, &format!("DELETE FROM events WHERE {column} = {position}")).await;
        assert!(verify(db).await.expect("verify").intact);
        if matches!(db, Db::Postgres(_)) {
            execute(db, &format!("UPDATE events SET tx_id = '3'::xid8 WHERE position = {}", rows[2].0)).await;
            broken_at(&verify(db).await.expect("verify"), 1, Some(rows[0].0), "commit order differs");
        }
    }

    async fn export_lines(db: &Db) -> Vec<String> {
        let mut out = Vec::new();
        let written = export(db, &mut out).await.expect("export");
        let text = String::from_utf8(out).expect("UTF-8");
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        assert_eq!(usize::try_from(written).expect("count"), lines.len());
        lines
    }

    fn check_lines(lines: &[String]) -> Verification {
        check(lines.join("\n").as_bytes()).expect("a well-formed export")
    }

    async fn export_round_trips_and_check_finds_edits(db: &Db) {
        append(db, 1, 5).await;
        link(db, 2, 5).await;
        append(db, 6, 1).await; // not linked: not exported
        let lines = export_lines(db).await;
        assert_eq!(lines.len(), 5);
        let first: Value = serde_json::from_str(&lines[0]).expect("JSON");
        let keys: Vec<&str> = first.as_object().expect("an object").keys().map(String::as_str).collect();
        for key in [
            "seq",
            "position",
            "aggregate_type",
            "aggregate_id",
            "sequence",
            "event_type",
            "event_version",
            "payload",
            "metadata",
            "recorded_at",
            "link",
        ] {
            assert!(keys.contains(&key), "{key} missing from {keys:?}");
        }
        let verified = verify(db).await.expect("verify");
        assert_eq!(check_lines(&lines), verified);

        let mut edited = lines.clone();
        edited[2] = edited[2].replace("event-3", "event-8");
        assert_ne!(edited[2], lines[2]);
        broken_at(&check_lines(&edited), 3, Some(links(db).await[2].0), "line 3");

        let mut removed = lines.clone();
        removed.remove(1);
        broken_at(&check_lines(&removed), 2, None, "line for seq 2 is missing");

        let mut relinked = lines.clone();
        let link = serde_json::from_str::<Value>(&lines[3]).expect("JSON")["link"]
            .as_str()
            .expect("a link")
            .to_owned();
        let forged = format!("{}{}", if link.starts_with('0') { "1" } else { "0" }, &link[1..]);
        relinked[3] = relinked[3].replace(&link, &forged);
        broken_at(&check_lines(&relinked), 4, Some(links(db).await[3].0), "link was altered");

        // Tampering in the database shows in the next export.
        alter_payload(db, links(db).await[3].0, "edited").await;
        broken_at(&check_lines(&export_lines(db).await), 4, Some(links(db).await[3].0), "altered");
    }

    async fn extends_follows_the_live_log(db: &Db) {
        assert!(extends(db, &intact(0, None)).await.expect("extends"));
        append(db, 1, 4).await;
        link(db, 4, 4).await;
        let copy = check_lines(&export_lines(db).await);
        assert!(copy.intact);
        assert!(extends(db, &copy).await.expect("extends"));
        // The log grows: it still extends the auditor's copy.
        append(db, 5, 3).await;
        link(db, 2, 7).await;
        assert!(extends(db, &copy).await.expect("extends"));
        // A head the chain never had does not.
        let mut other = copy.clone();
        other.head = Some(hex::encode([7_u8; 32]));
        assert!(!extends(db, &other).await.expect("extends"));
        // Tampering beyond the copy does not concern it; within it, it does.
        let rows = links(db).await;
        alter_payload(db, rows[5].0, "edited").await;
        assert!(extends(db, &copy).await.expect("extends"));
        alter_payload(db, rows[1].0, "edited").await;
        assert!(!extends(db, &copy).await.expect("extends"));
    }

    async fn overlapping_batches_are_linked_once(db: &Db) {
        append(db, 1, 5).await;
        link(db, 3, 3).await;
        settled(db, 5).await;
        let mut tx = db.begin_write().await.expect("begin");
        let events = committed_after(&mut tx, Checkpoint::default(), 10).await.expect("read");
        assert_eq!(events.len(), 5);
        link_events(&mut tx, &events).await.expect("link");
        link_events(&mut tx, &events).await.expect("link again");
        tx.commit().await.expect("commit");
        let rows = links(db).await;
        let positions: Vec<i64> = rows.iter().map(|(position, _)| *position).collect();
        assert_eq!(positions, events.iter().map(|e| e.position).collect::<Vec<_>>());
        assert_eq!(verify(db).await.expect("verify"), intact(5, Some(&rows[4].1)));
    }

    async fn link_until_backfills_up_to_a_checkpoint(db: &Db) {
        append(db, 1, 6).await;
        link(db, 2, 2).await;
        settled(db, 6).await;
        let mut tx = db.begin_write().await.expect("begin");
        let events = committed_after(&mut tx, Checkpoint::default(), 10).await.expect("read");
        assert_eq!(events.len(), 6);
        let until = Checkpoint::of(&events[4]);
        assert_eq!(link_until(&mut tx, until).await.expect("link until"), 3);
        assert_eq!(link_until(&mut tx, until).await.expect("again"), 0);
        tx.commit().await.expect("commit");
        let verification = verify(db).await.expect("verify");
        assert_eq!(verification.count, 5);
        assert!(verification.intact);
    }

    #[tokio::test]
    async fn sqlite_text_that_is_not_json_is_reported() {
        let store = TestDb::sqlite().await;
        append(&store.db, 1, 3).await;
        link(&store.db, 3, 3).await;
        execute(&store.db, "UPDATE events SET payload = '{\"OutputRecorded\":' WHERE rowid = 2").await;
        broken_at(&verify(&store.db).await.expect("verify"), 2, Some(2), "payload is not JSON");
        match export(&store.db, &mut Vec::new()).await {
            Err(AuditError::Corrupt { position: 2, .. }) => {}
            other => panic!("expected the export to refuse position 2, got {other:?}"),
        }
        store.finish().await;
    }
}
