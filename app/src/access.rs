//! People and their rights as use cases: recording who signed in, granting and revoking rights,
//! and the [`Principal`] a person's standing grants make.
//!
//! Each change is recorded as events with its table row beside them, in one transaction, so a
//! revocation counts from the next request on.

use sha2::{Digest, Sha256};
use tatrack_domain::access::{rights, GrantAccess, GrantCommand, PersonCommand, RecordPerson, RevokeAccess};
use tatrack_domain::token::{CreateToken, Role};
use tatrack_domain::vocabulary::SpokenLanguage;
use tatrack_store::append::Companion;
use tatrack_store::bus::{CommandContext, Landed};
use tatrack_store::people::{self, GranteeColumns, StoredGrant, StoredPerson};

use crate::auth::{stored_rights, timestamp, Funder, Principal};
use crate::error::domain_rules::DomainRule;
use crate::error::{Error, Result};
use crate::service::App;

/// The stream of the person `issuer`/`subject`: a digest, as the pair is long and free-form.
pub fn person_stream(issuer: &str, subject: &str) -> String {
    let digest = Sha256::digest(format!("{issuer}\n{subject}").as_bytes());
    format!("person-{}", hex::encode(&digest[..16]))
}

/// A sign-in's claim values, as grants to claims match them: (claim name, value).
pub type ClaimValues = Vec<(String, String)>;

impl App {
    /// Records who signed in when they are new or their provider describes them anew; the
    /// person as recorded.
    pub async fn record_person(
        &self,
        person: RecordPerson,
        context: &CommandContext,
    ) -> Result<StoredPerson> {
        let stream = person_stream(&person.issuer, &person.subject);
        let (state, _) = self.people.load(&stream).await?;
        let command = PersonCommand::Record(person);
        let events = state.decide(command.clone()).map_err(|rule| rule.to_error())?;
        let recorded = match (events.first(), state.recorded()) {
            (Some(tatrack_domain::events::PersonEvent::PersonRecorded(new)), _) | (None, Some(new)) => {
                new.clone()
            }
            _ => return Err(Error::Internal("a sign-in decided something else than a record".into())),
        };
        let row = StoredPerson {
            issuer: recorded.issuer,
            subject: recorded.subject,
            name: recorded.name,
            email: recorded.email,
            recorded_at: timestamp(chrono::Utc::now()),
            language: state.language().map(|language| language.as_str().to_owned()),
        };
        if !events.is_empty() {
            let companion = Companion::RecordPerson(row.clone());
            let envelopes = self.people.stream(&stream).await?;
            self.people.execute_with(&stream, envelopes, command, context, &[companion]).await?;
        }
        Ok(row)
    }

    /// Records the language the person `issuer`/`subject` chose to be answered in; nothing when
    /// it is already their choice.
    pub async fn choose_language(
        &self,
        (issuer, subject): (&str, &str),
        language: SpokenLanguage,
        context: &CommandContext,
    ) -> Result<Landed> {
        let stream = person_stream(issuer, subject);
        let companion = Companion::ChooseLanguage {
            issuer: issuer.to_owned(),
            subject: subject.to_owned(),
            language: language.as_str().to_owned(),
        };
        let envelopes = self.people.stream(&stream).await?;
        let command = PersonCommand::ChooseLanguage(language);
        Ok(self.people.execute_with(&stream, envelopes, command, context, &[companion]).await?)
    }

    /// Grants a role and a scope; a donor's scope names its organisation as a token's does.
    pub async fn grant_access(
        &self,
        id: uuid::Uuid,
        grant: GrantAccess,
        context: &CommandContext,
    ) -> Result<Landed> {
        let scoped = self
            .scoped_to_organisation(CreateToken {
                role: grant.role,
                scope: grant.scope,
                expires_at: None,
                language: None,
            })
            .await?;
        let grant = GrantAccess { scope: scoped.scope, ..grant };
        let row = StoredGrant {
            grant_id: id.to_string(),
            grantee: GranteeColumns::from(&grant.grantee),
            role: grant.role.as_str().to_owned(),
            scope: serde_json::to_string(&grant.scope).map_err(|e| Error::Internal(Box::new(e)))?,
            reason: grant.reason.to_string(),
            granted_by: context.actor.clone(),
            granted_at: timestamp(chrono::Utc::now()),
            revoked_at: None,
        };
        let stream = self.grants.stream(&row.grant_id).await?;
        let companion = Companion::Grant(row.clone());
        Ok(self
            .grants
            .execute_with(&row.grant_id, stream, GrantCommand::Grant(grant), context, &[companion])
            .await?)
    }

    /// Revokes a grant, with a reason.
    pub async fn revoke_access(
        &self,
        id: uuid::Uuid,
        revoke: RevokeAccess,
        context: &CommandContext,
    ) -> Result<Landed> {
        let grant_id = id.to_string();
        let companion =
            Companion::RevokeGrant { grant_id: grant_id.clone(), at: timestamp(chrono::Utc::now()) };
        let stream = self.grants.stream(&grant_id).await?;
        Ok(self
            .grants
            .execute_with(&grant_id, stream, GrantCommand::Revoke(revoke), context, &[companion])
            .await?)
    }
}

impl Principal {
    /// The caller a person (or machine client) is, by their standing grants and the claim
    /// values their sign-in carried; `None` when nothing is granted to them, so they have no
    /// rights. `name` is how events they record name them.
    pub async fn of_person(
        app: &App,
        (issuer, subject): (&str, &str),
        name: &str,
        claims: &[(String, String)],
    ) -> Result<Option<Self>> {
        let stored = people::standing_grants(&app.db, (issuer, subject), claims).await?;
        let grants = stored
            .iter()
            .map(|grant| stored_rights(&format!("grant {}", grant.grant_id), &grant.role, &grant.scope))
            .collect::<Result<Vec<_>>>()?;
        let Some((role, scope)) = rights(&grants) else { return Ok(None) };
        let funder = if role == Role::Donor { Funder::of_scope(&app.db, &scope).await? } else { None };
        Ok(Some(Self {
            name: name.to_owned(),
            role,
            scope,
            funder,
            person: Some((issuer.to_owned(), subject.to_owned())),
        }))
    }
}
