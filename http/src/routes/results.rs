//! A programme's results framework: define outcomes and indicators, revise indicators, report
//! actuals (managers and admins), and read each indicator's baseline, target and actual for a
//! year (whoever may read the programme).

use std::collections::HashMap;

use axum::extract::State;
use chrono::Datelike;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use tatrack_app::auth::Principal;
use tatrack_domain::events::results::{CountRule, IndicatorUnit, YearValue};
use tatrack_domain::programme::results::{
    ActualReport, DefineIndicator, DefineOutcome, Indicator, IndicatorRevision,
};
use tatrack_domain::token::Role;
use tatrack_domain::values::{IndicatorId, ProgrammeId};
use tatrack_domain::ProgrammeCommand;
use tatrack_projections::results::{counted, Counted, DELIVERED_STATUSES};
use tatrack_projections::trained::{shown, SMALLEST_SHOWN};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::responses::{
    run_command, Accepted, CommandAccepted, CommandErrors, CommandHeaderParams, ReadErrors,
};
use crate::error::{ApiError, Error, Result};
use crate::extract::{CommandHeaders, Json, Path, PathId, Query};
use crate::state::AppState;

/// The programme and indicator ids of an indicator's path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct IndicatorPath {
    /// The programme's id.
    id: Uuid,
    /// The indicator's id.
    indicator_id: Uuid,
}

/// The programme id of a command's path, for the OpenAPI documentation ([`PathId`] reads it).
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[expect(dead_code, reason = "only documents the path; PathId reads it")]
pub struct ProgrammePath {
    // No full stop: the published description of these routes' `id` has none.
    /// The programme's id
    id: Uuid,
}

/// Declares a handler for one command on a programme's results framework (managers and
/// admins): read the path and the body, run the command on the programme, answer with its new
/// version. `$at` is the path as `$extractor` reads it (documented by `$params`), `$id` the
/// programme's id in it.
macro_rules! results_command {
    ($(#[$doc:meta])* $name:ident, $path:literal, $done:literal, $body:ident,
     $params:ident, $at:pat, $extractor:ty, $id:expr, |$value:ident| $command:expr) => {
        $(#[$doc])*
        #[utoipa::path(
            post, path = $path, tag = "results", params($params, CommandHeaderParams),
            request_body = $body,
            responses((status = 200, description = $done, body = CommandAccepted,
                       headers(("ETag" = String, description = "The programme's new version"))), CommandErrors)
        )]
        pub async fn $name(
            State(app): State<AppState>,
            principal: Principal,
            $at: $extractor,
            headers: CommandHeaders,
            body: Json<$body>,
        ) -> Result<Accepted> {
            let $value = body.value;
            run_command(&principal, &[Role::Manager], (&headers, &body.digest), ($id, None), async |context| {
                app.programme_command(ProgrammeId::new($id), $command, &context).await
            })
            .await
        }
    };
}

results_command!(
    /// Define an outcome of the programme's results framework.
    define_outcome, "/api/v1/programmes/{id}/outcomes", "Defined", DefineOutcome,
    ProgrammePath, PathId(id), PathId, id, |outcome| ProgrammeCommand::DefineOutcome(outcome)
);
results_command!(
    /// Define an indicator under an outcome: counted from activities (`count`) or reported.
    define_indicator, "/api/v1/programmes/{id}/indicators", "Defined", DefineIndicator,
    ProgrammePath, PathId(id), PathId, id, |indicator| ProgrammeCommand::DefineIndicator(indicator)
);
results_command!(
    /// Revise an indicator's name, baseline or targets, with a reason.
    revise_indicator, "/api/v1/programmes/{id}/indicators/{indicator_id}/revisions", "Revised",
    IndicatorRevision, IndicatorPath, Path(path), Path<IndicatorPath>, path.id,
    |revision| ProgrammeCommand::ReviseIndicator { indicator_id: IndicatorId::new(path.indicator_id), revision }
);
results_command!(
    /// Report a reported indicator's actual value for a year, with a reason.
    report_actual, "/api/v1/programmes/{id}/indicators/{indicator_id}/actuals", "Reported", ActualReport,
    IndicatorPath, Path(path), Path<IndicatorPath>, path.id,
    |report| ProgrammeCommand::ReportActual { indicator_id: IndicatorId::new(path.indicator_id), report }
);

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ResultsQuery {
    /// The year whose targets and actuals to show; the current year (UTC) when absent.
    year: Option<i32>,
    /// Wait until the read models include this position (a command's answer).
    min_position: Option<i64>,
}

/// A programme's results for one year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeResults {
    pub programme_id: Uuid,
    pub year: i32,
    /// The log position the counted actuals were read at.
    pub as_of_position: i64,
    pub outcomes: Vec<OutcomeResults>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeResults {
    pub id: Uuid,
    pub name: String,
    pub indicators: Vec<IndicatorResult>,
}

/// Where an indicator's actual comes from.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActualSource {
    /// Counted from the programme's delivered and reported activities of the year.
    Counted,
    /// Reported by a manager, with a reason.
    Reported,
}

/// One indicator's baseline, target and actual for the year.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorResult {
    pub id: Uuid,
    pub name: String,
    pub unit: IndicatorUnit,
    pub by_sex: bool,
    pub source: ActualSource,
    /// The count that gives a counted indicator's actuals.
    pub count: Option<CountRule>,
    pub baseline: Option<YearValue>,
    /// The target for the year, as a plain decimal string.
    pub target: Option<String>,
    /// The actual for the year (counted, or the latest report), as a plain decimal string;
    /// absent when nothing was reported.
    pub actual: Option<String>,
    /// For a count of participants or of people trained, by sex: female, male, other or
    /// undisclosed.
    pub actual_by_sex: Option<BySex>,
    /// For a donor, a figure counted person by person (people trained, knowledge gain) that
    /// rests on 1 to 4 people reads `null`, and so does each such cell by sex: this is the
    /// smallest number of people shown (5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed_below: Option<i64>,
    /// The actual as a share of the target, in percent with one decimal (may pass 100); absent
    /// without an actual or a target above zero.
    pub achieved_percent: Option<String>,
    /// Why a reported actual is what it is.
    pub reported_reason: Option<String>,
    /// The activities behind a counted actual.
    pub activities: Option<ActivitiesBehind>,
}

/// Counts by sex; a cell reads `null` for a donor when it counts 1 to 4 people.
#[derive(Debug, Serialize, ToSchema)]
pub struct BySex {
    pub female: Option<i64>,
    pub male: Option<i64>,
    pub other: Option<i64>,
}

/// The activities a counted actual counts: the activity list filtered to them, one link per
/// counted status (the list takes one status), and their ids.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivitiesBehind {
    pub links: Vec<String>,
    /// Left out for donors, whose activity list shows only what they fund.
    pub ids: Vec<String>,
}

/// Read each indicator's baseline, target, actual and share achieved for a year.
#[utoipa::path(
    get, path = "/api/v1/programmes/{id}/results", tag = "results", operation_id = "get_programme_results",
    params(("id" = Uuid, Path, description = "The programme's id"), ResultsQuery),
    responses((status = 200, description = "The results", body = ProgrammeResults), ReadErrors)
)]
pub async fn get_programme_results(
    State(app): State<AppState>,
    principal: Principal,
    headers: axum::http::HeaderMap,
    PathId(id): PathId,
    Query(query): Query<ResultsQuery>,
) -> Result<axum::Json<ProgrammeResults>> {
    let app = app.reading(&headers, query.min_position).await?;
    let (record, _) = app.visible_programme(&principal, id).await?;
    let year = query.year.unwrap_or_else(|| chrono::Utc::now().year());
    if !(tatrack_domain::bounds::EARLIEST_YEAR..=tatrack_domain::bounds::LATEST_YEAR).contains(&year) {
        return Err(ApiError(Error::BadRequest {
            field: Some("year".into()),
            detail: tatrack_i18n::msg("problem-year-parameter-out-of-range"),
        }));
    }
    let framework = record.results;
    let (ids, rules): (Vec<IndicatorId>, Vec<CountRule>) =
        framework.indicators.iter().filter_map(|i| Some((i.id, i.count?))).unzip();
    let (counts, position) = counted(&app.db, &id.to_string(), year, &rules).await?;
    let counts: HashMap<IndicatorId, Counted> = ids.into_iter().zip(counts).collect();
    let show_ids = principal.role != Role::Donor;
    let outcomes = framework
        .outcomes
        .iter()
        .map(|outcome| OutcomeResults {
            id: outcome.id.as_uuid(),
            name: outcome.name.to_string(),
            indicators: framework
                .indicators
                .iter()
                .filter(|i| i.outcome_id == outcome.id)
                .map(|i| {
                    let counted = counts.get(&i.id);
                    let result = indicator_result(i, year, counted, (id, show_ids));
                    if show_ids {
                        result
                    } else {
                        suppressed(result, counted.and_then(|c| c.people))
                    }
                })
                .collect(),
        })
        .collect();
    Ok(axum::Json(ProgrammeResults { programme_id: id, year, as_of_position: position, outcomes }))
}

fn indicator_result(
    indicator: &Indicator,
    year: i32,
    counted: Option<&Counted>,
    (programme_id, show_ids): (Uuid, bool),
) -> IndicatorResult {
    let target = indicator.terms.targets.iter().find(|t| t.year == year).map(|t| t.value);
    let reported = indicator.reported.iter().find(|r| r.year == year);
    let actual = match (counted, reported) {
        (Some(c), _) => c.value,
        (None, Some(r)) => Some(r.value),
        (None, None) => None,
    };
    let achieved = match (actual, target) {
        (Some(actual), Some(target)) if target > Decimal::ZERO => actual
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|a| a.checked_div(target))
            .map(|share| share.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero).normalize()),
        _ => None,
    };
    IndicatorResult {
        id: indicator.id.as_uuid(),
        name: indicator.terms.name.to_string(),
        unit: indicator.unit,
        by_sex: indicator.by_sex,
        source: if indicator.count.is_some() { ActualSource::Counted } else { ActualSource::Reported },
        count: indicator.count,
        baseline: indicator.terms.baseline,
        target: target.map(|t| t.to_string()),
        actual: actual.map(|a| a.to_string()),
        actual_by_sex: counted.and_then(|c| c.by_sex).filter(|_| indicator.by_sex).map(
            |[female, male, other]| BySex { female: Some(female), male: Some(male), other: Some(other) },
        ),
        suppressed_below: None,
        achieved_percent: achieved.map(|a| a.to_string()),
        reported_reason: reported.filter(|_| counted.is_none()).map(|r| r.reason.to_string()),
        activities: indicator.count.zip(counted).map(|(rule, c)| ActivitiesBehind {
            links: links(programme_id, year, rule),
            ids: if show_ids { c.activity_ids.clone() } else { Vec::new() },
        }),
    }
}

/// `result` as a donor reads it: a figure counted person by person that rests on 1 to 4 people
/// hides its actual and its share of the target, and each cell by sex of 1 to 4 is hidden.
fn suppressed(mut result: IndicatorResult, people: Option<i64>) -> IndicatorResult {
    let Some(people) = people else { return result };
    if !shown(people) {
        result.actual = None;
        result.achieved_percent = None;
    }
    if let Some(by_sex) = &mut result.actual_by_sex {
        for cell in [&mut by_sex.female, &mut by_sex.male, &mut by_sex.other] {
            *cell = cell.filter(|n| shown(*n));
        }
    }
    result.suppressed_below = Some(SMALLEST_SHOWN);
    result
}

/// The activity list filtered to what `rule` counts in `year`, one URL per counted status.
fn links(programme_id: Uuid, year: i32, rule: CountRule) -> Vec<String> {
    let kind = rule.activity_kind().map(|k| format!("&kind={}", k.as_str())).unwrap_or_default();
    DELIVERED_STATUSES
        .iter()
        .map(|status| {
            format!(
                "/api/v1/activities?programme={programme_id}&from={year:04}-01-01&to={year:04}-12-31&status={status}{kind}"
            )
        })
        .collect()
}
