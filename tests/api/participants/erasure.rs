//! After an erasure, the person's identifying values are nowhere: not in any row of any table,
//! not in the database's files (SQLite: the file and its write-ahead log), not in the audit
//! export, not in any answer or export; the chain still verifies and every count is as before.

use serde_json::{json, Value};
use sqlx::{Column as _, Row as _};
use tatrack_store::Db;
use tatrack_testkit::{Backend, TestApp};

use super::helpers::{attend, delivered, register, summary, Answers, Person};

/// Every row of every table of the database, as text.
async fn dump(db: &Db) -> Vec<u8> {
    let mut out = Vec::new();
    match db {
        Db::Postgres(pool) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' \
                 AND table_type = 'BASE TABLE'",
            )
            .fetch_all(pool)
            .await
            .expect("the tables");
            for table in tables {
                let rows: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT row_to_json(t)::text FROM \"{table}\" t"))
                        .fetch_all(pool)
                        .await
                        .expect("a table's rows");
                for row in rows {
                    out.extend_from_slice(format!("{table}: {row}\n").as_bytes());
                }
            }
        }
        Db::Sqlite(pool, _) => {
            let tables: Vec<String> =
                sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
                    .fetch_all(pool)
                    .await
                    .expect("the tables");
            for table in tables {
                let rows =
                    sqlx::query(&format!("SELECT * FROM \"{table}\"")).fetch_all(pool).await.expect("rows");
                for row in rows {
                    for (at, column) in row.columns().iter().enumerate() {
                        let text = row
                            .try_get::<Option<String>, _>(at)
                            .map(Option::unwrap_or_default)
                            .or_else(|_| row.try_get::<Option<i64>, _>(at).map(|n| format!("{n:?}")))
                            .or_else(|_| row.try_get::<Option<f64>, _>(at).map(|n| format!("{n:?}")))
                            .or_else(|_| {
                                row.try_get::<Option<Vec<u8>>, _>(at)
                                    .map(|b| String::from_utf8_lossy(&b.unwrap_or_default()).into_owned())
                            })
                            .expect("a readable cell");
                        out.extend_from_slice(format!("{table}.{}: {text}\n", column.name()).as_bytes());
                    }
                }
            }
        }
    }
    out
}

/// The participant's key as stored (sealed by the master key).
async fn wrapped_key(db: &Db, id: uuid::Uuid) -> String {
    let sql = "SELECT wrapped FROM participant_keys WHERE participant_id = $1";
    match db {
        Db::Postgres(pool) => sqlx::query_scalar(sql).bind(id.to_string()).fetch_one(pool).await,
        Db::Sqlite(pool, _) => sqlx::query_scalar(sql).bind(id.to_string()).fetch_one(pool).await,
    }
    .expect("a key")
}

/// The SQLite database file and its write-ahead log, as they lie on disk.
fn files(url: &str) -> Vec<u8> {
    let Some(path) = url.strip_prefix("sqlite://") else { return Vec::new() };
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        bytes.extend(std::fs::read(format!("{path}{suffix}")).unwrap_or_default());
    }
    bytes
}

fn assert_absent(haystack: &[u8], needles: &[String], what: &str) {
    for needle in needles {
        let found = haystack.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(!found, "{what} still holds '{needle}'");
    }
}

/// Reads every list, history, summary and export, in JSON, CSV, XLSX and IATI XML, keeping each
/// answer.
async fn read_every_export(
    app: &TestApp,
    answers: &mut Answers,
    activity: uuid::Uuid,
    programme: uuid::Uuid,
) {
    let first = activity;
    for path in [
        "/api/v1/activities?format=csv".to_owned(),
        "/api/v1/activities?format=xlsx".to_owned(),
        "/api/v1/activities".to_owned(),
        format!("/api/v1/activities/{first}/history"),
        format!("/api/v1/programmes/{programme}/summary?format=csv"),
        format!("/api/v1/programmes/{programme}/summary?format=xlsx"),
        "/api/v1/countries/SAU/summary?format=csv".to_owned(),
        "/api/v1/donors/Japan/summary?format=xlsx".to_owned(),
        "/api/v1/audit/events?limit=500".to_owned(),
        "/api/v1/iati/activities.xml".to_owned(),
    ] {
        answers.keep(app.get(&path).await).await;
    }
}

pub(super) async fn an_erased_person_leaves_no_identifying_value_and_every_count_stays(backend: Backend) {
    // Arrange: a person with every identifying field, on two activities; another person.
    let app = TestApp::spawn(backend).await;
    let programme = app.programme().await;
    let (first, second) = (delivered(&app, programme).await, delivered(&app, programme).await);
    let mut amina = Person::new("Amina Kouyaté-Zerbo", "female", "35_44");
    amina.phone = Some("+226 70 12 34 56".into());
    amina.function = Some("Procureure adjointe au parquet de Ouagadougou".into());
    let other = Person::new("Omar Haddad", "male", "25_34");
    let mut answers = Answers::default();
    answers.keep(app.post("/api/v1/participants", &amina.body()).await).await;
    register(&app, &other).await;
    attend(&app, first, &[(&amina, Some(40), Some(80)), (&other, None, None)]).await;
    let last = attend(&app, second, &[(&amina, Some(60), Some(90))]).await;
    let before = summary(&app, programme, &last["position"]).await;
    let shown = app.get_json(&format!("/api/v1/participants/{}", amina.id)).await;
    assert_eq!(shown["name"], amina.name.as_str());
    assert_eq!(shown["phone"], "+226 70 12 34 56");
    assert_eq!(shown["activities"].as_array().map(Vec::len), Some(2), "{shown}");
    let db = Db::connect(&app.store.url).await.expect("the store opens");
    let wrapped = wrapped_key(&db, amina.id).await;

    // Act
    let (status, erased) = answers
        .keep(
            app.post(
                &format!("/api/v1/participants/{}/erasure", amina.id),
                &json!({"ground": "subject_request"}),
            )
            .await,
        )
        .await;
    assert!(status.is_success(), "{erased}");

    // Assert: counts stay, the person reads as erased everywhere.
    let after = summary(&app, programme, &erased["position"]).await;
    assert_eq!(after["people"], before["people"], "people figures stay");
    assert_eq!(after["participants"], before["participants"], "tallies stay");
    assert_eq!(after["people"]["distinct"], 2);
    let (_, view) = answers.keep(app.get(&format!("/api/v1/participants/{}", amina.id)).await).await;
    assert_eq!((view["erased"].as_bool(), view["name"].as_str()), (Some(true), Some("erased participant")));
    assert_eq!(
        (&view["email"], &view["phone"], &view["function"]),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    assert_eq!(view["sex"], "female", "categories stay");
    let (_, attendance) =
        answers.keep(app.get(&format!("/api/v1/activities/{first}/attendance")).await).await;
    assert_eq!(attendance["attendees"][0]["name"], "erased participant");
    assert_eq!(attendance["attendees"][1]["name"], other.name.as_str());
    let french = app
        .client
        .get(app.url(&format!("/api/v1/participants/{}", amina.id)))
        .header("accept-language", "fr")
        .send()
        .await
        .expect("answered");
    assert_eq!(answers.keep(french).await.1["name"], "participant effacé");
    let again = app
        .post(&format!("/api/v1/participants/{}/erasure", amina.id), &json!({"ground": "subject_request"}))
        .await;
    assert_eq!(answers.keep(again).await.0, reqwest::StatusCode::CONFLICT, "erasing twice");
    let (_, matches) = answers
        .keep(app.post("/api/v1/participants/matches", &json!({"name": amina.name, "email": amina.email, "country": "SAU", "institution": "prosecutors"})).await)
        .await;
    assert_eq!(matches["matches"], json!([]), "the blind index forgot the person");
    let (_, access) =
        answers.keep(app.get(&format!("/api/v1/participants/{}/subject-access", amina.id)).await).await;
    assert_eq!(access["participant"]["erased"], true);
    let (_, verified) = answers.keep(app.get("/api/v1/audit/verify").await).await;
    assert_eq!(verified["intact"], true, "the chain verifies: {verified}");
    read_every_export(&app, &mut answers, first, programme).await;
    let summary_after = app.get_json(&format!("/api/v1/programmes/{programme}/summary")).await;
    assert_eq!(summary_after["people"], before["people"]);

    let mut identifying = vec![amina.name.clone(), "Kouyaté".to_owned(), "+226 70 12 34 56".to_owned()];
    identifying.extend(amina.email.clone());
    identifying.extend(amina.function.clone());
    let mut export = Vec::new();
    tatrack_audit::export(&db, &mut export).await.expect("the audit export");
    assert_absent(&export, &identifying, "the audit export");
    for answer in &answers.0 {
        assert_absent(answer, &identifying, "an answer");
    }
    let rows = dump(&db).await;
    assert!(!rows.is_empty());
    assert_absent(&rows, &identifying, "the database");
    assert_absent(&rows, std::slice::from_ref(&wrapped), "the database (the erased key)");
    db.close().await;
    let on_disk = files(&app.store.url);
    assert_absent(&on_disk, &identifying, "the database files");
    assert_absent(&on_disk, &[wrapped], "the database files (the erased key)");
}
