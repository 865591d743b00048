//! Several commands on one stream, decided one after the other and appended in one
//! transaction (an imported row: its plan, delivery, participants... in one commit); and
//! batches on several streams appended in one transaction (an import, all or nothing).

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent, EventEnvelope};
use serde_json::Value;

use super::{backoff, fold, store_error, CommandBus, Search, MAX_ATTEMPTS};
use super::{metadata_for, CommandContext, CommandError, Landed};
use crate::append::{self, AppendError, Companion, NewEvent};
use crate::log;

/// Commands for one stream, with the stream as their sender read it.
pub struct Batch<A: Aggregate> {
    pub aggregate_id: String,
    pub stream: Vec<EventEnvelope<A>>,
    pub commands: Vec<(A::Command, CommandContext)>,
}

/// Which batch of [`CommandBus::append_batches`] was refused (none when the transaction itself
/// could not begin or commit), and why; nothing was written.
pub type BatchRefused<E> = (Option<usize>, CommandError<E>);

/// A batch decided on one version of its stream, not yet appended. Its events are held as JSON
/// text, not as `Value` trees (a third of the memory): an import holds every row's batch
/// until they land together.
pub struct Decided {
    aggregate_id: String,
    /// The version the batch was decided on.
    start: u64,
    /// The new events, each with the index of its command's metadata.
    pending: Vec<(String, String, String, usize)>,
    /// The metadata of each new command, as JSON text.
    metadata: Vec<String>,
    /// How many events each new command decided, for the observer.
    counts: Vec<usize>,
    companions: Vec<Companion>,
    /// For each command, its earlier answer when its idempotency key was already spent.
    answers: Vec<Option<Landed>>,
}

impl Decided {
    /// The version after the batch lands.
    fn version(&self) -> Option<u64> {
        u64::try_from(self.pending.len()).ok().and_then(|n| self.start.checked_add(n))
    }

    /// Each command's answer once the batch's last event is at `position`.
    fn answers(self, version: u64, position: i64) -> Vec<Landed> {
        let landed = Landed { version, position, replayed: false };
        self.answers.into_iter().map(|answer| answer.unwrap_or(landed)).collect()
    }

    /// The events as the append binds them, each with its command's metadata, read back from
    /// their text (one batch at a time, so that only one batch's trees are alive).
    fn events(&self) -> Result<(Vec<NewEvent>, Vec<Value>), serde_json::Error> {
        let metadata = self.metadata.iter().map(|m| serde_json::from_str(m)).collect::<Result<_, _>>()?;
        let events = self
            .pending
            .iter()
            .map(|(event_type, event_version, payload, _)| {
                Ok(NewEvent {
                    event_type: event_type.clone(),
                    event_version: event_version.clone(),
                    payload: serde_json::from_str(payload)?,
                })
            })
            .collect::<Result<_, serde_json::Error>>()?;
        Ok((events, metadata))
    }

    /// Each event with its command's metadata.
    fn each<'e>(&self, events: &'e [NewEvent], metadata: &'e [Value]) -> Vec<(&'e NewEvent, &'e Value)> {
        events.iter().zip(&self.pending).map(|(event, (.., command))| (event, &metadata[*command])).collect()
    }
}

impl<A> CommandBus<A>
where
    A: Aggregate<Services = ()> + Send + Sync,
    A::Command: Clone + Send,
    A::Error: Send + Sync + 'static,
{
    /// Decides `commands` one after the other on the stream and appends all their events in one
    /// transaction, each event with its own command's metadata (an imported row: its plan,
    /// delivery, participants... in one commit instead of one each). A command whose
    /// idempotency key its caller already spent answers as it did then and is skipped. With
    /// `expected`, the batch lands only on that version of the stream; without, a lost race
    /// decides them all again on the fresh stream. Each new command's answer is where the
    /// batch left the stream.
    #[tracing::instrument(skip_all, fields(aggregate = A::TYPE, id = aggregate_id, commands = commands.len()))]
    pub async fn execute_all(
        &self,
        aggregate_id: &str,
        stream: Vec<EventEnvelope<A>>,
        commands: &[(A::Command, CommandContext)],
        expected: Option<u64>,
    ) -> Result<Vec<Landed>, CommandError<A::Error>> {
        let mut stream = Some(stream);
        for attempt in 0..MAX_ATTEMPTS {
            let envelopes = match stream.take() {
                Some(fresh) => fresh,
                None => self.stream(aggregate_id).await?,
            };
            let start = version_of(&envelopes);
            if let Some(expected) = expected.filter(|expected| *expected != start) {
                tracing::debug!(expected, start, "the stream moved before the batch");
                return Err(CommandError::VersionMismatch { current: start });
            }
            let decided = self.decide(aggregate_id, envelopes, commands).await?;
            let version = decided.version().ok_or(CommandError::Contention)?;
            if decided.pending.is_empty() {
                let position = self.position(aggregate_id, decided.start).await?;
                return Ok(decided.answers(version, position));
            }
            let (events, metadata) = decided.events().map_err(store_error)?;
            let each = decided.each(&events, &metadata);
            let after = i64::try_from(decided.start).map_err(store_error)?;
            let appended =
                append::append_each(&self.db, (A::TYPE, aggregate_id), after, &each, &decided.companions)
                    .await;
            match appended {
                Ok(position) => {
                    self.landed(&decided);
                    return Ok(decided.answers(version, position));
                }
                Err(AppendError::Conflict) if expected.is_none() => {
                    self.observer.append_race_lost(A::TYPE);
                    tracing::debug!(attempt, "a batch lost an append race; deciding again");
                    tokio::time::sleep(backoff(attempt)).await;
                }
                Err(AppendError::Conflict) => {
                    self.observer.append_race_lost(A::TYPE);
                    let (_, current) = self.load(aggregate_id).await?;
                    return Err(CommandError::VersionMismatch { current });
                }
                Err(AppendError::Store(error)) => return Err(error.into()),
                Err(refused) => return Err(CommandError::Refused(refused)),
            }
        }
        Err(CommandError::Contention)
    }

    /// Decides a batch on its stream as its sender read it, to be appended with others by
    /// [`CommandBus::append_batches`]; the commands and the stream can be dropped meanwhile.
    pub async fn decide_batch(&self, batch: Batch<A>) -> Result<Decided, CommandError<A::Error>> {
        self.decide(&batch.aggregate_id, batch.stream, &batch.commands).await
    }

    /// Appends decided batches in one transaction: all land or none do (an import, all or
    /// nothing). Each is pinned to the version it was decided on: a stream that moved meanwhile
    /// is not decided again, the whole append is refused, and the refusal, like any other, names
    /// the index of the batch it concerns (none for a failure of the transaction itself).
    #[tracing::instrument(skip_all, fields(aggregate = A::TYPE, batches = batches.len()))]
    pub async fn append_batches(
        &self,
        batches: Vec<Decided>,
    ) -> Result<Vec<Vec<Landed>>, BatchRefused<A::Error>> {
        let mut appends = append::Appends::begin(&self.db).await.map_err(|e| (None, refused(e)))?;
        let mut positions = vec![None; batches.len()];
        for (index, decided) in batches.iter().enumerate() {
            if decided.pending.is_empty() {
                continue;
            }
            let version = i64::try_from(decided.start).map_err(|e| (Some(index), store_error(e)))?;
            // One batch's events as trees at a time; the others stay text.
            let (events, metadata) = decided.events().map_err(|e| (Some(index), store_error(e)))?;
            let each = decided.each(&events, &metadata);
            let stream = (A::TYPE, decided.aggregate_id.as_str());
            match appends.append(stream, version, &each, &decided.companions).await {
                Ok(position) => positions[index] = Some(position),
                Err(refusal) => {
                    // Rolled back before the refusal reads the stream it names.
                    drop(appends);
                    return Err((Some(index), self.refusal(&decided.aggregate_id, refusal).await));
                }
            }
        }
        appends.commit().await.map_err(|e| (None, refused(e)))?;
        let mut answers = Vec::with_capacity(batches.len());
        for (index, (decided, position)) in batches.into_iter().zip(positions).enumerate() {
            let version = decided.version().ok_or((Some(index), CommandError::Contention))?;
            let position = match position {
                Some(position) => {
                    self.landed(&decided);
                    position
                }
                None => {
                    self.position(&decided.aggregate_id, decided.start).await.map_err(|e| (Some(index), e))?
                }
            };
            answers.push(decided.answers(version, position));
        }
        Ok(answers)
    }

    /// A refused append as the command's error: a lost race says where the stream is now.
    async fn refusal(&self, aggregate_id: &str, refusal: AppendError) -> CommandError<A::Error> {
        match refusal {
            AppendError::Conflict => {
                self.observer.append_race_lost(A::TYPE);
                match self.load(aggregate_id).await {
                    Ok((_, current)) => CommandError::VersionMismatch { current },
                    Err(error) => error,
                }
            }
            AppendError::Store(error) => error.into(),
            refused => CommandError::Refused(refused),
        }
    }

    /// Tells the observer of each command of a batch that landed.
    fn landed(&self, decided: &Decided) {
        self.appended.notify_one();
        self.forget_stream(&decided.aggregate_id);
        for count in &decided.counts {
            self.observer.command_landed(A::TYPE, *count);
        }
    }

    /// Decides `commands` one after the other on `envelopes`, skipping those whose idempotency
    /// key was spent (they answer as they did then).
    async fn decide(
        &self,
        aggregate_id: &str,
        envelopes: Vec<EventEnvelope<A>>,
        commands: &[(A::Command, CommandContext)],
    ) -> Result<Decided, CommandError<A::Error>> {
        // Most batches are new: one query says which keys were spent, and only those are
        // looked up one by one.
        let mut spent = std::collections::HashSet::new();
        let mut callers: Vec<String> = commands.iter().map(|(_, c)| c.caller()).collect();
        callers.sort_unstable();
        callers.dedup();
        for caller in callers {
            let keys: Vec<&str> = commands
                .iter()
                .filter(|(_, c)| c.caller() == caller)
                .filter_map(|(_, c)| c.idempotency.as_ref().map(|i| i.key.as_str()))
                .collect();
            for key in log::spent_keys(&self.db, &caller, &keys).await? {
                spent.insert((caller.clone(), key));
            }
        }
        let mut answers = Vec::with_capacity(commands.len());
        for (_, context) in commands {
            let key = context.idempotency.as_ref().map(|i| (context.caller(), i.key.clone()));
            let answer = match key {
                Some(key) if spent.contains(&key) => {
                    self.earlier_answer(aggregate_id, &envelopes, context, Search::Log).await?
                }
                _ => None,
            };
            answers.push(answer);
        }
        let (mut aggregate, start) = fold(envelopes);
        let mut pending = Vec::new();
        let mut metadata = Vec::new();
        let mut counts = Vec::new();
        let mut companions = Vec::new();
        for ((command, context), answer) in commands.iter().zip(&answers) {
            if answer.is_some() {
                continue;
            }
            let sink = EventSink::default();
            aggregate.handle(command.clone(), &(), &sink).await.map_err(CommandError::Domain)?;
            let events = sink.collect().await;
            let command = metadata.len();
            metadata.push(serde_json::to_string(&metadata_for(context)).map_err(store_error)?);
            for event in &events {
                let payload = serde_json::to_string(event).map_err(store_error)?;
                pending.push((event.event_type(), event.event_version(), payload, command));
            }
            counts.push(events.len());
            for event in events {
                aggregate.apply(event);
            }
            if let Some(idempotency) = &context.idempotency {
                companions
                    .push(Companion::SpendKey { actor: context.caller(), key: idempotency.key.clone() });
            }
        }
        let aggregate_id = aggregate_id.to_owned();
        Ok(Decided { aggregate_id, start, pending, metadata, counts, companions, answers })
    }
}

/// The version a stream is at: its last event's sequence (0 when it has none).
pub fn version_of<A: Aggregate>(envelopes: &[EventEnvelope<A>]) -> u64 {
    envelopes.last().map_or(0, |envelope| envelope.sequence as u64)
}

/// A refusal of the transaction itself (it could not begin or commit), which names no stream.
fn refused<E: std::error::Error>(refusal: AppendError) -> CommandError<E> {
    match refusal {
        AppendError::Store(error) => error.into(),
        AppendError::Conflict => CommandError::Contention,
        refused => CommandError::Refused(refused),
    }
}
