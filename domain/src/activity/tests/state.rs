//! State: what applying events builds.

use super::*;
use crate::events::activity::{Corrected, CorrectedFields};

#[test]
fn an_activity_without_a_plan_has_no_record() {
    assert_eq!(Activity::default().record(), None);
    // Events that can only follow a plan change nothing without one.
    assert_eq!(state_after(vec![delivered(), ActivityEvent::ActivityReported]).record(), None);
}

#[test]
fn planning_opens_a_record_with_nothing_yet_delivered() {
    let expected = ActivityRecord {
        planned: planned_fields(),
        status: ActivityStatus::Planned,
        delivery: None,
        participants: None,
        funding: Vec::new(),
        outputs: Vec::new(),
        cancellation_reason: None,
        void_reason: None,
    };
    assert_eq!(record_after(vec![planned()]), expected);
}

#[test]
fn an_activity_goes_from_planned_to_delivered_to_reported() {
    assert_eq!(record_after(vec![planned()]).status, ActivityStatus::Planned);
    assert_eq!(record_after(vec![planned(), delivered()]).status, ActivityStatus::Delivered);

    let record = record_after(vec![
        planned(),
        eu_funding_attributed(),
        delivered(),
        participants_recorded(11, 19, 0),
        output_recorded(),
        ActivityEvent::ActivityReported,
    ]);
    let expected = ActivityRecord {
        planned: planned_fields(),
        status: ActivityStatus::Reported,
        delivery: Some(delivery()),
        participants: Some(participants(11, 19, 0)),
        funding: vec![eu_funding()],
        outputs: vec![output()],
        cancellation_reason: None,
        void_reason: None,
    };
    assert_eq!(record, expected);
}

#[test]
fn rescheduling_moves_the_planned_dates_and_nothing_else() {
    let record = record_after(vec![planned(), rescheduled()]);
    let expected =
        PlannedFields { planned_start: day(2019, 11, 3), planned_end: day(2019, 11, 7), ..planned_fields() };
    assert_eq!(record.planned, expected);
    assert_eq!(record.status, ActivityStatus::Planned);
}

#[test]
fn recording_participants_again_replaces_the_previous_tally() {
    let record = record_after(vec![
        planned(),
        delivered(),
        participants_recorded(11, 19, 0),
        participants_recorded(12, 19, 1),
    ]);
    assert_eq!(record.participants, Some(participants(12, 19, 1)));
}

#[test]
fn withdrawing_a_donor_removes_every_line_of_that_donor_and_keeps_the_others() {
    let record = record_after(vec![
        planned(),
        eu_funding_attributed(),
        japan_funding_attributed(),
        funding_attributed("European Union", "3000.00", "EUR"),
        funding_withdrawn("European Union"),
    ]);
    assert_eq!(record.funding, vec![japan_funding()]);
}

#[test]
fn funding_lines_stay_in_the_order_they_were_attributed() {
    let record = record_after(vec![planned(), eu_funding_attributed(), japan_funding_attributed()]);
    assert_eq!(record.funding, vec![eu_funding(), japan_funding()]);
}

#[test]
fn a_correction_changes_the_planned_fields_it_names_and_keeps_the_rest() {
    let changes = CorrectedFields {
        countries: Some(vec![country("SAU"), country("ARE")]),
        location: Some(text("Jeddah")),
        description: Some(Some(text("MLA and extradition requests"))),
        ..CorrectedFields::default()
    };
    let record = record_after(vec![
        planned(),
        delivered(),
        ActivityEvent::ActivityReported,
        ActivityEvent::ActivityCorrected(Corrected { reason: text("Typed in wrongly at planning"), changes }),
    ]);
    let expected = PlannedFields {
        countries: vec![country("SAU"), country("ARE")],
        location: text("Jeddah"),
        description: Some(text("MLA and extradition requests")),
        ..planned_fields()
    };
    assert_eq!(record.planned, expected);
    assert_eq!(record.status, ActivityStatus::Reported, "a correction leaves the status alone");
}

#[test]
fn cancelling_keeps_the_reason_in_the_record() {
    let record = record_after(vec![planned(), cancelled()]);
    assert_eq!(record.status, ActivityStatus::Cancelled);
    assert_eq!(record.cancellation_reason, Some(cancellation().reason));
}
