//! The request bodies that name a donor, each resolved to its domain value once the service
//! has found the organisation the donor names.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use tatrack_domain::activity::{Funding, FundingAmendment};
use tatrack_domain::programme::Contribution;
use tatrack_domain::values::{Currency, NonEmptyText, OrganisationId};
use utoipa::ToSchema;

use crate::error::Result;
use crate::service::App;

/// Money a donor puts towards an activity: the donor by `organisation_id`, or by `donor`, a name
/// or alias of a registered organisation (or, for old clients, a name none claims).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingBody {
    /// The funding organisation's id.
    #[serde(default)]
    pub organisation_id: Option<OrganisationId>,
    /// The donor's name or alias. With `organisation_id`, one of that organisation's names (it is
    /// kept as recorded); without, it names the organisation that claims it.
    #[serde(default)]
    pub donor: Option<NonEmptyText>,
    /// A plain decimal string, such as "12000.00": no more decimals than the currency's minor
    /// unit, at most 10000000000000.
    #[serde(with = "tatrack_domain::money::plain_decimal")]
    #[schema(value_type = String, example = "12000.00", pattern = "^[0-9]+(\\.[0-9]+)?$")]
    pub amount: Decimal,
    pub currency: Currency,
}

/// Replaces one standing funding line (donor, amount, currency) of a delivered or reported
/// activity; the donor as for an attribution.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingAmendmentBody {
    pub reason: NonEmptyText,
    /// The line's place in the activity's `funding`, from 0.
    pub line: u32,
    #[serde(default)]
    pub organisation_id: Option<OrganisationId>,
    #[serde(default)]
    pub donor: Option<NonEmptyText>,
    /// A plain decimal string, as for an attribution.
    #[serde(with = "tatrack_domain::money::plain_decimal")]
    #[schema(value_type = String, example = "12000.00", pattern = "^[0-9]+(\\.[0-9]+)?$")]
    pub amount: Decimal,
    pub currency: Currency,
}

/// Money a donor gave a programme; the donor as for an activity's funding.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContributionBody {
    #[serde(default)]
    pub organisation_id: Option<OrganisationId>,
    #[serde(default)]
    pub donor: Option<NonEmptyText>,
    /// A plain decimal string, such as "1500000.00": no more decimals than the currency's minor
    /// unit, at most 10000000000000.
    #[serde(with = "tatrack_domain::money::plain_decimal")]
    #[schema(value_type = String, example = "1500000.00", pattern = "^[0-9]+(\\.[0-9]+)?$")]
    pub amount: Decimal,
    pub currency: Currency,
    pub received_on: NaiveDate,
}

impl FundingBody {
    pub async fn resolve(self, app: &App) -> Result<Funding> {
        let (donor, organisation_id) = app.funder(self.organisation_id, self.donor).await?;
        Ok(Funding { donor, organisation_id, amount: self.amount, currency: self.currency })
    }
}

impl FundingAmendmentBody {
    pub async fn resolve(self, app: &App) -> Result<FundingAmendment> {
        let (donor, organisation_id) = app.funder(self.organisation_id, self.donor).await?;
        Ok(FundingAmendment {
            reason: self.reason,
            line: self.line,
            donor,
            organisation_id,
            amount: self.amount,
            currency: self.currency,
        })
    }
}

impl ContributionBody {
    pub async fn resolve(self, app: &App) -> Result<Contribution> {
        let (donor, organisation_id) = app.funder(self.organisation_id, self.donor).await?;
        Ok(Contribution {
            donor,
            organisation_id,
            amount: self.amount,
            currency: self.currency,
            received_on: self.received_on,
        })
    }
}
