//! What the aggregates' given / when / then tests share beyond cqrs-es's `TestFramework`.

use std::fmt::Debug;

use cqrs_es::test::TestFramework;
use cqrs_es::Aggregate;

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
