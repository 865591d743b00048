//! `tatrack`: serve the API, seed the demo data, print the OpenAPI document.

use std::net::SocketAddr;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use tatrack_api::settings::{SecretUrl, Settings, DEFAULT_ADDR, DEFAULT_DATABASE_URL};
use tatrack_api::startup::Application;
use tatrack_api::{demo, openapi, routes, service};
use tatrack_projections::Db;
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
        /// Serve without projecting (another replica keeps the read models up to date).
        #[arg(long)]
        no_projector: bool,
    },
    /// Write data into the store without serving.
    Seed {
        /// The demo data set drawn from the UNODC report (only into an empty store).
        #[arg(long, required = true)]
        demo: bool,
    },
    /// Rebuild every read model from the event log, beside the live ones, then switch to them.
    /// A running server keeps answering queries throughout.
    Replay,
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
        Command::Serve { addr, demo, no_projector } => {
            serve(Settings { database_url, addr, projector: !no_projector }, demo).await
        }
        Command::Seed { demo: _ } => {
            let settings =
                Settings { database_url, addr: SocketAddr::from(([127, 0, 0, 1], 0)), projector: false };
            let app = Application::build(&settings).await?;
            report_seed(demo::seed_if_empty(app.state()).await?);
            Ok(())
        }
        Command::Replay => replay(&database_url).await,
        Command::Openapi => {
            let db = Db::connect("sqlite::memory:").await?;
            let (_, spec) = routes::api(service::AppState::new(db));
            print!("{}", openapi::to_pretty_json(&spec)?);
            Ok(())
        }
    }
}

async fn replay(database_url: &SecretUrl) -> anyhow::Result<()> {
    let db = Db::connect(database_url.expose())
        .await
        .with_context(|| format!("cannot open the store at {database_url}"))?;
    db.migrate().await.context("cannot migrate the store")?;
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} events  {per_sec}  ETA {eta}  {elapsed}")
            .context("progress bar template")?,
    );
    let report = tatrack_projections::replay::rebuild(&db, |applied, total| {
        bar.set_length(u64::try_from(total).unwrap_or_default());
        bar.set_position(u64::try_from(applied).unwrap_or_default());
    })
    .await
    .context("the replay failed; the live read models are untouched")?;
    bar.finish();
    let seconds = bar.elapsed().as_secs_f64().max(f64::EPSILON);
    #[expect(clippy::cast_precision_loss, reason = "a rate for humans")]
    let rate = report.events as f64 / seconds;
    println!(
        "replayed {} events in {seconds:.2} s ({rate:.0} events/s); read models now at generation {}, position {}",
        report.events, report.generation, report.checkpoint.position
    );
    db.close().await;
    Ok(())
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
