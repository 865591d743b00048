//! The OpenAPI document's frame; the paths and schemas come from the handlers themselves.

use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "tatrack",
        description = "Event-sourced tracker of technical-assistance activities: trainings, \
                       workshops, legislative assistance, pre-accession support, assessment \
                       missions, mentoring. Every change is an immutable event; errors are \
                       RFC 9457 problem+json.",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    tags(
        (name = "activities", description = "Plan activities and record what happens to them"),
        (name = "programmes", description = "Programmes and the contributions donors make to them"),
        (name = "views", description = "Lists and summaries from the read models, for donors and managers"),
        (name = "health", description = "Liveness and readiness probes"),
    )
)]
pub struct ApiDoc;

/// The served document as pretty JSON, byte for byte what `openapi/openapi.json` holds.
pub fn to_pretty_json(spec: &utoipa::openapi::OpenApi) -> Result<String, serde_json::Error> {
    spec.to_pretty_json().map(|mut text| {
        text.push('\n');
        text
    })
}
