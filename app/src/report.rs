//! The annual report's activity statistics for a caller: a manager's for every activity, a
//! donor's for the activities it funds (and of their money only its own), always from the whole
//! log as it stood when asked.

use chrono::{DateTime, NaiveDate, Utc};
use tatrack_domain::token::Role;
use tatrack_projections::status;
use tatrack_report::{Language, Params, Report, ReportError};
use tatrack_store::{log, registry, StoreError};

use crate::auth::Principal;
use tatrack_i18n::msg;

use crate::error::{Error, Result};
use crate::reading::{date_range, READ_YOUR_WRITES_WAIT};
use crate::service::App;

/// What a report covers.
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Programme codes; every programme when empty.
    pub programmes: Vec<String>,
    /// Count only the events recorded by this instant.
    pub as_of: Option<DateTime<Utc>>,
    /// The language the report is written in (its words; the figures are the same in each).
    pub language: Language,
}

/// The report of `period` as `principal` may read it. The dates follow every read's rules (400
/// naming the parameter); an unknown programme code is a 400 naming `programme`. While the
/// projector has not linked the chain up to the log's head, this waits up to
/// [`READ_YOUR_WRITES_WAIT`], then answers 503: a report never answers from part of the log.
pub async fn activity_report(app: &App, principal: &Principal, period: Period) -> Result<Report> {
    principal.require(&[Role::Manager, Role::Donor])?;
    date_range(Some(period.from), Some(period.to))?;
    for code in &period.programmes {
        if registry::programme_id_of(&app.db, code).await?.is_none() {
            return Err(Error::BadRequest {
                field: Some("programme".into()),
                detail: msg("problem-no-programme-with-code").with("code", code.as_str()),
            });
        }
    }
    let params = Params {
        from: period.from,
        to: period.to,
        programmes: period.programmes,
        donor: principal.donor().map(str::to_owned),
        donor_names: principal.donor_names().map(<[String]>::to_vec).unwrap_or_default(),
        language: period.language,
    };
    let head = log::head(&app.db).await?;
    status::wait_for(&app.db, head, READ_YOUR_WRITES_WAIT, &app.projected).await?;
    tatrack_report::generate(&app.db, &params, period.as_of).await.map_err(|error| match error {
        ReportError::Store(store) => Error::from(store),
        ReportError::Overflow(overflow) => Error::from(StoreError::from(overflow)),
        ReportError::Behind { head, linked } => {
            Error::Unavailable(msg("problem-chain-behind").with("linked", linked).with("head", head))
        }
    })
}
