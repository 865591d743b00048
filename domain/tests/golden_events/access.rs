//! The events of people and grants: a person as a sign-in described them, the language they
//! chose, a grant to a group and its revocation.

use tatrack_domain::events::access::{AccessGranted, AccessRevoked, Grantee, LanguageChosen, PersonRecorded};
use tatrack_domain::events::token::GrantedScope;
use tatrack_domain::events::{GrantEvent, PersonEvent};
use tatrack_domain::token::Role;
use tatrack_domain::vocabulary::SpokenLanguage;

use crate::fixture::{assert_decode_as_written, country, text};

#[test]
fn every_access_event_decodes_as_written() {
    let person = PersonEvent::PersonRecorded(PersonRecorded {
        issuer: "https://login.example.org/tenant-1/v2.0".into(),
        subject: "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ".into(),
        name: "Amina Kone".into(),
        email: Some("amina@example.org".into()),
    });
    let chosen = PersonEvent::LanguageChosen(LanguageChosen { language: SpokenLanguage::French });
    assert_decode_as_written(
        "Person",
        vec![("PersonRecorded", "1.0", person), ("LanguageChosen", "1.0", chosen)],
    );
    let granted = GrantEvent::AccessGranted(AccessGranted {
        grantee: Grantee::Claim { claim: "groups".into(), value: "tatrack-advisers-bol".into() },
        role: Role::Adviser,
        scope: GrantedScope { countries: vec![country("BOL")], ..GrantedScope::default() },
        reason: text("the Bolivia team records its own activities"),
    });
    let revoked = GrantEvent::AccessRevoked(AccessRevoked { reason: text("left the Bolivia team") });
    assert_decode_as_written(
        "Grant",
        vec![("AccessGranted", "1.0", granted), ("AccessRevoked", "1.0", revoked)],
    );
}
