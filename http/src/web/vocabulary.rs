//! The closed lists the app's pickers offer, from the very types the API validates against:
//! kinds, delivery modes, outputs, institutions, statuses, thematic areas, the ISO 3166-1
//! countries with their names in the request's language (as the United Nations write them, from
//! `tatrack-i18n`'s data set), and the ISO 4217 currencies with their decimals.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::IntoResponse;
use serde_json::{json, Value};
use tatrack_domain::values::Currency;
use tatrack_domain::vocabulary::{ActivityKind, DeliveryMode, Institution, OutputKind, ThematicArea};
use tatrack_domain::ActivityStatus;
use tatrack_i18n::{country_name, state_sort_key};

use crate::language::{current, Language};

fn words<T: Copy>(all: &[T], word: fn(T) -> &'static str) -> Value {
    Value::from(all.iter().map(|v| word(*v)).collect::<Vec<_>>())
}

/// The countries with their names in `language`, in the order it sorts them.
fn countries(language: Language) -> Vec<Value> {
    let mut countries: Vec<(String, Value)> = rust_iso3166::ALL
        .iter()
        .map(|c| {
            let name = country_name(language, c.alpha3).unwrap_or(c.name);
            (
                state_sort_key(language, c.alpha3),
                json!({ "code": c.alpha3, "name": name, "numeric": c.numeric }),
            )
        })
        .collect();
    countries.sort_by(|a, b| a.0.cmp(&b.0));
    countries.into_iter().map(|(_, country)| country).collect()
}

/// The lists in each language, written once.
static VOCABULARY: LazyLock<HashMap<Language, String>> =
    LazyLock::new(|| Language::ALL.into_iter().map(|language| (language, lists(language))).collect());

fn lists(language: Language) -> String {
    let currencies: Vec<Value> = <iso_currency::Currency as iso_currency::IntoEnumIterator>::iter()
        .filter_map(|c| Currency::parse(c.code()).ok().map(|parsed| (c, parsed)))
        .map(|(c, parsed)| json!({ "code": c.code(), "name": c.name(), "decimals": parsed.minor_unit_digits() }))
        .collect();
    let statuses = [
        ActivityStatus::Planned,
        ActivityStatus::Delivered,
        ActivityStatus::Reported,
        ActivityStatus::Cancelled,
        ActivityStatus::Voided,
    ];
    json!({
        "activity_kinds": words(ActivityKind::ALL, ActivityKind::as_str),
        "delivery_modes": words(DeliveryMode::ALL, DeliveryMode::as_str),
        "output_kinds": words(OutputKind::ALL, OutputKind::as_str),
        "institutions": words(Institution::ALL, Institution::as_str),
        "thematic_areas": words(ThematicArea::ALL, ThematicArea::as_str),
        "statuses": words(&statuses, ActivityStatus::as_str),
        "countries": countries(language),
        "currencies": currencies,
    })
    .to_string()
}

/// The lists as JSON, country names in the request's language (public: they are the ISO code
/// lists and the API's own words).
pub async fn vocabulary() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        VOCABULARY.get(&current()).map_or("{}", String::as_str),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(language: Language, code: &str) -> Option<Value> {
        let lists: Value = serde_json::from_str(&lists(language)).ok()?;
        lists["countries"].as_array()?.iter().find(|c| c["code"] == code).cloned()
    }

    #[test]
    fn countries_are_named_in_the_request_s_language() {
        let bolivia = |language| country(language, "BOL").map(|c| c["name"].clone());
        assert_eq!(bolivia(Language::English), Some(json!("Plurinational State of Bolivia")));
        assert_eq!(bolivia(Language::French), Some(json!("État plurinational de Bolivie")));
        assert_eq!(bolivia(Language::Spanish), Some(json!("Estado Plurinacional de Bolivia")));
        assert_eq!(
            country(Language::French, "SAU"),
            Some(json!({"code": "SAU", "name": "Arabie saoudite", "numeric": 682}))
        );
    }
}
