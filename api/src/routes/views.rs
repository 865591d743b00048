//! The read side: activity lists, summaries per country, programme and donor, and the
//! projector's status. Every query may pass `min_position` to read its own writes.

use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tatrack_domain::bounds::check_date;
use tatrack_domain::token::Role;
use tatrack_domain::values::CountryCode;
use tatrack_domain::vocabulary::ActivityKind;
use tatrack_domain::ActivityStatus;
use tatrack_projections::as_of;
use tatrack_projections::export::{ActivityExport, Detail, Details};
use tatrack_projections::listing::{
    self, ActivityFilter, ActivityPage, CountryItem, Cursor, DonorItem, ProgrammeItem,
};
use tatrack_projections::organisations;
use tatrack_projections::queries::{self, DateRange, Scope, Summary};
use tatrack_projections::status::{self, ProjectionStatus};
use tatrack_projections::supervisor::ProjectorState;
use tatrack_store::{log, registry};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::responses::ReadErrors;
use crate::auth::Principal;
use crate::error::{ApiError, Result};
use crate::export::sources::{self, SummaryOf};
use crate::export::{self, negotiate, Format};
use crate::extract::{NoQuery, Path, PathId, Query};
use crate::service::AppState;

/// How long a query waits for the projector to pass its `min_position`.
pub(super) const READ_YOUR_WRITES_WAIT: Duration = Duration::from_secs(5);

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
    /// `csv` or `xlsx`: every matching activity (no paging) as a file; overrides `Accept`.
    #[param(inline)]
    format: Option<Format>,
    /// CSV only: which table of the export (an XLSX workbook holds them all as sheets).
    #[param(inline)]
    table: Option<ActivityTable>,
}

/// The tables of an activity export: the activities, then one row per country, funding line,
/// output kind and institution of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ActivityTable {
    Activities,
    Countries,
    Funding,
    Outputs,
    Institutions,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// The figures as they stood at this instant (RFC 3339), replayed from the log; for audits.
    as_of: Option<DateTime<Utc>>,
    /// Only activities of this kind (contributions, which belong to no activity, are then left out).
    kind: Option<ActivityKind>,
    /// `csv` or `xlsx`: the summary as a tidy table, one row per figure; overrides `Accept`.
    #[param(inline)]
    format: Option<Format>,
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
    /// `csv` or `xlsx` instead of JSON; overrides `Accept`.
    #[param(inline)]
    format: Option<Format>,
}

/// List activities, filtered, oldest first, a page at a time; or every matching activity as a
/// CSV table or an XLSX workbook.
#[utoipa::path(get, path = "/api/v1/activities", tag = "views", operation_id = "list_activities",
    params(ListQuery), responses((status = 200, description = "A page of activities, or all of them as a file",
        content((ActivityPage = "application/json"), (String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        ReadErrors))]
pub async fn list_activities(
    State(app): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Result<Response> {
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
        funded_by: None,
        from: range.from,
        to: range.to,
        within_countries: None,
        within_programmes: None,
    };
    restrict_to_scope(&app, &principal, &mut filter).await?;
    let format = negotiate(query.format, &headers);
    if format != Format::Json {
        return export_activities(&app, &principal, filter, format, query.table).await;
    }
    if query.table.is_some() {
        return Err(bad_parameter("table", "applies to CSV exports only"));
    }
    let mut page = listing::activities(&app.db, &filter, cursor.as_ref(), limit).await?;
    if let Some(own) = principal.donor() {
        // Every listed activity is funded by the donor; who else funds it is not its business.
        for item in &mut page.items {
            own.clone_into(&mut item.donors);
        }
    }
    Ok(axum::Json(page).into_response())
}

/// Every activity `filter` admits, as the CSV table `table` or an XLSX workbook of all tables.
/// Paging does not apply: an export holds every matching activity, from one snapshot.
async fn export_activities(
    app: &AppState,
    principal: &Principal,
    filter: ActivityFilter,
    format: Format,
    table: Option<ActivityTable>,
) -> Result<Response> {
    let table = table.unwrap_or(ActivityTable::Activities);
    if format == Format::Xlsx && table != ActivityTable::Activities {
        return Err(bad_parameter("table", "applies to CSV exports only: a workbook holds every table"));
    }
    let all = format == Format::Xlsx;
    let wanted = |detail: ActivityTable| all || table == detail;
    let tables = [
        (ActivityTable::Countries, Detail::Countries),
        (ActivityTable::Funding, Detail::Funding),
        (ActivityTable::Outputs, Detail::Outputs),
        (ActivityTable::Institutions, Detail::Institutions),
    ];
    let details = Details {
        tables: tables.into_iter().filter(|(t, _)| wanted(*t)).map(|(_, detail)| detail).collect(),
        // A donor sees its own money only.
        funding_of: principal.donor_names().map(<[String]>::to_vec),
    };
    let what = if all {
        "activities".to_owned()
    } else {
        format!("activities-{}", sources::ACTIVITY_SHEETS[table as usize].name)
    };
    let reader = ActivityExport::open(&app.db, filter, details).await?;
    let names = organisations::names_by_key(&app.db).await?;
    export::respond(format, sources::Activities(reader, names), &what, table as usize).await
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CountriesQuery {
    /// Count only activities from this date (delivery start, else planned start).
    from: Option<NaiveDate>,
    /// Count only activities up to this date.
    to: Option<NaiveDate>,
    /// Wait until the read models include this position (a command's answer).
    min_position: Option<i64>,
    /// `csv` or `xlsx` instead of JSON; overrides `Accept`.
    #[param(inline)]
    format: Option<Format>,
}

/// Countries with activities the caller may see, and how many of those each has (in a date
/// range, given one): the figures of the dashboard's map, in one request.
#[utoipa::path(get, path = "/api/v1/countries", tag = "views", operation_id = "list_countries",
    params(CountriesQuery), responses((status = 200, description = "Countries",
        content((Vec<CountryItem> = "application/json"), (String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        ReadErrors))]
pub async fn list_countries(
    State(app): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    Query(query): Query<CountriesQuery>,
) -> Result<Response> {
    let range = date_range(query.from, query.to)?;
    read_your_writes(&app, query.min_position).await?;
    let filter = ActivityFilter { from: range.from, to: range.to, ..scope_filter(&app, &principal).await? };
    let countries = tatrack_projections::countries::countries(&app.db, &filter).await?;
    match negotiate(query.format, &headers) {
        Format::Json => Ok(axum::Json(countries).into_response()),
        format => export::respond(format, sources::countries(countries), "countries", 0).await,
    }
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
    responses((status = 200, description = "The summary",
        content((CountrySummary = "application/json"), (String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        ReadErrors))]
pub async fn get_country_summary(
    State(app): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    Path(iso3): Path<String>,
    Query(query): Query<SummaryQuery>,
) -> Result<Response> {
    let code = country(&iso3)?;
    let summary = summarise(&app, &principal, Scope::Country(code.clone()), &query).await?;
    let of = SummaryOf { scope_type: "country", scope: &code, kind: query.kind.map(ActivityKind::as_str) };
    answer_summary(&query, &headers, &of, summary, |summary| CountrySummary {
        country: code.clone(),
        summary,
    })
    .await
}

/// List the programmes the caller may see: an adviser's own (all, for an adviser scoped by
/// country only), those a donor contributed to or funds an activity of.
#[utoipa::path(get, path = "/api/v1/programmes", tag = "views", operation_id = "list_programmes",
    params(ConsistencyQuery), responses((status = 200, description = "Programmes",
        content((Vec<ProgrammeItem> = "application/json"), (String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        ReadErrors))]
pub async fn list_programmes(
    State(app): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    Query(query): Query<ConsistencyQuery>,
) -> Result<Response> {
    read_your_writes(&app, query.min_position).await?;
    let filter = scope_filter(&app, &principal).await?;
    let programmes = listing::programmes(&app.db, &filter).await?;
    match negotiate(query.format, &headers) {
        Format::Json => Ok(axum::Json(programmes).into_response()),
        format => export::respond(format, sources::programmes(programmes), "programmes", 0).await,
    }
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
    responses((status = 200, description = "The summary",
        content((ProgrammeSummary = "application/json"), (String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        ReadErrors))]
pub async fn get_programme_summary(
    State(app): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    PathId(id): PathId,
    Query(query): Query<SummaryQuery>,
) -> Result<Response> {
    principal.require(&[Role::Manager, Role::Donor])?;
    // A programme the caller may not see is "not found", as its detail and the list say.
    let (programme, _) = app.visible_programme(&principal, id).await?;
    let summary = summarise(&app, &principal, Scope::Programme(id.to_string()), &query).await?;
    let code = programme.registration.code.as_str().to_owned();
    let of = SummaryOf { scope_type: "programme", scope: &code, kind: query.kind.map(ActivityKind::as_str) };
    answer_summary(&query, &headers, &of, summary, |summary| ProgrammeSummary {
        programme_id: id,
        code: code.clone(),
        name: programme.registration.name.to_string(),
        summary,
    })
    .await
}

/// List donors that funded an activity or contributed to a programme.
#[utoipa::path(get, path = "/api/v1/donors", tag = "views", operation_id = "list_donors",
    params(ConsistencyQuery), responses((status = 200, description = "Donors",
        content((Vec<DonorItem> = "application/json"), (String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        ReadErrors))]
pub async fn list_donors(
    State(app): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    Query(query): Query<ConsistencyQuery>,
) -> Result<Response> {
    read_your_writes(&app, query.min_position).await?;
    principal.require(&[Role::Manager, Role::Donor])?;
    let recorded = listing::donors(&app.db, principal.donor_names()).await?;
    let donors = organisations::resolve_donors(&app.db, recorded).await?;
    match negotiate(query.format, &headers) {
        Format::Json => Ok(axum::Json(donors).into_response()),
        format => export::respond(format, sources::donors(donors), "donors", 0).await,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DonorSummary {
    /// The organisation's canonical name, or the donor's name as recorded when no organisation
    /// claims it.
    pub donor: String,
    /// The organisation the donor resolved to, if one is registered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<String>,
    #[serde(flatten)]
    pub summary: Summary,
}

/// Summarise what one donor funds: activities, countries, participants, amounts per currency.
/// `{donor}` is an organisation's id, name or alias, or a name no organisation claims: an
/// organisation's summary adds up everything recorded under any of its names.
#[utoipa::path(get, path = "/api/v1/donors/{donor}/summary", tag = "views", operation_id = "get_donor_summary",
    params(("donor" = String, Path, description = "An organisation's id, name or alias, or a donor's name as recorded, URL-encoded"), SummaryQuery),
    responses((status = 200, description = "The summary",
        content((DonorSummary = "application/json"), (String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        ReadErrors))]
pub async fn get_donor_summary(
    State(app): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    Path(donor): Path<String>,
    Query(query): Query<SummaryQuery>,
) -> Result<Response> {
    let unknown =
        || ApiError::NotFound(format!("no funding or contribution is recorded from donor '{donor}'"));
    // The names resolve as of `min_position` too (a correction may have added one).
    principal.require(&[Role::Manager, Role::Donor])?;
    read_your_writes(&app, query.min_position).await?;
    let organisation = organisations::resolve(&app.db, &donor).await?;
    let (shown, organisation_id, names) = match (&organisation, principal.funder()) {
        // A donor token reads its own organisation only, under every name it goes by.
        (Some(found), Some(own)) if own.organisation_id.as_deref() != Some(found.id.as_str()) => {
            return Err(unknown());
        }
        (None, Some(own)) if !own.goes_by(&donor) => return Err(unknown()),
        (Some(found), _) => {
            let recorded =
                organisations::resolve_donors(&app.db, listing::donors(&app.db, None).await?).await?;
            let names = recorded
                .into_iter()
                .find(|item| item.organisation_id.as_deref() == Some(found.id.as_str()))
                .map_or_else(
                    || vec![found.name.clone()],
                    |item| if item.recorded_as.is_empty() { vec![item.donor] } else { item.recorded_as },
                );
            (found.name.clone(), Some(found.id.clone()), names)
        }
        (None, _) => (donor.clone(), None, vec![donor.clone()]),
    };
    let mut parts = Vec::with_capacity(names.len());
    for name in &names {
        parts.push(summarise(&app, &principal, Scope::Donor(name.clone()), &query).await?);
    }
    // Funding and contributions show the canonical name, whatever name they were recorded under.
    let summary = organisations::merge_summaries((&shown, organisation_id.as_deref()), parts)?;
    if organisation.is_none() {
        let known = summary.activities.by_status.values().any(|n| *n > 0)
            || summary.contributions.as_ref().is_some_and(|c| !c.is_empty())
            || !listing::donors(&app.db, Some(std::slice::from_ref(&donor))).await?.is_empty();
        if !known {
            return Err(unknown());
        }
    }
    let of = SummaryOf { scope_type: "donor", scope: &shown, kind: query.kind.map(ActivityKind::as_str) };
    answer_summary(&query, &headers, &of, summary, |summary| DonorSummary {
        donor: shown.clone(),
        organisation_id: organisation_id.clone(),
        summary,
    })
    .await
}

/// A summary as JSON (`json` frames it with its scope), or as a tidy table in a file.
async fn answer_summary<T: Serialize>(
    query: &SummaryQuery,
    headers: &HeaderMap,
    of: &SummaryOf<'_>,
    summary: Summary,
    json: impl FnOnce(Summary) -> T,
) -> Result<Response> {
    match negotiate(query.format, headers) {
        Format::Json => Ok(axum::Json(json(summary)).into_response()),
        format => {
            let what = format!("summary-{}-{}", of.scope_type, of.scope);
            export::respond(format, sources::summary(of, &summary), &what, 0).await
        }
    }
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
    _: NoQuery,
) -> Result<axum::Json<ProjectionStatusAnswer>> {
    principal.require(&[Role::Manager])?;
    Ok(axum::Json(ProjectionStatusAnswer {
        status: status::status(&app.db).await?,
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
    let mut summary = match query.as_of {
        Some(instant) => {
            as_of::summary_as_of(&app.db, &scope, (range, query.kind), principal.donor_names(), instant)
                .await?
        }
        None => queries::summary(&app.db, &scope, range, query.kind, principal.donor_names()).await?,
    };
    // Donors as today's organisations name them, in every scope (an `as_of` summary too).
    organisations::canonical_donors(&app.db, &mut summary).await?;
    Ok(summary)
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
            if filter.donor.as_ref().is_some_and(|d| !principal.may_read_money_of(d)) {
                return Err(ApiError::Forbidden("a donor token lists only what its donor funds".into()));
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

/// Waits until the read models include `min_position`, or answers 503 with Retry-After.
pub(super) async fn read_your_writes(app: &AppState, min_position: Option<i64>) -> Result<()> {
    let Some(position) = min_position else { return Ok(()) };
    // A position no command has been given yet can never be reached: say so at once.
    if position < 0 || position > log::head(&app.db).await? {
        return Err(bad_parameter("min_position", "is not the position of a recorded event"));
    }
    if status::wait_for(&app.db, position, READ_YOUR_WRITES_WAIT, &app.projected).await? {
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
