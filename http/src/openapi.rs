//! The OpenAPI document's frame; the paths and schemas come from the handlers themselves.

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr, Required};
use utoipa::{Modify, OpenApi};

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
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "activities", description = "Plan activities and record what happens to them"),
        (name = "programmes", description = "Programmes and the contributions donors make to them"),
        (name = "results", description = "Programmes' results frameworks: outcomes, indicators, targets and actuals"),
        (name = "organisations", description = "Donors and partners: IATI identifiers, types and aliases"),
        (name = "views", description = "Lists and summaries from the read models, for donors and managers"),
        (name = "audit", description = "The global log and its hash chain, for auditors and mirrors"),
        (name = "tokens", description = "Access tokens (admins)"),
        (name = "people", description = "People signed in through the identity provider, and their grants (admins)"),
        (name = "imports", description = "Bulk import of past activities from CSV or XLSX files"),
        (name = "session", description = "Sign-in for the web app: a token exchanged for a session cookie"),
        (name = "health", description = "Liveness and readiness probes"),
        (name = "iati", description = "Activities published as IATI 2.03 activity XML"),
    )
)]
pub struct ApiDoc;

/// Every endpoint but the probes takes `Authorization: Bearer <token>`; Swagger UI's
/// "Authorize" button fills it in.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("tat_...").build(),
            ),
        );
    }
}

/// Every operation answers in the language asked for (`crate::language`): `?lang=` or
/// `Accept-Language` in, `Content-Language` out. Applied once the routes have added their paths.
pub struct Languages;

impl Modify for Languages {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ];
            for operation in operations.into_iter().flatten() {
                document_languages(operation);
            }
        }
    }
}

fn document_languages(operation: &mut Operation) {
    let parameters = operation.parameters.get_or_insert_with(Vec::new);
    let language_codes = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(tatrack_i18n::Language::COMPLETE.map(tatrack_i18n::Language::code)));
    let lang: Parameter = ParameterBuilder::new()
        .name(crate::language::LANG_PARAMETER)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(
            "The language of the answer's words (a problem's `title` and `detail`); overrides \
             Accept-Language. Any other value is a 400 naming `lang`.",
        ))
        .schema(Some(language_codes))
        .build();
    let accept_language: Parameter = ParameterBuilder::new()
        .name("Accept-Language")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "The languages the caller reads (RFC 9110); the most wanted of en, fr and es answers, \
             English when none fits.",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .build();
    parameters.extend([lang, accept_language]);
    // Probes and metrics document no 400 of their own, yet a bad `lang` is one there too.
    if !operation.responses.responses.contains_key("400") {
        let problem = ResponseBuilder::new()
            .description("A bad query parameter (`lang`).")
            .content(
                "application/problem+json",
                ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
            )
            .build();
        operation.responses.responses.insert("400".to_owned(), RefOr::T(problem));
    }
    let content_language = HeaderBuilder::new()
        .schema(ObjectBuilder::new().schema_type(Type::String))
        .description(Some("The language of the answer's words: en, fr or es."))
        .build();
    for response in operation.responses.responses.values_mut() {
        if let RefOr::T(response) = response {
            response.headers.insert("Content-Language".to_owned(), content_language.clone());
        }
    }
}

/// The served document as pretty JSON, byte for byte what `openapi/openapi.json` holds.
pub fn to_pretty_json(spec: &utoipa::openapi::OpenApi) -> Result<String, serde_json::Error> {
    spec.to_pretty_json().map(|mut text| {
        text.push('\n');
        text
    })
}
