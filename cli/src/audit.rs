//! `tatrack verify` and `tatrack audit export|check`: the hash chain from the command line.

use anyhow::Context as _;
use clap::Subcommand;
use tatrack_audit as audit;
use tatrack_http::routes;
use tatrack_http::settings::SecretUrl;

use crate::store::open;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Write the linked log with its chain as JSON Lines.
    Export {
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Verify an export on its own; with --live, also that the live log still extends it.
    Check {
        file: std::path::PathBuf,
        #[arg(long)]
        live: bool,
    },
}

pub async fn verify(database_url: &SecretUrl) -> anyhow::Result<()> {
    let db = open(database_url).await?;
    let verification = audit::verify(&db).await?;
    db.close().await;
    report_verification(&verification, "the log")
}

fn report_verification(verification: &audit::Verification, what: &str) -> anyhow::Result<()> {
    match &verification.first_broken {
        None => {
            println!(
                "{what} is intact: {} events linked, head {}",
                verification.count,
                verification.head.as_deref().unwrap_or("(empty)")
            );
            Ok(())
        }
        Some(broken) => anyhow::bail!("{what} is NOT intact: {}", routes::audit::describe_break(broken)),
    }
}

pub async fn run(database_url: &SecretUrl, command: AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Export { to } => {
            let db = open(database_url).await?;
            let file =
                std::fs::File::create(&to).with_context(|| format!("cannot create {}", to.display()))?;
            let mut writer = std::io::BufWriter::new(file);
            let count = audit::export(&db, &mut writer).await?;
            std::io::Write::flush(&mut writer)?;
            db.close().await;
            println!("exported {count} linked events to {}", to.display());
            Ok(())
        }
        AuditCommand::Check { file, live } => {
            let reader = std::io::BufReader::new(
                std::fs::File::open(&file).with_context(|| format!("cannot open {}", file.display()))?,
            );
            let verification = audit::check(reader)?;
            report_verification(&verification, &file.display().to_string())?;
            if live {
                let db = open(database_url).await?;
                let extends = audit::extends(&db, &verification).await?;
                db.close().await;
                anyhow::ensure!(
                    extends,
                    "the live log does NOT extend this export: its chain differs at seq {}",
                    verification.count
                );
                println!("the live log extends this export");
            }
            Ok(())
        }
    }
}
