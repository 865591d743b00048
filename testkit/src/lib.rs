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
//! as `postgres`) and named `tatrack_test_*`; `scripts/test` drops those of earlier runs.

pub mod app;
pub mod bodies;
pub mod raw;
pub mod replay;
pub mod store;

pub use app::{assert_problem, bearer_client, TestApp, TEST_IATI_ORG_REF};
pub use bodies::{delivery_body, participants_body, plan_body, programme_body, unique_code};
pub use raw::{append_plan, append_raw, raw_event};
pub use replay::{active_generation, live_and_replayed};
pub use store::{Backend, Store};
pub use tatrack_store::append::StreamEvent;

/// Declares each scenario `async fn name(backend: Backend)` once per backend, as
/// `mod postgres { fn name() }` and `mod sqlite { fn name() }`.
#[macro_export]
macro_rules! on_both_backends {
    ($($scenario:ident),+ $(,)?) => {
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    super::$scenario($crate::Backend::Postgres).await;
                }
            )+
        }
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    super::$scenario($crate::Backend::Sqlite).await;
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
        mod postgres {
            $(
                #[tokio::test]
                async fn $scenario() {
                    let store = $crate::Store::fresh($crate::Backend::Postgres).await;
                    let db = store.open().await;
                    super::$scenario(&db).await;
                    db.close().await;
                }
            )+
        }
        mod sqlite {
            $(
                #[tokio::test]
                async fn $scenario() {
                    let store = $crate::Store::fresh($crate::Backend::Sqlite).await;
                    let db = store.open().await;
                    super::$scenario(&db).await;
                    db.close().await;
                }
            )+
        }
    };
}
