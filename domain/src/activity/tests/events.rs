//! Events: each command, in a state that accepts it, records its event.

use super::*;
use crate::events::activity::{Corrected, CorrectedFields, Rescheduled};

#[test]
fn planning_a_new_activity_records_activity_planned() {
    activity()
        .given_no_previous_events()
        .when(ActivityCommand::Plan(plan()))
        .then_expect_events(vec![planned()]);
}

#[test]
fn planning_a_regional_activity_records_every_country_in_order() {
    let plan = PlanActivity { countries: vec![country("SAU"), country("ARE"), country("OMN")], ..plan() };
    activity()
        .given_no_previous_events()
        .when(ActivityCommand::Plan(plan))
        .then_expect_events(vec![regional_planned()]);
}

#[test]
fn rescheduling_a_planned_activity_records_activity_rescheduled() {
    activity().given(vec![planned()]).when(ActivityCommand::Reschedule(reschedule())).then_expect_events(
        vec![ActivityEvent::ActivityRescheduled(Rescheduled {
            planned_start: day(2019, 11, 3),
            planned_end: day(2019, 11, 7),
            reason: Some(text("The venue is not available in October")),
        })],
    );
}

#[test]
fn recording_the_delivery_of_a_planned_activity_records_activity_delivered() {
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::RecordDelivery(dated(delivery())))
        .then_expect_events(vec![ActivityEvent::ActivityDelivered(Delivered {
            start: day(2019, 10, 21),
            end: day(2019, 10, 24),
            mode: DeliveryMode::InPerson,
        })]);
}

#[test]
fn recording_a_one_day_delivery_is_accepted() {
    let one_day = Delivery { start: day(2019, 10, 22), end: day(2019, 10, 22), mode: DeliveryMode::Online };
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::RecordDelivery(dated(one_day)))
        .then_expect_events(vec![ActivityEvent::ActivityDelivered(Delivered {
            start: day(2019, 10, 22),
            end: day(2019, 10, 22),
            mode: DeliveryMode::Online,
        })]);
}

#[test]
fn recording_participants_of_a_delivered_activity_records_participants_recorded() {
    activity()
        .given(vec![planned(), delivered()])
        .when(ActivityCommand::RecordParticipants(participants(11, 19, 0)))
        .then_expect_events(vec![ActivityEvent::ParticipantsRecorded(ParticipantsTallied {
            female: Headcount::new(11),
            male: Headcount::new(19),
            other_or_undisclosed: Headcount::new(0),
            by_institution: None,
            by_country: None,
        })]);
}

#[test]
fn recording_participants_of_a_regional_activity_keeps_both_breakdowns() {
    activity()
        .given(vec![regional_planned(), delivered()])
        .when(ActivityCommand::RecordParticipants(regional_tally()))
        .then_expect_events(vec![regional_tally_recorded()]);
}

#[test]
fn recording_participants_again_records_the_new_tally() {
    activity()
        .given(vec![planned(), delivered(), participants_recorded(11, 19, 0)])
        .when(ActivityCommand::RecordParticipants(participants(12, 19, 1)))
        .then_expect_events(vec![ActivityEvent::ParticipantsRecorded(ParticipantsTallied {
            female: Headcount::new(12),
            male: Headcount::new(19),
            other_or_undisclosed: Headcount::new(1),
            by_institution: None,
            by_country: None,
        })]);
}

#[test]
fn attributing_funding_records_funding_attributed() {
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::AttributeFunding(eu_funding()))
        .then_expect_events(vec![ActivityEvent::FundingAttributed(FundingAttributed {
            donor: text("European Union"),
            organisation_id: None,
            amount: amount("12000.00"),
            currency: currency("EUR"),
        })]);
}

#[test]
fn attributing_funding_of_an_organisation_records_its_id_beside_the_name() {
    let by_id = Funding { organisation_id: Some(eu_id()), ..eu_funding() };
    activity().given(vec![planned()]).when(ActivityCommand::AttributeFunding(by_id)).then_expect_events(
        vec![ActivityEvent::FundingAttributed(FundingAttributed {
            donor: text("European Union"),
            organisation_id: Some(eu_id()),
            amount: amount("12000.00"),
            currency: currency("EUR"),
        })],
    );
}

#[test]
fn a_funding_line_keeps_its_organisation_in_the_record() {
    let by_id = Funding { organisation_id: Some(eu_id()), ..eu_funding() };
    let mut state = Activity::default();
    state.apply(planned());
    state.apply(ActivityEvent::FundingAttributed(FundingAttributed {
        donor: text("European Union"),
        organisation_id: Some(eu_id()),
        amount: amount("12000.00"),
        currency: currency("EUR"),
    }));
    assert_eq!(state.record().map(|r| r.funding.clone()), Some(vec![by_id]));
}

#[test]
fn attributing_funding_in_a_currency_without_cents_is_accepted() {
    let yen = funding("Government of Japan", "1500000", "JPY");
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::AttributeFunding(yen.clone()))
        .then_expect_events(vec![ActivityEvent::FundingAttributed(FundingAttributed {
            donor: text("Government of Japan"),
            organisation_id: None,
            amount: amount("1500000"),
            currency: currency("JPY"),
        })]);
}

#[test]
fn withdrawing_a_donors_funding_records_funding_withdrawn() {
    activity()
        .given(vec![planned(), funding_attributed("European Union", "12000.00", "EUR")])
        .when(ActivityCommand::WithdrawFunding(withdrawal("European Union")))
        .then_expect_events(vec![ActivityEvent::FundingWithdrawn(FundingWithdrawn {
            donor: text("European Union"),
            reason: text("Attributed to the wrong activity"),
        })]);
}

#[test]
fn recording_an_output_records_output_recorded() {
    activity()
        .given(vec![planned(), delivered()])
        .when(ActivityCommand::RecordOutput(output()))
        .then_expect_events(vec![ActivityEvent::OutputRecorded(OutputRecorded {
            kind: OutputKind::ManualPublished,
            description: text("Saudi guide to drafting outgoing MLA requests"),
        })]);
}

#[test]
fn correcting_an_activity_records_only_the_fields_that_change() {
    let requested = PlannedFieldChanges {
        title: Some(text("Regional workshop on mutual legal assistance")),
        location: Some(text("Riyadh")),
        planned_end: Some(day(2019, 10, 24)),
        kind: Some(ActivityKind::Training),
        description: Some(Some(text(DESCRIPTION))),
        ..PlannedFieldChanges::default()
    };
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::Correct(correction(requested)))
        .then_expect_events(vec![ActivityEvent::ActivityCorrected(Corrected {
            reason: text("Typed in wrongly at planning"),
            changes: CorrectedFields {
                title: Some(text("Regional workshop on mutual legal assistance")),
                kind: Some(ActivityKind::Training),
                ..CorrectedFields::default()
            },
        })]);
}

#[test]
fn cancelling_a_planned_activity_records_activity_cancelled() {
    activity().given(vec![planned()]).when(ActivityCommand::Cancel(cancellation())).then_expect_events(vec![
        ActivityEvent::ActivityCancelled(Cancelled {
            reason: text("Postponed sine die at the request of the host"),
        }),
    ]);
}

#[test]
fn reporting_a_delivered_activity_records_activity_reported() {
    activity()
        .given(vec![planned(), delivered(), participants_recorded(11, 19, 0)])
        .when(ActivityCommand::Report(ReportActivity {}))
        .then_expect_events(vec![ActivityEvent::ActivityReported]);
}

#[test]
fn a_correction_can_clear_the_description() {
    let clear = PlannedFieldChanges { description: Some(None), ..PlannedFieldChanges::default() };
    let cleared = ActivityEvent::ActivityCorrected(Corrected {
        reason: text("Typed in wrongly at planning"),
        changes: CorrectedFields { description: Some(None), ..CorrectedFields::default() },
    });
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::Correct(correction(clear.clone())))
        .then_expect_events(vec![cleared.clone()]);
    let record = record_after(vec![planned(), cleared.clone()]);
    assert_eq!(record.planned.description, None);
    // Clearing what is already empty changes nothing.
    activity()
        .given(vec![planned(), cleared])
        .when(ActivityCommand::Correct(correction(clear)))
        .then_expect_error(ActivityError::NothingToCorrect);
}
