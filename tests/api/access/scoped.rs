//! What scoped callers see: the activities an adviser's or a donor's token lists, and a donor's
//! summaries holding only the activities it funds and only its own money.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use tatrack_testkit::{assert_problem, Backend, TestApp};

use super::world::{arrange, read_as, World, EU};

/// The ids a list of activities shows `token`, sorted.
async fn listed(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let page = read_as(app, token, &format!("/api/v1/activities{query}")).await;
    let items = page["items"].as_array().expect("a page of items");
    let mut ids: Vec<String> = items.iter().map(|i| i["id"].as_str().expect("an id").to_owned()).collect();
    ids.sort();
    ids
}

fn sorted(ids: &[Uuid]) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    ids.sort();
    ids
}

/// A summary's line of `donor`'s money, with the id of the organisation it is registered as.
fn amount(w: &World, donor: &str, currency: &str, amount: &str) -> Value {
    let mut line = json!({"donor": donor, "currency": currency, "amount": amount});
    let organisation = match donor {
        EU => Some(w.organisation_eu),
        "Japan" => Some(w.organisation_japan),
        _ => None,
    };
    if let Some(id) = organisation {
        line["organisation_id"] = json!(id.to_string());
    }
    line
}

pub(super) async fn scoped_roles_see_exactly_their_slice(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let w = arrange(&app).await;

    assert_eq!(listed(&app, &w.manager, "").await, sorted(&[w.sau, w.ago, w.regional, w.withdrawn]));
    assert_eq!(
        listed(&app, &w.adviser_sau, "").await,
        sorted(&[w.sau, w.withdrawn]),
        "every country of an activity must be in the scope: not the regional one"
    );
    assert_eq!(listed(&app, &w.adviser_sau, "?country=AGO").await, sorted(&[]));
    assert_eq!(listed(&app, &w.adviser_b, "").await, sorted(&[w.ago, w.withdrawn]));
    assert_eq!(listed(&app, &w.adviser_b, "?country=SAU").await, sorted(&[w.withdrawn]));
    assert_eq!(listed(&app, &w.donor_eu, "").await, sorted(&[w.sau]), "only standing funding counts");
    assert_eq!(listed(&app, &w.donor_eu, "?donor=European%20Union").await, sorted(&[w.sau]));
    assert_eq!(listed(&app, &w.donor_eu, "?country=AGO").await, sorted(&[]));
    let other = app.request_as(Some(&w.donor_eu), Method::GET, "/api/v1/activities?donor=Japan", None).await;
    assert_problem(other, StatusCode::FORBIDDEN, "/problems/forbidden").await;
    // The country and programme lists are scoped too: see `scope/`.

    assert_donor_sees_only_its_own(&app, &w).await;
}

/// The donor's summaries: only the activities it funds, only its own money.
async fn assert_donor_sees_only_its_own(app: &TestApp, w: &World) {
    let donors = read_as(app, &w.donor_eu, "/api/v1/donors").await;
    assert_eq!(donors, json!([{"donor": EU, "organisation_id": w.organisation_eu.to_string()}]));
    let all = read_as(app, &w.manager, "/api/v1/donors").await;
    let (eu, japan) = (w.organisation_eu.to_string(), w.organisation_japan.to_string());
    let expected = json!([{"donor": EU, "organisation_id": eu}, {"donor": "Germany"},
                          {"donor": "Japan", "organisation_id": japan}, {"donor": "Norway"}]);
    assert_eq!(all, expected);

    let sau = read_as(app, &w.donor_eu, "/api/v1/countries/SAU/summary").await;
    assert_eq!(sau["activities"]["total"], 1, "{sau}");
    assert_eq!(sau["participants"]["total"], 30, "{sau}");
    assert_eq!(sau["funding"], json!([amount(w, EU, "EUR", "12000.00")]), "{sau}");
    let managed = read_as(app, &w.manager, "/api/v1/countries/SAU/summary").await;
    assert_eq!(managed["activities"]["total"], 3, "{managed}");
    assert_eq!(
        managed["funding"],
        json!([amount(w, EU, "EUR", "12000.00"), amount(w, "Norway", "NOK", "5000.00")]),
        "{managed}"
    );
    let ago = read_as(app, &w.donor_eu, "/api/v1/countries/AGO/summary").await;
    assert_eq!(ago["activities"]["total"], 0, "{ago}");
    assert_eq!(ago["participants"]["total"], 0, "{ago}");
    assert_eq!(ago["funding"], json!([]), "{ago}");

    let own = read_as(app, &w.donor_eu, "/api/v1/donors/European%20Union/summary").await;
    assert_eq!(own["donor"], EU);
    assert_eq!(own["activities"]["total"], 1, "{own}");
    assert_eq!(own["funding"], json!([amount(w, EU, "EUR", "12000.00")]), "{own}");
    assert_eq!(own["contributions"], json!([amount(w, EU, "EUR", "250000.00")]), "{own}");
    assert_eq!(own["countries"], json!(["SAU"]), "{own}");

    let a = read_as(app, &w.donor_eu, &format!("/api/v1/programmes/{}/summary", w.programme_a)).await;
    assert_eq!(a["activities"]["total"], 1, "{a}");
    assert_eq!(a["funding"], json!([amount(w, EU, "EUR", "12000.00")]), "{a}");
    assert_eq!(a["contributions"], json!([amount(w, EU, "EUR", "250000.00")]), "{a}");
    let managed = read_as(app, &w.manager, &format!("/api/v1/programmes/{}/summary", w.programme_a)).await;
    assert_eq!(managed["activities"]["total"], 2, "{managed}");
    assert_eq!(
        managed["contributions"],
        json!([amount(w, EU, "EUR", "250000.00"), amount(w, "Germany", "EUR", "250000.00")]),
        "{managed}"
    );
    // Programme B has neither its contribution nor an activity it funds: as good as unknown.
    let path = format!("/api/v1/programmes/{}/summary", w.programme_b);
    let b = app.request_as(Some(&w.donor_eu), Method::GET, &path, None).await;
    assert_problem(b, StatusCode::NOT_FOUND, "/problems/not-found").await;
}
