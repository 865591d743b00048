//! The write path: load a stream, let the aggregate decide, append its events.
//!
//! cqrs-es's `CqrsFramework` returns nothing about what it appended, retries nothing, and
//! appends in a transaction of its own, so the bus loads streams through cqrs-es's event store
//! but decides and appends itself ([`crate::append`]): it needs the new version
//! and position for the answer, the loaded envelopes to recognise a retried request, a loop to
//! re-decide a command that lost an optimistic-concurrency race, and rows (a claimed code, a
//! token) that land in the events' transaction or not at all.
//!
//! - Here: the bus and its single-command path ([`CommandBus::execute_with`] and the calls
//!   that lead to it), re-deciding a command that lost a race, and answering a retried request
//!   as the first time.
//! - `command`: what a command carries ([`CommandContext`]), what the bus answers ([`Landed`],
//!   [`CommandError`]) and the metadata stored beside the events ([`metadata_for`]).
//! - `batch`: several commands on one stream in one transaction
//!   ([`CommandBus::execute_all`]).
//! - `recent`: the streams this process's commands last landed on, for the next command that
//!   pins its version ([`CommandBus::command_stream`]).

mod batch;
mod command;
mod recent;

pub use batch::{version_of, Batch, BatchRefused, Decided};
pub use command::{metadata_for, CommandContext, CommandError, Idempotency, ImportProvenance, Landed};

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use cqrs_es::event_sink::EventSink;
use cqrs_es::persist::{PersistedEventRepository, PersistedEventStore};
use cqrs_es::{Aggregate, AggregateError, DomainEvent, EventEnvelope, EventStore};
use postgres_es::PostgresEventRepository;
use sqlite_es::SqliteEventRepository;
use tatrack_domain::metadata;

use crate::append::{self, AppendError, Companion, NewEvent};
use crate::db::Db;
use crate::log;
use tokio::sync::Notify;

/// How often a command that lost a race is re-decided before the server gives up. Each loss
/// means another writer landed, so this bounds the wait under a burst of that many writers.
pub const MAX_ATTEMPTS: u32 = 64;

/// The part of cqrs-es's `EventStore` the bus needs, made object-safe so the backend can be
/// chosen at start-up.
#[async_trait]
pub trait EventLog<A: Aggregate>: Send + Sync {
    async fn load(&self, aggregate_id: &str) -> Result<Vec<EventEnvelope<A>>, AggregateError<A::Error>>;
}

#[async_trait]
impl<R, A> EventLog<A> for PersistedEventStore<R, A>
where
    R: PersistedEventRepository,
    A: Aggregate + Send + Sync,
    A::Command: Send,
{
    async fn load(&self, aggregate_id: &str) -> Result<Vec<EventEnvelope<A>>, AggregateError<A::Error>> {
        self.load_events(aggregate_id).await
    }
}

/// Executes commands of one aggregate type against the event log.
pub struct CommandBus<A: Aggregate> {
    log: Arc<dyn EventLog<A>>,
    db: Db,
    /// Wakes the projector after each append, so read models follow within milliseconds.
    appended: Arc<Notify>,
    /// Told of every command that landed (the server counts them for its metrics).
    observer: Arc<dyn CommandObserver>,
    /// The streams commands last landed on, when this bus keeps them ([`CommandBus::keeping_streams`]).
    recent: Option<recent::Recent<A>>,
}

/// Whoever keeps count of the commands that landed and the events they appended.
pub trait CommandObserver: Send + Sync {
    fn command_landed(&self, aggregate_type: &str, events: usize);
    /// A command's append lost the race for its stream to a concurrent writer; it is decided
    /// again on the fresh stream (or refused, under If-Match). Counted so that a test can tell
    /// the race it targets happened, and an operator can see contention.
    fn append_race_lost(&self, aggregate_type: &str);
}

/// cqrs-es's event store for one aggregate on the backend `db` points at, reading every event
/// through the domain's upcasters.
pub fn event_log<A>(db: &Db) -> Arc<dyn EventLog<A>>
where
    A: Aggregate + Send + Sync + 'static,
    A::Command: Send,
{
    let upcasters = tatrack_domain::events::upcasters;
    match db {
        Db::Postgres(pool) => Arc::new(
            PersistedEventStore::new_event_store(PostgresEventRepository::new(pool.clone()))
                .with_upcasters(upcasters()),
        ),
        Db::Sqlite(pool, _) => Arc::new(
            PersistedEventStore::new_event_store(SqliteEventRepository::new(pool.clone()))
                .with_upcasters(upcasters()),
        ),
    }
}

impl<A> CommandBus<A>
where
    A: Aggregate<Services = ()> + Send + Sync,
    A::Command: Clone + Send,
    A::Error: Send + Sync + 'static,
{
    pub fn new(
        log: Arc<dyn EventLog<A>>,
        db: Db,
        appended: Arc<Notify>,
        observer: Arc<dyn CommandObserver>,
    ) -> Self {
        Self { log, db, appended, observer, recent: None }
    }

    /// This bus keeps the streams its commands land on, for [`CommandBus::command_stream`].
    #[must_use]
    pub fn keeping_streams(self) -> Self {
        Self { recent: Some(recent::Recent::default()), ..self }
    }

    /// The stream a command is about to be decided on, and whether it is the one this process's
    /// last command on it left (else it is the log's). A kept stream may miss another process's
    /// latest events, so only a caller that pins the command to the version it read
    /// ([`CommandContext::expected_version`]) may use it, and whatever refuses a command decided
    /// on it must be decided again on the log's ([`CommandBus::forget_stream`]); never a read.
    pub async fn command_stream(
        &self,
        aggregate_id: &str,
    ) -> Result<(Vec<EventEnvelope<A>>, bool), CommandError<A::Error>> {
        match self.recent.as_ref().and_then(|recent| recent.get(aggregate_id)) {
            Some(kept) => Ok((kept, true)),
            None => Ok((self.stream(aggregate_id).await?, false)),
        }
    }

    /// Drops the kept stream: a command decided on it was refused, perhaps for want of another
    /// process's events.
    pub fn forget_stream(&self, aggregate_id: &str) {
        if let Some(recent) = &self.recent {
            recent.forget(aggregate_id);
        }
    }

    /// The aggregate as its events built it, with its version (0 when nothing was recorded).
    pub async fn load(&self, aggregate_id: &str) -> Result<(A, u64), CommandError<A::Error>> {
        Ok(fold(self.stream(aggregate_id).await?))
    }

    /// The stream's events, for a caller that checks something before sending a command and
    /// hands them to [`CommandBus::execute_on`], so the stream is read once, not twice.
    pub async fn stream(&self, aggregate_id: &str) -> Result<Vec<EventEnvelope<A>>, CommandError<A::Error>> {
        self.log.load(aggregate_id).await.map_err(store_failure)
    }

    /// Decides and appends `command`, re-deciding against the fresh stream when another writer
    /// got there first (unless the client pinned a version with If-Match).
    pub async fn execute(
        &self,
        aggregate_id: &str,
        command: A::Command,
        context: &CommandContext,
    ) -> Result<Landed, CommandError<A::Error>> {
        let stream = self.stream(aggregate_id).await?;
        self.execute_on(aggregate_id, stream, command, context).await
    }

    /// [`CommandBus::execute`] on a stream the caller has just read; a lost race reads it again.
    pub async fn execute_on(
        &self,
        aggregate_id: &str,
        stream: Vec<EventEnvelope<A>>,
        command: A::Command,
        context: &CommandContext,
    ) -> Result<Landed, CommandError<A::Error>> {
        self.execute_with(aggregate_id, stream, command, context, &[]).await
    }

    /// [`CommandBus::execute_on`], writing `companions` in the transaction of the events, if
    /// the command appends any.
    #[tracing::instrument(skip_all, fields(aggregate = A::TYPE, id = aggregate_id))]
    pub async fn execute_with(
        &self,
        aggregate_id: &str,
        stream: Vec<EventEnvelope<A>>,
        command: A::Command,
        context: &CommandContext,
        companions: &[Companion],
    ) -> Result<Landed, CommandError<A::Error>> {
        let mut stream = Some(stream);
        for attempt in 0..MAX_ATTEMPTS {
            let envelopes = match stream.take() {
                Some(fresh) => fresh,
                None => self.stream(aggregate_id).await?,
            };
            // Checked against the very events the command would follow, so a retry racing its
            // first attempt either sees that attempt's events or loses the append race. The
            // rest of the log is searched only once an append was refused: a key spent on
            // another stream refuses this one's append (its row in `idempotency_keys`), so
            // the first attempt of a new command, nearly all of them, saves that query.
            let search = if attempt == 0 { Search::Stream } else { Search::Log };
            if let Some(landed) = self.earlier_answer(aggregate_id, &envelopes, context, search).await? {
                return Ok(landed);
            }
            // The stream decided on is kept only by a bus that keeps streams.
            let decided_on = self.recent.is_some().then(|| envelopes.clone());
            let (mut aggregate, version) = fold(envelopes);
            if let Some(expected) = context.expected_version {
                if expected != version {
                    return Err(CommandError::VersionMismatch { current: version });
                }
            }
            let sink = EventSink::default();
            aggregate.handle(command.clone(), &(), &sink).await.map_err(CommandError::Domain)?;
            let new_events = sink.collect().await;
            let events = serialize(&new_events)?;
            if events.is_empty() {
                // Nothing to append, so nothing would refuse a key spent elsewhere: look.
                if search == Search::Stream {
                    if let Some(landed) = self.earlier_answer(aggregate_id, &[], context, Search::Log).await?
                    {
                        return Ok(landed);
                    }
                }
                let position = self.position(aggregate_id, version).await?;
                return Ok(Landed { version, position, replayed: false });
            }
            let stored_metadata = metadata_for(context);
            let metadata = serde_json::to_value(&stored_metadata).map_err(store_error)?;
            let after = i64::try_from(version).map_err(store_error)?;
            let mut companions = companions.to_vec();
            if let Some(idempotency) = &context.idempotency {
                companions
                    .push(Companion::SpendKey { actor: context.caller(), key: idempotency.key.clone() });
            }
            match append::append(&self.db, A::TYPE, aggregate_id, after, &events, &metadata, &companions)
                .await
            {
                Ok(position) => {
                    self.appended.notify_one();
                    self.observer.command_landed(A::TYPE, events.len());
                    let version = u64::try_from(events.len())
                        .ok()
                        .and_then(|count| version.checked_add(count))
                        .ok_or(CommandError::Contention)?;
                    if let (Some(recent), Some(mut stream)) = (&self.recent, decided_on) {
                        let first = usize::try_from(after).map_err(store_error)? + 1;
                        stream.extend(new_events.into_iter().zip(first..).map(|(payload, sequence)| {
                            EventEnvelope {
                                aggregate_id: aggregate_id.to_owned(),
                                sequence,
                                payload,
                                metadata: stored_metadata.clone(),
                            }
                        }));
                        recent.keep(aggregate_id, stream);
                    }
                    return Ok(Landed { version, position, replayed: false });
                }
                Err(AppendError::Conflict) => {
                    self.observer.append_race_lost(A::TYPE);
                    self.forget_stream(aggregate_id);
                    // The stream moved, or a concurrent command spent the idempotency key (then
                    // the next attempt finds its events).
                    if let Some(expected) = context.expected_version {
                        let (_, current) = self.load(aggregate_id).await?;
                        if let Some(landed) =
                            self.earlier_answer(aggregate_id, &[], context, Search::Log).await?
                        {
                            return Ok(landed);
                        }
                        if current != expected {
                            return Err(CommandError::VersionMismatch { current });
                        }
                    }
                    tracing::debug!(attempt, "lost an append race; deciding again");
                    tokio::time::sleep(backoff(attempt)).await;
                }
                Err(AppendError::Store(error)) => return Err(error.into()),
                Err(refused) => return Err(CommandError::Refused(refused)),
            }
        }
        Err(CommandError::Contention)
    }

    /// The answer given the first time this caller used this idempotency key, if it did: found
    /// in the stream itself, or anywhere in the log when the key was spent on another request.
    /// Keys are the caller's own: another token's key is a different key. The caller is the
    /// event's `actor`, the token's name, which every event has recorded since the first one, so
    /// keys stored before this rule keep matching for the token that sent them.
    async fn earlier_answer(
        &self,
        aggregate_id: &str,
        stream: &[EventEnvelope<A>],
        context: &CommandContext,
        search: Search,
    ) -> Result<Option<Landed>, CommandError<A::Error>> {
        let Some(idempotency) = &context.idempotency else {
            return Ok(None);
        };
        let in_stream = stream
            .iter()
            .rev()
            .find(|e| {
                e.metadata.get(metadata::IDEMPOTENCY_KEY) == Some(&idempotency.key)
                    && e.metadata.get(metadata::ACTOR).map(|actor| {
                        let person = e
                            .metadata
                            .get(metadata::PERSON_ISSUER)
                            .zip(e.metadata.get(metadata::PERSON_SUBJECT));
                        metadata::caller_of(actor, person.map(|(i, s)| (i.as_str(), s.as_str())))
                    }) == Some(context.caller())
            })
            .map(|e| (e.sequence as u64, e.metadata.get(metadata::REQUEST_DIGEST).cloned()));
        let (version, digest, position) = match in_stream {
            Some((version, digest)) => (version, digest, self.position(aggregate_id, version).await?),
            None if search == Search::Stream => return Ok(None),
            None => match log::find_idempotent_write(&self.db, &idempotency.key, &context.caller()).await? {
                Some(elsewhere) => (
                    u64::try_from(elsewhere.sequence).unwrap_or_default(),
                    elsewhere.request_digest,
                    elsewhere.position,
                ),
                None => return Ok(None),
            },
        };
        if digest.as_deref() != Some(idempotency.request_digest.as_str()) {
            return Err(CommandError::IdempotencyKeyReused);
        }
        Ok(Some(Landed { version, position, replayed: true }))
    }

    async fn position(&self, aggregate_id: &str, version: u64) -> Result<i64, CommandError<A::Error>> {
        if version == 0 {
            return Ok(0);
        }
        let sequence = i64::try_from(version).map_err(store_error)?;
        Ok(log::position_of(&self.db, A::TYPE, aggregate_id, sequence).await?.unwrap_or_default())
    }
}

/// Where [`CommandBus::earlier_answer`] looks for an earlier use of an idempotency key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Search {
    /// The stream the command is decided on: free, it has just been read.
    Stream,
    /// The stream, then the whole log (one indexed query).
    Log,
}

/// Applies every event to a fresh aggregate; the version is the last event's sequence.
pub fn fold<A: Aggregate>(envelopes: Vec<EventEnvelope<A>>) -> (A, u64) {
    let mut aggregate = A::default();
    let mut version = 0;
    for envelope in envelopes {
        version = envelope.sequence as u64;
        aggregate.apply(envelope.payload);
    }
    (aggregate, version)
}

/// A few milliseconds, growing with each lost race and jittered so that the losers of one race
/// do not collide again in lockstep.
fn backoff(attempt: u32) -> Duration {
    let ceiling_ms = u64::from(attempt.min(10) + 1) * 2;
    let jitter = u64::try_from(uuid::Uuid::new_v4().as_u128() % u128::from(ceiling_ms)).unwrap_or(0);
    Duration::from_millis(1 + jitter)
}

/// The events as cqrs-es's `PersistedEventStore::commit` serializes them.
pub fn serialize<E: DomainEvent, R: std::error::Error>(
    events: &[E],
) -> Result<Vec<NewEvent>, CommandError<R>> {
    events
        .iter()
        .map(|event| {
            Ok(NewEvent {
                event_type: event.event_type(),
                event_version: event.event_version(),
                payload: serde_json::to_value(event).map_err(store_error)?,
            })
        })
        .collect()
}

fn store_error<E: std::error::Error>(
    error: impl std::error::Error + Send + Sync + 'static,
) -> CommandError<E> {
    CommandError::Store(Box::new(error))
}

fn store_failure<E: std::error::Error>(error: AggregateError<E>) -> CommandError<E> {
    match error {
        AggregateError::UserError(domain) => CommandError::Domain(domain),
        AggregateError::AggregateConflict => CommandError::Contention,
        AggregateError::DatabaseConnectionError(e)
        | AggregateError::DeserializationError(e)
        | AggregateError::UnexpectedError(e) => CommandError::Store(e),
    }
}
