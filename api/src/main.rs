//! `tatrack`: serve the API, seed the demo data, print the OpenAPI document.

use std::net::SocketAddr;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use tatrack_api::settings::{SecretUrl, Settings, DEFAULT_ADDR, DEFAULT_DATABASE_URL};
use tatrack_api::startup::Application;
use tatrack_api::{demo, openapi, routes, service};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "tatrack", version, about = "Event-sourced tracker of technical-assistance activities")]
struct Cli {
    /// `postgres://...` or `sqlite://...` (an SQLite file is created on first use).
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true, hide_env_values = true)]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the REST API (Swagger UI at /docs).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "TATRACK_ADDR", default_value = DEFAULT_ADDR)]
        addr: SocketAddr,
        /// Seed the demo data set first, if the store is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Write data into the store without serving.
    Seed {
        /// The demo data set drawn from the UNODC report (only into an empty store).
        #[arg(long, required = true)]
        demo: bool,
    },
    /// Print the OpenAPI document the server serves.
    Openapi,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let cli = Cli::parse();
    let database_url = SecretUrl::new(cli.database_url);
    match cli.command {
        Command::Serve { addr, demo } => serve(Settings { database_url, addr }, demo).await,
        Command::Seed { demo: _ } => {
            let settings = Settings { database_url, addr: SocketAddr::from(([127, 0, 0, 1], 0)) };
            let app = Application::build(&settings).await?;
            report_seed(demo::seed_if_empty(app.state()).await?);
            Ok(())
        }
        Command::Openapi => {
            let db = tatrack_projections::Db::connect("sqlite::memory:").await?;
            let (_, spec) = routes::api(service::AppState::new(db));
            print!("{}", openapi::to_pretty_json(&spec)?);
            Ok(())
        }
    }
}

async fn serve(settings: Settings, seed_demo: bool) -> anyhow::Result<()> {
    let app = Application::build(&settings).await?;
    if seed_demo {
        report_seed(demo::seed_if_empty(app.state()).await.context("seeding the demo data failed")?);
    }
    let addr = app.local_addr()?;
    tracing::info!(%addr, store = %settings.database_url, "tatrack serving; Swagger UI at http://{addr}/docs");
    app.run_until(shutdown_signal()).await.context("the server stopped with an error")
}

fn report_seed(seeded: Option<demo::Seeded>) {
    if let Some(s) = seeded {
        tracing::info!(
            programmes = s.programmes,
            activities = s.activities,
            commands = s.commands,
            "seeded the demo data set"
        );
    } else {
        tracing::info!("the store already holds events; demo data not seeded");
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
