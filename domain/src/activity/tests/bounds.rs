//! The bounds on what an activity accepts: amounts, head-counts, dates and text. Each holds for
//! commands only: events stored before a bound existed still apply (see the last tests).

use super::*;
use crate::bounds::{ControlCharacter, DateOutOfRange, MAX_HEADCOUNT};

#[test]
fn attributing_more_than_ten_trillion_is_refused() {
    for too_much in ["10000000000000.01", "79228162514264337593543950335", "7922816251426433759354395033.5"] {
        let command = ActivityCommand::AttributeFunding(funding("European Union", too_much, "EUR"));
        assert_refused::<Activity>(vec![planned()], command, ActivityError::Amount(AmountError::TooLarge));
    }
    assert_recorded::<Activity>(
        vec![planned()],
        ActivityCommand::AttributeFunding(funding("European Union", "10000000000000.00", "EUR")),
        vec![ActivityEvent::FundingAttributed(FundingAttributed {
            donor: text("European Union"),
            organisation_id: None,
            amount: amount("10000000000000.00"),
            currency: currency("EUR"),
        })],
    );
}

#[test]
fn a_count_over_the_headcount_bound_is_refused_by_its_name() {
    let over = MAX_HEADCOUNT + 1;
    let cases = [
        (participants(over, 0, 0), "female"),
        (participants(0, 0, over), "other_or_undisclosed"),
        (
            Participants {
                by_institution: Some(by_institution(&[(Institution::Police, over)])),
                ..participants(0, 1, 0)
            },
            "by_institution.police",
        ),
        (
            Participants {
                by_country: Some(by_country(&[("ARE", attendance(0, over, 0))])),
                ..participants(0, 1, 0)
            },
            "by_country.ARE.male",
        ),
    ];
    for (tally, field) in cases {
        let command = ActivityCommand::RecordParticipants(tally);
        let too_large = ActivityError::HeadcountTooLarge { field: field.to_owned() };
        assert_refused::<Activity>(vec![regional_planned(), delivered()], command, too_large);
    }
}

#[test]
fn a_tally_over_the_headcount_bound_in_all_is_refused() {
    let half = MAX_HEADCOUNT / 2;
    assert_refused::<Activity>(
        vec![planned(), delivered()],
        ActivityCommand::RecordParticipants(participants(half, half, 1)),
        ActivityError::TallyTooLarge,
    );
    assert_recorded::<Activity>(
        vec![planned(), delivered()],
        ActivityCommand::RecordParticipants(participants(half, half, 0)),
        vec![ActivityEvent::ParticipantsRecorded(ParticipantsTallied {
            female: Headcount::new(half),
            male: Headcount::new(half),
            other_or_undisclosed: Headcount::new(0),
            by_institution: None,
            by_country: None,
        })],
    );
}

#[test]
fn dates_outside_1900_to_2200_are_refused_by_their_name() {
    let year_zero = day(0, 1, 1);
    let before_christ = day(-1, 1, 1);
    let cases = [
        (vec![], ActivityCommand::Plan(PlanActivity { planned_start: year_zero, ..plan() }), "planned_start"),
        (
            vec![],
            ActivityCommand::Plan(PlanActivity { planned_start: before_christ, ..plan() }),
            "planned_start",
        ),
        (
            vec![],
            ActivityCommand::Plan(PlanActivity { planned_end: day(2201, 1, 1), ..plan() }),
            "planned_end",
        ),
        (
            vec![planned()],
            ActivityCommand::Reschedule(Reschedule { planned_start: day(1899, 12, 31), ..reschedule() }),
            "planned_start",
        ),
        (
            vec![planned()],
            ActivityCommand::RecordDelivery(dated(Delivery { start: year_zero, ..delivery() })),
            "start",
        ),
        (
            vec![planned()],
            ActivityCommand::RecordDelivery(dated(Delivery {
                end: day(2200, 12, 31).succ_opt().expect("a day"),
                ..delivery()
            })),
            "end",
        ),
        (
            vec![planned()],
            ActivityCommand::Correct(correction(PlannedFieldChanges {
                planned_start: Some(year_zero),
                ..PlannedFieldChanges::default()
            })),
            "planned_start",
        ),
    ];
    for (given, command, field) in cases {
        assert_refused::<Activity>(given, command, ActivityError::Date(DateOutOfRange { field }));
    }
    let edges = PlanActivity { planned_start: day(1900, 1, 1), planned_end: day(2200, 12, 31), ..plan() };
    assert_accepted::<Activity>(vec![], ActivityCommand::Plan(edges));
}

#[test]
fn control_characters_in_text_are_refused_by_their_path() {
    let nul = |s: &str| text(&format!("{s}\u{0}"));
    let cases = [
        (vec![], ActivityCommand::Plan(PlanActivity { title: nul("Workshop"), ..plan() }), "title"),
        (
            vec![],
            ActivityCommand::Plan(PlanActivity { description: Some(text("one\u{1b}[31m")), ..plan() }),
            "description",
        ),
        (vec![planned()], ActivityCommand::AttributeFunding(funding("EU\u{7f}", "1.00", "EUR")), "donor"),
        (
            vec![planned()],
            ActivityCommand::Correct(correction(PlannedFieldChanges {
                location: Some(text("Riy\radh")),
                ..PlannedFieldChanges::default()
            })),
            "changes.location",
        ),
        (vec![planned()], ActivityCommand::Cancel(Cancellation { reason: nul("No venue") }), "reason"),
        (
            vec![planned()],
            ActivityCommand::RecordOutput(Output { description: text("guide\u{85}book"), ..output() }),
            "description",
        ),
    ];
    for (given, command, field) in cases {
        let refused = ActivityError::Text(ControlCharacter { field: field.to_owned() });
        assert_refused::<Activity>(given, command, refused);
    }
    let tab_and_newline =
        PlanActivity { description: Some(text("Day 1:\tMLA\nDay 2:\tExtradition")), ..plan() };
    assert_accepted::<Activity>(vec![], ActivityCommand::Plan(tab_and_newline));
}

#[test]
fn events_stored_before_the_bounds_still_apply() {
    let huge = funding("European Union", "79228162514264337593543950335", "EUR");
    let record = record_after(vec![
        ActivityEvent::ActivityPlanned(PlannedFields {
            planned_start: day(0, 1, 1),
            title: text("Old\u{1}title"),
            ..planned_fields()
        }),
        delivered(),
        participants_recorded(u32::MAX, 0, 0),
        funding_attributed("European Union", "79228162514264337593543950335", "EUR"),
    ]);
    assert_eq!(record.funding, vec![huge]);
    assert_eq!(record.participants.map(|p| p.female.get()), Some(u32::MAX));
    assert_eq!(record.planned.planned_start, day(0, 1, 1));
}
