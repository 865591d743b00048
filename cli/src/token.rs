//! `tatrack token create|list|revoke`: tokens as the first admin issues them.

use clap::Subcommand;
use tatrack_domain::token::{CreateToken, Role, TokenScope};
use tatrack_domain::values::{CountryCode, NonEmptyText, OrganisationId, ProgrammeCode};
use tatrack_domain::vocabulary::SpokenLanguage;
use tatrack_http::settings::SecretUrl;
use tatrack_store::tokens;

use crate::store::{cli_context, open};

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Issue a token and print its secret (shown only this once).
    Create {
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Unique; recorded as the actor of everything the token does.
        #[arg(long)]
        name: String,
        /// An adviser's countries (ISO 3166-1 alpha-3); repeat for several.
        #[arg(long = "country")]
        countries: Vec<String>,
        /// An adviser's programmes (codes); repeat for several.
        #[arg(long = "programme")]
        programmes: Vec<String>,
        /// The organisation a donor token reads for: its id, or a name or alias it goes by. The
        /// token then reads that organisation's funding under every name it goes by.
        #[arg(long)]
        organisation: Option<String>,
        /// A donor token's donor by name, for a donor no organisation is registered for (one
        /// that is gets its organisation's id).
        #[arg(long)]
        donor: Option<String>,
        /// Last day the token works (YYYY-MM-DD, UTC).
        #[arg(long)]
        expires: Option<chrono::NaiveDate>,
        /// The language its answers are in (en, fr or es: problems, file headers) unless a
        /// request asks for another with `?lang=`; without one, each request's Accept-Language.
        #[arg(long, value_parser = parse_language)]
        language: Option<SpokenLanguage>,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token by name.
    Revoke { name: String },
}

fn parse_language(text: &str) -> Result<SpokenLanguage, String> {
    SpokenLanguage::ALL
        .iter()
        .copied()
        .find(|l| l.as_str() == text)
        .ok_or_else(|| "one of en, fr, es".to_owned())
}

fn parse_role(text: &str) -> Result<Role, String> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| "one of adviser, donor, manager, admin".to_owned())
}

pub async fn run(database_url: &SecretUrl, command: TokenCommand) -> anyhow::Result<()> {
    let db = open(database_url).await?;
    let app = tatrack_app::App::new(db.clone());
    match command {
        TokenCommand::Create {
            role,
            name,
            countries,
            programmes,
            organisation,
            donor,
            expires,
            language,
        } => {
            let organisation = match organisation {
                None => None,
                Some(text) => match uuid::Uuid::parse_str(text.trim()) {
                    Ok(id) => Some(OrganisationId::new(id)),
                    Err(_) => Some(
                        app.organisation_named(&text)
                            .await
                            .map_err(|e| anyhow::anyhow!("{e}"))?
                            .ok_or_else(|| anyhow::anyhow!("no organisation goes by the name '{text}'"))?,
                    ),
                },
            };
            let scope = TokenScope {
                countries: countries.iter().map(|c| CountryCode::parse(c)).collect::<Result<_, _>>()?,
                programmes: programmes.iter().map(|p| ProgrammeCode::parse(p)).collect::<Result<_, _>>()?,
                donor: donor.as_deref().map(NonEmptyText::parse).transpose()?,
                organisation,
            };
            let expires_at = expires.and_then(|d| d.and_hms_opt(23, 59, 59)).map(|t| t.and_utc());
            let secret = app
                .create_token(&name, CreateToken { role, scope, expires_at, language }, &cli_context())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{secret}");
            eprintln!("token {name} ({}) issued; this is the only time its secret is shown", role.as_str());
        }
        TokenCommand::List => {
            for t in tokens::list(&db).await? {
                let state = match (&t.revoked_at, &t.expires_at) {
                    (Some(at), _) => format!("revoked {at}"),
                    (None, Some(at)) => format!("expires {at}"),
                    (None, None) => "active".to_owned(),
                };
                println!("{:<24} {:<8} {:<40} {state}", t.name, t.role, t.scope);
            }
        }
        TokenCommand::Revoke { name } => {
            app.revoke_token(&name, &cli_context()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            eprintln!("token {name} revoked");
        }
    }
    db.close().await;
    Ok(())
}
