//! The read side: activity lists, summaries per country, programme and donor, and the
//! projector's status. Every query may pass `min_position` to read its own writes.

use std::time::Duration;

use axum::extract::State;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tatrack_domain::bounds::check_date;
use tatrack_domain::token::Role;
use tatrack_domain::values::CountryCode;
use tatrack_domain::vocabulary::ActivityKind;
use tatrack_domain::ActivityStatus;
use tatrack_projections::as_of;
use tatrack_projections::listing::{
    self, ActivityFilter, ActivityPage, CountryItem, Cursor, DonorItem, ProgrammeItem, ProjectionStatus,
};
use tatrack_projections::queries::{self, DateRange, Scope, Summary};
use tatrack_projections::supervisor::ProjectorState;
use tatrack_store::{log, registry};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::responses::ReadErrors;
use crate::auth::Principal;
use crate::error::{ApiError, Result};
use crate::extract::{Path, PathId, Query};
use crate::service::AppState;

/// How long a query waits for the projector to pass its `min_position`.
const READ_YOUR_WRITES_WAIT: Duration = Duration::from_secs(5);

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// ISO 3166-1 alpha-3 code.
    country: Option<String>,
    /// Programme id or code.
    programme: Option<String>,
    kind: Option<ActivityKind>,
    status: Option<ActivityStatus>,
    /// Donor name, as recorded.
    donor: Option<String>,
    /// First date (delivery start, else planned start) included.
    from: Option<NaiveDate>,
    /// Last date included.
    to: Option<NaiveDate>,
    /// 1 to 500; 50 when absent.
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Wait until the read models include this position (a command's answer).
    min_position: Option<i64>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// The figures as they stood at this instant (RFC 3339), replayed from the log; for audits.
    as_of: Option<DateTime<Utc>>,
    /// First activity date included (delivery start, else planned start).
    from: Option<NaiveDate>,
    /// Last activity date included.
    to: Option<NaiveDate>,
    /// Wait until the read models include this position (a command's answer).
    min_position: Option<i64>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    /// Wait until the read models include this position (a command's answer).
    min_position: Option<i64>,
}

/// List activities, filtered, oldest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/activities", tag = "views", operation_id = "list_activities",
    params(ListQuery), responses((status = 200, description = "A page of activities", body = ActivityPage), ReadErrors))]
pub async fn list_activities(
    State(app): State<AppState>,
    principal: Principal,
    Query(query): Query<ListQuery>,
) -> Result<axum::Json<ActivityPage>> {
    read_your_writes(&app, query.min_position).await?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(bad_parameter("limit", "must be between 1 and 500"));
    }
    let range = date_range(query.from, query.to)?;
    let cursor = query
        .cursor
        .as_deref()
        .map(|c| {
            Cursor::decode(c).ok_or_else(|| bad_parameter("cursor", "is not a cursor this server issued"))
        })
        .transpose()?;
    let country = query.country.as_deref().map(country).transpose()?;
    let programme_id = match query.programme {
        None => None,
        Some(p) if Uuid::parse_str(&p).is_ok() => Some(p),
        Some(code) => Some(registry::programme_id_of(&app.db, &code).await?.unwrap_or(code)),
    };
    let mut filter = ActivityFilter {
        country,
        programme_id,
        kind: query.kind.map(|k| k.as_str().to_owned()),
        status: query.status.map(|s| s.as_str().to_owned()),
        donor: query.donor,
        from: range.from,
        to: range.to,
        within_countries: None,
        within_programmes: None,
    };
    restrict_to_scope(&app, &principal, &mut filter).await?;
    let mut page = listing::activities(&app.db, &filter, cursor.as_ref(), limit).await?;
    if let Some(own) = principal.donor() {
        // Every listed activity is funded by the donor; who else funds it is not its business.
        for item in &mut page.items {
            own.clone_into(&mut item.donors);
        }
    }
    Ok(axum::Json(page))
}

/// Countries with activities the caller may see, and how many of those each has.
#[utoipa::path(get, path = "/api/v1/countries", tag = "views", operation_id = "list_countries",
    params(ConsistencyQuery), responses((status = 200, description = "Countries", body = Vec<CountryItem>), ReadErrors))]
pub async fn list_countries(
    State(app): State<AppState>,
    principal: Principal,
    Query(query): Query<ConsistencyQuery>,
) -> Result<axum::Json<Vec<CountryItem>>> {
    read_your_writes(&app, query.min_position).await?;
    let filter = scope_filter(&app, &principal).await?;
    Ok(axum::Json(listing::countries(&app.db, &filter).await?))
}

/// A country's summary, optionally for a date range.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountrySummary {
    pub country: String,
    #[serde(flatten)]
    pub summary: Summary,
}

/// Summarise the activities in one country.
#[utoipa::path(get, path = "/api/v1/countries/{iso3}/summary", tag = "views", operation_id = "get_country_summary",
    params(("iso3" = String, Path, description = "ISO 3166-1 alpha-3 code"), SummaryQuery),
    responses((status = 200, description = "The summary", body = CountrySummary), ReadErrors))]
pub async fn get_country_summary(
    State(app): State<AppState>,
    principal: Principal,
    Path(iso3): Path<String>,
    Query(query): Query<SummaryQuery>,
) -> Result<axum::Json<CountrySummary>> {
    let code = country(&iso3)?;
    let summary = summarise(&app, &principal, Scope::Country(code.clone()), &query).await?;
    Ok(axum::Json(CountrySummary { country: code, summary }))
}

/// List the programmes the caller may see: an adviser's own (all, for an adviser scoped by
/// country only), those a donor contributed to or funds an activity of.
#[utoipa::path(get, path = "/api/v1/programmes", tag = "views", operation_id = "list_programmes",
    params(ConsistencyQuery), responses((status = 200, description = "Programmes", body = Vec<ProgrammeItem>), ReadErrors))]
pub async fn list_programmes(
    State(app): State<AppState>,
    principal: Principal,
    Query(query): Query<ConsistencyQuery>,
) -> Result<axum::Json<Vec<ProgrammeItem>>> {
    read_your_writes(&app, query.min_position).await?;
    let filter = scope_filter(&app, &principal).await?;
    Ok(axum::Json(listing::programmes(&app.db, &filter).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeSummary {
    pub programme_id: Uuid,
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub summary: Summary,
}

/// Summarise a programme: its activities, the countries they reached, contributions received.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/summary", tag = "views", operation_id = "get_programme_summary",
    params(("id" = Uuid, Path, description = "The programme's id"), SummaryQuery),
    responses((status = 200, description = "The summary", body = ProgrammeSummary), ReadErrors))]
pub async fn get_programme_summary(
    State(app): State<AppState>,
    principal: Principal,
    PathId(id): PathId,
    Query(query): Query<SummaryQuery>,
) -> Result<axum::Json<ProgrammeSummary>> {
    principal.require(&[Role::Manager, Role::Donor])?;
    // A programme the caller may not see is "not found", as its detail and the list say.
    let (programme, _) = app.visible_programme(&principal, id).await?;
    let summary = summarise(&app, &principal, Scope::Programme(id.to_string()), &query).await?;
    Ok(axum::Json(ProgrammeSummary {
        programme_id: id,
        code: programme.registration.code.as_str().to_owned(),
        name: programme.registration.name.to_string(),
        summary,
    }))
}

/// List donors that funded an activity or contributed to a programme.
#[utoipa::path(get, path = "/api/v1/donors", tag = "views", operation_id = "list_donors",
    params(ConsistencyQuery), responses((status = 200, description = "Donors", body = Vec<DonorItem>), ReadErrors))]
pub async fn list_donors(
    State(app): State<AppState>,
    principal: Principal,
    Query(query): Query<ConsistencyQuery>,
) -> Result<axum::Json<Vec<DonorItem>>> {
    read_your_writes(&app, query.min_position).await?;
    principal.require(&[Role::Manager, Role::Donor])?;
    let mut donors = listing::donors(&app.db).await?;
    if let Some(own) = principal.donor() {
        donors.retain(|d| d.donor == own);
    }
    Ok(axum::Json(donors))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DonorSummary {
    pub donor: String,
    #[serde(flatten)]
    pub summary: Summary,
}

/// Summarise what one donor funds: activities, countries, participants, amounts per currency.
#[utoipa::path(get, path = "/api/v1/donors/{donor}/summary", tag = "views", operation_id = "get_donor_summary",
    params(("donor" = String, Path, description = "The donor's name, URL-encoded"), SummaryQuery),
    responses((status = 200, description = "The summary", body = DonorSummary), ReadErrors))]
pub async fn get_donor_summary(
    State(app): State<AppState>,
    principal: Principal,
    Path(donor): Path<String>,
    Query(query): Query<SummaryQuery>,
) -> Result<axum::Json<DonorSummary>> {
    if principal.donor().is_some_and(|own| own != donor) {
        return Err(ApiError::NotFound(format!(
            "no funding or contribution is recorded from donor '{donor}'"
        )));
    }
    let summary = summarise(&app, &principal, Scope::Donor(donor.clone()), &query).await?;
    let known = summary.activities.by_status.values().any(|n| *n > 0)
        || summary.contributions.as_ref().is_some_and(|c| !c.is_empty())
        || listing::donors(&app.db).await?.iter().any(|d| d.donor == donor);
    if !known {
        return Err(ApiError::NotFound(format!(
            "no funding or contribution is recorded from donor '{donor}'"
        )));
    }
    Ok(axum::Json(DonorSummary { donor, summary }))
}

/// The projector's progress, as the store records it, and the answering instance's view.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectionStatusAnswer {
    #[serde(flatten)]
    pub status: ProjectionStatus,
    /// The instance that answered: compare with `leader`.
    pub instance: String,
    /// What the answering instance's projector is doing.
    pub projector: ProjectorState,
}

/// Where the projector stands against the log, who leads it, and why it is stuck if it is.
#[utoipa::path(get, path = "/api/v1/projections/status", tag = "views", operation_id = "get_projection_status",
    responses((status = 200, description = "The projector's progress", body = ProjectionStatusAnswer), ReadErrors))]
pub async fn get_projection_status(
    State(app): State<AppState>,
    principal: Principal,
) -> Result<axum::Json<ProjectionStatusAnswer>> {
    principal.require(&[Role::Manager])?;
    Ok(axum::Json(ProjectionStatusAnswer {
        status: listing::status(&app.db).await?,
        instance: app.projector.instance().to_owned(),
        projector: app.projector.report().state,
    }))
}

/// Summaries are for managers and donors; a donor sees only what it funds.
async fn summarise(
    app: &AppState,
    principal: &Principal,
    scope: Scope,
    query: &SummaryQuery,
) -> Result<Summary> {
    principal.require(&[Role::Manager, Role::Donor])?;
    read_your_writes(app, query.min_position).await?;
    let range = date_range(query.from, query.to)?;
    Ok(match query.as_of {
        Some(instant) => as_of::summary_as_of(&app.db, &scope, range, principal.donor(), instant).await?,
        None => queries::summary(&app.db, &scope, range, principal.donor()).await?,
    })
}

/// The filter that admits exactly what the caller may see.
pub async fn scope_filter(app: &AppState, principal: &Principal) -> Result<ActivityFilter> {
    let mut filter = ActivityFilter::default();
    restrict_to_scope(app, principal, &mut filter).await?;
    Ok(filter)
}

/// Narrows a list to what the caller may see: an adviser's countries and programmes, a donor's
/// funded activities.
pub(crate) async fn restrict_to_scope(
    app: &AppState,
    principal: &Principal,
    filter: &mut ActivityFilter,
) -> Result<()> {
    match principal.role {
        Role::Admin | Role::Manager => {}
        Role::Donor => {
            let own = principal.donor().unwrap_or_default().to_owned();
            if filter.donor.as_ref().is_some_and(|d| *d != own) {
                return Err(ApiError::Forbidden("a donor token lists only what its donor funds".into()));
            }
            filter.donor = Some(own);
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

/// Waits until the read models include `min_position`, or answers 503 with Retry-After.
async fn read_your_writes(app: &AppState, min_position: Option<i64>) -> Result<()> {
    let Some(position) = min_position else { return Ok(()) };
    // A position no command has been given yet can never be reached: say so at once.
    if position < 0 || position > log::head(&app.db).await? {
        return Err(bad_parameter("min_position", "is not the position of a recorded event"));
    }
    if listing::wait_for(&app.db, position, READ_YOUR_WRITES_WAIT).await? {
        Ok(())
    } else {
        Err(ApiError::Unavailable(format!(
            "the read models have not reached position {position} yet; retry shortly"
        )))
    }
}

pub(crate) fn date_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<DateRange> {
    for (name, day) in [("from", from), ("to", to)] {
        if let Some(Err(outside)) = day.map(|day| check_date(name, day)) {
            return Err(ApiError::BadRequest { field: Some(name.to_owned()), detail: outside.to_string() });
        }
    }
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            return Err(bad_parameter("to", "falls before `from`"));
        }
    }
    Ok(DateRange { from, to })
}

pub(crate) fn country(code: &str) -> Result<String> {
    CountryCode::parse(code)
        .map(|c| c.as_str().to_owned())
        .map_err(|e| bad_parameter("country", &e.to_string()))
}

fn bad_parameter(name: &str, rule: &str) -> ApiError {
    ApiError::BadRequest { field: Some(name.to_owned()), detail: format!("`{name}` {rule}") }
}
