//! The language asked for, kept for the request's task: read anywhere while answering, by the
//! problem that refuses the request as much as by a route. Apart from the middleware that sets
//! it (`super`), so that the error module reads it without importing the middleware.

use std::cell::Cell;

use tatrack_i18n::Language;

/// What a request asked for, as the middleware read it.
pub(super) struct Asked {
    /// `?lang=`: chosen for this answer.
    pub(super) explicit: Option<Language>,
    /// Remembered for the caller, once the caller is known.
    pub(super) remembered: Cell<Option<Language>>,
    /// From `Accept-Language` (English without one).
    pub(super) accepted: Language,
}

tokio::task_local! {
    pub(super) static ASKED: Asked;
}

/// The language this request is answered in; English outside a request.
pub fn current() -> Language {
    ASKED
        .try_with(|asked| asked.explicit.or(asked.remembered.get()).unwrap_or(asked.accepted))
        .unwrap_or(Language::English)
}

/// Notes the language remembered for the request's caller (a token's or a person's code, as
/// the store keeps it); `?lang=` still comes first. A code tatrack no longer speaks counts as
/// none.
pub fn remember(stored: Option<&str>) {
    let language = stored.and_then(Language::from_code);
    let _ = ASKED.try_with(|asked| asked.remembered.set(language));
}
