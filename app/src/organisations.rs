//! Registering and correcting organisations. A command claims the organisation's names (each by
//! its key and by what it looks like, `tatrack_domain::names`) and its IATI identifier in the
//! transaction that appends its event, so two organisations never hold one name, however many
//! writers race. A claim another organisation holds refuses the command with a 409 that names
//! that organisation and the field of the request that made the claim.

use anyhow::Context as _;
use tatrack_domain::events::organisation::OrganisationCorrected;
use tatrack_domain::events::OrganisationEvent;
use tatrack_domain::organisation::name_claims;
use tatrack_domain::values::OrganisationId;
use tatrack_domain::{OrganisationCommand, OrganisationError};
use tatrack_i18n::msg;
use tatrack_store::append::{AppendError, Companion};
use tatrack_store::bus::{fold, CommandContext, CommandError, Landed, MAX_ATTEMPTS};

use crate::error::{Error, NameHolder, Result};
use crate::service::App;

impl App {
    /// Registers or corrects an organisation, claiming its names and IATI identifier in the
    /// transaction that appends the event. The claims follow from the decision, so the version
    /// decided on is pinned; without `If-Match`, a concurrent write sends it round again.
    pub async fn organisation_command(
        &self,
        id: OrganisationId,
        command: OrganisationCommand,
        context: &CommandContext,
    ) -> Result<Landed> {
        let key = id.to_string();
        let context = match &command {
            OrganisationCommand::Correct(correct) => {
                CommandContext { reason: Some(correct.reason.to_string()), ..context.clone() }
            }
            OrganisationCommand::Register(_) => context.clone(),
        };
        for _ in 0..MAX_ATTEMPTS {
            let stream = self.organisations.stream(&key).await?;
            let (organisation, version) = fold(stream.clone());
            // A refused command is refused again by the bus, which answers it; a retried one
            // finds its first answer there too.
            let claims = match organisation
                .decide(command.clone())
                .ok()
                .and_then(|events| events.into_iter().last())
            {
                Some(
                    OrganisationEvent::OrganisationRegistered(details)
                    | OrganisationEvent::OrganisationCorrected(OrganisationCorrected { details, .. }),
                ) => details.claims(),
                None => Vec::new(),
            };
            let claim = [Companion::ClaimOrganisation { organisation_id: key.clone(), claims }];
            let pinned = CommandContext {
                expected_version: context.expected_version.or(Some(version)),
                ..context.clone()
            };
            match self.organisations.execute_with(&key, stream, command.clone(), &pinned, &claim).await {
                Err(CommandError::VersionMismatch { .. }) if context.expected_version.is_none() => {}
                Err(CommandError::Refused(AppendError::OrganisationClaimTaken { claim, owner })) => {
                    return Err(self.claim_taken(&command, &claim, &owner).await);
                }
                landed => return Ok(landed?),
            }
        }
        Err(CommandError::<OrganisationError>::Contention.into())
    }

    /// The 409 for `claim`, which organisation `owner` holds: that organisation by id and name,
    /// which of its names the command's name is a spelling or a look-alike of, and the field.
    async fn claim_taken(&self, command: &OrganisationCommand, claim: &str, owner: &str) -> Error {
        let details = match self.organisations.load(owner).await {
            Ok((organisation, _)) => organisation.details().cloned(),
            Err(error) => return error.into(),
        };
        let holder = NameHolder {
            id: owner.to_owned(),
            name: details.as_ref().map_or_else(|| owner.to_owned(), |d| d.name.to_string()),
        };
        if let Some(identifier) = claim.strip_prefix("iati:") {
            let field = match command {
                OrganisationCommand::Register(_) => "iati_identifier",
                OrganisationCommand::Correct(_) => "changes.iati_identifier",
            };
            let detail = msg("problem-iati-identifier-taken")
                .with("identifier", identifier)
                .with("id", holder.id.as_str())
                .with("holder", holder.name.as_str());
            return Error::NameTaken { field: Some(field.to_owned()), detail, holder };
        }
        let holds = |name: &str| name_claims(name).iter().any(|c| c == claim);
        let held = details
            .as_ref()
            .and_then(|d| d.names().find(|n| holds(n.as_str())).map(ToString::to_string))
            .unwrap_or_else(|| holder.name.clone());
        let given = named_in(command).into_iter().find(|(_, name)| holds(name));
        // The key the catalogues select the verb on: the same name spelt otherwise, or a look-alike.
        let how = if claim.starts_with("name:") { "spelling" } else { "look" };
        let detail = match &given {
            Some((_, name)) => msg("problem-name-taken").with("name", name.as_str()),
            // A name the correction keeps, which an older key did not find taken.
            None => msg("problem-kept-name-taken"),
        }
        .with("how", how)
        .with("held", held)
        .with("id", holder.id.as_str())
        .with("holder", holder.name.as_str());
        Error::NameTaken { field: given.map(|(field, _)| field), detail, holder }
    }
}

/// Each name `command` gives, with its path in the request body.
fn named_in(command: &OrganisationCommand) -> Vec<(String, String)> {
    let (prefix, name, aliases) = match command {
        OrganisationCommand::Register(register) => ("", Some(&register.name), Some(&register.aliases)),
        OrganisationCommand::Correct(correct) => {
            ("changes.", correct.changes.name.as_ref(), correct.changes.aliases.as_ref())
        }
    };
    let name = name.map(|name| (format!("{prefix}name"), name.to_string()));
    let aliases = aliases.into_iter().flatten().enumerate();
    name.into_iter()
        .chain(aliases.map(|(at, alias)| (format!("{prefix}aliases[{at}]"), alias.to_string())))
        .collect()
}

/// Brings the organisations' claims and read-model names to today's name keys, before any
/// command claims a name (after an upgrade only; otherwise one read of the organisations). Names
/// that became one are logged: an admin corrects one of the organisations.
pub async fn rekey_names(db: &tatrack_store::Db) -> anyhow::Result<()> {
    let rekeyed = tatrack_projections::organisation_keys::rekey(db)
        .await
        .context("cannot bring the organisations' name keys up to date")?;
    if rekeyed.names_rewritten {
        tracing::info!("organisation names rekeyed in the active read models");
    }
    for collision in &rekeyed.collisions {
        tracing::warn!(
            claim = %collision.claim, kept_by = %collision.kept_by, lost_by = %collision.lost_by,
            "two organisations go by one name under today's keys: correct one of them"
        );
    }
    Ok(())
}
