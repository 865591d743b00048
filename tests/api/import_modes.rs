//! How each mode of an import writes: by default the whole file lands in one transaction, so a
//! row that loses a race at write time leaves the log as it was; a partial import commits row
//! by row, and only the row refused is left out; a dry run previews either.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use reqwest::StatusCode;
use tatrack_app::auth::Principal;
use tatrack_app::import::report::{ImportFailure, ImportReport};
use tatrack_app::import::row_error::Rule;
use tatrack_app::import::{self, Options, Progress, Upload};
use tatrack_app::App;
use tatrack_domain::token::{Role, TokenScope};
use tatrack_store::Db;
use tatrack_testkit::{plan_body, programme_body, unique_code, Backend, TestApp};
use uuid::Uuid;

use crate::imports::{csv, expected, import_ok, planned, problems, row};

tatrack_testkit::on_both_backends!(
    a_late_row_that_loses_a_race_at_write_time_leaves_the_log_unchanged,
    a_partial_import_commits_row_by_row_and_leaves_out_the_row_refused,
    a_dry_run_previews_a_partial_import,
);

/// Another writer: plans `activity` over HTTP when the import's writing phase has checked
/// `after_rows` rows again (0: as the phase begins), while the import waits.
struct Interloper {
    plan_url: String,
    token: String,
    body: serde_json::Value,
    after_rows: u64,
    writing: AtomicBool,
    done: AtomicU64,
    /// The status its plan was answered with, once sent.
    answered: Mutex<Option<StatusCode>>,
}

impl Interloper {
    fn new(app: &TestApp, programme: Uuid, activity: Uuid, after_rows: u64) -> Self {
        Self {
            plan_url: app.url("/api/v1/activities"),
            token: app.token.clone(),
            body: plan_body(activity, programme),
            after_rows,
            writing: AtomicBool::new(false),
            done: AtomicU64::new(0),
            answered: Mutex::new(None),
        }
    }

    /// Plans the activity from a thread and runtime of its own: the import's task is blocked in
    /// its progress report meanwhile, so nothing of the import moves until the plan is answered.
    fn plan(&self) {
        let (url, token, body) = (self.plan_url.clone(), self.token.clone(), self.body.clone());
        let status = std::thread::spawn(move || {
            let runtime =
                tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
            runtime.block_on(async {
                let request = reqwest::Client::new().post(url).bearer_auth(token).json(&body);
                request.send().await.expect("the plan is answered").status()
            })
        })
        .join()
        .expect("the interloper's thread ends");
        *self.answered.lock().expect("not poisoned") = Some(status);
    }

    fn answered(&self) -> Option<StatusCode> {
        *self.answered.lock().expect("not poisoned")
    }
}

impl Progress for Interloper {
    fn phase(&self, name: &'static str, _rows: u64) {
        let writing = name == "writing";
        self.writing.store(writing, Ordering::SeqCst);
        if writing && self.after_rows == 0 {
            self.plan();
        }
    }

    fn advance(&self, rows: u64) {
        if self.writing.load(Ordering::SeqCst)
            && self.done.fetch_add(rows, Ordering::SeqCst) + rows == self.after_rows
        {
            self.plan();
        }
    }
}

/// Three new activities, planned, in programme `code`.
fn three_rows(code: &str, ids: &[Uuid; 3]) -> Upload {
    let rows: Vec<Vec<String>> = ids.iter().map(|id| planned(code, &[("id", &id.to_string())])).collect();
    Upload { file_name: "race.csv".into(), bytes: csv(&rows) }
}

fn importer() -> Principal {
    Principal {
        name: "importer".into(),
        role: Role::Admin,
        scope: TokenScope::default(),
        funder: None,
        person: None,
    }
}

async fn programme_with_code(app: &TestApp) -> (String, Uuid) {
    let (code, id) = (unique_code(), Uuid::new_v4());
    app.command("/api/v1/programmes", &programme_body(id, &code)).await;
    (code, id)
}

/// Three new activities to import as the `importer`, the third planned meanwhile by an
/// [`Interloper`]; the store open beside the server.
struct Race {
    app: TestApp,
    db: Db,
    ids: [Uuid; 3],
    upload: Upload,
    interloper: Interloper,
}

impl Race {
    /// The interloper plans once the writing phase has checked `after_rows` rows again.
    async fn arrange(backend: Backend, after_rows: u64) -> Self {
        let app = TestApp::spawn(backend).await;
        let (code, programme) = programme_with_code(&app).await;
        let ids = [Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4()];
        let interloper = Interloper::new(&app, programme, ids[2], after_rows);
        let db = app.store.open().await;
        Self { upload: three_rows(&code, &ids), app, db, ids, interloper }
    }

    async fn import(&self, options: Options) -> Result<ImportReport, ImportFailure> {
        import::import(&App::new(self.db.clone()), &importer(), &self.upload, options, "r", &self.interloper)
            .await
    }
}

async fn a_late_row_that_loses_a_race_at_write_time_leaves_the_log_unchanged(backend: Backend) {
    // Arrange: the third row's activity is planned by another writer once every row has been
    // checked again for writing, just before the commit.
    let race = Race::arrange(backend, 3).await;
    let (app, db, ids, interloper) = (&race.app, &race.db, &race.ids, &race.interloper);
    let head_before = tatrack_store::log::head(db).await.expect("the head");

    // Act
    let imported = race.import(Options::default()).await;

    // Assert: the race happened, the file was refused naming the row, and the log holds only
    // the other writer's plan.
    assert_eq!(interloper.answered(), Some(StatusCode::CREATED), "the interloper planned first");
    let Err(ImportFailure::Rows(problems)) = imported else { panic!("the import was refused: {imported:?}") };
    let refused: Vec<(u64, Rule)> = problems.listed.iter().map(|p| (p.row, p.rule)).collect();
    assert_eq!(refused, [(4, Rule::WriteFailed)], "{:?}", problems.listed);
    assert!(problems.listed[0].detail.contains("nothing was written"), "{:?}", problems.listed);
    assert_eq!(tatrack_store::log::head(db).await.expect("the head"), head_before + 1);
    for id in &ids[..2] {
        assert_eq!(app.get(&format!("/api/v1/activities/{id}")).await.status(), StatusCode::NOT_FOUND);
    }
    let history = app.history(ids[2]).await;
    assert_eq!(history.len(), 1, "{history:?}");
    assert_ne!(history[0]["actor"], "importer", "{history:?}");
    db.close().await;
}

async fn a_partial_import_commits_row_by_row_and_leaves_out_the_row_refused(backend: Backend) {
    // Arrange: the third row's activity is planned by another writer as the writing begins.
    let race = Race::arrange(backend, 0).await;
    let (app, db, ids, interloper) = (&race.app, &race.db, &race.ids, &race.interloper);
    let partial = Options { partial: true, ..Options::default() };

    // Act
    let imported = race.import(partial).await.expect("a partial import answers");

    // Assert: the first two rows are written, each in its own commit; the third is listed.
    assert_eq!(interloper.answered(), Some(StatusCode::CREATED));
    assert_eq!((imported.counts.imported, imported.counts.failed), (2, 1), "{imported:?}");
    assert_eq!(imported.errors.iter().map(|p| (p.row, p.rule)).collect::<Vec<_>>(), [(4, Rule::WriteFailed)]);
    let positions: Vec<Option<i64>> = imported.rows.iter().take(2).map(|row| row.position).collect();
    assert!(positions[0].is_some() && positions[0] != positions[1], "one commit per row: {positions:?}");
    for id in &ids[..2] {
        assert_eq!(app.history(*id).await[0]["actor"], "importer");
    }
    db.close().await;
}

async fn a_dry_run_previews_a_partial_import(backend: Backend) {
    // Arrange: one valid row, one invalid.
    let app = TestApp::spawn(backend).await;
    let (code, _) = programme_with_code(&app).await;
    let good = Uuid::new_v4();
    let file = csv(&[row(&code, &[("id", &good.to_string())]), row(&code, &[("countries", "SAU;SAU")])]);

    // Act
    let preview = import_ok(&app, "?dry_run=true&partial=true", "mixed.csv", file.clone()).await;
    let written = import_ok(&app, "?partial=true", "mixed.csv", file).await;

    // Assert: the preview answers what the partial import then did, and wrote nothing itself.
    assert_eq!((preview["dry_run"].as_bool(), preview["partial"].as_bool()), (Some(true), Some(true)));
    assert_eq!(preview["counts"]["would_import"], 1, "{preview}");
    assert_eq!(preview["counts"]["invalid"], 1, "{preview}");
    assert_eq!(problems(&preview), expected(&[(3, "countries", "duplicate_country")]));
    assert_eq!(problems(&written), problems(&preview));
    assert_eq!(written["counts"]["imported"], 1, "{written}");
    let outcomes = |body: &serde_json::Value| -> Vec<(u64, String)> {
        body["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| {
                (r["row"].as_u64().unwrap_or_default(), r["outcome"].as_str().unwrap_or_default().to_owned())
            })
            .collect()
    };
    assert_eq!(outcomes(&preview), [(2, "would_import".to_owned()), (3, "invalid".to_owned())]);
    assert_eq!(outcomes(&written), [(2, "imported".to_owned()), (3, "invalid".to_owned())]);
}
