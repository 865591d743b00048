//! `tatrack organisation migrate`: every donor name recorded as free text before organisations
//! existed, registered as an organisation of its own unless one already claims it.

use tatrack_domain::bounds::is_refused_in_text;
use tatrack_domain::names::name_key;
use tatrack_domain::values::{NonEmptyText, OrganisationId};

use tatrack_i18n::msg;

use crate::error::{Error, Result};
use crate::service::App;

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
                        .map_err(|e| Error::validation("donor", e.message()))?,
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
                    return Err(Error::Unavailable(msg("problem-log-unread").with("position", head)));
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
pub(super) fn breaks_text_rule(text: &str) -> bool {
    text.chars().any(is_refused_in_text)
}

/// Whether a name recorded before today's rules can name an organisation: one with a character
/// the text rule refuses, or an invisible one, is listed and left as it is (its registration
/// would be refused).
fn registrable(name: &str) -> bool {
    !breaks_text_rule(name) && tatrack_domain::names::invisible_character(name).is_none()
}
