//! Events: each command, in a state that accepts it, records its event.

use super::*;
use crate::events::activity::{Corrected, CorrectedFields};

#[test]
fn planning_rescheduling_and_delivering_record_their_events() {
    let regional = PlanActivity { countries: vec![country("SAU"), country("ARE"), country("OMN")], ..plan() };
    let one_day = Delivery { start: day(2019, 10, 22), end: day(2019, 10, 22), mode: DeliveryMode::Online };
    assert_each_recorded::<Activity>(vec![
        // Planning a new activity.
        (vec![], ActivityCommand::Plan(plan()), vec![planned()]),
        // Planning a regional activity records every country in order.
        (vec![], ActivityCommand::Plan(regional), vec![regional_planned()]),
        // Rescheduling a planned activity.
        (vec![planned()], ActivityCommand::Reschedule(reschedule()), vec![rescheduled()]),
        // Recording the delivery of a planned activity.
        (vec![planned()], ActivityCommand::RecordDelivery(dated(delivery())), vec![delivered()]),
        // A one-day delivery.
        (
            vec![planned()],
            ActivityCommand::RecordDelivery(dated(one_day)),
            vec![delivered_between(day(2019, 10, 22), day(2019, 10, 22), DeliveryMode::Online)],
        ),
    ]);
}

#[test]
fn recording_participants_records_participants_recorded() {
    assert_each_recorded::<Activity>(vec![
        // Participants of a delivered activity.
        (
            vec![planned(), delivered()],
            ActivityCommand::RecordParticipants(participants(11, 19, 0)),
            vec![participants_recorded(11, 19, 0)],
        ),
        // Participants of a regional activity keep both breakdowns.
        (
            vec![regional_planned(), delivered()],
            ActivityCommand::RecordParticipants(regional_tally()),
            vec![regional_tally_recorded()],
        ),
        // Participants again: the new tally.
        (
            vec![planned(), delivered(), participants_recorded(11, 19, 0)],
            ActivityCommand::RecordParticipants(participants(12, 19, 1)),
            vec![participants_recorded(12, 19, 1)],
        ),
    ]);
}

#[test]
fn attributing_and_withdrawing_funding_record_their_events() {
    let by_id = Funding { organisation_id: Some(eu_id()), ..eu_funding() };
    assert_each_recorded::<Activity>(vec![
        // Attributing funding.
        (vec![planned()], ActivityCommand::AttributeFunding(eu_funding()), vec![eu_funding_attributed()]),
        // Funding of an organisation records its id beside the name.
        (
            vec![planned()],
            ActivityCommand::AttributeFunding(by_id),
            vec![ActivityEvent::FundingAttributed(FundingAttributed {
                donor: text("European Union"),
                organisation_id: Some(eu_id()),
                amount: amount("12000.00"),
                currency: currency("EUR"),
            })],
        ),
        // Funding in a currency without cents.
        (
            vec![planned()],
            ActivityCommand::AttributeFunding(japan_funding()),
            vec![japan_funding_attributed()],
        ),
        // Withdrawing a donor's funding.
        (
            vec![planned(), funding_attributed("European Union", "12000.00", "EUR")],
            ActivityCommand::WithdrawFunding(withdrawal("European Union")),
            vec![funding_withdrawn("European Union")],
        ),
    ]);
}

#[test]
fn recording_outputs_correcting_cancelling_and_reporting_record_their_events() {
    let requested = PlannedFieldChanges {
        title: Some(text("Regional workshop on mutual legal assistance")),
        location: Some(text("Riyadh")),
        planned_end: Some(day(2019, 10, 24)),
        kind: Some(ActivityKind::Training),
        description: Some(Some(text(DESCRIPTION))),
        ..PlannedFieldChanges::default()
    };
    assert_each_recorded::<Activity>(vec![
        // Recording an output.
        (vec![planned(), delivered()], ActivityCommand::RecordOutput(output()), vec![output_recorded()]),
        // Correcting an activity records only the fields that change.
        (
            vec![planned()],
            ActivityCommand::Correct(correction(requested)),
            vec![ActivityEvent::ActivityCorrected(Corrected {
                reason: text("Typed in wrongly at planning"),
                changes: CorrectedFields {
                    title: Some(text("Regional workshop on mutual legal assistance")),
                    kind: Some(ActivityKind::Training),
                    ..CorrectedFields::default()
                },
            })],
        ),
        // Cancelling a planned activity.
        (vec![planned()], ActivityCommand::Cancel(cancellation()), vec![cancelled()]),
        // Reporting a delivered activity.
        (
            vec![planned(), delivered(), participants_recorded(11, 19, 0)],
            ActivityCommand::Report(ReportActivity {}),
            vec![ActivityEvent::ActivityReported],
        ),
    ]);
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
fn a_correction_can_clear_the_description() {
    let clear = PlannedFieldChanges { description: Some(None), ..PlannedFieldChanges::default() };
    let cleared = ActivityEvent::ActivityCorrected(Corrected {
        reason: text("Typed in wrongly at planning"),
        changes: CorrectedFields { description: Some(None), ..CorrectedFields::default() },
    });
    assert_recorded::<Activity>(
        vec![planned()],
        ActivityCommand::Correct(correction(clear.clone())),
        vec![cleared.clone()],
    );
    let record = record_after(vec![planned(), cleared.clone()]);
    assert_eq!(record.planned.description, None);
    // Clearing what is already empty changes nothing.
    assert_refused::<Activity>(
        vec![planned(), cleared],
        ActivityCommand::Correct(correction(clear)),
        ActivityError::NothingToCorrect,
    );
}
