//! Events written straight into the log, as an older server, a bug or a hand edit could: the
//! plain INSERT of the seven columns that postgres-es and sqlite-es write, with no rule checked.

use serde_json::{json, Value};
use sqlx::postgres::PgArguments;
use sqlx::query::QueryScalar;
use sqlx::Postgres;
use tatrack_store::append::{NewEvent, StreamEvent};
use tatrack_store::Db;
use uuid::Uuid;

use crate::bodies::plan_body;

const INSERT: &str =
    "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, \
                      payload, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ";

/// Version 1.0 of the event `payload` names (`{"EventType": {...}}`, as cqrs-es stores it), at
/// `sequence` of the stream, with empty metadata.
pub fn raw_event(
    aggregate_type: &str,
    aggregate_id: impl std::fmt::Display,
    sequence: i64,
    payload: Value,
) -> StreamEvent {
    let event_type = payload.as_object().and_then(|o| o.keys().next()).cloned().expect("an event name");
    StreamEvent {
        aggregate_type: aggregate_type.to_owned(),
        aggregate_id: aggregate_id.to_string(),
        sequence,
        event: NewEvent { event_type, event_version: "1.0".to_owned(), payload },
        metadata: json!({}),
    }
}

/// The INSERT with `event` bound, for PostgreSQL, which stores JSON as jsonb.
fn postgres_insert<'q>(sql: &'q str, event: &'q StreamEvent) -> QueryScalar<'q, Postgres, i64, PgArguments> {
    sqlx::query_scalar(sql)
        .bind(&event.aggregate_type)
        .bind(&event.aggregate_id)
        .bind(event.sequence)
        .bind(&event.event.event_type)
        .bind(&event.event.event_version)
        .bind(&event.event.payload)
        .bind(&event.metadata)
}

/// Appends `event` in a transaction of its own; returns its global position.
pub async fn append_raw(db: &Db, event: &StreamEvent) -> i64 {
    let position = match db {
        Db::Postgres(pool) => postgres_insert(&format!("{INSERT}position"), event).fetch_one(pool).await,
        // sqlite-es stores JSON as text.
        Db::Sqlite(pool, _) => {
            sqlx::query_scalar(&format!("{INSERT}rowid"))
                .bind(&event.aggregate_type)
                .bind(&event.aggregate_id)
                .bind(event.sequence)
                .bind(&event.event.event_type)
                .bind(&event.event.event_version)
                .bind(event.event.payload.to_string())
                .bind(event.metadata.to_string())
                .fetch_one(pool)
                .await
        }
    };
    position.expect("a raw append")
}

/// Appends a valid `ActivityPlanned` (the Riyadh workshop under `id`) inside `tx`, left open
/// for the test to commit or roll back; returns its position.
pub async fn append_plan(tx: &mut sqlx::Transaction<'_, Postgres>, id: Uuid, programme: Uuid) -> i64 {
    let mut planned = plan_body(id, programme);
    planned.as_object_mut().expect("an object").remove("id");
    let event = raw_event("Activity", id, 1, json!({ "ActivityPlanned": planned }));
    postgres_insert(&format!("{INSERT}position"), &event).fetch_one(&mut **tx).await.expect("an append")
}
