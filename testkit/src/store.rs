//! Fresh, empty stores: a new PostgreSQL database or a new SQLite file.

use sqlx::Connection;
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
                let name = format!("tatrack_test_{}", Uuid::new_v4().simple());
                let mut connection =
                    sqlx::PgConnection::connect(&admin).await.expect("PostgreSQL is reachable (see README)");
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
