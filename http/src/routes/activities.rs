//! `/api/v1/activities`: plan an activity, record what happens to it, read it back.

use axum::extract::State;
use axum::http::{header, HeaderMap};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tatrack_app::auth::Principal;
use tatrack_app::commands::today;
use tatrack_app::funders::{FundingAmendmentBody, FundingBody};
use tatrack_app::history::{history_of, state_at, Cutoff, HistoryEntry};
use tatrack_domain::activity::{
    Cancellation, Correction, Dated, Delivery, DeliveryAmendment, FundingWithdrawal, Output, OutputAmendment,
    OutputRemoval, Participants, ParticipantsAmendment, PlanActivity, ReportActivity, Reschedule, Voiding,
};
use tatrack_domain::token::Role;
use tatrack_domain::{Activity, ActivityCommand, ActivityRecord};
use tatrack_i18n::msg;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::responses::{create_route, etag, record_command, ReadErrors};
use crate::error::{ApiError, Error, Result};
use crate::extract::{PathId, Query};
use crate::state::AppState;

create_route!(
    /// Plan an activity under a client-chosen id.
    ///
    /// A retry with the same id and `Idempotency-Key` returns the first answer; the same id without
    /// a key gets 409, since the activity already exists.
    plan_activity, "/api/v1/activities", "activities", "Planned",
    headers("The activity's URL", "The activity's version"), PlanActivity, [Role::Adviser],
    |plan| plan.id, |app, principal, id, context| app.plan_activity(&principal, plan, &context).await
);

/// Declares a handler for one command on an existing activity: read the body, run the
/// command, answer with the new version.
/// Advisers (within their scope) send every command; managers also amend what happened and void
/// records, as the people answerable to auditors. Admins may do anything.
macro_rules! activity_command {
    ($(#[$doc:meta])* $name:ident, $path:tt, $body:ident, |$value:ident| $command:expr) => {
        activity_command!($(#[$doc])* $name, $path, $body, [Role::Adviser], |app, $value| $command, |error| error);
    };
    ($(#[$doc:meta])* $name:ident, $path:tt, $body:ident, |$value:ident| $command:expr,
     |$error:ident| $located:expr) => {
        activity_command!($(#[$doc])* $name, $path, $body, [Role::Adviser], |app, $value| $command, |$error| $located);
    };
    ($(#[$doc:meta])* $name:ident, $path:tt, $body:ident, [$($role:expr),+], |$value:ident| $command:expr) => {
        activity_command!($(#[$doc])* $name, $path, $body, [$($role),+], |app, $value| $command, |error| error);
    };
    // `app`, named by the caller, when the command needs the state to be built (a donor resolved).
    ($(#[$doc:meta])* $name:ident, $path:tt, $body:ident, [$($role:expr),+], |$app:ident, $value:ident| $command:expr) => {
        activity_command!($(#[$doc])* $name, $path, $body, [$($role),+], |$app, $value| $command, |error| error);
    };
    ($(#[$doc:meta])* $name:ident, $path:tt, $body:ident, [$($role:expr),+], |$app:ident, $value:ident| $command:expr,
     |$error:ident| $located:expr) => {
        record_command!(
            $(#[$doc])* $name, $path, "activities", "Recorded",
            ("The activity's id", "The activity's new version"), $body, [$($role),+],
            |$app, principal, id, $value, context| {
                $app.activity_command(&principal, id, $command, &context).await.map_err(|$error| $located)
            }
        );
    };
}

activity_command!(
    /// Move the planned dates of an activity that has not taken place.
    reschedule_activity, "/api/v1/activities/{id}/reschedule", Reschedule,
    |body| ActivityCommand::Reschedule(body)
);
activity_command!(
    /// Record when and how the activity took place.
    record_delivery, "/api/v1/activities/{id}/delivery", Delivery,
    |body| ActivityCommand::RecordDelivery(Dated::new(body, today()))
);
activity_command!(
    /// Record who attended; replaces any earlier tally.
    record_participants, "/api/v1/activities/{id}/participants", Participants,
    |body| ActivityCommand::RecordParticipants(body)
);
activity_command!(
    /// Attribute a donor's funding to the activity.
    ///
    /// The donor is an organisation, by `organisation_id` or by a name or alias in `donor`; an id
    /// no organisation is registered under is refused (422 naming `organisation_id`).
    attribute_funding, "/api/v1/activities/{id}/funding", FundingBody, [Role::Adviser],
    |app, body| ActivityCommand::AttributeFunding(body.resolve(&app).await?)
);
activity_command!(
    /// Withdraw everything a donor attributed to the activity.
    withdraw_funding, "/api/v1/activities/{id}/funding/withdrawal", FundingWithdrawal,
    |body| ActivityCommand::WithdrawFunding(body)
);
activity_command!(
    /// Record a lasting result the activity contributed to.
    record_output, "/api/v1/activities/{id}/outputs", Output,
    |body| ActivityCommand::RecordOutput(body)
);
activity_command!(
    /// Correct planned fields, with a reason; accepted even after the activity was reported.
    correct_activity, "/api/v1/activities/{id}/corrections", Correction,
    |body| ActivityCommand::Correct(body),
    // The rules check the fields as corrected; the body holds them under `changes`.
    |error| error.nested_in("changes", &CORRECTABLE)
);

/// The planned fields a correction changes, by name.
const CORRECTABLE: [&str; 8] =
    ["programme_id", "kind", "title", "countries", "location", "planned_start", "planned_end", "description"];
activity_command!(
    /// Cancel an activity that has not taken place, with a reason.
    cancel_activity, "/api/v1/activities/{id}/cancellation", Cancellation,
    |body| ActivityCommand::Cancel(body)
);
activity_command!(
    /// Mark a delivered activity as reported, locking it against all but corrections.
    report_activity, "/api/v1/activities/{id}/report", ReportActivity,
    |body| ActivityCommand::Report(body)
);
activity_command!(
    /// Amend the delivery (dates and mode) of a delivered or reported activity, with a reason.
    amend_delivery, "/api/v1/activities/{id}/delivery/amendment", DeliveryAmendment,
    [Role::Adviser, Role::Manager], |body| ActivityCommand::AmendDelivery(Dated::new(body, today()))
);
activity_command!(
    /// Amend the participants tally of a delivered or reported activity, with a reason.
    amend_participants, "/api/v1/activities/{id}/participants/amendment",
    ParticipantsAmendment, [Role::Adviser, Role::Manager], |body| ActivityCommand::AmendParticipants(body)
);
activity_command!(
    /// Amend a funding line (donor, amount, currency) of a delivered or reported activity, with a reason.
    ///
    /// Needs `If-Match`: the line or output is named by its place (from 0), which holds only at
    /// the version read (400 without it).
    /// The donor as for an attribution: `organisation_id`, or a name or alias in `donor`.
    amend_funding, "/api/v1/activities/{id}/funding/amendment", FundingAmendmentBody,
    [Role::Adviser, Role::Manager], |app, body| ActivityCommand::AmendFunding(body.resolve(&app).await?)
);
activity_command!(
    /// Amend the kind and description of one output of a delivered or reported activity, with a reason.
    ///
    /// Needs `If-Match`: the line or output is named by its place (from 0), which holds only at
    /// the version read (400 without it).
    amend_output, "/api/v1/activities/{id}/outputs/amendment", OutputAmendment,
    [Role::Adviser, Role::Manager], |body| ActivityCommand::AmendOutput(body)
);
activity_command!(
    /// Remove an output recorded in error from a delivered or reported activity, with a reason.
    ///
    /// Needs `If-Match`: the line or output is named by its place (from 0), which holds only at
    /// the version read (400 without it).
    remove_output, "/api/v1/activities/{id}/outputs/removal", OutputRemoval,
    [Role::Adviser, Role::Manager], |body| ActivityCommand::RemoveOutput(body)
);
activity_command!(
    /// Void a duplicate or mistaken activity, with a reason: it counts nowhere from then on, and
    /// stays in history and audit.
    void_activity, "/api/v1/activities/{id}/voiding", Voiding,
    [Role::Adviser, Role::Manager], |body| ActivityCommand::Void(body)
);

/// An activity as its events built it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityView {
    pub id: Uuid,
    /// The number of events recorded: send it back in `If-Match` to make a command conditional.
    pub version: u64,
    /// Global position of the last event this state includes.
    pub position: i64,
    /// When the store accepted that event: the state is as it stood from then on.
    pub recorded_at: DateTime<Utc>,
    #[serde(flatten)]
    pub record: ActivityRecord,
}

/// Which state to read; without either, the current one.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StateQuery {
    /// The state as it stood at this instant (RFC 3339), from the events recorded by then.
    as_of: Option<DateTime<Utc>>,
    /// The state after the first `version` events.
    version: Option<i64>,
}

/// Read an activity's state: current, as of an instant, or at a version.
#[utoipa::path(
    get, path = "/api/v1/activities/{id}", tag = "activities", operation_id = "get_activity",
    params(("id" = Uuid, Path, description = "The activity's id"), StateQuery),
    responses((status = 200, description = "The activity", body = ActivityView,
               headers(("ETag" = String, description = "The version shown"))), ReadErrors)
)]
pub async fn get_activity(
    State(app): State<AppState>,
    principal: Principal,
    PathId(id): PathId,
    Query(query): Query<StateQuery>,
) -> Result<(HeaderMap, axum::Json<ActivityView>)> {
    app.visible_activity(&principal, id).await?;
    let cutoff = match (query.as_of, query.version) {
        (Some(_), Some(_)) => {
            return Err(ApiError(Error::BadRequest {
                field: Some("as_of".into()),
                detail: msg("problem-as-of-and-version"),
            }))
        }
        (Some(instant), None) => Cutoff::At(instant),
        (None, Some(version)) if version < 1 => {
            return Err(ApiError(Error::BadRequest {
                field: Some("version".into()),
                detail: msg("problem-version-from-one"),
            }))
        }
        (None, Some(version)) => Cutoff::Version(version),
        (None, None) => Cutoff::Everything,
    };
    let (activity, last) = state_at::<Activity>(&app, id, cutoff)
        .await?
        .ok_or_else(|| Error::NotFound(msg("problem-no-event-by-then").with("id", id.to_string())))?;
    let mut record = activity
        .record()
        .cloned()
        .ok_or_else(|| Error::NotFound(msg("problem-not-planned-by-then").with("id", id.to_string())))?;
    record.funding.retain(|f| principal.may_read_money_of(f.donor.as_str()));
    let version = u64::try_from(last.sequence).unwrap_or_default();
    let headers = HeaderMap::from_iter([(header::ETAG, etag(version))]);
    Ok((
        headers,
        axum::Json(ActivityView {
            id,
            version,
            position: last.position,
            recorded_at: last.recorded_at,
            record,
        }),
    ))
}

/// Read every event recorded for an activity, oldest first, with who recorded it and when.
#[utoipa::path(
    get, path = "/api/v1/activities/{id}/history", tag = "activities", operation_id = "get_activity_history",
    params(("id" = Uuid, Path, description = "The activity's id")),
    responses((status = 200, description = "The activity's events", body = Vec<HistoryEntry>), ReadErrors)
)]
pub async fn get_activity_history(
    State(app): State<AppState>,
    principal: Principal,
    PathId(id): PathId,
) -> Result<axum::Json<Vec<HistoryEntry>>> {
    principal.require(&[Role::Manager, Role::Adviser])?;
    app.visible_activity(&principal, id).await?;
    Ok(axum::Json(history_of::<Activity>(&app, id, "activity", crate::language::current()).await?))
}
