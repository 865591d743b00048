//! The per-token request budget (`--rate-limit`), spent by every request that names a token,
//! and the caller a token admits within it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tatrack_app::auth::Principal;
use tatrack_store::{tokens, Db};

use crate::error::{ApiError, Error};

/// Per-token request budget: a bucket refilled at `per_second`, holding at most `burst`.
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    /// `per_second` of 0 turns the limit off.
    pub fn new(per_second: u32) -> Arc<Self> {
        let per_second = f64::from(per_second);
        Arc::new(Self { per_second, burst: per_second * 2.0, buckets: Mutex::default() })
    }

    /// Spends one request of `token`'s budget; 429 with the wait when none is left.
    pub fn check(&self, token: &str) -> Result<(), ApiError> {
        if self.per_second <= 0.0 {
            return Ok(());
        }
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (level, last) = buckets.entry(token.to_owned()).or_insert((self.burst, now));
        *level = (*level + now.duration_since(*last).as_secs_f64() * self.per_second).min(self.burst);
        *last = now;
        if *level >= 1.0 {
            *level -= 1.0;
            Ok(())
        } else {
            let wait = Duration::from_secs_f64((1.0 - *level) / self.per_second);
            Err(Error::TooManyRequests { retry_after: wait.as_secs().max(1) }.into())
        }
    }
}

/// The caller a stored token describes (neither revoked nor expired), once its request budget
/// allows one more request.
pub async fn admit(
    stored: tokens::StoredToken,
    db: &Db,
    rate_limiter: &RateLimiter,
) -> Result<Principal, ApiError> {
    let principal = Principal::of_token(stored, db).await?;
    rate_limiter.check(&principal.name)?;
    Ok(principal)
}
