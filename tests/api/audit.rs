//! Audits: an activity and the summaries as they stood at any instant, histories that name the
//! old and new values, the global feed of every event, and the hash chain that makes tampering
//! with the stored log evident.

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tatrack_audit::{self as audit, Verification};
use tatrack_store::Db;
use uuid::Uuid;

use tatrack_testkit::{
    assert_problem, delivery_body, participants_body, plan_body, programme_body, unique_code, Backend,
    TestApp,
};

tatrack_testkit::on_both_backends!(
    corrections_over_several_days_give_the_right_states_and_summaries,
    history_names_old_and_new_values_and_the_reason,
    the_audit_feed_pages_every_event_once_in_order,
    tampering_is_detected,
);

// ---------------------------------------------------------------------------------------------
// Reaching the store directly, as someone with database access would.

fn position_column(db: &Db) -> &'static str {
    match db {
        Db::Postgres(_) => "position",
        Db::Sqlite(..) => "rowid",
    }
}

/// Runs one statement; returns the rows it touched.
async fn execute(db: &Db, sql: &str) -> u64 {
    match db {
        Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.expect(sql).rows_affected(),
        Db::Sqlite(pool, _) => sqlx::query(sql).execute(pool).await.expect(sql).rows_affected(),
    }
}

/// Every position in the log, in ascending order.
async fn positions_in_log(db: &Db) -> Vec<i64> {
    let sql = format!("SELECT {0} FROM events ORDER BY {0}", position_column(db));
    match db {
        Db::Postgres(pool) => sqlx::query_scalar(&sql).fetch_all(pool).await.expect("positions"),
        Db::Sqlite(pool, _) => sqlx::query_scalar(&sql).fetch_all(pool).await.expect("positions"),
    }
}

/// Moves one event's append time to `instant` (`2019-12-01T10:00:00`, UTC), as if the store had
/// accepted it then, in each backend's own format.
async fn backdate(db: &Db, position: i64, instant: &str) {
    let sql = match db {
        Db::Postgres(_) => {
            format!("UPDATE events SET recorded_at = '{instant}Z'::timestamptz WHERE position = {position}")
        }
        Db::Sqlite(..) => {
            format!("UPDATE events SET recorded_at = '{instant}.000Z' WHERE rowid = {position}")
        }
    };
    assert_eq!(execute(db, &sql).await, 1, "{sql}");
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

fn position(answer: &Value) -> i64 {
    answer["position"].as_i64().expect("a position")
}

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("an RFC 3339 instant").with_timezone(&Utc)
}

fn instant_of(value: &Value) -> DateTime<Utc> {
    instant(value.as_str().expect("an instant"))
}

/// Waits until the projector has applied, and so linked into the chain, everything up to
/// `position`.
async fn settle(app: &TestApp, position: i64) {
    app.get_json(&format!("/api/v1/countries/SAU/summary?min_position={position}")).await;
}

fn is_hex_link(text: &str) -> bool {
    text.len() == 64 && text.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// Issues an adviser token under a unique name; returns the name and the secret.
async fn adviser(app: &TestApp) -> (String, String) {
    let name = format!("auditee.{}", &Uuid::new_v4().simple().to_string()[..8]);
    let secret =
        app.issue_token(&json!({"name": name, "role": "adviser", "scope": {"countries": ["SAU"]}})).await;
    (name, secret)
}

/// A mix of commands by the admin and by `adviser`: a programme with a contribution, three
/// activities. Returns the last command's position.
async fn record_a_mix(app: &TestApp, adviser: &str) -> i64 {
    let programme = Uuid::new_v4();
    app.command("/api/v1/programmes", &programme_body(programme, &unique_code())).await;
    app.command(
        &format!("/api/v1/programmes/{programme}/contributions"),
        &json!({"donor": "Germany", "amount": "250000.00", "currency": "EUR", "received_on": "2019-03-01"}),
    )
    .await;
    let as_adviser = |path: String, body: Value| async move {
        let response = app.request_as(Some(adviser), reqwest::Method::POST, &path, Some(&body)).await;
        assert!(response.status().is_success(), "POST {path} as the adviser: {}", response.status());
        position(&response.json().await.expect("a JSON answer"))
    };
    let (first, second, third) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    as_adviser("/api/v1/activities".into(), plan_body(first, programme)).await;
    as_adviser(format!("/api/v1/activities/{first}/delivery"), delivery_body()).await;
    as_adviser(format!("/api/v1/activities/{first}/participants"), participants_body(4, 6)).await;
    app.command("/api/v1/activities", &plan_body(second, programme)).await;
    app.command(
        &format!("/api/v1/activities/{second}/cancellation"),
        &json!({"reason": "venue unavailable"}),
    )
    .await;
    as_adviser("/api/v1/activities".into(), plan_body(third, programme)).await;
    as_adviser(
        format!("/api/v1/activities/{third}/corrections"),
        json!({"reason": "retitled", "changes": {"title": "Workshop three"}}),
    )
    .await
}

/// Pages through the feed three events at a time with `filter` (`&actor=..`); returns them all.
async fn page_through(app: &TestApp, filter: &str) -> Vec<Value> {
    let (mut after, mut all) = (0, Vec::new());
    for _ in 0..1_000 {
        let page = app.get_json(&format!("/api/v1/audit/events?after={after}&limit=3{filter}")).await;
        let items = page["items"].as_array().expect("items").clone();
        assert!(items.len() <= 3, "a page holds at most `limit` events: {page}");
        let Some(last) = items.last() else {
            assert_eq!(page["next_after"], after, "an empty page points where it stands");
            return all;
        };
        assert_eq!(page["next_after"], last["seq"], "next_after is the page's last seq");
        after = page["next_after"].as_i64().expect("next_after");
        all.extend(items);
    }
    panic!("the feed never ran out");
}

fn seqs(items: &[Value]) -> Vec<i64> {
    items.iter().map(|item| item["seq"].as_i64().expect("a seq")).collect()
}

// ---------------------------------------------------------------------------------------------
// 1. States and summaries as they stood.

/// When each event of [`record_december`] is made to have been recorded, in order.
const DECEMBER: [&str; 8] = [
    "2019-11-30T09:00:00", // the programme is registered
    "2019-12-01T10:00:00", // A is planned in Bolivia
    "2019-12-01T11:00:00", // B is planned in Bolivia
    "2019-12-02T10:00:00", // A takes place
    "2019-12-02T11:00:00", // A's participants
    "2019-12-03T10:00:00", // A is retitled
    "2019-12-04T10:00:00", // B is cancelled
    "2019-12-05T10:00:00", // A turns out to have been in Peru
];
const FIRST_TITLE: &str = "Mutual legal assistance workshop";
const SECOND_TITLE: &str = "Mutual legal assistance training workshop";

/// Records the events [`DECEMBER`] dates; returns the ids of A and B and the positions.
async fn record_december(app: &TestApp) -> (Uuid, Uuid, Vec<i64>) {
    let (programme, a, b) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let mut positions = Vec::new();
    positions
        .push(position(&app.command("/api/v1/programmes", &programme_body(programme, &unique_code())).await));
    for id in [a, b] {
        let mut plan = plan_body(id, programme);
        plan["countries"] = json!(["BOL"]);
        plan["location"] = json!("La Paz");
        positions.push(position(&app.command("/api/v1/activities", &plan).await));
    }
    let (on_a, on_b) = (format!("/api/v1/activities/{a}"), format!("/api/v1/activities/{b}"));
    let steps = [
        (&on_a, "delivery", delivery_body()),
        (&on_a, "participants", participants_body(12, 18)),
        (&on_a, "corrections", json!({"reason": "typo", "changes": {"title": SECOND_TITLE}})),
        (&on_b, "cancellation", json!({"reason": "venue unavailable"})),
        (&on_a, "corrections", json!({"reason": "wrong country", "changes": {"countries": ["PER"]}})),
    ];
    for (base, command, body) in steps {
        positions.push(position(&app.command(&format!("{base}/{command}"), &body).await));
    }
    (a, b, positions)
}

async fn corrections_over_several_days_give_the_right_states_and_summaries(backend: Backend) {
    // Arrange: the events, then their append times moved to early December 2019.
    let app = TestApp::spawn(backend).await;
    let (a, b, positions) = record_december(&app).await;
    settle(&app, positions[7]).await;
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    for (position, instant) in positions.iter().zip(DECEMBER) {
        backdate(&db, *position, instant).await;
    }
    db.close().await;

    // Act and assert
    assert_activity_as_it_stood(&app, a, &positions).await;
    let cancelled = app.get_json(&format!("/api/v1/activities/{b}?as_of=2019-12-04T10:00:00Z")).await;
    assert_eq!((cancelled["status"].as_str(), cancelled["version"].as_i64()), (Some("cancelled"), Some(2)));
    let before_b = app.get_json(&format!("/api/v1/activities/{b}?as_of=2019-12-04T09:59:59.999Z")).await;
    assert_eq!(before_b["status"], "planned", "{before_b}");
    assert_summaries_as_they_stood(&app, &positions).await;
}

async fn assert_activity_as_it_stood(app: &TestApp, id: Uuid, positions: &[i64]) {
    let base = format!("/api/v1/activities/{id}");
    let early = app.get(&format!("{base}?as_of=2019-12-01T09:59:59Z")).await;
    assert_problem(early, StatusCode::NOT_FOUND, "/problems/not-found").await;

    let planned = app.get_json(&format!("{base}?as_of=2019-12-01T10:00:00Z")).await;
    assert_eq!(planned["version"], 1, "an event recorded at the instant itself counts: {planned}");
    assert_eq!((planned["status"].as_str(), planned["title"].as_str()), (Some("planned"), Some(FIRST_TITLE)));
    assert_eq!(planned["countries"], json!(["BOL"]));
    assert_eq!(planned["position"], positions[1]);
    assert_eq!(instant_of(&planned["recorded_at"]), instant("2019-12-01T10:00:00Z"));

    let delivered = app.get_json(&format!("{base}?as_of=2019-12-02T23:59:59Z")).await;
    assert_eq!((delivered["version"].as_i64(), delivered["status"].as_str()), (Some(3), Some("delivered")));
    assert_eq!(delivered["title"], FIRST_TITLE);
    assert_eq!(delivered["participants"]["female"], 12);
    assert_eq!(delivered["position"], positions[4]);

    let retitled = app.get_json(&format!("{base}?as_of=2019-12-04T12:00:00Z")).await;
    assert_eq!((retitled["version"].as_i64(), retitled["title"].as_str()), (Some(4), Some(SECOND_TITLE)));
    assert_eq!(retitled["countries"], json!(["BOL"]), "still in Bolivia before the 5th");
    assert_eq!(instant_of(&retitled["recorded_at"]), instant("2019-12-03T10:00:00Z"));

    let moved = app.get_json(&format!("{base}?as_of=2019-12-05T10:00:00%2B00:00")).await;
    assert_eq!((moved["version"].as_i64(), moved["countries"].clone()), (Some(5), json!(["PER"])));
    assert_eq!(moved["title"], SECOND_TITLE);

    // ?version=N reads the same states.
    assert_eq!(app.get_json(&format!("{base}?version=1")).await, planned);
    assert_eq!(app.get_json(&format!("{base}?version=3")).await, delivered);
    assert_eq!(app.get_json(&format!("{base}?version=4")).await, retitled);
    assert_eq!(app.get_json(&format!("{base}?version=5")).await, moved);
    assert_eq!(app.activity(id).await, moved, "the current state is the last one");
    assert_eq!(app.get_json(&format!("{base}?as_of=2030-01-01T00:00:00Z")).await, moved);

    let both = app.get(&format!("{base}?as_of=2019-12-03T00:00:00Z&version=2")).await;
    assert_problem(both, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
    let zero = app.get(&format!("{base}?version=0")).await;
    let problem = assert_problem(zero, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
    assert_eq!(problem["field"], "version");
}

fn count(summary: &Value, status: &str) -> i64 {
    summary["activities"]["by_status"][status].as_i64().unwrap_or(0)
}

/// `(total, planned, delivered, cancelled, participants)` of a summary.
fn figures(summary: &Value) -> (i64, i64, i64, i64, i64) {
    (
        summary["activities"]["total"].as_i64().expect("a total"),
        count(summary, "planned"),
        count(summary, "delivered"),
        count(summary, "cancelled"),
        summary["participants"]["total"].as_i64().expect("a participant total"),
    )
}

async fn assert_summaries_as_they_stood(app: &TestApp, positions: &[i64]) {
    // (instant, the last event recorded by then, Bolivia's figures, Peru's figures)
    let expected = [
        ("2019-06-01T00:00:00Z", 0, (0, 0, 0, 0, 0), (0, 0, 0, 0, 0)),
        ("2019-11-30T12:00:00Z", positions[0], (0, 0, 0, 0, 0), (0, 0, 0, 0, 0)),
        ("2019-12-01T12:00:00Z", positions[2], (2, 2, 0, 0, 0), (0, 0, 0, 0, 0)),
        ("2019-12-02T11:00:00Z", positions[4], (2, 1, 1, 0, 30), (0, 0, 0, 0, 0)),
        ("2019-12-04T12:00:00Z", positions[6], (1, 0, 1, 1, 30), (0, 0, 0, 0, 0)),
        ("2019-12-05T10:00:00Z", positions[7], (0, 0, 0, 1, 0), (1, 0, 1, 0, 30)),
        ("2019-12-31T23:59:59Z", positions[7], (0, 0, 0, 1, 0), (1, 0, 1, 0, 30)),
    ];
    for (at, last, bolivia, peru) in expected {
        for (country, figures_then) in [("BOL", bolivia), ("PER", peru)] {
            let summary = app.get_json(&format!("/api/v1/countries/{country}/summary?as_of={at}")).await;
            assert_eq!(figures(&summary), figures_then, "{country} as of {at}: {summary}");
            assert_eq!(instant_of(&summary["as_of"]), instant(at), "as_of is echoed: {summary}");
            assert_eq!(summary["as_of_position"], last, "{country} as of {at}: {summary}");
        }
    }
    for (country, now) in [("BOL", (0, 0, 0, 1, 0)), ("PER", (1, 0, 1, 0, 30))] {
        let current = app.get_json(&format!("/api/v1/countries/{country}/summary")).await;
        assert_eq!(figures(&current), now, "{country} now: {current}");
        assert!(current.get("as_of").is_none(), "a current summary is as of no instant: {current}");
        assert!(current["as_of_position"].as_i64() >= Some(positions[7]), "{current}");
        let replayed =
            app.get_json(&format!("/api/v1/countries/{country}/summary?as_of=2019-12-31T00:00:00Z")).await;
        for part in ["activities", "participants", "outputs", "programmes", "funding"] {
            assert_eq!(replayed[part], current[part], "{country}: the replay agrees with the live {part}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Histories.

async fn history_names_old_and_new_values_and_the_reason(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let id = app.planned_activity().await;
    let corrections = format!("/api/v1/activities/{id}/corrections");

    // Act
    let first = app
        .post_with(
            &corrections,
            &json!({"reason": "the title and the place were wrong",
                    "changes": {"title": "MLA training workshop", "location": "Jeddah"}}),
            &[("x-request-id", "audit-request-1")],
        )
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    app.command(
        &corrections,
        &json!({"reason": "Bahrain joined", "changes": {"countries": ["SAU", "BHR"], "title": "MLA workshop"}}),
    )
    .await;

    // Assert
    let history = app.history(id).await;
    assert_eq!(history.len(), 3, "{history:?}");
    let plan = &history[0];
    let summary = plan["summary"].as_str().expect("a summary");
    assert!(summary.contains(FIRST_TITLE) && summary.contains("SAU"), "the plan in words: {summary}");
    assert!(plan.get("changes").is_none(), "only corrections list changes: {plan}");

    let fix = &history[1];
    assert_eq!(fix["event_type"], "ActivityCorrected");
    let actor = fix["actor"].as_str().expect("an actor");
    assert!(actor.starts_with("test-admin-"), "the admin token's name: {actor}");
    assert_eq!(fix["metadata"]["actor"], actor);
    assert_eq!(fix["role"], "admin");
    assert_eq!(fix["request_id"], "audit-request-1");
    assert_eq!(fix["reason"], "the title and the place were wrong");
    let words = fix["summary"].as_str().expect("a summary");
    assert!(words.contains("title") && words.contains("location"), "the correction in words: {words}");
    assert_eq!(
        fix["changes"],
        json!([
            {"field": "title", "old": FIRST_TITLE, "new": "MLA training workshop"},
            {"field": "location", "old": "Riyadh", "new": "Jeddah"},
        ])
    );

    let second = &history[2];
    assert_eq!((second["actor"].as_str(), second["role"].as_str()), (Some(actor), Some("admin")));
    assert!(second["request_id"].as_str().is_some_and(|r| !r.is_empty() && r != "audit-request-1"));
    assert_eq!(second["reason"], "Bahrain joined");
    assert!(second["summary"].as_str().is_some_and(|s| s.contains("countries")), "{second}");
    assert_eq!(
        second["changes"],
        json!([
            {"field": "title", "old": "MLA training workshop", "new": "MLA workshop"},
            {"field": "countries", "old": ["SAU"], "new": ["SAU", "BHR"]},
        ]),
        "old values are those after the first correction"
    );
}

// ---------------------------------------------------------------------------------------------
// 3. The feed.

async fn the_audit_feed_pages_every_event_once_in_order(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let (name, secret) = adviser(&app).await;
    let last = record_a_mix(&app, &secret).await;
    settle(&app, last).await;

    // Act
    let feed = page_through(&app, "").await;

    // Assert: every event once, in a dense order.
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let in_log = positions_in_log(&db).await;
    db.close().await;
    let n = i64::try_from(in_log.len()).expect("a count");
    assert_eq!(seqs(&feed), (1..=n).collect::<Vec<_>>(), "seq runs 1..N without gaps");
    let mut positions: Vec<i64> =
        feed.iter().map(|item| item["position"].as_i64().expect("a position")).collect();
    positions.sort_unstable();
    assert_eq!(positions, in_log, "each event of the log exactly once");
    assert_eq!(feed.last().map(|item| item["position"].clone()), Some(json!(last)));
    for item in &feed {
        assert!(is_hex_link(item["link"].as_str().unwrap_or_default()), "{item}");
        assert!(["Token", "Programme", "Activity"].contains(&item["aggregate_type"].as_str().unwrap_or("")));
    }
    assert_eq!((feed[0]["aggregate_type"].as_str(), feed[0]["sequence"].as_i64()), (Some("Token"), Some(1)));
    let beyond = app.get_json(&format!("/api/v1/audit/events?after={n}")).await;
    assert_eq!(beyond, json!({"items": [], "next_after": n}));

    // Filters narrow it.
    let by_adviser = page_through(&app, &format!("&actor={name}")).await;
    let expected: Vec<Value> =
        feed.iter().filter(|item| item["metadata"]["actor"] == name).cloned().collect();
    assert_eq!(by_adviser.len(), 5, "the adviser's five commands: {by_adviser:?}");
    assert_eq!(by_adviser, expected);
    let (from, to) = (&feed[2]["recorded_at"], &feed[feed.len() - 3]["recorded_at"]);
    let window =
        |item: &&Value| (instant_of(from)..=instant_of(to)).contains(&instant_of(&item["recorded_at"]));
    let expected: Vec<Value> = feed.iter().filter(window).cloned().collect();
    let (from, to) = (from.as_str().expect("text"), to.as_str().expect("text"));
    let between = page_through(&app, &format!("&from={from}&to={to}")).await;
    assert_eq!(seqs(&between), seqs(&expected), "from {from} to {to}, both included");
    let adviser_since = page_through(&app, &format!("&actor={name}&from={from}")).await;
    let since = |item: &&Value| {
        item["metadata"]["actor"] == name && instant_of(&item["recorded_at"]) >= instant(from)
    };
    assert_eq!(seqs(&adviser_since), seqs(&feed.iter().filter(since).cloned().collect::<Vec<_>>()));
    for limit in [0, 1001] {
        let refused = app.get(&format!("/api/v1/audit/events?limit={limit}")).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
        assert_eq!(problem["field"], "limit");
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Tampering.

/// Asserts both the endpoint and [`audit::verify`] report the chain broken at `seq`, naming
/// `position`.
async fn assert_broken_at(app: &TestApp, db: &Db, seq: i64, position: i64) {
    let answer = app.get("/api/v1/audit/verify").await;
    let problem = assert_problem(answer, StatusCode::CONFLICT, "/problems/chain-broken").await;
    let detail = problem["detail"].as_str().unwrap_or_default();
    assert!(detail.contains(&format!("seq {seq} (position {position})")), "names the break: {detail}");
    let verification = audit::verify(db).await.expect("verify runs");
    assert!(!verification.intact);
    assert_eq!(verification.count, seq - 1, "the links before the break are sound");
    let broken = verification.first_broken.expect("a first break");
    assert_eq!((broken.seq, broken.position), (seq, Some(position)), "{}", broken.reason);
}

async fn export(db: &Db) -> Vec<u8> {
    let mut bytes = Vec::new();
    audit::export(db, &mut bytes).await.expect("the export is written");
    bytes
}

/// The first exported plan that is not the last line: its seq, position and line number.
fn a_plan_in(export: &[u8]) -> (i64, i64, usize) {
    let text = std::str::from_utf8(export).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    lines[..lines.len() - 1]
        .iter()
        .enumerate()
        .find_map(|(number, line)| {
            let event: Value = serde_json::from_str(line).expect("a JSON line");
            (event["event_type"] == "ActivityPlanned").then(|| {
                (event["seq"].as_i64().expect("seq"), event["position"].as_i64().expect("position"), number)
            })
        })
        .expect("an exported plan")
}

async fn tampering_is_detected(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let last = record_a_mix(&app, &adviser(&app).await.1).await;
    settle(&app, last).await;
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let events = i64::try_from(positions_in_log(&db).await.len()).expect("a count");

    // An untouched log verifies, over HTTP and directly.
    let verified = app.get_json("/api/v1/audit/verify").await;
    assert_eq!((verified["intact"].as_bool(), verified["count"].as_i64()), (Some(true), Some(events)));
    assert!(is_hex_link(verified["head"].as_str().unwrap_or_default()), "{verified}");
    assert_eq!(verified["first_broken"], Value::Null);
    let direct = audit::verify(&db).await.expect("verify runs");
    assert_eq!(serde_json::to_value(&direct).expect("JSON"), verified);
    let newest = app.get_json(&format!("/api/v1/audit/events?after={}", events - 1)).await;
    assert_eq!(newest["items"][0]["link"], verified["head"], "the head is the newest event's link");

    // (c) An export checks out on its own, and the live log extends it.
    let copy = export(&db).await;
    let checked = audit::check(&copy[..]).expect("a well-formed export");
    assert_eq!(checked, direct);
    assert!(audit::extends(&db, &checked).await.expect("extends runs"));
    let (seq, position, line) = a_plan_in(&copy);
    let edited = edit_one_byte(&copy, line);
    let check_of_edit = audit::check(&edited[..]).expect("still well-formed");
    assert_eq!(check_of_edit.first_broken.as_ref().map(|b| (b.seq, b.position)), Some((seq, Some(position))));
    assert_eq!(check_of_edit.count, seq - 1);
    assert!(audit::extends(&db, &check_of_edit).await.expect("extends runs"), "the sound part still leads");

    // (a) Altering a stored payload breaks the chain at that event.
    let sql = match &db {
        Db::Postgres(_) => format!(
            "UPDATE events SET payload = jsonb_set(payload, '{{ActivityPlanned,location}}', '\"Mecca\"') \
             WHERE position = {position}"
        ),
        Db::Sqlite(..) => format!(
            "UPDATE events SET payload = json_set(payload, '$.ActivityPlanned.location', 'Mecca') \
             WHERE rowid = {position}"
        ),
    };
    assert_eq!(execute(&db, &sql).await, 1);
    assert_broken_at(&app, &db, seq, position).await;
    assert!(!audit::extends(&db, &checked).await.expect("extends runs"), "the live log left the copy");
    let after = audit::check(&export(&db).await[..]).expect("a well-formed export");
    assert_eq!(after.first_broken.map(|b| b.seq), Some(seq), "the next export shows the edit");
    db.close().await;

    // (b) Deleting an event in the middle breaks the chain there.
    deleting_an_event_is_detected(backend).await;
}

/// The export with one byte of `line`'s payload changed (a letter of "Riyadh").
fn edit_one_byte(export: &[u8], line: usize) -> Vec<u8> {
    let start: usize = export.split(|b| *b == b'\n').take(line).map(|l| l.len() + 1).sum();
    let end = start + export[start..].iter().position(|b| *b == b'\n').expect("a line end");
    let target = start
        + export[start..end].windows(6).position(|w| w == b"Riyadh").expect("the location in the payload")
        + 5;
    let mut edited = export.to_vec();
    edited[target] = b'j';
    assert_eq!(edited.iter().zip(export).filter(|(a, b)| a != b).count(), 1);
    edited
}

async fn deleting_an_event_is_detected(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let last = record_a_mix(&app, &adviser(&app).await.1).await;
    settle(&app, last).await;
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let events = i64::try_from(positions_in_log(&db).await.len()).expect("a count");
    let middle = events / 2;
    let item = &app.get_json(&format!("/api/v1/audit/events?after={}&limit=1", middle - 1)).await["items"][0];
    let position = item["position"].as_i64().expect("a position");
    assert_eq!(item["seq"], middle);

    let sql = format!("DELETE FROM events WHERE {} = {position}", position_column(&db));
    assert_eq!(execute(&db, &sql).await, 1);

    assert_broken_at(&app, &db, middle, position).await;
    let exported: Verification = audit::check(&export(&db).await[..]).expect("a well-formed export");
    assert_eq!(exported.first_broken.map(|b| b.seq), Some(middle), "the export misses that line");
    db.close().await;
}
