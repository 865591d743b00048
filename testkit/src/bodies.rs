//! Request bodies the scenarios reuse.

use serde_json::{json, Value};
use uuid::Uuid;

pub fn unique_code() -> String {
    format!("P{}", &Uuid::new_v4().simple().to_string()[..12].to_uppercase())
}

pub fn programme_body(id: Uuid, code: &str) -> Value {
    json!({
        "id": id, "code": code, "name": "Global Firearms Programme", "thematic_area": "firearms",
        "start": "2011-01-01", "end": null
    })
}

/// The mutual legal assistance workshop in Riyadh, 20 to 24 October 2019.
pub fn plan_body(id: Uuid, programme: Uuid) -> Value {
    json!({
        "id": id, "programme_id": programme, "kind": "workshop",
        "title": "Mutual legal assistance workshop", "countries": ["SAU"], "location": "Riyadh",
        "planned_start": "2019-10-20", "planned_end": "2019-10-24",
        "description": "Enhancing the effectiveness of mutual legal assistance mechanisms"
    })
}

pub fn delivery_body() -> Value {
    json!({"start": "2019-10-20", "end": "2019-10-24", "mode": "in_person"})
}

pub fn participants_body(female: i64, male: i64) -> Value {
    json!({"female": female, "male": male, "other_or_undisclosed": 0,
           "by_institution": {"prosecutors": 10}, "by_country": null})
}
