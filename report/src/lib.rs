//! The activity statistics section of an annual report, written from the event log, every figure
//! traceable to the events behind it and checkable later.
//!
//! - [`document`]: the report as published (served as JSON, written to `report.json`, read back
//!   by `--verify`);
//! - [`source`]: the log up to one link of the hash chain, folded into records;
//! - [`figures`]: what a report counts, per thematic area, each figure with its question and
//!   the ids of its activities;
//! - `trained` (private): the people the attendance lists name, counted once each, and the
//!   knowledge gain, with cells of 1 to 4 people published as `null`;
//! - [`model`]: those figures typed (counts, States, participants, outputs, amounts), as the
//!   text reads them, and published as the document's JSON;
//! - [`text`], [`words`] and `writer`: the paragraphs, from the catalogue's sentences
//!   (`i18n/catalogues/<language>/report.ftl`), in United Nations English, French or Spanish;
//! - [`layout`]: what every rendering writes, in order, with the evidence naming each activity by
//!   title and dates and linking it to its page;
//! - [`render`]: Markdown (footnotes) and one self-contained HTML page (links);
//! - [`docx`]: a Word document (OOXML) with the HTML page's paragraphs, to edit;
//! - [`verify`]: recomputing a report at its own point of the log, and at today's;
//! - [`signature`]: the head a report was made at, signed, and that signature checked.

pub mod document;
pub mod docx;
pub mod figures;
pub mod layout;
pub mod model;
pub mod render;
pub mod signature;
pub mod source;
pub mod text;
mod trained;
pub mod verify;
pub mod words;
mod writer;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_trained;

use chrono::{DateTime, Utc};
use tatrack_store::db::{Db, StoreError};

pub use document::{Figure, Params, Report};
pub use source::Basis;
/// The languages a report is written in (`Params::language`).
pub use tatrack_i18n::Language;

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Overflow(#[from] tatrack_projections::amounts::Overflow),
    /// The hash chain does not reach the log's head yet: a report now would count only part
    /// of the log, so none is written.
    #[error(
        "the hash chain reaches position {linked}, not yet the log's head at position {head}: \
         the read models are catching up, and a report now would count only part of the log"
    )]
    Behind { head: i64, linked: i64 },
}

/// The report of `params` at the chain's last link now (counting only events recorded by
/// `as_of`, given one), refused with [`ReportError::Behind`] while the chain does not reach the
/// log's head: a published report is never built on part of the log.
pub async fn generate(db: &Db, params: &Params, as_of: Option<DateTime<Utc>>) -> Result<Report, ReportError> {
    let head = tatrack_store::log::head(db).await?;
    // The chain is linked in the projector's transaction, so it reaches whatever the read
    // models hold; read after this check, the basis covers the head.
    if !tatrack_projections::status::projected(db, head).await? {
        let linked = source::latest(db).await?.position;
        return Err(ReportError::Behind { head, linked });
    }
    let basis = Basis { as_of, ..source::latest(db).await? };
    at(db, params, basis).await
}

/// The report of `params` computed from the log at `basis`.
pub async fn at(db: &Db, params: &Params, basis: Basis) -> Result<Report, ReportError> {
    let records = source::records(db, &basis, |record| figures::happened_in(record, params)).await?;
    Ok(figures::compute(&records, params, basis)?)
}
