//! The world the access scenarios share, and the tokens that look at it: two programmes, four
//! activities and one token per role, and reading as one of those tokens.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{delivery_body, plan_body, programme_body, unique_code, TestApp};

/// The callers of the matrix, in the order of its columns.
pub(super) const CALLERS: [&str; 6] =
    ["no token", "admin", "manager", "adviser SAU", "adviser B", "donor EU"];

pub(super) const EU: &str = "European Union";

/// Two programmes, four activities and one token per role, all recorded by the admin.
pub(super) struct World {
    pub(super) programme_a: Uuid,
    pub(super) programme_b: Uuid,
    /// In SAU under programme A, delivered with 30 participants; the European Union gave
    /// 12000.00 EUR and Norway 5000 NOK.
    pub(super) sau: Uuid,
    /// In AGO under programme B, delivered with 12 participants; Japan gave 1000000 JPY.
    pub(super) ago: Uuid,
    /// In SAU and AGO under programme A, unfunded: outside a SAU-only scope.
    pub(super) regional: Uuid,
    /// In SAU under programme B; the European Union's funding was withdrawn.
    pub(super) withdrawn: Uuid,
    pub(super) admin: String,
    pub(super) manager: String,
    pub(super) adviser_sau: String,
    pub(super) adviser_b: String,
    pub(super) donor_eu: String,
    /// The European Union (alias "EU") and Japan, registered as organisations.
    pub(super) organisation_eu: Uuid,
    pub(super) organisation_japan: Uuid,
}

impl World {
    /// The token of each column of the matrix, in the order of [`CALLERS`].
    pub(super) fn callers(&self) -> [Option<&str>; 6] {
        [
            None,
            Some(&self.admin),
            Some(&self.manager),
            Some(&self.adviser_sau),
            Some(&self.adviser_b),
            Some(&self.donor_eu),
        ]
    }
}

/// Records the world with the admin token and waits until the read models show it.
pub(super) async fn arrange(app: &TestApp) -> World {
    let (programme_a, programme_b) = (Uuid::new_v4(), Uuid::new_v4());
    let code_b = unique_code();
    app.command("/api/v1/programmes", &programme_body(programme_a, &unique_code())).await;
    app.command("/api/v1/programmes", &programme_body(programme_b, &code_b)).await;
    let sau = activity_in(app, programme_a, &["SAU"]).await;
    fund(app, sau, EU, "12000.00", "EUR").await;
    fund(app, sau, "Norway", "5000", "NOK").await;
    deliver(app, sau, 10, 20).await;
    let ago = activity_in(app, programme_b, &["AGO"]).await;
    fund(app, ago, "Japan", "1000000", "JPY").await;
    deliver(app, ago, 5, 7).await;
    let regional = activity_in(app, programme_a, &["SAU", "AGO"]).await;
    let withdrawn = activity_in(app, programme_b, &["SAU"]).await;
    fund(app, withdrawn, EU, "999.00", "EUR").await;
    app.command(
        &format!("/api/v1/activities/{withdrawn}/funding/withdrawal"),
        &json!({"donor": EU, "reason": "moved to another activity"}),
    )
    .await;
    let contributions = format!("/api/v1/programmes/{programme_a}/contributions");
    for donor in [EU, "Germany"] {
        let contribution =
            json!({"donor": donor, "amount": "250000.00", "currency": "EUR", "received_on": "2019-03-01"});
        app.command(&contributions, &contribution).await;
    }
    let (organisation_eu, organisation_japan) = (Uuid::new_v4(), Uuid::new_v4());
    for (id, name, aliases) in
        [(organisation_eu, EU, json!(["EU"])), (organisation_japan, "Japan", json!([]))]
    {
        let body = json!({"id": id, "name": name, "organisation_type": "government", "aliases": aliases});
        app.command("/api/v1/organisations", &body).await;
    }
    let world = World {
        organisation_eu,
        organisation_japan,
        programme_a,
        programme_b,
        sau,
        ago,
        regional,
        withdrawn,
        admin: app.token.clone(),
        manager: app.issue_token(&json!({"name": "manager", "role": "manager"})).await,
        adviser_sau: app
            .issue_token(&json!({"name": "adviser.sau", "role": "adviser", "scope": {"countries": ["SAU"]}}))
            .await,
        adviser_b: app
            .issue_token(&json!({"name": "adviser.b", "role": "adviser", "scope": {"programmes": [code_b]}}))
            .await,
        donor_eu: app
            .issue_token(&json!({"name": "donor.eu", "role": "donor", "scope": {"donor": EU}}))
            .await,
    };
    let head = app.get_json("/api/v1/projections/status").await["head"].as_i64().expect("a head");
    app.get_json(&format!("/api/v1/countries?min_position={head}")).await;
    world
}

/// Plans a workshop in `countries` under `programme`; returns its id.
pub(super) async fn activity_in(app: &TestApp, programme: Uuid, countries: &[&str]) -> Uuid {
    let id = Uuid::new_v4();
    let mut plan = plan_body(id, programme);
    plan["countries"] = json!(countries);
    app.command("/api/v1/activities", &plan).await;
    id
}

pub(super) async fn fund(app: &TestApp, activity: Uuid, donor: &str, amount: &str, currency: &str) {
    let funding = json!({"donor": donor, "amount": amount, "currency": currency});
    app.command(&format!("/api/v1/activities/{activity}/funding"), &funding).await;
}

async fn deliver(app: &TestApp, activity: Uuid, female: i64, male: i64) {
    app.command(&format!("/api/v1/activities/{activity}/delivery"), &delivery_body()).await;
    let participants = json!({"female": female, "male": male, "other_or_undisclosed": 0});
    app.command(&format!("/api/v1/activities/{activity}/participants"), &participants).await;
}

/// `path` read with `token`, which must be allowed.
pub(super) async fn read_as(app: &TestApp, token: &str, path: &str) -> Value {
    let response = app.request_as(Some(token), Method::GET, path, None).await;
    let status = response.status();
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
    body
}
