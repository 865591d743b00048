//! Fault tests: a server killed with SIGKILL while commands are in flight, a transaction held
//! open across the projector, a rolled-back append that leaves a hole in the positions, and a
//! store outage ([`outage`], on a throwaway cluster from [`cluster`]); three replicas losing
//! their projector's leader ([`replicas`]); and the real binary's JSON log ([`logs`]). Each test
//! runs against a database of its own.

mod cluster;
mod logs;
mod outage;
mod replicas;

use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use tatrack_store::Db;
use tatrack_testkit::{
    append_plan, bearer_client, live_and_replayed, plan_body, programme_body, unique_code, Backend, Store,
    TestApp,
};
use tokio::task::JoinHandle;
use uuid::Uuid;

const BINARY: &str = env!("CARGO_BIN_EXE_tatrack");

/// Held by the tests that drive a server at full speed, so that on a small machine one's
/// throughput is not the other's load.
static FULL_LOAD: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// An HTTP client that sends an admin token with every request.
#[derive(Clone)]
struct Api {
    base: String,
    client: Client,
}

impl Api {
    fn new(base: String, token: &str) -> Self {
        Self { base, client: bearer_client(token, Duration::from_secs(10)) }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get_json(&self, path: &str) -> Value {
        let response = self.client.get(self.url(path)).send().await.expect("GET is answered");
        let status = response.status();
        let body: Value = response.json().await.expect("a JSON body");
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        body
    }

    async fn command(&self, path: &str, body: &Value) -> Value {
        let response = self.client.post(self.url(path)).json(body).send().await.expect("POST is answered");
        let status = response.status();
        let answer: Value = response.json().await.expect("a JSON body");
        assert!(status.is_success(), "POST {path} answered {status}: {answer}");
        answer
    }

    async fn programme(&self) -> Uuid {
        let id = Uuid::new_v4();
        self.command("/api/v1/programmes", &programme_body(id, &unique_code())).await;
        id
    }

    async fn plan(&self, programme: Uuid) -> Uuid {
        let id = Uuid::new_v4();
        self.command("/api/v1/activities", &plan_body(id, programme)).await;
        id
    }

    async fn history(&self, id: Uuid) -> Vec<Value> {
        match self.get_json(&format!("/api/v1/activities/{id}/history")).await {
            Value::Array(events) => events,
            other => panic!("history is an array, got {other}"),
        }
    }

    /// The ids the activity list shows, sorted (duplicates kept).
    async fn listed_activities(&self) -> Vec<String> {
        let page = self.get_json("/api/v1/activities?limit=500").await;
        assert!(page["next_cursor"].is_null(), "one page holds every activity: {page}");
        let mut ids: Vec<String> = page["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|item| item["id"].as_str().expect("an id").to_owned())
            .collect();
        ids.sort();
        ids
    }

    async fn status(&self) -> Value {
        self.get_json("/api/v1/projections/status").await
    }

    /// Polls the projection status until the projector has applied `count` events.
    async fn applied_at_least(&self, count: i64) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let status = self.status().await;
            if status["events_applied"].as_i64() >= Some(count) {
                return;
            }
            assert!(Instant::now() < deadline, "the projector applied fewer than {count} events: {status}");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Polls the projection status until nothing is left to apply; returns that status.
    async fn caught_up(&self) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let status = self.status().await;
            if status["lag"] == 0 {
                return status;
            }
            assert!(Instant::now() < deadline, "the projector did not catch up: {status}");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

fn sorted_ids(ids: &[Uuid]) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    ids.sort();
    ids
}

/// Waits until the projector is idle, then checks that the live read models equal what a
/// replay of the whole log builds.
async fn assert_read_models_equal_a_replay(api: &Api, url: &str) {
    api.caught_up().await;
    let db = Db::connect(url).await.expect("the store opens");
    let (live, replayed) = live_and_replayed(&db).await;
    db.close().await;
    assert!(!live.is_empty(), "the read models hold rows");
    if let Some(i) = (0..live.len().max(replayed.len())).find(|&i| live.get(i) != replayed.get(i)) {
        panic!(
            "live read models differ from a replay at row {i} of {}/{}:\n  live:     {:?}\n  replayed: {:?}",
            live.len(),
            replayed.len(),
            live.get(i),
            replayed.get(i)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The real binary, killed with SIGKILL.

/// Issues an admin token with the CLI, as an operator would; returns its secret.
fn cli_admin_token(url: &str) -> String {
    let output = Command::new(BINARY)
        .args(["token", "create", "--role", "admin", "--name"])
        .arg(format!("fault-admin-{}", Uuid::new_v4().simple()))
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "error")
        .output()
        .expect("the CLI runs");
    assert!(output.status.success(), "token create failed: {}", String::from_utf8_lossy(&output.stderr));
    let secret = String::from_utf8(output.stdout).expect("a UTF-8 secret").trim().to_owned();
    assert!(!secret.is_empty(), "token create printed the secret");
    secret
}

/// `tatrack serve` as a child process; killed when dropped.
struct Server {
    child: Child,
    api: Api,
}

impl Server {
    /// Starts the binary on a free port and waits until `/readyz` answers; retries on a port
    /// another process took between our probe and the server's bind.
    async fn start(url: &str, token: &str) -> Self {
        Self::start_with(url, token, &[], None).await
    }

    /// Like [`Server::start`], with extra environment variables and, given a file, its
    /// standard output (the log) written there.
    async fn start_with(url: &str, token: &str, env: &[(&str, &str)], log: Option<&std::path::Path>) -> Self {
        for _ in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free port")
                .port();
            let child = Command::new(BINARY)
                .arg("serve")
                .env("DATABASE_URL", url)
                .env("TATRACK_ADDR", format!("127.0.0.1:{port}"))
                .env("TATRACK_RATE_LIMIT", "0")
                .env("RUST_LOG", "error")
                .envs(env.iter().copied())
                .stdin(Stdio::null())
                .stdout(log.map_or_else(Stdio::null, |path| {
                    std::fs::File::create(path).expect("the log file opens").into()
                }))
                .stderr(Stdio::null())
                .spawn()
                .expect("tatrack serve starts");
            let mut server = Self { child, api: Api::new(format!("http://127.0.0.1:{port}"), token) };
            if server.ready().await {
                return server;
            }
        }
        panic!("tatrack serve did not become ready on any of five ports");
    }

    async fn ready(&mut self) -> bool {
        let probe = Client::builder().timeout(Duration::from_secs(1)).build().expect("an HTTP client");
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if self.child.try_wait().expect("the child's status").is_some() {
                return false;
            }
            if let Ok(response) = probe.get(self.api.url("/readyz")).send().await {
                if response.status() == StatusCode::OK {
                    return true;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }

    /// SIGKILL: no graceful shutdown, no flush, in-flight requests cut.
    fn kill(&mut self) {
        self.child.kill().expect("SIGKILL is delivered");
        self.child.wait().expect("the killed server is reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A command the server acknowledged with a 2xx and its answer.
#[derive(Debug, Clone)]
struct Ack {
    activity: Uuid,
    description: String,
    version: i64,
    position: i64,
}

/// Records outputs, round robin over `activities`, until the server stops answering, a bounded
/// count or the deadline; returns the acknowledged ones and whether the server went away.
async fn record_outputs(api: Api, activities: Vec<Uuid>, task: usize, deadline: Instant) -> (Vec<Ack>, bool) {
    let mut acks = Vec::new();
    for n in 0..2_000 {
        if Instant::now() > deadline {
            return (acks, false);
        }
        let activity = activities[(task + n) % activities.len()];
        let description = format!("output {task}-{n}");
        let body = json!({"kind": "other", "description": description});
        let sent =
            api.client.post(api.url(&format!("/api/v1/activities/{activity}/outputs"))).json(&body).send();
        // Refused or cut connections: the server is gone.
        let Ok(response) = sent.await else { return (acks, true) };
        if !response.status().is_success() {
            continue; // refused (e.g. a conflict): not acknowledged
        }
        // A body cut by the kill was never acknowledged.
        let Ok(answer) = response.json::<Value>().await else { return (acks, true) };
        assert_eq!(answer["id"], json!(activity.to_string()), "the answer names the activity: {answer}");
        acks.push(Ack {
            activity,
            description,
            version: answer["version"].as_i64().expect("a version"),
            position: answer["position"].as_i64().expect("a position"),
        });
    }
    (acks, false)
}

/// Every acknowledged output is in its activity's history exactly once, at the version and
/// position the server answered; versions run 1..N without gaps or repeats.
async fn assert_every_ack_logged_once(api: &Api, activities: &[Uuid], acks: &[Ack]) {
    let positions: HashSet<i64> = acks.iter().map(|a| a.position).collect();
    assert_eq!(positions.len(), acks.len(), "no two acknowledgements share a position");
    for &id in activities {
        let history = api.history(id).await;
        let versions: Vec<i64> = history.iter().map(|e| e["version"].as_i64().expect("a version")).collect();
        let expected: Vec<i64> = (1..=i64::try_from(history.len()).expect("a length")).collect();
        assert_eq!(versions, expected, "versions of {id} run 1..N without gaps or repeats");
        let descriptions: Vec<&str> =
            history.iter().filter_map(|e| e["payload"]["description"].as_str()).collect();
        let distinct: HashSet<&str> = descriptions.iter().copied().collect();
        assert_eq!(distinct.len(), descriptions.len(), "no output of {id} is recorded twice");
        for ack in acks.iter().filter(|a| a.activity == id) {
            let index = usize::try_from(ack.version - 1).expect("a positive version");
            let entry = history.get(index).unwrap_or_else(|| {
                panic!("acknowledged {ack:?} is missing: {id} has {} events", history.len())
            });
            assert_eq!(entry["event_type"], "OutputRecorded", "{ack:?} -> {entry}");
            assert_eq!(entry["payload"]["description"], json!(ack.description), "{ack:?} -> {entry}");
            assert_eq!(entry["position"], json!(ack.position), "{ack:?} -> {entry}");
        }
    }
}

async fn a_killed_server_loses_no_acknowledged_command(backend: Backend) {
    let _turn = FULL_LOAD.lock().await;
    let store = Store::fresh(backend).await;
    let token = cli_admin_token(&store.url);
    let mut server = Server::start(&store.url, &token).await;
    let programme = server.api.programme().await;
    let mut activities = Vec::new();
    for _ in 0..10 {
        activities.push(server.api.plan(programme).await);
    }

    // Eight writers in flight; the server dies under them once enough of their commands have
    // landed (counted in the log, so a slow machine waits longer instead of failing).
    let db = Db::connect(&store.url).await.expect("the store opens");
    let events = || async {
        let count: i64 =
            tatrack_store::on_db!(&db, |pool, _columns| sqlx::query_scalar("SELECT COUNT(*) FROM events")
                .fetch_one(pool)
                .await
                .expect("a count"));
        count
    };
    let before = events().await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let writers: Vec<JoinHandle<(Vec<Ack>, bool)>> = (0..8)
        .map(|task| tokio::spawn(record_outputs(server.api.clone(), activities.clone(), task, deadline)))
        .collect();
    // 20 acknowledged, plus one in flight per writer that the kill may cut.
    while events().await < before + 28 {
        assert!(Instant::now() < deadline, "the writers landed fewer than 28 commands in time");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    db.close().await;
    server.kill();
    let mut acks = Vec::new();
    let mut cut = 0;
    for writer in writers {
        let (acked, server_gone) = writer.await.expect("a writer task");
        acks.extend(acked);
        cut += usize::from(server_gone);
    }
    assert_eq!(cut, 8, "every writer was still writing when the server was killed");
    assert!(acks.len() >= 20, "the writers got commands through before the kill: {}", acks.len());

    let restarted = Server::start(&store.url, &token).await;
    assert_every_ack_logged_once(&restarted.api, &activities, &acks).await;
    // The list reads the read models: wait until the restarted projector has caught up.
    restarted.api.caught_up().await;
    assert_eq!(restarted.api.listed_activities().await, sorted_ids(&activities));
    assert_read_models_equal_a_replay(&restarted.api, &store.url).await;
    drop(restarted);
}

tatrack_testkit::on_both_backends!(worker_threads = 4; a_killed_server_loses_no_acknowledged_command);

// ---------------------------------------------------------------------------------------------
// An in-process server with its projector, and raw transactions beside it (PostgreSQL).

/// A [`TestApp`] on a fresh PostgreSQL store, driven through this file's [`Api`] like the
/// binary, and a pool of raw connections to the same store beside it.
struct InProcess {
    api: Api,
    app: TestApp,
    pool: sqlx::PgPool,
}

impl InProcess {
    async fn start() -> Self {
        let app = TestApp::start(Store::fresh(Backend::Postgres).await).await;
        let pool = sqlx::PgPool::connect(&app.store.url).await.expect("the store opens");
        Self { api: Api::new(app.address.clone(), &app.token), app, pool }
    }

    async fn stop(self) -> Store {
        self.pool.close().await;
        self.app.stop().await
    }
}

async fn event_positions(pool: &sqlx::PgPool) -> Vec<i64> {
    sqlx::query_scalar("SELECT position FROM events ORDER BY position")
        .fetch_all(pool)
        .await
        .expect("the positions")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_projector_waits_for_a_transaction_held_open() {
    let server = InProcess::start().await;
    let (api, pool) = (&server.api, &server.pool);
    let programme = api.programme().await;
    let mut activities = vec![api.plan(programme).await];
    let before = api.caught_up().await;

    // Two writers append: an early one, then one that stays open while the server records more
    // commands. The early one commits last, after everything else: the projector must apply
    // it (proof that it is alive and reads past the commands it sees), and nothing after the
    // open transaction.
    let early = Uuid::new_v4();
    let mut early_tx = pool.begin().await.expect("a transaction");
    append_plan(&mut early_tx, early, programme).await;
    let held = Uuid::new_v4();
    let mut open = pool.begin().await.expect("a transaction");
    append_plan(&mut open, held, programme).await;
    let mut later = Vec::new();
    for _ in 0..3 {
        let id = api.plan(programme).await;
        let delivery = json!({"start": "2019-10-20", "end": "2019-10-24", "mode": "in_person"});
        api.command(&format!("/api/v1/activities/{id}/delivery"), &delivery).await;
        later.push(id);
    }
    early_tx.commit().await.expect("the early append commits");
    let applied_before = before["events_applied"].as_i64().expect("a count");
    api.applied_at_least(applied_before + 1).await;
    tokio::time::sleep(Duration::from_millis(600)).await; // woken per append, polls every 200 ms
    let while_open = api.status().await;
    let listed_while_open = api.listed_activities().await;
    open.commit().await.expect("the held append commits");
    let after = api.caught_up().await;
    let in_log = i64::try_from(event_positions(pool).await.len()).expect("a count");

    assert_eq!(
        while_open["events_applied"].as_i64(),
        Some(applied_before + 1),
        "the early append and nothing past the open transaction is applied: {while_open}"
    );
    assert_eq!(while_open["lag"], 6, "the six commands recorded meanwhile wait: {while_open}");
    assert!(!listed_while_open.contains(&held.to_string()), "the uncommitted plan is not listed");
    activities.push(early);
    assert_eq!(listed_while_open, sorted_ids(&activities), "nothing past the open transaction is listed");
    assert_eq!(after["events_applied"].as_i64(), Some(in_log), "every event applied once: {after}");
    activities.push(held);
    activities.extend(later);
    assert_eq!(api.listed_activities().await, sorted_ids(&activities), "every activity, once");
    assert_read_models_equal_a_replay(api, &server.app.store.url).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rolled_back_append_leaves_a_hole_the_projector_steps_over() {
    let server = InProcess::start().await;
    let (api, pool) = (&server.api, &server.pool);
    let programme = api.programme().await;

    // An append takes a position, the server records a command meanwhile, the append rolls back.
    let doomed = Uuid::new_v4();
    let mut open = pool.begin().await.expect("a transaction");
    let hole = append_plan(&mut open, doomed, programme).await;
    let mut activities = vec![api.plan(programme).await];
    open.rollback().await.expect("the append rolls back");
    for _ in 0..3 {
        activities.push(api.plan(programme).await);
    }
    for (n, id) in activities.iter().enumerate() {
        let output = json!({"kind": "manual_published", "description": format!("Handbook {n}")});
        api.command(&format!("/api/v1/activities/{id}/outputs"), &output).await;
    }
    let status = api.caught_up().await;
    let positions = event_positions(pool).await;

    assert!(!positions.contains(&hole), "the rolled-back position {hole} stays empty: {positions:?}");
    assert!(
        positions.iter().any(|&p| p < hole) && positions.iter().any(|&p| p > hole),
        "the hole at {hole} lies inside the log: {positions:?}"
    );
    let count = i64::try_from(positions.len()).expect("a count");
    assert_eq!(status["events_applied"].as_i64(), Some(count), "every real event applied once: {status}");
    assert_eq!(status["head"].as_i64(), positions.last().copied(), "{status}");
    assert_eq!(api.listed_activities().await, sorted_ids(&activities), "every activity once, no ghost");
    let ghost = api.client.get(api.url(&format!("/api/v1/activities/{doomed}"))).send().await;
    assert_eq!(ghost.expect("GET is answered").status(), StatusCode::NOT_FOUND, "the rolled-back plan");
    assert_read_models_equal_a_replay(api, &server.app.store.url).await;
    server.stop().await;
}
