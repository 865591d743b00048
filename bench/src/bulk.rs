//! `generate` in bulk: the bus mode's commands, decided by the same aggregates, but appended
//! straight to the log in large transactions instead of one commit per command.
//!
//! Nothing here writes an event by hand. Each command is decided as `CommandBus::execute` does
//! (app/src/service.rs): `Aggregate::handle` into an `EventSink` on the stream's folded state;
//! the events are then serialized as cqrs-es's `PersistedEventStore::commit` does (sequence
//! after the stream's version, `event_type`, `event_version`, payload and metadata through
//! `serde_json::to_value`) and bound exactly as postgres-es's and sqlite-es's `insert_event`
//! bind them, many rows per statement. One task builds batches while the writers insert the
//! previous ones.
//!
//! The programmes commit first, before any activity names them. Every activity then lies whole
//! in one batch, its events interleaved with the batch's other activities: whatever order
//! PostgreSQL's concurrent writers commit in, no stream is read out of order.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, Context as _};
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde_json::from_value;
use sqlx::QueryBuilder;
use tatrack_domain::{Activity, ActivityCommand, Programme, ProgrammeCommand};
use tatrack_store::append::{self, Companion, StreamEvent};
use tatrack_store::bus::{metadata_for, serialize, CommandContext};
use tatrack_store::Db;
use tokio::sync::{mpsc, Mutex};
use uuid::Uuid;

use crate::data::Rng;
use crate::specs::{first_activity, programme_specs, ActivitySpec, ProgrammeSpec, PROGRAMMES};
use crate::stats::rate;
use crate::target::{context, open_store};

/// Events per transaction: large enough that commits cost nothing, small enough to keep a
/// couple of batches in memory.
const BATCH_EVENTS: usize = 20_000;
/// Rows per INSERT: seven binds each stays below PostgreSQL's 65,535 and SQLite's 32,766.
const ROWS_PER_INSERT: usize = 1_000;
/// Batches built ahead of the writers.
const QUEUED_BATCHES: usize = 2;

/// The SQLite writer's page cache, in KiB (negative: a size, not a page count).
const SQLITE_CACHE: &str = "PRAGMA cache_size = -262144";

/// postgres-es's and sqlite-es's `insert_event`, whose columns the log's migrations keep; the
/// position, transaction id and append time come from the columns' defaults.
const INSERT_EVENTS: &str =
    "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata) ";

/// One stream as the bus sees it: the state its events fold to, and its version.
struct Stream<A> {
    id: String,
    state: A,
    version: i64,
}

impl<A> Stream<A>
where
    A: Aggregate<Services = ()> + Clone,
{
    fn new(id: Uuid) -> Self {
        Self { id: id.to_string(), state: A::default(), version: 0 }
    }

    /// Decides `command` on a copy of the folded state, as the bus decides on a fresh fold;
    /// adds its events to `rows` as `PersistedEventStore::commit` serializes them, then folds
    /// them into the state, as the bus's next load would.
    async fn execute(
        &mut self,
        command: A::Command,
        context: &CommandContext,
        rows: &mut Vec<StreamEvent>,
    ) -> anyhow::Result<()> {
        let mut decider = self.state.clone();
        let sink = EventSink::default();
        decider.handle(command, &(), &sink).await.map_err(|e| anyhow!("{} {}: {e}", A::TYPE, self.id))?;
        let metadata = serde_json::to_value(metadata_for(context))?;
        let events = sink.collect().await;
        let serialized =
            serialize::<_, A::Error>(&events).map_err(|e| anyhow!("{} {}: {e}", A::TYPE, self.id))?;
        for (event, new) in events.into_iter().zip(serialized) {
            self.version += 1;
            rows.push(StreamEvent {
                aggregate_type: A::TYPE.to_owned(),
                aggregate_id: self.id.clone(),
                sequence: self.version,
                event: new,
                metadata: metadata.clone(),
            });
            self.state.apply(event);
        }
        Ok(())
    }
}

/// A programme's registration and contributions.
async fn programme_rows(spec: &ProgrammeSpec, rows: &mut Vec<StreamEvent>) -> anyhow::Result<()> {
    let mut stream = Stream::<Programme>::new(spec.id);
    let register = ProgrammeCommand::Register(from_value(spec.register.clone())?);
    stream.execute(register, &context(), rows).await?;
    for contribution in &spec.contributions {
        let command = ProgrammeCommand::RecordContribution(from_value(contribution.clone())?);
        stream.execute(command, &context(), rows).await?;
    }
    Ok(())
}

/// An activity's plan and lifecycle, each step mapped to its command as the bus mode maps it.
async fn activity_rows(spec: ActivitySpec) -> anyhow::Result<Vec<StreamEvent>> {
    let mut stream = Stream::<Activity>::new(spec.id);
    let mut rows = Vec::with_capacity(spec.len());
    stream.execute(ActivityCommand::Plan(from_value(spec.plan)?), &context(), &mut rows).await?;
    for (step, body) in spec.steps {
        let command = tatrack_app::demo::activity_command(step, body)?;
        // As `App::activity_command` does: a command's reason goes into the metadata.
        let context = CommandContext { reason: command.reason().map(ToString::to_string), ..context() };
        stream
            .execute(command, &context, &mut rows)
            .await
            .with_context(|| format!("{step} on {}", spec.id))?;
    }
    Ok(rows)
}

/// Registers each programme as the bus does, claiming its code in the registration's
/// transaction, then writes the contributions in one transaction of their own, so every
/// activity's programme is committed before it. Returns the number of events written.
async fn write_programmes(db: &Db, specs: &[ProgrammeSpec]) -> anyhow::Result<usize> {
    let mut rows = Vec::new();
    for spec in specs {
        let mut own = Vec::new();
        programme_rows(spec, &mut own).await.with_context(|| format!("programme {}", spec.code))?;
        let mut own = own.into_iter();
        let Some(registration) = own.next() else { continue };
        let claim = Companion::ClaimProgrammeCode {
            code: spec.code.clone(),
            programme_id: registration.aggregate_id.clone(),
        };
        append::append(
            db,
            &registration.aggregate_type,
            &registration.aggregate_id,
            0,
            &[registration.event],
            &registration.metadata,
            &[claim],
        )
        .await
        .with_context(|| format!("registering programme {}", spec.code))?;
        rows.extend(own);
    }
    insert(db, &rows).await?;
    Ok(rows.len() + specs.len())
}

/// Round robin over the activities of a batch, each stream in its own order, so the log
/// interleaves activities as concurrent clients would.
fn interleave(streams: Vec<Vec<StreamEvent>>) -> Vec<StreamEvent> {
    let mut out = Vec::with_capacity(streams.iter().map(Vec::len).sum());
    let mut streams: Vec<_> = streams.into_iter().map(Vec::into_iter).collect();
    while !streams.is_empty() {
        streams.retain_mut(|stream| {
            let row = stream.next();
            let more = row.is_some();
            out.extend(row);
            more
        });
    }
    out
}

/// Builds batches of whole activities from `first` on until `budget` events are built. The
/// last activity may be cut short, as the bus mode's last ones are.
async fn produce(
    first: usize,
    programmes: &[Uuid],
    mut budget: usize,
    batches: mpsc::Sender<Vec<StreamEvent>>,
) -> anyhow::Result<()> {
    let mut index = first;
    while budget > 0 {
        let wanted = budget.min(BATCH_EVENTS);
        let mut streams = Vec::new();
        let mut built = 0;
        while built < wanted {
            let spec = ActivitySpec::new(index, programmes);
            let mut rows = activity_rows(spec).await.with_context(|| format!("activity {index}"))?;
            rows.truncate(wanted - built);
            built += rows.len();
            streams.push(rows);
            index += 1;
        }
        budget -= built;
        if batches.send(interleave(streams)).await.is_err() {
            return Ok(()); // every writer stopped; their errors say why
        }
    }
    Ok(())
}

/// Inserts batch after batch, each in one transaction. Returns the events written.
async fn writer(db: Db, batches: Arc<Mutex<mpsc::Receiver<Vec<StreamEvent>>>>) -> anyhow::Result<usize> {
    let mut written = 0;
    loop {
        let Some(batch) = batches.lock().await.recv().await else { return Ok(written) };
        insert(&db, &batch).await?;
        written += batch.len();
    }
}

/// Appends `rows` in one transaction, binding each column as the cqrs-es repositories do.
async fn insert(db: &Db, rows: &[StreamEvent]) -> anyhow::Result<()> {
    // SQLite's default page cache (2 MB) is far smaller than the primary-key index soon gets;
    // without a larger one every batch re-reads and rewrites its index pages from disk.
    let setup = matches!(db, Db::Sqlite(..)).then_some(SQLITE_CACHE);
    tatrack_store::on_db!(db, |pool, _columns| {
        let mut tx = pool.begin().await.context("cannot begin a transaction")?;
        if let Some(setup) = setup {
            sqlx::query(setup).execute(&mut *tx).await.context("cannot size the page cache")?;
        }
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let mut statement = QueryBuilder::new(INSERT_EVENTS);
            statement.push_values(chunk, |mut values, row| {
                values
                    .push_bind(row.aggregate_type.as_str())
                    .push_bind(row.aggregate_id.as_str())
                    .push_bind(row.sequence)
                    .push_bind(row.event.event_type.as_str())
                    .push_bind(row.event.event_version.as_str())
                    .push_bind(&row.event.payload)
                    .push_bind(&row.metadata);
            });
            statement.build().execute(&mut *tx).await.context("cannot append events")?;
        }
        tx.commit().await.context("cannot commit events")?;
    });
    Ok(())
}

/// Writes about `events` events: the programmes first, then activities from `tasks` writers on
/// PostgreSQL (SQLite has one writer).
pub async fn run(database_url: &str, events: usize, tasks: usize, seed: u64) -> anyhow::Result<()> {
    let db = open_store(database_url).await?;
    let writers = if matches!(db, Db::Sqlite(..)) { 1 } else { tasks };
    let started = Instant::now();
    let mut rng = Rng::new(seed);
    let specs = programme_specs(PROGRAMMES, &mut rng);
    let setup = write_programmes(&db, &specs).await?;
    let programmes: Vec<Uuid> = specs.iter().map(|spec| spec.id).collect();
    let (sender, receiver) = mpsc::channel(QUEUED_BATCHES);
    let receiver = Arc::new(Mutex::new(receiver));
    let handles: Vec<_> = (0..writers).map(|_| tokio::spawn(writer(db.clone(), receiver.clone()))).collect();
    drop(receiver);
    let produced = produce(first_activity(&mut rng), &programmes, events.saturating_sub(setup), sender).await;
    let mut written = setup;
    for handle in handles {
        written += handle.await??;
    }
    produced?;
    let elapsed = started.elapsed();
    println!(
        "RESULT generate events={written} seconds={:.1} events_per_s={:.0} mode=bulk writers={writers}",
        elapsed.as_secs_f64(),
        rate(written, elapsed)
    );
    Ok(())
}
