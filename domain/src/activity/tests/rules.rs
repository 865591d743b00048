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
        let result = activity().given_no_previous_events().when(command.clone()).inspect_result();
        assert_eq!(result, Err(ActivityError::NotPlanned), "{command:?}");
    }
}

#[test]
fn planning_an_activity_twice_is_refused() {
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::Plan(plan()))
        .then_expect_error(ActivityError::AlreadyPlanned);
}

#[test]
fn planning_an_activity_that_ends_before_it_starts_is_refused() {
    let plan = PlanActivity { planned_end: day(2019, 10, 19), ..plan() };
    activity()
        .given_no_previous_events()
        .when(ActivityCommand::Plan(plan))
        .then_expect_error(ActivityError::EndBeforeStart { end_field: "planned_end" });
}

#[test]
fn rescheduling_to_an_end_before_the_start_is_refused() {
    let reschedule = Reschedule { planned_end: day(2019, 11, 2), ..reschedule() };
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::Reschedule(reschedule))
        .then_expect_error(ActivityError::EndBeforeStart { end_field: "planned_end" });
}

#[test]
fn recording_a_delivery_that_ends_before_it_starts_is_refused() {
    let delivery = Delivery { end: day(2019, 10, 20), ..delivery() };
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::RecordDelivery(dated(delivery)))
        .then_expect_error(ActivityError::EndBeforeStart { end_field: "end" });
}

#[test]
fn a_correction_that_puts_the_end_before_the_start_is_refused() {
    let changes =
        PlannedFieldChanges { planned_start: Some(day(2019, 10, 25)), ..PlannedFieldChanges::default() };
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::Correct(correction(changes)))
        .then_expect_error(ActivityError::EndBeforeStart { end_field: "planned_end" });
}

#[test]
fn planning_an_activity_in_no_country_is_refused() {
    let plan = PlanActivity { countries: Vec::new(), ..plan() };
    activity()
        .given_no_previous_events()
        .when(ActivityCommand::Plan(plan))
        .then_expect_error(ActivityError::NoCountries);
}

#[test]
fn a_correction_that_removes_every_country_is_refused() {
    let changes = PlannedFieldChanges { countries: Some(Vec::new()), ..PlannedFieldChanges::default() };
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::Correct(correction(changes)))
        .then_expect_error(ActivityError::NoCountries);
}

#[test]
fn planning_an_activity_with_a_country_listed_twice_is_refused() {
    // Codes are compared once canonical, so "sau" repeats "SAU".
    let plan = PlanActivity { countries: vec![country("SAU"), country("ARE"), country("sau")], ..plan() };
    activity()
        .given_no_previous_events()
        .when(ActivityCommand::Plan(plan))
        .then_expect_error(ActivityError::DuplicateCountry("SAU".to_owned()));
}

#[test]
fn a_correction_that_lists_a_country_twice_is_refused() {
    let changes = PlannedFieldChanges {
        countries: Some(vec![country("SAU"), country("OMN"), country("OMN")]),
        ..PlannedFieldChanges::default()
    };
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::Correct(correction(changes)))
        .then_expect_error(ActivityError::DuplicateCountry("OMN".to_owned()));
}

#[test]
fn delivering_a_cancelled_activity_is_refused() {
    activity()
        .given(vec![planned(), cancelled()])
        .when(ActivityCommand::RecordDelivery(dated(delivery())))
        .then_expect_error(ActivityError::Cancelled);
}

#[test]
fn recording_participants_of_a_cancelled_activity_is_refused() {
    activity()
        .given(vec![planned(), cancelled()])
        .when(ActivityCommand::RecordParticipants(participants(11, 19, 0)))
        .then_expect_error(ActivityError::Cancelled);
}

#[test]
fn attributing_funding_to_a_cancelled_activity_is_refused() {
    activity()
        .given(vec![planned(), cancelled()])
        .when(ActivityCommand::AttributeFunding(eu_funding()))
        .then_expect_error(ActivityError::Cancelled);
}

#[test]
fn rescheduling_reporting_or_recording_an_output_of_a_cancelled_activity_is_refused() {
    let commands = [
        ActivityCommand::Reschedule(reschedule()),
        ActivityCommand::RecordOutput(output()),
        ActivityCommand::Report(ReportActivity {}),
    ];
    for command in commands {
        let result = activity().given(vec![planned(), cancelled()]).when(command.clone()).inspect_result();
        assert_eq!(result, Err(ActivityError::Cancelled), "{command:?}");
    }
}

#[test]
fn cancelling_a_cancelled_activity_is_refused() {
    activity()
        .given(vec![planned(), cancelled()])
        .when(ActivityCommand::Cancel(cancellation()))
        .then_expect_error(ActivityError::AlreadyCancelled);
}

#[test]
fn every_command_but_a_correction_on_a_reported_activity_is_refused() {
    let reported = vec![planned(), eu_funding_attributed(), delivered(), ActivityEvent::ActivityReported];
    for command in commands_other_than_plan_and_correction() {
        let result = activity().given(reported.clone()).when(command.clone()).inspect_result();
        assert_eq!(result, Err(ActivityError::Reported), "{command:?}");
    }
}

#[test]
fn rescheduling_a_delivered_activity_is_refused() {
    activity()
        .given(vec![planned(), delivered()])
        .when(ActivityCommand::Reschedule(reschedule()))
        .then_expect_error(ActivityError::AlreadyDelivered);
}

#[test]
fn cancelling_a_delivered_activity_is_refused() {
    activity()
        .given(vec![planned(), delivered()])
        .when(ActivityCommand::Cancel(cancellation()))
        .then_expect_error(ActivityError::AlreadyDelivered);
}

#[test]
fn recording_participants_before_delivery_is_refused() {
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::RecordParticipants(participants(11, 19, 0)))
        .then_expect_error(ActivityError::NotDelivered);
}

#[test]
fn reporting_an_activity_before_delivery_is_refused() {
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::Report(ReportActivity {}))
        .then_expect_error(ActivityError::NotDelivered);
}

#[test]
fn an_institution_breakdown_larger_than_the_total_is_refused() {
    // 31 by institution against 30 participants.
    let tally = Participants {
        by_institution: Some(by_institution(&[(Institution::Prosecutors, 20), (Institution::Judges, 11)])),
        ..participants(11, 19, 0)
    };
    activity()
        .given(vec![planned(), delivered()])
        .when(ActivityCommand::RecordParticipants(tally))
        .then_expect_error(ActivityError::BreakdownExceedsTotal { field: "by_institution" });
}

#[test]
fn a_country_breakdown_larger_than_the_tally_of_one_sex_is_refused() {
    // Against 12 women, 17 men and 1 other (30 in all), one more of a single sex is refused,
    // though the breakdown's 13, 18 or 2 people are well under 30.
    let one_too_many = [
        [("SAU", attendance(9, 0, 0)), ("ARE", attendance(4, 0, 0))],
        [("SAU", attendance(0, 10, 0)), ("ARE", attendance(0, 8, 0))],
        [("SAU", attendance(0, 0, 1)), ("ARE", attendance(0, 0, 1))],
    ];
    for breakdown in one_too_many {
        let tally = Participants { by_country: Some(by_country(&breakdown)), ..participants(12, 17, 1) };
        let result = activity()
            .given(vec![regional_planned(), delivered()])
            .when(ActivityCommand::RecordParticipants(tally))
            .inspect_result();
        assert_eq!(
            result,
            Err(ActivityError::BreakdownExceedsTotal { field: "by_country" }),
            "{breakdown:?}"
        );
    }
}

#[test]
fn a_country_breakdown_naming_a_country_outside_the_activity_is_refused() {
    let tally = Participants {
        by_country: Some(by_country(&[("SAU", attendance(5, 8, 0)), ("QAT", attendance(1, 1, 0))])),
        ..participants(12, 17, 1)
    };
    activity()
        .given(vec![regional_planned(), delivered()])
        .when(ActivityCommand::RecordParticipants(tally))
        .then_expect_error(ActivityError::CountryNotInActivity("QAT".to_owned()));
}

#[test]
fn attributing_a_zero_amount_is_refused() {
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::AttributeFunding(funding("European Union", "0.00", "EUR")))
        .then_expect_error(ActivityError::Amount(AmountError::NotPositive));
}

#[test]
fn attributing_a_negative_amount_is_refused() {
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::AttributeFunding(funding("European Union", "-12000.00", "EUR")))
        .then_expect_error(ActivityError::Amount(AmountError::NotPositive));
}

#[test]
fn attributing_an_amount_finer_than_the_currency_allows_is_refused() {
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::AttributeFunding(funding("European Union", "12000.005", "EUR")))
        .then_expect_error(ActivityError::Amount(AmountError::TooPrecise { currency: "EUR", digits: 2 }));
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::AttributeFunding(funding("Government of Japan", "0.5", "JPY")))
        .then_expect_error(ActivityError::Amount(AmountError::TooPrecise { currency: "JPY", digits: 0 }));
}

#[test]
fn withdrawing_funding_from_a_donor_who_gave_none_is_refused() {
    activity()
        .given(vec![planned(), eu_funding_attributed()])
        .when(ActivityCommand::WithdrawFunding(withdrawal("Government of Japan")))
        .then_expect_error(ActivityError::NoFundingFromDonor("Government of Japan".to_owned()));
}

#[test]
fn withdrawing_funding_already_withdrawn_is_refused() {
    activity()
        .given(vec![planned(), eu_funding_attributed(), funding_withdrawn("European Union")])
        .when(ActivityCommand::WithdrawFunding(withdrawal("European Union")))
        .then_expect_error(ActivityError::NoFundingFromDonor("European Union".to_owned()));
}

#[test]
fn an_empty_correction_is_refused() {
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::Correct(correction(PlannedFieldChanges::default())))
        .then_expect_error(ActivityError::NothingToCorrect);
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
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::Correct(correction(same)))
        .then_expect_error(ActivityError::NothingToCorrect);
}

#[test]
fn a_correction_that_drops_a_country_still_in_the_participants_breakdown_is_refused() {
    let changes =
        PlannedFieldChanges { countries: Some(vec![country("SAU")]), ..PlannedFieldChanges::default() };
    activity()
        .given(vec![regional_planned(), delivered(), regional_tally_recorded()])
        .when(ActivityCommand::Correct(correction(changes)))
        .then_expect_error(ActivityError::CountryNotInActivity("ARE".to_owned()));
}

// ---------------------------------------------------------------------------------------------
// What stays open: corrections after the end, withdrawals after a cancellation
// ---------------------------------------------------------------------------------------------

#[test]
fn a_correction_is_accepted_on_a_reported_activity() {
    let changes =
        PlannedFieldChanges { programme_id: Some(other_programme_id()), ..PlannedFieldChanges::default() };
    activity()
        .given(vec![planned(), delivered(), ActivityEvent::ActivityReported])
        .when(ActivityCommand::Correct(correction(changes)))
        .then_expect_events(vec![ActivityEvent::ActivityCorrected(Corrected {
            reason: text("Typed in wrongly at planning"),
            changes: CorrectedFields {
                programme_id: Some(other_programme_id()),
                ..CorrectedFields::default()
            },
        })]);
}

#[test]
fn a_correction_is_accepted_on_a_cancelled_activity() {
    let changes = PlannedFieldChanges { location: Some(text("Jeddah")), ..PlannedFieldChanges::default() };
    activity()
        .given(vec![planned(), cancelled()])
        .when(ActivityCommand::Correct(correction(changes)))
        .then_expect_events(vec![ActivityEvent::ActivityCorrected(Corrected {
            reason: text("Typed in wrongly at planning"),
            changes: CorrectedFields { location: Some(text("Jeddah")), ..CorrectedFields::default() },
        })]);
}

#[test]
fn withdrawing_funding_from_a_cancelled_activity_is_accepted() {
    activity()
        .given(vec![planned(), eu_funding_attributed(), cancelled()])
        .when(ActivityCommand::WithdrawFunding(withdrawal("European Union")))
        .then_expect_events(vec![ActivityEvent::FundingWithdrawn(FundingWithdrawn {
            donor: text("European Union"),
            reason: text("Attributed to the wrong activity"),
        })]);
}
