//! What each GET route must answer each caller: the status, and the figures computed from the
//! data set (compared with a view of the answer that keeps what scope decides).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::data::{amount, Activity, Caller, Data, EU, JAPAN};

/// Sums of (donor, currency) over `lines`, as the API lists them: `[donor, currency, amount]`.
fn sums<'a>(lines: impl Iterator<Item = &'a (&'static str, i64, &'static str)>) -> Value {
    let mut totals: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for (donor, minor, currency) in lines {
        *totals.entry((*donor, *currency)).or_default() += minor;
    }
    totals
        .into_iter()
        .map(|((donor, currency), minor)| json!([donor, currency, amount(minor, currency)]))
        .collect()
}

/// An answer's amounts as `[donor, currency, amount]`, sorted.
fn listed_sums(amounts: &Value) -> Value {
    let mut lines: Vec<Value> = amounts
        .as_array()
        .map(|a| a.iter().map(|l| json!([l["donor"], l["currency"], l["amount"]])).collect())
        .unwrap_or_default();
    lines.sort_by_key(ToString::to_string);
    Value::Array(lines)
}

/// The figures of a summary that scope decides.
fn summary_view(body: &Value) -> Value {
    json!({
        "total": body["activities"]["total"],
        "participants": body["participants"]["total"],
        "funding": listed_sums(&body["funding"]),
        "contributions": if body["contributions"].is_null() { Value::Null } else { listed_sums(&body["contributions"]) },
    })
}

fn summary_expected(caller: Caller, activities: &[&Activity], contributions: &Value) -> Value {
    let funding = activities.iter().flat_map(|a| a.funding.iter()).filter(|(d, ..)| caller.reads_money_of(d));
    json!({
        "total": activities.len(),
        "participants": activities.iter().filter_map(|a| a.participants).map(|(f, m)| f + m).sum::<i64>(),
        "funding": sums(funding),
        "contributions": contributions,
    })
}

/// One request of the walk: its path, the status it must get, and the figures it must show
/// (compared with `view` of the answer).
pub(super) struct Case {
    pub(super) path: String,
    pub(super) status: u16,
    pub(super) expected: Option<Value>,
    pub(super) view: fn(&Value) -> Value,
}

fn case(path: String, status: u16, expected: Option<Value>, view: fn(&Value) -> Value) -> Case {
    Case { path, status, expected, view }
}

fn whole(body: &Value) -> Value {
    body.clone()
}

fn nothing(_: &Value) -> Value {
    Value::Null
}

/// The cases of the GET route `template` for `caller`; `None` for a route this walk does not know.
#[expect(clippy::too_many_lines, reason = "one arm per route keeps each route's rule in view")]
pub(super) fn cases(template: &str, caller: Caller, data: &Data) -> Option<Vec<Case>> {
    let visible: Vec<&Activity> = data.activities.iter().filter(|a| caller.sees(a)).collect();
    let reader = caller.sees_all() || caller == Caller::DonorEu;
    let allowed = |yes: bool| if yes { 200 } else { 403 };
    let status_of = |readable: bool| if readable { 200 } else { 404 };
    let programme_contributions = |p: usize| {
        sums(
            data.contributions
                .iter()
                .filter(|c| c.0 == p)
                .map(|(_, d, m, c)| (*d, *m, *c))
                .collect::<Vec<_>>()
                .iter()
                .filter(|(d, ..)| caller.reads_money_of(d)),
        )
    };
    Some(match template {
        "/healthz" | "/readyz" => vec![case(template.to_owned(), 200, None, nothing)],
        "/api/v1/countries" => {
            let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
            for a in &visible {
                for country in a.countries {
                    *counts.entry(*country).or_default() += 1;
                }
            }
            let list = counts.into_iter().map(|(country, n)| json!({"country": country, "activities": n})).collect();
            vec![case(template.to_owned(), 200, Some(list), whole)]
        }
        "/api/v1/programmes" => {
            let mut ids: Vec<(&str, String)> = (0..data.programmes.len())
                .filter(|p| caller.sees_programme(data, *p))
                .map(|p| (data.programmes[p].1.as_str(), data.programmes[p].0.to_string()))
                .collect();
            ids.sort();
            let ids = ids.into_iter().map(|(_, id)| json!(id)).collect();
            vec![case(template.to_owned(), 200, Some(ids), |b| b.as_array().map(|a| a.iter().map(|p| p["id"].clone()).collect()).unwrap_or_default())]
        }
        "/api/v1/organisations" => {
            let names = data
                .organisations
                .iter()
                .filter(|(_, name)| caller != Caller::DonorEu || *name == EU)
                .map(|(_, name)| json!(name))
                .collect();
            vec![case(template.to_owned(), 200, Some(names), |b| b.as_array().map(|a| a.iter().map(|o| o["name"].clone()).collect()).unwrap_or_default())]
        }
        "/api/v1/organisations/{id}" => data
            .organisations
            .iter()
            .map(|(id, name)| {
                let visible = caller != Caller::DonorEu || *name == EU;
                case(format!("/api/v1/organisations/{id}"), status_of(visible), visible.then(|| json!(name)), |b| b["name"].clone())
            })
            .collect(),
        "/api/v1/programmes/{id}" => (0..data.programmes.len())
            .map(|p| {
                let visible = caller.sees_programme(data, p);
                let expected = visible.then(|| programme_contributions(p));
                case(format!("/api/v1/programmes/{}", data.programmes[p].0), status_of(visible), expected, |b| listed_sums(&b["contributions"]))
            })
            .collect(),
        "/api/v1/programmes/{id}/history" => (0..data.programmes.len())
            .map(|p| {
                let events = 1 + data.contributions.iter().filter(|c| c.0 == p).count();
                let expected = caller.sees_all().then(|| json!(events));
                case(format!("/api/v1/programmes/{}/history", data.programmes[p].0), allowed(caller.sees_all()), expected, |b| json!(b.as_array().map(Vec::len)))
            })
            .collect(),
        "/api/v1/programmes/{id}/results" => (0..data.programmes.len())
            .map(|p| {
                let visible = caller.sees_programme(data, p);
                let path = format!("/api/v1/programmes/{}/results", data.programmes[p].0);
                case(path, status_of(visible), visible.then(|| json!([])), |b| b["outcomes"].clone())
            })
            .collect(),
        "/api/v1/programmes/{id}/summary" => (0..data.programmes.len())
            .map(|p| {
                let acts: Vec<&Activity> = visible.iter().copied().filter(|a| a.programme == p).collect();
                let status = if reader { status_of(caller.sees_programme(data, p)) } else { 403 };
                let expected =
                    (status == 200).then(|| summary_expected(caller, &acts, &programme_contributions(p)));
                case(format!("/api/v1/programmes/{}/summary", data.programmes[p].0), status, expected, summary_view)
            })
            .collect(),
        "/api/v1/activities" => {
            let mut rows: Vec<Value> = visible
                .iter()
                .map(|a| {
                    let mut donors: Vec<&str> = a.funding.iter().map(|f| f.0).filter(|d| caller.reads_money_of(d)).collect();
                    donors.sort_unstable();
                    donors.dedup();
                    json!([a.id, donors])
                })
                .collect();
            rows.sort_by_key(ToString::to_string);
            vec![case(template.to_owned(), 200, Some(Value::Array(rows)), |b| {
                let mut rows: Vec<Value> = b["items"].as_array().map(|items| items.iter().map(|i| {
                    let mut donors: Vec<&str> = i["donors"].as_str().unwrap_or_default().split(',').filter(|d| !d.is_empty()).collect();
                    donors.sort_unstable();
                    json!([i["id"], donors])
                }).collect()).unwrap_or_default();
                rows.sort_by_key(ToString::to_string);
                Value::Array(rows)
            })]
        }
        "/api/v1/activities/{id}" => data
            .activities
            .iter()
            .map(|a| {
                let expected = caller.sees(a).then(|| sums(a.funding.iter().filter(|(d, ..)| caller.reads_money_of(d))));
                case(format!("/api/v1/activities/{}", a.id), status_of(caller.sees(a)), expected, |b| listed_sums(&b["funding"]))
            })
            .collect(),
        // An activity's attendance list: whoever sees the activity, but donors. No activity here
        // has one: each answers an empty list.
        "/api/v1/activities/{id}/attendance" => data
            .activities
            .iter()
            .map(|a| {
                let status = if caller == Caller::DonorEu { 403 } else { status_of(caller.sees(a)) };
                let expected = (status == 200).then(|| json!(0));
                case(format!("/api/v1/activities/{}/attendance", a.id), status, expected, |b| json!(b["attendees"].as_array().map(Vec::len)))
            })
            .collect(),
        // No participant is registered here: a read finds none (404), but a donor may not ask
        // (403), nor anyone but a manager for subject access.
        "/api/v1/participants/{id}" => {
            let status = if caller == Caller::DonorEu { 403 } else { 404 };
            vec![case(format!("/api/v1/participants/{}", uuid::Uuid::nil()), status, None, Value::clone)]
        }
        "/api/v1/participants/{id}/subject-access" => {
            let status = if caller.sees_all() { 404 } else { 403 };
            vec![case(format!("/api/v1/participants/{}/subject-access", uuid::Uuid::nil()), status, None, Value::clone)]
        }
        "/api/v1/activities/{id}/history" => data
            .activities
            .iter()
            .map(|a| {
                let status = if caller == Caller::DonorEu { 403 } else { status_of(caller.sees(a)) };
                let events = 1 + a.funding.len() + if a.participants.is_some() { 2 } else { 0 };
                let expected = (status == 200).then(|| json!(events));
                case(format!("/api/v1/activities/{}/history", a.id), status, expected, |b| json!(b.as_array().map(Vec::len)))
            })
            .collect(),
        "/api/v1/countries/{iso3}/summary" => ["SAU", "AGO"]
            .into_iter()
            .map(|country| {
                let acts: Vec<&Activity> = visible.iter().copied().filter(|a| a.countries.contains(&country)).collect();
                let expected = reader.then(|| summary_expected(caller, &acts, &Value::Null));
                case(format!("/api/v1/countries/{country}/summary"), allowed(reader), expected, summary_view)
            })
            .collect(),
        "/api/v1/donors" => {
            let donors: Vec<Value> = [EU, JAPAN].into_iter().filter(|d| caller.reads_money_of(d)).map(|d| json!(d)).collect();
            vec![case(template.to_owned(), allowed(reader), reader.then_some(Value::Array(donors)), |b| b.as_array().map(|a| a.iter().map(|d| d["donor"].clone()).collect()).unwrap_or_default())]
        }
        "/api/v1/donors/{donor}/summary" => [EU, JAPAN]
            .into_iter()
            .map(|donor| {
                let path = format!("/api/v1/donors/{}/summary", donor.replace(' ', "%20"));
                if caller.is_adviser() {
                    return case(path, 403, None, nothing);
                }
                if !caller.reads_money_of(donor) {
                    return case(path, 404, None, nothing);
                }
                let acts: Vec<&Activity> = data.activities.iter().filter(|a| a.funding.iter().any(|f| f.0 == donor)).collect();
                let funding = acts.iter().flat_map(|a| a.funding.iter()).filter(|f| f.0 == donor);
                let given = data.contributions.iter().filter(|c| c.1 == donor).map(|(_, d, m, c)| (*d, *m, *c)).collect::<Vec<_>>();
                let expected = json!({
                    "total": acts.len(),
                    "participants": acts.iter().filter_map(|a| a.participants).map(|(f, m)| f + m).sum::<i64>(),
                    "funding": sums(funding),
                    "contributions": sums(given.iter()),
                });
                case(path, 200, Some(expected), summary_view)
            })
            .collect(),
        // Prometheus text, not JSON: its figures are checked in metrics.rs, its access here.
        "/api/v1/projections/status" | "/api/v1/audit/verify" | "/metrics" => {
            vec![case(template.to_owned(), allowed(caller.sees_all()), None, nothing)]
        }
        "/api/v1/audit/events" => {
            let expected = caller.sees_all().then(|| json!(data.events));
            vec![case(template.to_owned(), allowed(caller.sees_all()), expected, |b| json!(b["items"].as_array().map(Vec::len)))]
        }
        // The same columns and example row for everyone: no recorded data in them.
        "/api/v1/imports/template.csv" | "/api/v1/imports/template.xlsx" => {
            vec![case(template.to_owned(), 200, None, nothing)]
        }
        // XML, not JSON: which activities and money each role's document holds is checked in
        // iati/; here, that every role may ask (everyone in this data set sees some activity
        // of 2019).
        "/api/v1/iati/activities.xml" => {
            vec![case(format!("{template}?from=2019-01-01&to=2019-12-31"), 200, None, nothing)]
        }
        // Which activities and money a donor's report holds is checked in reports.rs; here,
        // who may ask.
        "/api/v1/reports/activity" => {
            let path = format!("{template}?from=2019-01-01&to=2019-12-31");
            vec![case(path, allowed(caller.sees_all() || caller == Caller::DonorEu), None, nothing)]
        }
        // The web app's session is read with its cookie only (tests/api/web.rs): a bearer token
        // opens no session and reads none.
        "/api/v1/session" => vec![case(template.to_owned(), 401, None, nothing)],
        "/api/v1/tokens" => {
            let expected = (caller == Caller::Admin).then(|| json!(5));
            vec![case(template.to_owned(), allowed(caller == Caller::Admin), expected, |b| json!(b.as_array().map(Vec::len)))]
        }
        // People and grants are an admin's to read; none exist in this world (signin.rs has them).
        "/api/v1/grants" | "/api/v1/people" => {
            let expected = (caller == Caller::Admin).then(|| json!(0));
            vec![case(template.to_owned(), allowed(caller == Caller::Admin), expected, |b| json!(b.as_array().map(Vec::len)))]
        }
        _ => return None,
    })
}
