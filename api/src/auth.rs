//! Who is calling: bearer tokens, their roles and scopes, and the per-token rate limit.
//!
//! A token is 256 random bits shown once; the server keeps only its SHA-256 digest (the secret's
//! entropy makes a slow hash unnecessary). Every request that needs a caller extracts a
//! [`Principal`]; a missing, unknown, revoked or expired token is a 401, a valid token without
//! the right a 403, and a resource outside the caller's scope a 404, as if it did not exist.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use tatrack_domain::token::{Role, TokenScope};
use tatrack_domain::values::CountryCode;
use tatrack_store::tokens;

use crate::error::ApiError;
use crate::service::AppState;

/// The caller, as its token describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The token's name: the actor recorded in every event it writes.
    pub name: String,
    pub role: Role,
    pub scope: TokenScope,
}

/// A new secret: `tat_` and 64 hex digits (256 bits from the operating system's generator).
pub fn new_secret() -> Result<String, ApiError> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::Internal(format!("no randomness: {e}").into()))?;
    Ok(format!("tat_{}", hex::encode(bytes)))
}

/// What the store keeps of a secret.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// RFC 3339 in UTC with a fixed width, so stored instants compare as text.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        // The web app's session cookie stands in for the header, with the same checks on the
        // token it was opened with (plus CSRF checks on state-changing requests).
        if parts.headers.get(AUTHORIZATION).is_none() && crate::web::session::has_cookie(&parts.headers) {
            return crate::web::session::principal(parts, app).await;
        }
        let secret = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer_credentials)
            .ok_or_else(|| {
                ApiError::Unauthorized("send a bearer token in the Authorization header".into())
            })?;
        let stored = tokens::by_digest(&app.db, &digest(secret))
            .await?
            .ok_or_else(|| ApiError::Unauthorized("the token is not valid".into()))?;
        Self::of_token(stored, app)
    }
}

impl Principal {
    /// The caller a stored token describes, if it is neither revoked nor expired and within its
    /// request budget.
    pub fn of_token(stored: tokens::StoredToken, app: &AppState) -> Result<Self, ApiError> {
        if stored.revoked_at.is_some() {
            return Err(ApiError::Unauthorized("the token was revoked".into()));
        }
        if stored.expires_at.as_deref().is_some_and(|at| at <= timestamp(Utc::now()).as_str()) {
            return Err(ApiError::Unauthorized("the token has expired".into()));
        }
        let role = serde_json::from_value(serde_json::Value::String(stored.role.clone())).map_err(|e| {
            ApiError::Internal(format!("token {} has role {}: {e}", stored.name, stored.role).into())
        })?;
        let scope = serde_json::from_str(&stored.scope)
            .map_err(|e| ApiError::Internal(format!("token {} has a bad scope: {e}", stored.name).into()))?;
        app.rate_limiter.check(&stored.name)?;
        Ok(Self { name: stored.name, role, scope })
    }
}

/// The token of `Bearer <token>`; the scheme's name is case-insensitive (RFC 7235 section 2.1).
pub fn bearer_credentials(authorization: &str) -> Option<&str> {
    let (scheme, token) = authorization.trim_start().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

impl Principal {
    /// 403 unless the caller has one of `roles` (admins may do everything).
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if self.role == Role::Admin || roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!("a {} token cannot do this", self.role.as_str())))
        }
    }

    /// Whether the caller sees everything (no scope applies).
    pub fn sees_all(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Manager)
    }

    /// Whether an activity in `countries` under programme `programme_code` is in the scope:
    /// every country in the scope's countries and the programme among its programmes, where
    /// either list is given.
    pub fn covers(&self, countries: &[CountryCode], programme_code: &str) -> bool {
        let scope = &self.scope;
        (scope.countries.is_empty() || countries.iter().all(|c| scope.countries.contains(c)))
            && (scope.programmes.is_empty() || scope.programmes.iter().any(|p| p.as_str() == programme_code))
    }

    /// Whether the caller may read the amounts `donor` gave: everyone but another donor.
    pub fn may_read_money_of(&self, donor: &str) -> bool {
        self.role != Role::Donor || self.donor() == Some(donor)
    }

    /// The donor a donor token reads for.
    pub fn donor(&self) -> Option<&str> {
        (self.role == Role::Donor)
            .then(|| self.scope.donor.as_ref().map(tatrack_domain::values::NonEmptyText::as_str))
            .flatten()
    }
}

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

    fn check(&self, token: &str) -> Result<(), ApiError> {
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
            Err(ApiError::TooManyRequests { retry_after: wait.as_secs().max(1) })
        }
    }
}
