//! The token's events: its creation (1.0, and 1.1 scoping a donor to an organisation) and its
//! revocation.

use chrono::{TimeZone, Utc};
use tatrack_domain::events::token::{GrantedScope, TokenCreated};
use tatrack_domain::token::{Role, TokenEvent};

use crate::fixture::{decoded, organisation, text};

#[test]
fn token_created_1_0() {
    let event: TokenEvent = decoded("TokenCreated", "1.0", "Token");
    let expected = TokenEvent::TokenCreated(TokenCreated {
        role: Role::Donor,
        scope: GrantedScope { donor: Some(text("European Union")), ..GrantedScope::default() },
        expires_at: Some(Utc.with_ymd_and_hms(2027, 12, 31, 0, 0, 0).single().expect("instant")),
    });
    assert_eq!(event, expected);
}

#[test]
fn token_created_1_1_scopes_a_donor_to_an_organisation() {
    let event: TokenEvent = decoded("TokenCreated", "1.1", "Token");
    let expected = TokenEvent::TokenCreated(TokenCreated {
        role: Role::Donor,
        scope: GrantedScope {
            donor: Some(text("European Union")),
            organisation: Some(organisation("3a1d9c7e-2b4f-4a6c-8e0d-1f3b5d7a9c21")),
            ..GrantedScope::default()
        },
        expires_at: None,
    });
    assert_eq!(event, expected);
}

#[test]
fn token_revoked_1_0() {
    let event: TokenEvent = decoded("TokenRevoked", "1.0", "Token");
    assert_eq!(event, TokenEvent::TokenRevoked);
}
