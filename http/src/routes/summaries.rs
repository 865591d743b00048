//! Summaries per country, programme and donor, as JSON, CSV or XLSX, for a date range.

use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tatrack_app::auth::Principal;
use tatrack_app::export::sources::{self, SummaryOf};
use tatrack_app::reading::{country, date_range};
use tatrack_domain::token::Role;
use tatrack_domain::vocabulary::ActivityKind;
use tatrack_projections::as_of;
use tatrack_projections::listing;
use tatrack_projections::organisations;
use tatrack_projections::queries::{self, Scope, Summary};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::responses::{negotiated_route, Read};
use crate::error::{ApiError, Error, Result};
use crate::export::{self, negotiate, Format, Headers};
use crate::extract::{Path, PathId, Query};
use crate::state::AppState;

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
    /// With `format`: `words` (the default) titles the file's columns and sheets in the answer's
    /// language; `machine` keeps the English machine names scripts read (`planned_start`).
    #[param(inline)]
    headers: Option<Headers>,
    /// First activity date included (delivery start, else planned start).
    from: Option<NaiveDate>,
    /// Last activity date included.
    to: Option<NaiveDate>,
    /// Wait until the read models include this position (a command's answer).
    min_position: Option<i64>,
}

/// A country's summary, optionally for a date range.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountrySummary {
    pub country: String,
    #[serde(flatten)]
    pub summary: Summary,
}

negotiated_route!(
    /// Summarise the activities in one country.
    get_country_summary, "/api/v1/countries/{iso3}/summary", "views", "The summary", [CountrySummary],
    params(("iso3" = String, Path, description = "ISO 3166-1 alpha-3 code"), SummaryQuery),
    [path: Path<String>, query: Query<SummaryQuery>] => get_country_summary_answer
);

async fn get_country_summary_answer(
    Read { app, principal, headers }: Read,
    Path(iso3): Path<String>,
    Query(query): Query<SummaryQuery>,
) -> Result<Response> {
    let code = country(&iso3)?;
    let app = app.reading(&headers, query.min_position).await?;
    let summary = summarise(&app, &principal, Scope::Country(code.clone()), &query).await?;
    let of = SummaryOf { scope_type: "country", scope: &code, kind: query.kind.map(ActivityKind::as_str) };
    answer_summary((&query, &principal), &headers, &of, summary, |summary| CountrySummary {
        country: code.clone(),
        summary,
    })
    .await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeSummary {
    pub programme_id: Uuid,
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub summary: Summary,
}

negotiated_route!(
    /// Summarise a programme: its activities, the countries they reached, contributions received.
    get_programme_summary, "/api/v1/programmes/{id}/summary", "views", "The summary", [ProgrammeSummary],
    params(("id" = Uuid, Path, description = "The programme's id"), SummaryQuery),
    [path_id: PathId, query: Query<SummaryQuery>] => get_programme_summary_answer
);

async fn get_programme_summary_answer(
    Read { app, principal, headers }: Read,
    PathId(id): PathId,
    Query(query): Query<SummaryQuery>,
) -> Result<Response> {
    principal.require(&[Role::Manager, Role::Donor])?;
    let app = app.reading(&headers, query.min_position).await?;
    // A programme the caller may not see is "not found", as its detail and the list say.
    let (programme, _) = app.visible_programme(&principal, id).await?;
    let summary = summarise(&app, &principal, Scope::Programme(id.to_string()), &query).await?;
    let code = programme.registration.code.as_str().to_owned();
    let of = SummaryOf { scope_type: "programme", scope: &code, kind: query.kind.map(ActivityKind::as_str) };
    answer_summary((&query, &principal), &headers, &of, summary, |summary| ProgrammeSummary {
        programme_id: id,
        code: code.clone(),
        name: programme.registration.name.to_string(),
        summary,
    })
    .await
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

negotiated_route!(
    /// Summarise what one donor funds: activities, countries, participants, amounts per currency.
    /// `{donor}` is an organisation's id, name or alias, or a name no organisation claims: an
    /// organisation's summary adds up everything recorded under any of its names.
    get_donor_summary, "/api/v1/donors/{donor}/summary", "views", "The summary", [DonorSummary],
    params(("donor" = String, Path, description = "An organisation's id, name or alias, or a donor's name as recorded, URL-encoded"), SummaryQuery),
    [path: Path<String>, query: Query<SummaryQuery>] => get_donor_summary_answer
);

async fn get_donor_summary_answer(
    Read { app, principal, headers }: Read,
    Path(donor): Path<String>,
    Query(query): Query<SummaryQuery>,
) -> Result<Response> {
    let unknown =
        || Error::NotFound(tatrack_i18n::msg("problem-unknown-donor").with("donor", donor.as_str()));
    // The names resolve as of `min_position` too (a correction may have added one).
    principal.require(&[Role::Manager, Role::Donor])?;
    let app = app.reading(&headers, query.min_position).await?;
    let organisation = organisations::resolve(&app.db, &donor).await?;
    let (shown, organisation_id, names) = match (&organisation, principal.funder()) {
        // A donor token reads its own organisation only, under every name it goes by.
        (Some(found), Some(own)) if own.organisation_id.as_deref() != Some(found.id.as_str()) => {
            return Err(ApiError(unknown()));
        }
        (None, Some(own)) if !own.goes_by(&donor) => return Err(ApiError(unknown())),
        (Some(found), _) => {
            (found.name.clone(), Some(found.id.clone()), organisations::recorded_names(&app.db, found).await?)
        }
        (None, _) => (donor.clone(), None, vec![donor.clone()]),
    };
    let mut parts = Vec::with_capacity(names.len());
    for name in &names {
        parts.push(summarise(&app, &principal, Scope::Donor(name.clone()), &query).await?);
    }
    // Funding and contributions show the canonical name, whatever name they were recorded under.
    let mut summary = organisations::merge_summaries((&shown, organisation_id.as_deref()), parts)?;
    if names.len() > 1 && query.as_of.is_none() {
        // A person trained under two of the names is one person.
        let scopes: Vec<Scope> = names.iter().cloned().map(Scope::Donor).collect();
        let range = (date_range(query.from, query.to)?, query.kind);
        summary.people = queries::people_across(&app.db, &scopes, range, principal.donor_names()).await?;
    }
    if organisation.is_none() {
        let known = summary.activities.by_status.values().any(|n| *n > 0)
            || summary.contributions.as_ref().is_some_and(|c| !c.is_empty())
            || !listing::donors(&app.db, Some(std::slice::from_ref(&donor))).await?.is_empty();
        if !known {
            return Err(ApiError(unknown()));
        }
    }
    let of = SummaryOf { scope_type: "donor", scope: &shown, kind: query.kind.map(ActivityKind::as_str) };
    answer_summary((&query, &principal), &headers, &of, summary, |summary| DonorSummary {
        donor: shown.clone(),
        organisation_id: organisation_id.clone(),
        summary,
    })
    .await
}

/// A summary as JSON (`json` frames it with its scope), or as a tidy table in a file; a donor
/// reads no count of one to four people in either.
pub(super) async fn answer_summary<T: Serialize>(
    (query, principal): (&SummaryQuery, &Principal),
    headers: &HeaderMap,
    of: &SummaryOf<'_>,
    summary: Summary,
    json: impl FnOnce(Summary) -> T,
) -> Result<Response> {
    let summary = if principal.role == Role::Donor { summary.for_donor() } else { summary };
    match negotiate(query.format, headers) {
        Format::Json => Ok(axum::Json(json(summary)).into_response()),
        format => {
            let what = format!("summary-{}-{}", of.scope_type, of.scope);
            export::respond(
                format,
                query.headers.unwrap_or_default(),
                sources::summary(of, &summary),
                &what,
                0,
            )
            .await
        }
    }
}

/// Summaries are for managers and donors; a donor sees only what it funds. `app` reads where
/// [`AppState::reading`] chose, once the read models reached the caller's `min_position`.
pub(super) async fn summarise(
    app: &AppState,
    principal: &Principal,
    scope: Scope,
    query: &SummaryQuery,
) -> Result<Summary> {
    principal.require(&[Role::Manager, Role::Donor])?;
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
