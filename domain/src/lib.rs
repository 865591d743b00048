//! The tatrack domain: what can happen to a technical-assistance activity and to a programme.
//!
//! Pure: no I/O. Commands come in with every value already validated by the value objects;
//! aggregates decide which events follow, or which rule the command breaks.
//!
//! - [`values`]: the value objects, a file per kind: ids, codes (countries, programmes), money
//!   (currencies, amounts and the plain decimals they are written as), head-counts, text, dates.
//! - [`bounds`] and [`money`]: what commands may carry: dates, text, head-counts, amounts.
//! - [`vocabulary`]: the closed lists (activity kinds, institutions, outputs, thematic areas,
//!   organisation types, token roles).
//! - [`names`]: when two organisation names are one, look alike, or hide a character.
//! - [`activity`], [`programme`] and [`organisation`]: the aggregates, their commands and errors.
//! - [`participant`]: a person who attended activities, their identifying fields sealed.
//! - [`token`]: the life of an access token, audited like everything else.
//! - [`access`]: the people an identity provider signs in, and the grants that give them rights.
//! - [`events`]: the facts stored in the log.
//! - [`metadata`]: the keys every stored event carries beside its payload.

pub mod access;
pub mod activity;
pub mod bounds;
pub mod events;
pub mod metadata;
pub mod money;
pub mod names;
pub mod organisation;
pub mod participant;
pub mod programme;
#[cfg(feature = "openapi")]
mod schema;
#[cfg(test)]
mod testing;
pub mod token;
pub mod values;
pub mod vocabulary;

pub use activity::{Activity, ActivityCommand, ActivityError, ActivityRecord, ActivityStatus};
pub use events::{ActivityEvent, OrganisationEvent, ProgrammeEvent};
pub use organisation::{Organisation, OrganisationCommand, OrganisationError};
pub use participant::{Participant, ParticipantCommand, ParticipantError};
pub use programme::{Programme, ProgrammeCommand, ProgrammeError, ProgrammeRecord};

/// What every aggregate's `handle` does: decide, then record the events in the sink (which
/// applies each to the aggregate as it goes).
pub(crate) async fn record<A: cqrs_es::Aggregate>(
    aggregate: &mut A,
    sink: &cqrs_es::event_sink::EventSink<A>,
    decided: Result<Vec<A::Event>, A::Error>,
) -> Result<(), A::Error> {
    for event in decided? {
        sink.write(event, aggregate).await;
    }
    Ok(())
}

/// Implements cqrs-es's `Aggregate` for one of the domain's aggregates, alike for each: `handle`
/// [`record`]s what the aggregate's own `decide` returns, `apply` is its `evolve`. A macro, as
/// `Aggregate` is cqrs-es's trait: no blanket impl of it may stand for all of them.
macro_rules! aggregate {
    ($aggregate:ty { TYPE: $type_name:literal, Command: $command:ty, Event: $event:ty, Error: $error:ty }) => {
        impl cqrs_es::Aggregate for $aggregate {
            const TYPE: &'static str = $type_name;
            type Command = $command;
            type Event = $event;
            type Error = $error;
            type Services = ();

            async fn handle(
                &mut self,
                command: Self::Command,
                (): &(),
                sink: &cqrs_es::event_sink::EventSink<Self>,
            ) -> Result<(), Self::Error> {
                let decided = self.decide(command);
                crate::record(self, sink, decided).await
            }

            fn apply(&mut self, event: Self::Event) {
                self.evolve(event);
            }
        }
    };
}
pub(crate) use aggregate;

/// `From` between a request body and an event (or back) whose fields carry over by name: each
/// moved as it is, or through the function named after it (`changes: Into::into`). `<=>`
/// implements both directions.
macro_rules! moved_fields {
    (@field $value:expr) => {
        $value
    };
    (@field $value:expr, $map:path) => {
        $map($value)
    };
    ($from:ident => $to:ident { $($field:ident $(: $map:path)?),+ }) => {
        impl From<$from> for $to {
            fn from(value: $from) -> Self {
                Self { $($field: $crate::moved_fields!(@field value.$field $(, $map)?)),+ }
            }
        }
    };
    ($a:ident <=> $b:ident { $($field:ident $(: $map:path)?),+ }) => {
        $crate::moved_fields!($a => $b { $($field $(: $map)?),+ });
        $crate::moved_fields!($b => $a { $($field $(: $map)?),+ });
    };
}
pub(crate) use moved_fields;
