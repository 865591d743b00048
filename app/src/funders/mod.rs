//! Who gives the money: how a funding line, its amendment or a programme contribution names the
//! donor (by its organisation's id, or by a name or alias), and how the service resolves it to
//! the organisation before the command is decided.
//!
//! - [`bodies`]: the request bodies that name a donor, and their resolution to commands.
//! - [`migration`]: `tatrack organisation migrate`, registering free-text donors.
//!
//! An organisation id must be registered (422 naming `organisation_id`). A name resolves through
//! the names and aliases the organisations claim (letter case aside), so "EU" records the
//! European Union's id. A name no organisation claims is recorded as free text, as before
//! organisations existed (old clients and imports send names); `tatrack organisation migrate`
//! registers such names as organisations of their own.

use tatrack_domain::names::name_key;
use tatrack_domain::values::{NonEmptyText, OrganisationId};
use tatrack_domain::ActivityCommand;

use tatrack_i18n::msg;

use crate::error::{Error, Result};
use crate::service::App;

mod bodies;
mod migration;

pub use bodies::{ContributionBody, FundingAmendmentBody, FundingBody};
use migration::breaks_text_rule;
pub use migration::LegacyDonor;

impl App {
    /// The donor a funding line or contribution names: the name to record and the organisation.
    /// Read from the organisations' own streams and claims, not a read model, so an organisation
    /// registered a moment ago is found.
    pub async fn funder(
        &self,
        organisation_id: Option<OrganisationId>,
        donor: Option<NonEmptyText>,
    ) -> Result<(NonEmptyText, Option<OrganisationId>)> {
        let (id, donor) = match (organisation_id, donor) {
            (Some(id), donor) => (id, donor),
            (None, Some(name)) => match self.organisation_named(name.as_str()).await? {
                Some(id) => (id, Some(name)),
                None => return Ok((name, None)),
            },
            (None, None) => return Err(Error::validation("organisation_id", msg("problem-donor-unnamed"))),
        };
        let (organisation, _) = self.organisations.load(&id.to_string()).await?;
        let details = organisation.details().ok_or_else(|| {
            Error::validation(
                "organisation_id",
                msg("problem-no-organisation-with-id").with("id", id.to_string()),
            )
        })?;
        let Some(name) = donor else { return Ok((details.name.clone(), Some(id))) };
        // The name as the organisation spells it ("EU" for "eu"), so that every reader finds the
        // line under a name the organisation registered.
        let registered = details.names().find(|n| name_key(n.as_str()) == name_key(name.as_str())).cloned();
        match registered {
            Some(registered) => Ok((registered, Some(id))),
            None => Err(Error::validation(
                "donor",
                msg("problem-donor-not-of-organisation")
                    .with("name", name.to_string())
                    .with("id", id.to_string())
                    .with("organisation", details.name.to_string()),
            )),
        }
    }

    /// The organisation that claims `name` (letter case aside), if one does. None claims a name
    /// the text rule refuses (with a NUL, PostgreSQL could not even compare it): the command's
    /// own text rule refuses it, naming its field.
    pub async fn organisation_named(&self, name: &str) -> Result<Option<OrganisationId>> {
        if breaks_text_rule(name) {
            return Ok(None);
        }
        let owner =
            tatrack_store::registry::organisation_claiming(&self.db, &format!("name:{}", name_key(name)))
                .await?;
        Ok(owner.and_then(|id| uuid::Uuid::parse_str(&id).ok()).map(OrganisationId::new))
    }

    /// `command` with the organisation of each donor it names by name only, where one claims it
    /// (an imported row, an old client).
    pub async fn with_organisations(&self, command: ActivityCommand) -> Result<ActivityCommand> {
        Ok(match command {
            ActivityCommand::AttributeFunding(mut funding) if funding.organisation_id.is_none() => {
                (funding.donor, funding.organisation_id) = self.funder(None, Some(funding.donor)).await?;
                ActivityCommand::AttributeFunding(funding)
            }
            ActivityCommand::AmendFunding(mut amendment) if amendment.organisation_id.is_none() => {
                (amendment.donor, amendment.organisation_id) =
                    self.funder(None, Some(amendment.donor)).await?;
                ActivityCommand::AmendFunding(amendment)
            }
            other => other,
        })
    }
}
