//! `/api/v1/participants`: people who attended activities, their identifying details sealed
//! under a key of their own; and `/api/v1/activities/{id}/attendance`: an activity's list.
//! Advisers and managers register, read and match participants (donors never); managers merge,
//! split and erase them and give subject access. No command answer holds personal data.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tatrack_app::auth::Principal;
use tatrack_app::participants::{
    AttendanceView, Match, MatchQuery, MergeBody, NewParticipant, ParticipantView, SheetPreview,
    SubjectAccess,
};
use tatrack_app::reading::read_your_writes;
use tatrack_domain::activity::AttendanceList;
use tatrack_domain::participant::{EraseParticipant, SplitParticipant};
use tatrack_domain::token::Role;
use tatrack_domain::values::ParticipantId;
use tatrack_i18n::msg;
use utoipa::{IntoParams, ToSchema};

use super::responses::{create_route, etag, record_command, CommandErrors, ReadErrors};
use crate::error::{Error, Result};
use crate::extract::{CommandHeaders, Json, PathId, Query};
use crate::state::AppState;

/// The media type of an XLSX workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

create_route!(
    /// Register a participant under a client-chosen id; their name, e-mail, phone and function
    /// are sealed under a key of their own before anything is stored.
    register_participant, "/api/v1/participants", "participants", "Registered",
    headers("The participant's URL", "The participant's version"), NewParticipant,
    [Role::Manager, Role::Adviser],
    |registration| registration.id,
    |app, principal, id, context| app.register_participant(&principal, registration, &context).await
);

record_command!(
    /// Merge a participant into another who is the same person, with a reason (managers).
    merge_participant, "/api/v1/participants/{id}/merge", "participants", "Merged",
    ("The participant's id", "The participant's new version"), MergeBody, [Role::Manager],
    |app, principal, id, merge, context| {
        app.merge_participant(&principal, ParticipantId::new(id), merge, &context).await
    }
);

record_command!(
    /// Undo a participant's merge, with a reason (managers).
    split_participant, "/api/v1/participants/{id}/split", "participants", "Split",
    ("The participant's id", "The participant's new version"), SplitParticipant, [Role::Manager],
    |app, principal, id, split, context| {
        app.split_participant(&principal, ParticipantId::new(id), split, &context).await
    }
);

record_command!(
    /// Erase a participant's identifying details (managers): their key is deleted, so every
    /// sealed copy in the log is noise; their categories keep counting.
    erase_participant, "/api/v1/participants/{id}/erasure", "participants", "Erased",
    ("The participant's id", "The participant's new version"), EraseParticipant, [Role::Manager],
    |app, principal, id, erasure, context| {
        app.erase_participant(&principal, ParticipantId::new(id), erasure, &context).await
    }
);

record_command!(
    /// Record who attended, person by person; the tally follows from their categories.
    ///
    /// A person listed twice or never registered is refused (422 naming `attendees`). Once the
    /// activity is reported, the list amends it and needs a `reason`.
    record_attendance, "/api/v1/activities/{id}/attendance", "activities", "Recorded",
    ("The activity's id", "The activity's new version"), AttendanceList, [Role::Manager, Role::Adviser],
    |app, principal, id, list, context| app.record_attendance(&principal, id, list, &context).await
);

/// Which state a read waits for.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReadQuery {
    /// Wait until the read models include this position (a command's answer): the activities
    /// a participant attended are read from them.
    min_position: Option<i64>,
}

/// Read a participant: their details (or "erased participant"), categories and activities.
#[utoipa::path(
    get, path = "/api/v1/participants/{id}", tag = "participants", operation_id = "get_participant",
    params(("id" = Uuid, Path, description = "The participant's id"), ReadQuery),
    responses((status = 200, description = "The participant", body = ParticipantView,
               headers(("ETag" = String, description = "The participant's version"))), ReadErrors)
)]
pub async fn get_participant(
    State(app): State<AppState>,
    principal: Principal,
    PathId(id): PathId,
    Query(query): Query<ReadQuery>,
) -> Result<(HeaderMap, axum::Json<ParticipantView>)> {
    read_your_writes(&app, query.min_position).await?;
    let view = app.participant_view(&principal, ParticipantId::new(id), crate::language::current()).await?;
    let mut headers = HeaderMap::new();
    headers.insert(header::ETAG, etag(view.version));
    Ok((headers, axum::Json(view)))
}

/// Likely matches of a person.
#[derive(Debug, Serialize, ToSchema)]
pub struct Matches {
    pub matches: Vec<Match>,
}

/// Find participants who are likely this person: the same e-mail, or the same name, country
/// and institution (letter case and spacing aside). Nothing is written.
#[utoipa::path(
    post, path = "/api/v1/participants/matches", tag = "participants", operation_id = "match_participants",
    request_body = MatchQuery,
    responses((status = 200, description = "Likely matches", body = Matches), CommandErrors)
)]
pub async fn match_participants(
    State(app): State<AppState>,
    principal: Principal,
    body: Json<MatchQuery>,
) -> Result<axum::Json<Matches>> {
    let matches = app.participant_matches(&principal, &body.value).await?;
    Ok(axum::Json(Matches { matches }))
}

/// Download everything held about a participant as one JSON file (managers); recorded in the
/// audit feed as `SubjectAccessGiven`.
#[utoipa::path(
    get, path = "/api/v1/participants/{id}/subject-access", tag = "participants",
    operation_id = "get_subject_access",
    params(("id" = Uuid, Path, description = "The participant's id")),
    responses((status = 200, description = "Everything held about the person", body = SubjectAccess,
               headers(("Content-Disposition" = String, description = "attachment"))), ReadErrors)
)]
pub async fn get_subject_access(
    State(app): State<AppState>,
    principal: Principal,
    PathId(id): PathId,
    headers: CommandHeaders,
) -> Result<Response> {
    let context = headers.bodyless_context(&principal);
    let (access, _) =
        app.subject_access(&principal, ParticipantId::new(id), crate::language::current(), &context).await?;
    let disposition = format!("attachment; filename=\"participant-{id}.json\"");
    let mut answer = axum::Json(access).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        answer.headers_mut().insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(answer)
}

/// Read an activity's attendance list, each person with their categories and scores.
#[utoipa::path(
    get, path = "/api/v1/activities/{id}/attendance", tag = "activities", operation_id = "get_attendance",
    params(("id" = Uuid, Path, description = "The activity's id")),
    responses((status = 200, description = "The attendance list", body = AttendanceView), ReadErrors)
)]
pub async fn get_attendance(
    State(app): State<AppState>,
    principal: Principal,
    PathId(id): PathId,
) -> Result<axum::Json<AttendanceView>> {
    Ok(axum::Json(app.attendance(&principal, id, crate::language::current()).await?))
}

/// Preview an attendance sheet (CSV or XLSX): each row parsed, its problems and its likely
/// matches. Nothing is written.
#[utoipa::path(
    post, path = "/api/v1/activities/{id}/attendance/preview", tag = "activities",
    operation_id = "preview_attendance",
    params(("id" = Uuid, Path, description = "The activity's id")),
    request_body(content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses((status = 200, description = "The sheet's rows", body = SheetPreview), CommandErrors)
)]
pub async fn preview_attendance(
    State(app): State<AppState>,
    principal: Principal,
    PathId(id): PathId,
    headers: HeaderMap,
    body: Bytes,
) -> Result<axum::Json<SheetPreview>> {
    principal.require(&tatrack_app::participants::WRITERS)?;
    let media = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let media = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let xlsx = match media.as_str() {
        "text/csv" => false,
        XLSX => true,
        _ => return Err(Error::UnsupportedMediaType.into()),
    };
    if body.is_empty() {
        return Err(
            Error::validation("body", msg("problem-sheet-column-missing").with("column", "name")).into()
        );
    }
    let preview = app.preview_sheet(&principal, id, (&body, xlsx), crate::language::current()).await?;
    Ok(axum::Json(preview))
}
