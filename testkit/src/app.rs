//! `TestApp`: a real tatrack server on a free port, against a store of its own.

use std::time::Duration;

use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use tatrack_http::settings::{SecretUrl, Settings};
use tatrack_http::startup::Application;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::bodies::{plan_body, programme_body, unique_code};
use crate::store::{Backend, Store};

/// The IATI organisation identifier test servers publish as.
pub const TEST_IATI_ORG_REF: &str = "XX-TATRACK-TEST";

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

    /// Like [`TestApp::start`], with the settings `adjust` changes (e.g. a rate limit); a server
    /// that projects is handed over once ready (its read models reached the log at start).
    pub async fn start_with_settings(store: Store, adjust: impl FnOnce(&mut Settings)) -> Self {
        let mut projector = true;
        let app = Self::launch(store, |settings| {
            adjust(settings);
            projector = settings.projector;
        })
        .await;
        if projector {
            app.until_ready().await;
        }
        app
    }

    /// Waits until `/readyz` answers 200 (20 s at most).
    pub async fn until_ready(&self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let ready = self.get("/readyz").await;
            if ready.status() == StatusCode::OK {
                return;
            }
            let problem = ready.text().await.unwrap_or_default();
            assert!(std::time::Instant::now() < deadline, "the test server never got ready: {problem}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Starts a server and hands it over at once, ready or not.
    pub async fn launch(store: Store, adjust: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = Settings {
            database_url: SecretUrl::new(store.url.clone()),
            read_database_urls: Vec::new(),
            addr: "127.0.0.1:0".parse().expect("a socket address"),
            projector: true,
            rate_limit: 0,
            cors_origins: Vec::new(),
            ready_max_lag: tatrack_http::settings::DEFAULT_READY_MAX_LAG,
            // Every test server publishes IATI as this (placeholder) organisation.
            iati: tatrack_app::iati::IatiSettings {
                org_ref: Some(TEST_IATI_ORG_REF.to_owned()),
                ..Default::default()
            },
            oidc: None,
            chain: tatrack_http::settings::ChainSettings::default(),
            // One key per store, the same after a restart: what the store's participants need.
            master_key: test_master_key(&store.url),
        };
        adjust(&mut settings);
        let token = issue_admin_token(&store.url).await;
        let app = Application::build(&settings).await.expect("the server builds");
        let address = format!("http://{}", app.local_addr().expect("a bound address"));
        let (shutdown, signal) = oneshot::channel();
        let server = tokio::spawn(app.run_until(async {
            let _ = signal.await;
        }));
        let client = bearer_client(&token, Duration::from_secs(30));
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

    /// Posts each of `bodies` to `path` all at once. Every request not answered 201 must be
    /// refused as a 409 problem of type `conflict`; returns each created body with its answer.
    pub async fn post_at_once(&self, path: &str, bodies: &[Value], conflict: &str) -> Vec<(Value, Value)> {
        let responses = futures::future::join_all(bodies.iter().map(|body| self.post(path, body))).await;
        let mut created = Vec::new();
        for (body, response) in bodies.iter().zip(responses) {
            if response.status() == StatusCode::CREATED {
                let answer: Value = response.json().await.expect("a JSON answer");
                created.push((body.clone(), answer));
            } else {
                assert_problem(response, StatusCode::CONFLICT, conflict).await;
            }
        }
        created
    }

    /// Posts and insists on success; returns the command's answer.
    pub async fn command(&self, path: &str, body: &Value) -> Value {
        self.command_with(path, body, &[]).await
    }

    /// Posts with `headers` and insists on success; returns the command's answer.
    pub async fn command_with(&self, path: &str, body: &Value, headers: &[(&str, &str)]) -> Value {
        let response = self.post_with(path, body, headers).await;
        let status = response.status();
        let answer: Value = response.json().await.expect("a JSON body");
        assert!(status.is_success(), "POST {path} answered {status}: {answer}");
        answer
    }

    /// Sends `steps` (a command and its body) to activity `id` in turn, each insisting on
    /// success; returns the last one's position.
    pub async fn activity_steps(&self, id: Uuid, steps: &[(&str, Value)]) -> i64 {
        let mut last = None;
        for (command, body) in steps {
            let answer = self.command(&format!("/api/v1/activities/{id}/{command}"), body).await;
            last = Some(answer["position"].as_i64().expect("a position"));
        }
        last.expect("at least one step")
    }

    /// A command on activity `id` made conditional on its current version (`If-Match`), as one
    /// naming a funding line or an output by its place must be.
    pub async fn command_at_current_version(&self, id: Uuid, command: &str, body: &Value) -> Value {
        let version = format!("\"{}\"", self.activity(id).await["version"]);
        let path = format!("/api/v1/activities/{id}/{command}");
        self.command_with(&path, body, &[("if-match", &version)]).await
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

    /// The projector's status once `done` holds of it; fails naming `what` after 20 s.
    pub async fn status_until(&self, what: &str, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let status = self.get_json("/api/v1/projections/status").await;
            if done(&status) {
                return status;
            }
            assert!(std::time::Instant::now() < deadline, "never {what}: {status}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The names the organisations list shows once the read models reach `position`; `query`
    /// adds to the list's query string (`&q=...`) or is empty.
    pub async fn organisation_names(&self, query: &str, position: &Value) -> Vec<String> {
        let list = self.get_json(&format!("/api/v1/organisations?min_position={position}{query}")).await;
        list.as_array()
            .expect("a list")
            .iter()
            .map(|o| o["name"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    pub async fn history(&self, id: Uuid) -> Vec<Value> {
        match self.get_json(&format!("/api/v1/activities/{id}/history")).await {
            Value::Array(events) => events,
            other => panic!("history is an array, got {other}"),
        }
    }
}

/// An HTTP client that sends `token` with every request and gives up after `timeout`.
pub fn bearer_client(token: &str, timeout: Duration) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers
        .insert(reqwest::header::AUTHORIZATION, format!("Bearer {token}").parse().expect("a header value"));
    Client::builder().timeout(timeout).default_headers(headers).build().expect("an HTTP client")
}

/// The server refuses to start without an admin; tests issue theirs as the CLI would.
pub async fn issue_admin_token(url: &str) -> String {
    let db = tatrack_store::Db::connect(url).await.expect("the store opens");
    db.migrate().await.expect("the store migrates");
    let app = tatrack_app::App::new(db.clone());
    let context = tatrack_store::bus::CommandContext {
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

/// Asserts a problem answer to the request `case` names, whose `field` is exactly `field`
/// (absent when `None`); returns its body.
pub async fn assert_refused(
    case: &str,
    response: Response,
    status: StatusCode,
    kind: &str,
    field: Option<&str>,
) -> Value {
    eprintln!("case: {case}");
    let problem = assert_problem(response, status, kind).await;
    assert_eq!(problem.get("field").and_then(Value::as_str), field, "{case}: the field of {problem}");
    problem
}

/// The master key of a test store: derived from its URL, so a restarted server opens what the
/// first sealed.
pub fn test_master_key(url: &str) -> tatrack_app::personal::MasterKeySource {
    use sha2::Digest as _;
    let bytes: [u8; 32] = sha2::Sha256::digest(url.as_bytes()).into();
    tatrack_app::personal::MasterKeySource::Value(
        tatrack_app::personal::MasterKey::from_bytes(bytes).to_base64(),
    )
}
