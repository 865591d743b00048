//! Many writers on one activity: without If-Match all valid commands land, each once; with the
//! same If-Match exactly one does. A server deciding on the stream its last command left meets
//! another process's newer events as if it had read them.

use std::collections::BTreeSet;

use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::metrics::{scrape, value};
use tatrack_app::auth::Principal;
use tatrack_domain::activity::ActivityAction;
use tatrack_domain::token::Role;
use tatrack_testkit::{assert_problem, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    concurrent_commands_all_land_once,
    concurrent_conditional_commands_let_one_through,
    a_command_racing_a_correction_out_of_scope_never_lands_after_it,
    another_process_s_events_count_for_the_next_command_here,
);

const WRITERS: usize = 20;

fn output(n: usize) -> Value {
    json!({"kind": "other", "description": format!("output number {n}")})
}

/// How many rounds of writers may run before the race the test targets must have happened.
const ROUNDS: usize = 10;

/// Writers that start together on one activity: each command lands once, with its own version,
/// and at least one lost an append race and was decided again (the bus's observer counts those
/// in `/metrics`), so the test proves the interleaving it is about happened.
async fn concurrent_commands_all_land_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for _ in 0..ROUNDS {
        writers_on_one_activity(&app).await;
        if value(&scrape(&app).await, "tatrack_append_races_lost_total", &[("aggregate", "Activity")]) > 0 {
            return;
        }
    }
    panic!("in {ROUNDS} rounds of {WRITERS} concurrent writers, no append ever lost a race");
}

async fn writers_on_one_activity(app: &TestApp) {
    let id = app.planned_activity().await;
    let path = format!("/api/v1/activities/{id}/outputs");

    let bodies: Vec<Value> = (0..WRITERS).map(output).collect();
    let responses = join_all(bodies.iter().map(|body| app.post(&path, body))).await;

    let mut versions = BTreeSet::new();
    for response in responses {
        assert_eq!(response.status(), StatusCode::OK);
        let answer: Value = response.json().await.expect("a JSON answer");
        versions.insert(answer["version"].as_u64().expect("a version"));
    }
    let expected: BTreeSet<u64> = (2..=u64::try_from(WRITERS).expect("small") + 1).collect();
    assert_eq!(versions, expected, "every command got its own consecutive version");
    let history = app.history(id).await;
    assert_eq!(history.len(), WRITERS + 1);
    let sequences: Vec<_> = history.iter().map(|e| e["version"].as_u64().unwrap_or_default()).collect();
    assert_eq!(sequences, (1..=u64::try_from(WRITERS).expect("small") + 1).collect::<Vec<_>>());
    let descriptions: BTreeSet<_> = history[1..]
        .iter()
        .map(|e| e["payload"]["description"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(descriptions.len(), WRITERS, "no output lost or duplicated");
    assert_eq!(app.activity(id).await["outputs"].as_array().map(Vec::len), Some(WRITERS));
}

async fn concurrent_conditional_commands_let_one_through(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.planned_activity().await;
    let path = format!("/api/v1/activities/{id}/outputs");

    let bodies: Vec<Value> = (0..WRITERS).map(output).collect();
    let responses =
        join_all(bodies.iter().map(|body| app.post_with(&path, body, &[("if-match", "\"1\"")]))).await;

    let mut landed = 0;
    for response in responses {
        if response.status() == StatusCode::OK {
            landed += 1;
        } else {
            let problem =
                assert_problem(response, StatusCode::PRECONDITION_FAILED, "/problems/version-mismatch").await;
            assert_eq!(problem["current_version"], 2);
        }
    }
    assert_eq!(landed, 1, "exactly one conditional command lands");
    assert_eq!(app.history(id).await.len(), 2);
}

/// An adviser for SAU records an output while an admin corrects the activity to AGO, many
/// times over. The adviser's command may land before the correction, or be refused after it;
/// it must never land after it, which a scope checked once and a retry decided without it allowed.
async fn a_command_racing_a_correction_out_of_scope_never_lands_after_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let adviser = app
        .issue_token(&json!({"name": "adviser-sau", "role": "adviser", "scope": {"countries": ["SAU"]}}))
        .await;
    let correction =
        json!({"reason": "held in Luanda", "changes": {"countries": ["AGO"], "location": "Luanda"}});
    for round in 0..WRITERS {
        let id = app.planned_activity().await;
        let base = format!("/api/v1/activities/{id}");
        let (outputs, corrections) = (format!("{base}/outputs"), format!("{base}/corrections"));
        let bodies: Vec<Value> = (0..3).map(output).collect();
        let advisers = bodies
            .iter()
            .map(|body| app.request_as(Some(&adviser), reqwest::Method::POST, &outputs, Some(body)));
        let (_, answers) = futures::join!(app.post(&corrections, &correction), join_all(advisers));
        for answer in answers {
            let status = answer.status();
            assert!(status == StatusCode::OK || status == StatusCode::NOT_FOUND, "round {round}: {status}");
        }
        let history = app.history(id).await;
        let moved = history.iter().position(|e| e["event_type"] == "ActivityCorrected");
        let late = history
            .iter()
            .skip(moved.expect("the correction landed"))
            .find(|e| e["metadata"]["actor"] == "adviser-sau");
        assert!(
            late.is_none(),
            "round {round}: the adviser wrote after the activity left its scope: {late:?}"
        );
    }
}

/// The server keeps the stream its last command on an activity left. Another process (a
/// replica, the CLI) then writes to the activity: the server's next commands are decided on the
/// log as it now is: one pinned to the newer version lands, one without lands after the newer
/// events, and one the newer events forbid (after a cancellation) is refused, not landed.
async fn another_process_s_events_count_for_the_next_command_here(backend: Backend) {
    // Arrange: the server's own commands on the activity, its stream at version 2.
    let app = TestApp::spawn(backend).await;
    let id = app.planned_activity().await;
    let path = format!("/api/v1/activities/{id}/outputs");
    app.command(&path, &output(0)).await;
    let db = app.store.open().await;
    let elsewhere = tatrack_app::App::new(db.clone());
    let admin = Principal {
        name: "elsewhere".into(),
        role: Role::Admin,
        scope: tatrack_domain::token::TokenScope::default(),
        funder: None,
        person: None,
    };
    let context = tatrack_store::bus::CommandContext { actor: "elsewhere".into(), ..Default::default() };
    let today = chrono::Utc::now().date_naive();
    let elsewhere_does = |action: ActivityAction, body: Value| {
        let command = action.command(body, today).expect("a command");
        let (elsewhere, admin, context) = (&elsewhere, &admin, &context);
        async move { elsewhere.activity_command(admin, id, command, context).await.expect("landed elsewhere") }
    };

    // Act and assert: pinned to the version another process made.
    assert_eq!(elsewhere_does(ActivityAction::RecordOutput, output(1)).await.version, 3);
    let pinned = app.command_with(&path, &output(2), &[("if-match", "\"3\"")]).await;
    assert_eq!(pinned["version"], 4, "{pinned}");

    // Unpinned, after another process's event.
    assert_eq!(elsewhere_does(ActivityAction::RecordOutput, output(3)).await.version, 5);
    assert_eq!(app.command(&path, &output(4)).await["version"], 6);

    // Forbidden by another process's cancellation: refused, nothing landed.
    elsewhere_does(ActivityAction::Cancel, json!({"reason": "the venue closed"})).await;
    let refused = app.post(&path, &output(5)).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let history = app.history(id).await;
    assert_eq!(history.len(), 7, "{history:#?}");
    assert_eq!(history[6]["event_type"], "ActivityCancelled");
    db.close().await;
}
