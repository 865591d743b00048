//! Sums of money are exact whatever their size, on both backends, and an event stored before
//! the bounds existed (so far past them) is applied exactly, never panicked on: the live read
//! models and a replay agree to the cent.

use serde_json::{json, Value};
use tatrack_projections::replay;
use tatrack_store::Db;
use uuid::Uuid;

use tatrack_testkit::{
    append_raw, delivery_body, plan_body, raw_event, Backend, Store, StreamEvent, TestApp,
};

tatrack_testkit::on_both_backends!(
    sums_of_accepted_amounts_stay_exact_past_i64,
    amounts_stored_before_the_bound_are_summed_exactly_and_replayed,
    read_models_written_before_exact_amounts_migrate_with_their_values,
);

/// The largest `rust_decimal::Decimal`: what the API accepted before the bound.
const DECIMAL_MAX: &str = "79228162514264337593543950335";

/// Appends one event straight into the log, as a server without today's rules once did; returns
/// its position.
async fn append(app: &TestApp, (kind, id): (&str, Uuid), sequence: i64, payload: &Value) -> i64 {
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let event = StreamEvent {
        metadata: json!({"actor": "legacy"}),
        ..raw_event(kind, id, sequence, payload.clone())
    };
    let position = append_raw(&db, &event).await;
    db.close().await;
    position
}

/// The funding and contributions of the three summaries that show money, at `position`.
async fn money_figures(app: &TestApp, programme: Uuid, donor: &str, position: i64) -> Vec<Value> {
    let mut figures = Vec::new();
    for path in [
        "/api/v1/countries/SAU/summary".to_owned(),
        format!("/api/v1/programmes/{programme}/summary"),
        format!("/api/v1/donors/{}/summary", donor.replace(' ', "%20")),
    ] {
        let summary = app.get_json(&format!("{path}?min_position={position}")).await;
        figures.push(
            json!({"path": path, "funding": summary["funding"], "contributions": summary["contributions"]}),
        );
    }
    figures
}

fn amounts(figures: &Value) -> Vec<(String, String)> {
    figures
        .as_array()
        .expect("a list of amounts")
        .iter()
        .map(|a| {
            (
                a["donor"].as_str().unwrap_or_default().to_owned(),
                a["amount"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// 100 lines of the largest amount accepted, in a currency with four decimals (CLF), add up
/// to 10^19 minor units: past `i64::MAX` (about 9.2 * 10^18), which wrapped on PostgreSQL and
/// saturated or failed on SQLite.
async fn sums_of_accepted_amounts_stay_exact_past_i64(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let id = Uuid::new_v4();
    app.command("/api/v1/activities", &plan_body(id, programme)).await;
    let line = json!({"donor": "Fondo", "amount": "10000000000000.0000", "currency": "CLF"});
    let gift = json!({"donor": "Fondo", "amount": "10000000000000.0000", "currency": "CLF", "received_on": "2019-03-15"});
    let mut position = 0;
    for _ in 0..100 {
        app.command(&format!("/api/v1/activities/{id}/funding"), &line).await;
        let answer = app.command(&format!("/api/v1/programmes/{programme}/contributions"), &gift).await;
        position = answer["position"].as_i64().expect("a position");
    }
    let exact = ("Fondo".to_owned(), "1000000000000000.0000".to_owned());
    for figures in money_figures(&app, programme, "Fondo", position).await {
        assert_eq!(amounts(&figures["funding"]), std::slice::from_ref(&exact), "{figures}");
        if !figures["contributions"].is_null() {
            assert_eq!(amounts(&figures["contributions"]), std::slice::from_ref(&exact), "{figures}");
        }
    }
}

/// The cases, written straight into the log as an older server accepted them: three
/// lines of 4 * 10^16 EUR (which saturated on SQLite and wrapped on PostgreSQL), a line and
/// three contributions of `Decimal::MAX` (which made the projector panic for good).
async fn amounts_stored_before_the_bound_are_summed_exactly_and_replayed(backend: Backend) {
    // Arrange
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let id = Uuid::new_v4();
    app.command("/api/v1/activities", &plan_body(id, programme)).await;
    app.command(&format!("/api/v1/activities/{id}/delivery"), &delivery_body()).await;
    let funding = |donor: &str, amount: &str| json!({"FundingAttributed": {"donor": donor, "amount": amount, "currency": "EUR"}});
    let contribution = json!({"ContributionRecorded": {
        "donor": "Big Donor", "amount": DECIMAL_MAX, "currency": "EUR", "received_on": "2019-03-15"}});

    // Act
    let mut position = 0;
    for sequence in 3..=5 {
        position =
            append(&app, ("Activity", id), sequence, &funding("Old Donor", "40000000000000000.00")).await;
    }
    append(&app, ("Activity", id), 6, &funding("Big Donor", DECIMAL_MAX)).await;
    for sequence in 2..=4 {
        position = append(&app, ("Programme", programme), sequence, &contribution).await;
    }

    // Assert: the projector applied every event, exactly.
    let three_max = (DECIMAL_MAX.parse::<i128>().expect("an integer") * 3).to_string();
    let live = money_figures(&app, programme, "Big Donor", position).await;
    let (country, programme_summary, donor) = (&live[0], &live[1], &live[2]);
    let expected_funding = [
        ("Big Donor".to_owned(), format!("{DECIMAL_MAX}.00")),
        ("Old Donor".to_owned(), "120000000000000000.00".to_owned()),
    ];
    assert_eq!(amounts(&country["funding"]), expected_funding, "{country}");
    assert_eq!(amounts(&programme_summary["funding"]), expected_funding, "{programme_summary}");
    assert_eq!(
        amounts(&programme_summary["contributions"]),
        [("Big Donor".to_owned(), format!("{three_max}.00"))]
    );
    assert_eq!(amounts(&donor["funding"]), [expected_funding[0].clone()], "{donor}");
    assert_eq!(amounts(&donor["contributions"]), [("Big Donor".to_owned(), format!("{three_max}.00"))]);
    let status = app.get_json("/api/v1/projections/status").await;
    assert_eq!(status["lag"], 0, "the projector is not stuck: {status}");

    // A replay of the same log succeeds and gives the same figures.
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let report = replay::rebuild(&db, |_, _| {}).await.expect("the replay succeeds");
    assert_eq!(money_figures(&app, programme, "Big Donor", report.checkpoint.position).await, live);
    // And the activity's own stream still loads: it takes a new command.
    app.command(
        &format!("/api/v1/activities/{id}/outputs"),
        &json!({"kind": "other", "description": "a manual"}),
    )
    .await;
}

/// Rows written with integer amounts (migrations up to 0005) keep their values through 0006,
/// and the migrated columns then hold amounts past `i64` exactly.
async fn read_models_written_before_exact_amounts_migrate_with_their_values(backend: Backend) {
    // Arrange: the schema as it was, with one row in each table that holds money.
    let store = Store::fresh(backend).await;
    let folder = match backend {
        Backend::Postgres => concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/postgres"),
        Backend::Sqlite => concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/sqlite"),
    };
    let mut before =
        sqlx::migrate::Migrator::new(std::path::Path::new(folder)).await.expect("the migrations");
    before.migrations =
        before.migrations.iter().filter(|m| m.version <= 5).cloned().collect::<Vec<_>>().into();
    let db = Db::connect(&store.url).await.expect("the store opens");
    let rows = [
        "INSERT INTO rm_activity_funding (generation, activity_id, donor, currency, amount_minor) \
         VALUES (1, 'a', 'EU', 'EUR', 1200050)",
        "INSERT INTO rm_programme_contributions (generation, programme_id, seq, donor, currency, amount_minor, \
         received_on) VALUES (1, 'p', 0, 'EU', 'EUR', 150000000, '2019-03-15')",
        "INSERT INTO rm_summary_cells (generation, scope_kind, scope_key, month, measure, dim, dim2, amount, \
         activities) VALUES (1, 'country', 'SAU', '2019-10', 'funding', 'EU', 'EUR', 1200050, 1), \
         (1, 'country', 'SAU', '2019-10', 'people', 'female', '', 12, 1)",
    ];
    tatrack_store::on_db!(&db, |pool, _columns| {
        before.run(pool).await.expect("migrations 0001 to 0005");
        for sql in rows {
            sqlx::query(sql).execute(pool).await.expect(sql);
        }
    });

    // Act: 0006 and the migrations after it that keep the cells (0012 leaves them to the
    // projector's backfill).
    let mut upto_0011 =
        sqlx::migrate::Migrator::new(std::path::Path::new(folder)).await.expect("the migrations");
    upto_0011.migrations =
        upto_0011.migrations.iter().filter(|m| m.version <= 11).cloned().collect::<Vec<_>>().into();
    tatrack_store::on_db!(&db, |pool, _columns| upto_0011.run(pool).await.expect("migration 0006"));

    // Assert
    let read = "SELECT f.amount_minor, c.amount_minor, (SELECT money FROM rm_summary_cells WHERE measure = 'funding'), \
                (SELECT amount FROM rm_summary_cells WHERE measure = 'funding'), \
                (SELECT amount FROM rm_summary_cells WHERE measure = 'people'), \
                (SELECT money FROM rm_summary_cells WHERE measure = 'people') \
                FROM rm_activity_funding f, rm_programme_contributions c";
    let past_i64 = "120000000000000000000";
    let migrated: (String, String, String, i64, i64, String) =
        tatrack_store::on_db!(&db, |pool, _columns| {
            let migrated = sqlx::query_as(read).fetch_one(pool).await.expect("the migrated rows");
            sqlx::query("UPDATE rm_activity_funding SET amount_minor = $1")
                .bind(past_i64)
                .execute(pool)
                .await
                .expect("an update");
            migrated
        });
    assert_eq!(
        migrated,
        ("1200050".into(), "150000000".into(), "1200050".into(), 0, 12, "0".into()),
        "amounts as text, a funding cell's money moved to `money`, counts untouched"
    );
    let stored: String = tatrack_store::on_db!(&db, |pool, _columns| sqlx::query_scalar(
        "SELECT amount_minor FROM rm_activity_funding"
    )
    .fetch_one(pool)
    .await
    .expect("the amount"));
    assert_eq!(stored, past_i64, "kept as written, neither an integer nor a rounded real");
}
