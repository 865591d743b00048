//! The figures of issue 28 that count themselves from attendance lists: the results
//! framework's people trained and knowledge gain, the annual report's people trained (checked
//! by `--verify`), and IATI's "People trained" result with sex and age dimensions. Every number
//! is counted here from what the scenario records through the API.

mod scenario;

use std::collections::{BTreeMap, BTreeSet};

use reqwest::Method;
use serde_json::{json, Value};
use tatrack_report::verify::verify;
use tatrack_report::Report;
use tatrack_store::db::Db;
use tatrack_testkit::{Backend, TestApp};
use uuid::Uuid;

use scenario::{scenario, Scenario};

tatrack_testkit::on_both_backends!(
    results_count_people_trained_and_knowledge_gain_from_the_lists,
    the_report_names_the_people_trained_and_verifies,
    iati_publishes_people_trained_with_dimensions_of_five_or_more,
);

/// What the test counts from the lists itself: people resolved through the merge, each once.
struct Expected {
    distinct: i64,
    women: i64,
    men: i64,
    disabled: i64,
    again: i64,
    /// Sum of gains and attendees scored both times.
    gain: (i64, i64),
    /// Activities with someone listed; with someone scored.
    listed: Vec<String>,
    scored: Vec<String>,
}

fn n(count: usize) -> i64 {
    i64::try_from(count).expect("a small count")
}

fn expected(s: &Scenario) -> Expected {
    let mut attended: BTreeMap<Uuid, BTreeSet<Uuid>> = BTreeMap::new();
    let (mut total, mut scored, mut listed, mut scored_in) = (0, 0, BTreeSet::new(), BTreeSet::new());
    for (activity, list) in &s.lists {
        for (who, pre, post) in list {
            let person = s.merged.get(who).copied().unwrap_or(*who);
            attended.entry(person).or_default().insert(*activity);
            listed.insert(activity.to_string());
            if let (Some(pre), Some(post)) = (pre, post) {
                total += i64::from(*post) - i64::from(*pre);
                scored += 1;
                scored_in.insert(activity.to_string());
            }
        }
    }
    let count = |keep: &dyn Fn(&scenario::Person) -> bool| {
        n(attended.keys().filter(|id| keep(&s.people[id])).count())
    };
    Expected {
        distinct: n(attended.len()),
        women: count(&|p| p.sex == "female"),
        men: count(&|p| p.sex == "male"),
        disabled: count(&|p| p.disabled),
        again: n(attended.values().filter(|a| a.len() > 1).count()),
        gain: (total, scored),
        listed: listed.into_iter().collect(),
        scored: scored_in.into_iter().collect(),
    }
}

/// The mean gain to one decimal, halves away from zero, as decimal text (integers exactly).
fn mean_text((total, scored): (i64, i64)) -> String {
    let tenths = (total * 100 / scored + if total >= 0 { 5 } else { -5 }) / 10;
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, (tenths % 10).abs())
    }
}

async fn results_count_people_trained_and_knowledge_gain_from_the_lists(backend: Backend) {
    // Arrange
    let s = scenario(backend).await;
    let app = &s.app;
    let base = format!("/api/v1/programmes/{}", s.programme);
    let outcome = Uuid::new_v4();
    app.command(&format!("{base}/outcomes"), &json!({"id": outcome, "name": "Skilled practitioners"})).await;
    let rules = [
        json!({"of": "people_trained"}),
        json!({"of": "people_trained", "who": "women"}),
        json!({"of": "people_trained", "who": "with_disability"}),
        json!({"of": "knowledge_gain", "kind": "workshop"}),
    ];
    let mut ids = Vec::new();
    let mut last = Value::Null;
    for (n, rule) in rules.iter().enumerate() {
        let id = Uuid::new_v4();
        let body = json!({"id": id, "outcome_id": outcome, "name": format!("Indicator {n}"), "unit": "number",
            "by_sex": n == 0, "targets": [{"year": 2019, "value": "10"}], "count": rule});
        last = app.command(&format!("{base}/indicators"), &body).await;
        ids.push(id);
    }
    let e = expected(&s);

    // Act
    let path = format!("{base}/results?year=2019&min_position={}", last["position"]);
    let seen = app.get_json(&path).await;
    let donor = app.request_as(Some(&s.donor), Method::GET, &path, None).await;
    let donor: Value = donor.json().await.expect("JSON");

    // Assert: the manager sees every number, counted as here, with the activities behind it.
    let of = |results: &Value, id: Uuid| {
        results["outcomes"][0]["indicators"]
            .as_array()
            .and_then(|all| all.iter().find(|i| i["id"] == json!(id)).cloned())
            .unwrap_or_else(|| panic!("indicator {id} in {results}"))
    };
    let all = of(&seen, ids[0]);
    assert_eq!(all["source"], "counted");
    assert_eq!(all["actual"], e.distinct.to_string(), "{all}");
    assert_eq!(all["actual_by_sex"]["female"], e.women);
    assert_eq!(all["actual_by_sex"]["male"], e.men);
    assert_eq!(all["activities"]["ids"], json!(e.listed));
    assert_eq!(of(&seen, ids[1])["actual"], e.women.to_string());
    assert_eq!(of(&seen, ids[2])["actual"], e.disabled.to_string());
    let gain = of(&seen, ids[3]);
    assert!(gain["actual"].is_string(), "a decimal string, never a float: {gain}");
    assert_eq!(gain["actual"], mean_text(e.gain), "{gain}");
    assert_eq!(gain["activities"]["ids"], json!(e.scored));

    // A donor sees no figure resting on 1 to 4 people.
    assert!(
        (1..5).contains(&e.disabled) && e.distinct >= 5 && (1..5).contains(&e.men),
        "the scenario has both"
    );
    let all = of(&donor, ids[0]);
    assert_eq!(all["actual"], e.distinct.to_string());
    assert_eq!(all["actual_by_sex"]["male"], Value::Null, "{all}");
    assert_eq!(all["actual_by_sex"]["female"], e.women);
    assert_eq!(all["suppressed_below"], 5);
    let disabled = of(&donor, ids[2]);
    assert_eq!(
        (&disabled["actual"], &disabled["achieved_percent"]),
        (&Value::Null, &Value::Null),
        "{disabled}"
    );
    assert_eq!(of(&donor, ids[3])["actual"], mean_text(e.gain), "{} people scored", e.gain.1);
}

/// The report of the scenario's programme for 2019, once the chain reaches every write.
async fn report(app: &TestApp, code: &str) -> Report {
    let head = app.get_json("/api/v1/projections/status").await["head"].clone();
    app.get_json(&format!("/api/v1/activities?limit=1&min_position={head}")).await;
    let path = format!("/api/v1/reports/activity?from=2019-01-01&to=2019-12-31&programme={code}");
    let response = app.request_as(Some(&app.token), Method::GET, &path, None).await;
    assert!(response.status().is_success(), "GET {path}");
    response.json().await.expect("a report")
}

async fn the_report_names_the_people_trained_and_verifies(backend: Backend) {
    // Arrange
    let s = scenario(backend).await;
    let e = expected(&s);

    // Act
    let published = report(&s.app, &s.code).await;

    // Assert: each figure as counted here, cells of 1 to 4 as null, and every one recomputed.
    let figure = |name: &str| {
        published
            .figures()
            .find(|f| f.id.ends_with(&format!("/people/{name}")))
            .unwrap_or_else(|| panic!("no people/{name} in {published:#?}"))
    };
    let shown = |n: i64| if (1..5).contains(&n) { Value::Null } else { json!(n) };
    assert_eq!(figure("distinct").value, shown(e.distinct));
    assert_eq!(figure("distinct").activities, e.listed);
    assert_eq!(figure("women").value, shown(e.women));
    assert_eq!(figure("with_disability").value, Value::Null, "fewer than five, not printed");
    assert_eq!(figure("more_than_once").value, shown(e.again));
    let gain = figure("knowledge_gain");
    assert_eq!(gain.value, json!({"trainings": e.scored.len(), "mean_gain": mean_text(e.gain)}));
    let text: String = serde_json::to_string(&published).expect("JSON");
    assert!(text.contains("fewer than five people with a disability"), "{text}");
    let db = Db::connect(&s.app.store.url).await.expect("the store opens");
    assert_eq!(verify(&db, &published).await.expect("checked"), Vec::new(), "the figures recompute");
}

async fn iati_publishes_people_trained_with_dimensions_of_five_or_more(backend: Backend) {
    // Arrange
    let s = scenario(backend).await;
    let (activity, list) = &s.lists[0];
    let mut people: BTreeMap<Uuid, &scenario::Person> = BTreeMap::new();
    for (who, _, _) in list {
        let person = s.merged.get(who).copied().unwrap_or(*who);
        people.insert(person, &s.people[&person]);
    }
    let cells = |f: &dyn Fn(&scenario::Person) -> &str| {
        let mut cells: BTreeMap<String, usize> = BTreeMap::new();
        for p in people.values() {
            *cells.entry(f(p).to_owned()).or_default() += 1;
        }
        cells.into_iter().filter(|(_, n)| *n >= 5).map(|(v, _)| v).collect::<BTreeSet<_>>()
    };
    let (sexes, ages) = (cells(&|p| p.sex), cells(&|p| p.age_band));

    // Act
    let xml = scenario::iati(&s, backend).await;

    // Assert
    let at = xml.find(&format!("-{activity}</iati-identifier>")).expect("the listed activity");
    let rest = &xml[at..];
    let activity_xml = &rest[..rest.find("</iati-activity>").expect("its end")];
    assert!(activity_xml.contains("People trained"), "{activity_xml}");
    assert!(activity_xml.contains(&format!("<actual value=\"{}\">", people.len())), "{activity_xml}");
    let found = |name: &str| {
        activity_xml
            .match_indices(&format!("<dimension name=\"{name}\" value=\""))
            .map(|(i, m)| {
                let value = &activity_xml[i + m.len()..];
                value[..value.find('"').expect("a value")].to_owned()
            })
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(found("sex"), sexes, "only cells of five or more");
    assert_eq!(found("age"), ages);
    assert!(!sexes.is_empty() && people.len() > 5, "the scenario has a cell of five and smaller ones");
    for person in s.people.values() {
        assert!(!xml.contains(&person.name), "no personal data: {}", person.name);
    }
    scenario::validate(&xml);
}
