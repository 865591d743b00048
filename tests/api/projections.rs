//! The projector: it catches up, survives a crash mid-batch, never skips a late commit, and a
//! full replay rebuilds exactly what it built live.

use reqwest::StatusCode;
use serde_json::{json, Value};
use tatrack_projections::projector::{apply, Projector};
use tatrack_projections::replay::{dump, rebuild, rebuild_holding};
use tatrack_projections::state::read_state;
use tatrack_store::{log, Db};
use uuid::Uuid;

use tatrack_testkit::{
    active_generation, append_plan, assert_problem, delivery_body, participants_body, plan_body, Backend,
    Store, TestApp,
};

tatrack_testkit::on_both_backends!(
    a_replay_rebuilds_the_live_read_models_row_for_row,
    a_replay_holding_few_cells_adds_them_up_row_for_row,
    a_projector_killed_mid_batch_converges,
    queries_wait_for_their_own_writes,
    country_cells_rewritten_by_migration_0010_equal_a_replay,
    year_and_all_time_cells_add_up_their_month_cells,
);

/// A country cell's key and its activities, as read back.
type CountryCell = (String, String, String, String, String, String, i64);
/// A summary cell's key columns: scope kind and key, period, measure, dim, dim2.
type CellKey = (String, String, String, String, String, String);
/// A summary cell as read back: its key columns, amount, money and activities.
type CellRow = (String, String, String, String, String, String, i64, String, i64);

/// A mix of commands over a few activities; returns the last command's position.
async fn record_a_mix(app: &TestApp) -> i64 {
    let programme = app.programme().await;
    let mut last = 0;
    for n in 0..4 {
        let id = Uuid::new_v4();
        let mut plan = plan_body(id, programme);
        if n == 3 {
            plan["countries"] = json!(["AGO", "COG"]);
        }
        app.command("/api/v1/activities", &plan).await;
        let steps: Vec<(&str, Value)> = match n {
            0 => vec![("cancellation", json!({"reason": "venue unavailable"}))],
            _ => vec![
                ("funding", json!({"donor": "Japan", "amount": "1000000", "currency": "JPY"})),
                ("delivery", delivery_body()),
                ("participants", participants_body(5 + n, 7)),
                ("outputs", json!({"kind": "strategy_adopted", "description": "National strategy"})),
                ("corrections", json!({"reason": "retitled", "changes": {"title": format!("Workshop {n}")}})),
            ],
        };
        last = app.activity_steps(id, &steps).await;
    }
    last
}

/// The mix, then an activity amended after its report and another voided (written after
/// migration 0010, which never saw either).
async fn record_a_mix_with_amendments(app: &TestApp) -> i64 {
    record_a_mix(app).await;
    // Organisations, one of them corrected: their rows and names are read models too.
    let (eu, japan) = (Uuid::new_v4(), Uuid::new_v4());
    let register = |id: Uuid, name: &str| json!({"id": id, "name": name, "organisation_type": "government"});
    app.command("/api/v1/organisations", &register(eu, "European Union")).await;
    app.command("/api/v1/organisations", &register(japan, "Japan")).await;
    let aliases = json!({"reason": "the desk's spelling", "changes": {"aliases": ["EU"], "iati_identifier": "XI-IATI-EC_INTPA"}});
    app.command(&format!("/api/v1/organisations/{eu}/corrections"), &aliases).await;
    let programme = app.programme().await;
    let (amended, voided) = (Uuid::new_v4(), Uuid::new_v4());
    let mut last = 0;
    for id in [amended, voided] {
        app.command("/api/v1/activities", &plan_body(id, programme)).await;
        let steps = [
            ("funding", json!({"donor": "Japan", "amount": "1000000", "currency": "JPY"})),
            ("delivery", delivery_body()),
            ("participants", participants_body(6, 7)),
            ("outputs", json!({"kind": "strategy_adopted", "description": "National strategy"})),
            ("outputs", json!({"kind": "law_drafted", "description": "Draft law"})),
            ("report", json!({})),
        ];
        app.activity_steps(id, &steps).await;
    }
    let amendments = [
        (
            "participants/amendment",
            json!({"reason": "counted twice", "participants": participants_body(4, 7)}),
        ),
        (
            "funding/amendment",
            json!({"reason": "the wrong donor", "line": 0, "donor": "Norway", "amount": "5000", "currency": "NOK"}),
        ),
        (
            "delivery/amendment",
            json!({"reason": "moved", "start": "2019-11-04", "end": "2019-11-05", "mode": "online"}),
        ),
        (
            "outputs/amendment",
            json!({"reason": "the wrong kind", "output": 0, "kind": "manual_published", "description": "Manual"}),
        ),
        ("outputs/removal", json!({"reason": "recorded in error", "output": 1})),
    ];
    for (command, body) in amendments {
        app.command_at_current_version(amended, command, &body).await;
    }
    let voiding = json!({"reason": "a duplicate"});
    last = app.command(&format!("/api/v1/activities/{voided}/voiding"), &voiding).await["position"]
        .as_i64()
        .unwrap_or(last);
    last
}

/// A server with the mix and its amendments recorded and projected, and its store open beside it.
async fn projected_mix(backend: Backend) -> (TestApp, Db) {
    let app = TestApp::spawn(backend).await;
    let last = record_a_mix_with_amendments(&app).await;
    app.get_json(&format!("/api/v1/countries/SAU/summary?min_position={last}")).await;
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    (app, db)
}

async fn a_replay_rebuilds_the_live_read_models_row_for_row(backend: Backend) {
    let (app, db) = projected_mix(backend).await;
    let live = dump(&db, active_generation(&db).await).await.expect("a dump");

    let report = rebuild(&db, |_, _| {}).await.expect("the replay runs");

    assert_eq!(report.generation, 2);
    let replayed = dump(&db, active_generation(&db).await).await.expect("a dump");
    assert!(live.len() > 10, "the mix fills the read models: {live:?}");
    assert_eq!(replayed, live);
    assert!(dump(&db, 1).await.expect("a dump").is_empty(), "the old generation is gone");
    let status = app.get_json("/api/v1/projections/status").await;
    assert_eq!((status["generation"].as_i64(), status["lag"].as_i64()), (Some(2), Some(0)), "{status}");
}

/// A replay holds a bounded number of summary cells and adds each later hand-off to the cells
/// it wrote: held to a handful, every cell is added to many times, and the rows still equal the
/// live ones.
async fn a_replay_holding_few_cells_adds_them_up_row_for_row(backend: Backend) {
    // Arrange
    let (_app, db) = projected_mix(backend).await;
    let live = dump(&db, active_generation(&db).await).await.expect("a dump");

    // Act
    rebuild_holding(&db, 3, |_, _| {}).await.expect("the replay runs");

    // Assert
    let replayed = dump(&db, active_generation(&db).await).await.expect("a dump");
    assert!(live.iter().filter(|line| line.starts_with("rm_summary_cells")).count() > 3 * 10, "{live:?}");
    assert_eq!(replayed, live);
}

/// Read models written before 0010 held one country cell per country, all kinds together; the
/// migration rewrites them by kind from the detail tables, exactly as the projector now writes them.
async fn country_cells_rewritten_by_migration_0010_equal_a_replay(backend: Backend) {
    // Arrange: the read models of a mix, their country cells put back as they were before 0010.
    let app = TestApp::spawn(backend).await;
    let last = record_a_mix(&app).await;
    app.get_json(&format!("/api/v1/countries/SAU/summary?min_position={last}")).await;
    let app_store = app.stop().await;
    let db = app_store.open().await;
    let before_0010 = "DELETE FROM rm_summary_cells WHERE measure = 'country'; \
        INSERT INTO rm_summary_cells (generation, scope_kind, scope_key, month, measure, dim, dim2, amount, money, activities) \
        SELECT a.generation, 'programme', a.programme_id, substr(a.date_key, 1, 7), 'country', c.country, '', 0, '0', COUNT(*) \
        FROM rm_activities a JOIN rm_activity_countries c ON c.generation = a.generation AND c.activity_id = a.activity_id \
        WHERE a.status <> 'cancelled' GROUP BY a.generation, a.programme_id, substr(a.date_key, 1, 7), c.country";
    // The same SQL in both backends' folders.
    let migration = include_str!("../../migrations/sqlite/0010_country_cells_by_kind.sql");
    let country_cells = "SELECT COUNT(*) FROM rm_summary_cells WHERE measure = 'country' AND dim2 = ''";
    let month_cells =
        "SELECT scope_kind, scope_key, month, measure, dim, dim2, activities FROM rm_summary_cells \
        WHERE measure = 'country' AND month NOT IN ('ALL') AND month NOT LIKE 'Y%' \
        ORDER BY scope_kind, scope_key, month, measure, dim, dim2";
    let (old_style, before, after_0010): (i64, Vec<CountryCell>, Vec<CountryCell>) =
        tatrack_store::on_db!(&db, |pool, _columns| {
            let before = sqlx::query_as(month_cells).fetch_all(pool).await.expect("the month cells");
            sqlx::raw_sql(before_0010).execute(pool).await.expect("the cells as before 0010");
            let old_style = sqlx::query_scalar(country_cells).fetch_one(pool).await.expect("a count");
            sqlx::raw_sql(migration).execute(pool).await.expect("migration 0010");
            let after = sqlx::query_as(month_cells).fetch_all(pool).await.expect("the month cells");
            // 0012 then leaves the cells to the backfill, rollups included.
            sqlx::raw_sql(include_str!("../../migrations/sqlite/0012_year_and_all_time_cells.sql"))
                .execute(pool)
                .await
                .expect("migration 0012");
            (old_style, before, after)
        });
    let backfilled = tatrack_projections::cells::backfill(&db).await.expect("the backfill runs");

    // Act
    let (migrated, replayed) = tatrack_testkit::live_and_replayed(&db).await;

    // Assert
    assert!(old_style > 0, "the mix has country cells to rewrite");
    assert_eq!(after_0010, before, "0010 writes the month cells by kind the projector wrote");
    assert!(backfilled, "0012 leaves the cells to the backfill");
    assert_eq!(migrated, replayed, "the migrated read models equal a replay, row for row");
}

/// Every year cell and every all-time cell holds what its month cells add up to, after
/// amendments, a voiding and a replay; no cell is left that no activity contributes to.
async fn year_and_all_time_cells_add_up_their_month_cells(backend: Backend) {
    use std::collections::BTreeMap;
    // Arrange
    let (_app, db) = projected_mix(backend).await;

    for pass in ["live", "replayed"] {
        // Act
        if pass == "replayed" {
            rebuild(&db, |_, _| {}).await.expect("the replay runs");
        }
        let generation = active_generation(&db).await;
        let sql = "SELECT scope_kind, scope_key, month, measure, dim, dim2, amount, money, activities \
                   FROM rm_summary_cells WHERE generation = $1";
        let rows: Vec<CellRow> = tatrack_store::on_db!(&db, |pool, _columns| sqlx::query_as(sql)
            .bind(generation)
            .fetch_all(pool)
            .await
            .expect("the cells"));

        // Assert
        let mut stored: BTreeMap<CellKey, (i64, i128, i64)> = BTreeMap::new();
        let mut summed: BTreeMap<CellKey, (i64, i128, i64)> = BTreeMap::new();
        for (kind, key, month, measure, dim, dim2, amount, money, activities) in rows {
            let money: i128 = money.parse().expect("money in minor units");
            assert!(
                activities > 0,
                "{pass}: a cell no activity contributes to is kept: {key} {month} {measure}"
            );
            if month == "ALL" || month.starts_with('Y') {
                stored.insert((kind, key, month, measure, dim, dim2), (amount, money, activities));
                continue;
            }
            assert_eq!(month.len(), 7, "{pass}: a month key is YYYY-MM: {month}");
            for period in [format!("Y{}", &month[..4]), "ALL".to_owned()] {
                let sum = summed
                    .entry((kind.clone(), key.clone(), period, measure.clone(), dim.clone(), dim2.clone()))
                    .or_default();
                *sum = (sum.0 + amount, sum.1 + money, sum.2 + activities);
            }
        }
        assert!(stored.keys().any(|k| k.2 == "ALL") && stored.keys().any(|k| k.2.starts_with('Y')), "{pass}");
        assert_eq!(stored, summed, "{pass}: the rollups equal the sums of their month cells");
    }
}

async fn a_projector_killed_mid_batch_converges(backend: Backend) {
    // Arrange: commands recorded while no projector runs.
    let app = TestApp::start_with(Store::fresh(backend).await, false).await;
    record_a_mix(&app).await;
    let db = Db::connect(&app.store.url).await.expect("the store opens");

    // Act: a batch applies half of the log, then its process dies before committing.
    let mut tx = db.begin_write().await.expect("a transaction");
    let state = read_state(&mut tx, true).await.expect("the state");
    let events = log::committed_after(&mut tx, state.checkpoint, 1_000).await.expect("events");
    apply(&mut tx, state.generation, &events[..events.len() / 2]).await.expect("half a batch");
    drop(tx);
    let applied = project_everything(&app, &Projector::new(db.clone(), std::sync::Arc::default())).await;

    // Assert: every event applied once, and the rows equal a fresh replay's.
    let in_log = app.get_json("/api/v1/projections/status").await["head"].as_i64();
    assert!(i64::try_from(events.len()).ok() <= Some(applied));
    assert_eq!(Some(applied), in_log, "SQLite positions are dense; PostgreSQL's are here too (no rollbacks)");
    let after_restart = dump(&db, state.generation).await.expect("a dump");
    rebuild(&db, |_, _| {}).await.expect("the replay runs");
    assert_eq!(dump(&db, active_generation(&db).await).await.expect("a dump"), after_restart);
}

async fn queries_wait_for_their_own_writes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = app.planned_activity().await;
    let delivered = app.command(&format!("/api/v1/activities/{id}/delivery"), &delivery_body()).await;
    let position = delivered["position"].as_i64().expect("a position");

    let summary = app.get_json(&format!("/api/v1/countries/SAU/summary?min_position={position}")).await;
    let list = app.get_json(&format!("/api/v1/activities?country=SAU&min_position={position}")).await;

    assert!(summary["as_of_position"].as_i64() >= Some(position));
    assert_eq!(summary["activities"]["by_status"]["delivered"], 1);
    assert_eq!(list["items"][0]["status"], "delivered");
    let unissued = app.get(&format!("/api/v1/countries/SAU/summary?min_position={}", position + 1_000)).await;
    let problem = assert_problem(unissued, StatusCode::BAD_REQUEST, "/problems/bad-request").await;
    assert_eq!(problem["field"], "min_position");
}

/// Without a projector the read models never catch up: the wait ends in a 503 to retry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_model_that_lags_answers_503_with_retry_after() {
    let app = TestApp::start_with(Store::fresh(Backend::Sqlite).await, false).await;
    let id = app.planned_activity().await;
    let position = app.history(id).await[0]["position"].as_i64().expect("a position");

    let late = app.get(&format!("/api/v1/countries/SAU/summary?min_position={position}")).await;

    assert_eq!(late.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("1"));
    assert_problem(late, StatusCode::SERVICE_UNAVAILABLE, "/problems/unavailable").await;
}

/// Another process holding SQLite's write lock past the busy timeout: the command writes
/// nothing and answers 503 to retry, never a 500; the retry with the same key lands once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_busy_past_its_wait_answers_503_and_the_retry_lands() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let programme = app.programme().await;
    let id = uuid::Uuid::new_v4();
    let plan = tatrack_testkit::plan_body(id, programme);
    let other = Db::connect(&app.store.url).await.expect("another connection");
    let Db::Sqlite(pool, _) = &other else { unreachable!("a SQLite store") };
    let mut holder = pool.acquire().await.expect("a connection");
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *holder).await.expect("the write lock");

    let busy = app.post_with("/api/v1/activities", &plan, &[("idempotency-key", "busy-plan")]).await;

    assert_eq!(busy.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("1"));
    let problem = assert_problem(busy, StatusCode::SERVICE_UNAVAILABLE, "/problems/unavailable").await;
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("nothing was written")), "{problem}");
    sqlx::query("ROLLBACK").execute(&mut *holder).await.expect("the lock released");
    drop(holder);
    let landed = app.post_with("/api/v1/activities", &plan, &[("idempotency-key", "busy-plan")]).await;
    assert_eq!(landed.status(), StatusCode::CREATED);
    assert_eq!(app.history(id).await.len(), 1);
    other.close().await;
}

/// The projector's read of the log walks the commit-order index, whatever the plan cache
/// decides: a sort there would read the whole log for every batch.
#[tokio::test]
async fn the_log_is_read_in_commit_order_without_sorting() {
    let store = Store::fresh(Backend::Postgres).await;
    let db = store.open().await;
    let Db::Postgres(pool) = &db else { unreachable!("a PostgreSQL store") };
    let mut tx = pool.begin().await.expect("a transaction");
    // The generic plan is the one a prepared statement ends up with.
    sqlx::query("SET LOCAL plan_cache_mode = force_generic_plan").execute(&mut *tx).await.expect("SET");
    sqlx::query(&format!(
        "PREPARE committed_after (bigint, bigint, bigint) AS {}",
        log::committed_after_postgres()
    ))
    .execute(&mut *tx)
    .await
    .expect("PREPARE");
    let plan: Vec<String> = sqlx::query_scalar("EXPLAIN EXECUTE committed_after (0, 0, 1000)")
        .fetch_all(&mut *tx)
        .await
        .expect("EXPLAIN");
    let plan = plan.join("\n");
    assert!(plan.contains("events_commit_order") && !plan.contains("Sort"), "{plan}");
}

/// Two appends whose positions and commits cross: the later position commits first. The
/// projector must wait for the earlier one, then apply both, each once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_commit_is_neither_skipped_nor_repeated() {
    let app = TestApp::start_with(Store::fresh(Backend::Postgres).await, false).await;
    let programme = app.programme().await;
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let Db::Postgres(pool) = &db else { unreachable!("a PostgreSQL store") };
    let projector = Projector::new(db.clone(), std::sync::Arc::default());
    let before = project_everything(&app, &projector).await;
    let (first, second) = (Uuid::new_v4(), Uuid::new_v4());

    let mut early = pool.begin().await.expect("a transaction");
    let early_position = append_plan(&mut early, first, programme).await;
    let mut late = pool.begin().await.expect("a transaction");
    let late_position = append_plan(&mut late, second, programme).await;
    assert!(late_position > early_position);
    late.commit().await.expect("the later position commits first");
    projector.catch_up().await.expect("a batch");
    let while_open = app.get_json("/api/v1/projections/status").await;
    early.commit().await.expect("the earlier position commits last");
    let after = project_everything(&app, &projector).await;

    assert_eq!(
        while_open["events_applied"].as_i64(),
        Some(before),
        "nothing past the open transaction: {while_open}"
    );
    assert_eq!(after, before + 2, "both appends, each once");
    let list = app.get_json("/api/v1/activities?country=SAU").await;
    let ids: Vec<_> = list["items"].as_array().expect("items").iter().map(|i| i["id"].clone()).collect();
    assert_eq!(ids.len(), 2, "both activities, once each: {list}");
    assert!(ids.contains(&json!(first.to_string())) && ids.contains(&json!(second.to_string())));
}

/// Runs the projector until it has applied the whole log; returns the events applied so far.
/// One pass may stop short: a transaction in any database of the cluster holds back the
/// visibility horizon for a moment.
async fn project_everything(app: &TestApp, projector: &Projector) -> i64 {
    for _ in 0..500 {
        projector.catch_up().await.expect("a batch");
        let status = app.get_json("/api/v1/projections/status").await;
        if status["lag"] == 0 {
            return status["events_applied"].as_i64().expect("a count");
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("the projector did not catch up");
}
