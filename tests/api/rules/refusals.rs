//! What the rule scenarios share: a refusal asserted (status, problem type, field), an activity
//! taken to a stage, and refused commands sent to it at the version read, checking that nothing
//! changed.

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_refused, delivery_body, participants_body, TestApp};

/// Where an activity stands before the offending request.
#[derive(Debug, Clone, Copy)]
pub(super) enum Stage {
    Planned,
    /// Planned with funding from the European Union attributed.
    Funded,
    Delivered,
    Cancelled,
    /// Delivered, tallied (10 women, 20 men) and reported.
    Reported,
    Voided,
}

/// Plans the Riyadh workshop and takes it to `stage`; returns its id.
pub(super) async fn activity_at(app: &TestApp, stage: Stage) -> Uuid {
    let id = app.planned_activity().await;
    let path = |command: &str| format!("/api/v1/activities/{id}/{command}");
    match stage {
        Stage::Planned => {}
        Stage::Funded => {
            app.command(
                &path("funding"),
                &json!({"donor": "European Union", "amount": "100", "currency": "EUR"}),
            )
            .await;
        }
        Stage::Delivered => {
            app.command(&path("delivery"), &delivery_body()).await;
        }
        Stage::Cancelled => {
            app.command(&path("cancellation"), &json!({"reason": "the venue is unavailable"})).await;
        }
        Stage::Reported => {
            app.command(&path("delivery"), &delivery_body()).await;
            app.command(&path("participants"), &participants_body(10, 20)).await;
            app.command(&path("report"), &json!({})).await;
        }
        Stage::Voided => {
            app.command(&path("voiding"), &json!({"reason": "a duplicate"})).await;
        }
    }
    id
}

/// A command, and the problem it must meet.
pub(super) struct Refusal {
    pub(super) case: &'static str,
    pub(super) command: &'static str,
    pub(super) body: Value,
    pub(super) status: StatusCode,
    pub(super) kind: &'static str,
    pub(super) field: Option<&'static str>,
}

pub(super) const INVALID: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
pub(super) const CONFLICT: StatusCode = StatusCode::CONFLICT;
pub(super) const VALIDATION: &str = "/problems/validation";
pub(super) const NOT_DELIVERED: &str = "/problems/not-delivered";

pub(super) fn invalid(
    case: &'static str,
    command: &'static str,
    body: Value,
    field: &'static str,
) -> Refusal {
    Refusal { case, command, body, status: INVALID, kind: VALIDATION, field: Some(field) }
}

pub(super) fn conflict(
    case: &'static str,
    command: &'static str,
    body: Value,
    kind: &'static str,
) -> Refusal {
    Refusal { case, command, body, status: CONFLICT, kind, field: None }
}

/// Sends each refusal to a fresh activity at `stage`; asserts the problem and that the activity
/// is exactly as it was.
pub(super) async fn assert_all_refused(app: &TestApp, stage: Stage, refusals: Vec<Refusal>) {
    for refusal in refusals {
        // Arrange
        let id = activity_at(app, stage).await;
        let before = app.activity(id).await;
        let events_before = app.history(id).await.len();

        // Act: at the version read, as a command naming a line or an output by its place must be.
        let path = format!("/api/v1/activities/{id}/{}", refusal.command);
        let version = format!("\"{}\"", before["version"]);
        let response = app.post_with(&path, &refusal.body, &[("if-match", &version)]).await;

        // Assert
        assert_refused(refusal.case, response, refusal.status, refusal.kind, refusal.field).await;
        let after = app.activity(id).await;
        assert_eq!(after["version"], before["version"], "{}: the version moved", refusal.case);
        assert_eq!(after, before, "{}: the record changed", refusal.case);
        assert_eq!(app.history(id).await.len(), events_before, "{}: an event was recorded", refusal.case);
    }
}

pub(super) fn funding(amount: &str, currency: &str) -> Value {
    json!({"donor": "European Union", "amount": amount, "currency": currency})
}

pub(super) fn withdrawal() -> Value {
    json!({"donor": "European Union", "reason": "moved to another activity"})
}

pub(super) fn correction(changes: &Value) -> Value {
    json!({"reason": "recorded wrongly", "changes": changes})
}
