//! Each event told in words of the asker's language (the `history` catalogue), with the fields
//! a correction or an amendment changed.

use serde::Serialize;
use serde_json::Value;
use tatrack_domain::activity::{Attendance, Delivery, Funding, Output, Participants};
use tatrack_domain::events::activity::CorrectedFields;
use tatrack_domain::events::PlannedFields;
use tatrack_domain::{Activity, ActivityEvent, ActivityRecord, Programme, ProgrammeEvent};
use tatrack_i18n::{msg, text, Language, Message};

use super::{FieldChange, Narrated};

/// An amount in `language`, every digit kept: "48,000.00", "48 000,00", "48.000,00".
fn amount(language: Language, amount: &impl ToString) -> String {
    tatrack_i18n::format::money(language, &amount.to_string())
}

/// Countries by name, as the history shows them: "Bolivia (Plurinational State of) (BOL)",
/// "État plurinational de Bolivie (BOL)".
fn country_names(language: Language, countries: &[tatrack_domain::values::CountryCode]) -> String {
    let named = |code: &tatrack_domain::values::CountryCode| {
        let code = code.to_string();
        let name = match language {
            Language::English => rust_iso3166::from_alpha3(&code).map(|country| country.name),
            other => tatrack_i18n::country_name(other, &code),
        };
        name.map_or_else(|| code.clone(), |name| format!("{name} ({code})"))
    };
    countries.iter().map(named).collect::<Vec<_>>().join(", ")
}

/// A tally in words: "20 participants (11 female, 9 male, 0 other or undisclosed)".
fn people(language: Language, a: &Attendance) -> String {
    let tally = msg("history-people")
        .with("total", a.total())
        .with("female", a.female.get())
        .with("male", a.male.get())
        .with("other", a.other_or_undisclosed.get());
    text(language, &tally)
}

impl Narrated for Activity {
    fn narrate(
        before: &Self,
        event: &ActivityEvent,
        language: Language,
    ) -> (Message, Option<Vec<FieldChange>>) {
        let message = match event {
            ActivityEvent::ActivityPlanned(p) => msg("history-planned")
                .with("kind", p.kind.as_str())
                .with("title", p.title.to_string())
                .with("countries", country_names(language, &p.countries))
                .with("location", p.location.to_string())
                .with("start", p.planned_start.to_string())
                .with("end", p.planned_end.to_string()),
            ActivityEvent::ActivityRescheduled(r) => msg("history-rescheduled")
                .with("start", r.planned_start.to_string())
                .with("end", r.planned_end.to_string()),
            ActivityEvent::ActivityDelivered(d) => msg("history-delivered")
                .with("start", d.start.to_string())
                .with("end", d.end.to_string())
                .with("mode", d.mode.as_str()),
            ActivityEvent::ParticipantsRecorded(p) => msg("history-participants")
                .with("people", people(language, &Participants::from(p.clone()).attendance())),
            ActivityEvent::FundingAttributed(f) => msg("history-funding")
                .with("amount", amount(language, &f.amount))
                .with("currency", f.currency.to_string())
                .with("donor", f.donor.to_string()),
            ActivityEvent::FundingWithdrawn(w) => {
                msg("history-funding-withdrawn").with("donor", w.donor.to_string())
            }
            ActivityEvent::OutputRecorded(o) => msg("history-output")
                .with("output_kind", o.kind.as_str())
                .with("description", o.description.to_string()),
            ActivityEvent::ActivityCorrected(c) => {
                let changes =
                    before.record().map(|r| field_changes(&r.planned, &c.changes)).unwrap_or_default();
                return (msg("history-corrected").with("fields", names(&changes)), Some(changes));
            }
            ActivityEvent::ActivityCancelled(_) => msg("history-cancelled"),
            ActivityEvent::ActivityReported => msg("history-reported"),
            // Who is on the list is the participants' own history: a count here, no names.
            ActivityEvent::AttendanceRecorded(a) => msg("history-attendance")
                .with("count", a.attendees.len())
                .with("confirmed", a.attendees.iter().filter(|attended| attended.match_confirmed).count()),
            amendment => return narrate_amendment(before.record(), amendment, language),
        };
        (message, None)
    }
}

/// Amendments and voiding, told with each field's value before and after.
fn narrate_amendment(
    before: Option<&ActivityRecord>,
    event: &ActivityEvent,
    language: Language,
) -> (Message, Option<Vec<FieldChange>>) {
    let (message, changes) = match event {
        ActivityEvent::DeliveryAmended(d) => {
            let old = json(&before.and_then(|r| r.delivery));
            let new = json(&Some(Delivery::from(d.clone())));
            let changes = json_changes("delivery", &old, &new);
            (msg("history-delivery-amended").with("fields", names(&changes)), changes)
        }
        ActivityEvent::ParticipantsAmended(p) => {
            let old = json(&before.and_then(|r| r.participants.clone()));
            let new = json(&Some(Participants::from(p.participants.clone())));
            let changes = json_changes("participants", &old, &new);
            let tally = people(language, &Participants::from(p.participants.clone()).attendance());
            (msg("history-participants-amended").with("people", tally), changes)
        }
        ActivityEvent::FundingAmended(f) => {
            let old = json(&before.and_then(|r| index(f.line).and_then(|i| r.funding.get(i)).cloned()));
            let new = json(&Some(Funding::from(f.clone())));
            let changes = json_changes(&format!("funding[{}]", f.line), &old, &new);
            let message = msg("history-funding-amended")
                .with("line", f.line)
                .with("amount", amount(language, &f.amount))
                .with("currency", f.currency.to_string())
                .with("donor", f.donor.to_string());
            (message, changes)
        }
        ActivityEvent::OutputAmended(o) => {
            let old = json(&before.and_then(|r| index(o.output).and_then(|i| r.outputs.get(i)).cloned()));
            let new = json(&Some(Output::from(o.clone())));
            let changes = json_changes(&format!("outputs[{}]", o.output), &old, &new);
            let message = msg("history-output-amended")
                .with("output", o.output)
                .with("output_kind", o.kind.as_str())
                .with("description", o.description.to_string());
            (message, changes)
        }
        ActivityEvent::OutputRemoved(o) => {
            let old = before.and_then(|r| index(o.output).and_then(|i| r.outputs.get(i)).cloned());
            let change =
                FieldChange { field: format!("outputs[{}]", o.output), old: json(&old), new: Value::Null };
            let message = match old {
                Some(old) => msg("history-output-removed-described")
                    .with("output_kind", old.kind.as_str())
                    .with("description", old.description.to_string()),
                None => msg("history-output-removed"),
            };
            (message.with("output", o.output), vec![change])
        }
        ActivityEvent::ActivityVoided(_) => {
            let old = before.map_or(Value::Null, |r| Value::from(r.status.as_str()));
            let change = FieldChange { field: "status".to_owned(), old, new: Value::from("voided") };
            (msg("history-voided"), vec![change])
        }
        // Every other event is told by `narrate` itself.
        other => return (msg("history-event").with("event", format!("{other:?}")), None),
    };
    (message, Some(changes))
}

/// A stored place in a list (`line`, `output`), as an index; `None` (no such entry) when it
/// does not fit one.
fn index(place: u32) -> Option<usize> {
    usize::try_from(place).ok()
}

/// The fields' names, for a summary.
fn names(changes: &[FieldChange]) -> String {
    changes.iter().map(|c| c.field.as_str()).collect::<Vec<_>>().join(", ")
}

/// Each member of `old` and `new` (two JSON objects, or null) whose value differs, named
/// `prefix.member`; one change of `prefix` as a whole when either is not an object.
fn json_changes(prefix: &str, old: &Value, new: &Value) -> Vec<FieldChange> {
    match (old, new) {
        (Value::Object(old_fields), Value::Object(new_fields)) => {
            let mut keys: Vec<&String> = new_fields.keys().chain(old_fields.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .filter_map(|key| {
                    let (old, new) = (old_fields.get(key), new_fields.get(key));
                    (old != new).then(|| FieldChange {
                        field: format!("{prefix}.{key}"),
                        old: old.cloned().unwrap_or(Value::Null),
                        new: new.cloned().unwrap_or(Value::Null),
                    })
                })
                .collect()
        }
        _ if old == new => Vec::new(),
        _ => vec![FieldChange { field: prefix.to_owned(), old: old.clone(), new: new.clone() }],
    }
}

/// A value as a history entry shows it.
fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Each field `changes` sets, with its value in `planned` before.
fn field_changes(planned: &PlannedFields, changes: &CorrectedFields) -> Vec<FieldChange> {
    let old = serde_json::to_value(planned).unwrap_or(Value::Null);
    let new = serde_json::to_value(changes).unwrap_or(Value::Null);
    let Value::Object(new) = new else { return Vec::new() };
    PLANNED_FIELDS
        .iter()
        .filter_map(|field| {
            new.get(*field).map(|value| FieldChange {
                field: (*field).to_owned(),
                old: old.get(*field).cloned().unwrap_or(Value::Null),
                new: value.clone(),
            })
        })
        .collect()
}

/// Two values as JSON, for a field change.
fn json_of<T: serde::Serialize>(old: &T, new: &T) -> (Value, Value) {
    (serde_json::to_value(old).unwrap_or(Value::Null), serde_json::to_value(new).unwrap_or(Value::Null))
}

const PLANNED_FIELDS: [&str; 8] =
    ["programme_id", "kind", "title", "countries", "location", "planned_start", "planned_end", "description"];

impl Narrated for Programme {
    fn narrate(
        _before: &Self,
        event: &ProgrammeEvent,
        language: Language,
    ) -> (Message, Option<Vec<FieldChange>>) {
        let message = match event {
            ProgrammeEvent::ProgrammeRegistered(r) => msg("history-programme-registered")
                .with("code", r.code.as_str())
                .with("name", r.name.to_string())
                .with("area", r.thematic_area.as_str()),
            ProgrammeEvent::ContributionRecorded(c) => msg("history-contribution")
                .with("amount", amount(language, &c.amount))
                .with("currency", c.currency.to_string())
                .with("donor", c.donor.to_string())
                .with("date", c.received_on.to_string()),
            ProgrammeEvent::OutcomeDefined(o) => msg("history-outcome").with("name", o.name.to_string()),
            ProgrammeEvent::IndicatorDefined(i) => msg("history-indicator").with("name", i.name.to_string()),
            ProgrammeEvent::IndicatorRevised(r) => {
                let changes = ["name", "baseline", "targets"]
                    .into_iter()
                    .zip([
                        json_of(&r.before.name, &r.after.name),
                        json_of(&r.before.baseline, &r.after.baseline),
                        json_of(&r.before.targets, &r.after.targets),
                    ])
                    .filter(|(_, (old, new))| old != new)
                    .map(|(field, (old, new))| FieldChange { field: field.to_owned(), old, new })
                    .collect();
                let message = msg("history-indicator-revised")
                    .with("name", r.after.name.to_string())
                    .with("reason", r.reason.to_string());
                return (message, Some(changes));
            }
            ProgrammeEvent::ActualReported(a) => msg("history-actual")
                .with("value", a.value.to_string())
                .with("year", a.year.to_string())
                .with("indicator", a.indicator_id.to_string())
                .with("reason", a.reason.to_string()),
        };
        (message, None)
    }
}

#[cfg(test)]
mod tests {
    use tatrack_i18n::Language;

    #[test]
    fn amounts_are_grouped_by_thousands_with_their_scale() {
        let shown: Vec<String> = ["999", "1000", "48000.00", "1234567.5", "0.25"]
            .iter()
            .map(|a| super::amount(Language::English, a))
            .collect();
        assert_eq!(shown, ["999", "1,000", "48,000.00", "1,234,567.5", "0.25"]);
    }
}
