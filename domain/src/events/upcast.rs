//! Upcasters: each brings a stored payload of an older version to the shape of the next one.
//! They run on read (cqrs-es's event store and [`super::decode`]), never on the stored bytes.
//!
//! To change an event's shape: bump its version in [`LATEST`], add a function here that turns the
//! previous version's payload into the new one, list it in [`STEPS`], add a golden fixture of the
//! new version, and keep the old fixture as it is.

use cqrs_es::persist::{EventUpcaster, SemanticVersionEventUpcaster};
use serde_json::Value;

/// The event types whose version is past 1.0, with the version written today.
const LATEST: &[(&str, &str)] = &[
    ("ActivityCorrected", "1.1"),
    ("FundingAttributed", "1.1"),
    ("FundingAmended", "1.1"),
    ("ContributionRecorded", "1.1"),
    ("TokenCreated", "1.2"),
];

/// One step: payloads of `event_type` older than `to` become `to`'s shape through `f`.
struct Step {
    event_type: &'static str,
    to: &'static str,
    f: fn(Value) -> Value,
}

/// In order: cqrs-es applies every upcaster whose version supersedes the event's, in list order.
const STEPS: &[Step] = &[
    Step { event_type: "ActivityCorrected", to: "1.1", f: corrected_1_1 },
    Step { event_type: "FundingAttributed", to: "1.1", f: funding_attributed_1_1 },
    Step { event_type: "FundingAmended", to: "1.1", f: funding_amended_1_1 },
    Step { event_type: "ContributionRecorded", to: "1.1", f: contribution_recorded_1_1 },
    Step { event_type: "TokenCreated", to: "1.1", f: token_created_1_1 },
    Step { event_type: "TokenCreated", to: "1.2", f: token_created_1_2 },
];

/// 1.0 -> 1.1: a correction's `changes.description` of `null` meant "unchanged" in 1.0 (the field
/// could only be set); from 1.1, `null` clears the description, so a 1.0 `null` is dropped.
fn corrected_1_1(mut payload: Value) -> Value {
    let changes = payload.pointer_mut("/ActivityCorrected/changes").and_then(Value::as_object_mut);
    if let Some(changes) = changes {
        if changes.get("description").is_some_and(Value::is_null) {
            changes.remove("description");
        }
    }
    payload
}

/// 1.0 -> 1.1 of a funding line or contribution: 1.0 named the donor by a free-text name only;
/// 1.1 also names the organisation by id. A 1.0 line has none (`null`): an upcaster sees one
/// payload and cannot know which organisation the name belongs to, so readers resolve the name
/// through the organisations' names and aliases at read time.
fn no_organisation(mut payload: Value, variant: &str, field: &str) -> Value {
    if let Some(fields) = payload.get_mut(variant).and_then(Value::as_object_mut) {
        fields.entry(field).or_insert(Value::Null);
    }
    payload
}

fn funding_attributed_1_1(payload: Value) -> Value {
    no_organisation(payload, "FundingAttributed", "organisation_id")
}

fn funding_amended_1_1(payload: Value) -> Value {
    no_organisation(payload, "FundingAmended", "organisation_id")
}

fn contribution_recorded_1_1(payload: Value) -> Value {
    no_organisation(payload, "ContributionRecorded", "organisation_id")
}

/// 1.0 -> 1.1: a 1.0 donor token named its donor by name only; 1.1 scopes may name the
/// organisation.
fn token_created_1_1(mut payload: Value) -> Value {
    let scope = payload.pointer_mut("/TokenCreated").and_then(Value::as_object_mut);
    if let Some(created) = scope {
        let scope = created.entry("scope").or_insert_with(|| Value::Object(serde_json::Map::new()));
        if let Some(scope) = scope.as_object_mut() {
            scope.entry("organisation").or_insert(Value::Null);
        }
    }
    payload
}

/// 1.1 -> 1.2: tokens issued before 1.2 remember no language (`null`): each request's
/// `Accept-Language` decides, as it did.
fn token_created_1_2(mut payload: Value) -> Value {
    if let Some(created) = payload.get_mut("TokenCreated").and_then(Value::as_object_mut) {
        created.entry("language").or_insert(Value::Null);
    }
    payload
}

pub(super) fn latest(event_type: &str) -> Option<&'static str> {
    LATEST.iter().find(|(t, _)| *t == event_type).map(|(_, version)| *version)
}

/// The upcasters for cqrs-es's event store (`PersistedEventStore::with_upcasters`).
pub fn upcasters() -> Vec<Box<dyn EventUpcaster>> {
    STEPS
        .iter()
        .map(|step| {
            let f = step.f;
            Box::new(SemanticVersionEventUpcaster::new(step.event_type, step.to, Box::new(f)))
                as Box<dyn EventUpcaster>
        })
        .collect()
}

/// Whether a payload of `event_type` at `event_version` has an upcaster to go through.
pub(super) fn needed(event_type: &str, event_version: &str) -> bool {
    STEPS.iter().any(|s| s.event_type == event_type && older(event_version, s.to))
}

/// `payload` brought to today's shape, or `None` when it already has it.
pub(super) fn upcast(event_type: &str, event_version: &str, payload: &Value) -> Option<Value> {
    let mut upcasted: Option<Value> = None;
    let mut version = event_version.to_owned();
    for step in STEPS.iter().filter(|s| s.event_type == event_type) {
        if older(&version, step.to) {
            let current = upcasted.take().unwrap_or_else(|| payload.clone());
            upcasted = Some((step.f)(current));
            step.to.clone_into(&mut version);
        }
    }
    upcasted
}

/// Whether `version` comes before `than`, both "major.minor[.patch]"; a version that does not
/// parse is left alone (it then fails to decode, visibly).
fn older(version: &str, than: &str) -> bool {
    let parse = |v: &str| -> Option<Vec<u32>> { v.split('.').map(|n| n.parse().ok()).collect() };
    match (parse(version), parse(than)) {
        (Some(a), Some(b)) => a < b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert!(older("1.0", "1.1"));
        assert!(older("1.9", "1.10"));
        assert!(!older("1.1", "1.1"));
        assert!(!older("2.0", "1.1"));
        assert!(!older("x", "1.1"));
    }

    #[test]
    fn a_1_0_correction_reads_as_1_1() {
        let stored =
            json!({"ActivityCorrected": {"reason": "r", "changes": {"title": "T", "description": null}}});
        let upcasted = upcast("ActivityCorrected", "1.0", &stored).expect("1.0 is upcast");
        assert_eq!(upcasted, json!({"ActivityCorrected": {"reason": "r", "changes": {"title": "T"}}}));
        assert_eq!(upcast("ActivityCorrected", "1.1", &stored), None, "1.1 is today's shape");
        assert_eq!(upcast("ActivityPlanned", "1.0", &stored), None, "no step for this type");
        assert!(needed("ActivityCorrected", "1.0"));
        assert!(!needed("ActivityCorrected", "1.1") && !needed("ActivityPlanned", "1.0"));
    }

    #[test]
    fn a_1_0_funding_line_reads_as_1_1_without_an_organisation() {
        let stored = json!({"FundingAttributed": {"donor": "EU", "amount": "1.00", "currency": "EUR"}});
        let upcasted = upcast("FundingAttributed", "1.0", &stored).expect("1.0 is upcast");
        assert_eq!(
            upcasted,
            json!({"FundingAttributed": {"donor": "EU", "organisation_id": null, "amount": "1.00", "currency": "EUR"}})
        );
        assert_eq!(upcast("FundingAttributed", "1.1", &upcasted), None);
        let token = json!({"TokenCreated": {"role": "donor", "scope": {"donor": "EU"}}});
        let upcasted = upcast("TokenCreated", "1.0", &token).expect("1.0 is upcast");
        assert_eq!(
            upcasted,
            json!({"TokenCreated": {"role": "donor", "scope": {"donor": "EU", "organisation": null}, "language": null}})
        );
        let named = json!({"TokenCreated": {"role": "manager", "scope": {}}});
        let upcasted = upcast("TokenCreated", "1.1", &named).expect("1.1 is upcast");
        assert_eq!(upcasted, json!({"TokenCreated": {"role": "manager", "scope": {}, "language": null}}));
        assert_eq!(upcast("TokenCreated", "1.2", &upcasted), None, "1.2 is today's shape");
    }

    #[test]
    fn cqrs_es_upcasts_as_decode_does() {
        let stored = json!({"ActivityCorrected": {"reason": "r", "changes": {"description": null}}});
        let event = cqrs_es::persist::SerializedEvent::new(
            "a".into(),
            1,
            "Activity".into(),
            "ActivityCorrected".into(),
            "1.0".into(),
            stored.clone(),
            json!({}),
        );
        let upcasters = upcasters();
        let upcasted = upcasters
            .iter()
            .filter(|u| u.can_upcast("ActivityCorrected", "1.0"))
            .fold(event, |e, u| u.upcast(e));
        // cqrs-es writes the version in three parts; `older` reads "1.1.0" as "1.1".
        assert_eq!(upcasted.event_version, "1.1.0");
        assert!(!older(&upcasted.event_version, "1.1"));
        assert_eq!(Some(upcasted.payload), upcast("ActivityCorrected", "1.0", &stored));
    }
}
