//! Exports for offline audits: the linked events as JSON Lines, and the chain recomputed from
//! such a file alone.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tatrack_store::row::{LinkedRow, POSTGRES_COLUMNS, SQLITE_COLUMNS};
use tatrack_store::{Db, StoreError, Tx};

use crate::a_full_chunk;
use crate::canonical::Fields;
use crate::chain::Chain;
use crate::signatures::Tally;
use crate::signing::{Keyring, SignedHead};
use crate::{AuditError, Verification, CHUNK};

/// A signed head in an export: a line of its own after the event line of its seq.
#[derive(Serialize, Deserialize)]
struct SignedLine {
    signed_head: SignedHead,
}

/// How a signed head's line starts, as [`export`] writes it: how [`check`] tells it apart.
const SIGNED_LINE: &[u8] = b"{\"signed_head\":";

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

/// Writes every linked event, in seq order, as JSON Lines (`seq`, `position`, the event's
/// fields, `recorded_at`, `link`), each followed by the heads signed at its seq
/// (`{"signed_head": {seq, link, key_id, signature, signed_at}}`); returns how many events. The file is faithful to the database:
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
        let rows: Vec<LinkedRow> = tatrack_store::on_tx!(&mut tx, |conn| sqlx::query_as(&sql)
            .bind(after)
            .bind(CHUNK)
            .fetch_all(conn)
            .await
            .map_err(StoreError::from)?);
        let heads = match rows.last() {
            Some(last) => heads_between(&mut tx, after, last.seq).await?,
            None => Vec::new(),
        };
        let mut heads = heads.iter().peekable();
        for row in &rows {
            out.write_all(&export_line(row)?)?;
            written += 1;
            while let Some(head) = heads.next_if(|head| head.seq <= row.seq) {
                let line = SignedLine { signed_head: head.clone() };
                let mut bytes = serde_json::to_vec(&line).map_err(AuditError::Encode)?;
                bytes.push(b'\n');
                out.write_all(&bytes)?;
            }
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

/// The signed heads with `after < seq <= last`, in order.
async fn heads_between(tx: &mut Tx, after: i64, last: i64) -> Result<Vec<SignedHead>, StoreError> {
    Ok(tatrack_store::on_tx!(tx, |conn| sqlx::query_as(
        "SELECT seq, link, key_id, signature, signed_at FROM chain_signatures \
         WHERE seq > $1 AND seq <= $2 ORDER BY seq, key_id"
    )
    .bind(after)
    .bind(last)
    .fetch_all(conn)
    .await?))
}

fn export_line(row: &LinkedRow) -> Result<Vec<u8>, AuditError> {
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
/// Signed heads are not checked ([`check_signed`] does).
pub fn check(input: impl BufRead) -> Result<Verification, AuditError> {
    check_signed(input, &Keyring::default())
}

/// [`check`], and every signed head of the export checked with `ring` against the link
/// recomputed at its seq, as [`crate::verify_signed`] does on the live log.
pub fn check_signed(mut input: impl BufRead, ring: &Keyring) -> Result<Verification, AuditError> {
    let mut chain = Chain::new();
    let (mut tally, mut last_position) = (Tally::new(ring), None);
    let mut buffer = Vec::new();
    let mut number = 0;
    loop {
        buffer.clear();
        if input.read_until(b'\n', &mut buffer)? == 0 {
            let signatures = tally.finish(chain.count(), last_position);
            return Ok(chain.verification(None, signatures));
        }
        number += 1;
        if buffer.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if buffer.starts_with(SIGNED_LINE) {
            let line: SignedLine = serde_json::from_slice(&buffer)
                .map_err(|source| AuditError::Parse { line: number, source })?;
            let head = line.signed_head;
            let recomputed = chain.head_hex();
            let here = last_position.filter(|_| head.seq == chain.count());
            tally.head(&head, here.map(|position| (recomputed.as_str(), position)));
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
            let signatures = tally.finish(chain.count(), last_position);
            return Ok(chain.verification(broken, signatures));
        }
        last_position = Some(line.position);
    }
}
