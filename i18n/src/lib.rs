//! tatrack's words in the reader's language (issue 27).
//!
//! One set of Project Fluent catalogues (`i18n/catalogues/<language>/<area>.ftl`) serves both the
//! server (problem details, column headers, the annual report) and the web app, which fetches a
//! language's files joined as `/app/i18n/<language>.ftl`. English, French and Spanish are
//! complete; Arabic holds the app's shell, to show the layout right to left.

#[cfg(feature = "catalogues")]
mod catalogue;
mod language;
mod message;

#[cfg(feature = "catalogues")]
pub use catalogue::{text, web_catalogue, CATALOGUES};
pub use language::Language;
pub use message::{msg, Arg, Message};

mod countries;
pub use countries::{country_codes, country_name, in_state, state, state_sort_key};
#[cfg(feature = "catalogues")]
pub mod format;
