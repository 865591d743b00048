//! What the participant scenarios share: activities to attend, people to register, lists to
//! record, and reading summaries once the read models caught up.

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{delivery_body, plan_body, TestApp};

/// A person's identifying values and categories.
#[derive(Clone)]
pub(super) struct Person {
    pub id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub function: Option<String>,
    pub sex: &'static str,
    pub age_band: &'static str,
    pub disabled: bool,
    pub institution: Option<&'static str>,
    pub country: &'static str,
}

impl Person {
    pub fn new(name: &str, sex: &'static str, age_band: &'static str) -> Self {
        let tag = &Uuid::new_v4().simple().to_string()[..8];
        Self {
            id: Uuid::new_v4(),
            name: name.to_owned(),
            email: Some(format!("{}.{tag}@example.org", name.to_lowercase().replace(' ', "."))),
            phone: None,
            function: None,
            sex,
            age_band,
            disabled: false,
            institution: Some("prosecutors"),
            country: "SAU",
        }
    }

    pub fn body(&self) -> Value {
        let answer = if self.disabled { "a_lot_of_difficulty" } else { "no_difficulty" };
        json!({
            "id": self.id, "name": self.name, "email": self.email, "phone": self.phone,
            "function": self.function, "sex": self.sex, "age_band": self.age_band,
            "disability": {"seeing": answer, "hearing": "no_difficulty", "walking": "no_difficulty",
                           "remembering": "no_difficulty", "self_care": "no_difficulty",
                           "communicating": "some_difficulty"},
            "institution": self.institution, "country": self.country,
            "consent": {"purpose": "follow-up of the training", "given_on": "2019-10-20"}
        })
    }
}

/// Every answer a scenario read, as bytes, to search for identifying values.
#[derive(Default)]
pub(super) struct Answers(pub Vec<Vec<u8>>);

impl Answers {
    pub async fn keep(&mut self, response: reqwest::Response) -> (StatusCode, Value) {
        let status = response.status();
        let bytes = response.bytes().await.expect("a body").to_vec();
        let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        self.0.push(bytes);
        (status, value)
    }
}

pub(super) async fn register(app: &TestApp, person: &Person) -> Value {
    app.command("/api/v1/participants", &person.body()).await
}

/// A delivered activity of `programme` (the Riyadh workshop) funded by Japan.
pub(super) async fn delivered(app: &TestApp, programme: Uuid) -> Uuid {
    let id = Uuid::new_v4();
    app.command("/api/v1/activities", &plan_body(id, programme)).await;
    app.command(&format!("/api/v1/activities/{id}/delivery"), &delivery_body()).await;
    app.command(
        &format!("/api/v1/activities/{id}/funding"),
        &json!({"donor": "Japan", "amount": "1000", "currency": "JPY"}),
    )
    .await;
    id
}

/// Records `attendees` (person, pre-test, post-test) as the activity's list; the answer.
pub(super) async fn attend(
    app: &TestApp,
    activity: Uuid,
    attendees: &[(&Person, Option<u8>, Option<u8>)],
) -> Value {
    let list: Vec<Value> = attendees
        .iter()
        .map(|(p, pre, post)| json!({"participant_id": p.id, "pre_score": pre, "post_score": post}))
        .collect();
    app.command(&format!("/api/v1/activities/{activity}/attendance"), &json!({"attendees": list})).await
}

/// The programme's summary once the read models reached `position`.
pub(super) async fn summary(app: &TestApp, programme: Uuid, position: &Value) -> Value {
    app.get_json(&format!("/api/v1/programmes/{programme}/summary?min_position={position}")).await
}
