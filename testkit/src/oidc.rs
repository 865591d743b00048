//! A real `OpenID` provider for a test (`tests/oidc/`, oidc-provider on Node, started by
//! `scripts/oidc-provider`), and a server that signs people in with it.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use serde_json::{json, Value};
use tatrack_http::oidc::OidcSettings;

use crate::{Store, TestApp};

/// A free port on 127.0.0.1 (bound and released).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/oidc-provider")
}

/// The provider, stopped when dropped.
pub struct Provider {
    pub port: u16,
    pub issuer: String,
    http: reqwest::Client,
}

impl Provider {
    pub fn start() -> Self {
        let port = free_port();
        let out = Command::new(script())
            .args(["start", &port.to_string()])
            .output()
            .expect("scripts/oidc-provider runs");
        assert!(out.status.success(), "the provider did not start: {}", String::from_utf8_lossy(&out.stderr));
        let issuer = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        Self { port, issuer, http: reqwest::Client::new() }
    }

    /// The settings of a server at `port` signing people in with this provider.
    pub fn settings(&self, port: u16) -> OidcSettings {
        OidcSettings {
            issuer: self.issuer.clone(),
            client_id: "tatrack-web".into(),
            client_secret: "tatrack-web-secret".into(),
            redirect_url: format!("http://127.0.0.1:{port}/auth/oidc/callback"),
            groups_claim: "groups".into(),
            scopes: ["profile", "email", "groups"].map(String::from).to_vec(),
            provider_name: "Test ID".into(),
            audience: Some("tatrack-api".into()),
        }
    }

    /// Signs `login` in at the provider for the authorization request `url`; where the provider
    /// sends the browser back (tatrack's callback with the code and state).
    pub async fn log_in(&self, url: &str, login: &str) -> String {
        let answer: Value = self.post("/test/login", &json!({"url": url, "login": login})).await;
        answer["redirect"].as_str().expect("a redirect").to_owned()
    }

    /// A machine token of `kind` (`valid`, `expired`, `other-audience`, ...).
    pub async fn token(&self, kind: &str) -> String {
        let answer: Value = self
            .http
            .get(format!("{}/test/tokens/{kind}", self.issuer))
            .send()
            .await
            .expect("the provider answers")
            .json()
            .await
            .expect("JSON");
        answer["token"].as_str().expect("a token").to_owned()
    }

    /// `/test/rotate`, `/test/down`, `/test/up`.
    pub async fn control(&self, what: &str) {
        let _: Value = self.post(&format!("/test/{what}"), &json!({})).await;
    }

    async fn post(&self, path: &str, body: &Value) -> Value {
        let response = self
            .http
            .post(format!("{}{path}", self.issuer))
            .json(body)
            .send()
            .await
            .expect("the provider answers");
        assert!(response.status().is_success(), "{path}: {}", response.status());
        response.json().await.unwrap_or(Value::Null)
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = Command::new(script()).args(["stop", &self.port.to_string()]).output();
    }
}

/// A test server on a known port whose people sign in with `provider`.
pub async fn server_with(provider: &Provider, store: Store) -> TestApp {
    let port = free_port();
    let settings = provider.settings(port);
    TestApp::start_with_settings(store, move |s| {
        s.addr = format!("127.0.0.1:{port}").parse().expect("an address");
        s.oidc = Some(settings);
    })
    .await
}
