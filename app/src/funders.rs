//! Who gives the money: the request bodies of funding lines, their amendments and programme
//! contributions, which name the donor by its organisation's id or by a name or alias, and how
//! the service resolves them to the organisation before the command is decided.
//!
//! An organisation id must be registered (422 naming `organisation_id`). A name resolves through
//! the names and aliases the organisations claim (letter case aside), so "EU" records the
//! European Union's id. A name no organisation claims is recorded as free text, as before
//! organisations existed (old clients and imports send names); `tatrack organisation migrate`
//! registers such names as organisations of their own.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use tatrack_domain::activity::{Funding, FundingAmendment};
use tatrack_domain::bounds::is_refused_in_text;
use tatrack_domain::names::name_key;
use tatrack_domain::programme::Contribution;
use tatrack_domain::values::{Currency, NonEmptyText, OrganisationId};
use tatrack_domain::ActivityCommand;
use utoipa::ToSchema;

use crate::error::{Error, Result};
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
            (None, None) => return Err(Error::validation(
                "organisation_id",
                &"name the donor: an organisation's id in organisation_id, or its name or an alias in donor",
            )),
        };
        let (organisation, _) = self.organisations.load(&id.to_string()).await?;
        let details = organisation.details().ok_or_else(|| {
            Error::validation("organisation_id", &format!("no organisation is registered under id {id}"))
        })?;
        let Some(name) = donor else { return Ok((details.name.clone(), Some(id))) };
        // The name as the organisation spells it ("EU" for "eu"), so that every reader finds the
        // line under a name the organisation registered.
        let registered = details.names().find(|n| name_key(n.as_str()) == name_key(name.as_str())).cloned();
        match registered {
            Some(registered) => Ok((registered, Some(id))),
            None => Err(Error::validation(
                "donor",
                &format!("'{name}' is not a name or alias of organisation {id} ({})", details.name),
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

/// A donor name recorded as free text, and what the migration did about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LegacyDonor {
    /// The name as first recorded (other spellings differ in letter case only).
    pub name: String,
    /// How many funding lines, amendments and contributions recorded it without an organisation.
    pub recorded: u64,
    /// The organisation it resolves to: one that already claimed it, or the one registered now.
    pub organisation_id: Option<String>,
    /// Whether the migration registered that organisation (rather than finding it).
    pub registered: bool,
    /// The organisation (id and name) whose name this one imitates, when it was left as it is
    /// for an admin to decide (an alias of that organisation, or a mistake).
    pub looks_like: Option<(String, String)>,
}

/// Under this namespace each legacy name gets the same organisation id on every run and every
/// machine: two migrations racing register one organisation, not two.
const LEGACY_DONORS: uuid::Uuid = uuid::Uuid::from_u128(0x7a7a_c4e5_d0e0_4a11_9b1e_0e9a_11a5_0001);

impl App {
    /// Every donor name recorded in the log without an organisation (funding lines, their
    /// amendments, contributions), and for each the organisation that claims it by name or alias
    /// (letter case aside). Unless `dry_run`, a name none claims becomes an organisation of its
    /// own (type "other", the name as recorded). Safe to rerun: a claimed name is left alone.
    /// Legacy events are not rewritten: readers resolve their names through the new claims.
    pub async fn migrate_donors(
        &self,
        dry_run: bool,
        context: &tatrack_store::bus::CommandContext,
    ) -> Result<Vec<LegacyDonor>> {
        let mut found: std::collections::BTreeMap<String, LegacyDonor> = std::collections::BTreeMap::new();
        for name in self.legacy_donor_names().await? {
            found
                .entry(name_key(&name))
                .or_insert_with(|| LegacyDonor {
                    name,
                    recorded: 0,
                    organisation_id: None,
                    registered: false,
                    looks_like: None,
                })
                .recorded += 1;
        }
        let mut donors = Vec::with_capacity(found.len());
        for (key, mut donor) in found {
            if let Some(owner) = self.organisation_named(&donor.name).await? {
                donor.organisation_id = Some(owner.to_string());
            } else if !dry_run && registrable(&donor.name) {
                let id = OrganisationId::new(uuid::Uuid::new_v5(&LEGACY_DONORS, key.as_bytes()));
                let register = tatrack_domain::organisation::RegisterOrganisation {
                    id,
                    name: NonEmptyText::parse(&donor.name)
                        .map_err(|e| Error::validation("donor", &e.to_string()))?,
                    iati_identifier: None,
                    organisation_type: tatrack_domain::vocabulary::OrganisationType::Other,
                    country: None,
                    aliases: Vec::new(),
                };
                let command = tatrack_domain::OrganisationCommand::Register(register);
                match self.organisation_command(id, command, context).await {
                    Ok(_) => {
                        donor.registered = true;
                        donor.organisation_id = Some(id.to_string());
                    }
                    // A concurrent run registered it under the same id a moment ago.
                    Err(_) if self.organisation_named(&donor.name).await?.is_some() => {
                        donor.organisation_id = Some(id.to_string());
                    }
                    Err(Error::NameTaken { holder, .. }) => {
                        donor.looks_like = Some((holder.id, holder.name));
                    }
                    Err(error) => return Err(error),
                }
            }
            donors.push(donor);
        }
        Ok(donors)
    }

    /// The donor name of every funding line, amendment and contribution recorded without an
    /// organisation, in log order (one entry per event).
    async fn legacy_donor_names(&self) -> Result<Vec<String>> {
        use tatrack_domain::events::activity::ActivityEvent;
        use tatrack_domain::ProgrammeEvent;
        use tatrack_store::log::{committed_after, Checkpoint};
        let mut names = Vec::new();
        // Up to the head as it stands now. On PostgreSQL the log is read below the oldest running
        // transaction (of any database), so a batch can come back empty before the head: each
        // batch reads a fresh snapshot, and an empty one waits a moment.
        let head = tatrack_store::log::head(&self.db).await?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
        let mut checkpoint = Checkpoint::default();
        loop {
            let mut tx = self.db.begin_read().await?;
            let events = committed_after(&mut tx, checkpoint, 5_000).await?;
            tx.commit().await?;
            let Some(last) = events.last() else {
                if checkpoint.position >= head {
                    break;
                }
                if std::time::Instant::now() > deadline {
                    return Err(Error::Unavailable(format!(
                        "the log could not be read up to position {head} within a minute: a transaction is \
                         held open; run the migration again"
                    )));
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            };
            checkpoint = Checkpoint::of(last);
            for event in &events {
                let undecodable = |e: tatrack_domain::events::DecodeError| Error::Internal(Box::new(e));
                let name = match event.event_type.as_str() {
                    "FundingAttributed" | "FundingAmended" => match event
                        .decode::<ActivityEvent>()
                        .map_err(undecodable)?
                    {
                        ActivityEvent::FundingAttributed(f) if f.organisation_id.is_none() => Some(f.donor),
                        ActivityEvent::FundingAmended(a) if a.organisation_id.is_none() => Some(a.donor),
                        _ => None,
                    },
                    "ContributionRecorded" => match event.decode::<ProgrammeEvent>().map_err(undecodable)? {
                        ProgrammeEvent::ContributionRecorded(c) if c.organisation_id.is_none() => {
                            Some(c.donor)
                        }
                        _ => None,
                    },
                    _ => None,
                };
                names.extend(name.map(|n| n.to_string()));
            }
        }
        Ok(names)
    }
}

/// Whether `text` holds a character the text rule refuses (a control character other than tab
/// and newline, or a noncharacter).
fn breaks_text_rule(text: &str) -> bool {
    text.chars().any(is_refused_in_text)
}

/// Whether a name recorded before today's rules can name an organisation: one with a character
/// the text rule refuses, or an invisible one, is listed and left as it is (its registration
/// would be refused).
fn registrable(name: &str) -> bool {
    !breaks_text_rule(name) && tatrack_domain::names::invisible_character(name).is_none()
}
