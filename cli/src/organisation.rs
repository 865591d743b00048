//! `tatrack organisation register|correct|list|migrate`: donors and partners, as an admin keeps
//! them, and the migration of donors recorded as free text before organisations existed.

use anyhow::Context as _;
use clap::Subcommand;
use serde_json::{json, Map, Value};
use tatrack_domain::organisation::{CorrectOrganisation, RegisterOrganisation};
use tatrack_http::settings::SecretUrl;
use tatrack_projections::organisations;

use crate::store::cli_context;
use crate::store::open;

#[derive(Subcommand)]
pub enum OrganisationCommand {
    /// Register an organisation and print its id.
    Register {
        /// Its canonical name, as summaries and exports show it.
        #[arg(long)]
        name: String,
        /// The IATI organisation type by name: `government`, `multilateral`, `foundation`,
        /// `private_sector`, `international_ngo`... (the IATI `OrganisationType` codelist).
        #[arg(long = "type")]
        organisation_type: String,
        /// Its IATI organisation identifier, such as XM-DAC-41114.
        #[arg(long)]
        iati: Option<String>,
        /// Where it is based (ISO 3166-1 alpha-3).
        #[arg(long)]
        country: Option<String>,
        /// Another name it goes by; repeat for several.
        #[arg(long = "alias")]
        aliases: Vec<String>,
        /// The id to register it under (a new one when left out).
        #[arg(long)]
        id: Option<uuid::Uuid>,
    },
    /// Correct an organisation, with a reason. Options left out stay as they are.
    Correct {
        id: uuid::Uuid,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long = "type")]
        organisation_type: Option<String>,
        #[arg(long)]
        iati: Option<String>,
        #[arg(long)]
        country: Option<String>,
        /// The whole new list of aliases; repeat for several.
        #[arg(long = "alias")]
        aliases: Vec<String>,
        /// Remove every alias.
        #[arg(long, conflicts_with = "aliases")]
        no_aliases: bool,
    },
    /// List organisations, or those matching --search, as the read models hold them (kept up to
    /// date by a running server; `tatrack replay` brings them up to date without one).
    List {
        #[arg(long)]
        search: Option<String>,
    },
    /// Register an organisation of its own for every donor name recorded without one (funding,
    /// amendments, contributions) that no organisation claims by name or alias (letter case
    /// aside), and print what it found and did. Safe to rerun. Register the donors you know (with
    /// their aliases) first: a name left to this command becomes an organisation of type "other".
    Migrate {
        /// Print what would be registered, and register nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn run(database_url: &SecretUrl, command: OrganisationCommand) -> anyhow::Result<()> {
    let db = open(database_url).await?;
    let app = tatrack_app::App::new(db.clone());
    match command {
        OrganisationCommand::Register { name, organisation_type, iati, country, aliases, id } => {
            let id = id.unwrap_or_else(uuid::Uuid::new_v4);
            let body = json!({"id": id, "name": name, "organisation_type": organisation_type,
                              "iati_identifier": iati, "country": country, "aliases": aliases});
            let register: RegisterOrganisation =
                serde_json::from_value(body).context("a bad organisation")?;
            app.organisation_command(
                register.id,
                tatrack_domain::OrganisationCommand::Register(register),
                &cli_context(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{id}");
        }
        OrganisationCommand::Correct {
            id,
            reason,
            name,
            organisation_type,
            iati,
            country,
            aliases,
            no_aliases,
        } => {
            let mut changes = Map::new();
            let fields = [
                ("name", name),
                ("organisation_type", organisation_type),
                ("iati_identifier", iati),
                ("country", country),
            ];
            for (field, value) in fields {
                if let Some(value) = value {
                    changes.insert(field.to_owned(), Value::String(value));
                }
            }
            if no_aliases || !aliases.is_empty() {
                changes.insert("aliases".to_owned(), json!(aliases));
            }
            let body = json!({"reason": reason, "changes": changes});
            let correct: CorrectOrganisation = serde_json::from_value(body).context("a bad correction")?;
            let id = tatrack_domain::values::OrganisationId::new(id);
            let context = cli_context();
            app.organisation_command(id, tatrack_domain::OrganisationCommand::Correct(correct), &context)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            eprintln!("organisation {id} corrected");
        }
        OrganisationCommand::Migrate { dry_run } => {
            let donors =
                app.migrate_donors(dry_run, &cli_context()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let mut registered = 0;
            for donor in &donors {
                let times =
                    if donor.recorded == 1 { "once".to_owned() } else { format!("{} times", donor.recorded) };
                let what = match (&donor.organisation_id, donor.registered, &donor.looks_like) {
                    (Some(id), true, _) => format!("registered as organisation {id}"),
                    (Some(id), false, _) => format!("already resolves to organisation {id}"),
                    (None, _, Some((id, name))) => format!(
                        "looks like a name of organisation {id} ({name}): left as it is (add it as an alias, or correct the funding)"
                    ),
                    (None, _, None) => "claimed by no organisation: would be registered".to_owned(),
                };
                registered += usize::from(donor.registered);
                println!("\"{}\" (recorded {times}): {what}", donor.name);
            }
            eprintln!(
                "{} donor name(s) recorded without an organisation; {registered} organisation(s) registered{}",
                donors.len(),
                if dry_run { " (dry run)" } else { "" }
            );
        }
        OrganisationCommand::List { search } => {
            for o in organisations::list(&db, search.as_deref()).await? {
                let aliases = o.aliases().join(", ");
                let iati = o.iati_identifier.as_deref().unwrap_or("-");
                println!("{}  {:<20} {:<16} {}  [{aliases}]", o.id, iati, o.organisation_type, o.name);
            }
        }
    }
    db.close().await;
    Ok(())
}
