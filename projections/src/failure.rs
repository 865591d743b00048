//! Why a projector batch failed, in words an operator can act on: which events, and the whole
//! chain of causes (a [`StoreError`]'s own message names only the step that failed).

use std::panic::AssertUnwindSafe;

use futures::FutureExt as _;

use tatrack_store::db::StoreError;

/// Why a batch was not applied. Nothing of it was written: its transaction rolled back.
#[derive(Debug, thiserror::Error)]
pub enum StepError {
    /// Reading the log or writing the checkpoint failed: the store is at fault, not an event.
    #[error("the projector's batch failed: {}", error_chain(.0))]
    Store(#[from] StoreError),
    /// Applying `events` events, the first at `first`, failed or panicked. With one event,
    /// `first` names the event that cannot be applied.
    #[error("cannot apply {events} event(s) from position {first}: {reason}")]
    Apply { first: i64, events: usize, reason: String },
}

impl StepError {
    /// The position of the first event the batch could not apply, when events were read.
    pub fn position(&self) -> Option<i64> {
        match self {
            Self::Store(_) => None,
            Self::Apply { first, .. } => Some(*first),
        }
    }
}

/// An error and its causes, one line: `StoreError`'s own message says only which step failed.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Awaits `work` on the events from `first`; its error or its panic becomes a
/// [`StepError::Apply`] that names them.
pub(crate) async fn guard(
    work: impl std::future::Future<Output = Result<(), StoreError>>,
    first: i64,
    events: usize,
) -> Result<(), StepError> {
    let failed = |reason: String| StepError::Apply { first, events, reason };
    match AssertUnwindSafe(work).catch_unwind().await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => Err(failed(error_chain(&error))),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(ToString::to_string)
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            Err(failed(format!("panicked: {message}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{guard, StepError, StoreError};

    /// Fails after a suspension point, as a batch does in the middle of its queries.
    async fn overflowing() -> Result<(), StoreError> {
        tokio::task::yield_now().await;
        panic!("Multiplication overflowed")
    }

    async fn undecodable() -> Result<(), StoreError> {
        tokio::task::yield_now().await;
        Err(StoreError::Query(sqlx::Error::Decode("event at position 7 (ActivityPlanned): bad".into())))
    }

    #[tokio::test]
    async fn a_panic_while_applying_becomes_an_error_naming_the_events() {
        match guard(overflowing(), 7, 1).await {
            Err(StepError::Apply { first: 7, events: 1, reason }) => {
                assert_eq!(reason, "panicked: Multiplication overflowed");
            }
            other => panic!("not an apply failure at 7: {other:?}"),
        }
    }

    #[tokio::test]
    async fn an_error_while_applying_keeps_its_causes() {
        match guard(undecodable(), 7, 3).await {
            Err(StepError::Apply { first: 7, events: 3, reason }) => {
                assert!(reason.contains("event at position 7 (ActivityPlanned): bad"), "{reason}");
            }
            other => panic!("not an apply failure at 7: {other:?}"),
        }
    }
}
