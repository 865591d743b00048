//! Recomputing the chain link by link, as far as it is sound.

use crate::canonical::Fields;
use crate::{Broken, Link, Signatures, Verification, GENESIS};

/// A recomputation of the chain, link by link, as far as it is sound.
pub(crate) struct Chain {
    count: i64,
    head: Link,
}

impl Chain {
    pub(crate) fn new() -> Self {
        Self { count: 0, head: GENESIS }
    }

    /// A break if the next row is not `seq = count + 1`: rows missing (or repeated) there.
    pub(crate) fn expect_seq(&self, seq: i64, what: &str) -> Option<Broken> {
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
    pub(crate) fn extend(
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

    /// How many links are sound so far, and the last one in hex.
    pub(crate) fn count(&self) -> i64 {
        self.count
    }

    pub(crate) fn head_hex(&self) -> String {
        hex::encode(self.head)
    }

    /// The verification with what the signed heads showed: not intact if one failed.
    pub(crate) fn verification(self, first_broken: Option<Broken>, signatures: Signatures) -> Verification {
        Verification {
            intact: first_broken.is_none() && signatures.first_unsigned.is_none(),
            count: self.count,
            head: (self.count > 0).then(|| hex::encode(self.head)),
            first_broken,
            signatures,
        }
    }
}
