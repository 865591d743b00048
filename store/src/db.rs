//! One handle on the database, whichever backend `DATABASE_URL` names.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgSslMode};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

/// Runs `$body` against whichever pool `$db` holds, with `$columns` bound to that backend's
/// select list for [`crate::row::EventRow`]. The body is written once and compiled per driver.
#[macro_export]
macro_rules! on_db {
    ($db:expr, |$pool:ident, $columns:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Postgres($pool) => {
                let $columns = $crate::row::POSTGRES_COLUMNS;
                $body
            }
            $crate::db::Db::Sqlite($pool, _) => {
                let $columns = $crate::row::SQLITE_COLUMNS;
                $body
            }
        }
    };
}

/// Why the store could not be reached or used. The message never carries credentials.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("DATABASE_URL must start with postgres://, postgresql:// or sqlite:, not '{0}'")]
    UnsupportedUrl(String),
    #[error("cannot create the folder {path} for the SQLite database")]
    CreateFolder { path: String, source: std::io::Error },
    #[error("cannot connect to the {backend} database")]
    Connect { backend: &'static str, source: sqlx::Error },
    #[error("cannot bring the database schema up to date")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database query failed")]
    Query(#[from] sqlx::Error),
    /// A stored figure, or a sum of them, too large for the read models: reported, never
    /// wrapped, capped or panicked on.
    #[error(transparent)]
    Overflow(#[from] Overflow),
}

/// A figure that does not fit the integer meant to hold it; never silently wrapped or capped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} does not fit the read models' integers")]
pub struct Overflow(pub &'static str);

/// The database behind the event store and the read models.
#[derive(Debug, Clone)]
pub enum Db {
    Postgres(PgPool),
    /// The pool, and the gate its writers queue at: SQLite has one writer at a time.
    Sqlite(SqlitePool, WriteGate),
}

/// The queue of this process's SQLite writers (commands and the projector), first come, first
/// served. Without it, a writer finding the database locked is put to sleep by SQLite's busy
/// handler for 1, 2, 5, 10... ms, however soon the lock is released: at a few hundred commits a
/// second, most of a command's time went to those sleeps. Writers of other processes (a
/// `tatrack replay` beside the server) still meet the busy handler.
#[derive(Debug, Clone, Default)]
pub struct WriteGate(std::sync::Arc<tokio::sync::Mutex<()>>);

impl WriteGate {
    /// This writer's turn, once the writers queued before it are done: bounded like SQLite's
    /// own busy wait, so a writer that cannot get its turn is told the store is busy (503,
    /// worth a retry), not kept waiting forever.
    pub(crate) async fn turn(&self) -> Result<tokio::sync::OwnedMutexGuard<()>, sqlx::Error> {
        tokio::time::timeout(BUSY_TIMEOUT, self.0.clone().lock_owned())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)
    }
}

/// How long a request waits for a pooled connection before reporting the store unavailable.
/// While the database is down every request waits this long (the pool retries a refused
/// connection until then), so it is what "fail fast" means in an outage: short, yet far above
/// a healthy wait.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);

/// How long a read waits for a standby's connection before the primary answers it instead.
const STANDBY_ACQUIRE_TIMEOUT: Duration = Duration::from_millis(500);

/// How long a SQLite writer waits for its turn (at the [`WriteGate`], then for the lock held by
/// another process) before the store is reported busy.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The options of a PostgreSQL pool on `url` whose requests wait `acquire` for a connection.
fn postgres(url: &str, acquire: Duration) -> Result<(PgConnectOptions, PgPoolOptions), StoreError> {
    let mut options = PgConnectOptions::from_str(url)
        .map_err(|source| StoreError::Connect { backend: "PostgreSQL", source })?
        .statement_cache_capacity(STATEMENT_CACHE);
    if on_this_machine(&options) && !asks_for_tls_mode(url) {
        // TLS over loopback hides nothing from anyone, yet its records cost a command about a
        // third of its CPU (BENCHMARKS.md, issue 29). `sslmode` in the URL or PGSSLMODE still rule.
        options = options.ssl_mode(PgSslMode::Disable);
    }
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(acquire)
        // A dead connection surfaces as an error on use; pinging each checkout costs a round
        // trip on every command (DESIGN.md, performance facts).
        .test_before_acquire(false);
    Ok((options, pool))
}

/// Whether the server is reached over a Unix socket or a loopback address.
fn on_this_machine(options: &PgConnectOptions) -> bool {
    let host = options.get_host();
    options.get_socket().is_some()
        || host.starts_with('/')
        || host.eq_ignore_ascii_case("localhost")
        || host.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether the URL or the environment names a TLS mode (sqlx's default otherwise: `prefer`).
fn asks_for_tls_mode(url: &str) -> bool {
    let in_url = url.split_once('?').is_some_and(|(_, query)| {
        query.split('&').any(|pair| matches!(pair.split('=').next(), Some("sslmode" | "ssl-mode")))
    });
    in_url || std::env::var_os("PGSSLMODE").is_some()
}

impl Db {
    /// Connects without running migrations; [`Db::migrate`] does that.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let (options, pool) = postgres(url, ACQUIRE_TIMEOUT)?;
            let pool = pool
                .connect_with(options)
                .await
                .map_err(|source| StoreError::Connect { backend: "PostgreSQL", source })?;
            Ok(Self::Postgres(pool))
        } else if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|source| StoreError::Connect { backend: "SQLite", source })?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                // sqlite-es reports SQLITE_BUSY as an unexpected error: wait for the writer.
                .busy_timeout(BUSY_TIMEOUT)
                .statement_cache_capacity(STATEMENT_CACHE)
                .foreign_keys(true)
                // A deleted row is overwritten with zeros, not left in a free page: an erased
                // participant's key must not survive in the file (or its WAL) once deleted.
                .pragma("secure_delete", "ON");
            if let Some(folder) = options.get_filename().parent().filter(|p| !p.as_os_str().is_empty()) {
                create_folder(folder)?;
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_with(options)
                .await
                .map_err(|source| StoreError::Connect { backend: "SQLite", source })?;
            Ok(Self::Sqlite(pool, WriteGate::default()))
        } else {
            let scheme = url.split(':').next().unwrap_or_default();
            Err(StoreError::UnsupportedUrl(format!("{scheme}:...")))
        }
    }

    /// A pool on a PostgreSQL hot standby that reads may go to. It connects when first used, so
    /// a standby that is down at start stops nothing; its requests give up sooner than the
    /// primary's, as the primary can answer them instead.
    pub fn standby(url: &str) -> Result<Self, StoreError> {
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            let scheme = url.split(':').next().unwrap_or_default();
            return Err(StoreError::UnsupportedUrl(format!("{scheme}:... (a standby is PostgreSQL)")));
        }
        let (options, pool) = postgres(url, STANDBY_ACQUIRE_TIMEOUT)?;
        Ok(Self::Postgres(pool.connect_lazy_with(options)))
    }

    /// Applies the migrations of this backend that have not run yet. What SQL alone cannot
    /// fill (the summary cells of read models older than them) is the projector's to catch up.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Self::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await?,
            Self::Sqlite(pool, _) => sqlx::migrate!("../migrations/sqlite").run(pool).await?,
        }
        Ok(())
    }

    /// Gathers the planner's statistics of every table, after a change of size (a replay's
    /// new generation): without them both planners took the wrong index for a donor's
    /// summary (seconds on PostgreSQL). SQLite samples a bounded number of rows per index, so
    /// this stays well under a second at 1,000,000 events.
    pub async fn refresh_statistics(&self) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        match &mut tx {
            Tx::Postgres(tx) => {
                sqlx::query("ANALYZE").execute(&mut **tx).await?;
            }
            Tx::Sqlite(tx, _) => {
                sqlx::query(SAMPLED_ANALYSIS).execute(&mut **tx).await?;
                sqlx::query("ANALYZE").execute(&mut **tx).await?;
            }
        }
        tx.commit().await
    }

    /// SQLite only: gathers statistics for the tables that have none or whose size has changed
    /// much since (`PRAGMA optimize`), bounded like [`Db::refresh_statistics`]; nearly free
    /// when they are current. Run when a server starts, so a store migrated or filled by
    /// another process is planned with statistics. PostgreSQL's autovacuum does this itself.
    pub async fn optimize(&self) -> Result<(), StoreError> {
        if let Self::Sqlite(..) = self {
            let mut tx = self.begin_write().await?;
            if let Tx::Sqlite(conn, _) = &mut tx {
                sqlx::query(SAMPLED_ANALYSIS).execute(&mut **conn).await?;
                // 0x10000: every table, not only those this connection has queried.
                sqlx::query("PRAGMA optimize = 0x10002").execute(&mut **conn).await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), StoreError> {
        crate::on_db!(self, |pool, _columns| {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Connections the pool holds open, and how many of them are idle.
    pub fn pool_usage(&self) -> (u32, usize) {
        match self {
            Self::Postgres(pool) => (pool.size(), pool.num_idle()),
            Self::Sqlite(pool, _) => (pool.size(), pool.num_idle()),
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Postgres(_) => "postgres",
            Self::Sqlite(..) => "sqlite",
        }
    }

    /// Closes every pooled connection, waiting for those in use.
    pub async fn close(&self) {
        match self {
            Self::Postgres(pool) => pool.close().await,
            Self::Sqlite(pool, _) => pool.close().await,
        }
    }
}

fn create_folder(folder: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(folder)
        .map_err(|source| StoreError::CreateFolder { path: folder.display().to_string(), source })
}

/// A row type both drivers decode, so one query can be written for either backend.
pub trait EitherRow:
    Send
    + Unpin
    + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
    + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
{
}

impl<T> EitherRow for T where
    T: Send
        + Unpin
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
        + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
{
}

/// Appends `(v1, v2, ...)`, each of `values` bound: the list of an `IN`, on either backend.
pub fn push_list<'args, DB, T>(query: &mut sqlx::QueryBuilder<'args, DB>, values: impl IntoIterator<Item = T>)
where
    DB: sqlx::Database,
    T: 'args + sqlx::Encode<'args, DB> + sqlx::Type<DB>,
{
    query.push("(");
    let mut list = query.separated(", ");
    for value in values {
        list.push_bind(value);
    }
    query.push(")");
}

/// A transaction on either backend. SQLite write transactions hold the [`WriteGate`] and take
/// the write lock up front (`BEGIN IMMEDIATE`), so a transaction that reads and then writes
/// never fails to upgrade; read transactions hold no gate.
pub enum Tx {
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>, Option<tokio::sync::OwnedMutexGuard<()>>),
}

/// Runs `$body` with `$conn` bound to the transaction's connection, whichever backend it is on.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match $tx {
            $crate::db::Tx::Postgres(transaction) => {
                let $conn = &mut **transaction;
                $body
            }
            $crate::db::Tx::Sqlite(transaction, _) => {
                let $conn = &mut **transaction;
                $body
            }
        }
    };
}

/// Prepared statements each connection keeps (sqlx's default is 100). The projector's and the
/// replay's multi-row INSERTs have as many texts as batch sizes, each a large prepared
/// statement: with 100 of them cached on each of 8 connections a server grew from 23 MB to 116 MB
/// in 5 s of commands. The command path's own statements are few and stay cached.
const STATEMENT_CACHE: usize = 24;

/// Rows SQLite's `ANALYZE` reads per index (`PRAGMA analysis_limit`): approximate statistics
/// in bounded time, which is all the planner needs.
const SAMPLED_ANALYSIS: &str = "PRAGMA analysis_limit = 1000";

impl Db {
    /// Runs `sql` on a pooled connection, as [`Tx::execute`] does in a transaction.
    pub async fn execute(&self, sql: &str, params: &[&str]) -> Result<u64, sqlx::Error> {
        crate::on_db!(self, |pool, _columns| {
            let mut query = sqlx::query(sql);
            for param in params {
                query = query.bind(*param);
            }
            Ok(query.execute(pool).await?.rows_affected())
        })
    }

    /// Opens a transaction for a writer that reads first.
    pub async fn begin_write(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Self::Postgres(pool) => Tx::Postgres(pool.begin().await?),
            Self::Sqlite(pool, gate) => {
                // Queue here, then take SQLite's lock: the gate is released with the
                // transaction, after its commit or rollback.
                let turn = gate.turn().await?;
                Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?, Some(turn))
            }
        })
    }

    /// Opens a read-only transaction that sees one consistent snapshot for all its queries.
    pub async fn begin_read(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Self::Postgres(pool) => {
                Tx::Postgres(pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?)
            }
            Self::Sqlite(pool, _) => Tx::Sqlite(pool.begin().await?, None),
        })
    }
}

impl Tx {
    /// Runs `sql` with the texts `params` bound to `$1`, `$2`... in order; the rows it touched.
    /// The error stays sqlx's, so that a caller can read a broken key as its own refusal.
    pub async fn execute(&mut self, sql: &str, params: &[&str]) -> Result<u64, sqlx::Error> {
        crate::on_tx!(self, |conn| {
            let mut query = sqlx::query(sql);
            for param in params {
                query = query.bind(*param);
            }
            Ok(query.execute(conn).await?.rows_affected())
        })
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Self::Postgres(tx) => tx.commit().await?,
            Self::Sqlite(tx, _turn) => tx.commit().await?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use sqlx::postgres::PgConnectOptions;

    #[test]
    fn only_a_server_on_this_machine_goes_without_tls_unless_the_url_says() {
        let local = |url: &str| super::on_this_machine(&PgConnectOptions::from_str(url).expect("a URL"));
        assert!(local("postgres://postgres@127.0.0.1:5432/db"));
        assert!(local("postgres://postgres@localhost/db"));
        assert!(local("postgres://postgres@[::1]:5432/db"));
        assert!(local("postgres://postgres@localhost/db?host=/var/run/postgresql"));
        assert!(!local("postgres://postgres@db.example.org/db"));
        assert!(!local("postgres://postgres@10.0.0.5/db"));
        assert!(super::asks_for_tls_mode("postgres://127.0.0.1/db?sslmode=require"));
        assert!(super::asks_for_tls_mode("postgres://127.0.0.1/db?application_name=x&ssl-mode=prefer"));
        assert!(!super::asks_for_tls_mode("postgres://127.0.0.1/db?application_name=sslmode"));
    }
}
