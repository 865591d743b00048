//! What every way of sending a command shares (a request, an imported row, the demo data): the
//! digest that tells a retry from another request under the same `Idempotency-Key`, and the
//! day commands are decided on.

use chrono::Utc;
use sha2::{Digest, Sha256};

/// A request's digest, kept with its `Idempotency-Key`: the method, the path and the document.
/// `serde_json`'s maps are sorted, so re-serializing gives the same bytes for the same document
/// whatever the client's spacing or key order.
pub fn request_digest(method: &str, path: &str, document: &serde_json::Value) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update(b" ");
    hasher.update(path.as_bytes());
    hasher.update(b"\n");
    hasher.update(document.to_string().as_bytes());
    hex::encode(hasher.finalize())
}

/// Today in UTC: the day a delivery may not come after (but for one day, for the time zones).
pub fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}
