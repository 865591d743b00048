//! OpenAPI schemas written by hand where the derive cannot say enough: closed lists of words
//! and codes, and text that must not be empty. Only built with the `openapi` feature.

use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::RefOr;

/// A string that is one of `values`.
pub fn one_of(description: &str, values: impl IntoIterator<Item = String>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .enum_values(Some(values.into_iter().collect::<Vec<_>>()))
        .description(Some(description))
        .into()
}

/// Implements `ToSchema` for a type by a function returning its schema.
macro_rules! schema_by {
    ($name:ty, $schema:expr) => {
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $schema
            }
        }
        impl utoipa::ToSchema for $name {}
    };
}
pub(crate) use schema_by;
