//! Reaching the store directly, as someone with database access would: statements, the log's
//! positions, and an event's append time moved back.

use tatrack_store::Db;

pub(super) fn position_column(db: &Db) -> &'static str {
    match db {
        Db::Postgres(_) => "position",
        Db::Sqlite(..) => "rowid",
    }
}

/// Runs one statement; returns the rows it touched.
pub(super) async fn execute(db: &Db, sql: &str) -> u64 {
    match db {
        Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.expect(sql).rows_affected(),
        Db::Sqlite(pool, _) => sqlx::query(sql).execute(pool).await.expect(sql).rows_affected(),
    }
}

/// Every position in the log, in ascending order.
pub(super) async fn positions_in_log(db: &Db) -> Vec<i64> {
    let sql = format!("SELECT {0} FROM events ORDER BY {0}", position_column(db));
    match db {
        Db::Postgres(pool) => sqlx::query_scalar(&sql).fetch_all(pool).await.expect("positions"),
        Db::Sqlite(pool, _) => sqlx::query_scalar(&sql).fetch_all(pool).await.expect("positions"),
    }
}

/// Moves one event's append time to `instant` (`2019-12-01T10:00:00`, UTC), as if the store had
/// accepted it then, in each backend's own format.
pub(super) async fn backdate(db: &Db, position: i64, instant: &str) {
    let sql = match db {
        Db::Postgres(_) => {
            format!("UPDATE events SET recorded_at = '{instant}Z'::timestamptz WHERE position = {position}")
        }
        Db::Sqlite(..) => {
            format!("UPDATE events SET recorded_at = '{instant}.000Z' WHERE rowid = {position}")
        }
    };
    assert_eq!(execute(db, &sql).await, 1, "{sql}");
}
