//! Property tests of the two aggregates: random command sequences, realistic and often wrong, must
//! never bring an activity or a programme into a state its rules forbid.
//!
//! Each case sends 1 to 40 commands to one aggregate (ids fixed per case), applies the events of
//! the commands it accepts and checks, after every step:
//!
//! - the activity's invariants and its state machine (planned, delivered, reported; or cancelled),
//!   and that the record shows what each accepted command recorded;
//! - the programme's: one registration at most, contributions positive and within the minor unit;
//! - that `decide` is deterministic and depends on nothing the store does not keep (a state
//!   restored from its JSON snapshot decides alike), and that a refused command changes nothing
//!   through cqrs-es's `handle`;
//! - that replaying the accepted events, straight or through their JSON form, rebuilds the same
//!   aggregate, as the event store does, and that the aggregate survives a JSON snapshot.
//!
//! Beside this file: `values` and `activity_commands` (the strategies), `activity_checks`,
//! `programme` and `aggregate` (the checks and the runs).

mod activity_checks;
mod activity_commands;
mod aggregate;
mod programme;
mod values;

use proptest::prelude::*;

use activity_checks::run_activity;
use activity_commands::activity_commands;
use programme::{programme_command, run_programme};

const CASES: u32 = 256;
const MAX_COMMANDS: usize = 40;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Invariants after every step, the state machine, determinism, refusals changing nothing,
    /// and replay (straight, from JSON, from a snapshot) rebuilding the same activity.
    #[test]
    fn activity_keeps_its_rules_under_any_command_sequence(commands in activity_commands()) {
        run_activity(commands)?;
    }

    /// At most one registration; every contribution positive and within its currency's minor
    /// unit; determinism, refusals changing nothing, replay rebuilding the same programme.
    #[test]
    fn programme_keeps_its_rules_under_any_command_sequence(
        commands in proptest::collection::vec(programme_command(), 1..=MAX_COMMANDS),
    ) {
        run_programme(commands)?;
    }
}
