//! Tokens as use cases: issuing one (its secret shown once, a donor's scope tied to its
//! organisation) and revoking one, each recorded as events with the token table's row beside
//! them, in one transaction.

use tatrack_domain::token::{CreateToken, Role, TokenCommand};
use tatrack_store::append::Companion;
use tatrack_store::bus::{CommandContext, Landed};
use tatrack_store::tokens;

use crate::auth::{digest, new_secret, timestamp};
use tatrack_i18n::msg;

use crate::error::{Error, Result};
use crate::service::App;

impl App {
    /// Issues a token and returns its secret, the only time it is shown.
    /// A donor token's scope naming its organisation: an id must be registered (422 naming
    /// `scope.organisation`), and gets the organisation's name beside it; a donor name that an
    /// organisation claims gets that organisation's id. A name none claims stays a name.
    pub(crate) async fn scoped_to_organisation(&self, mut create: CreateToken) -> Result<CreateToken> {
        if create.role != Role::Donor {
            return Ok(create);
        }
        let scope = &mut create.scope;
        match (scope.organisation, &scope.donor) {
            (Some(id), _) => {
                let (organisation, _) = self.organisations.load(&id.to_string()).await?;
                let details = organisation.details().ok_or_else(|| {
                    Error::validation(
                        "scope.organisation",
                        msg("problem-no-organisation-with-id").with("id", id.to_string()),
                    )
                })?;
                scope.donor.get_or_insert_with(|| details.name.clone());
            }
            (None, Some(name)) => scope.organisation = self.organisation_named(name.as_str()).await?,
            (None, None) => {}
        }
        Ok(create)
    }

    pub async fn create_token(
        &self,
        name: &str,
        create: CreateToken,
        context: &CommandContext,
    ) -> Result<String> {
        let valid_name = (1..=64).contains(&name.len())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
        if !valid_name {
            return Err(Error::validation("name", msg("problem-token-name-invalid")));
        }
        let create = self.scoped_to_organisation(create).await?;
        let secret = new_secret()?;
        let issue = Companion::IssueToken {
            token: tokens::StoredToken {
                name: name.to_owned(),
                role: create.role.as_str().to_owned(),
                scope: serde_json::to_string(&create.scope).map_err(|e| Error::Internal(Box::new(e)))?,
                created_at: timestamp(chrono::Utc::now()),
                expires_at: create.expires_at.map(timestamp),
                revoked_at: None,
                issued_by: Some(context.actor.clone()),
                language: create.language.map(|language| language.as_str().to_owned()),
            },
            digest: digest(&secret),
        };
        let stream = self.tokens.stream(name).await?;
        let landed =
            self.tokens.execute_with(name, stream, TokenCommand::Create(create), context, &[issue]).await?;
        if landed.replayed {
            // The secret of the first answer is gone; a replay cannot show it again.
            return Err(Error::Conflict {
                kind: crate::problems::ProblemType::TokenExists,
                detail: msg("problem-token-name-exists").with("name", name),
            });
        }
        Ok(secret)
    }

    /// Revokes a token: the revocation is recorded and the token refused, in one transaction.
    pub async fn revoke_token(&self, name: &str, context: &CommandContext) -> Result<Landed> {
        let revoke = Companion::RevokeToken { name: name.to_owned(), at: timestamp(chrono::Utc::now()) };
        let stream = self.tokens.stream(name).await?;
        let landed = self.tokens.execute_with(name, stream, TokenCommand::Revoke, context, &[revoke]).await;
        self.known_tokens.forget(name);
        Ok(landed?)
    }
}
