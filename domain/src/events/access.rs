//! Who may do what, as stored: the people an identity provider signed in, and the grants that
//! give a person (or everyone whose sign-in carries a claim) a role and a scope.

use serde::{Deserialize, Serialize};

use super::token::GrantedScope;
use crate::values::NonEmptyText;
use crate::vocabulary::{Role, SpokenLanguage};

/// A person as their identity provider names them at a sign-in: the issuer and subject are who
/// they are, for good; the name and e-mail are what the provider said that time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRecorded {
    pub issuer: String,
    pub subject: String,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
}

/// The language a person chose to be answered in (problems, file headers, the web app's words)
/// when a request does not ask for another; a later choice supersedes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageChosen {
    pub language: SpokenLanguage,
}

events! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub enum PersonEvent {
        PersonRecorded(PersonRecorded),
        LanguageChosen(LanguageChosen),
    }
}

/// Whom a grant gives its rights.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Grantee {
    /// One person (or machine client), by their provider's issuer and subject.
    Person { issuer: String, subject: String },
    /// Everyone whose sign-in carries `value` in the claim `claim`, such as a group.
    Claim { claim: String, value: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessGranted {
    pub grantee: Grantee,
    pub role: Role,
    #[serde(default)]
    pub scope: GrantedScope,
    pub reason: NonEmptyText,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRevoked {
    pub reason: NonEmptyText,
}

events! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub enum GrantEvent {
        AccessGranted(AccessGranted),
        AccessRevoked(AccessRevoked),
    }
}
