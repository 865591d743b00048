//! The read side's lists: activities (a page, or every one as CSV or XLSX), countries,
//! programmes and donors, and the projector's status. Every query may pass `min_position` to
//! read its own writes; summaries are in [`super::summaries`].

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tatrack_app::auth::Principal;
use tatrack_app::export::sources::{self, activity_sheet};
use tatrack_app::reading::{
    bad_parameter, country, date_range, donor_names, restrict_to_scope, scope_filter, search,
};
use tatrack_domain::token::Role;
use tatrack_domain::values::Currency;
use tatrack_domain::vocabulary::{ActivityKind, Institution, OutputKind};
use tatrack_domain::ActivityStatus;
use tatrack_i18n::{msg, Message};
use tatrack_projections::export::{ActivityExport, Detail, Details};
use tatrack_projections::listing::{
    self, ActivityFilter, ActivityPage, CountryItem, Cursor, DonorItem, Figure, People, ProgrammeItem,
};
use tatrack_projections::organisations;
use tatrack_projections::status::{self, ProjectionStatus};
use tatrack_projections::supervisor::ProjectorState;
use tatrack_store::registry;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::responses::{negotiated_route, Read, ReadErrors};
use crate::error::{ApiError, Result};
use crate::export::{self, negotiate, Format, Headers};
use crate::extract::{NoQuery, Query};
use crate::state::AppState;

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
    /// A donor: an organisation's id, name or alias (every name it goes by), or a name as
    /// recorded.
    donor: Option<String>,
    /// Only the activities behind one figure of the summary of the same filters (what a
    /// dashboard's number links to), each with its `part_of_figure`. Every figure counts only
    /// activities neither cancelled nor voided. `unattributed` needs `country`; `institution`
    /// needs `institution`, `output` takes `output` (one kind), and `funding` needs `donor` and
    /// `currency`.
    #[param(inline)]
    figure: Option<FigureName>,
    /// With `figure=institution`: which.
    institution: Option<Institution>,
    /// With `figure=output`: which kind (every kind when absent).
    output: Option<OutputKind>,
    /// With `figure=funding`: the ISO 4217 code of the amounts.
    currency: Option<String>,
    /// First date (delivery start, else planned start) included.
    from: Option<NaiveDate>,
    /// Last date included.
    to: Option<NaiveDate>,
    /// Words to search for in titles, locations, descriptions, outputs' descriptions and donors'
    /// names (a donor's search leaves donors' names out), at most 200 characters. Each word
    /// finds the words it starts, accents and letter case aside; every word must be found. The
    /// best matches come first (`cursor` pages on in that order).
    #[param(max_length = 200)]
    q: Option<String>,
    /// 1 to 500; 50 when absent.
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Wait until the read models include this position (a command's answer).
    min_position: Option<i64>,
    /// `csv` or `xlsx`: every matching activity (no paging) as a file; overrides `Accept`.
    #[param(inline)]
    format: Option<Format>,
    /// With `format`: `words` (the default) titles the file's columns and sheets in the answer's
    /// language; `machine` keeps the English machine names scripts read (`planned_start`).
    #[param(inline)]
    headers: Option<Headers>,
    /// CSV only: which table of the export (an XLSX workbook holds them all as sheets).
    #[param(inline)]
    table: Option<ActivityTable>,
}

/// The figures of a summary a list can show the activities behind: its `activities` count,
/// its `participants` in all and by sex (`unattributed`: a country's participants of regional activities no
/// breakdown assigns), by `institution`, its outputs of one kind and its funding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FigureName {
    Activities,
    Participants,
    Female,
    Male,
    OtherOrUndisclosed,
    Unattributed,
    Institution,
    Output,
    Funding,
}

/// The figure `query` asks for, checked against the filters it needs.
fn figure(query: &ListQuery) -> Result<Option<Figure>> {
    let needs = |name: &str, rule: Message| ApiError(bad_parameter(name, rule));
    // `institution`, `output` and `currency` name which figure: alone they filter nothing.
    let naming = [
        ("institution", query.institution.is_some(), (FigureName::Institution, "institution")),
        ("output", query.output.is_some(), (FigureName::Output, "output")),
        ("currency", query.currency.is_some(), (FigureName::Funding, "funding")),
    ];
    for (name, given, (wanted, word)) in naming {
        if given && query.figure != Some(wanted) {
            return Err(needs(name, msg("problem-figure-only").with("name", name).with("figure", word)));
        }
    }
    let Some(name) = query.figure else { return Ok(None) };
    Ok(Some(match name {
        FigureName::Activities => Figure::Activities,
        FigureName::Participants => Figure::People(People::All),
        FigureName::Female => Figure::People(People::Female),
        FigureName::Male => Figure::People(People::Male),
        FigureName::OtherOrUndisclosed => Figure::People(People::Other),
        FigureName::Unattributed if query.country.is_none() => {
            return Err(needs("figure", msg("problem-unattributed-needs-country")));
        }
        FigureName::Unattributed => Figure::People(People::Unattributed),
        FigureName::Institution => Figure::Institution(
            query
                .institution
                .ok_or_else(|| needs("institution", msg("problem-institution-needed")))?
                .as_str()
                .to_owned(),
        ),
        FigureName::Output => Figure::Output(query.output.map(|kind| kind.as_str().to_owned())),
        FigureName::Funding => {
            if query.donor.is_none() {
                return Err(needs("donor", msg("problem-donor-needed")));
            }
            let code =
                query.currency.as_deref().ok_or_else(|| needs("currency", msg("problem-currency-needed")))?;
            let currency = Currency::parse(code).map_err(|e| needs("currency", e.message()))?;
            Figure::Funding { currency: currency.code().to_owned() }
        }
    }))
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

impl ActivityTable {
    /// The table's sheet in the export.
    fn sheet(self) -> usize {
        match self {
            Self::Activities => activity_sheet::ACTIVITIES,
            Self::Countries => activity_sheet::COUNTRIES,
            Self::Funding => activity_sheet::FUNDING,
            Self::Outputs => activity_sheet::OUTPUTS,
            Self::Institutions => activity_sheet::INSTITUTIONS,
        }
    }
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
    /// With `format`: `words` (the default) titles the file's columns and sheets in the answer's
    /// language; `machine` keeps the English machine names scripts read (`planned_start`).
    #[param(inline)]
    headers: Option<Headers>,
}

negotiated_route!(
    /// List activities, filtered, oldest first (the best match first with `q`), a page at a time;
    /// or every matching activity as a CSV table or an XLSX workbook, in the same order.
    list_activities, "/api/v1/activities", "views",
    "A page of activities, or all of them as a file", [ActivityPage], params(ListQuery),
    [query: Query<ListQuery>] => list_activities_answer
);

async fn list_activities_answer(
    Read { app, principal, headers }: Read,
    Query(query): Query<ListQuery>,
) -> Result<Response> {
    let app = app.reading(&headers, query.min_position).await?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(ApiError(bad_parameter("limit", msg("problem-limit-out-of-range").with("max", 500))));
    }
    let range = date_range(query.from, query.to)?;
    let search = search(query.q.as_deref(), &principal)?;
    let cursor = query
        .cursor
        .as_deref()
        .map(|c| {
            Cursor::decode(c, search.is_some())
                .ok_or_else(|| bad_parameter("cursor", msg("problem-cursor-unknown")))
        })
        .transpose()?;
    let figure = figure(&query)?;
    let country = query.country.as_deref().map(country).transpose()?;
    let programme_id = match query.programme {
        None => None,
        Some(p) if Uuid::parse_str(&p).is_ok() => Some(p),
        Some(code) => Some(registry::programme_id_of(&app.db, &code).await?.unwrap_or(code)),
    };
    let donor = match &query.donor {
        Some(donor) => Some(donor_names(&app, donor).await?),
        None => None,
    };
    let mut filter = ActivityFilter {
        country,
        programme_id,
        kind: query.kind.map(|k| k.as_str().to_owned()),
        status: query.status.map(|s| s.as_str().to_owned()),
        donor,
        funded_by: None,
        from: range.from,
        to: range.to,
        within_countries: None,
        within_programmes: None,
        search,
        figure,
    };
    restrict_to_scope(&app, &principal, &mut filter).await?;
    let format = negotiate(query.format, &headers);
    if format != Format::Json {
        return export_activities(
            &app,
            &principal,
            filter,
            (format, query.headers.unwrap_or_default()),
            query.table,
        )
        .await;
    }
    if query.table.is_some() {
        return Err(ApiError(bad_parameter("table", msg("problem-table-csv-only"))));
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
    (format, names): (Format, Headers),
    table: Option<ActivityTable>,
) -> Result<Response> {
    let table = table.unwrap_or(ActivityTable::Activities);
    if format == Format::Xlsx && table != ActivityTable::Activities {
        return Err(ApiError(bad_parameter("table", msg("problem-table-not-in-workbook"))));
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
        format!("activities-{}", sources::ACTIVITY_SHEETS[table.sheet()].name)
    };
    let reader = ActivityExport::open(&app.db, filter, details).await?;
    let donors = organisations::names_by_key(&app.db).await?;
    export::respond(format, names, sources::Activities(reader, donors), &what, table.sheet()).await
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
    /// With `format`: `words` (the default) titles the file's columns and sheets in the answer's
    /// language; `machine` keeps the English machine names scripts read (`planned_start`).
    #[param(inline)]
    headers: Option<Headers>,
}

negotiated_route!(
    /// Countries with activities the caller may see, and how many of those each has (in a date
    /// range, given one): the figures of the dashboard's map, in one request.
    list_countries, "/api/v1/countries", "views", "Countries", [Vec<CountryItem>],
    params(CountriesQuery),
    [query: Query<CountriesQuery>] => list_countries_answer
);

async fn list_countries_answer(
    Read { app, principal, headers }: Read,
    Query(query): Query<CountriesQuery>,
) -> Result<Response> {
    let range = date_range(query.from, query.to)?;
    let app = app.reading(&headers, query.min_position).await?;
    let filter = ActivityFilter { from: range.from, to: range.to, ..scope_filter(&app, &principal).await? };
    let countries = tatrack_projections::countries::countries(&app.db, &filter).await?;
    export::json_or_file((query.format, query.headers), &headers, countries, sources::countries, "countries")
        .await
}

negotiated_route!(
    /// List the programmes the caller may see: an adviser's own (all, for an adviser scoped by
    /// country only), those a donor contributed to or funds an activity of.
    list_programmes, "/api/v1/programmes", "views", "Programmes", [Vec<ProgrammeItem>],
    params(ConsistencyQuery),
    [query: Query<ConsistencyQuery>] => list_programmes_answer
);

async fn list_programmes_answer(
    Read { app, principal, headers }: Read,
    Query(query): Query<ConsistencyQuery>,
) -> Result<Response> {
    let app = app.reading(&headers, query.min_position).await?;
    let filter = scope_filter(&app, &principal).await?;
    let programmes = listing::programmes(&app.db, &filter).await?;
    export::json_or_file(
        (query.format, query.headers),
        &headers,
        programmes,
        sources::programmes,
        "programmes",
    )
    .await
}

negotiated_route!(
    /// List donors that funded an activity or contributed to a programme.
    list_donors, "/api/v1/donors", "views", "Donors", [Vec<DonorItem>],
    params(ConsistencyQuery),
    [query: Query<ConsistencyQuery>] => list_donors_answer
);

async fn list_donors_answer(
    Read { app, principal, headers }: Read,
    Query(query): Query<ConsistencyQuery>,
) -> Result<Response> {
    let app = app.reading(&headers, query.min_position).await?;
    principal.require(&[Role::Manager, Role::Donor])?;
    let recorded = listing::donors(&app.db, principal.donor_names()).await?;
    let donors = organisations::resolve_donors(&app.db, recorded).await?;
    export::json_or_file((query.format, query.headers), &headers, donors, sources::donors, "donors").await
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
