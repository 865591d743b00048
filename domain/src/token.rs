//! The `Token` aggregate: the life of an access token (created, revoked), kept in the log so
//! that who could do what, and since when, is part of the audit trail. The secret itself is
//! never in an event.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tatrack_i18n::{msg, Message};

use crate::bounds::{check_text, ControlCharacter};
use crate::events::token::{GrantedScope, TokenCreated};
pub use crate::events::TokenEvent;
use crate::values::{CountryCode, NonEmptyText, OrganisationId, ProgrammeCode};
/// Defined with the other closed lists, which the events import too; named here as well, beside
/// the token it is granted with.
pub use crate::vocabulary::Role;
use crate::vocabulary::SpokenLanguage;

/// What a token is limited to. Empty lists mean no limit on that dimension.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenScope {
    #[serde(default)]
    pub countries: Vec<CountryCode>,
    #[serde(default)]
    pub programmes: Vec<ProgrammeCode>,
    /// The donor a donor token reads for, by name: resolved through the organisations' names
    /// and aliases. Beside `organisation`, the organisation's name when the token was created.
    #[serde(default)]
    pub donor: Option<NonEmptyText>,
    /// The organisation a donor token reads for: it sees that organisation's funding under any
    /// of its names.
    #[serde(default)]
    pub organisation: Option<OrganisationId>,
}

/// In words, as the CLI prints it: "everything", or the countries, programmes and donor it
/// is limited to.
impl std::fmt::Display for TokenScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if !self.countries.is_empty() {
            let codes: Vec<&str> = self.countries.iter().map(CountryCode::as_str).collect();
            parts.push(format!("countries {}", codes.join(", ")));
        }
        if !self.programmes.is_empty() {
            let codes: Vec<&str> = self.programmes.iter().map(ProgrammeCode::as_str).collect();
            parts.push(format!("programmes {}", codes.join(", ")));
        }
        match (&self.organisation, &self.donor) {
            (Some(id), Some(donor)) => parts.push(format!("organisation {id} (\"{donor}\")")),
            (Some(id), None) => parts.push(format!("organisation {id}")),
            (None, Some(donor)) => parts.push(format!("donor \"{donor}\"")),
            (None, None) => {}
        }
        if parts.is_empty() {
            f.write_str("everything")
        } else {
            f.write_str(&parts.join("; "))
        }
    }
}

/// Issues a token; the name is its stream id and the actor name in every event it records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    pub role: Role,
    #[serde(default)]
    pub scope: TokenScope,
    /// After this instant the token is refused.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
    /// The language its answers are in (problems, file headers) unless a request asks for
    /// another with `?lang=`; without one, each request's `Accept-Language` decides.
    #[serde(default)]
    pub language: Option<SpokenLanguage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenCommand {
    Create(CreateToken),
    Revoke,
}

crate::moved_fields!(TokenScope => GrantedScope { countries, programmes, donor, organisation });
crate::moved_fields!(CreateToken => TokenCreated { role, scope: Into::into, expires_at, language });

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("a token with this name already exists")]
    AlreadyExists,
    #[error("no token has this name")]
    NotFound,
    #[error("the token is already revoked")]
    AlreadyRevoked,
    #[error("an adviser token needs at least one country or programme in its scope")]
    AdviserWithoutScope,
    #[error("a donor token names the organisation (or donor) it reads for")]
    DonorWithoutName,
    #[error("{0}")]
    Text(#[from] ControlCharacter),
}

impl TokenError {
    /// The rule as a message to read in the user's language.
    pub fn message(&self) -> Message {
        match self {
            Self::AlreadyExists => msg("problem-token-already-exists"),
            Self::NotFound => msg("problem-token-not-found"),
            Self::AlreadyRevoked => msg("problem-token-already-revoked"),
            Self::AdviserWithoutScope => msg("problem-adviser-token-without-scope"),
            Self::DonorWithoutName => msg("problem-donor-token-without-name"),
            Self::Text(text) => text.message(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Token {
    created: Option<TokenCreated>,
    revoked: bool,
}

impl Token {
    pub fn decide(&self, command: TokenCommand) -> Result<Vec<TokenEvent>, TokenError> {
        match (&self.created, command) {
            (Some(_), TokenCommand::Create(_)) => Err(TokenError::AlreadyExists),
            (None, TokenCommand::Revoke) => Err(TokenError::NotFound),
            (Some(_), TokenCommand::Revoke) if self.revoked => Err(TokenError::AlreadyRevoked),
            (Some(_), TokenCommand::Revoke) => Ok(vec![TokenEvent::TokenRevoked]),
            (None, TokenCommand::Create(create)) => {
                check_text(&create)?;
                let scope = &create.scope;
                if create.role == Role::Adviser && scope.countries.is_empty() && scope.programmes.is_empty() {
                    return Err(TokenError::AdviserWithoutScope);
                }
                if create.role == Role::Donor && scope.donor.is_none() && scope.organisation.is_none() {
                    return Err(TokenError::DonorWithoutName);
                }
                Ok(vec![TokenEvent::TokenCreated(create.into())])
            }
        }
    }
}

crate::aggregate!(Token { TYPE: "Token", Command: TokenCommand, Event: TokenEvent, Error: TokenError });

impl Token {
    /// Folds `event` into the state: cqrs-es's `Aggregate::apply`.
    fn evolve(&mut self, event: TokenEvent) {
        match event {
            TokenEvent::TokenCreated(created) => self.created = Some(created),
            TokenEvent::TokenRevoked => self.revoked = true,
        }
    }
}

#[cfg(test)]
mod tests {
    use cqrs_es::test::TestFramework;

    use super::*;

    fn create(role: Role, scope: TokenScope) -> TokenCommand {
        TokenCommand::Create(CreateToken { role, scope, expires_at: None, language: None })
    }

    fn saudi_adviser() -> TokenScope {
        TokenScope { countries: vec![CountryCode::parse("SAU").expect("SAU")], ..TokenScope::default() }
    }

    #[test]
    fn creating_a_token_records_token_created() {
        TestFramework::<Token>::with(())
            .given_no_previous_events()
            .when(create(Role::Adviser, saudi_adviser()))
            .then_expect_events(vec![TokenEvent::TokenCreated(TokenCreated {
                role: Role::Adviser,
                scope: GrantedScope {
                    countries: vec![CountryCode::parse("SAU").expect("SAU")],
                    ..GrantedScope::default()
                },
                expires_at: None,
                language: None,
            })]);
    }

    #[test]
    fn a_token_name_is_used_once() {
        TestFramework::<Token>::with(())
            .given(vec![TokenEvent::TokenCreated(TokenCreated::from(CreateToken {
                role: Role::Admin,
                scope: TokenScope::default(),
                expires_at: None,
                language: None,
            }))])
            .when(create(Role::Manager, TokenScope::default()))
            .then_expect_error(TokenError::AlreadyExists);
    }

    #[test]
    fn revoking_twice_is_refused() {
        TestFramework::<Token>::with(())
            .given(vec![
                TokenEvent::TokenCreated(TokenCreated::from(CreateToken {
                    role: Role::Admin,
                    scope: TokenScope::default(),
                    expires_at: None,
                    language: None,
                })),
                TokenEvent::TokenRevoked,
            ])
            .when(TokenCommand::Revoke)
            .then_expect_error(TokenError::AlreadyRevoked);
    }

    #[test]
    fn scoped_roles_need_their_scope() {
        TestFramework::<Token>::with(())
            .given_no_previous_events()
            .when(create(Role::Adviser, TokenScope::default()))
            .then_expect_error(TokenError::AdviserWithoutScope);
        TestFramework::<Token>::with(())
            .given_no_previous_events()
            .when(create(Role::Donor, TokenScope::default()))
            .then_expect_error(TokenError::DonorWithoutName);
    }

    #[test]
    fn a_donor_token_scoped_to_an_organisation_records_the_organisation() {
        let organisation = OrganisationId::new(uuid::Uuid::from_u128(7));
        let scope = TokenScope { organisation: Some(organisation), ..TokenScope::default() };
        TestFramework::<Token>::with(())
            .given_no_previous_events()
            .when(create(Role::Donor, scope))
            .then_expect_events(vec![TokenEvent::TokenCreated(TokenCreated {
                role: Role::Donor,
                scope: GrantedScope { organisation: Some(organisation), ..GrantedScope::default() },
                expires_at: None,
                language: None,
            })]);
    }

    #[test]
    fn revoking_an_unknown_token_is_refused() {
        TestFramework::<Token>::with(())
            .given_no_previous_events()
            .when(TokenCommand::Revoke)
            .then_expect_error(TokenError::NotFound);
    }

    #[test]
    fn a_scope_reads_as_what_it_limits() {
        assert_eq!(TokenScope::default().to_string(), "everything");
        assert_eq!(saudi_adviser().to_string(), "countries SAU");
        let donor = TokenScope {
            donor: Some(NonEmptyText::parse("European Union").expect("donor")),
            programmes: vec![ProgrammeCode::parse("GLOACT").expect("code")],
            ..TokenScope::default()
        };
        assert_eq!(donor.to_string(), "programmes GLOACT; donor \"European Union\"");
        let organisation = TokenScope {
            organisation: Some(OrganisationId::new(uuid::Uuid::from_u128(1))),
            ..TokenScope::default()
        };
        assert_eq!(organisation.to_string(), "organisation 00000000-0000-0000-0000-000000000001");
    }
}
