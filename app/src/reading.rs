//! What every read route shares: the caller's scope as a filter, waiting for `min_position`,
//! and the checks of dates, countries and searches in a query.

use std::time::Duration;

use chrono::NaiveDate;
use tatrack_domain::bounds::check_date;
use tatrack_domain::token::Role;
use tatrack_domain::values::CountryCode;
use tatrack_projections::listing::{self, ActivityFilter};
use tatrack_projections::organisations;
use tatrack_projections::queries::DateRange;
use tatrack_projections::search::Search;
use tatrack_projections::status;
use tatrack_store::{log, registry, Db};

use crate::auth::Principal;
use tatrack_i18n::{msg, Message};

use crate::error::{Error, Result};
use crate::service::App;
use crate::standbys::Caller;

/// How long a query waits for the projector to pass its `min_position`.
pub const READ_YOUR_WRITES_WAIT: Duration = Duration::from_secs(5);

/// The filter that admits exactly what the caller may see.
pub async fn scope_filter(app: &App, principal: &Principal) -> Result<ActivityFilter> {
    let mut filter = ActivityFilter::default();
    restrict_to_scope(app, principal, &mut filter).await?;
    Ok(filter)
}

/// Narrows a list to what the caller may see: an adviser's countries and programmes, a donor's
/// funded activities.
pub async fn restrict_to_scope(app: &App, principal: &Principal, filter: &mut ActivityFilter) -> Result<()> {
    match principal.role {
        Role::Admin | Role::Manager => {}
        Role::Donor => {
            if filter.donor.iter().flatten().any(|d| !principal.may_read_money_of(d)) {
                return Err(Error::Forbidden(msg("problem-donor-lists-own-funding")));
            }
            // The names its organisation goes by that funding or contributions were recorded
            // under (an indexed lookup): usually one, whose summary cells then count its map.
            let names = principal.donor_names().unwrap_or_default();
            let recorded = listing::donors(&app.db, Some(names)).await?;
            filter.funded_by = Some(recorded.into_iter().map(|item| item.donor).collect());
        }
        Role::Adviser => {
            let scope = &principal.scope;
            if !scope.countries.is_empty() {
                filter.within_countries =
                    Some(scope.countries.iter().map(|c| c.as_str().to_owned()).collect());
            }
            if !scope.programmes.is_empty() {
                let mut ids = Vec::new();
                for code in &scope.programmes {
                    ids.extend(registry::programme_id_of(&app.db, code.as_str()).await?);
                }
                filter.within_programmes = Some(ids);
            }
        }
    }
    Ok(())
}

/// The names funding from `donor` was recorded under: every name of the organisation it names
/// (its id, name or an alias), or `donor` alone when none claims it, as a donor's summary
/// reads them.
pub async fn donor_names(app: &App, donor: &str) -> Result<Vec<String>> {
    Ok(match organisations::resolve(&app.db, donor).await? {
        Some(found) => organisations::recorded_names(&app.db, &found).await?,
        None => vec![donor.to_owned()],
    })
}

/// Waits until the read models include `min_position`, or answers 503 with Retry-After.
pub async fn read_your_writes(app: &App, min_position: Option<i64>) -> Result<()> {
    let Some(position) = min_position else { return Ok(()) };
    // A position no command has been given yet can never be reached: say so at once.
    if position < 0 || position > log::head(&app.db).await? {
        return Err(bad_parameter("min_position", msg("problem-min-position-unknown")));
    }
    if status::wait_for(&app.db, position, READ_YOUR_WRITES_WAIT, &app.projected).await? {
        Ok(())
    } else {
        Err(Error::Unavailable(msg("problem-read-models-behind").with("position", position)))
    }
}

/// The database a read goes to: after waiting for `min_position` on the primary (as
/// [`read_your_writes`]), a standby that reached it and `caller`'s last write, else the primary.
pub async fn reader(app: &App, caller: Option<Caller>, min_position: Option<i64>) -> Result<Db> {
    read_your_writes(app, min_position).await?;
    Ok(app.standbys.reader(&app.db, caller, min_position).await)
}

pub fn date_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<DateRange> {
    for (name, day) in [("from", from), ("to", to)] {
        if let Some(Err(outside)) = day.map(|day| check_date(name, day)) {
            return Err(Error::BadRequest { field: Some(name.to_owned()), detail: outside.message() });
        }
    }
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            return Err(bad_parameter("to", msg("problem-to-before-from")));
        }
    }
    Ok(DateRange { from, to })
}

pub fn country(code: &str) -> Result<String> {
    CountryCode::parse(code).map(|c| c.as_str().to_owned()).map_err(|e| bad_parameter("country", e.message()))
}

/// The longest search a list takes, in characters.
pub const SEARCH_MAX_CHARS: usize = 200;

/// The search `q` of a list, for `principal` (a donor's does not search donors' names); `None`
/// when it is absent or blank. Any character but a control character is taken: what is not a
/// letter or a digit separates words.
pub fn search(q: Option<&str>, principal: &Principal) -> Result<Option<Search>> {
    let Some(q) = q.filter(|q| !q.trim().is_empty()) else { return Ok(None) };
    if q.chars().count() > SEARCH_MAX_CHARS {
        return Err(bad_parameter("q", msg("problem-search-too-long").with("max", SEARCH_MAX_CHARS)));
    }
    if q.chars().any(char::is_control) {
        return Err(bad_parameter("q", msg("problem-search-control-character")));
    }
    Ok(Some(Search::new(q, principal.role != Role::Donor)))
}

/// A 400 naming the query parameter `name`, with the rule it breaks.
pub fn bad_parameter(name: &str, detail: Message) -> Error {
    Error::BadRequest { field: Some(name.to_owned()), detail }
}
