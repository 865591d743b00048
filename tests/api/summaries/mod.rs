//! Summaries and lists, checked against figures computed independently from the script that
//! produced them: a small in-test model folds the same steps and applies the counting rules.
//!
//! Beside this file: `script` (the commands and the date ranges), `requests` (the script sent
//! over HTTP) and `model` (the script folded into records, and the counting rules applied to
//! them). This file holds the scenarios.

mod model;
mod requests;
mod script;

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{json, Value};

use tatrack_testkit::{assert_problem, Backend, TestApp};

use model::figures::figures_of;
use model::{sum_by_key, within, Keep, Model, Scope};
use requests::{run, Ids};
use script::{script, Range, Text, EU, JAPAN, RANGES, YEAR_2020};

tatrack_testkit::on_both_backends!(
    summaries_match_figures_computed_from_the_script,
    activity_list_filters_and_pages_stably,
    lists_of_countries_programmes_and_donors,
    countries_in_a_date_range_as_each_caller_sees_them,
    each_figure_lists_exactly_the_activities_behind_it,
    unknown_donor_summary_is_404,
    projection_status_reports_no_lag_after_catch_up,
);

/// Spawns a server and runs the script on it.
async fn scripted(backend: Backend) -> (TestApp, Model, Ids, i64) {
    let app = TestApp::spawn(backend).await;
    let script = script();
    let (ids, position) = run(&app, &script).await;
    (app, Model::of(&script), ids, position)
}

async fn summaries_match_figures_computed_from_the_script(backend: Backend) {
    // Arrange, Act
    let (app, model, ids, position) = scripted(backend).await;

    // Assert
    for scope in Model::scopes(&script()) {
        for range in RANGES {
            let expected = model.summary(&ids, scope, range, None);
            assert_summary(&app, &summary_path(&ids, scope), (range, None), position, &expected).await;
        }
        // Narrowed to a kind: one the script has in several countries, one it has once, one it lacks.
        for kind in ["workshop", "expert_group_meeting", "mentoring"] {
            for range in [RANGES[0], YEAR_2020] {
                let expected = model.summary(&ids, scope, range, Some(kind));
                let path = summary_path(&ids, scope);
                assert_summary(&app, &path, (range, Some(kind)), position, &expected).await;
            }
        }
    }
}

fn summary_path(ids: &Ids, scope: Scope) -> String {
    match scope {
        Scope::Country(country) => format!("/api/v1/countries/{country}/summary"),
        Scope::Programme(p) => format!("/api/v1/programmes/{}/summary", ids.programmes[p].0),
        Scope::Donor(donor) => format!("/api/v1/donors/{}/summary", donor.replace(' ', "%20")),
    }
}

async fn assert_summary(
    app: &TestApp,
    path: &str,
    (range, kind): (Range, Option<Text>),
    position: i64,
    expected: &Value,
) {
    let from = range.0.map(|d| format!("&from={d}")).unwrap_or_default();
    let to = range.1.map(|d| format!("&to={d}")).unwrap_or_default();
    let kind = kind.map(|k| format!("&kind={k}")).unwrap_or_default();
    let request = format!("{path}?min_position={position}{from}{to}{kind}");
    let mut actual = app.get_json(&request).await;
    let as_of = actual.as_object_mut().and_then(|fields| fields.remove("as_of_position"));
    assert!(as_of.and_then(|p| p.as_i64()) >= Some(position), "GET {request} is as of the script's end");
    for (key, value) in expected.as_object().expect("an object") {
        assert_eq!(&actual[key], value, "`{key}` of GET {request}");
    }
    assert_eq!(&actual, expected, "GET {request}");
}

async fn activity_list_filters_and_pages_stably(backend: Backend) {
    // Arrange
    let (app, model, ids, position) = scripted(backend).await;

    // Act, Assert: each filter
    for (query, keep) in list_filters(&ids) {
        let page =
            app.get_json(&format!("/api/v1/activities?{query}&limit=500&min_position={position}")).await;
        assert_eq!(item_ids(&page), model.ids_where(&ids, keep), "GET /api/v1/activities?{query}");
        assert!(page["next_cursor"].is_null(), "one page holds all: {}", page["next_cursor"]);
    }

    // Act, Assert: pages of three, and of one so a page ends between two activities of a day
    let all = model.ids_where(&ids, |_| true);
    for limit in [3, 1] {
        assert_pages(&app, limit, &all, position).await;
    }

    assert_bad_filters_refused(&app).await;
}

/// Pages through every activity, `limit` at a time, following `next_cursor`.
async fn assert_pages(app: &TestApp, limit: usize, all: &[String], position: i64) {
    let (mut seen, mut cursor, mut pages) = (Vec::new(), String::new(), 0);
    loop {
        let query = format!("limit={limit}&min_position={position}{cursor}");
        let page = app.get_json(&format!("/api/v1/activities?{query}")).await;
        let items = item_ids(&page);
        assert!(items.len() <= limit, "?{query} answered {} items", items.len());
        seen.extend(items);
        pages += 1;
        let Some(next) = page["next_cursor"].as_str() else { break };
        cursor = format!("&cursor={next}");
        assert!(pages <= all.len(), "paging ends");
    }
    assert_eq!(seen, all, "limit {limit}: every activity once, by date then id");
    assert_eq!(pages, all.len().div_ceil(limit), "limit {limit}: no empty last page");
}

/// Queries of the activity list, each with the activities it should select.
fn list_filters(ids: &Ids) -> Vec<(String, Keep)> {
    fn case(query: impl Into<String>, keep: Keep) -> (String, Keep) {
        (query.into(), keep)
    }
    vec![
        case("country=KEN", |a| a.countries.contains(&"KEN")),
        case("country=UGA", |a| a.countries.contains(&"UGA")),
        case("country=sen", |a| a.countries.contains(&"SEN")),
        case("country=NGA", |a| a.countries.contains(&"NGA")),
        case("country=MLI", |_| false),
        case(format!("programme={}", ids.programmes[0].0), |a| a.programme == 0),
        case(format!("programme={}", ids.programmes[2].1), |a| a.programme == 2),
        case("programme=PNOSUCHCODE", |_| false),
        case("kind=workshop", |a| a.kind == "workshop"),
        case("kind=training", |a| a.kind == "training"),
        case("status=planned", |a| a.status == "planned"),
        case("status=cancelled", |a| a.status == "cancelled"),
        case("status=reported", |a| a.status == "reported"),
        case("status=voided", |a| a.status == "voided"),
        case("donor=European%20Union", |a| a.funded_by(EU)),
        case("donor=Japan", |a| a.funded_by(JAPAN)),
        case("donor=Norway", |_| false),
        case("from=2020-01-01&to=2020-12-31", |a| within(a.date(), YEAR_2020)),
        case("from=2020-09-14", |a| a.date() >= "2020-09-14"),
        case("to=2020-01-13", |a| a.date() <= "2020-01-13"),
        case("country=TZA&status=delivered&from=2020-01-01", |a| {
            a.countries.contains(&"TZA") && a.status == "delivered" && a.date() >= "2020-01-01"
        }),
    ]
}

fn item_ids(page: &Value) -> Vec<String> {
    let items = page["items"].as_array().expect("items");
    items.iter().map(|item| item["id"].as_str().expect("an id").to_owned()).collect()
}

async fn assert_bad_filters_refused(app: &TestApp) {
    let bad = [
        ("country=XXX", "country"),
        ("kind=dance", "kind"),
        ("status=done", "status"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("from=2019-13-01", "from"),
        ("cursor=garbage", "cursor"),
        ("from=2020-02-01&to=2020-01-31", "to"),
        ("foo=1", "foo"),
        ("figure=everything", "figure"),
        ("figure=unattributed", "figure"),
        ("figure=institution", "institution"),
        ("institution=police", "institution"),
        ("figure=female&output=manual", "output"),
        ("figure=funding&currency=EUR", "donor"),
        ("figure=funding&donor=Japan", "currency"),
        ("figure=funding&donor=Japan&currency=EURO", "currency"),
    ];
    for (query, field) in bad {
        let response = app.get(&format!("/api/v1/activities?{query}")).await;
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
        assert_eq!(problem["field"], field, "?{query}: {problem}");
    }
}

async fn lists_of_countries_programmes_and_donors(backend: Backend) {
    // Arrange
    let (app, model, ids, position) = scripted(backend).await;
    let counted = model.activities.iter().filter(|a| a.counts());
    let countries = sum_by_key(counted.flat_map(|a| a.countries.iter().map(|c| (*c, 1))));
    let mut programmes: Vec<Value> = (model.programmes.iter().zip(&ids.programmes))
        .map(|(p, (id, code))| json!({"id": id, "code": code, "name": p.name, "thematic_area": p.area}))
        .collect();
    programmes.sort_by_key(|p| p["code"].as_str().map(ToOwned::to_owned));
    let funders = model.activities.iter().flat_map(|a| a.funding.iter().map(|f| f.0));
    let contributors = model.programmes.iter().flat_map(|p| p.contributions.iter().map(|c| c.0));
    let donors: BTreeSet<Text> = funders.chain(contributors).collect();

    // Act
    let countries_list = app.get_json(&format!("/api/v1/countries?min_position={position}")).await;
    let programmes_list = app.get_json(&format!("/api/v1/programmes?min_position={position}")).await;
    let donors_list = app.get_json(&format!("/api/v1/donors?min_position={position}")).await;

    // Assert
    let countries: Vec<Value> =
        countries.iter().map(|(c, n)| json!({"country": c, "activities": n})).collect();
    assert_eq!(countries_list, json!(countries));
    assert_eq!(programmes_list, json!(programmes));
    assert_eq!(donors_list, json!(donors.iter().map(|d| json!({"donor": d})).collect::<Vec<_>>()));
}

/// The map's figures: activities per country over each range (whole months from the summary
/// cells, the days around them from the detail tables), for everyone and for each donor.
async fn countries_in_a_date_range_as_each_caller_sees_them(backend: Backend) {
    // Arrange
    let (app, model, _, position) = scripted(backend).await;
    let donors: BTreeSet<Text> =
        model.activities.iter().flat_map(|a| a.funding.iter().map(|f| f.0)).collect();
    let mut callers = vec![(None, app.token.clone())];
    for donor in &donors {
        let name = format!("donor-{}", donor.replace(' ', "-").to_lowercase());
        let token = app.issue_token(&json!({"name": name, "role": "donor", "scope": {"donor": donor}})).await;
        callers.push((Some(*donor), token));
    }

    for (donor, token) in callers {
        for range in RANGES {
            // Act
            let from = range.0.map(|d| format!("&from={d}")).unwrap_or_default();
            let to = range.1.map(|d| format!("&to={d}")).unwrap_or_default();
            let path = format!("/api/v1/countries?min_position={position}{from}{to}");
            let response = app.request_as(Some(&token), reqwest::Method::GET, &path, None).await;
            assert_eq!(response.status(), StatusCode::OK, "GET {path}");
            let listed: Value = response.json().await.expect("a JSON list");

            // Assert
            let seen = model.activities.iter().filter(|a| a.counts() && within(a.date(), range));
            let seen = seen.filter(|a| donor.is_none_or(|d| a.funded_by(d)));
            let expected = sum_by_key(seen.flat_map(|a| a.countries.iter().map(|c| (*c, 1))));
            let expected: Vec<Value> =
                expected.iter().map(|(c, n)| json!({"country": c, "activities": n})).collect();
            assert_eq!(listed, json!(expected), "GET {path} as {donor:?}");
        }
    }
}

async fn unknown_donor_summary_is_404(backend: Backend) {
    // Arrange
    let (app, _, _, position) = scripted(backend).await;

    for donor in ["Atlantis", "european%20union", "Japan%20"] {
        // Act
        let response = app.get(&format!("/api/v1/donors/{donor}/summary?min_position={position}")).await;

        // Assert
        let problem = assert_problem(response, StatusCode::NOT_FOUND, "/problems/not-found").await;
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains("donor")), "{donor}: {problem}");
    }
    let known =
        app.get(&format!("/api/v1/donors/Norway/summary?from=2030-01-01&min_position={position}")).await;
    assert_eq!(known.status(), StatusCode::OK, "a known donor with nothing in the range");
}

async fn projection_status_reports_no_lag_after_catch_up(backend: Backend) {
    // Arrange
    let (app, _, _, position) = scripted(backend).await;

    // Act
    app.get_json(&format!("/api/v1/activities?min_position={position}")).await;
    let status = app.get_json("/api/v1/projections/status").await;

    // Assert
    assert!(status["head"].as_i64() >= Some(position), "{status}");
    assert_eq!(status["checkpoint"], status["head"], "{status}");
    assert_eq!(status["lag"], 0, "{status}");
}

/// A dashboard's links: each figure of a summary, asked of the list with `figure`, lists
/// exactly the activities the model puts behind it, each with its part, and the parts add up to
/// the figure the summary shows.
async fn each_figure_lists_exactly_the_activities_behind_it(backend: Backend) {
    // Arrange
    let (app, model, ids, position) = scripted(backend).await;

    for scope in Model::scopes(&script()) {
        let of_scope = match scope {
            Scope::Country(country) => format!("country={country}"),
            Scope::Programme(p) => format!("programme={}", ids.programmes[p].0),
            Scope::Donor(donor) => format!("donor={}", donor.replace(' ', "%20")),
        };
        for range in [RANGES[0], YEAR_2020, RANGES[3]] {
            let from = range.0.map(|d| format!("&from={d}")).unwrap_or_default();
            let to = range.1.map(|d| format!("&to={d}")).unwrap_or_default();
            let summary = app
                .get_json(&format!("{}?min_position={position}{from}{to}", summary_path(&ids, scope)))
                .await;
            for (figure, shown) in figures_of(&summary, scope) {
                // Act
                let query = format!("{of_scope}{from}{to}&{}", figure.query(scope));
                let page = app.get_json(&format!("/api/v1/activities?{query}&limit=500")).await;

                // Assert
                let items = page["items"].as_array().expect("items");
                let listed: Vec<(String, Option<String>)> = items
                    .iter()
                    .map(|i| {
                        (
                            i["id"].as_str().unwrap_or_default().to_owned(),
                            i["part_of_figure"].as_str().map(str::to_owned),
                        )
                    })
                    .collect();
                assert_eq!(
                    listed,
                    model.behind(&ids, (scope, range), figure),
                    "GET /api/v1/activities?{query}"
                );
                let parts: Vec<Option<String>> = listed.into_iter().map(|(_, part)| part).collect();
                assert_eq!(
                    figure.add_up(&parts),
                    figure.value(&shown),
                    "the parts of ?{query} add up to {shown}"
                );
            }
        }
    }
}
