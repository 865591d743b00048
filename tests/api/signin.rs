//! Signing in with the organisation's identity provider, against a real `OpenID` provider
//! (`tests/oidc/`, oidc-provider) on 127.0.0.1: people get exactly the rights their grants say,
//! every event they record names them, and each bad answer or token is refused with nothing
//! granted.

use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::oidc::{server_with, Provider};
use tatrack_testkit::{assert_problem, plan_body, Backend, Store, TestApp};

tatrack_testkit::on_both_backends!(
    people_sign_in_get_their_grants_and_are_named_in_what_they_record,
    bad_answers_and_tokens_are_refused_and_grant_nothing,
);

/// A browser of its own: no redirects followed, the session cookie kept by hand.
pub(crate) struct Browser {
    client: reqwest::Client,
    cookie: Option<String>,
    csrf: Option<String>,
}

impl Browser {
    pub(crate) fn new() -> Self {
        let client =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("a client");
        Self { client, cookie: None, csrf: None }
    }

    pub(crate) async fn request(
        &self,
        app: &TestApp,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> reqwest::Response {
        let mut request = self.client.request(method, app.url(path));
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, cookie);
        }
        if let Some(csrf) = &self.csrf {
            request = request.header("x-csrf-token", csrf);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("the server answers")
    }

    /// Signs `login` in through the provider; the callback's answer.
    pub(crate) async fn sign_in(
        &mut self,
        app: &TestApp,
        provider: &Provider,
        login: &str,
    ) -> reqwest::Response {
        let url = authorization_url(app).await;
        let back = provider.log_in(&url, login).await;
        self.callback(app, &back).await
    }

    /// Follows the provider's redirect back to tatrack, keeping the cookie it sets.
    async fn callback(&mut self, app: &TestApp, back: &str) -> reqwest::Response {
        let path =
            back.split_once("/auth/").map(|(_, rest)| format!("/auth/{rest}")).expect("a callback URL");
        let answer = self.request(app, Method::GET, &path, None).await;
        if let Some(set) = answer.headers().get(SET_COOKIE).and_then(|v| v.to_str().ok()) {
            self.cookie = set.split(';').next().map(str::to_owned);
            let session: Value = self
                .request(app, Method::GET, "/api/v1/session", None)
                .await
                .json()
                .await
                .expect("a session");
            self.csrf = session["csrf_token"].as_str().map(str::to_owned);
        }
        answer
    }
}

/// A new sign-in's authorization URL, as the server hands it to a script.
async fn authorization_url(app: &TestApp) -> String {
    let start = app.get_json("/auth/oidc/login").await;
    start["authorization_url"].as_str().expect("an authorization URL").to_owned()
}

pub(crate) async fn grant(app: &TestApp, grantee: Value, role: &str, scope: Value) -> Uuid {
    let id = Uuid::new_v4();
    let body =
        json!({"id": id, "grantee": grantee, "role": role, "scope": scope, "reason": "a test needs it"});
    app.command("/api/v1/grants", &body).await;
    id
}

async fn people_sign_in_get_their_grants_and_are_named_in_what_they_record(backend: Backend) {
    // Arrange
    let provider = Provider::start();
    let app = server_with(&provider, Store::fresh(backend).await).await;
    let issuer = provider.issuer.clone();
    let advisers = grant(
        &app,
        json!({"kind": "claim", "claim": "groups", "value": "tatrack-advisers-bol"}),
        "adviser",
        json!({"countries": ["BOL"]}),
    )
    .await;
    grant(&app, json!({"kind": "person", "issuer": issuer, "subject": "lead"}), "manager", json!({})).await;
    let programme = app.programme().await;

    // Act: Amina signs in through the provider's login page.
    let mut amina = Browser::new();
    let landed = amina.sign_in(&app, &provider, "amina").await;

    // Assert: the adviser her group's grant makes her, named as the provider names her.
    assert_eq!(landed.status(), StatusCode::SEE_OTHER);
    assert_eq!(landed.headers()["location"], "/#/");
    let session: Value =
        amina.request(&app, Method::GET, "/api/v1/session", None).await.json().await.expect("JSON");
    assert_eq!(session["role"], "adviser", "{session}");
    assert_eq!(session["scope"]["countries"], json!(["BOL"]));
    assert_eq!(session["person"]["name"], "Amina Kone");
    assert_eq!(session["person"]["email"], "amina@example.org");
    assert_eq!(session["person"]["subject"], "amina");

    // What she records names her: history, the audit feed and its filter, the audit export.
    let id = Uuid::new_v4();
    let mut plan = plan_body(id, programme);
    plan["countries"] = json!(["BOL"]);
    let planned = amina.request(&app, Method::POST, "/api/v1/activities", Some(&plan)).await;
    assert_eq!(planned.status(), StatusCode::CREATED, "{}", planned.text().await.unwrap_or_default());
    let outside = Uuid::new_v4();
    let mut elsewhere = plan_body(outside, programme);
    elsewhere["countries"] = json!(["PER"]);
    let refused = amina.request(&app, Method::POST, "/api/v1/activities", Some(&elsewhere)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "Peru is outside her grant");
    let history = app.history(id).await;
    assert_eq!(history[0]["actor"], "Amina Kone", "{}", history[0]);
    // The feed shows what the projector has linked into the hash chain.
    app.status_until("caught up", |status| status["lag"] == 0).await;
    let feed = app.get_json("/api/v1/audit/events?actor=Amina%20Kone").await;
    let mine: Vec<&Value> = feed["items"].as_array().expect("items").iter().collect();
    assert!(mine.iter().any(|e| e["aggregate_id"] == id.to_string()), "{feed}");
    for event in &mine {
        assert_eq!(event["metadata"]["person_issuer"], issuer.as_str());
        assert_eq!(event["metadata"]["person_subject"], "amina");
    }
    let export =
        app.get("/api/v1/audit/events?actor=Amina%20Kone&format=csv").await.text().await.expect("CSV");
    assert!(export.contains("Amina Kone") && export.contains(&id.to_string()), "{export}");
    // The hash chain still verifies with the people's and grants' events in it.
    let verified = app.get_json("/api/v1/audit/verify").await;
    assert_eq!(verified["intact"], true, "{verified}");
    let people = app.get_json("/api/v1/people").await;
    assert!(people.as_array().expect("people").iter().any(|p| p["name"] == "Amina Kone"), "{people}");

    // Someone nobody granted anything signs in, and may do nothing.
    let mut nobody = Browser::new();
    assert_eq!(nobody.sign_in(&app, &provider, "nobody").await.status(), StatusCode::SEE_OTHER);
    let session: Value =
        nobody.request(&app, Method::GET, "/api/v1/session", None).await.json().await.expect("JSON");
    assert_eq!(session["role"], Value::Null, "{session}");
    let denied = nobody.request(&app, Method::GET, "/api/v1/activities", None).await;
    let problem = assert_problem(denied, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("No Body")), "{problem}");

    // The provider goes down: sign-in says so; the sessions already open keep working.
    provider.control("down").await;
    let down = app.get("/auth/oidc/login").await;
    assert_problem(down, StatusCode::SERVICE_UNAVAILABLE, "/problems/unavailable").await;
    let still = amina.request(&app, Method::GET, "/api/v1/activities", None).await;
    assert_eq!(still.status(), StatusCode::OK);
    provider.control("up").await;

    // A revoked grant counts no more, at once.
    app.command(&format!("/api/v1/grants/{advisers}/revocation"), &json!({"reason": "left the team"})).await;
    let revoked = amina.request(&app, Method::GET, "/api/v1/activities", None).await;
    assert_eq!(revoked.status(), StatusCode::FORBIDDEN);
    let grants = app.get_json("/api/v1/grants").await;
    assert!(grants
        .as_array()
        .expect("grants")
        .iter()
        .any(|g| g["id"] == advisers.to_string() && g["revoked_at"].is_string()));

    // Signing out ends the session here and offers the provider's own sign-out.
    let mut lead = Browser::new();
    lead.sign_in(&app, &provider, "lead").await;
    let out: Value =
        lead.request(&app, Method::DELETE, "/api/v1/session", None).await.json().await.expect("JSON");
    let logout = out["provider_logout_url"].as_str().expect("the provider's sign-out");
    assert!(logout.starts_with(&format!("{issuer}/")) && logout.contains("id_token_hint="), "{logout}");
    let after = lead.request(&app, Method::GET, "/api/v1/activities", None).await;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

async fn bad_answers_and_tokens_are_refused_and_grant_nothing(backend: Backend) {
    // Arrange
    let provider = Provider::start();
    let app = server_with(&provider, Store::fresh(backend).await).await;
    let issuer = provider.issuer.clone();
    grant(
        &app,
        json!({"kind": "person", "issuer": issuer, "subject": "tatrack-machine"}),
        "manager",
        json!({}),
    )
    .await;
    grant(&app, json!({"kind": "person", "issuer": issuer, "subject": "amina"}), "manager", json!({})).await;

    // A replayed state: the second use of the same answer is refused.
    let url = authorization_url(&app).await;
    let back = provider.log_in(&url, "amina").await;
    let mut first = Browser::new();
    assert_eq!(first.callback(&app, &back).await.status(), StatusCode::SEE_OTHER);
    let mut replay = Browser::new();
    let again = replay.callback(&app, &back).await;
    let problem = assert_problem(again, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
    assert_eq!(problem["field"], "state", "{problem}");
    assert!(replay.cookie.is_none(), "no session for a replay");

    // A nonce other than the one the sign-in was started with.
    let url = authorization_url(&app).await;
    let (head, tail) = url.split_once("nonce=").expect("a nonce");
    let rest = tail.split_once('&').map(|(_, r)| format!("&{r}")).unwrap_or_default();
    let tampered = format!("{head}nonce=not-the-one-we-sent{rest}");
    let back = provider.log_in(&tampered, "amina").await;
    let mut wrong = Browser::new();
    let refused = wrong.callback(&app, &back).await;
    let problem = assert_problem(refused, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("nonce")), "{problem}");
    assert!(wrong.cookie.is_none(), "no session for a wrong nonce");

    // Machine clients: a good access token reads; every bad one is a 401.
    let valid = provider.token("valid").await;
    assert_eq!(bearer(&app, valid.clone()).await.status(), StatusCode::OK);
    for kind in [
        "expired",
        "other-audience",
        "bad-signature",
        "alg-none",
        "unknown-key",
        "hmac-public-key",
        "other-issuer",
    ] {
        let answer = bearer(&app, provider.token(kind).await).await;
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "{kind}");
    }

    // The provider rotates its keys: a token of the new key is read (the keys are read anew),
    // one of the key it no longer lists is refused.
    provider.control("rotate").await;
    assert_eq!(bearer(&app, provider.token("valid").await).await.status(), StatusCode::OK);
    assert_eq!(bearer(&app, valid).await.status(), StatusCode::UNAUTHORIZED);

    // The provider's own refusal comes back as one, with no session.
    let mut cancelled = Browser::new();
    let answer =
        cancelled.callback(&app, "http://x/auth/oidc/callback?error=access_denied&state=whatever").await;
    assert_problem(answer, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
    assert!(cancelled.cookie.is_none());
}

/// `GET /api/v1/activities` with `token` as the bearer.
async fn bearer(app: &TestApp, token: String) -> reqwest::Response {
    app.client.get(app.url("/api/v1/activities")).bearer_auth(token).send().await.expect("the server answers")
}
