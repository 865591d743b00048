//! What the aggregates' given / when / then tests share beyond cqrs-es's `TestFramework`.

use std::fmt::Debug;

use cqrs_es::test::TestFramework;
use cqrs_es::{Aggregate, DomainEvent};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// An aggregate as these tests drive it: without services, its commands printable (a failure
/// names the command) and its errors comparable.
pub(crate) trait Tested: Aggregate<Services = (), Command: Clone + Debug, Error: PartialEq> {}

impl<A: Aggregate<Services = (), Command: Clone + Debug, Error: PartialEq>> Tested for A {}

/// What `A` decides for `command`, given `history`.
fn decided<A: Tested>(history: Vec<A::Event>, command: A::Command) -> Result<Vec<A::Event>, A::Error> {
    TestFramework::<A>::with(()).given(history).when(command).inspect_result()
}

/// Asserts that, given `history`, the aggregate `A` refuses `command` with `error`. Unlike
/// `then_expect_error`, a failure names the command, so a test may check a list of them.
pub(crate) fn assert_refused<A: Tested>(history: Vec<A::Event>, command: A::Command, error: A::Error) {
    assert_eq!(decided::<A>(history, command.clone()), Err(error), "{command:?}");
}

/// Asserts that, given `history`, the aggregate `A` records `events` for `command`.
pub(crate) fn assert_recorded<A: Tested>(history: Vec<A::Event>, command: A::Command, events: Vec<A::Event>) {
    assert_eq!(decided::<A>(history, command.clone()), Ok(events), "{command:?}");
}

/// Asserts that, given `history`, the aggregate `A` accepts `command`, whatever it records.
pub(crate) fn assert_accepted<A: Tested>(history: Vec<A::Event>, command: A::Command) {
    let result = decided::<A>(history, command.clone());
    assert!(result.is_ok(), "{command:?}: {result:?}");
}

/// A given / when / then case: the history, the command, and what follows (the events
/// recorded, or the error).
pub(crate) type Case<A, Then> = (Vec<<A as Aggregate>::Event>, <A as Aggregate>::Command, Then);

/// Asserts each [`Case`] with [`assert_recorded`].
pub(crate) fn assert_each_recorded<A: Tested>(cases: Vec<Case<A, Vec<A::Event>>>) {
    for (history, command, events) in cases {
        assert_recorded::<A>(history, command, events);
    }
}

/// Asserts each [`Case`] with [`assert_refused`].
pub(crate) fn assert_each_refused<A: Tested>(cases: Vec<Case<A, A::Error>>) {
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
