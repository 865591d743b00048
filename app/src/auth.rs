//! Who is calling: bearer tokens, their roles and scopes.
//!
//! A token is 256 random bits shown once; the server keeps only its SHA-256 digest (the secret's
//! entropy makes a slow hash unnecessary). Every request that needs a caller extracts a
//! [`Principal`]; a missing, unknown, revoked or expired token is a 401, a valid token without
//! the right a 403, and a resource outside the caller's scope a 404, as if it did not exist.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use tatrack_domain::names::name_key;
use tatrack_domain::token::{Role, TokenScope};
use tatrack_domain::values::CountryCode;
use tatrack_i18n::msg;
use tatrack_projections::organisations;
use tatrack_store::{tokens, Db};

use crate::error::Error;

/// The caller, as its token describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The token's name: the actor recorded in every event it writes.
    pub name: String,
    pub role: Role,
    pub scope: TokenScope,
    /// For a donor token: the donor it reads for, resolved through the organisations when the
    /// token is presented (so an alias added since counts at once).
    pub funder: Option<Funder>,
    /// A person signed in through the identity provider (or a machine client of it): the
    /// provider's issuer and their subject there. `None` for a token.
    pub person: Option<(String, String)>,
}

/// The donor a donor token reads for, as the organisations resolve it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funder {
    /// The organisation's canonical name; the token's donor name when no organisation claims it.
    pub name: String,
    /// The organisation, when one is registered.
    pub organisation_id: Option<String>,
    /// Every name its funding and contributions may be recorded under: the organisation's
    /// canonical name and aliases, or the token's donor name alone.
    pub names: Vec<String>,
}

impl Funder {
    /// Who `scope` reads for: its organisation (by id), else the organisation whose name or
    /// alias its donor name is, else that name as recorded. `None` without either.
    pub async fn of_scope(db: &Db, scope: &TokenScope) -> Result<Option<Self>, Error> {
        let key = match (&scope.organisation, &scope.donor) {
            (Some(id), _) => id.to_string(),
            (None, Some(name)) => name.as_str().to_owned(),
            (None, None) => return Ok(None),
        };
        let recorded = scope.donor.as_ref().map(|name| name.as_str().to_owned());
        Ok(Some(match organisations::resolve(db, &key).await? {
            Some(found) => Self {
                names: std::iter::once(found.name.clone()).chain(found.aliases()).collect(),
                name: found.name,
                organisation_id: Some(found.id),
            },
            // An organisation not (yet) projected, or a name none claims: the name as recorded.
            None => Self {
                name: recorded.clone().unwrap_or(key),
                organisation_id: scope.organisation.map(|id| id.to_string()),
                names: recorded.into_iter().collect(),
            },
        }))
    }

    /// Whether `donor`, a name as recorded, is one of this donor's (letter case aside).
    pub fn goes_by(&self, donor: &str) -> bool {
        let key = name_key(donor);
        self.names.iter().any(|name| name_key(name) == key)
    }
}

/// A new secret: `tat_` and 64 hex digits (256 bits from the operating system's generator).
pub fn new_secret() -> Result<String, Error> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("no randomness: {e}").into()))?;
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

impl Principal {
    /// The caller a stored token describes, if it is neither revoked nor expired.
    pub async fn of_token(stored: tokens::StoredToken, db: &Db) -> Result<Self, Error> {
        if stored.revoked_at.is_some() {
            return Err(Error::Unauthorized(msg("problem-token-revoked")));
        }
        if stored.expires_at.as_deref().is_some_and(|at| at <= timestamp(Utc::now()).as_str()) {
            return Err(Error::Unauthorized(msg("problem-token-expired")));
        }
        let (role, scope) = stored_rights(&format!("token {}", stored.name), &stored.role, &stored.scope)?;
        let funder = if role == Role::Donor { Funder::of_scope(db, &scope).await? } else { None };
        Ok(Self { name: stored.name, role, scope, funder, person: None })
    }
}

/// The role and scope a token's or a grant's row keeps as text; `row` names it in the error.
pub(crate) fn stored_rights(row: &str, role: &str, scope: &str) -> Result<(Role, TokenScope), Error> {
    let role = serde_json::from_value(serde_json::Value::String(role.to_owned()))
        .map_err(|e| Error::Internal(format!("{row} has role {role}: {e}").into()))?;
    let scope = serde_json::from_str(scope)
        .map_err(|e| Error::Internal(format!("{row} has a bad scope: {e}").into()))?;
    Ok((role, scope))
}

/// The token of `Bearer <token>`; the scheme's name is case-insensitive (RFC 7235 section 2.1).
pub fn bearer_credentials(authorization: &str) -> Option<&str> {
    let (scheme, token) = authorization.trim_start().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

impl Principal {
    /// 403 unless the caller has one of `roles` (admins may do everything).
    pub fn require(&self, roles: &[Role]) -> Result<(), Error> {
        if self.role == Role::Admin || roles.contains(&self.role) {
            Ok(())
        } else {
            // The roles that may, as one key the catalogues select on (`manager-donor-admin`).
            let needed: Vec<&str> = roles.iter().chain([&Role::Admin]).map(|role| role.as_str()).collect();
            Err(Error::Forbidden(
                msg("problem-role-forbidden")
                    .with("role", self.role.as_str())
                    .with("needed", needed.join("-")),
            ))
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

    /// Whether the caller may read the amounts recorded under `donor`: everyone but another
    /// donor (a donor reads its own under any of its names).
    pub fn may_read_money_of(&self, donor: &str) -> bool {
        self.role != Role::Donor || self.funder().is_some_and(|f| f.goes_by(donor))
    }

    /// The donor a donor token reads for, resolved.
    pub fn funder(&self) -> Option<&Funder> {
        (self.role == Role::Donor).then_some(self.funder.as_ref()).flatten()
    }

    /// The name a donor token's donor is shown under (its organisation's canonical name).
    pub fn donor(&self) -> Option<&str> {
        self.funder().map(|f| f.name.as_str())
    }

    /// Every name a donor token's donor goes by, as funding may be recorded under it.
    pub fn donor_names(&self) -> Option<&[String]> {
        self.funder().map(|f| f.names.as_slice())
    }
}
