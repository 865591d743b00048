//! Fresh, empty stores: a new PostgreSQL database or a new SQLite file.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use sqlx::{Connection, PgConnection};
use tatrack_store::Db;
use uuid::Uuid;

/// Which store a test runs against; every scenario runs on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// The server PostgreSQL tests create their databases on.
fn postgres_admin_url() -> String {
    std::env::var("TATRACK_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// What every test database's name starts with, before the id of the process that made it.
const PREFIX: &str = "tatrack_test_p";

/// Drops, once per process, the databases earlier test processes left behind: a test database
/// lives as long as its process, and nothing else ever drops it (repeated `cargo test` runs once
/// left 2,381 of them, 19 GB, and filled the disk under PostgreSQL). One whose process still runs
/// (or whose id another process now has) is kept; without `/proc` nothing is dropped.
async fn drop_leftovers(connection: &mut PgConnection) {
    static DONE: AtomicBool = AtomicBool::new(false);
    if DONE.swap(true, Ordering::SeqCst) || !Path::new("/proc/self").exists() {
        return;
    }
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE starts_with(datname, $1)")
            .bind(PREFIX)
            .fetch_all(&mut *connection)
            .await
            .unwrap_or_default();
    for name in names {
        let maker = name.strip_prefix(PREFIX).and_then(|rest| rest.split('_').next()?.parse::<u32>().ok());
        let Some(maker) = maker else { continue };
        if maker == std::process::id() || Path::new(&format!("/proc/{maker}")).exists() {
            continue;
        }
        // Best effort: another process may be dropping it at the same time.
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut *connection)
            .await;
    }
}

/// A fresh, empty store, named by its URL.
pub struct Store {
    pub url: String,
    /// Keeps the SQLite file's folder alive for the test's duration.
    _folder: Option<tempfile::TempDir>,
}

impl Store {
    pub async fn fresh(backend: Backend) -> Self {
        match backend {
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let name = format!("{PREFIX}{}_{}", std::process::id(), Uuid::new_v4().simple());
                let mut connection =
                    sqlx::PgConnection::connect(&admin).await.expect("PostgreSQL is reachable (see README)");
                drop_leftovers(&mut connection).await;
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut connection)
                    .await
                    .expect("create the test database");
                let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
                Self { url: format!("{base}/{name}"), _folder: None }
            }
            Backend::Sqlite => {
                let folder = tempfile::tempdir().expect("a temporary folder");
                let url = format!("sqlite://{}", folder.path().join("tatrack.db").display());
                Self { url, _folder: Some(folder) }
            }
        }
    }

    /// Another handle on the same PostgreSQL database, for a second server (a replica).
    #[must_use]
    pub fn same_database(&self) -> Self {
        assert!(self.url.starts_with("postgres"), "replicas share a PostgreSQL database, not an SQLite file");
        Self { url: self.url.clone(), _folder: None }
    }

    /// The store opened and migrated, as the server opens it.
    pub async fn open(&self) -> Db {
        let db = Db::connect(&self.url).await.expect("the store opens");
        db.migrate().await.expect("the store migrates");
        db
    }
}
