//! `GET /metrics`: the Prometheus text format, counting by route template, for managers.

use std::collections::HashMap;

use reqwest::{Method, StatusCode};
use serde_json::json;

use tatrack_testkit::{assert_problem, Backend, TestApp};

tatrack_testkit::on_both_backends!(metrics_count_requests_commands_and_the_projector);

/// One sample line: `name{label="value",...} value`.
#[derive(Debug)]
pub struct Sample {
    name: String,
    labels: HashMap<String, String>,
    value: f64,
}

/// Parses the Prometheus text format (0.0.4) strictly: every line is a `# HELP` or `# TYPE`
/// comment naming a known type, or a sample whose labels and value parse; anything else fails.
/// (A ready-made parser was tried; it silently dropped samples whose label values hold braces,
/// such as route templates.)
fn parse(text: &str) -> Vec<Sample> {
    let mut samples = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        if let Some(comment) = line.strip_prefix("# ") {
            let mut words = comment.splitn(3, ' ');
            match (words.next(), words.next(), words.next()) {
                (Some("HELP"), Some(_), Some(_))
                | (Some("TYPE"), Some(_), Some("counter" | "gauge" | "histogram" | "summary" | "untyped")) => {
                }
                _ => panic!("not a HELP or TYPE line: {line}"),
            }
            continue;
        }
        let name_end = line.find(['{', ' ']).unwrap_or_else(|| panic!("no value: {line}"));
        let name = &line[..name_end];
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
            "a metric name: {line}"
        );
        let mut rest = &line[name_end..];
        let mut labels = HashMap::new();
        if let Some(mut inner) = rest.strip_prefix('{') {
            while !inner.starts_with('}') {
                let (label, after) = inner.split_once("=\"").unwrap_or_else(|| panic!("a label: {line}"));
                let mut value = String::new();
                let mut chars = after.char_indices();
                let end = loop {
                    match chars.next() {
                        Some((_, '\\')) => match chars.next() {
                            Some((_, 'n')) => value.push('\n'),
                            Some((_, c @ ('\\' | '"'))) => value.push(c),
                            other => panic!("a bad escape {other:?}: {line}"),
                        },
                        Some((i, '"')) => break i,
                        Some((_, c)) => value.push(c),
                        None => panic!("an unterminated label value: {line}"),
                    }
                };
                labels.insert(label.trim_start_matches(',').to_owned(), value);
                inner = &after[end + 1..];
                inner = inner.strip_prefix(',').unwrap_or(inner);
            }
            rest = &inner[1..];
        }
        let value = rest.trim().split(' ').next().unwrap_or_default();
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            other => other.parse().unwrap_or_else(|_| panic!("a number: {line}")),
        };
        samples.push(Sample { name: name.to_owned(), labels, value });
    }
    samples
}

/// Scrapes and parses.
pub async fn scrape(app: &TestApp) -> Vec<Sample> {
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers()["content-type"].to_str().expect("ASCII").to_owned();
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    parse(&response.text().await.expect("a body"))
}

/// The sum of the samples named `name` whose labels include `labels`: counts, so whole numbers.
#[expect(clippy::cast_possible_truncation, reason = "the metrics read here count things")]
pub fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> i64 {
    let sum: f64 = samples
        .iter()
        .filter(|s| {
            s.name == name && labels.iter().all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|s| s.value)
        .sum();
    sum.round() as i64
}

async fn metrics_count_requests_commands_and_the_projector(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let before = scrape(&app).await;
    let activity = app.planned_activity().await;
    for _ in 0..3 {
        app.activity(activity).await;
    }
    assert_eq!(app.get("/api/v1/nowhere").await.status(), StatusCode::NOT_FOUND);
    app.status_until("caught up", |s| s["lag"] == 0).await;
    let after = scrape(&app).await;

    let route = [("method", "GET"), ("route", "/api/v1/activities/{id}"), ("status", "200")];
    let requests = "tatrack_http_requests_total";
    assert_eq!(value(&after, requests, &route) - value(&before, requests, &route), 3);
    assert_eq!(value(&after, requests, &[("route", "unmatched"), ("status", "404")]), 1);
    assert!(
        after.iter().all(|s| !s.labels.values().any(|v| v.contains(&activity.to_string()))),
        "no label holds a raw path"
    );
    let latency = "tatrack_http_request_duration_seconds_count";
    assert!(value(&after, latency, &route[..2]) >= 3, "the reads were timed");
    assert_eq!(value(&after, "tatrack_commands_total", &[("aggregate", "Activity")]), 1);
    assert_eq!(value(&after, "tatrack_commands_total", &[("aggregate", "Programme")]), 1);
    assert_eq!(value(&after, "tatrack_events_appended_total", &[]), 2, "a programme and a plan");
    let head = value(&after, "tatrack_log_head", &[]);
    assert!(head >= 3, "the token, the programme and the plan are in the log: {head}");
    assert_eq!(value(&after, "tatrack_projector_checkpoint", &[]), head);
    assert_eq!(value(&after, "tatrack_projector_lag", &[]), 0);
    assert_eq!(value(&after, "tatrack_projector_state", &[("state", "projecting")]), 1);
    assert_eq!(value(&after, "tatrack_projector_failures_total", &[]), 0);
    assert!(value(&after, "tatrack_projector_events_applied_total", &[]) >= 3);
    assert!(value(&after, "tatrack_db_pool_connections", &[]) >= 1);

    // Metrics need a manager (or admin) token.
    let anonymous = app.request_as(None, Method::GET, "/metrics", None).await;
    assert_problem(anonymous, StatusCode::UNAUTHORIZED, "/problems/unauthorized").await;
    let adviser = app
        .issue_token(&json!({"name": "adviser.bol", "role": "adviser", "scope": {"countries": ["BOL"]}}))
        .await;
    let forbidden = app.request_as(Some(&adviser), Method::GET, "/metrics", None).await;
    assert_problem(forbidden, StatusCode::FORBIDDEN, "/problems/forbidden").await;
}
