//! What both aggregates must do alike: `handle` agrees with `decide`, replay and snapshots
//! rebuild the same state, and amounts obey their rules.

use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tatrack_domain::money::check_amount;
use tatrack_domain::values::Money;

/// `state` as the store would hand it back: through its JSON form.
pub(crate) fn restored<A: Serialize + DeserializeOwned>(state: &A) -> A {
    serde_json::from_value(serde_json::to_value(state).expect("an aggregate serializes"))
        .expect("an aggregate deserializes")
}

/// What `decide` gives: the events a command records, or the rule it breaks.
type Decided<A> = Result<Vec<<A as Aggregate>::Event>, <A as Aggregate>::Error>;

/// What a run checks at each step, alike for both aggregates: `decide` is deterministic and
/// reads nothing the store does not keep, and `handle` agrees with it. An accepted command
/// records one event, applied to `state` and kept in `accepted`. Returns what `decide` gave.
fn step<A>(
    runtime: &tokio::runtime::Runtime,
    state: &mut A,
    accepted: &mut Vec<A::Event>,
    command: A::Command,
    decide: fn(&A, A::Command) -> Decided<A>,
) -> Result<Decided<A>, TestCaseError>
where
    A: Aggregate<Services = ()> + Clone + PartialEq + Serialize + DeserializeOwned,
    A::Command: Clone,
    A::Event: Clone + PartialEq,
    A::Error: Clone + PartialEq,
{
    let result = decide(state, command.clone());
    prop_assert_eq!(&result, &decide(state, command.clone()), "decide is not deterministic");
    prop_assert_eq!(&result, &decide(&restored(state), command.clone()), "decide reads unstored state");
    check_handle(runtime, state, command, &result)?;
    if let Ok(events) = &result {
        prop_assert_eq!(events.len(), 1, "one command, one event");
        for event in events {
            state.apply(event.clone());
            accepted.push(event.clone());
        }
    }
    Ok(result)
}

/// Sends `commands` to a fresh aggregate, each through [`step`] and then through `check`, which
/// sees the state before, the command, what `decide` gave and the state after; finally checks
/// the accepted events replay into the same aggregate. Returns the aggregate and those events.
pub(crate) fn run<A>(
    commands: Vec<A::Command>,
    decide: fn(&A, A::Command) -> Decided<A>,
    mut check: impl FnMut(&A, &A::Command, &Decided<A>, &A) -> Result<(), TestCaseError>,
) -> Result<(A, Vec<A::Event>), TestCaseError>
where
    A: Aggregate<Services = ()> + Clone + PartialEq + Serialize + DeserializeOwned,
    A::Command: Clone,
    A::Event: Clone + PartialEq,
    A::Error: Clone + PartialEq,
{
    let runtime =
        tokio::runtime::Builder::new_current_thread().build().expect("a current-thread runtime starts");
    let mut state = A::default();
    let mut accepted = Vec::new();
    for command in commands {
        let before = state.clone();
        let result = step(&runtime, &mut state, &mut accepted, command.clone(), decide)?;
        check(&before, &command, &result, &state)?;
    }
    check_replay(&accepted, &state)?;
    Ok((state, accepted))
}

/// `Aggregate::handle`, the path cqrs-es takes, on a copy of `state`: it must give what `decide`
/// gave, leave the state as it was on a refusal, and otherwise leave the state its events build.
pub(crate) fn check_handle<A>(
    runtime: &tokio::runtime::Runtime,
    state: &A,
    command: A::Command,
    decided: &Decided<A>,
) -> Result<(), TestCaseError>
where
    A: Aggregate<Services = ()> + Clone + PartialEq,
    A::Error: PartialEq,
{
    let mut handled = state.clone();
    let sink = EventSink::default();
    let result = runtime.block_on(handled.handle(command, &(), &sink));
    let events = runtime.block_on(sink.collect());
    match (result, decided) {
        (Err(error), Err(decided)) => {
            prop_assert_eq!(&error, decided);
            prop_assert!(handled == *state, "a refused command changed the state");
            prop_assert!(events.is_empty(), "a refused command wrote events");
        }
        (Ok(()), Ok(decided)) => {
            prop_assert_eq!(&events, decided);
            let mut applied = state.clone();
            for event in events {
                applied.apply(event);
            }
            prop_assert!(applied == handled, "handle's state differs from applying its events");
        }
        (result, decided) => {
            return Err(TestCaseError::fail(format!("handle gave {result:?}, decide {decided:?}")));
        }
    }
    Ok(())
}

/// Replays `events` into a fresh aggregate, straight and through their JSON form, as the event
/// store does, and checks the JSON names the event as `event_type` does.
pub(crate) fn check_replay<A>(events: &[A::Event], built: &A) -> Result<(), TestCaseError>
where
    A: Aggregate + Clone + PartialEq + Serialize + DeserializeOwned,
    A::Event: PartialEq,
{
    let mut replayed = A::default();
    let mut from_json = A::default();
    for event in events {
        let json = serde_json::to_value(event).expect("an event serializes");
        let tag =
            json.as_str().or_else(|| json.as_object().and_then(|o| o.keys().next()).map(String::as_str));
        let event_type = event.event_type();
        prop_assert_eq!(tag, Some(event_type.as_str()));
        let back: A::Event = serde_json::from_value(json.clone()).expect("a stored event deserializes");
        prop_assert!(back == *event, "JSON round-trip changed {}", json);
        replayed.apply(event.clone());
        from_json.apply(back);
    }
    prop_assert!(replayed == *built, "replay differs from the aggregate built step by step");
    prop_assert!(from_json == *built, "replay from JSON differs from the aggregate built step by step");
    prop_assert!(restored(built) == *built, "snapshot round-trip changed {:?}", serde_json::to_value(built));
    Ok(())
}

/// Positive and no finer than the currency's minor unit, checked here without `check_amount`.
pub(crate) fn check_money(money: &Money) -> Result<(), TestCaseError> {
    prop_assert!(money.amount > Decimal::ZERO, "amount not positive: {:?}", money);
    let digits = u32::from(money.currency.minor_unit_digits().unwrap_or(0));
    prop_assert!(money.amount.scale() <= digits, "amount too precise: {:?}", money);
    prop_assert!(money.amount <= tatrack_domain::money::MAX_AMOUNT, "amount too large: {:?}", money);
    prop_assert_eq!(check_amount(money), Ok(()));
    Ok(())
}
