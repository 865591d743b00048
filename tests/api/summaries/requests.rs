//! Running the script over HTTP: each step as its request, and the ids a run gives the script's
//! indices.

use serde_json::{json, Map, Value};
use uuid::Uuid;

use tatrack_testkit::{unique_code, TestApp};

use super::script::{Change, Step};

/// What the script's indices stand for in one run: programme ids and codes, activity ids.
pub(super) struct Ids {
    pub(super) programmes: Vec<(Uuid, String)>,
    pub(super) activities: Vec<Uuid>,
}

/// Runs the script; returns its ids and the last command's position.
pub(super) async fn run(app: &TestApp, script: &[Step]) -> (Ids, i64) {
    let count = |pick: fn(&Step) -> bool| script.iter().filter(|s| pick(s)).count();
    let ids = Ids {
        programmes: (0..count(|s| matches!(s, Step::Programme(..))))
            .map(|_| (Uuid::new_v4(), unique_code()))
            .collect(),
        activities: (0..count(|s| matches!(s, Step::Plan(..)))).map(|_| Uuid::new_v4()).collect(),
    };
    let mut position = 0;
    for step in script {
        let (path, body) = request(*step, &ids);
        let answer = match *step {
            // Named by its place: conditional on the version it was read at.
            Step::AmendFunding(a, ..) | Step::AmendOutput(a, ..) | Step::RemoveOutput(a, ..) => {
                let command = path.rsplit_once(&ids.activities[a].to_string()).map_or("", |(_, c)| c);
                app.command_at_current_version(ids.activities[a], command.trim_start_matches('/'), &body)
                    .await
            }
            _ => app.command(&path, &body).await,
        };
        position = answer["position"].as_i64().expect("a position");
    }
    (ids, position)
}

/// The path and body of one step.
fn request(step: Step, ids: &Ids) -> (String, Value) {
    let activity = |a: usize, command: &str| format!("/api/v1/activities/{}/{command}", ids.activities[a]);
    match step {
        Step::Programme(p, name, area) => {
            let (id, code) = &ids.programmes[p];
            (
                "/api/v1/programmes".into(),
                json!({"id": id, "code": code, "name": name, "thematic_area": area}),
            )
        }
        Step::Contribution(p, donor, amount, currency, received_on) => (
            format!("/api/v1/programmes/{}/contributions", ids.programmes[p].0),
            json!({"donor": donor, "amount": amount, "currency": currency, "received_on": received_on}),
        ),
        Step::Plan(a, p, kind, countries, (start, end)) => (
            "/api/v1/activities".into(),
            json!({"id": ids.activities[a], "programme_id": ids.programmes[p].0, "kind": kind,
                   "title": format!("Activity {a}"), "countries": countries, "location": "Capital",
                   "planned_start": start, "planned_end": end}),
        ),
        Step::Deliver(a, (start, end)) => {
            (activity(a, "delivery"), json!({"start": start, "end": end, "mode": "in_person"}))
        }
        Step::Participants(a, [female, male, other], institutions, by_country) => {
            let by_institution: Option<Map<String, Value>> = (!institutions.is_empty())
                .then(|| institutions.iter().map(|(i, n)| ((*i).to_owned(), json!(n))).collect());
            let by_country: Option<Map<String, Value>> = by_country.map(|b| {
                b.iter()
                    .map(|(c, [f, m, o])| {
                        ((*c).to_owned(), json!({"female": f, "male": m, "other_or_undisclosed": o}))
                    })
                    .collect()
            });
            let body = json!({"female": female, "male": male, "other_or_undisclosed": other,
                              "by_institution": by_institution, "by_country": by_country});
            (activity(a, "participants"), body)
        }
        Step::Output(a, kind) => (activity(a, "outputs"), json!({"kind": kind, "description": "A result"})),
        Step::Fund(a, donor, amount, currency) => {
            (activity(a, "funding"), json!({"donor": donor, "amount": amount, "currency": currency}))
        }
        Step::Withdraw(a, donor) => {
            (activity(a, "funding/withdrawal"), json!({"donor": donor, "reason": "moved elsewhere"}))
        }
        Step::Cancel(a) => (activity(a, "cancellation"), json!({"reason": "venue unavailable"})),
        Step::Correct(a, change) => {
            let changes = match change {
                Change::Countries(countries) => json!({"countries": countries}),
                Change::Dates((start, end)) => json!({"planned_start": start, "planned_end": end}),
                Change::Programme(p) => json!({"programme_id": ids.programmes[p].0}),
                Change::Kind(kind) => json!({"kind": kind}),
            };
            (activity(a, "corrections"), json!({"reason": "recorded wrongly", "changes": changes}))
        }
        Step::Report(a) => (activity(a, "report"), json!({})),
        Step::AmendDelivery(a, (start, end)) => (
            activity(a, "delivery/amendment"),
            json!({"reason": "the sign-in sheet says otherwise", "start": start, "end": end, "mode": "in_person"}),
        ),
        Step::AmendParticipants(a, sexes, institutions, by_country) => {
            let (_, participants) = request(Step::Participants(a, sexes, institutions, by_country), ids);
            let body = json!({"reason": "counted twice", "participants": participants});
            (activity(a, "participants/amendment"), body)
        }
        Step::AmendFunding(a, line, donor, amount, currency) => (
            activity(a, "funding/amendment"),
            json!({"reason": "the wrong donor", "line": line, "donor": donor, "amount": amount, "currency": currency}),
        ),
        Step::AmendOutput(a, output, kind) => (
            activity(a, "outputs/amendment"),
            json!({"reason": "the wrong kind", "output": output, "kind": kind, "description": "A result"}),
        ),
        Step::RemoveOutput(a, output) => {
            (activity(a, "outputs/removal"), json!({"reason": "recorded twice", "output": output}))
        }
        Step::Void(a) => (activity(a, "voiding"), json!({"reason": "a duplicate"})),
    }
}
