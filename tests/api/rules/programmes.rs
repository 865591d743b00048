//! Programmes: a taken code, a second registration, contributions to an unknown programme or of
//! a wrong amount are refused; and a refused registration leaves its code free.

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, assert_refused, programme_body, unique_code, Backend, TestApp};

use super::refusals::{CONFLICT, INVALID, VALIDATION};

fn contribution(amount: &str) -> Value {
    json!({"donor": "Germany", "amount": amount, "currency": "EUR", "received_on": "2019-03-01"})
}

pub(super) async fn programme_rules_are_enforced(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    let first = Uuid::new_v4();
    app.command("/api/v1/programmes", &programme_body(first, &code)).await;
    let registered = app.get_json(&format!("/api/v1/programmes/{first}")).await;
    let second = Uuid::new_v4();
    let unknown = Uuid::new_v4();

    // Act
    let taken = app.post("/api/v1/programmes", &programme_body(second, &code)).await;
    let again = app.post("/api/v1/programmes", &programme_body(first, &code)).await;
    let to_unknown =
        app.post(&format!("/api/v1/programmes/{unknown}/contributions"), &contribution("10")).await;
    let mut refused_amounts = Vec::new();
    for amount in ["0", "-250", "1.005"] {
        let path = format!("/api/v1/programmes/{first}/contributions");
        refused_amounts.push((amount, app.post(&path, &contribution(amount)).await));
    }

    // Assert
    assert_refused("code taken", taken, CONFLICT, "/problems/programme-code-taken", None).await;
    assert_refused("registered twice", again, CONFLICT, "/problems/already-registered", None).await;
    assert_refused("unknown programme", to_unknown, StatusCode::NOT_FOUND, "/problems/not-found", None).await;
    for (amount, response) in refused_amounts {
        assert_refused(amount, response, INVALID, VALIDATION, Some("amount")).await;
    }
    for id in [second, unknown] {
        let read = app.get(&format!("/api/v1/programmes/{id}")).await;
        assert_problem(read, StatusCode::NOT_FOUND, "/problems/not-found").await;
    }
    assert_eq!(app.get_json(&format!("/api/v1/programmes/{first}")).await, registered);
}

/// A registration the domain refuses must not keep its code from the next, valid one.
pub(super) async fn a_refused_registration_leaves_its_code_free(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let code = unique_code();
    let refused = Uuid::new_v4();
    let mut backwards = programme_body(refused, &code);
    backwards["start"] = json!("2020-01-01");
    backwards["end"] = json!("2019-12-31");

    // Act
    let response = app.post("/api/v1/programmes", &backwards).await;
    let valid = Uuid::new_v4();
    let retry = app.post("/api/v1/programmes", &programme_body(valid, &code)).await;

    // Assert
    assert_refused("end before start", response, INVALID, VALIDATION, Some("end")).await;
    let read = app.get(&format!("/api/v1/programmes/{refused}")).await;
    assert_problem(read, StatusCode::NOT_FOUND, "/problems/not-found").await;
    let status = retry.status();
    let answer: Value = retry.json().await.expect("a JSON answer");
    assert_eq!(status, StatusCode::CREATED, "the code is still free after a refused registration: {answer}");
    assert_eq!(app.get_json(&format!("/api/v1/programmes/{valid}")).await["code"], code.as_str());
}

/// Registering an existing programme again is refused, and the code that attempt named stays
/// free for another programme.
pub(super) async fn a_repeated_registration_leaves_its_new_code_free(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = Uuid::new_v4();
    let first_code = unique_code();
    app.command("/api/v1/programmes", &programme_body(id, &first_code)).await;
    let registered = app.get_json(&format!("/api/v1/programmes/{id}")).await;
    let second_code = unique_code();

    // Act
    let again = app.post("/api/v1/programmes", &programme_body(id, &second_code)).await;
    let other = Uuid::new_v4();
    let with_that_code = app.post("/api/v1/programmes", &programme_body(other, &second_code)).await;

    // Assert
    assert_refused("registered twice", again, CONFLICT, "/problems/already-registered", None).await;
    assert_eq!(app.get_json(&format!("/api/v1/programmes/{id}")).await, registered);
    let status = with_that_code.status();
    let answer: Value = with_that_code.json().await.expect("a JSON answer");
    assert_eq!(status, StatusCode::CREATED, "the refused registration's code is still free: {answer}");
    assert_eq!(app.get_json(&format!("/api/v1/programmes/{other}")).await["code"], second_code.as_str());
}
