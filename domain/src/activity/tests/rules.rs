//! Rules: each error variant, from the command that breaks it; and what stays open after the end.

use super::*;
use crate::events::activity::{Corrected, CorrectedFields};

// ---------------------------------------------------------------------------------------------
// Rules: each error variant, from the command that breaks it
// ---------------------------------------------------------------------------------------------

#[test]
fn any_command_but_a_plan_on_an_unplanned_activity_is_refused() {
    let mut commands = commands_other_than_plan_and_correction();
    commands.push(ActivityCommand::Correct(correction(PlannedFieldChanges {
        location: Some(text("Jeddah")),
        ..PlannedFieldChanges::default()
    })));
    for command in commands {
        assert_refused::<Activity>(vec![], command, ActivityError::NotPlanned);
    }
}

#[test]
fn planning_an_activity_twice_is_refused() {
    assert_refused::<Activity>(vec![planned()], ActivityCommand::Plan(plan()), ActivityError::AlreadyPlanned);
}

#[test]
fn an_end_before_the_start_is_refused_naming_the_end() {
    let ends_before_it_starts = [
        (
            vec![],
            ActivityCommand::Plan(PlanActivity { planned_end: day(2019, 10, 19), ..plan() }),
            "planned_end",
        ),
        (
            vec![planned()],
            ActivityCommand::Reschedule(Reschedule { planned_end: day(2019, 11, 2), ..reschedule() }),
            "planned_end",
        ),
        (
            vec![planned()],
            ActivityCommand::RecordDelivery(dated(Delivery { end: day(2019, 10, 20), ..delivery() })),
            "end",
        ),
        // A correction of the start alone, past the planned end.
        (
            vec![planned()],
            ActivityCommand::Correct(correction(PlannedFieldChanges {
                planned_start: Some(day(2019, 10, 25)),
                ..PlannedFieldChanges::default()
            })),
            "planned_end",
        ),
    ];
    for (given, command, end_field) in ends_before_it_starts {
        assert_refused::<Activity>(given, command, ActivityError::EndBeforeStart { end_field });
    }
}

#[test]
fn an_activity_in_no_country_is_refused() {
    let plan = PlanActivity { countries: Vec::new(), ..plan() };
    assert_refused::<Activity>(vec![], ActivityCommand::Plan(plan), ActivityError::NoCountries);
    let changes = PlannedFieldChanges { countries: Some(Vec::new()), ..PlannedFieldChanges::default() };
    let correct = ActivityCommand::Correct(correction(changes));
    assert_refused::<Activity>(vec![planned()], correct, ActivityError::NoCountries);
}

#[test]
fn a_country_listed_twice_is_refused() {
    // Codes are compared once canonical, so "sau" repeats "SAU".
    let plan = PlanActivity { countries: vec![country("SAU"), country("ARE"), country("sau")], ..plan() };
    let twice = ActivityError::DuplicateCountry("SAU".to_owned());
    assert_refused::<Activity>(vec![], ActivityCommand::Plan(plan), twice);
    let changes = PlannedFieldChanges {
        countries: Some(vec![country("SAU"), country("OMN"), country("OMN")]),
        ..PlannedFieldChanges::default()
    };
    let twice = ActivityError::DuplicateCountry("OMN".to_owned());
    assert_refused::<Activity>(vec![planned()], ActivityCommand::Correct(correction(changes)), twice);
}

#[test]
fn recording_rescheduling_or_reporting_a_cancelled_activity_is_refused() {
    let commands = [
        ActivityCommand::RecordDelivery(dated(delivery())),
        ActivityCommand::RecordParticipants(participants(11, 19, 0)),
        ActivityCommand::AttributeFunding(eu_funding()),
        ActivityCommand::Reschedule(reschedule()),
        ActivityCommand::RecordOutput(output()),
        ActivityCommand::Report(ReportActivity {}),
    ];
    for command in commands {
        assert_refused::<Activity>(vec![planned(), cancelled()], command, ActivityError::Cancelled);
    }
}

#[test]
fn cancelling_a_cancelled_activity_is_refused() {
    assert_refused::<Activity>(
        vec![planned(), cancelled()],
        ActivityCommand::Cancel(cancellation()),
        ActivityError::AlreadyCancelled,
    );
}

#[test]
fn every_command_but_a_correction_on_a_reported_activity_is_refused() {
    let reported = vec![planned(), eu_funding_attributed(), delivered(), ActivityEvent::ActivityReported];
    for command in commands_other_than_plan_and_correction() {
        assert_refused::<Activity>(reported.clone(), command, ActivityError::Reported);
    }
}

#[test]
fn rescheduling_or_cancelling_a_delivered_activity_is_refused() {
    for command in [ActivityCommand::Reschedule(reschedule()), ActivityCommand::Cancel(cancellation())] {
        assert_refused::<Activity>(vec![planned(), delivered()], command, ActivityError::AlreadyDelivered);
    }
}

#[test]
fn recording_participants_or_reporting_before_delivery_is_refused() {
    let commands = [
        ActivityCommand::RecordParticipants(participants(11, 19, 0)),
        ActivityCommand::Report(ReportActivity {}),
    ];
    for command in commands {
        assert_refused::<Activity>(vec![planned()], command, ActivityError::NotDelivered);
    }
}

#[test]
fn a_breakdown_beyond_the_tally_or_the_activitys_countries_is_refused() {
    // 31 by institution against 30 participants.
    let by_institution_31 = Participants {
        by_institution: Some(by_institution(&[(Institution::Prosecutors, 20), (Institution::Judges, 11)])),
        ..participants(11, 19, 0)
    };
    let mut cases = vec![(
        vec![planned(), delivered()],
        ActivityCommand::RecordParticipants(by_institution_31),
        ActivityError::BreakdownExceedsTotal { field: "by_institution" },
    )];
    let of_regional = |breakdown: &[(&str, Attendance)]| {
        ActivityCommand::RecordParticipants(Participants {
            by_country: Some(by_country(breakdown)),
            ..participants(12, 17, 1)
        })
    };
    // Against 12 women, 17 men and 1 other (30 in all), one more of a single sex is refused,
    // though the breakdown's 13, 18 or 2 people are well under 30.
    let one_too_many = [
        [("SAU", attendance(9, 0, 0)), ("ARE", attendance(4, 0, 0))],
        [("SAU", attendance(0, 10, 0)), ("ARE", attendance(0, 8, 0))],
        [("SAU", attendance(0, 0, 1)), ("ARE", attendance(0, 0, 1))],
    ];
    for breakdown in one_too_many {
        let exceeds = ActivityError::BreakdownExceedsTotal { field: "by_country" };
        cases.push((vec![regional_planned(), delivered()], of_regional(&breakdown), exceeds));
    }
    // A country outside the activity.
    let qatar = [("SAU", attendance(5, 8, 0)), ("QAT", attendance(1, 1, 0))];
    let outside = ActivityError::CountryNotInActivity("QAT".to_owned());
    cases.push((vec![regional_planned(), delivered()], of_regional(&qatar), outside));
    assert_each_refused::<Activity>(cases);
}

#[test]
fn attributing_an_amount_not_positive_or_finer_than_the_currency_allows_is_refused() {
    let cases = [
        (funding("European Union", "0.00", "EUR"), AmountError::NotPositive),
        (funding("European Union", "-12000.00", "EUR"), AmountError::NotPositive),
        (
            funding("European Union", "12000.005", "EUR"),
            AmountError::TooPrecise { currency: "EUR", digits: 2 },
        ),
        (
            funding("Government of Japan", "0.5", "JPY"),
            AmountError::TooPrecise { currency: "JPY", digits: 0 },
        ),
        // Zeros count as decimals too: an amount is kept as it is written.
        (
            funding("European Union", "12000.000", "EUR"),
            AmountError::TooPrecise { currency: "EUR", digits: 2 },
        ),
        (
            funding("Government of Japan", "12.00", "JPY"),
            AmountError::TooPrecise { currency: "JPY", digits: 0 },
        ),
    ];
    for (funding, error) in cases {
        let command = ActivityCommand::AttributeFunding(funding);
        assert_refused::<Activity>(vec![planned()], command, ActivityError::Amount(error));
    }
}

#[test]
fn withdrawing_funding_from_a_donor_who_gave_none_is_refused() {
    assert_refused::<Activity>(
        vec![planned(), eu_funding_attributed()],
        ActivityCommand::WithdrawFunding(withdrawal("Government of Japan")),
        ActivityError::NoFundingFromDonor("Government of Japan".to_owned()),
    );
}

#[test]
fn withdrawing_funding_already_withdrawn_is_refused() {
    assert_refused::<Activity>(
        vec![planned(), eu_funding_attributed(), funding_withdrawn("European Union")],
        ActivityCommand::WithdrawFunding(withdrawal("European Union")),
        ActivityError::NoFundingFromDonor("European Union".to_owned()),
    );
}

#[test]
fn an_empty_correction_is_refused() {
    assert_refused::<Activity>(
        vec![planned()],
        ActivityCommand::Correct(correction(PlannedFieldChanges::default())),
        ActivityError::NothingToCorrect,
    );
}

#[test]
fn a_correction_that_repeats_every_current_value_is_refused() {
    let same = PlannedFieldChanges {
        programme_id: Some(programme_id()),
        kind: Some(ActivityKind::Workshop),
        title: Some(text(TITLE)),
        countries: Some(vec![country("SAU")]),
        location: Some(text("Riyadh")),
        planned_start: Some(day(2019, 10, 20)),
        planned_end: Some(day(2019, 10, 24)),
        description: Some(Some(text(DESCRIPTION))),
    };
    assert_refused::<Activity>(
        vec![planned()],
        ActivityCommand::Correct(correction(same)),
        ActivityError::NothingToCorrect,
    );
}

#[test]
fn a_correction_that_drops_a_country_still_in_the_participants_breakdown_is_refused() {
    let changes =
        PlannedFieldChanges { countries: Some(vec![country("SAU")]), ..PlannedFieldChanges::default() };
    assert_refused::<Activity>(
        vec![regional_planned(), delivered(), regional_tally_recorded()],
        ActivityCommand::Correct(correction(changes)),
        ActivityError::CountryNotInActivity("ARE".to_owned()),
    );
}

// ---------------------------------------------------------------------------------------------
// What stays open: corrections after the end, withdrawals after a cancellation
// ---------------------------------------------------------------------------------------------

#[test]
fn a_correction_is_accepted_on_a_reported_activity() {
    let changes =
        PlannedFieldChanges { programme_id: Some(other_programme_id()), ..PlannedFieldChanges::default() };
    assert_recorded::<Activity>(
        vec![planned(), delivered(), ActivityEvent::ActivityReported],
        ActivityCommand::Correct(correction(changes)),
        vec![ActivityEvent::ActivityCorrected(Corrected {
            reason: text("Typed in wrongly at planning"),
            changes: CorrectedFields {
                programme_id: Some(other_programme_id()),
                ..CorrectedFields::default()
            },
        })],
    );
}

#[test]
fn a_correction_is_accepted_on_a_cancelled_activity() {
    let changes = PlannedFieldChanges { location: Some(text("Jeddah")), ..PlannedFieldChanges::default() };
    assert_recorded::<Activity>(
        vec![planned(), cancelled()],
        ActivityCommand::Correct(correction(changes)),
        vec![ActivityEvent::ActivityCorrected(Corrected {
            reason: text("Typed in wrongly at planning"),
            changes: CorrectedFields { location: Some(text("Jeddah")), ..CorrectedFields::default() },
        })],
    );
}

#[test]
fn withdrawing_funding_from_a_cancelled_activity_is_accepted() {
    assert_recorded::<Activity>(
        vec![planned(), eu_funding_attributed(), cancelled()],
        ActivityCommand::WithdrawFunding(withdrawal("European Union")),
        vec![ActivityEvent::FundingWithdrawn(FundingWithdrawn {
            donor: text("European Union"),
            reason: text("Attributed to the wrong activity"),
        })],
    );
}
