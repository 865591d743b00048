//! The facts tatrack records, named in the past tense, one file per aggregate. Stored forever:
//! a change of shape gets a new `event_version` and an upcaster ([`upcast`]), never a rewrite of
//! old events. Every reader of the log (the command bus through cqrs-es, the projector, replay,
//! history) decodes through [`decode`] or cqrs-es with [`upcasters`], so all read alike.
//!
//! Golden fixtures of every stored type and version live in `domain/tests/fixtures/events/`.

/// Declares an aggregate's event enum with its `DomainEvent` impl, alike for each: a variant's
/// name is its stored `event_type`, written at the version [`current_version`] gives that type.
macro_rules! events {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident $(($payload:ty))?),+ $(,)? }) => {
        $(#[$meta])*
        pub enum $name {
            $($variant $(($payload))?),+
        }

        impl cqrs_es::DomainEvent for $name {
            fn event_type(&self) -> String {
                match self {
                    $(Self::$variant { .. } => stringify!($variant)),+
                }
                .to_owned()
            }

            fn event_version(&self) -> String {
                super::current_version(&self.event_type()).to_owned()
            }
        }
    };
}

pub mod access;
pub mod activity;
pub mod organisation;
pub mod participant;
pub mod programme;
pub mod results;
pub mod token;
mod upcast;

use serde::de::DeserializeOwned;

pub use access::{GrantEvent, PersonEvent};
pub use activity::{ActivityEvent, PlannedFields};
pub use organisation::{OrganisationDetails, OrganisationEvent};
pub use participant::ParticipantEvent;
pub use programme::{ProgrammeEvent, ProgrammeRegistration};
pub use token::TokenEvent;
pub use upcast::upcasters;

/// The version events are written at, unless [`current_version`] says otherwise.
pub const EVENT_VERSION: &str = "1.0";

/// The version `event_type` is written at today.
pub fn current_version(event_type: &str) -> &'static str {
    upcast::latest(event_type).unwrap_or(EVENT_VERSION)
}

/// A stored event that no reader can decode: a corrupt payload or a type from a newer writer.
#[derive(Debug, thiserror::Error)]
#[error("{event_type} {event_version} does not decode: {source}")]
pub struct DecodeError {
    pub event_type: String,
    pub event_version: String,
    #[source]
    pub source: serde_json::Error,
}

/// Decodes a stored payload of `event_type` at `event_version` into the event `E`, through the
/// upcasters that bring older versions to today's shape.
pub fn decode<E: DeserializeOwned>(
    event_type: &str,
    event_version: &str,
    payload: &serde_json::Value,
) -> Result<E, DecodeError> {
    let error = |source| DecodeError {
        event_type: event_type.to_owned(),
        event_version: event_version.to_owned(),
        source,
    };
    match upcast::upcast(event_type, event_version, payload) {
        // Only an old version pays for a copy; today's decode from the borrowed value.
        Some(upcasted) => E::deserialize(&upcasted).map_err(error),
        None => E::deserialize(payload).map_err(error),
    }
}

/// [`decode`] from the payload's stored text: today's versions deserialize straight from the
/// text, without the `serde_json::Value` tree in between (a replay decodes millions); only an
/// older version, which an upcaster rewrites, is parsed into one first.
pub fn decode_str<E: DeserializeOwned>(
    event_type: &str,
    event_version: &str,
    payload: &str,
) -> Result<E, DecodeError> {
    let error = |source| DecodeError {
        event_type: event_type.to_owned(),
        event_version: event_version.to_owned(),
        source,
    };
    if upcast::needed(event_type, event_version) {
        let value: serde_json::Value = serde_json::from_str(payload).map_err(error)?;
        decode(event_type, event_version, &value)
    } else {
        serde_json::from_str(payload).map_err(error)
    }
}
