//! The programme's events: its registration and contributions (1.0, and 1.1 naming the
//! organisation), and its results framework: outcomes, indicators, revisions and actuals.

use tatrack_domain::events::programme::ContributionRecorded;
use tatrack_domain::events::results::{
    ActualReported, CountRule, IndicatorDefined, IndicatorRevised, IndicatorTerms, IndicatorUnit,
    OutcomeDefined, YearValue,
};
use tatrack_domain::events::ProgrammeRegistration;
use tatrack_domain::values::{IndicatorId, OutcomeId, ProgrammeCode};
use tatrack_domain::vocabulary::{ActivityKind, ThematicArea};
use tatrack_domain::ProgrammeEvent;

use crate::fixture::{assert_decode_as_written, currency, date, decimal, organisation, text};

#[test]
fn every_programme_event_decodes_as_written() {
    let cases = vec![
        (
            "ProgrammeRegistered",
            "1.0",
            ProgrammeEvent::ProgrammeRegistered(ProgrammeRegistration {
                code: ProgrammeCode::parse("GLOFIREARMS").expect("code"),
                name: text("Global Firearms Programme"),
                thematic_area: ThematicArea::Firearms,
                start: Some(date(2011, 1, 1)),
                end: None,
            }),
        ),
        (
            "ContributionRecorded",
            "1.0",
            ProgrammeEvent::ContributionRecorded(ContributionRecorded {
                donor: text("European Union"),
                organisation_id: None,
                amount: decimal("2400000.00"),
                currency: currency("EUR"),
                received_on: date(2019, 3, 1),
            }),
        ),
        (
            "ContributionRecorded",
            "1.1",
            ProgrammeEvent::ContributionRecorded(ContributionRecorded {
                donor: text("EU"),
                organisation_id: Some(organisation("3a1d9c7e-2b4f-4a6c-8e0d-1f3b5d7a9c21")),
                amount: decimal("2400000.00"),
                currency: currency("EUR"),
                received_on: date(2019, 3, 1),
            }),
        ),
        (
            "OutcomeDefined",
            "1.0",
            ProgrammeEvent::OutcomeDefined(OutcomeDefined {
                outcome_id: OutcomeId::new(uuid("00000000-0000-4000-8000-000000000301")),
                name: text("Stronger firearms controls"),
            }),
        ),
        (
            "IndicatorDefined",
            "1.0",
            ProgrammeEvent::IndicatorDefined(IndicatorDefined {
                indicator_id: IndicatorId::new(uuid("00000000-0000-4000-8000-000000000311")),
                outcome_id: OutcomeId::new(uuid("00000000-0000-4000-8000-000000000301")),
                name: text("People trained"),
                unit: IndicatorUnit::Number,
                by_sex: true,
                baseline: Some(year_value(2022, "0")),
                targets: vec![year_value(2024, "300"), year_value(2025, "450")],
                count: Some(CountRule::Participants { kind: Some(ActivityKind::Training) }),
            }),
        ),
        (
            "IndicatorRevised",
            "1.0",
            ProgrammeEvent::IndicatorRevised(IndicatorRevised {
                indicator_id: IndicatorId::new(uuid("00000000-0000-4000-8000-000000000312")),
                reason: text("donor agreed new targets"),
                before: IndicatorTerms {
                    name: text("Seized firearms traced"),
                    baseline: Some(year_value(2022, "12.5")),
                    targets: vec![year_value(2024, "40")],
                },
                after: IndicatorTerms {
                    name: text("Seized firearms traced"),
                    baseline: None,
                    targets: vec![year_value(2024, "45.5")],
                },
            }),
        ),
        (
            "ActualReported",
            "1.0",
            ProgrammeEvent::ActualReported(ActualReported {
                indicator_id: IndicatorId::new(uuid("00000000-0000-4000-8000-000000000312")),
                year: 2024,
                value: decimal("37.5"),
                reason: text("national tracing report"),
            }),
        ),
    ];
    assert_decode_as_written("Programme", cases);
}

fn year_value(year: i32, value: &str) -> YearValue {
    YearValue { year, value: decimal(value) }
}

fn uuid(id: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(id).expect("fixture id")
}
