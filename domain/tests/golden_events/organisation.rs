//! The organisation's events: its registration and its correction.

use tatrack_domain::events::organisation::OrganisationCorrected;
use tatrack_domain::events::{OrganisationDetails, OrganisationEvent};
use tatrack_domain::values::{CountryCode, IatiOrgId};
use tatrack_domain::vocabulary::OrganisationType;

use crate::fixture::{assert_decode_as_written, text};

#[test]
fn every_organisation_event_decodes_as_written() {
    let cases = vec![
        (
            "OrganisationRegistered",
            "1.0",
            OrganisationEvent::OrganisationRegistered(OrganisationDetails {
                name: text("European Union"),
                iati_identifier: Some(IatiOrgId::parse("XI-IATI-EC_INTPA").expect("IATI identifier")),
                organisation_type: OrganisationType::Multilateral,
                country: None,
                aliases: vec![text("EU")],
            }),
        ),
        (
            "OrganisationCorrected",
            "1.0",
            OrganisationEvent::OrganisationCorrected(OrganisationCorrected {
                reason: text("The desk records it as USA."),
                details: OrganisationDetails {
                    name: text("United States of America"),
                    iati_identifier: Some(IatiOrgId::parse("US-GOV-1").expect("IATI identifier")),
                    organisation_type: OrganisationType::Government,
                    country: Some(CountryCode::parse("USA").expect("country")),
                    aliases: vec![text("Government of the United States"), text("USA")],
                },
            }),
        ),
    ];
    assert_decode_as_written("Organisation", cases);
}
