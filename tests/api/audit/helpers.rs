//! Small helpers of the audit scenarios: positions and instants read from answers, waiting for
//! the projector, an adviser and a mix of commands to audit, and paging through the feed.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{delivery_body, participants_body, plan_body, programme_body, unique_code, TestApp};

pub(super) fn position(answer: &Value) -> i64 {
    answer["position"].as_i64().expect("a position")
}

pub(super) fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("an RFC 3339 instant").with_timezone(&Utc)
}

pub(super) fn instant_of(value: &Value) -> DateTime<Utc> {
    instant(value.as_str().expect("an instant"))
}

/// Waits until the projector has applied, and so linked into the chain, everything up to
/// `position`.
pub(super) async fn settle(app: &TestApp, position: i64) {
    app.get_json(&format!("/api/v1/countries/SAU/summary?min_position={position}")).await;
}

pub(super) fn is_hex_link(text: &str) -> bool {
    text.len() == 64 && text.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// Issues an adviser token under a unique name; returns the name and the secret.
pub(super) async fn adviser(app: &TestApp) -> (String, String) {
    let name = format!("auditee.{}", &Uuid::new_v4().simple().to_string()[..8]);
    let secret =
        app.issue_token(&json!({"name": name, "role": "adviser", "scope": {"countries": ["SAU"]}})).await;
    (name, secret)
}

/// A mix of commands by the admin and by `adviser`: a programme with a contribution, three
/// activities. Returns the last command's position.
pub(super) async fn record_a_mix(app: &TestApp, adviser: &str) -> i64 {
    let programme = Uuid::new_v4();
    app.command("/api/v1/programmes", &programme_body(programme, &unique_code())).await;
    app.command(
        &format!("/api/v1/programmes/{programme}/contributions"),
        &json!({"donor": "Germany", "amount": "250000.00", "currency": "EUR", "received_on": "2019-03-01"}),
    )
    .await;
    let as_adviser = |path: String, body: Value| async move {
        let response = app.request_as(Some(adviser), reqwest::Method::POST, &path, Some(&body)).await;
        assert!(response.status().is_success(), "POST {path} as the adviser: {}", response.status());
        position(&response.json().await.expect("a JSON answer"))
    };
    let (first, second, third) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    as_adviser("/api/v1/activities".into(), plan_body(first, programme)).await;
    as_adviser(format!("/api/v1/activities/{first}/delivery"), delivery_body()).await;
    as_adviser(format!("/api/v1/activities/{first}/participants"), participants_body(4, 6)).await;
    app.command("/api/v1/activities", &plan_body(second, programme)).await;
    app.command(
        &format!("/api/v1/activities/{second}/cancellation"),
        &json!({"reason": "venue unavailable"}),
    )
    .await;
    as_adviser("/api/v1/activities".into(), plan_body(third, programme)).await;
    as_adviser(
        format!("/api/v1/activities/{third}/corrections"),
        json!({"reason": "retitled", "changes": {"title": "Workshop three"}}),
    )
    .await
}

/// Pages through the feed three events at a time with `filter` (`&actor=..`); returns them all.
pub(super) async fn page_through(app: &TestApp, filter: &str) -> Vec<Value> {
    let (mut after, mut all) = (0, Vec::new());
    for _ in 0..1_000 {
        let page = app.get_json(&format!("/api/v1/audit/events?after={after}&limit=3{filter}")).await;
        let items = page["items"].as_array().expect("items").clone();
        assert!(items.len() <= 3, "a page holds at most `limit` events: {page}");
        let Some(last) = items.last() else {
            assert_eq!(page["next_after"], after, "an empty page points where it stands");
            return all;
        };
        assert_eq!(page["next_after"], last["seq"], "next_after is the page's last seq");
        after = page["next_after"].as_i64().expect("next_after");
        all.extend(items);
    }
    panic!("the feed never ran out");
}

pub(super) fn seqs(items: &[Value]) -> Vec<i64> {
    items.iter().map(|item| item["seq"].as_i64().expect("a seq")).collect()
}
