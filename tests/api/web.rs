//! The web app's edge: sessions opened from a pasted token, CSRF rules for changes made with
//! the session cookie, the Content-Security-Policy, the embedded assets and their size.

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use sqlx::Row as _;
use tatrack_store::Db;
use uuid::Uuid;

use tatrack_testkit::{assert_problem, plan_body, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    signing_in_sets_a_strict_cookie_the_api_accepts,
    a_bad_token_cannot_sign_in,
    changes_by_cookie_need_the_csrf_token_and_the_same_origin,
    signing_out_ends_the_session_on_the_server,
    revoking_the_token_ends_its_sessions,
    dead_sessions_are_forgotten_at_the_next_sign_in,
    pages_carry_a_strict_policy_and_docs_keep_working,
);

/// A signed-in browser: its cookie and CSRF token.
struct Browser {
    cookie: String,
    csrf: String,
    set_cookie: String,
    answer: Value,
}

async fn sign_in(app: &TestApp, token: &str, headers: &[(&str, &str)]) -> Browser {
    let mut request = Client::new().post(app.url("/api/v1/session")).json(&json!({ "token": token }));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("sign-in is answered");
    assert_eq!(response.status(), StatusCode::CREATED);
    let set_cookie = response.headers()["set-cookie"].to_str().expect("a readable Set-Cookie").to_owned();
    let answer: Value = response.json().await.expect("a JSON session");
    let cookie = set_cookie.split(';').next().expect("a cookie pair").to_owned();
    let csrf = answer["csrf_token"].as_str().expect("a CSRF token").to_owned();
    Browser { cookie, csrf, set_cookie, answer }
}

/// A request carrying only the session cookie plus `headers` (no bearer token).
async fn with_cookie(
    app: &TestApp,
    browser: &Browser,
    method: Method,
    path: &str,
    body: Option<&Value>,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = Client::new().request(method, app.url(path)).header("cookie", &browser.cookie);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.expect("the request is answered")
}

async fn adviser(app: &TestApp, name: &str) -> String {
    app.issue_token(&json!({"name": name, "role": "adviser", "scope": {"countries": ["SAU"]}})).await
}

async fn signing_in_sets_a_strict_cookie_the_api_accepts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let token = adviser(&app, "amina.k").await;

    let browser = sign_in(&app, &token, &[]).await;

    for part in ["tatrack_session=", "Path=/", "Max-Age=43200", "HttpOnly", "SameSite=Strict"] {
        assert!(browser.set_cookie.contains(part), "{part} in {}", browser.set_cookie);
    }
    assert!(!browser.set_cookie.contains("Secure"), "plain HTTP: {}", browser.set_cookie);
    assert_eq!(browser.answer["name"], "amina.k");
    assert_eq!(browser.answer["role"], "adviser");
    assert_eq!(browser.answer["scope"]["countries"], json!(["SAU"]));
    let listed = with_cookie(&app, &browser, Method::GET, "/api/v1/activities", None, &[]).await;
    assert_eq!(listed.status(), StatusCode::OK);
    let again = with_cookie(&app, &browser, Method::GET, "/api/v1/session", None, &[]).await;
    let again: Value = again.json().await.expect("a JSON session");
    assert_eq!(again["csrf_token"], browser.answer["csrf_token"]);
    // The same role rules as with the header: an adviser may not read the projector's status.
    let status = with_cookie(&app, &browser, Method::GET, "/api/v1/projections/status", None, &[]).await;
    assert_problem(status, StatusCode::FORBIDDEN, "/problems/forbidden").await;

    // Behind a TLS proxy the cookie is Secure.
    let behind_tls = sign_in(&app, &token, &[("x-forwarded-proto", "https")]).await;
    assert!(behind_tls.set_cookie.contains("; Secure"), "{}", behind_tls.set_cookie);

    // The store keeps a digest of the cookie, never the cookie or the token.
    let secret = browser.cookie.trim_start_matches("tatrack_session=");
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let sql = "SELECT digest, token_name, csrf FROM web_sessions";
    let rows: Vec<(String, String)> = tatrack_store::on_db!(&db, |pool, _columns| {
        let rows = sqlx::query(sql).fetch_all(pool).await.expect("sessions");
        rows.iter().map(|r| (r.get(0), r.get(1))).collect()
    });
    db.close().await;
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|(digest, name)| digest != secret && digest != &token && name == "amina.k"));
    assert!(rows.iter().any(|(digest, _)| *digest == tatrack_app::auth::digest(secret)));
}

async fn a_bad_token_cannot_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let leaver = app.issue_token(&json!({"name": "leaver", "role": "manager"})).await;
    let revoked = app.post("/api/v1/tokens/leaver/revocation", &Value::Null).await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let sign_in = |body: Value| Client::new().post(app.url("/api/v1/session")).json(&body).send();

    let unknown = sign_in(json!({"token": "tat_0000"})).await.expect("answered");
    assert!(unknown.headers().get("set-cookie").is_none());
    assert_problem(unknown, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
    let revoked = sign_in(json!({"token": leaver})).await.expect("answered");
    assert_problem(revoked, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
    let empty = sign_in(json!({"token": "  "})).await.expect("answered");
    let problem = assert_problem(empty, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation").await;
    assert_eq!(problem["field"], "token");
    let missing = sign_in(json!({})).await.expect("answered");
    let problem = assert_problem(missing, StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation").await;
    assert_eq!(problem["field"], "token");
    let from_elsewhere = Client::new()
        .post(app.url("/api/v1/session"))
        .header("origin", "http://evil.example")
        .json(&json!({"token": app.token}))
        .send()
        .await
        .expect("answered");
    assert_problem(from_elsewhere, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    let no_session = Client::new().get(app.url("/api/v1/session")).send().await.expect("answered");
    assert_problem(no_session, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
}

async fn changes_by_cookie_need_the_csrf_token_and_the_same_origin(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let token = adviser(&app, "amina.k").await;
    let browser = sign_in(&app, &token, &[]).await;
    let own_origin = app.address.clone();
    let plan = |id: Uuid| plan_body(id, programme);
    let id = Uuid::new_v4();
    let csrf = browser.csrf.as_str();
    let refused: [&[(&str, &str)]; 5] = [
        &[],
        &[("x-csrf-token", "not-the-token")],
        &[("x-csrf-token", csrf), ("origin", "http://evil.example")],
        &[("x-csrf-token", csrf), ("origin", "null")],
        &[("x-csrf-token", csrf), ("sec-fetch-site", "cross-site")],
    ];

    for headers in refused {
        let answer =
            with_cookie(&app, &browser, Method::POST, "/api/v1/activities", Some(&plan(id)), headers).await;
        assert_problem(answer, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    }
    let nothing = app.get(&format!("/api/v1/activities/{id}")).await;
    assert_eq!(nothing.status(), StatusCode::NOT_FOUND, "no refused attempt wrote anything");

    let same_origin =
        [("x-csrf-token", csrf), ("origin", own_origin.as_str()), ("sec-fetch-site", "same-origin")];
    let planned =
        with_cookie(&app, &browser, Method::POST, "/api/v1/activities", Some(&plan(id)), &same_origin).await;
    assert_eq!(planned.status(), StatusCode::CREATED);
    let history = app.history(id).await;
    assert_eq!(history[0]["actor"], "amina.k", "the session acts as its token");
    // Bearer requests are not cookie requests: no CSRF token needed.
    let bearer =
        app.request_as(Some(&token), Method::POST, "/api/v1/activities", Some(&plan(Uuid::new_v4()))).await;
    assert_eq!(bearer.status(), StatusCode::CREATED);
}

async fn signing_out_ends_the_session_on_the_server(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let token = adviser(&app, "amina.k").await;
    let browser = sign_in(&app, &token, &[]).await;
    let other = sign_in(&app, &token, &[]).await;

    let without_csrf = with_cookie(&app, &browser, Method::DELETE, "/api/v1/session", None, &[]).await;
    assert_problem(without_csrf, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    let csrf = [("x-csrf-token", browser.csrf.as_str())];
    let out = with_cookie(&app, &browser, Method::DELETE, "/api/v1/session", None, &csrf).await;

    assert_eq!(out.status(), StatusCode::OK);
    let cleared = out.headers()["set-cookie"].to_str().expect("a Set-Cookie");
    assert!(cleared.starts_with("tatrack_session=;") && cleared.contains("Max-Age=0"), "{cleared}");
    let after = with_cookie(&app, &browser, Method::GET, "/api/v1/activities", None, &[]).await;
    assert_problem(after, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
    let twice = with_cookie(&app, &browser, Method::DELETE, "/api/v1/session", None, &csrf).await;
    assert_problem(twice, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
    let still = with_cookie(&app, &other, Method::GET, "/api/v1/activities", None, &[]).await;
    assert_eq!(still.status(), StatusCode::OK, "other sessions of the token go on");
}

async fn dead_sessions_are_forgotten_at_the_next_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let token = adviser(&app, "amina.k").await;
    let signed_out = sign_in(&app, &token, &[]).await;
    let expired = sign_in(&app, &token, &[]).await;
    let alive = sign_in(&app, &token, &[]).await;
    let csrf = [("x-csrf-token", signed_out.csrf.as_str())];
    let out = with_cookie(&app, &signed_out, Method::DELETE, "/api/v1/session", None, &csrf).await;
    assert_eq!(out.status(), StatusCode::OK);
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    set_session_expiry(&db, &expired, "2000-01-01T00:00:00Z").await;
    assert_eq!(session_rows(&db).await, 3, "nothing is purged before the next sign-in");

    let _next = sign_in(&app, &token, &[]).await;

    assert_eq!(session_rows(&db).await, 2, "the signed-out and the expired sessions are gone");
    let still = with_cookie(&app, &alive, Method::GET, "/api/v1/activities", None, &[]).await;
    assert_eq!(still.status(), StatusCode::OK, "a live session is kept");
    let gone = with_cookie(&app, &expired, Method::GET, "/api/v1/activities", None, &[]).await;
    assert_problem(gone, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
}

async fn session_rows(db: &Db) -> i64 {
    let sql = "SELECT COUNT(*) AS n FROM web_sessions";
    tatrack_store::on_db!(db, |pool, _columns| {
        sqlx::query(sql).fetch_one(pool).await.expect("counted").get("n")
    })
}

/// Moves the expiry of `browser`'s session, found by the digest of its cookie's secret.
async fn set_session_expiry(db: &Db, browser: &Browser, at: &str) {
    let secret = browser.cookie.trim_start_matches("tatrack_session=");
    let digest = tatrack_app::auth::digest(secret);
    let sql = "UPDATE web_sessions SET expires_at = $1 WHERE digest = $2";
    let changed = tatrack_store::on_db!(db, |pool, _columns| {
        sqlx::query(sql).bind(at).bind(&digest).execute(pool).await.expect("updated").rows_affected()
    });
    assert_eq!(changed, 1, "the session is found by its digest");
}

async fn revoking_the_token_ends_its_sessions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let token = adviser(&app, "amina.k").await;
    let browser = sign_in(&app, &token, &[]).await;

    let revoked = app.post("/api/v1/tokens/amina.k/revocation", &Value::Null).await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);

    let after = with_cookie(&app, &browser, Method::GET, "/api/v1/activities", None, &[]).await;
    assert_problem(after, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> &'h str {
    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

async fn pages_carry_a_strict_policy_and_docs_keep_working(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let page = Client::new().get(app.url("/")).send().await.expect("answered");
    assert_eq!(page.status(), StatusCode::OK);
    let headers = page.headers().clone();
    assert!(header(&headers, "content-type").starts_with("text/html"));
    let csp = header(&headers, "content-security-policy");
    for rule in [
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(rule), "{rule} in {csp}");
    }
    // The one allowance: compiling the activity's rules (WebAssembly), never a JavaScript eval.
    assert!(!csp.replace("'wasm-unsafe-eval'", "").contains("unsafe"), "{csp}");
    assert_eq!(header(&headers, "x-content-type-options"), "nosniff");
    let html = page.text().await.expect("a page");
    assert!(html.contains(r#"<script type="module" src="/app/js/main.js">"#));
    assert!(!html.contains("<script>") && !html.contains("style="), "nothing inline");

    let script = Client::new().get(app.url("/app/js/main.js")).send().await.expect("answered");
    assert!(header(script.headers(), "content-type").starts_with("text/javascript"));
    let etag = HeaderValue::from_str(header(script.headers(), "etag")).expect("an ETag");
    let again = Client::new()
        .get(app.url("/app/js/main.js"))
        .header("if-none-match", etag)
        .send()
        .await
        .expect("answered");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let missing = Client::new().get(app.url("/app/nothing.js")).send().await.expect("answered");
    assert!(header(missing.headers(), "content-security-policy").contains("default-src 'self'"));
    assert_problem(missing, StatusCode::NOT_FOUND, "/problems/not-found").await;
    let api_error = Client::new().get(app.url("/api/v1/activities")).send().await.expect("answered");
    assert!(header(api_error.headers(), "content-security-policy").contains("default-src 'self'"));

    let docs = Client::new().get(app.url("/docs/")).send().await.expect("answered");
    assert_eq!(docs.status(), StatusCode::OK);
    let docs_csp = header(docs.headers(), "content-security-policy").to_owned();
    assert!(
        docs_csp.contains("frame-ancestors 'none'") && docs_csp.contains("script-src 'self';"),
        "{docs_csp}"
    );

    let words: Value = Client::new()
        .get(app.url("/app/vocabulary.json"))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    assert!(words["countries"]
        .as_array()
        .is_some_and(|c| c.contains(&json!({"code": "SAU", "name": "Saudi Arabia", "numeric": 682}))));
    let yen = words["currencies"].as_array().and_then(|c| c.iter().find(|c| c["code"] == "JPY")).cloned();
    assert_eq!(yen.map(|y| y["decimals"].clone()), Some(json!(0)));
    assert!(words["activity_kinds"].as_array().is_some_and(|k| k.contains(&json!("pre_accession_support"))));
}

/// Every file of a first visit (the app's files with one catalogue), gzip-compressed as the
/// server sends it, stays under the 200 KB budget; the activity's rules (WebAssembly), which the service worker fetches in the
/// background at install and a page compiles only when an activity opens, have a budget of their
/// own, 128 KB.
#[tokio::test]
async fn the_app_loads_in_under_200_kb_compressed() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let mut paths = vec!["/".to_owned(), "/app/vocabulary.json".to_owned()];
    // The service worker installs the English catalogue; a page keeps the catalogue of the
    // language it shows as it opens, so a first visit fetches one of them.
    paths.extend(
        tatrack_http::web::assets::files()
            .map(|(path, _)| format!("/app/{path}"))
            .filter(|path| !path.starts_with("/app/i18n/") || path == "/app/i18n/en.ftl"),
    );
    let (mut pages, mut rules) = (0, 0);
    for path in &paths {
        let answer = Client::new()
            .get(app.url(path))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .expect("answered");
        assert_eq!(answer.status(), StatusCode::OK, "{path}");
        let size = answer.bytes().await.expect("a body").len();
        if path.starts_with("/app/rules/") {
            rules += size;
        } else {
            pages += size;
        }
    }
    println!("the app's files, compressed: {pages} bytes, and the rules {rules} bytes");
    assert!(pages < 200 * 1024, "{pages} bytes");
    assert!(rules > 0 && rules < 128 * 1024, "{rules} bytes");
}
