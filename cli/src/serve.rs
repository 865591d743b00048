//! `tatrack serve` and `tatrack seed`: the server (with the demo data and its tokens on
//! request) until a shutdown signal.

use std::net::SocketAddr;

use anyhow::Context as _;
use tatrack_app::{auth, demo};
use tatrack_http::settings::{SecretUrl, Settings, DEFAULT_READY_MAX_LAG};
use tatrack_http::startup::Application;
use tatrack_store::tokens;

pub async fn run(settings: Settings, seed_demo: bool) -> anyhow::Result<()> {
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

/// `tatrack seed --demo`: the demo data set into an empty store, without serving.
pub async fn seed(database_url: SecretUrl) -> anyhow::Result<()> {
    let settings = Settings {
        database_url,
        read_database_urls: Vec::new(),
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        projector: false,
        rate_limit: 0,
        cors_origins: Vec::new(),
        ready_max_lag: DEFAULT_READY_MAX_LAG,
        iati: tatrack_app::iati::IatiSettings::default(),
        oidc: None,
        chain: tatrack_http::settings::ChainSettings::default(),
        // Seeding writes no participant: a key of its own, forgotten after.
        master_key: tatrack_app::personal::MasterKeySource::Value(
            tatrack_app::personal::MasterKey::random()?.to_base64(),
        ),
    };
    let app = Application::build(&settings).await?;
    report_seed(demo::seed_if_empty(app.state()).await?);
    Ok(())
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
