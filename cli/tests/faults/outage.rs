//! A store outage: the database stops under load. While it is down every request fails fast
//! with a 503 problem and `/readyz` says so; once it is back the server serves again without a
//! restart, the projector resumes, and no acknowledged command is lost.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};
use tokio::task::JoinHandle;
use uuid::Uuid;

use super::cluster::{Cluster, Shutdown};
use super::{
    assert_every_ack_logged_once, assert_read_models_equal_a_replay, cli_admin_token, Ack, Api, Server,
    FULL_LOAD,
};

/// Concurrent writers during the outage.
const WRITERS: usize = 4;
/// The longest any answer may take, outage or not: half the server's 30 s request timeout, so
/// an answer that came in time came from the store's failure (the pool gives up after 2 s), not
/// from the request timing out. Generous on purpose: a test asserts behaviour, not speed.
const FAIL_FAST: Duration = Duration::from_secs(15);

/// One request of a writer and how it was answered.
#[derive(Debug)]
struct Attempt {
    writer: usize,
    sent: Instant,
    took: Duration,
    answer: Answer,
}

#[derive(Debug)]
enum Answer {
    Acked(Ack),
    /// A 503 with a well-formed problem body and `Retry-After`.
    Unavailable,
    /// Anything else: a 500, a malformed 503, a transport error.
    Unexpected(String),
}

/// Writers recording outputs round robin over the activities until told to stop; every answer
/// is logged where the test can watch it.
struct Load {
    attempts: Arc<Mutex<Vec<Attempt>>>,
    stop: Arc<AtomicBool>,
    writers: Vec<JoinHandle<()>>,
}

impl Load {
    fn start(api: &Api, activities: &[Uuid]) -> Self {
        let attempts = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let writers = (0..WRITERS)
            .map(|writer| {
                let (api, activities) = (api.clone(), activities.to_vec());
                let (attempts, stop) = (attempts.clone(), stop.clone());
                tokio::spawn(async move {
                    let deadline = Instant::now() + Duration::from_secs(45);
                    for n in 0..5_000 {
                        if stop.load(Ordering::Relaxed) || Instant::now() > deadline {
                            return;
                        }
                        let activity = activities[(writer + n) % activities.len()];
                        let attempt =
                            record_output(&api, writer, activity, format!("outage {writer}-{n}")).await;
                        attempts.lock().expect("the attempt log").push(attempt);
                    }
                })
            })
            .collect();
        Self { attempts, stop, writers }
    }

    /// Polls until `done` holds for the attempts so far.
    async fn wait_until(&self, what: &str, done: impl Fn(&[Attempt]) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if done(&self.attempts.lock().expect("the attempt log")) {
                return;
            }
            assert!(Instant::now() < deadline, "the writers never reached this point: {what}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn stop(self) -> Vec<Attempt> {
        self.stop.store(true, Ordering::Relaxed);
        for writer in self.writers {
            writer.await.expect("a writer task");
        }
        std::mem::take(&mut *self.attempts.lock().expect("the attempt log"))
    }
}

async fn record_output(api: &Api, writer: usize, activity: Uuid, description: String) -> Attempt {
    let sent = Instant::now();
    let body = json!({"kind": "other", "description": description});
    let url = api.url(&format!("/api/v1/activities/{activity}/outputs"));
    let answer = match api.client.post(url).json(&body).send().await {
        Err(error) => Answer::Unexpected(format!("no answer: {error}")),
        Ok(response) if response.status().is_success() => match response.json::<Value>().await {
            Ok(answer) => Answer::Acked(Ack {
                activity,
                description,
                version: answer["version"].as_i64().expect("a version"),
                position: answer["position"].as_i64().expect("a position"),
            }),
            Err(error) => Answer::Unexpected(format!("a 2xx without its body: {error}")),
        },
        Ok(response) => match unavailable_problem(response).await {
            Ok(()) => Answer::Unavailable,
            Err(unexpected) => Answer::Unexpected(unexpected),
        },
    };
    Attempt { writer, sent, took: sent.elapsed(), answer }
}

/// `Ok` for a 503 that says so in a problem+json body and tells when to retry.
async fn unavailable_problem(response: Response) -> Result<(), String> {
    let status = response.status();
    let content_type =
        response.headers().get(CONTENT_TYPE).map(|v| v.to_str().unwrap_or_default().to_owned());
    let retry_after = response.headers().contains_key(RETRY_AFTER);
    let body = response.text().await.unwrap_or_default();
    let problem: Value = serde_json::from_str(&body).unwrap_or_default();
    let well_formed = status == StatusCode::SERVICE_UNAVAILABLE
        && content_type.as_deref() == Some("application/problem+json")
        && problem["type"] == "/problems/unavailable"
        && problem["title"] == "Service unavailable"
        && problem["status"] == 503
        && retry_after;
    if well_formed {
        Ok(())
    } else {
        Err(format!("{status} ({content_type:?}, Retry-After: {retry_after}): {body}"))
    }
}

fn acked(attempts: &[Attempt]) -> Vec<Ack> {
    attempts
        .iter()
        .filter_map(|a| match &a.answer {
            Answer::Acked(ack) => Some(ack.clone()),
            _ => None,
        })
        .collect()
}

/// Whether every writer has an attempt sent at or after `since` that `matches`.
fn every_writer(attempts: &[Attempt], since: Instant, matches: impl Fn(&Answer) -> bool) -> bool {
    (0..WRITERS).all(|w| attempts.iter().any(|a| a.writer == w && a.sent >= since && matches(&a.answer)))
}

/// A GET, how it was answered and how long that took.
struct Probe {
    status: StatusCode,
    /// `Ok` for a well-formed 503 problem.
    unavailable: Result<(), String>,
    took: Duration,
}

async fn probe(api: &Api, path: &str) -> Probe {
    let sent = Instant::now();
    let response = api.client.get(api.url(path)).send().await.expect("the probe is answered");
    let status = response.status();
    let unavailable = unavailable_problem(response).await;
    Probe { status, unavailable, took: sent.elapsed() }
}

/// Polls `/readyz` until it answers 200.
async fn ready_again(api: &Api) {
    let started = Instant::now();
    loop {
        let readiness = probe(api, "/readyz").await;
        if readiness.status == StatusCode::OK {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "/readyz still answers {}", readiness.status);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Every acknowledged output is in the events table exactly once, where the server said.
async fn assert_acks_in_the_log(pool: &sqlx::PgPool, acks: &[Ack]) {
    let rows: Vec<(String, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT aggregate_id, sequence, position, payload->'OutputRecorded'->>'description' FROM events \
         WHERE event_type = 'OutputRecorded'",
    )
    .fetch_all(pool)
    .await
    .expect("the recorded outputs");
    let mut logged: HashMap<String, Vec<(String, i64, i64)>> = HashMap::new();
    for (id, sequence, position, description) in rows {
        logged.entry(description.unwrap_or_default()).or_default().push((id, sequence, position));
    }
    for ack in acks {
        let expected = (ack.activity.to_string(), ack.version, ack.position);
        assert_eq!(
            logged.get(&ack.description),
            Some(&vec![expected]),
            "{ack:?} is logged once, as answered"
        );
    }
}

/// Waits until the projector holds its advisory lock again (a restart dropped every lock).
async fn assert_projector_leads(pool: &sqlx::PgPool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let locks: i64 =
            sqlx::query_scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")
                .fetch_one(pool)
                .await
                .expect("the advisory locks");
        if locks == 1 {
            return;
        }
        assert!(Instant::now() < deadline, "the projector holds {locks} advisory locks, not 1");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// What one outage looked like from outside.
struct Outage {
    shutdown: Shutdown,
    /// From the moment the server was gone...
    down: Instant,
    /// ...to the moment it was started again.
    up: Instant,
    /// Probes sent while the store was down.
    readiness: Probe,
    read: Probe,
    health: Probe,
}

/// Stops the database under the load, probes the server while it is down, starts the database
/// again and waits until every writer is served again.
async fn outage(api: &Api, cluster: &Cluster, load: &Load, shutdown: Shutdown) -> Outage {
    cluster.stop(shutdown);
    let down = Instant::now();
    let turned_away = |a: &[Attempt]| every_writer(a, down, |r| matches!(r, Answer::Unavailable));
    let (readiness, read, health, ()) = tokio::join!(
        probe(api, "/readyz"),
        probe(api, "/api/v1/activities"),
        probe(api, "/healthz"),
        load.wait_until("every writer turned away", turned_away)
    );
    let up = Instant::now();
    cluster.start_again();
    ready_again(api).await;
    load.wait_until("every writer served again", |a| every_writer(a, up, |r| matches!(r, Answer::Acked(_))))
        .await;
    Outage { shutdown, down, up, readiness, read, health }
}

fn assert_failed_fast(attempts: &[Attempt], outage: &Outage) {
    let during = format!("during the {:?} outage", outage.shutdown);
    let while_down: Vec<&Attempt> =
        attempts.iter().filter(|a| a.sent >= outage.down && a.sent + a.took <= outage.up).collect();
    assert!(
        while_down.iter().all(|a| matches!(a.answer, Answer::Unavailable)),
        "nothing is acknowledged {during}: {while_down:#?}"
    );
    for (path, probe) in [("/readyz", &outage.readiness), ("/api/v1/activities", &outage.read)] {
        assert_eq!(probe.unavailable, Ok(()), "{path} answers a 503 problem {during}");
        assert!(probe.took < FAIL_FAST, "{path} took {:?} {during}", probe.took);
    }
    let health = &outage.health;
    assert_eq!(health.status, StatusCode::OK, "/healthz: the process itself is fine {during}");
    assert!(health.took < FAIL_FAST, "/healthz took {:?} {during}: it needs no store", health.took);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_store_outage_fails_fast_and_recovers_without_losing_a_command() {
    let _turn = FULL_LOAD.lock().await;
    let cluster = Cluster::start();
    let url = cluster.url();
    let token = cli_admin_token(&url);
    let server = Server::start(&url, &token).await;
    let api = &server.api;
    let programme = api.programme().await;
    let mut activities = Vec::new();
    for _ in 0..6 {
        activities.push(api.plan(programme).await);
    }

    // Writers in flight; the database goes away under them twice, an orderly restart and then
    // a crash, each time staying down until every writer has been turned away.
    let load = Load::start(api, &activities);
    load.wait_until("commands land before the outage", |a| acked(a).len() >= 50).await;
    let mut outages = Vec::new();
    for shutdown in [Shutdown::Fast, Shutdown::Immediate] {
        outages.push(outage(api, &cluster, &load, shutdown).await);
    }
    let attempts = load.stop().await;

    let unexpected: Vec<&str> = attempts
        .iter()
        .filter_map(|a| match &a.answer {
            Answer::Unexpected(answer) => Some(answer.as_str()),
            _ => None,
        })
        .collect();
    assert!(unexpected.is_empty(), "every answer is a 2xx or a 503 problem: {unexpected:#?}");
    let slowest = attempts.iter().map(|a| a.took).max().unwrap_or_default();
    assert!(slowest < FAIL_FAST, "every answer within {FAIL_FAST:?}, the slowest took {slowest:?}");
    for outage in &outages {
        assert_failed_fast(&attempts, outage);
    }

    // Nothing lost: every acknowledgement, from before, between and after the outages, is
    // logged once, and the projector caught up with the log under a leadership taken again.
    let acks = acked(&attempts);
    let pool = sqlx::PgPool::connect(&url).await.expect("the throwaway cluster answers");
    assert_acks_in_the_log(&pool, &acks).await;
    assert_every_ack_logged_once(api, &activities, &acks).await;
    let status = api.caught_up().await;
    let (events, head): (i64, Option<i64>) =
        sqlx::query_as("SELECT count(*), max(position) FROM events").fetch_one(&pool).await.expect("the log");
    assert_eq!(status["events_applied"].as_i64(), Some(events), "every event applied once: {status}");
    assert_eq!(status["head"].as_i64(), head, "{status}");
    assert_projector_leads(&pool).await;
    pool.close().await;
    assert_read_models_equal_a_replay(api, &url).await;
    drop(server);
}
