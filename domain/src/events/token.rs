//! What happened to an access token, as stored. The secret itself is never in an event.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::values::{CountryCode, NonEmptyText, OrganisationId, ProgrammeCode};
use crate::vocabulary::{Role, SpokenLanguage};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenCreated {
    pub role: Role,
    #[serde(default)]
    pub scope: GrantedScope,
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
    /// Since 1.2: the language the token's answers are in unless a request asks for another.
    #[serde(default)]
    pub language: Option<SpokenLanguage>,
}

/// What the token was limited to; empty lists mean no limit on that dimension.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantedScope {
    #[serde(default)]
    pub countries: Vec<CountryCode>,
    #[serde(default)]
    pub programmes: Vec<ProgrammeCode>,
    /// A donor token's donor by name (1.0 tokens, and shown beside the organisation since 1.1).
    #[serde(default)]
    pub donor: Option<NonEmptyText>,
    /// Since 1.1: the organisation a donor token reads for.
    #[serde(default)]
    pub organisation: Option<OrganisationId>,
}

events! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub enum TokenEvent {
        TokenCreated(TokenCreated),
        TokenRevoked,
    }
}
