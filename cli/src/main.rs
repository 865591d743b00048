//! `tatrack`: serve the API, seed the demo data, replay, manage tokens, audit the log, publish
//! IATI XML. This file parses the command line and dispatches; each subcommand has its file:
//!
//! - [`args`]: the command line as clap reads it; [`store`]: the store each subcommand opens.
//! - [`serve`]: `serve` and `seed` (the demo data set), and the shutdown signal.
//! - [`replay`]: `replay`, rebuilding the read models; [`replay_until`]: `replay --until`, the
//!   summaries at an instant as CSV.
//! - [`token`]: `token create|list|revoke`.
//! - [`organisation`]: `organisation register|correct|list|migrate`.
//! - [`audit`]: `verify` and `audit export|check|keygen`; [`keys`]: the signed chain's keys.
//! - [`iati`]: `iati export`, and the IATI settings `serve` shares.
//! - [`import`]: `import FILE`, the bulk import of past activities.
//! - [`report`]: `report`, the annual report and its verification.

mod args;
mod audit;
mod iati;
mod import;
mod keys;
mod oidc;
mod organisation;
mod replay;
mod replay_until;
mod report;
mod serve;
mod store;
mod token;

use anyhow::Context as _;
use args::{Cli, Command};
use clap::Parser;
use tatrack_http::settings::{SecretUrl, Settings};
use tatrack_http::state::AppState;
use tatrack_http::{openapi, routes};
use tatrack_store::Db;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    cli.log_format.install();
    let database_url = SecretUrl::new(cli.database_url);
    match cli.command {
        Command::Serve {
            addr,
            demo,
            no_projector,
            read_database_url,
            rate_limit,
            cors_origins,
            ready_max_lag,
            iati,
            oidc,
            chain,
            master_key,
        } => {
            let iati = iati.settings()?;
            let oidc = oidc.settings()?;
            let chain = chain.settings()?;
            let settings = Settings {
                database_url,
                read_database_urls: read_database_url.into_iter().map(SecretUrl::new).collect(),
                addr,
                projector: !no_projector,
                rate_limit,
                cors_origins,
                ready_max_lag,
                iati: if demo { iati.or_demo() } else { iati },
                oidc,
                chain,
                master_key: master_key.source(),
            };
            serve::run(settings, demo).await
        }
        Command::Seed { demo: _ } => serve::seed(database_url).await,
        Command::Replay { until: None, .. } => replay::run(&database_url).await,
        Command::Replay { until: Some(instant), out } => {
            let out = out.context("--out is required with --until")?;
            replay_until::write_summaries(&database_url, instant, &out).await
        }
        Command::Token(command) => token::run(&database_url, command).await,
        Command::Organisation(command) => organisation::run(&database_url, command).await,
        Command::Verify { public_keys } => audit::verify(&database_url, &public_keys).await,
        Command::Audit(command) => audit::run(&database_url, command).await,
        Command::Iati(command) => iati::run(&database_url, command).await,
        Command::Report(args) => report::run(&database_url, args).await,
        Command::Import { file, dry_run, partial, json, problems } => {
            let problems_csv = problems.is_some();
            let options = tatrack_app::import::Options { dry_run, partial, problems_csv };
            import::run(&database_url, &file, options, json, problems.as_deref()).await
        }
        Command::Openapi => {
            let db = Db::connect("sqlite::memory:").await?;
            let (_, spec) = routes::api(AppState::new(db, 0));
            print!("{}", openapi::to_pretty_json(&spec)?);
            Ok(())
        }
    }
}
