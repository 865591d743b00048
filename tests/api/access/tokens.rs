//! Tokens: bad ones get 401, secrets are stored and listed only as digests, the actor is the
//! token's name, token management is audited, a flood gets 429, and a refusal names the roles.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::Row as _;
use tatrack_store::{log, Db};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, plan_body, Backend, Store, TestApp};

use super::world::{read_as, EU};

pub(super) async fn bad_tokens_get_401_with_a_bearer_challenge(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let revoked = app.issue_token(&json!({"name": "leaver", "role": "manager"})).await;
    // Used once first, so the server has read it (and keeps it for a moment) before its revocation.
    let before = app.request_as(Some(&revoked), Method::GET, "/api/v1/countries", None).await;
    assert_eq!(before.status(), StatusCode::OK);
    let answer = app.post("/api/v1/tokens/leaver/revocation", &Value::Null).await;
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    let expired = app
        .issue_token(&json!({"name": "old", "role": "manager", "expires_at": "2020-01-01T00:00:00Z"}))
        .await;
    let admin = app.token.clone();
    let cases = [
        ("no token", None),
        ("an unknown token", Some("tat_0000")),
        ("a revoked token", Some(revoked.as_str())),
        ("an expired token", Some(expired.as_str())),
    ];

    for (case, token) in cases {
        let response = app.request_as(token, Method::GET, "/api/v1/countries", None).await;

        assert_eq!(
            response.headers().get("www-authenticate").map(reqwest::header::HeaderValue::as_bytes),
            Some(&b"Bearer"[..]),
            "{case}"
        );
        assert_problem(response, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
    }
    let ok = app.request_as(Some(&admin), Method::GET, "/api/v1/countries", None).await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK, "probes need no token");
}

/// A token revoked by another process (the CLI, another replica) stops opening this server
/// within the second the server trusts what it read of a token.
pub(super) async fn a_token_revoked_elsewhere_stops_working_within_a_second(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let secret = app.issue_token(&json!({"name": "leaver", "role": "manager"})).await;
    let countries = || app.request_as(Some(&secret), Method::GET, "/api/v1/countries", None);
    assert_eq!(countries().await.status(), StatusCode::OK);

    // Act
    let db = app.store.open().await;
    let context = tatrack_store::bus::CommandContext { actor: "elsewhere".into(), ..Default::default() };
    tatrack_app::App::new(db.clone()).revoke_token("leaver", &context).await.expect("revoked");
    db.close().await;
    let revoked_at = std::time::Instant::now();

    // Assert: refused once the server's reading of it is a second old, and never again after.
    let mut status = countries().await.status();
    while status == StatusCode::OK && revoked_at.elapsed() < tatrack_app::known_tokens::FRESH_FOR * 3 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        status = countries().await.status();
    }
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "still open {:?} after the revocation",
        revoked_at.elapsed()
    );
    assert!(revoked_at.elapsed() <= tatrack_app::known_tokens::FRESH_FOR * 2, "{:?}", revoked_at.elapsed());
    assert_eq!(countries().await.status(), StatusCode::UNAUTHORIZED);
}

/// Every column of every row `sql` selects, as text (NULL as empty).
async fn every_cell(db: &Db, sql: &str) -> Vec<Vec<String>> {
    tatrack_store::on_db!(db, |pool, _columns| {
        let rows = sqlx::query(sql).fetch_all(pool).await.expect("the table reads");
        rows.iter()
            .map(|row| {
                (0..row.len())
                    .map(|i| row.try_get::<Option<String>, _>(i).expect("a text column").unwrap_or_default())
                    .collect()
            })
            .collect()
    })
}

pub(super) async fn tokens_are_stored_and_listed_only_as_digests(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let mut secrets = vec![app.token.clone()];
    for body in [
        json!({"name": "manager", "role": "manager"}),
        json!({"name": "adviser", "role": "adviser", "scope": {"countries": ["SAU"]}}),
        json!({"name": "donor", "role": "donor", "scope": {"donor": EU}, "expires_at": "2999-01-01T00:00:00Z"}),
    ] {
        secrets.push(app.issue_token(&body).await);
    }
    let revoked = app.post("/api/v1/tokens/donor/revocation", &Value::Null).await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);

    // Act
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let tokens = every_cell(&db, "SELECT * FROM tokens").await;
    let events = every_cell(&db, "SELECT CAST(payload AS TEXT), CAST(metadata AS TEXT) FROM events").await;
    let listing = app.get("/api/v1/tokens").await;
    assert_eq!(listing.status(), StatusCode::OK);
    let listing = listing.text().await.expect("a body");

    // Assert
    assert_eq!(tokens.len(), 4, "{tokens:?}");
    for secret in &secrets {
        let digits = secret.strip_prefix("tat_").expect("a secret starts with tat_");
        assert!(digits.len() == 64 && digits.chars().all(|c| c.is_ascii_hexdigit()), "{secret}");
        let digest = tatrack_app::auth::digest(secret);
        assert!(tokens.iter().any(|row| row.contains(&digest)), "the digest of a secret is stored");
        for cell in tokens.iter().chain(&events).flatten() {
            assert!(!cell.contains(digits), "a secret is stored: {cell}");
        }
        assert!(!listing.contains(digits), "the list shows a secret: {listing}");
        assert!(!listing.contains(&digest), "the list shows a digest: {listing}");
    }
    let listed: Vec<Value> = serde_json::from_str(&listing).expect("a JSON list");
    assert_eq!(listed.len(), 4);
    for token in &listed {
        let mut fields: Vec<&str> =
            token.as_object().expect("an object").keys().map(String::as_str).collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            ["created_at", "expires_at", "issued_by", "language", "name", "revoked_at", "role", "scope"],
            "{token}"
        );
    }
    let donor = listed.iter().find(|t| t["name"] == "donor").expect("the donor token is listed");
    assert!(donor["revoked_at"].is_string(), "{donor}");
    assert_eq!(donor["scope"]["donor"], EU, "{donor}");
}

pub(super) async fn the_actor_is_the_tokens_name(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let adviser = app
        .issue_token(&json!({"name": "field.adviser", "role": "adviser", "scope": {"countries": ["SAU"]}}))
        .await;
    let id = Uuid::new_v4();
    let client = reqwest::Client::new();
    let send = |path: String, body: Value| {
        client.post(app.url(&path)).bearer_auth(&adviser).header("X-Actor", "someone-else").json(&body).send()
    };

    // Act
    let planned = send("/api/v1/activities".into(), plan_body(id, programme)).await.expect("an answer");
    let funded = send(
        format!("/api/v1/activities/{id}/funding"),
        json!({"donor": EU, "amount": "100.00", "currency": "EUR"}),
    )
    .await
    .expect("an answer");
    let corrected = send(
        format!("/api/v1/activities/{id}/corrections"),
        json!({"reason": "retitled", "changes": {"title": "Renamed"}}),
    )
    .await
    .expect("an answer");

    // Assert
    assert_eq!(planned.status(), StatusCode::CREATED);
    assert_eq!(funded.status(), StatusCode::OK);
    assert_eq!(corrected.status(), StatusCode::OK);
    let history = read_as(&app, &adviser, &format!("/api/v1/activities/{id}/history")).await;
    let history = history.as_array().expect("an array");
    assert_eq!(history.len(), 3);
    for event in history {
        assert_eq!(event["metadata"]["actor"], "field.adviser", "{event}");
        assert_eq!(event["metadata"]["role"], "adviser", "{event}");
        assert!(!event.to_string().contains("someone-else"), "{event}");
    }
    assert_eq!(history[2]["metadata"]["reason"], "retitled");
}

/// The name of the admin token [`TestApp`] sends.
async fn admin_name(app: &TestApp) -> String {
    let tokens = app.get_json("/api/v1/tokens").await;
    let admins: Vec<&Value> =
        tokens.as_array().expect("a list").iter().filter(|t| t["role"] == "admin").collect();
    assert_eq!(admins.len(), 1, "{tokens}");
    admins[0]["name"].as_str().expect("a name").to_owned()
}

async fn head(app: &TestApp) -> i64 {
    app.get_json("/api/v1/projections/status").await["head"].as_i64().expect("a head")
}

pub(super) async fn token_management_is_audited(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let admin = admin_name(&app).await;
    let before = head(&app).await;

    // Act
    let secret =
        app.issue_token(&json!({"name": "auditor.x", "role": "donor", "scope": {"donor": "Japan"}})).await;
    let after_creation = head(&app).await;
    let revoked = app.post("/api/v1/tokens/auditor.x/revocation", &Value::Null).await;
    let after_revocation = head(&app).await;

    // Assert
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert!(after_creation > before, "creating a token appends an event");
    assert!(after_revocation > after_creation, "revoking a token appends an event");
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let events = log::stream(&db, "Token", "auditor.x").await.expect("the token's stream");
    let types: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(types, ["TokenCreated", "TokenRevoked"]);
    for event in &events {
        assert_eq!(event.metadata["actor"], admin.as_str(), "{:?}", event.metadata);
        assert_eq!(event.metadata["role"], "admin", "{:?}", event.metadata);
        let text = format!("{} {}", event.payload, event.metadata);
        assert!(!text.contains(&secret[4..]), "an event holds the secret: {text}");
        assert!(!text.contains(&tatrack_app::auth::digest(&secret)), "an event holds the digest: {text}");
    }
    assert_eq!(events[0].payload["TokenCreated"]["role"], "donor", "{}", events[0].payload);
    assert_eq!(events[0].payload["TokenCreated"]["scope"]["donor"], "Japan", "{}", events[0].payload);
    let refused = app.request_as(Some(&secret), Method::GET, "/api/v1/countries", None).await;
    assert_problem(refused, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
    let again = app.post("/api/v1/tokens/auditor.x/revocation", &Value::Null).await;
    assert_problem(again, StatusCode::CONFLICT, "/problems/already-revoked").await;
    let unknown = app.post("/api/v1/tokens/nobody/revocation", &Value::Null).await;
    assert_problem(unknown, StatusCode::NOT_FOUND, "/problems/not-found").await;
    let own = app.post(&format!("/api/v1/tokens/{admin}/revocation"), &Value::Null).await;
    assert_problem(own, StatusCode::CONFLICT, "/problems/own-token").await;
    assert_eq!(
        log::stream(&db, "Token", "auditor.x").await.expect("the stream").len(),
        2,
        "refusals write nothing"
    );
    db.close().await;
}

pub(super) async fn a_flood_of_requests_gets_429(backend: Backend) {
    // Arrange: 2 requests a second, 4 in a burst.
    let app = TestApp::start_with_settings(Store::fresh(backend).await, |s| s.rate_limit = 2).await;
    let flooder = app.issue_token(&json!({"name": "flooder", "role": "manager"})).await;
    let bystander = app.issue_token(&json!({"name": "bystander", "role": "manager"})).await;

    // Act
    let burst = (0..20).map(|_| app.request_as(Some(&flooder), Method::GET, "/api/v1/countries", None));
    let answers = futures::future::join_all(burst).await;

    // Assert
    let (limited, served): (Vec<_>, Vec<_>) =
        answers.into_iter().partition(|r| r.status() == StatusCode::TOO_MANY_REQUESTS);
    assert!(!limited.is_empty(), "a burst of 20 exceeds a budget of 4");
    assert!(served.iter().all(|r| r.status() == StatusCode::OK), "the rest are served");
    for response in limited {
        let retry_after =
            response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::parse::<u64>);
        assert!(matches!(retry_after, Some(Ok(seconds)) if seconds >= 1), "Retry-After: {retry_after:?}");
        assert_problem(response, StatusCode::TOO_MANY_REQUESTS, "/problems/too-many-requests").await;
    }
    let other = app.request_as(Some(&bystander), Method::GET, "/api/v1/countries", None).await;
    assert_eq!(other.status(), StatusCode::OK, "another token keeps its own budget");
    assert_eq!(app.get("/api/v1/countries").await.status(), StatusCode::OK, "so does the admin's");
}

/// A 403 reads as English and tells the caller what would do: "an adviser token", not "a
/// adviser token".
pub(super) async fn a_refusal_names_the_role_it_saw_and_the_roles_it_needs(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let adviser =
        app.issue_token(&json!({"name": "amina", "role": "adviser", "scope": {"countries": ["BOL"]}})).await;
    let admin_only = app.request_as(Some(&adviser), Method::GET, "/api/v1/tokens", None).await;
    let problem = assert_problem(admin_only, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    assert_eq!(problem["detail"], "an adviser token cannot do this; it needs an admin token", "{problem}");
    let report = "/api/v1/reports/activity?from=2019-01-01&to=2019-12-31";
    let problem = assert_problem(
        app.request_as(Some(&adviser), Method::GET, report, None).await,
        StatusCode::FORBIDDEN,
        "/problems/forbidden",
    )
    .await;
    assert_eq!(
        problem["detail"], "an adviser token cannot do this; it needs a manager, donor or admin token",
        "{problem}"
    );
}
