//! The header row of an exported file: words in the reader's language by default, or the
//! English machine names (`planned_start`) that scripts read, with `?headers=machine`.

use serde::Deserialize;
use tatrack_i18n::{msg, text, Language, Message};
use utoipa::ToSchema;

/// How an exported file names its sheets and columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Headers {
    /// Words in the answer's language ("Planned start", "Début prévu"): for people.
    #[default]
    Words,
    /// The English machine names the JSON uses (`planned_start`), whatever the language: for
    /// scripts, which must not break when a reader's language changes.
    Machine,
}

impl Headers {
    /// The title a file shows for the sheet or column `name`, in `language` for words.
    pub fn title(self, language: Language, name: &'static str) -> String {
        match (self, title_message(name)) {
            (Self::Words, Some(message)) => text(language, &message),
            _ => name.to_owned(),
        }
    }
}

/// The words for a sheet or column of some export; None for a name without words (a test
/// checks that every export's names have them).
pub fn title_message(name: &str) -> Option<Message> {
    Some(match name {
        // Sheets that are not also a column.
        "countries" => msg("column-countries"),
        "funding" => msg("column-funding"),
        "institutions" => msg("column-institutions"),
        "programmes" => msg("column-programmes"),
        "donors" => msg("column-donors"),
        "summary" => msg("column-summary"),
        "events" => msg("column-events"),
        // Activities and their details.
        "id" => msg("column-id"),
        "activities" => msg("column-activities"),
        "programme_id" => msg("column-programme-id"),
        "programme_code" => msg("column-programme-code"),
        "kind" => msg("column-kind"),
        "status" => msg("column-status"),
        "title" => msg("column-title"),
        "location" => msg("column-location"),
        "date" => msg("column-date"),
        "planned_start" => msg("column-planned-start"),
        "planned_end" => msg("column-planned-end"),
        "delivery_start" => msg("column-delivery-start"),
        "delivery_end" => msg("column-delivery-end"),
        "female" => msg("column-female"),
        "male" => msg("column-male"),
        "other_or_undisclosed" => msg("column-other-or-undisclosed"),
        "participants" => msg("column-participants"),
        "version" => msg("column-version"),
        "activity_id" => msg("column-activity-id"),
        "country" => msg("column-country"),
        "unattributed" => msg("column-unattributed"),
        "donor" => msg("column-donor"),
        "currency" => msg("column-currency"),
        "amount" => msg("column-amount"),
        "organisation_id" => msg("column-organisation-id"),
        "institution" => msg("column-institution"),
        "outputs" => msg("column-outputs"),
        // Programmes and donors.
        "code" => msg("column-code"),
        "name" => msg("column-name"),
        "thematic_area" => msg("column-thematic-area"),
        "recorded_as" => msg("column-recorded-as"),
        // Summaries, one row per figure.
        "scope_type" => msg("column-scope-type"),
        "scope" => msg("column-scope"),
        "from" => msg("column-from"),
        "to" => msg("column-to"),
        "kind_filter" => msg("column-kind-filter"),
        "as_of" => msg("column-as-of"),
        "as_of_position" => msg("column-as-of-position"),
        "measure" => msg("column-measure"),
        "dimension" => msg("column-dimension"),
        "category" => msg("column-category"),
        "subcategory" => msg("column-subcategory"),
        "value" => msg("column-value"),
        // The audit feed.
        "seq" => msg("column-seq"),
        "position" => msg("column-position"),
        "recorded_at" => msg("column-recorded-at"),
        "aggregate_type" => msg("column-aggregate-type"),
        "aggregate_id" => msg("column-aggregate-id"),
        "sequence" => msg("column-sequence"),
        "event_type" => msg("column-event-type"),
        "event_version" => msg("column-event-version"),
        "actor" => msg("column-actor"),
        "role" => msg("column-role"),
        "request_id" => msg("column-request-id"),
        "reason" => msg("column-reason"),
        "idempotency_key" => msg("column-idempotency-key"),
        "payload" => msg("column-payload"),
        "metadata" => msg("column-metadata"),
        "link" => msg("column-link"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use tatrack_app::export::sources::{self, ACTIVITY_SHEETS, FEED_SHEETS, SUMMARY_SHEETS};

    use super::*;

    #[test]
    fn every_sheet_and_column_of_every_export_has_words_in_each_language() {
        let short = [sources::COUNTRY_SHEETS, sources::PROGRAMME_SHEETS, sources::DONOR_SHEETS];
        let sheets = [ACTIVITY_SHEETS, SUMMARY_SHEETS, FEED_SHEETS].into_iter().chain(short).flatten();
        for sheet in sheets {
            for name in std::iter::once(sheet.name).chain(sheet.columns.iter().copied()) {
                assert!(title_message(name).is_some(), "'{name}' has no words");
                for language in Language::COMPLETE {
                    let title = Headers::Words.title(language, name);
                    assert!(!title.is_empty() && title != name, "'{name}' in {language:?}: {title}");
                }
                assert_eq!(Headers::Machine.title(Language::French, name), name);
            }
            // A worksheet's name: at most 31 characters, none of []:*?/\ .
            for language in Language::COMPLETE {
                let title = Headers::Words.title(language, sheet.name);
                assert!(title.chars().count() <= 31 && !title.contains(['[', ']', ':', '*', '?', '/', '\\']));
            }
        }
    }
}
