//! OpenAPI schemas written by hand where the derive cannot say enough: closed lists of words
//! and codes, strings of a pattern, and bounded counts. Only built with the `openapi` feature.

use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::RefOr;

fn of_type(kind: Type) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(SchemaType::Type(kind))
}

/// A string that is one of `values`.
pub fn one_of(description: &str, values: impl IntoIterator<Item = String>) -> RefOr<Schema> {
    of_type(Type::String)
        .enum_values(Some(values.into_iter().collect::<Vec<_>>()))
        .description(Some(description))
        .into()
}

/// A string matching `pattern`, such as `example`.
pub fn matching(pattern: &str, example: &str) -> RefOr<Schema> {
    of_type(Type::String).pattern(Some(pattern)).examples([example]).into()
}

/// Text that is not empty and says something: a character other than white space.
pub fn non_blank() -> RefOr<Schema> {
    of_type(Type::String).min_length(Some(1)).pattern(Some("\\S")).into()
}

/// A whole number from 0 to `max`.
pub fn up_to(max: u32, description: &str) -> RefOr<Schema> {
    of_type(Type::Integer).minimum(Some(0)).maximum(Some(max)).description(Some(description)).into()
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
