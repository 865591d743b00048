//! `tatrack`: serve the API, seed the demo data, replay, manage tokens, audit the log, publish
//! IATI XML. Each subcommand lives in `cli/`; this file parses the command line and dispatches.

mod cli;

use anyhow::Context as _;
use clap::Parser;
use cli::{Cli, Command};
use tatrack_api::settings::{SecretUrl, Settings};
use tatrack_api::{openapi, routes, service};
use tatrack_store::Db;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    cli.log_format.install();
    let database_url = SecretUrl::new(cli.database_url);
    match cli.command {
        Command::Serve { addr, demo, no_projector, rate_limit, cors_origins, ready_max_lag, iati } => {
            let iati = iati.settings()?;
            let settings = Settings {
                database_url,
                addr,
                projector: !no_projector,
                rate_limit,
                cors_origins,
                ready_max_lag,
                iati: if demo { iati.or_demo() } else { iati },
            };
            cli::serve::run(settings, demo).await
        }
        Command::Seed { demo: _ } => cli::serve::seed(database_url).await,
        Command::Replay { until: None, .. } => cli::replay::run(&database_url).await,
        Command::Replay { until: Some(instant), out } => {
            let out = out.context("--out is required with --until")?;
            cli::replay_until::write_summaries(&database_url, instant, &out).await
        }
        Command::Token(command) => cli::token::run(&database_url, command).await,
        Command::Organisation(command) => cli::organisation::run(&database_url, command).await,
        Command::Verify => cli::audit::verify(&database_url).await,
        Command::Audit(command) => cli::audit::run(&database_url, command).await,
        Command::Iati(command) => cli::iati::run(&database_url, command).await,
        Command::Report(args) => cli::report::run(&database_url, args).await,
        Command::Import { file, dry_run, partial, json, problems } => {
            let problems_csv = problems.is_some();
            let options = tatrack_api::import::Options { dry_run, partial, problems_csv };
            cli::import::run(&database_url, &file, options, json, problems.as_deref()).await
        }
        Command::Openapi => {
            let db = Db::connect("sqlite::memory:").await?;
            let (_, spec) = routes::api(service::AppState::new(db, 0));
            print!("{}", openapi::to_pretty_json(&spec)?);
            Ok(())
        }
    }
}
