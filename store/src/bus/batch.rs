//! Several commands on one stream, decided one after the other and appended in one
//! transaction (an imported row: its plan, delivery, participants... in one commit).

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, EventEnvelope};
use serde_json::Value;

use super::{backoff, fold, serialize, store_error, CommandBus, Search, MAX_ATTEMPTS};
use super::{metadata_for, CommandContext, CommandError, Landed};
use crate::append::{self, AppendError, Companion, NewEvent};
use crate::log;

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
            if let Some(expected) = expected.filter(|expected| *expected != start) {
                tracing::debug!(expected, start, "the stream moved before the batch");
                return Err(CommandError::VersionMismatch { current: start });
            }
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
                    companions.push(Companion::SpendKey {
                        actor: context.actor.clone(),
                        key: idempotency.key.clone(),
                    });
                }
            }
            let added = u64::try_from(pending.len()).ok();
            let version = added.and_then(|n| start.checked_add(n)).ok_or(CommandError::Contention)?;
            let landed = |position| Landed { version, position, replayed: false };
            if pending.is_empty() {
                let position = self.position(aggregate_id, start).await?;
                return Ok(answers.into_iter().map(|a| a.unwrap_or_else(|| landed(position))).collect());
            }
            let each: Vec<(&NewEvent, &Value)> =
                pending.iter().map(|(event, metadata)| (event, metadata)).collect();
            let after = i64::try_from(start).map_err(store_error)?;
            match append::append_each(&self.db, (A::TYPE, aggregate_id), after, &each, &companions).await {
                Ok(position) => {
                    self.appended.notify_one();
                    for count in counts {
                        self.observer.command_landed(A::TYPE, count);
                    }
                    return Ok(answers.into_iter().map(|a| a.unwrap_or_else(|| landed(position))).collect());
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
}
