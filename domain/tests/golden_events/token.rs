//! The token's events: its creation (1.0, 1.1 scoping a donor to an organisation, 1.2 with the
//! language its answers are in) and its revocation.

use chrono::{TimeZone, Utc};
use tatrack_domain::events::token::{GrantedScope, TokenCreated};
use tatrack_domain::token::{Role, TokenEvent};
use tatrack_domain::vocabulary::SpokenLanguage;

use crate::fixture::{assert_decode_as_written, organisation, text};

#[test]
fn every_token_event_decodes_as_written() {
    let cases = vec![
        (
            "TokenCreated",
            "1.0",
            TokenEvent::TokenCreated(TokenCreated {
                role: Role::Donor,
                scope: GrantedScope { donor: Some(text("European Union")), ..GrantedScope::default() },
                expires_at: Some(Utc.with_ymd_and_hms(2027, 12, 31, 0, 0, 0).single().expect("instant")),
                language: None,
            }),
        ),
        (
            "TokenCreated",
            "1.1",
            TokenEvent::TokenCreated(TokenCreated {
                role: Role::Donor,
                scope: GrantedScope {
                    donor: Some(text("European Union")),
                    organisation: Some(organisation("3a1d9c7e-2b4f-4a6c-8e0d-1f3b5d7a9c21")),
                    ..GrantedScope::default()
                },
                expires_at: None,
                language: None,
            }),
        ),
        (
            "TokenCreated",
            "1.2",
            TokenEvent::TokenCreated(TokenCreated {
                role: Role::Manager,
                scope: GrantedScope::default(),
                expires_at: None,
                language: Some(SpokenLanguage::Spanish),
            }),
        ),
        ("TokenRevoked", "1.0", TokenEvent::TokenRevoked),
    ];
    assert_decode_as_written("Token", cases);
}
