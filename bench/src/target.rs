//! Where commands go: straight onto tatrack's command bus, or over HTTP to a running server.
//! Both take the API's request bodies, so the two paths write the same events.

use std::time::Duration;

use anyhow::{anyhow, bail, ensure, Context as _};
use reqwest::Url;
use serde_json::{from_value, Value};
use tatrack_app::auth::Principal;
use tatrack_app::App;
use tatrack_domain::token::{Role, TokenScope};
use tatrack_domain::ProgrammeCommand;
use tatrack_store::bus::CommandContext;
use tatrack_store::Db;
use uuid::Uuid;

/// Only loopback: the benchmark never drives another machine.
pub fn local_url(text: &str) -> anyhow::Result<Url> {
    let url = Url::parse(text).with_context(|| format!("not a URL: {text}"))?;
    match url.host_str() {
        Some("127.0.0.1" | "localhost" | "[::1]") => Ok(url),
        _ => bail!("only 127.0.0.1 is allowed, not {text}"),
    }
}

/// An SQLite file, or PostgreSQL on 127.0.0.1.
pub fn check_database_url(text: &str) -> anyhow::Result<()> {
    if text.starts_with("sqlite:") {
        return Ok(());
    }
    ensure!(text.starts_with("postgres://") || text.starts_with("postgresql://"), "postgres:// or sqlite://");
    local_url(text).map(|_| ())
}

pub async fn open_store(database_url: &str) -> anyhow::Result<Db> {
    check_database_url(database_url)?;
    let db = Db::connect(database_url).await.context("cannot open the store")?;
    db.migrate().await.context("cannot migrate the store")?;
    Ok(db)
}

/// An HTTP client with the bearer token on every request.
pub fn http_client(token: &str) -> anyhow::Result<reqwest::Client> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::AUTHORIZATION, format!("Bearer {token}").parse()?);
    Ok(reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(64)
        .default_headers(headers)
        .build()?)
}

#[derive(Clone)]
pub enum Target {
    Bus(Box<App>),
    Http { client: reqwest::Client, base: Url },
}

fn principal() -> Principal {
    Principal {
        name: "tatrack-bench".into(),
        role: Role::Admin,
        scope: TokenScope::default(),
        funder: None,
        person: None,
    }
}

/// The context of every command the bench sends: an admin, a new request id each time.
pub fn context() -> CommandContext {
    CommandContext {
        actor: "tatrack-bench".into(),
        role: Role::Admin.as_str().into(),
        request_id: Uuid::new_v4().to_string(),
        ..CommandContext::default()
    }
}

impl Target {
    pub async fn bus(database_url: &str) -> anyhow::Result<Self> {
        Ok(Self::Bus(Box::new(App::new(open_store(database_url).await?))))
    }

    pub fn http(url: &str, token: &str) -> anyhow::Result<Self> {
        Ok(Self::Http { client: http_client(token)?, base: local_url(url)? })
    }

    /// Each method answers the global position of the event it wrote.
    pub async fn register_programme(&self, body: Value) -> anyhow::Result<i64> {
        match self {
            Self::Bus(app) => {
                let landed = app.register_programme(from_value(body)?, &context()).await;
                Ok(landed.map_err(|e| anyhow!("register programme: {e}"))?.position)
            }
            Self::Http { .. } => self.post("/api/v1/programmes", &body).await,
        }
    }

    pub async fn contribution(&self, programme: Uuid, body: Value) -> anyhow::Result<i64> {
        match self {
            Self::Bus(app) => {
                let command = ProgrammeCommand::RecordContribution(from_value(body)?);
                let landed = app
                    .programme_command(
                        tatrack_domain::values::ProgrammeId::new(programme),
                        command,
                        &context(),
                    )
                    .await;
                Ok(landed.map_err(|e| anyhow!("contribution: {e}"))?.position)
            }
            Self::Http { .. } => {
                self.post(&format!("/api/v1/programmes/{programme}/contributions"), &body).await
            }
        }
    }

    pub async fn plan(&self, body: Value) -> anyhow::Result<i64> {
        match self {
            Self::Bus(app) => {
                let landed = app.plan_activity(&principal(), from_value(body)?, &context()).await;
                Ok(landed.map_err(|e| anyhow!("plan: {e}"))?.position)
            }
            Self::Http { .. } => self.post("/api/v1/activities", &body).await,
        }
    }

    /// `step` is the route's last segments: `delivery`, `participants`, `funding/withdrawal`...
    pub async fn activity(&self, id: Uuid, step: &str, body: Value) -> anyhow::Result<i64> {
        match self {
            Self::Bus(app) => {
                let command = tatrack_app::demo::activity_command(step, body)?;
                let landed = app.activity_command(&principal(), id, command, &context()).await;
                Ok(landed.map_err(|e| anyhow!("{step} on {id}: {e}"))?.position)
            }
            Self::Http { .. } => self.post(&format!("/api/v1/activities/{id}/{step}"), &body).await,
        }
    }

    async fn post(&self, path: &str, body: &Value) -> anyhow::Result<i64> {
        let Self::Http { client, base } = self else { bail!("not an HTTP target") };
        let response = client.post(base.join(path)?).json(body).send().await?;
        let status = response.status();
        let answer: Value = response.json().await.unwrap_or_default();
        ensure!(status.is_success(), "POST {path} answered {status}: {answer}");
        answer["position"].as_i64().ok_or_else(|| anyhow!("POST {path}: no position in {answer}"))
    }
}
