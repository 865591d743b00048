//! Every route of the API, registered in one place together with its OpenAPI entry.

pub mod activities;
pub mod audit;
pub(crate) mod health;
pub mod iati;
mod import_problem;
mod imports;
mod organisations;
mod participants;
mod people;
mod programmes;
mod reports;
pub mod responses;
mod results;
mod summaries;
mod tokens;
mod views;

use axum::Router;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::openapi::ApiDoc;
use crate::state::AppState;

/// The API's routes and the OpenAPI document that describes exactly them.
pub fn api(state: AppState) -> (Router, OpenApi) {
    use utoipa::{Modify as _, OpenApi as _};
    let (router, spec) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::get_health))
        .routes(routes!(health::get_readiness))
        .routes(routes!(health::get_metrics))
        .routes(routes!(programmes::register_programme, views::list_programmes))
        .routes(routes!(programmes::get_programme))
        .routes(routes!(programmes::get_programme_history))
        .routes(routes!(programmes::record_contribution))
        .routes(routes!(results::define_outcome))
        .routes(routes!(results::define_indicator))
        .routes(routes!(results::revise_indicator))
        .routes(routes!(results::report_actual))
        .routes(routes!(results::get_programme_results))
        .routes(routes!(organisations::register_organisation, organisations::list_organisations))
        .routes(routes!(organisations::get_organisation))
        .routes(routes!(organisations::correct_organisation))
        .routes(routes!(activities::plan_activity, views::list_activities))
        .routes(routes!(activities::get_activity))
        .routes(routes!(activities::get_activity_history))
        .routes(routes!(activities::reschedule_activity))
        .routes(routes!(activities::record_delivery))
        .routes(routes!(activities::record_participants))
        .routes(routes!(activities::attribute_funding))
        .routes(routes!(activities::withdraw_funding))
        .routes(routes!(activities::record_output))
        .routes(routes!(activities::correct_activity))
        .routes(routes!(activities::cancel_activity))
        .routes(routes!(activities::report_activity))
        .routes(routes!(activities::amend_delivery))
        .routes(routes!(activities::amend_participants))
        .routes(routes!(activities::amend_funding))
        .routes(routes!(activities::amend_output))
        .routes(routes!(activities::remove_output))
        .routes(routes!(activities::void_activity))
        .routes(routes!(participants::record_attendance, participants::get_attendance))
        .routes(routes!(participants::preview_attendance))
        .routes(routes!(participants::register_participant))
        .routes(routes!(participants::match_participants))
        .routes(routes!(participants::get_participant))
        .routes(routes!(participants::merge_participant))
        .routes(routes!(participants::split_participant))
        .routes(routes!(participants::erase_participant))
        .routes(routes!(participants::get_subject_access))
        .routes(routes!(summaries::get_programme_summary))
        .routes(routes!(views::list_countries))
        .routes(routes!(summaries::get_country_summary))
        .routes(routes!(views::list_donors))
        .routes(routes!(summaries::get_donor_summary))
        .routes(routes!(views::get_projection_status))
        .routes(routes!(reports::get_activity_report))
        .routes(routes!(tokens::create_token, tokens::list_tokens))
        .routes(routes!(tokens::revoke_token))
        .routes(routes!(people::grant_access, people::list_grants))
        .routes(routes!(people::revoke_access))
        .routes(routes!(people::list_people))
        .routes(routes!(people::choose_language))
        .routes(routes!(audit::list_audit_events))
        .routes(routes!(audit::verify_log))
        .routes(routes!(iati::export_iati_activities))
        .merge(import_routes())
        .routes(routes!(
            crate::web::session::create_session,
            crate::web::session::get_session,
            crate::web::session::delete_session
        ))
        // Browser redirects of the identity provider's sign-in: not part of the REST API.
        .route("/auth/oidc/provider", axum::routing::get(crate::web::provider::provider))
        .route("/auth/oidc/login", axum::routing::get(crate::web::provider::login))
        .route("/auth/oidc/callback", axum::routing::get(crate::web::provider::callback))
        .split_for_parts();
    let mut spec = spec;
    crate::openapi::Languages.modify(&mut spec);
    (router.with_state(state), spec)
}

/// The import routes, whose uploads may be larger than other requests' bodies.
fn import_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(imports::import_activities))
        .layer(axum::extract::DefaultBodyLimit::max(imports::IMPORT_BODY_LIMIT))
        .routes(routes!(imports::get_import_template_csv))
        .routes(routes!(imports::get_import_template_xlsx))
}
