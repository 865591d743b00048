//! tatrack's words in IATI 2.03 codelists. Every mapping the export makes is here, with the
//! reason for it; README's IATI section repeats them for publishers.

use tatrack_domain::vocabulary::{OutputKind, ThematicArea};
use tatrack_domain::ActivityStatus;
use tatrack_i18n::{msg, Message};

/// IATI's `OrganisationType` codelist (2.03).
pub const ORGANISATION_TYPES: &[&str] =
    &["10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72", "73", "80", "90"];

/// `OrganisationRole`: donors fund the activity.
pub const ROLE_FUNDING: &str = "1";
/// `OrganisationRole`: the reporting organisation carries the activity out.
pub const ROLE_IMPLEMENTING: &str = "4";

/// `ActivityDateType` codes.
pub const PLANNED_START: &str = "1";
pub const ACTUAL_START: &str = "2";
pub const PLANNED_END: &str = "3";
pub const ACTUAL_END: &str = "4";

/// `TransactionType` 11, incoming commitment: a donor's funding attributed to the activity is a
/// firm obligation the implementer reports receiving; tatrack does not record disbursements.
pub const TRANSACTION_INCOMING_COMMITMENT: &str = "11";

/// `SectorVocabulary` 1: OECD DAC CRS purpose codes (5 digits).
pub const SECTOR_VOCABULARY_DAC5: &str = "1";

/// `ResultType` 1: an output.
pub const RESULT_OUTPUT: &str = "1";

/// `ResultType` 2: an outcome (a programme's results framework).
pub const RESULT_OUTCOME: &str = "2";

/// `IndicatorMeasure` 1 (unit) and 2 (percentage): a results framework's indicators.
pub const MEASURE_UNIT: &str = "1";
pub const MEASURE_PERCENTAGE: &str = "2";

/// `IndicatorMeasure` 5: qualitative (an output is a fact described in words, not a count).
pub const MEASURE_QUALITATIVE: &str = "5";

/// `DescriptionType` 1: general.
pub const DESCRIPTION_GENERAL: &str = "1";

/// The `ActivityStatus` code of a tatrack status:
///
/// | tatrack | IATI |
/// | --- | --- |
/// | planned | 1 Pipeline/identification: not begun |
/// | delivered | 3 Finalisation: took place, its report still open |
/// | reported | 4 Closed: took place and reported, the record locked |
/// | cancelled | 5 Cancelled |
/// | voided | not published (the export leaves it out); 5 should it ever be asked for |
///
/// A voided record is a duplicate or a mistake: no such activity was ever planned, so publishing
/// it as cancelled would tell IATI's readers of an activity that never existed (and, for a
/// duplicate, count its budget twice).
pub fn activity_status(status: ActivityStatus) -> &'static str {
    match status {
        ActivityStatus::Planned => "1",
        ActivityStatus::Delivered => "3",
        ActivityStatus::Reported => "4",
        ActivityStatus::Cancelled | ActivityStatus::Voided => "5",
    }
}

/// The DAC 5-digit purpose code a programme of `area` reports under, unless configured
/// otherwise for that programme (`TATRACK_IATI_SECTORS`):
///
/// | thematic area | DAC code |
/// | --- | --- |
/// | corruption, money_laundering | 15113 Anti-corruption organisations and institutions (its definition names money-laundering) |
/// | organized_crime, crime_prevention, cybercrime | 15130 Legal and judicial development (law enforcement, legal frameworks) |
/// | trafficking_in_persons, smuggling_of_migrants | 15190 Facilitation of orderly, safe, regular and responsible migration (names both) |
/// | terrorism_prevention | 15210 Security system management and reform |
/// | firearms | 15240 Reintegration and SALW control |
/// | drugs | 16063 Narcotics control |
/// | wildlife_and_forest_crime | 41030 Biodiversity (protection of endangered species) |
pub fn sector(area: ThematicArea) -> u32 {
    match area {
        ThematicArea::Corruption | ThematicArea::MoneyLaundering => 15113,
        ThematicArea::OrganizedCrime | ThematicArea::CrimePrevention | ThematicArea::Cybercrime => 15130,
        ThematicArea::TraffickingInPersons | ThematicArea::SmugglingOfMigrants => 15190,
        ThematicArea::TerrorismPrevention => 15210,
        ThematicArea::Firearms => 15240,
        ThematicArea::Drugs => 16063,
        ThematicArea::WildlifeAndForestCrime => 41030,
    }
}

/// IATI's Country codelist is ISO 3166-1 alpha-2; tatrack keeps alpha-3. Every stored code
/// was checked against the same list when recorded, so a miss cannot happen.
pub fn country_alpha2(alpha3: &str) -> Option<&'static str> {
    rust_iso3166::from_alpha3(alpha3).map(|c| c.alpha2)
}

/// Each country's share of a regional activity, in percent with two decimals, summing to
/// exactly 100: 10000 hundredths split evenly, the first countries taking one hundredth more
/// each until the remainder is used up (3 countries: 33.34, 33.33, 33.33).
pub fn country_shares(countries: usize) -> Vec<String> {
    if countries == 0 {
        return Vec::new();
    }
    let (base, extra) = (10_000 / countries, 10_000 % countries);
    (0..countries)
        .map(|i| {
            let hundredths = base + usize::from(i < extra);
            if hundredths % 100 == 0 {
                (hundredths / 100).to_string()
            } else {
                format!("{}.{:02}", hundredths / 100, hundredths % 100)
            }
        })
        .collect()
}

/// An output kind in words: the title of its `result` and of the result's indicator.
pub fn output_words(kind: OutputKind) -> Message {
    match kind {
        OutputKind::LawDrafted => msg("iati-output-law-drafted"),
        OutputKind::LawAmended => msg("iati-output-law-amended"),
        OutputKind::StrategyAdopted => msg("iati-output-strategy-adopted"),
        OutputKind::AccessionDeposited => msg("iati-output-accession-deposited"),
        OutputKind::ManualPublished => msg("iati-output-manual-published"),
        OutputKind::NetworkEstablished => msg("iati-output-network-established"),
        OutputKind::Other => msg("iati-output-other"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iati::dac5::is_purpose_code;

    #[test]
    fn shares_sum_to_exactly_one_hundred() {
        assert_eq!(country_shares(1), ["100"]);
        assert_eq!(country_shares(2), ["50", "50"]);
        assert_eq!(country_shares(3), ["33.34", "33.33", "33.33"]);
        assert_eq!(country_shares(7), ["14.29", "14.29", "14.29", "14.29", "14.28", "14.28", "14.28"]);
        for n in 1..=250 {
            let hundredths: u64 = country_shares(n)
                .iter()
                .map(|s| {
                    let (whole, fraction) = s.split_once('.').unwrap_or((s, "00"));
                    whole.parse::<u64>().unwrap_or(0) * 100 + fraction.parse::<u64>().unwrap_or(0)
                })
                .sum();
            assert_eq!(hundredths, 10_000, "{n} countries");
        }
        assert!(country_shares(0).is_empty());
    }

    #[test]
    fn every_thematic_area_maps_to_a_purpose_code_in_use() {
        for area in ThematicArea::ALL {
            assert!(is_purpose_code(sector(*area)), "{area:?}");
        }
    }

    #[test]
    fn countries_become_alpha2() {
        assert_eq!(country_alpha2("SAU"), Some("SA"));
        assert_eq!(country_alpha2("BOL"), Some("BO"));
        assert_eq!(country_alpha2("XYZ"), None);
    }

    #[test]
    fn statuses_map_to_distinct_codes() {
        let codes: Vec<&str> = [
            ActivityStatus::Planned,
            ActivityStatus::Delivered,
            ActivityStatus::Reported,
            ActivityStatus::Cancelled,
        ]
        .map(activity_status)
        .to_vec();
        assert_eq!(codes, ["1", "3", "4", "5"]);
    }
}
