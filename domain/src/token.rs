//! The `Token` aggregate: the life of an access token (created, revoked), kept in the log so
//! that who could do what, and since when, is part of the audit trail. The secret itself is
//! never in an event.

use chrono::{DateTime, Utc};
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

use crate::bounds::{check_text, ControlCharacter};
use crate::events::EVENT_VERSION;
use crate::values::{CountryCode, NonEmptyText, ProgrammeCode};

/// What a token's holder does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Records activities in the countries and programmes of its scope.
    Adviser,
    /// Reads what one donor funds.
    Donor,
    /// Reads everything, audits.
    Manager,
    /// Manages tokens and programmes; may do everything.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Adviser => "adviser",
            Self::Donor => "donor",
            Self::Manager => "manager",
            Self::Admin => "admin",
        }
    }
}

/// What a token is limited to. Empty lists mean no limit on that dimension.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenScope {
    #[serde(default)]
    pub countries: Vec<CountryCode>,
    #[serde(default)]
    pub programmes: Vec<ProgrammeCode>,
    /// The donor a donor token reads for.
    #[serde(default)]
    pub donor: Option<NonEmptyText>,
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenCommand {
    Create(CreateToken),
    Revoke,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenEvent {
    TokenCreated(CreateToken),
    TokenRevoked,
}

impl DomainEvent for TokenEvent {
    fn event_type(&self) -> String {
        match self {
            Self::TokenCreated(_) => "TokenCreated",
            Self::TokenRevoked => "TokenRevoked",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        EVENT_VERSION.to_owned()
    }
}

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
    #[error("a donor token names the donor it reads for")]
    DonorWithoutName,
    #[error("{0}")]
    Text(#[from] ControlCharacter),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Token {
    created: Option<CreateToken>,
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
                if create.role == Role::Donor && scope.donor.is_none() {
                    return Err(TokenError::DonorWithoutName);
                }
                Ok(vec![TokenEvent::TokenCreated(create)])
            }
        }
    }
}

impl Aggregate for Token {
    const TYPE: &'static str = "Token";
    type Command = TokenCommand;
    type Event = TokenEvent;
    type Error = TokenError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        (): &(),
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let decided = self.decide(command);
        crate::record(self, sink, decided).await
    }

    fn apply(&mut self, event: Self::Event) {
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
        TokenCommand::Create(CreateToken { role, scope, expires_at: None })
    }

    fn saudi_adviser() -> TokenScope {
        TokenScope { countries: vec![CountryCode::parse("SAU").expect("SAU")], ..TokenScope::default() }
    }

    #[test]
    fn creating_a_token_records_token_created() {
        TestFramework::<Token>::with(())
            .given_no_previous_events()
            .when(create(Role::Adviser, saudi_adviser()))
            .then_expect_events(vec![TokenEvent::TokenCreated(CreateToken {
                role: Role::Adviser,
                scope: saudi_adviser(),
                expires_at: None,
            })]);
    }

    #[test]
    fn a_token_name_is_used_once() {
        TestFramework::<Token>::with(())
            .given(vec![TokenEvent::TokenCreated(CreateToken {
                role: Role::Admin,
                scope: TokenScope::default(),
                expires_at: None,
            })])
            .when(create(Role::Manager, TokenScope::default()))
            .then_expect_error(TokenError::AlreadyExists);
    }

    #[test]
    fn revoking_twice_is_refused() {
        TestFramework::<Token>::with(())
            .given(vec![
                TokenEvent::TokenCreated(CreateToken {
                    role: Role::Admin,
                    scope: TokenScope::default(),
                    expires_at: None,
                }),
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
    fn revoking_an_unknown_token_is_refused() {
        TestFramework::<Token>::with(())
            .given_no_previous_events()
            .when(TokenCommand::Revoke)
            .then_expect_error(TokenError::NotFound);
    }
}
