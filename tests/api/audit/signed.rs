//! The signed chain: a server with a signing key signs the chain's head at intervals and every
//! report; verification checks each signed head against the link recomputed from the events.
//! The attacker has write access to the database: a forged signature row fails, and so does a
//! rewritten event whose later links were all recomputed (the plain chain then verifies).

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;
use tatrack_audit::{self as audit, HeadKey, Keyring, SignedHead};
use tatrack_store::log::Checkpoint;
use tatrack_store::Db;
use tatrack_testkit::{assert_problem, Backend, Store, TestApp};

use super::helpers::{adviser, record_a_mix, settle};
use super::store::execute;

/// Polls the verification until a signed head covers the whole chain; returns it.
async fn until_signed(app: &TestApp) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let verified = app.get_json("/api/v1/audit/verify").await;
        let signatures = &verified["signatures"];
        if signatures["last_signed_seq"] == verified["count"] && verified["count"].as_i64() > Some(0) {
            return verified;
        }
        assert!(Instant::now() < deadline, "no signed head reached the chain's head: {verified}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn insert_head(db: &Db, head: &SignedHead) {
    let sql = format!(
        "INSERT INTO chain_signatures (seq, link, key_id, signature, signed_at) VALUES ({}, '{}', '{}', '{}', '{}')",
        head.seq, head.link, head.key_id, head.signature, head.signed_at
    );
    assert_eq!(execute(db, &sql).await, 1);
}

/// The first event after seq `after` of type `ActivityPlanned`: its seq and position.
async fn a_plan_after(app: &TestApp, after: i64) -> (i64, i64) {
    let page = app.get_json(&format!("/api/v1/audit/events?after={after}&limit=1000")).await;
    let items = page["items"].as_array().expect("items");
    let plan = items.iter().find(|e| e["event_type"] == "ActivityPlanned").expect("a plan");
    (plan["seq"].as_i64().expect("seq"), plan["position"].as_i64().expect("position"))
}

/// What an attacker with write access does: rewrites the plan's location, then recomputes every
/// link from its seq on (with the chain's own code), in one transaction.
async fn rewrite_and_recompute(db: &Db, seq: i64, position: i64, events: i64) {
    let sql = match db {
        Db::Postgres(_) => format!(
            "UPDATE events SET payload = jsonb_set(payload, '{{ActivityPlanned,location}}', '\"Mecca\"') \
             WHERE position = {position}"
        ),
        Db::Sqlite(..) => format!(
            "UPDATE events SET payload = json_set(payload, '$.ActivityPlanned.location', 'Mecca') \
             WHERE rowid = {position}"
        ),
    };
    assert_eq!(execute(db, &sql).await, 1);
    let mut tx = db.begin_write().await.expect("begin");
    tatrack_store::on_tx!(&mut tx, |conn| sqlx::query("DELETE FROM event_links WHERE seq >= $1")
        .bind(seq)
        .execute(conn)
        .await
        .map(drop)
        .expect("links deleted"));
    tx.commit().await.expect("commit");
    // Another test's open transaction may hold PostgreSQL's horizon (it is cluster-wide) for a
    // moment: link until the chain is as long as the log again.
    let until = Checkpoint { tx_id: i64::MAX, position: i64::MAX };
    let deadline = Instant::now() + Duration::from_secs(20);
    while chain_length(db).await < events {
        assert!(Instant::now() < deadline, "the links were not recomputed");
        let mut tx = db.begin_write().await.expect("begin");
        audit::link_until(&mut tx, until).await.expect("links recomputed");
        tx.commit().await.expect("commit");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn chain_length(db: &Db) -> i64 {
    tatrack_store::on_db!(db, |pool, _columns| sqlx::query_scalar("SELECT COUNT(*) FROM event_links")
        .fetch_one(pool)
        .await
        .expect("a count"))
}

pub(super) async fn a_signed_chain_catches_a_rewrite_with_recomputed_links(backend: Backend) {
    // Arrange: a server that signs every 50 ms, and a log signed at two heads at least.
    let key = HeadKey::generate().expect("a key");
    let ring = Keyring::new([key.public()]);
    let signing = key.clone();
    let app = TestApp::start_with_settings(Store::fresh(backend).await, move |settings| {
        settings.chain.signing_key = Some(signing);
        settings.chain.sign_every = Duration::from_millis(50);
    })
    .await;
    let adviser = adviser(&app).await.1;
    settle(&app, record_a_mix(&app, &adviser).await).await;
    let first = until_signed(&app).await;
    let first_count = first["count"].as_i64().expect("a count");
    settle(&app, record_a_mix(&app, &adviser).await).await;
    let verified = until_signed(&app).await;
    let db = Db::connect(&app.store.url).await.expect("the store opens");

    // A clean log verifies, its signed heads checked with the server's own key.
    let signatures = &verified["signatures"];
    assert_eq!(verified["intact"], true, "{verified}");
    assert_eq!(signatures["checked"], true);
    assert_eq!(signatures["key_ids"], serde_json::json!([key.public().id()]));
    assert!(signatures["signed"].as_i64() >= Some(2), "{verified}");
    assert_eq!(signatures["first_unsigned"], Value::Null);
    let direct = audit::verify_signed(&db, &ring).await.expect("verify runs");
    assert!(direct.intact && direct.signatures.signed >= 2, "{direct:?}");

    // Every report carries the signature of the link it was made at.
    let report = app.get_json("/api/v1/reports/activity?from=2019-01-01&to=2019-12-31").await;
    let report: tatrack_report::Report = serde_json::from_value(report).expect("a report");
    assert_eq!(tatrack_report::signature::check(&report, &ring), Ok(()));
    assert!(report.basis.seq > 0);

    // A signature row forged with another key fails, naming it.
    let count = verified["count"].as_i64().expect("a count");
    let link = verified["head"].as_str().expect("a head");
    let forger = HeadKey::generate().expect("another key");
    insert_head(&db, &forger.sign(count, link)).await;
    let problem =
        assert_problem(app.get("/api/v1/audit/verify").await, StatusCode::CONFLICT, "/problems/chain-broken")
            .await;
    let detail = problem["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains(&format!("signed at seq {count}")) && detail.contains(forger.public().id()),
        "{detail}"
    );
    execute(&db, &format!("DELETE FROM chain_signatures WHERE key_id = '{}'", forger.public().id())).await;
    assert_eq!(app.get("/api/v1/audit/verify").await.status(), StatusCode::OK);

    // The attacker rewrites an event signed over since, and recomputes every later link.
    let (seq, position) = a_plan_after(&app, first_count).await;
    rewrite_and_recompute(&db, seq, position, count).await;
    let plain = audit::verify(&db).await.expect("verify runs");
    assert!(plain.intact, "the recomputed chain verifies without keys: {plain:?}");
    assert_eq!(plain.count, count);
    assert_ne!(plain.head.as_deref(), Some(link), "the head changed");

    // With the public key it fails, naming the first signed head at or after the rewrite.
    let first_after: i64 = tatrack_store::on_db!(&db, |pool, _columns| sqlx::query_scalar(
        "SELECT MIN(seq) FROM chain_signatures WHERE seq >= $1"
    )
    .bind(seq)
    .fetch_one(pool)
    .await
    .expect("a signed head after the rewrite"));
    let checked = audit::verify_signed(&db, &ring).await.expect("verify runs");
    assert!(!checked.intact && checked.first_broken.is_none(), "{checked:?}");
    let unsigned = checked.signatures.first_unsigned.as_ref().expect("the first head that fails");
    assert_eq!(unsigned.seq, first_after, "{unsigned:?}");
    assert!(checked.signatures.last_signed_seq.is_some_and(|last| last < seq), "{checked:?}");
    let problem =
        assert_problem(app.get("/api/v1/audit/verify").await, StatusCode::CONFLICT, "/problems/chain-broken")
            .await;
    let detail = problem["detail"].as_str().unwrap_or_default();
    assert!(detail.contains(&format!("signed at seq {first_after} (position")), "{detail}");
    // An export shows it offline too.
    let mut copy = Vec::new();
    audit::export(&db, &mut copy).await.expect("an export");
    let offline = audit::check_signed(&copy[..], &ring).expect("a well-formed export");
    assert_eq!(offline.signatures.first_unsigned.map(|u| u.seq), Some(first_after));
    db.close().await;
}

/// Without keys nothing is signed, and verification says the signatures were not checked.
pub(super) async fn an_unsigned_server_reports_its_chain_unsigned(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    settle(&app, record_a_mix(&app, &adviser(&app).await.1).await).await;
    let verified = app.get_json("/api/v1/audit/verify").await;
    assert_eq!(verified["intact"], true);
    assert_eq!(verified["signatures"]["checked"], false, "{verified}");
    assert_eq!(verified["signatures"]["signed"], 0);
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let rows: i64 = tatrack_store::on_db!(&db, |pool, _columns| sqlx::query_scalar(
        "SELECT COUNT(*) FROM chain_signatures"
    )
    .fetch_one(pool)
    .await
    .expect("a count"));
    assert_eq!(rows, 0, "nothing is signed without a key");
    db.close().await;
}
