//! What tatrack's tests share, so that there is one copy of each:
//!
//! - [`store`]: a fresh, empty store on either backend ([`Store`], [`Backend`]) and the
//!   migrated handle on it.
//! - [`raw`]: events written straight into the log, as an older server, a bug or a hand edit
//!   could, bypassing every rule of the command path.
//! - [`app`]: a real server on a free port against a store of its own ([`TestApp`]).
//! - [`replay`]: the live read models beside a replay of the log.
//! - [`bodies`]: request bodies the scenarios reuse (the Riyadh workshop and its programme).
//! - [`on_both_backends!`] and [`on_both_stores!`]: a scenario declared once, run on each backend.
//!
//! PostgreSQL databases are created on `TATRACK_TEST_POSTGRES_URL` (default: the local server
//! as `postgres`) and named `tatrack_test_p<process id>_*`; the first test of a process drops
//! those of processes that are gone, and `scripts/test` drops every `tatrack_test_*` of earlier
//! runs.

pub mod app;
pub mod bodies;
pub mod oidc;
pub mod raw;
pub mod replay;
pub mod store;

pub use app::{assert_problem, assert_refused, bearer_client, TestApp, TEST_IATI_ORG_REF};
pub use bodies::{delivery_body, participants_body, plan_body, programme_body, unique_code};
pub use raw::{append_plan, append_raw, raw_event};
pub use replay::{active_generation, live_and_replayed};
pub use store::{Backend, Store};
pub use tatrack_store::append::StreamEvent;

/// Declares each scenario `async fn name(backend: Backend)` once per backend, as
/// `mod postgres { fn name() }` and `mod sqlite { fn name() }`, each on a runtime of two worker
/// threads unless `worker_threads = N;` comes first.
#[macro_export]
macro_rules! on_both_backends {
    (worker_threads = $threads:tt; $($scenario:ident),+ $(,)?) => {
        $crate::on_backend!(postgres, Postgres, $threads, $($scenario),+);
        $crate::on_backend!(sqlite, Sqlite, $threads, $($scenario),+);
    };
    ($($scenario:ident),+ $(,)?) => {
        $crate::on_both_backends!(worker_threads = 2; $($scenario),+);
    };
}

/// One half of [`on_both_backends!`]: `mod $module` running each scenario on `Backend::$backend`.
#[doc(hidden)]
#[macro_export]
macro_rules! on_backend {
    ($module:ident, $backend:ident, $threads:tt, $($scenario:ident),+) => {
        mod $module {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = $threads)]
                async fn $scenario() {
                    super::$scenario($crate::Backend::$backend).await;
                }
            )+
        }
    };
}

/// Like [`on_both_backends!`] for scenarios `async fn name(db: &Db)` that need a migrated store
/// and no server.
#[macro_export]
macro_rules! on_both_stores {
    ($($scenario:ident),+ $(,)?) => {
        $crate::on_store!(postgres, Postgres, $($scenario),+);
        $crate::on_store!(sqlite, Sqlite, $($scenario),+);
    };
}

/// One half of [`on_both_stores!`]: `mod $module` running each scenario on a fresh migrated
/// store of `Backend::$backend`.
#[doc(hidden)]
#[macro_export]
macro_rules! on_store {
    ($module:ident, $backend:ident, $($scenario:ident),+) => {
        mod $module {
            $(
                #[tokio::test]
                async fn $scenario() {
                    let store = $crate::Store::fresh($crate::Backend::$backend).await;
                    let db = store.open().await;
                    super::$scenario(&db).await;
                    db.close().await;
                }
            )+
        }
    };
}
