//! The scenario every figure is checked on: a programme of two delivered workshops of 2019
//! funded by Japan, eight people on the first list (six women, two men; five of 25 to 34; two
//! with a disability), three on the second (two of them again, and one registered twice and
//! merged into the woman they are), scored before and after on the first.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use tatrack_testkit::{delivery_body, plan_body, programme_body, unique_code, Backend, TestApp};
use uuid::Uuid;

/// A person as registered.
pub(super) struct Person {
    pub name: String,
    pub sex: &'static str,
    pub age_band: &'static str,
    pub disabled: bool,
}

/// (participant, pre-test, post-test).
pub(super) type Line = (Uuid, Option<u8>, Option<u8>);

pub(super) struct Scenario {
    pub app: TestApp,
    pub programme: Uuid,
    pub code: String,
    pub donor: String,
    pub people: BTreeMap<Uuid, Person>,
    /// Who was merged into whom.
    pub merged: BTreeMap<Uuid, Uuid>,
    pub lists: Vec<(Uuid, Vec<Line>)>,
}

async fn register(app: &TestApp, id: Uuid, person: &Person) {
    let answer = if person.disabled { "cannot_do_at_all" } else { "no_difficulty" };
    let body = json!({
        "id": id, "name": person.name, "sex": person.sex, "age_band": person.age_band,
        "disability": {"seeing": "no_difficulty", "hearing": answer, "walking": "no_difficulty",
                       "remembering": "no_difficulty", "self_care": "no_difficulty", "communicating": "no_difficulty"},
        "institution": "police", "country": "SAU",
        "consent": {"purpose": "training follow-up", "given_on": "2019-10-01"}
    });
    app.command("/api/v1/participants", &body).await;
}

async fn workshop(app: &TestApp, programme: Uuid) -> Uuid {
    let id = Uuid::new_v4();
    app.command("/api/v1/activities", &plan_body(id, programme)).await;
    app.command(&format!("/api/v1/activities/{id}/delivery"), &delivery_body()).await;
    let funding = json!({"donor": "Japan", "amount": "1000", "currency": "JPY"});
    app.command(&format!("/api/v1/activities/{id}/funding"), &funding).await;
    id
}

pub(super) async fn scenario(backend: Backend) -> Scenario {
    let app = TestApp::spawn(backend).await;
    let (programme, code) = (Uuid::new_v4(), unique_code());
    app.command("/api/v1/programmes", &programme_body(programme, &code)).await;
    let specs = [
        ("Amal Haddad", "female", "25_34", false),
        ("Rania Aziz", "female", "25_34", true),
        ("Huda Saleh", "female", "25_34", false),
        ("Mona Khalil", "female", "25_34", false),
        ("Dana Yousef", "female", "25_34", false),
        ("Leila Omar", "female", "35_44", false),
        ("Omar Zaid", "male", "45_54", true),
        ("Fadi Nasr", "male", "18_24", false),
        ("R. Aziz", "female", "35_44", false),
    ];
    let mut people = BTreeMap::new();
    let mut ids = Vec::new();
    for (name, sex, age_band, disabled) in specs {
        let id = Uuid::new_v4();
        let person = Person { name: name.to_owned(), sex, age_band, disabled };
        register(&app, id, &person).await;
        people.insert(id, person);
        ids.push(id);
    }
    let (first, second) = (workshop(&app, programme).await, workshop(&app, programme).await);
    let scores = [(40, 70), (55, 60), (30, 33), (70, 65), (20, 50), (60, 61), (45, 80), (50, 52)];
    let lists = vec![
        (first, ids[..8].iter().zip(scores).map(|(id, (pre, post))| (*id, Some(pre), Some(post))).collect()),
        (second, vec![(ids[0], None, Some(90)), (ids[6], None, None), (ids[8], None, None)]),
    ];
    for (activity, list) in &lists {
        let attendees: Vec<Value> = list
            .iter()
            .map(|(id, pre, post)| json!({"participant_id": id, "pre_score": pre, "post_score": post}))
            .collect();
        app.command(&format!("/api/v1/activities/{activity}/attendance"), &json!({"attendees": attendees}))
            .await;
    }
    let merge = json!({"into": ids[1], "reason": "registered twice at the second workshop"});
    app.command(&format!("/api/v1/participants/{}/merge", ids[8]), &merge).await;
    let donor =
        app.issue_token(&json!({"name": "donor.japan", "role": "donor", "scope": {"donor": "Japan"}})).await;
    let merged = BTreeMap::from([(ids[8], ids[1])]);
    Scenario { app, programme, code, donor, people, merged, lists }
}

/// The programme's IATI document, kept for `scripts/iati-check` when it asks.
pub(super) async fn iati(s: &Scenario, backend: Backend) -> String {
    let head = s.app.get_json("/api/v1/projections/status").await["head"].clone();
    s.app.get_json(&format!("/api/v1/countries?min_position={head}")).await;
    let path = format!("/api/v1/iati/activities.xml?programme={}", s.programme);
    let response = s.app.request_as(Some(&s.app.token), reqwest::Method::GET, &path, None).await;
    assert!(response.status().is_success(), "GET {path}");
    let text = response.text().await.expect("a body");
    if let Some(dir) = std::env::var_os("TATRACK_IATI_DUMP_DIR") {
        let file = std::path::Path::new(&dir).join(format!("{backend:?}-people-trained.xml").to_lowercase());
        std::fs::write(&file, &text).expect("the dump directory is writable");
    }
    text
}

/// Validates `xml` against the IATI 2.03 XSD with xmllint when `TATRACK_IATI_XSD` names the
/// schema (`scripts/iati-check` validates the dumped copy otherwise).
pub(super) fn validate(xml: &str) {
    let Some(schema) = std::env::var_os("TATRACK_IATI_XSD") else { return };
    let file = std::env::temp_dir().join(format!("tatrack-people-{}.xml", Uuid::new_v4()));
    std::fs::write(&file, xml).expect("a temporary file");
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output()
        .expect("xmllint runs");
    let _ = std::fs::remove_file(&file);
    assert!(out.status.success(), "not valid IATI 2.03: {}", String::from_utf8_lossy(&out.stderr));
}
