//! The language remembered for a caller (issue 27): a token issued with one, or a person who
//! chose one, is answered in it without asking; `?lang=` still wins, and `Accept-Language`
//! applies only when nothing is remembered.

use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};

use tatrack_testkit::oidc::{server_with, Provider};
use tatrack_testkit::{assert_problem, Backend, Store, TestApp};

use crate::signin::{grant, Browser};

tatrack_testkit::on_both_backends!(
    a_token_issued_with_a_language_is_answered_in_it,
    a_person_who_chose_french_is_answered_in_french,
);

/// The answer's `Content-Language`.
fn content_language(answer: &Response) -> String {
    let value = answer.headers().get("content-language").and_then(|v| v.to_str().ok());
    value.unwrap_or_default().to_owned()
}

/// The header row of a CSV answer, and the language it says it is in.
async fn csv_header(answer: Response) -> (Vec<String>, String) {
    assert_eq!(answer.status(), StatusCode::OK);
    let language = content_language(&answer);
    let text = answer.text().await.expect("a CSV file");
    let header = text.lines().next().unwrap_or_default().split(',').map(str::to_owned).collect();
    (header, language)
}

async fn a_token_issued_with_a_language_is_answered_in_it(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let body = json!({"name": "script-es", "role": "manager", "language": "es"});
    let secret = app.issue_token(&body).await;
    let client = reqwest::Client::new();
    let get = |path: &str, accept_language: Option<&str>| {
        let mut request = client.get(app.url(path)).bearer_auth(&secret);
        if let Some(language) = accept_language {
            request = request.header("accept-language", language);
        }
        request.send()
    };

    // Act
    let remembered = get("/api/v1/countries?format=csv", None).await.expect("answered");
    let over_accept = get("/api/v1/countries?format=csv", Some("fr")).await.expect("answered");
    let asked = get("/api/v1/countries?format=csv&lang=en", Some("fr")).await.expect("answered");
    let problem = get("/api/v1/countries?format=pdf", None).await.expect("answered");
    let admin = app.client.get(app.url("/api/v1/countries?format=csv")).header("accept-language", "fr");

    // Assert
    let spanish = (vec!["País".to_owned(), "Actividades".to_owned()], "es".to_owned());
    assert_eq!(csv_header(remembered).await, spanish, "without Accept-Language");
    assert_eq!(csv_header(over_accept).await, spanish, "the token's language wins over Accept-Language");
    assert_eq!(
        csv_header(asked).await,
        (vec!["Country".to_owned(), "Activities".to_owned()], "en".to_owned()),
        "?lang= wins"
    );
    assert_eq!(content_language(&problem), "es", "problems too");
    assert_problem(problem, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
    let (header, _) = csv_header(admin.send().await.expect("answered")).await;
    assert_eq!(header, ["Pays", "Activités"], "a token issued without one: Accept-Language decides");
    let tokens = app.get_json("/api/v1/tokens").await;
    let listed = tokens.as_array().expect("tokens").iter().find(|t| t["name"] == "script-es").cloned();
    assert_eq!(listed.map(|t| t["language"].clone()), Some(json!("es")));
    let unknown =
        app.post("/api/v1/tokens", &json!({"name": "x", "role": "manager", "language": "de"})).await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn a_person_who_chose_french_is_answered_in_french(backend: Backend) {
    // Arrange: Amina, a manager, signs in; nothing is remembered for her yet.
    let provider = Provider::start();
    let app = server_with(&provider, Store::fresh(backend).await).await;
    let amina = json!({"kind": "person", "issuer": provider.issuer, "subject": "amina"});
    grant(&app, amina, "manager", json!({})).await;
    let mut browser = Browser::new();
    browser.sign_in(&app, &provider, "amina").await;
    let before = browser.request(&app, Method::GET, "/api/v1/countries?format=csv", None).await;

    // Act
    let chosen =
        browser.request(&app, Method::PUT, "/api/v1/me/language", Some(&json!({"language": "fr"}))).await;
    let again =
        browser.request(&app, Method::PUT, "/api/v1/me/language", Some(&json!({"language": "fr"}))).await;
    let after = browser.request(&app, Method::GET, "/api/v1/countries?format=csv", None).await;
    let asked = browser.request(&app, Method::GET, "/api/v1/countries?format=csv&lang=en", None).await;
    let session: Value =
        browser.request(&app, Method::GET, "/api/v1/session", None).await.json().await.expect("JSON");
    let by_token = app.client.put(app.url("/api/v1/me/language")).json(&json!({"language": "es"})).send();

    // Assert
    assert_eq!(csv_header(before).await.1, "en", "nothing remembered: English");
    assert_eq!(chosen.status(), StatusCode::NO_CONTENT);
    assert_eq!(again.status(), StatusCode::NO_CONTENT);
    let french = (vec!["Pays".to_owned(), "Activités".to_owned()], "fr".to_owned());
    assert_eq!(csv_header(after).await, french);
    assert_eq!(csv_header(asked).await.1, "en", "?lang= wins");
    assert_eq!(session["person"]["language"], "fr", "{session}");
    let person = app.get_json("/api/v1/people").await;
    assert_eq!(person[0]["language"], "fr", "{person}");
    // The choice is an event of her stream, once: the same choice again records nothing.
    app.status_until("caught up", |status| status["lag"] == 0).await;
    let feed = app.get_json("/api/v1/audit/events?actor=Amina%20Kone").await;
    let chosen: Vec<&Value> = feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["event_type"] == "LanguageChosen")
        .collect();
    assert_eq!(chosen.len(), 1, "{feed}");
    assert_problem(by_token.await.expect("answered"), StatusCode::BAD_REQUEST, "/problems/bad-request").await;
}
