//! Results frameworks over HTTP: indicators counted from activities (with the activities
//! behind each figure) and reported by managers, and every rule a user can break.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, delivery_body, participants_body, plan_body, Backend, TestApp};

tatrack_testkit::on_both_backends!(
    counted_actuals_follow_delivered_activities_and_link_to_them,
    reported_actuals_and_revisions_keep_their_reasons,
    results_rules_are_enforced,
);

/// An outcome with five indicators: workshops delivered (target 2 in 2019), participants by
/// sex, countries assisted, laws drafted, and a reported percentage (target 40 in 2019).
async fn framework(app: &TestApp, programme: Uuid) -> [Uuid; 5] {
    let outcome = Uuid::new_v4();
    let base = format!("/api/v1/programmes/{programme}");
    app.command(&format!("{base}/outcomes"), &json!({"id": outcome, "name": "Stronger cooperation"})).await;
    let ids = [Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4()];
    let bodies = [
        json!({"name": "Workshops delivered", "unit": "number", "count": {"of": "activities", "kind": "workshop"},
               "baseline": {"year": 2018, "value": "0"}, "targets": [{"year": 2019, "value": "2"}]}),
        json!({"name": "People trained", "unit": "number", "by_sex": true, "count": {"of": "participants"},
               "targets": [{"year": 2019, "value": "60"}]}),
        json!({"name": "Countries assisted", "unit": "number", "count": {"of": "countries"}}),
        json!({"name": "Laws drafted", "unit": "number", "count": {"of": "outputs", "output": "law_drafted"}}),
        json!({"name": "Requests answered in time", "unit": "percentage",
               "baseline": {"year": 2018, "value": "12.5"}, "targets": [{"year": 2019, "value": "40"}]}),
    ];
    for (id, mut body) in ids.into_iter().zip(bodies) {
        body["id"] = json!(id);
        body["outcome_id"] = json!(outcome);
        app.command(&format!("{base}/indicators"), &body).await;
    }
    ids
}

/// Plans the Riyadh workshop (October 2019) in `programme`, starting on `start`.
async fn workshop(app: &TestApp, programme: Uuid, start: &str) -> Uuid {
    let id = Uuid::new_v4();
    let mut body = plan_body(id, programme);
    body["planned_start"] = json!(start);
    body["planned_end"] = json!(start);
    app.command("/api/v1/activities", &body).await;
    id
}

async fn results(app: &TestApp, programme: Uuid, year: i32, position: i64) -> Value {
    app.get_json(&format!("/api/v1/programmes/{programme}/results?year={year}&min_position={position}")).await
}

fn indicator(results: &Value, id: Uuid) -> &Value {
    results["outcomes"][0]["indicators"]
        .as_array()
        .and_then(|all| all.iter().find(|i| i["id"] == json!(id)))
        .unwrap_or_else(|| panic!("indicator {id} in {results}"))
}

async fn counted_actuals_follow_delivered_activities_and_link_to_them(backend: Backend) {
    // Arrange: one delivered workshop with 10 women, 20 men and a law drafted; one cancelled,
    // one only planned, one delivered the next year.
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let [workshops, people, countries, laws, share] = framework(&app, programme).await;
    let delivered = workshop(&app, programme, "2019-10-20").await;
    let base = format!("/api/v1/activities/{delivered}");
    let mut delivery = delivery_body();
    delivery["start"] = json!("2019-10-20");
    delivery["end"] = json!("2019-10-20");
    app.command(&format!("{base}/delivery"), &delivery).await;
    app.command(&format!("{base}/participants"), &participants_body(10, 20)).await;
    app.command(&format!("{base}/outputs"), &json!({"kind": "law_drafted", "description": "Firearms act"}))
        .await;
    let cancelled = workshop(&app, programme, "2019-03-01").await;
    app.command(&format!("/api/v1/activities/{cancelled}/cancellation"), &json!({"reason": "venue closed"}))
        .await;
    workshop(&app, programme, "2019-05-01").await;
    let next_year = workshop(&app, programme, "2020-02-01").await;
    let mut delivery_2020 = delivery_body();
    delivery_2020["start"] = json!("2020-02-01");
    delivery_2020["end"] = json!("2020-02-01");
    let last = app.command(&format!("/api/v1/activities/{next_year}/delivery"), &delivery_2020).await;
    let position = last["position"].as_i64().expect("a position");

    // Act
    let answer = results(&app, programme, 2019, position).await;

    // Assert
    assert_eq!(answer["year"], 2019);
    let delivered_ids = json!([delivered.to_string()]);
    let w = indicator(&answer, workshops);
    assert_eq!((&w["source"], &w["actual"], &w["target"]), (&json!("counted"), &json!("1"), &json!("2")));
    assert_eq!(w["achieved_percent"], "50", "{w}");
    assert_eq!(w["baseline"], json!({"year": 2018, "value": "0"}));
    assert_eq!(w["activities"]["ids"], delivered_ids);
    let links = w["activities"]["links"].as_array().expect("links");
    let expected = format!(
        "/api/v1/activities?programme={programme}&from=2019-01-01&to=2019-12-31&status=delivered&kind=workshop"
    );
    assert!(links.contains(&json!(expected)), "{links:?}");
    let listed = app.get_json(links[0].as_str().expect("a link")).await;
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1), "the link lists the activity: {listed}");
    let p = indicator(&answer, people);
    assert_eq!(p["actual"], "30");
    assert_eq!(p["actual_by_sex"], json!({"female": 10, "male": 20, "other": 0}));
    assert_eq!(p["achieved_percent"], "50");
    assert_eq!(indicator(&answer, countries)["actual"], "1");
    let l = indicator(&answer, laws);
    assert_eq!((&l["actual"], &l["activities"]["ids"]), (&json!("1"), &delivered_ids));
    let s = indicator(&answer, share);
    assert_eq!(
        (&s["source"], &s["actual"], &s["achieved_percent"]),
        (&json!("reported"), &Value::Null, &Value::Null)
    );

    let next = results(&app, programme, 2020, position).await;
    assert_eq!(indicator(&next, workshops)["actual"], "1");
    assert_eq!(indicator(&next, workshops)["target"], Value::Null);
    assert_eq!(indicator(&next, workshops)["achieved_percent"], Value::Null);
}

async fn reported_actuals_and_revisions_keep_their_reasons(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let [_, _, _, _, share] = framework(&app, programme).await;
    let path = format!("/api/v1/programmes/{programme}/indicators/{share}");

    // Act
    app.command(
        &format!("{path}/actuals"),
        &json!({"year": 2019, "value": "30", "reason": "first estimate"}),
    )
    .await;
    app.command(
        &format!("{path}/actuals"),
        &json!({"year": 2019, "value": "37.5", "reason": "annual survey"}),
    )
    .await;
    let revised = app
        .command(
            &format!("{path}/revisions"),
            &json!({"targets": [{"year": 2019, "value": "50"}], "reason": "donor agreed a higher target"}),
        )
        .await;

    // Assert
    let answer = results(&app, programme, 2019, revised["position"].as_i64().expect("a position")).await;
    let s = indicator(&answer, share);
    assert_eq!(
        (&s["actual"], &s["target"], &s["achieved_percent"]),
        (&json!("37.5"), &json!("50"), &json!("75"))
    );
    assert_eq!(s["reported_reason"], "annual survey");
    assert_eq!(s["activities"], Value::Null);
    let history = app.get_json(&format!("/api/v1/programmes/{programme}/history")).await;
    let revision = history.as_array().and_then(|h| h.last()).expect("a revision in history");
    assert_eq!(revision["event_type"], "IndicatorRevised", "{revision}");
    assert_eq!(revision["reason"], "donor agreed a higher target", "{revision}");
    let change = &revision["changes"][0];
    assert_eq!(change["field"], "targets");
    assert_eq!(change["old"], json!([{"year": 2019, "value": "40"}]));
    assert_eq!(change["new"], json!([{"year": 2019, "value": "50"}]));
    let record = app.get_json(&format!("/api/v1/programmes/{programme}")).await;
    assert_eq!(record["results"]["indicators"][4]["reported"][0]["value"], "37.5", "{record}");
}

/// A request a rule refuses: its name, path, body, and the status, problem type and field.
type Refused = (&'static str, String, Value, StatusCode, &'static str, Option<&'static str>);

/// Every refused request on a programme (`base`) with outcome `outcome`, counted indicator
/// `workshops` and reported percentage `share`.
fn refused(base: &str, outcome: &Value, workshops: Uuid, share: Uuid) -> Vec<Refused> {
    let indicator = |body: Value| {
        let mut body = body;
        body["id"] = json!(Uuid::new_v4());
        if body.get("outcome_id").is_none() {
            body["outcome_id"] = outcome.clone();
        }
        body
    };
    vec![
        (
            "outcome twice",
            format!("{base}/outcomes"),
            json!({"id": outcome, "name": "Again"}),
            StatusCode::CONFLICT,
            "/problems/already-defined",
            None,
        ),
        (
            "unknown outcome",
            format!("{base}/indicators"),
            indicator(json!({"name": "x", "unit": "number", "outcome_id": Uuid::new_v4()})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/validation",
            Some("outcome_id"),
        ),
        (
            "percentage over 100",
            format!("{base}/indicators"),
            indicator(
                json!({"name": "x", "unit": "percentage", "targets": [{"year": 2019, "value": "120"}]}),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/validation",
            Some("targets[0].value"),
        ),
        (
            "target year out of range",
            format!("{base}/indicators"),
            indicator(json!({"name": "x", "unit": "number", "targets": [{"year": 1800, "value": "1"}]})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/validation",
            Some("targets[0].year"),
        ),
        (
            "counted percentage",
            format!("{base}/indicators"),
            indicator(json!({"name": "x", "unit": "percentage", "count": {"of": "countries"}})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/validation",
            Some("unit"),
        ),
        (
            "report on a counted indicator",
            format!("{base}/indicators/{workshops}/actuals"),
            json!({"year": 2019, "value": "3", "reason": "r"}),
            StatusCode::CONFLICT,
            "/problems/counted-indicator",
            None,
        ),
        (
            "revision changing nothing",
            format!("{base}/indicators/{share}/revisions"),
            json!({"targets": [{"year": 2019, "value": "40"}], "reason": "r"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "/problems/validation",
            None,
        ),
        (
            "unknown indicator",
            format!("{base}/indicators/{}/actuals", Uuid::new_v4()),
            json!({"year": 2019, "value": "3", "reason": "r"}),
            StatusCode::NOT_FOUND,
            "/problems/not-found",
            None,
        ),
        (
            "unknown programme",
            format!("/api/v1/programmes/{}/outcomes", Uuid::new_v4()),
            json!({"id": Uuid::new_v4(), "name": "x"}),
            StatusCode::NOT_FOUND,
            "/problems/not-found",
            None,
        ),
    ]
}

async fn results_rules_are_enforced(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let [workshops, _, _, _, share] = framework(&app, programme).await;
    let base = format!("/api/v1/programmes/{programme}");
    let outcome = app.get_json(&base).await["results"]["outcomes"][0]["id"].clone();
    let cases = refused(&base, &outcome, workshops, share);
    let before = app.get_json(&base).await;

    for (case, path, body, status, kind, field) in cases {
        // Act
        let response = app.post(&path, &body).await;

        // Assert
        eprintln!("case: {case}");
        let problem = assert_problem(response, status, kind).await;
        assert_eq!(problem.get("field").and_then(Value::as_str), field, "{case}: {problem}");
    }
    let blank = app
        .post(
            &format!("{base}/indicators/{share}/actuals"),
            &json!({"year": 2019, "value": "3", "reason": " "}),
        )
        .await;
    assert!(blank.status().is_client_error(), "a blank reason is refused");
    let adviser = app
        .issue_token(&json!({"name": format!("adv-{}", Uuid::new_v4()), "role": "adviser", "scope": {"countries": ["SAU"]}}))
        .await;
    let body = json!({"id": Uuid::new_v4(), "name": "x"});
    let forbidden =
        app.request_as(Some(&adviser), Method::POST, &format!("{base}/outcomes"), Some(&body)).await;
    assert_problem(forbidden, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    let bad_year = app.get(&format!("{base}/results?year=99999")).await;
    assert_eq!(bad_year.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.get_json(&base).await, before, "refused commands wrote nothing");
}
