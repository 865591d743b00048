//! The store every subcommand opens, and whom the command line acts as.

use anyhow::Context as _;
use tatrack_domain::token::Role;
use tatrack_http::settings::SecretUrl;
use tatrack_store::bus::CommandContext;
use tatrack_store::Db;

/// The store at `database_url`, migrated: what every subcommand but `openapi` starts from.
pub async fn open(database_url: &SecretUrl) -> anyhow::Result<Db> {
    let db = Db::connect(database_url.expose())
        .await
        .with_context(|| format!("cannot open the store at {database_url}"))?;
    db.migrate().await.context("cannot migrate the store")?;
    tatrack_app::organisations::rekey_names(&db).await?;
    Ok(db)
}

/// The CLI acts as an admin named `cli`: whoever runs it already holds the database.
pub fn cli_context() -> CommandContext {
    CommandContext {
        actor: "cli".into(),
        role: Role::Admin.as_str().into(),
        request_id: uuid::Uuid::new_v4().to_string(),
        ..CommandContext::default()
    }
}
