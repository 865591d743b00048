//! The tatrack domain: what can happen to a technical-assistance activity and to a programme.
//!
//! Pure: no I/O. Commands come in with every value already validated by the value objects;
//! aggregates decide which events follow, or which rule the command breaks.
//!
//! - [`values`]: ids, country and currency codes, headcounts, money, date ranges.
//! - [`bounds`] and [`money`]: what commands may carry: dates, text, head-counts, amounts.
//! - [`vocabulary`]: the closed lists (activity kinds, institutions, outputs, thematic areas).
//! - [`names`]: when two organisation names are one, look alike, or hide a character.
//! - [`activity`], [`programme`] and [`organisation`]: the aggregates, their commands and errors.
//! - [`token`]: the life of an access token, audited like everything else.
//! - [`events`]: the facts stored in the log.
//! - [`metadata`]: the keys every stored event carries beside its payload.

pub mod activity;
pub mod bounds;
pub mod events;
pub mod metadata;
pub mod money;
pub mod names;
pub mod organisation;
pub mod programme;
#[cfg(feature = "openapi")]
mod schema;
pub mod token;
pub mod values;
pub mod vocabulary;

pub use activity::{Activity, ActivityCommand, ActivityError, ActivityRecord, ActivityStatus};
pub use events::{ActivityEvent, OrganisationEvent, ProgrammeEvent};
pub use organisation::{Organisation, OrganisationCommand, OrganisationError};
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
