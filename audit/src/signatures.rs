//! Signed heads: writing them (`chain_signatures`), reading them beside the chain, and checking
//! each against the link recomputed from the events, not the link stored in `event_links`.
//!
//! Someone with write access may rewrite an event and recompute every later link, so the plain
//! chain verifies; the heads signed before the rewrite then sign links the events no longer
//! give, and they cannot sign the new ones without the private key.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};
use tatrack_store::{Db, StoreError, Tx};

use crate::signing::{HeadKey, Keyring, SignedHead};
use crate::CHUNK;

/// What the signed heads showed, beside the chain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signatures {
    /// Whether the signed heads were checked. `false` when no public key was given: the chain is
    /// then unsigned as far as this verification goes, and someone with write access to the
    /// database could have rewritten an event and recomputed every later link.
    pub checked: bool,
    /// The ids of the public keys checked with.
    pub key_ids: Vec<String>,
    /// Signed heads found sound: signed by one of the keys, over the link recomputed from the
    /// events at that seq.
    pub signed: i64,
    /// The seq of the last sound signed head: the log up to it is proven unchanged.
    pub last_signed_seq: Option<i64>,
    /// The position of that head's event.
    pub last_signed_position: Option<i64>,
    /// The first signed head that does not hold (or, when none is signed, the chain's head).
    pub first_unsigned: Option<Unsigned>,
}

/// A head whose signature or link does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unsigned {
    pub seq: i64,
    /// The position of the event at `seq`, when the chain reaches it.
    pub position: Option<i64>,
    /// The key the head claims to be signed with; `None` when no head is signed at all.
    pub key_id: Option<String>,
    pub reason: String,
}

/// Checks signed heads one by one, in seq order, against recomputed links.
pub(crate) struct Tally<'a> {
    ring: &'a Keyring,
    result: Signatures,
}

impl<'a> Tally<'a> {
    pub(crate) fn new(ring: &'a Keyring) -> Self {
        let result = Signatures { checked: !ring.is_empty(), key_ids: ring.ids(), ..Signatures::default() };
        Self { ring, result }
    }

    /// Whether heads still need reading: keys were given and none has failed yet.
    pub(crate) fn wants_more(&self) -> bool {
        self.result.checked && self.result.first_unsigned.is_none()
    }

    /// Checks `head` against `recomputed`, the link the events give at its seq (with that
    /// event's position); `None` when the chain does not reach that seq.
    pub(crate) fn head(&mut self, head: &SignedHead, recomputed: Option<(&str, i64)>) {
        if !self.wants_more() {
            return;
        }
        let failure = match (self.ring.check(head), recomputed) {
            (Err(reason), _) => Some(reason),
            (Ok(()), None) => Some(format!(
                "it signs seq {}, which the chain does not reach there: links or events were removed",
                head.seq
            )),
            (Ok(()), Some((link, _))) if link != head.link => Some(
                "the link it signs differs from the link recomputed from the events: an event at or \
                 before it was altered, removed or inserted, and later links recomputed"
                    .to_owned(),
            ),
            (Ok(()), Some((_, position))) => {
                self.result.signed += 1;
                self.result.last_signed_seq = Some(head.seq);
                self.result.last_signed_position = Some(position);
                None
            }
        };
        if let Some(reason) = failure {
            self.result.first_unsigned = Some(Unsigned {
                seq: head.seq,
                position: recomputed.map(|(_, position)| position),
                key_id: Some(head.key_id.clone()),
                reason,
            });
        }
    }

    /// The result, once the chain's `count` links (the last at `position`) were walked: a
    /// chain with links but no sound signed head fails when keys were given.
    pub(crate) fn finish(mut self, count: i64, position: Option<i64>) -> Signatures {
        if self.wants_more() && count > 0 && self.result.signed == 0 {
            self.result.first_unsigned = Some(Unsigned {
                seq: count,
                position,
                key_id: None,
                reason: "no head of the chain is signed by the public keys given".to_owned(),
            });
        }
        self.result
    }
}

/// `chain_signatures` in `(seq, key_id)` order, [`CHUNK`] rows per query.
pub(crate) struct Heads {
    after: (i64, String),
    rows: VecDeque<SignedHead>,
    exhausted: bool,
}

impl Heads {
    pub(crate) fn new() -> Self {
        Self { after: (0, String::new()), rows: VecDeque::new(), exhausted: false }
    }

    /// The next head, if its seq is at most `seq`.
    pub(crate) async fn next_through(
        &mut self,
        tx: &mut Tx,
        seq: i64,
    ) -> Result<Option<SignedHead>, StoreError> {
        if self.rows.is_empty() && !self.exhausted {
            let rows: Vec<SignedHead> = tatrack_store::on_tx!(tx, |conn| sqlx::query_as(
                "SELECT seq, link, key_id, signature, signed_at FROM chain_signatures \
                 WHERE seq > $1 OR (seq = $1 AND key_id > $2) ORDER BY seq, key_id LIMIT $3"
            )
            .bind(self.after.0)
            .bind(&self.after.1)
            .bind(CHUNK)
            .fetch_all(conn)
            .await?);
            self.exhausted = !crate::a_full_chunk(rows.len());
            if let Some(last) = rows.last() {
                self.after = (last.seq, last.key_id.clone());
            }
            self.rows.extend(rows);
        }
        Ok(if self.rows.front().is_some_and(|head| head.seq <= seq) { self.rows.pop_front() } else { None })
    }
}

/// Signs the chain's last link with `key` and stores the signature, unless `key` signed that
/// head (or a later one) already; returns the new signed head. For the projector's leader, at
/// intervals.
pub async fn sign_head(db: &Db, key: &HeadKey) -> Result<Option<SignedHead>, StoreError> {
    let key_id = key.public().id().to_owned();
    let mut tx = db.begin_write().await?;
    let head: Option<(i64, String)> = tatrack_store::on_tx!(&mut tx, |conn| sqlx::query_as(
        "SELECT seq, link FROM event_links ORDER BY seq DESC LIMIT 1"
    )
    .fetch_optional(conn)
    .await?);
    let signed: Option<i64> = tatrack_store::on_tx!(&mut tx, |conn| sqlx::query_scalar(
        "SELECT MAX(seq) FROM chain_signatures WHERE key_id = $1"
    )
    .bind(&key_id)
    .fetch_one(conn)
    .await?);
    let signed_head = match head {
        Some((seq, link)) if signed.is_none_or(|signed| signed < seq) => {
            let signed_head = key.sign(seq, &link);
            insert(&mut tx, &signed_head).await?;
            Some(signed_head)
        }
        _ => None,
    };
    tx.commit().await?;
    Ok(signed_head)
}

/// Stores a head signed elsewhere (a report's), so verification checks it with the others.
pub async fn record(db: &Db, head: &SignedHead) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    insert(&mut tx, head).await?;
    tx.commit().await?;
    Ok(())
}

/// Stores a signed head; one that `key_id` signed at the same seq already is kept instead.
async fn insert(tx: &mut Tx, head: &SignedHead) -> Result<(), StoreError> {
    tatrack_store::on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO chain_signatures (seq, link, key_id, signature, signed_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (seq, key_id) DO NOTHING"
    )
    .bind(head.seq)
    .bind(&head.link)
    .bind(&head.key_id)
    .bind(&head.signature)
    .bind(&head.signed_at)
    .execute(conn)
    .await
    .map(drop)?);
    Ok(())
}
