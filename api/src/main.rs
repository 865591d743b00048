//! `tatrack`: serve the API, seed the demo data, print the OpenAPI document.

use std::net::SocketAddr;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use tatrack_api::commands::CommandContext;
use tatrack_api::settings::{
    LogFormat, SecretUrl, Settings, DEFAULT_ADDR, DEFAULT_DATABASE_URL, DEFAULT_RATE_LIMIT,
    DEFAULT_READY_MAX_LAG,
};
use tatrack_api::startup::Application;
use tatrack_api::{auth, demo, openapi, routes, service};
use tatrack_domain::token::{CreateToken, Role, TokenScope};
use tatrack_domain::values::{CountryCode, NonEmptyText, ProgrammeCode};
use tatrack_projections::Db;
use tatrack_projections::{audit, tokens};

mod audit_csv;

#[derive(Parser)]
#[command(name = "tatrack", version, about = "Event-sourced tracker of technical-assistance activities")]
struct Cli {
    /// `postgres://...` or `sqlite://...` (an SQLite file is created on first use).
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true, hide_env_values = true)]
    database_url: String,
    /// How log lines are written: text, or JSON objects (one a line, with the request id).
    #[arg(long, env = "TATRACK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,
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
        /// Requests per second each token may make (twice that in a burst); 0 turns it off.
        #[arg(long, env = "TATRACK_RATE_LIMIT", default_value_t = DEFAULT_RATE_LIMIT)]
        rate_limit: u32,
        /// Comma-separated origins allowed to call the API from a browser (CORS stays off
        /// when empty).
        #[arg(long, env = "TATRACK_CORS_ORIGINS", value_delimiter = ',')]
        cors_origins: Vec<String>,
        /// /readyz answers 503 once the projector is more than this many events behind the log.
        #[arg(long, env = "TATRACK_READY_MAX_LAG", default_value_t = DEFAULT_READY_MAX_LAG)]
        ready_max_lag: u32,
    },
    /// Write data into the store without serving.
    Seed {
        /// The demo data set drawn from the UNODC report (only into an empty store).
        #[arg(long, required = true)]
        demo: bool,
    },
    /// Rebuild every read model from the event log, beside the live ones, then switch to them.
    /// A running server keeps answering queries throughout. With --until and --out, write the
    /// summaries as they stood at that instant as CSV files instead, changing nothing.
    Replay {
        /// The instant (RFC 3339, e.g. 2019-12-31T23:59:59Z) to replay up to.
        #[arg(long, requires = "out")]
        until: Option<chrono::DateTime<chrono::Utc>>,
        /// Folder for countries.csv, programmes.csv and donors.csv.
        #[arg(long, requires = "until")]
        out: Option<std::path::PathBuf>,
    },
    /// Print the OpenAPI document the server serves.
    Openapi,
    /// Manage access tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Recompute the hash chain over the log; exits non-zero, naming the first broken position,
    /// when an event was altered, removed or inserted.
    Verify,
    /// Offline copies of the log for auditors.
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Subcommand)]
enum AuditCommand {
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

#[derive(Subcommand)]
enum TokenCommand {
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
        /// The donor a donor token reads for.
        #[arg(long)]
        donor: Option<String>,
        /// Last day the token works (YYYY-MM-DD, UTC).
        #[arg(long)]
        expires: Option<chrono::NaiveDate>,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token by name.
    Revoke { name: String },
}

fn parse_role(text: &str) -> Result<Role, String> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| "one of adviser, donor, manager, admin".to_owned())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    cli.log_format.install();
    let database_url = SecretUrl::new(cli.database_url);
    match cli.command {
        Command::Serve { addr, demo, no_projector, rate_limit, cors_origins, ready_max_lag } => {
            let settings = Settings {
                database_url,
                addr,
                projector: !no_projector,
                rate_limit,
                cors_origins,
                ready_max_lag,
            };
            serve(settings, demo).await
        }
        Command::Seed { demo: _ } => {
            let settings = Settings {
                database_url,
                addr: SocketAddr::from(([127, 0, 0, 1], 0)),
                projector: false,
                rate_limit: 0,
                cors_origins: Vec::new(),
                ready_max_lag: DEFAULT_READY_MAX_LAG,
            };
            let app = Application::build(&settings).await?;
            report_seed(demo::seed_if_empty(app.state()).await?);
            Ok(())
        }
        Command::Replay { until: None, .. } => replay(&database_url).await,
        Command::Replay { until: Some(instant), out } => {
            let out = out.context("--out is required with --until")?;
            audit_csv::write_summaries(&database_url, instant, &out).await
        }
        Command::Token(command) => token(&database_url, command).await,
        Command::Verify => verify(&database_url).await,
        Command::Audit(command) => audit_command(&database_url, command).await,
        Command::Openapi => {
            let db = Db::connect("sqlite::memory:").await?;
            let (_, spec) = routes::api(service::AppState::new(db, 0));
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

/// The CLI acts as an admin named `cli`: whoever runs it already holds the database.
fn cli_context() -> CommandContext {
    CommandContext {
        actor: "cli".into(),
        role: Role::Admin.as_str().into(),
        request_id: uuid::Uuid::new_v4().to_string(),
        ..CommandContext::default()
    }
}

async fn token(database_url: &SecretUrl, command: TokenCommand) -> anyhow::Result<()> {
    let db = Db::connect(database_url.expose())
        .await
        .with_context(|| format!("cannot open the store at {database_url}"))?;
    db.migrate().await.context("cannot migrate the store")?;
    let app = service::AppState::new(db.clone(), 0);
    match command {
        TokenCommand::Create { role, name, countries, programmes, donor, expires } => {
            let scope = TokenScope {
                countries: countries.iter().map(|c| CountryCode::parse(c)).collect::<Result<_, _>>()?,
                programmes: programmes.iter().map(|p| ProgrammeCode::parse(p)).collect::<Result<_, _>>()?,
                donor: donor.as_deref().map(NonEmptyText::parse).transpose()?,
            };
            let expires_at = expires.and_then(|d| d.and_hms_opt(23, 59, 59)).map(|t| t.and_utc());
            let secret = app
                .create_token(&name, CreateToken { role, scope, expires_at }, &cli_context())
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

async fn open(database_url: &SecretUrl) -> anyhow::Result<Db> {
    let db = Db::connect(database_url.expose())
        .await
        .with_context(|| format!("cannot open the store at {database_url}"))?;
    db.migrate().await.context("cannot migrate the store")?;
    Ok(db)
}

async fn verify(database_url: &SecretUrl) -> anyhow::Result<()> {
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

async fn audit_command(database_url: &SecretUrl, command: AuditCommand) -> anyhow::Result<()> {
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

async fn serve(settings: Settings, seed_demo: bool) -> anyhow::Result<()> {
    let app = Application::build(&settings).await?;
    if seed_demo {
        report_seed(demo::seed_if_empty(app.state()).await.context("seeding the demo data failed")?);
        println!("Demo tokens (shown once; each `serve --demo` issues new ones):");
        for (role, scope, secret) in
            demo::issue_demo_tokens(app.state()).await.context("issuing demo tokens failed")?
        {
            println!("  {:<8} {secret}  ({scope})", role.as_str());
        }
    } else if !tokens::active_admin_exists(&app.state().db, &auth::timestamp(chrono::Utc::now())).await? {
        anyhow::bail!(
            "no admin token exists, so nobody could manage this server. Create one first:\n  \
             tatrack token create --role admin --name <your-name>\n(or start with --demo for a demo with ready tokens)"
        );
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
