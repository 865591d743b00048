//! What happened to an organisation (a donor or partner), as stored.

use serde::{Deserialize, Serialize};

use crate::values::{CountryCode, IatiOrgId, NonEmptyText};
use crate::vocabulary::OrganisationType;

/// Who an organisation is: also the organisation's record. A correction stores the whole of it
/// as it stands after the correction, so a reader needs no earlier event to know the names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationDetails {
    /// The canonical name: what summaries, lists and exports show.
    pub name: NonEmptyText,
    /// Its IATI organisation identifier, when it has one.
    pub iati_identifier: Option<IatiOrgId>,
    pub organisation_type: OrganisationType,
    /// Where it is based (ISO 3166-1 alpha-3), for a national body.
    pub country: Option<CountryCode>,
    /// Other names funding was recorded under ("EU" for "European Union"): each resolves to this
    /// organisation wherever a donor is named.
    pub aliases: Vec<NonEmptyText>,
}

impl OrganisationDetails {
    /// The canonical name, then the aliases.
    pub fn names(&self) -> impl Iterator<Item = &NonEmptyText> {
        std::iter::once(&self.name).chain(&self.aliases)
    }
}

/// A correction of an organisation's details, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationCorrected {
    pub reason: NonEmptyText,
    /// The details as they stand after the correction.
    pub details: OrganisationDetails,
}

events! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub enum OrganisationEvent {
        OrganisationRegistered(OrganisationDetails),
        OrganisationCorrected(OrganisationCorrected),
    }
}
