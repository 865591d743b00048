//! A report's signature: the link of the hash chain it was made at (its basis), signed with the
//! server's Ed25519 key, so anyone with the public key can tell that link was the chain's when
//! the report was made, and later check the live chain still recomputes to it.

use tatrack_audit::{HeadKey, Keyring};

use crate::document::Report;

/// Signs the report's basis with `key` (a report of an empty log has no link to sign).
pub fn sign(report: &mut Report, key: &HeadKey) {
    let basis = &mut report.basis;
    if basis.seq > 0 {
        basis.signature = Some(key.sign(basis.seq, &basis.link));
    }
}

/// `Ok` when the report carries a signature by a key of `ring` over its own basis; else why not.
pub fn check(report: &Report, ring: &Keyring) -> Result<(), String> {
    let basis = &report.basis;
    let Some(head) = &basis.signature else {
        return Err("the report carries no signature".to_owned());
    };
    if (head.seq, head.link.as_str()) != (basis.seq, basis.link.as_str()) {
        return Err(format!(
            "its signature is of link {} ({}), not of the report's link {} ({})",
            head.seq, head.link, basis.seq, basis.link
        ));
    }
    ring.check(head)
}
