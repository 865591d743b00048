//! `TestApp`: a real tatrack server on a free port, against a store of its own.

use std::time::Duration;

use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use sqlx::Connection;
use tatrack_api::settings::{SecretUrl, Settings};
use tatrack_api::startup::Application;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use uuid::Uuid;

/// Which store a test runs against; every scenario runs on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// The server PostgreSQL tests create their databases on.
fn postgres_admin_url() -> String {
    std::env::var("TATRACK_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh, empty store: a new PostgreSQL database or a new SQLite file.
pub struct Store {
    pub url: String,
    /// Keeps the SQLite file's folder alive for the test's duration.
    _folder: Option<tempfile::TempDir>,
}

impl Store {
    pub async fn fresh(backend: Backend) -> Self {
        match backend {
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let name = format!("tatrack_test_{}", Uuid::new_v4().simple());
                let mut connection =
                    sqlx::PgConnection::connect(&admin).await.expect("PostgreSQL is reachable (see README)");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut connection)
                    .await
                    .expect("create the test database");
                let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
                Self { url: format!("{base}/{name}"), _folder: None }
            }
            Backend::Sqlite => {
                let folder = tempfile::tempdir().expect("a temporary folder");
                let url = format!("sqlite://{}", folder.path().join("tatrack.db").display());
                Self { url, _folder: Some(folder) }
            }
        }
    }
}

impl Store {
    /// Another handle on the same PostgreSQL database, for a second server (a replica).
    pub fn same_database(&self) -> Self {
        assert!(self.url.starts_with("postgres"), "replicas share a PostgreSQL database, not an SQLite file");
        Self { url: self.url.clone(), _folder: None }
    }
}

pub struct TestApp {
    pub address: String,
    /// Sends the admin token with every request.
    pub client: Client,
    /// An admin token issued for this server.
    pub token: String,
    pub store: Store,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::start(Store::fresh(backend).await).await
    }

    /// Starts a server on an existing store, as after a restart.
    pub async fn start(store: Store) -> Self {
        Self::start_with(store, true).await
    }

    /// Starts a server that projects or, with `projector` false, only records commands.
    pub async fn start_with(store: Store, projector: bool) -> Self {
        Self::start_with_settings(store, |settings| settings.projector = projector).await
    }

    /// Like [`TestApp::start`], with the settings `adjust` changes (e.g. a rate limit).
    pub async fn start_with_settings(store: Store, adjust: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = Settings {
            database_url: SecretUrl::new(store.url.clone()),
            addr: "127.0.0.1:0".parse().expect("a socket address"),
            projector: true,
            rate_limit: 0,
            cors_origins: Vec::new(),
            ready_max_lag: tatrack_api::settings::DEFAULT_READY_MAX_LAG,
        };
        adjust(&mut settings);
        let token = issue_admin_token(&store.url).await;
        let app = Application::build(&settings).await.expect("the server builds");
        let address = format!("http://{}", app.local_addr().expect("a bound address"));
        let (shutdown, signal) = oneshot::channel();
        let server = tokio::spawn(app.run_until(async {
            let _ = signal.await;
        }));
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::AUTHORIZATION,
            format!("Bearer {token}").parse().expect("a header value"),
        );
        let client = Client::builder()
            .timeout(Duration::from_secs(30))
            .default_headers(headers)
            .build()
            .expect("an HTTP client");
        Self { address, client, token, store, shutdown: Some(shutdown), server: Some(server) }
    }

    /// Stops the server gracefully and hands back its store.
    pub async fn stop(mut self) -> Store {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("the server task ends").expect("the server stops cleanly");
        }
        self.store
    }

    /// Issues a token over the API with the admin token; returns its secret.
    pub async fn issue_token(&self, body: &Value) -> String {
        let answer = self.command("/api/v1/tokens", body).await;
        answer["token"].as_str().expect("a secret").to_owned()
    }

    /// A request with `token` (or none) instead of the admin token.
    pub async fn request_as(
        &self,
        token: Option<&str>,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Response {
        let mut request = Client::new().request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("the request is answered")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET is answered")
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.expect("a JSON body")
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.post_with(path, body, &[]).await
    }

    pub async fn post_with(&self, path: &str, body: &Value, headers: &[(&str, &str)]) -> Response {
        let mut request = self.client.post(self.url(path)).json(body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("POST is answered")
    }

    /// Posts and insists on success; returns the command's answer.
    pub async fn command(&self, path: &str, body: &Value) -> Value {
        let response = self.post(path, body).await;
        let status = response.status();
        let answer: Value = response.json().await.expect("a JSON body");
        assert!(status.is_success(), "POST {path} answered {status}: {answer}");
        answer
    }

    /// Registers a programme with a unique code and returns its id.
    pub async fn programme(&self) -> Uuid {
        let id = Uuid::new_v4();
        self.command("/api/v1/programmes", &programme_body(id, &unique_code())).await;
        id
    }

    /// Plans the Riyadh workshop under a new id in a new programme; returns the activity id.
    pub async fn planned_activity(&self) -> Uuid {
        let programme = self.programme().await;
        let id = Uuid::new_v4();
        self.command("/api/v1/activities", &plan_body(id, programme)).await;
        id
    }

    pub async fn activity(&self, id: Uuid) -> Value {
        self.get_json(&format!("/api/v1/activities/{id}")).await
    }

    pub async fn history(&self, id: Uuid) -> Vec<Value> {
        match self.get_json(&format!("/api/v1/activities/{id}/history")).await {
            Value::Array(events) => events,
            other => panic!("history is an array, got {other}"),
        }
    }
}

/// The server refuses to start without an admin; tests issue theirs as the CLI would.
async fn issue_admin_token(url: &str) -> String {
    let db = tatrack_projections::Db::connect(url).await.expect("the store opens");
    db.migrate().await.expect("the store migrates");
    let app = tatrack_api::service::AppState::new(db.clone(), 0);
    let context = tatrack_api::commands::CommandContext {
        actor: "test-setup".into(),
        role: "admin".into(),
        request_id: Uuid::new_v4().to_string(),
        ..Default::default()
    };
    let name = format!("test-admin-{}", Uuid::new_v4().simple());
    let create = serde_json::from_value(json!({"role": "admin"})).expect("a token request");
    let secret = app.create_token(&name, create, &context).await.expect("an admin token");
    db.close().await;
    secret
}

pub fn unique_code() -> String {
    format!("P{}", &Uuid::new_v4().simple().to_string()[..12].to_uppercase())
}

pub fn programme_body(id: Uuid, code: &str) -> Value {
    json!({
        "id": id, "code": code, "name": "Global Firearms Programme", "thematic_area": "firearms",
        "start": "2011-01-01", "end": null
    })
}

/// The mutual legal assistance workshop in Riyadh, 20 to 24 October 2019.
pub fn plan_body(id: Uuid, programme: Uuid) -> Value {
    json!({
        "id": id, "programme_id": programme, "kind": "workshop",
        "title": "Mutual legal assistance workshop", "countries": ["SAU"], "location": "Riyadh",
        "planned_start": "2019-10-20", "planned_end": "2019-10-24",
        "description": "Enhancing the effectiveness of mutual legal assistance mechanisms"
    })
}

pub fn delivery_body() -> Value {
    json!({"start": "2019-10-20", "end": "2019-10-24", "mode": "in_person"})
}

pub fn participants_body(female: i64, male: i64) -> Value {
    json!({"female": female, "male": male, "other_or_undisclosed": 0,
           "by_institution": {"prosecutors": 10}, "by_country": null})
}

/// Asserts an RFC 9457 problem answer and returns its body.
pub async fn assert_problem(response: Response, status: StatusCode, kind: &str) -> Value {
    let actual = response.status();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let body: Value = response.json().await.expect("a JSON problem body");
    assert_eq!(actual, status, "status of {body}");
    assert_eq!(content_type, "application/problem+json", "content type of {body}");
    assert_eq!(body["type"], kind, "problem type of {body}");
    assert_eq!(body["status"], status.as_u16(), "problem status of {body}");
    assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()), "a human detail in {body}");
    body
}

/// Declares each scenario once per backend: `mod postgres { fn x() }` and `mod sqlite { fn x() }`.
#[macro_export]
macro_rules! on_both_backends {
    ($($scenario:ident),+ $(,)?) => {
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    super::$scenario($crate::helpers::Backend::Postgres).await;
                }
            )+
        }
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    super::$scenario($crate::helpers::Backend::Sqlite).await;
                }
            )+
        }
    };
}
