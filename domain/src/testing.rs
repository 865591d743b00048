//! What the aggregates' given / when / then tests share beyond cqrs-es's `TestFramework`.

use std::fmt::Debug;

use cqrs_es::test::TestFramework;
use cqrs_es::{Aggregate, DomainEvent};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Asserts that, given `history`, the aggregate `A` refuses `command` with `error`. Unlike
/// `then_expect_error`, a failure names the command, so a test may check a list of them.
pub(crate) fn assert_refused<A>(history: Vec<A::Event>, command: A::Command, error: A::Error)
where
    A: Aggregate<Services = ()>,
    A::Command: Clone + Debug,
    A::Event: PartialEq + Debug,
    A::Error: PartialEq + Debug,
{
    let result = TestFramework::<A>::with(()).given(history).when(command.clone()).inspect_result();
    assert_eq!(result, Err(error), "{command:?}");
}

/// Asserts that, given `history`, the aggregate `A` accepts `command`, whatever it records.
pub(crate) fn assert_accepted<A>(history: Vec<A::Event>, command: A::Command)
where
    A: Aggregate<Services = ()>,
    A::Command: Clone + Debug,
    A::Event: PartialEq + Debug,
    A::Error: PartialEq + Debug,
{
    let result = TestFramework::<A>::with(()).given(history).when(command.clone()).inspect_result();
    assert!(result.is_ok(), "{command:?}: {result:?}");
}

/// Asserts that, given `history`, the aggregate `A` records `events` for `command`:
/// cqrs-es's given / when / then in one call.
pub(crate) fn assert_recorded<A>(history: Vec<A::Event>, command: A::Command, events: Vec<A::Event>)
where
    A: Aggregate<Services = ()>,
    A::Event: PartialEq + Debug,
    A::Error: PartialEq + Debug,
{
    TestFramework::<A>::with(()).given(history).when(command).then_expect_events(events);
}

/// A given / when / then case: the history, the command, and what follows (the events
/// recorded, or the error).
pub(crate) type Case<A, Then> = (Vec<<A as Aggregate>::Event>, <A as Aggregate>::Command, Then);

/// Asserts each [`Case`]: given its history, `A` records its events for its command. Like
/// [`assert_refused`], a failure names the command.
pub(crate) fn assert_each_recorded<A>(cases: Vec<Case<A, Vec<A::Event>>>)
where
    A: Aggregate<Services = ()>,
    A::Command: Clone + Debug,
    A::Event: PartialEq + Debug,
    A::Error: PartialEq + Debug,
{
    for (history, command, events) in cases {
        let result = TestFramework::<A>::with(()).given(history).when(command.clone()).inspect_result();
        assert_eq!(result, Ok(events), "{command:?}");
    }
}

/// Asserts each [`Case`]: given its history, `A` refuses its command with its error.
pub(crate) fn assert_each_refused<A>(cases: Vec<Case<A, A::Error>>)
where
    A: Aggregate<Services = ()>,
    A::Command: Clone + Debug,
    A::Event: PartialEq + Debug,
    A::Error: PartialEq + Debug,
{
    for (history, command, error) in cases {
        assert_refused::<A>(history, command, error);
    }
}

/// Asserts each `(event, name, version)`: the event names itself `name`, is written at
/// `version`, and reads back from its JSON as itself.
pub(crate) fn assert_named_and_round_trip<E>(cases: Vec<(E, &str, &str)>)
where
    E: DomainEvent + Serialize + DeserializeOwned + PartialEq + Debug,
{
    for (event, name, version) in cases {
        assert_eq!(event.event_type(), name);
        assert_eq!(event.event_version(), version, "{name}");
        let json = serde_json::to_string(&event).expect("events serialize");
        let back: E = serde_json::from_str(&json).expect("events deserialize");
        assert_eq!(back, event, "{json}");
    }
}
