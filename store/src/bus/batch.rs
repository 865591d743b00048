//! Several commands on one stream, decided one after the other and appended in one
//! transaction (an imported row: its plan, delivery, participants... in one commit); and
//! batches on several streams appended in one transaction (an import, all or nothing).

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, EventEnvelope};
use serde_json::Value;

use super::{backoff, fold, serialize, store_error, CommandBus, Search, MAX_ATTEMPTS};
use super::{metadata_for, CommandContext, CommandError, Landed};
use crate::append::{self, AppendError, Companion, NewEvent, StreamAppend};
use crate::log;

/// Commands for one stream, with the stream as their sender read it.
pub struct Batch<A: Aggregate> {
    pub aggregate_id: String,
    pub stream: Vec<EventEnvelope<A>>,
    pub commands: Vec<(A::Command, CommandContext)>,
}

/// Which batch of [`CommandBus::execute_batches`] was refused, and why; nothing was written.
pub type BatchRefused<E> = (usize, CommandError<E>);

/// A batch decided on one version of its stream, not yet appended.
struct Decided {
    /// The version the batch was decided on.
    start: u64,
    /// The new events, each with its command's metadata.
    pending: Vec<(NewEvent, Value)>,
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
            let each: Vec<(&NewEvent, &Value)> =
                decided.pending.iter().map(|(event, metadata)| (event, metadata)).collect();
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

    /// Batches on several streams, each decided on its stream as its sender read it and pinned
    /// to that version, appended in one transaction: all land or none do (an import, all or
    /// nothing). A stream that moved meanwhile is not decided again: the whole append is
    /// refused, and the refusal, like any other, names the index of the batch it concerns.
    #[tracing::instrument(skip_all, fields(aggregate = A::TYPE, batches = batches.len()))]
    pub async fn execute_batches(
        &self,
        batches: Vec<Batch<A>>,
    ) -> Result<Vec<Vec<Landed>>, BatchRefused<A::Error>> {
        let mut decided = Vec::with_capacity(batches.len());
        for (index, batch) in batches.iter().enumerate() {
            let at = |error| (index, error);
            decided.push(
                self.decide(&batch.aggregate_id, batch.stream.clone(), &batch.commands).await.map_err(at)?,
            );
        }
        let mut appends = Vec::new();
        // Which batch each stream appended to belongs to (a batch already recorded appends none).
        let mut owners = Vec::new();
        for (index, (batch, decided)) in batches.iter().zip(&decided).enumerate() {
            if decided.pending.is_empty() {
                continue;
            }
            appends.push(StreamAppend {
                aggregate_type: A::TYPE,
                aggregate_id: &batch.aggregate_id,
                version: i64::try_from(decided.start).map_err(|e| (index, store_error(e)))?,
                events: decided.pending.iter().map(|(event, metadata)| (event, metadata)).collect(),
                companions: decided.companions.clone(),
            });
            owners.push(index);
        }
        let positions = match append::append_streams(&self.db, &appends).await {
            Ok(positions) => positions,
            Err((stream, refusal)) => {
                let index = owners.get(stream).copied().unwrap_or_default();
                return Err((index, self.refusal(&batches[index].aggregate_id, refusal).await));
            }
        };
        drop(appends);
        let mut positions = owners.into_iter().zip(positions).peekable();
        let mut answers = Vec::with_capacity(decided.len());
        for (index, (batch, decided)) in batches.iter().zip(decided).enumerate() {
            let version = decided.version().ok_or((index, CommandError::Contention))?;
            let position = match positions.next_if(|(owner, _)| *owner == index) {
                Some((_, position)) => {
                    self.landed(&decided);
                    position
                }
                None => self.position(&batch.aggregate_id, decided.start).await.map_err(|e| (index, e))?,
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
        let mut actors: Vec<&str> = commands.iter().map(|(_, c)| c.actor.as_str()).collect();
        actors.sort_unstable();
        actors.dedup();
        for actor in actors {
            let keys: Vec<&str> = commands
                .iter()
                .filter(|(_, c)| c.actor == actor)
                .filter_map(|(_, c)| c.idempotency.as_ref().map(|i| i.key.as_str()))
                .collect();
            for key in log::spent_keys(&self.db, actor, &keys).await? {
                spent.insert((actor.to_owned(), key));
            }
        }
        let mut answers = Vec::with_capacity(commands.len());
        for (_, context) in commands {
            let key = context.idempotency.as_ref().map(|i| (context.actor.clone(), i.key.clone()));
            let answer = match key {
                Some(key) if spent.contains(&key) => {
                    self.earlier_answer(aggregate_id, &envelopes, context, Search::Log).await?
                }
                _ => None,
            };
            answers.push(answer);
        }
        let (mut aggregate, start) = fold(envelopes);
        let mut pending: Vec<(NewEvent, Value)> = Vec::new();
        let mut counts = Vec::new();
        let mut companions = Vec::new();
        for ((command, context), answer) in commands.iter().zip(&answers) {
            if answer.is_some() {
                continue;
            }
            let sink = EventSink::default();
            aggregate.handle(command.clone(), &(), &sink).await.map_err(CommandError::Domain)?;
            let events = sink.collect().await;
            let metadata = serde_json::to_value(metadata_for(context)).map_err(store_error)?;
            pending.extend(serialize(&events)?.into_iter().map(|event| (event, metadata.clone())));
            counts.push(events.len());
            for event in events {
                aggregate.apply(event);
            }
            if let Some(idempotency) = &context.idempotency {
                companions
                    .push(Companion::SpendKey { actor: context.actor.clone(), key: idempotency.key.clone() });
            }
        }
        Ok(Decided { start, pending, counts, companions, answers })
    }
}

/// The version a stream is at: its last event's sequence (0 when it has none).
fn version_of<A: Aggregate>(envelopes: &[EventEnvelope<A>]) -> u64 {
    envelopes.last().map_or(0, |envelope| envelope.sequence as u64)
}
