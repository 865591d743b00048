//! Distinct people, counted here from what the scenario records (activities, a person on two
//! lists, a merge, a merge split again, an erasure, a voided activity), against the summaries.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;
use tatrack_testkit::{Backend, TestApp};
use uuid::Uuid;

use super::helpers::{attend, delivered, register, summary, Person};

type Scored<'p> = (&'p Person, Option<u8>, Option<u8>);

pub(super) async fn distinct_people_match_the_count_made_here(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let mut people = vec![
        Person::new("Lina Farah", "female", "25_34"),
        Person::new("Karim Nasser", "male", "35_44"),
        Person::new("Sara Odeh", "female", "18_24"),
        Person::new("Alex Rahal", "other_or_undisclosed", "45_54"),
        Person::new("K. Nasser", "male", "25_34"),
        Person::new("Lina F.", "female", "25_34"),
        Person::new("Nour Saleh", "female", "under_18"),
    ];
    people[1].disabled = true;
    people[6].disabled = true;
    for person in &people {
        register(&app, person).await;
    }
    let p = &people;
    let (a1, a2, a3, voided) = (
        delivered(&app, programme).await,
        delivered(&app, programme).await,
        delivered(&app, programme).await,
        delivered(&app, programme).await,
    );
    let lists: Vec<(Uuid, Vec<Scored<'_>>)> = vec![
        (a1, vec![(&p[0], Some(40), Some(70)), (&p[1], Some(50), Some(60)), (&p[2], None, None)]),
        (
            a2,
            vec![
                (&p[0], None, None),
                (&p[3], Some(20), Some(50)),
                (&p[4], None, None),
                (&p[5], None, Some(90)),
            ],
        ),
        (a3, vec![(&p[2], None, None), (&p[6], None, None), (&p[5], None, None)]),
        (voided, vec![(&p[3], Some(0), Some(100))]),
    ];
    for (activity, list) in &lists {
        attend(&app, *activity, list).await;
    }
    app.command(&format!("/api/v1/activities/{voided}/voiding"), &json!({"reason": "recorded twice"})).await;
    let merge = |who: &Person, into: &Person| json!({"into": into.id, "reason": format!("{} is {}", who.id, into.id)});
    app.command(&format!("/api/v1/participants/{}/merge", p[4].id), &merge(&p[4], &p[1])).await;
    app.command(&format!("/api/v1/participants/{}/merge", p[5].id), &merge(&p[5], &p[0])).await;
    app.command(
        &format!("/api/v1/participants/{}/split", p[5].id),
        &json!({"reason": "two people after all"}),
    )
    .await;
    let last = app
        .command(
            &format!("/api/v1/participants/{}/erasure", p[6].id),
            &json!({"ground": "consent_withdrawn"}),
        )
        .await;

    // Counted here: the lists of activities that count, people resolved through the merges
    // standing (p4 into p1), each once with the categories of the one merged into.
    let merged_into: BTreeMap<Uuid, Uuid> = BTreeMap::from([(p[4].id, p[1].id)]);
    let root = |id: Uuid| *merged_into.get(&id).unwrap_or(&id);
    let by_id: BTreeMap<Uuid, &Person> = p.iter().map(|person| (person.id, person)).collect();
    let mut attended: BTreeMap<Uuid, BTreeSet<Uuid>> = BTreeMap::new();
    let (mut scored, mut gains, mut scored_activities) = (0, 0i64, BTreeSet::new());
    for (activity, list) in lists.iter().filter(|(activity, _)| *activity != voided) {
        for (person, pre, post) in list {
            attended.entry(root(person.id)).or_default().insert(*activity);
            if let (Some(pre), Some(post)) = (pre, post) {
                scored += 1;
                gains += i64::from(*post) - i64::from(*pre);
                scored_activities.insert(*activity);
            }
        }
    }
    let count = |pick: &dyn Fn(&Person) -> bool| attended.keys().filter(|id| pick(by_id[id])).count();
    let mut by_band = BTreeMap::new();
    for id in attended.keys() {
        *by_band.entry(by_id[id].age_band).or_insert(0) += 1;
    }

    // Act
    let summary = summary(&app, programme, &last["position"]).await;

    // Assert
    let people = &summary["people"];
    assert_eq!(people["distinct"], attended.len(), "{people}");
    assert_eq!(people["distinct"], 6);
    assert_eq!(people["female"], count(&|x| x.sex == "female"));
    assert_eq!(people["male"], count(&|x| x.sex == "male"));
    assert_eq!(people["other_or_undisclosed"], count(&|x| x.sex == "other_or_undisclosed"));
    assert_eq!(people["with_disability"], count(&|x| x.disabled));
    assert_eq!(people["trained_more_than_once"], attended.values().filter(|a| a.len() > 1).count());
    for band in ["under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_and_over", "not_given"] {
        assert_eq!(people["by_age_band"][band], by_band.get(band).copied().unwrap_or(0), "{band}");
    }
    assert_eq!(people["knowledge_gain"]["trainings"], scored_activities.len());
    #[expect(clippy::cast_precision_loss, reason = "a small mean")]
    let mean = (gains as f64 / f64::from(scored) * 10.0).round() / 10.0;
    assert_eq!(people["knowledge_gain"]["mean_gain"].as_f64(), Some(mean));
    // Every activity is in Saudi Arabia and funded by Japan: the same people there.
    let country = app.get_json("/api/v1/countries/SAU/summary").await;
    assert_eq!(country["people"], summary["people"]);
    let donor = app.get_json("/api/v1/donors/Japan/summary").await;
    assert_eq!(donor["people"], summary["people"], "an admin sees every cell");
    // The tallies come from the lists: the three counted lists hold 10 heads.
    assert_eq!(summary["participants"]["total"], 10, "{}", summary["participants"]);
}
