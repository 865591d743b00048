//! The `Activity` aggregate, given / when / then: one test per event and per rule.
//!
//! The fixture is the Riyadh workshop on mutual legal assistance (SAU, 20 to 24 October 2019);
//! the regional variant adds the United Arab Emirates and Oman.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use cqrs_es::{Aggregate, DomainEvent};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{
    Activity, ActivityCommand, ActivityError, ActivityRecord, ActivityStatus, Attendance, Cancellation,
    Correction, Dated, Delivery, Funding, FundingWithdrawal, Output, Participants, PlanActivity,
    PlannedFieldChanges, ReportActivity, Reschedule,
};
use crate::events::{ActivityEvent, PlannedFields};
use crate::money::AmountError;
use crate::values::{
    ActivityId, CountryCode, Currency, Headcount, NonEmptyText, OrganisationId, ProgrammeId,
};
use crate::vocabulary::{ActivityKind, DeliveryMode, Institution, OutputKind};

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

fn activity() -> TestFramework<Activity> {
    TestFramework::with(())
}

/// The state an aggregate reaches by applying `events` in order, as the store replays them.
fn state_after(events: Vec<ActivityEvent>) -> Activity {
    let mut activity = Activity::default();
    for event in events {
        activity.apply(event);
    }
    activity
}

fn record_after(events: Vec<ActivityEvent>) -> ActivityRecord {
    state_after(events).record().cloned().expect("the events include a plan, so the activity has a record")
}

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("test date is a real day")
}

fn text(value: &str) -> NonEmptyText {
    NonEmptyText::parse(value).expect("test text is not empty")
}

fn country(code: &str) -> CountryCode {
    CountryCode::parse(code).expect("test country is an ISO 3166-1 alpha-3 code")
}

fn amount(value: &str) -> Decimal {
    value.parse().expect("test amount is a decimal")
}

fn currency(code: &str) -> Currency {
    Currency::parse(code).expect("test currency is an ISO 4217 code")
}

fn activity_id() -> ActivityId {
    ActivityId::new(Uuid::parse_str("6a1c2d6e-0b7f-4c8e-9a51-2f3b4c5d6e7f").expect("test activity id"))
}

fn programme_id() -> ProgrammeId {
    ProgrammeId::new(Uuid::parse_str("0f3e6b1a-8c2d-4e5f-a6b7-c8d9e0f1a2b3").expect("test programme id"))
}

fn other_programme_id() -> ProgrammeId {
    ProgrammeId::new(Uuid::parse_str("9d8c7b6a-5f4e-4d3c-b2a1-0f9e8d7c6b5a").expect("test programme id"))
}

const TITLE: &str = "National workshop on mutual legal assistance in criminal matters";
const DESCRIPTION: &str = "Drafting and executing MLA requests under UNTOC";

/// The command that plans the Riyadh workshop.
fn plan() -> PlanActivity {
    PlanActivity {
        id: activity_id(),
        programme_id: programme_id(),
        kind: ActivityKind::Workshop,
        title: text(TITLE),
        countries: vec![country("SAU")],
        location: text("Riyadh"),
        planned_start: day(2019, 10, 20),
        planned_end: day(2019, 10, 24),
        description: Some(text(DESCRIPTION)),
    }
}

/// What planning the Riyadh workshop records.
fn planned_fields() -> PlannedFields {
    PlannedFields {
        programme_id: programme_id(),
        kind: ActivityKind::Workshop,
        title: text(TITLE),
        countries: vec![country("SAU")],
        location: text("Riyadh"),
        planned_start: day(2019, 10, 20),
        planned_end: day(2019, 10, 24),
        description: Some(text(DESCRIPTION)),
    }
}

fn planned() -> ActivityEvent {
    ActivityEvent::ActivityPlanned(planned_fields())
}

/// The same workshop, opened to participants from the UAE and Oman.
fn regional_planned() -> ActivityEvent {
    ActivityEvent::ActivityPlanned(PlannedFields {
        countries: vec![country("SAU"), country("ARE"), country("OMN")],
        ..planned_fields()
    })
}

fn reschedule() -> Reschedule {
    Reschedule {
        planned_start: day(2019, 11, 3),
        planned_end: day(2019, 11, 7),
        reason: Some(text("The venue is not available in October")),
    }
}

/// The day the tests decide commands on (a delivery may not come after it, but for one day).
fn today() -> NaiveDate {
    day(2019, 10, 25)
}

/// `body` as a command decided on [`today`].
fn dated<T>(body: T) -> Dated<T> {
    Dated::new(body, today())
}

fn delivery() -> Delivery {
    Delivery { start: day(2019, 10, 21), end: day(2019, 10, 24), mode: DeliveryMode::InPerson }
}

fn delivered() -> ActivityEvent {
    ActivityEvent::ActivityDelivered(delivery().into())
}

fn attendance(female: u32, male: u32, other_or_undisclosed: u32) -> Attendance {
    Attendance {
        female: Headcount::new(female),
        male: Headcount::new(male),
        other_or_undisclosed: Headcount::new(other_or_undisclosed),
    }
}

/// A tally by sex only: no breakdown.
fn participants(female: u32, male: u32, other_or_undisclosed: u32) -> Participants {
    Participants {
        female: Headcount::new(female),
        male: Headcount::new(male),
        other_or_undisclosed: Headcount::new(other_or_undisclosed),
        by_institution: None,
        by_country: None,
    }
}

fn by_institution(counts: &[(Institution, u32)]) -> BTreeMap<Institution, Headcount> {
    counts.iter().map(|&(institution, n)| (institution, Headcount::new(n))).collect()
}

fn by_country(counts: &[(&str, Attendance)]) -> BTreeMap<CountryCode, Attendance> {
    counts.iter().map(|&(code, tally)| (country(code), tally)).collect()
}

/// 30 participants from the three countries of the regional workshop. Both breakdowns add up
/// exactly to the totals: equal is allowed, only more is refused.
fn regional_tally() -> Participants {
    Participants {
        by_institution: Some(by_institution(&[
            (Institution::Prosecutors, 14),
            (Institution::Judges, 9),
            (Institution::Police, 7),
        ])),
        by_country: Some(by_country(&[
            ("SAU", attendance(5, 8, 0)),
            ("ARE", attendance(4, 5, 1)),
            ("OMN", attendance(3, 4, 0)),
        ])),
        ..participants(12, 17, 1)
    }
}

fn funding(donor: &str, value: &str, code: &str) -> Funding {
    Funding { donor: text(donor), organisation_id: None, amount: amount(value), currency: currency(code) }
}

/// The European Union, registered as an organisation.
fn eu_id() -> OrganisationId {
    OrganisationId::new(Uuid::from_u128(0xE0))
}

/// The European Union's attribution to the workshop.
fn eu_funding() -> Funding {
    funding("European Union", "12000.00", "EUR")
}

fn withdrawal(donor: &str) -> FundingWithdrawal {
    FundingWithdrawal { donor: text(donor), reason: text("Attributed to the wrong activity") }
}

fn output() -> Output {
    Output {
        kind: OutputKind::ManualPublished,
        description: text("Saudi guide to drafting outgoing MLA requests"),
    }
}

fn cancellation() -> Cancellation {
    Cancellation { reason: text("Postponed sine die at the request of the host") }
}

fn cancelled() -> ActivityEvent {
    ActivityEvent::ActivityCancelled(cancellation().into())
}

fn correction(changes: PlannedFieldChanges) -> Correction {
    Correction { reason: text("Typed in wrongly at planning"), changes }
}

/// Every command but a plan and a correction, each valid on a delivered activity.
fn commands_other_than_plan_and_correction() -> Vec<ActivityCommand> {
    vec![
        ActivityCommand::Reschedule(reschedule()),
        ActivityCommand::RecordDelivery(dated(delivery())),
        ActivityCommand::RecordParticipants(participants(11, 19, 0)),
        ActivityCommand::AttributeFunding(eu_funding()),
        ActivityCommand::WithdrawFunding(withdrawal("European Union")),
        ActivityCommand::RecordOutput(output()),
        ActivityCommand::Cancel(cancellation()),
        ActivityCommand::Report(ReportActivity {}),
    ]
}

// ---------------------------------------------------------------------------------------------
// Events: each command, in a state that accepts it, records its event
// ---------------------------------------------------------------------------------------------

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
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::Reschedule(reschedule()))
        .then_expect_events(vec![ActivityEvent::ActivityRescheduled(reschedule().into())]);
}

#[test]
fn recording_the_delivery_of_a_planned_activity_records_activity_delivered() {
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::RecordDelivery(dated(delivery())))
        .then_expect_events(vec![delivered()]);
}

#[test]
fn recording_a_one_day_delivery_is_accepted() {
    let one_day = Delivery { start: day(2019, 10, 22), end: day(2019, 10, 22), mode: DeliveryMode::Online };
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::RecordDelivery(dated(one_day)))
        .then_expect_events(vec![ActivityEvent::ActivityDelivered(one_day.into())]);
}

#[test]
fn recording_participants_of_a_delivered_activity_records_participants_recorded() {
    activity()
        .given(vec![planned(), delivered()])
        .when(ActivityCommand::RecordParticipants(participants(11, 19, 0)))
        .then_expect_events(vec![ActivityEvent::ParticipantsRecorded(participants(11, 19, 0).into())]);
}

#[test]
fn recording_participants_of_a_regional_activity_keeps_both_breakdowns() {
    activity()
        .given(vec![regional_planned(), delivered()])
        .when(ActivityCommand::RecordParticipants(regional_tally()))
        .then_expect_events(vec![ActivityEvent::ParticipantsRecorded(regional_tally().into())]);
}

#[test]
fn recording_participants_again_records_the_new_tally() {
    activity()
        .given(vec![
            planned(),
            delivered(),
            ActivityEvent::ParticipantsRecorded(participants(11, 19, 0).into()),
        ])
        .when(ActivityCommand::RecordParticipants(participants(12, 19, 1)))
        .then_expect_events(vec![ActivityEvent::ParticipantsRecorded(participants(12, 19, 1).into())]);
}

#[test]
fn attributing_funding_records_funding_attributed() {
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::AttributeFunding(eu_funding()))
        .then_expect_events(vec![ActivityEvent::FundingAttributed(eu_funding().into())]);
}

#[test]
fn attributing_funding_of_an_organisation_records_its_id_beside_the_name() {
    let by_id = Funding { organisation_id: Some(eu_id()), ..eu_funding() };
    activity().given(vec![planned()]).when(ActivityCommand::AttributeFunding(by_id)).then_expect_events(
        vec![ActivityEvent::FundingAttributed(crate::events::activity::FundingAttributed {
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
    state.apply(ActivityEvent::FundingAttributed(by_id.clone().into()));
    assert_eq!(state.record().map(|r| r.funding.clone()), Some(vec![by_id]));
}

#[test]
fn attributing_funding_in_a_currency_without_cents_is_accepted() {
    let yen = funding("Government of Japan", "1500000", "JPY");
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::AttributeFunding(yen.clone()))
        .then_expect_events(vec![ActivityEvent::FundingAttributed(yen.into())]);
}

#[test]
fn withdrawing_a_donors_funding_records_funding_withdrawn() {
    activity()
        .given(vec![planned(), ActivityEvent::FundingAttributed(eu_funding().into())])
        .when(ActivityCommand::WithdrawFunding(withdrawal("European Union")))
        .then_expect_events(vec![ActivityEvent::FundingWithdrawn(withdrawal("European Union").into())]);
}

#[test]
fn recording_an_output_records_output_recorded() {
    activity()
        .given(vec![planned(), delivered()])
        .when(ActivityCommand::RecordOutput(output()))
        .then_expect_events(vec![ActivityEvent::OutputRecorded(output().into())]);
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
    let kept = PlannedFieldChanges {
        title: Some(text("Regional workshop on mutual legal assistance")),
        kind: Some(ActivityKind::Training),
        ..PlannedFieldChanges::default()
    };
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::Correct(correction(requested)))
        .then_expect_events(vec![ActivityEvent::ActivityCorrected(correction(kept).into())]);
}

#[test]
fn cancelling_a_planned_activity_records_activity_cancelled() {
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::Cancel(cancellation()))
        .then_expect_events(vec![cancelled()]);
}

#[test]
fn reporting_a_delivered_activity_records_activity_reported() {
    activity()
        .given(vec![
            planned(),
            delivered(),
            ActivityEvent::ParticipantsRecorded(participants(11, 19, 0).into()),
        ])
        .when(ActivityCommand::Report(ReportActivity {}))
        .then_expect_events(vec![ActivityEvent::ActivityReported]);
}

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
    let reported = vec![
        planned(),
        ActivityEvent::FundingAttributed(eu_funding().into()),
        delivered(),
        ActivityEvent::ActivityReported,
    ];
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
        .given(vec![planned(), ActivityEvent::FundingAttributed(eu_funding().into())])
        .when(ActivityCommand::WithdrawFunding(withdrawal("Government of Japan")))
        .then_expect_error(ActivityError::NoFundingFromDonor("Government of Japan".to_owned()));
}

#[test]
fn withdrawing_funding_already_withdrawn_is_refused() {
    activity()
        .given(vec![
            planned(),
            ActivityEvent::FundingAttributed(eu_funding().into()),
            ActivityEvent::FundingWithdrawn(withdrawal("European Union").into()),
        ])
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

// ---------------------------------------------------------------------------------------------
// What stays open: corrections after the end, withdrawals after a cancellation
// ---------------------------------------------------------------------------------------------

#[test]
fn a_correction_is_accepted_on_a_reported_activity() {
    let changes =
        PlannedFieldChanges { programme_id: Some(other_programme_id()), ..PlannedFieldChanges::default() };
    activity()
        .given(vec![planned(), delivered(), ActivityEvent::ActivityReported])
        .when(ActivityCommand::Correct(correction(changes.clone())))
        .then_expect_events(vec![ActivityEvent::ActivityCorrected(correction(changes).into())]);
}

#[test]
fn a_correction_is_accepted_on_a_cancelled_activity() {
    let changes = PlannedFieldChanges { location: Some(text("Jeddah")), ..PlannedFieldChanges::default() };
    activity()
        .given(vec![planned(), cancelled()])
        .when(ActivityCommand::Correct(correction(changes.clone())))
        .then_expect_events(vec![ActivityEvent::ActivityCorrected(correction(changes).into())]);
}

#[test]
fn withdrawing_funding_from_a_cancelled_activity_is_accepted() {
    activity()
        .given(vec![planned(), ActivityEvent::FundingAttributed(eu_funding().into()), cancelled()])
        .when(ActivityCommand::WithdrawFunding(withdrawal("European Union")))
        .then_expect_events(vec![ActivityEvent::FundingWithdrawn(withdrawal("European Union").into())]);
}

// ---------------------------------------------------------------------------------------------
// State: what applying events builds
// ---------------------------------------------------------------------------------------------

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
        ActivityEvent::FundingAttributed(eu_funding().into()),
        delivered(),
        ActivityEvent::ParticipantsRecorded(participants(11, 19, 0).into()),
        ActivityEvent::OutputRecorded(output().into()),
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
    let record = record_after(vec![planned(), ActivityEvent::ActivityRescheduled(reschedule().into())]);
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
        ActivityEvent::ParticipantsRecorded(participants(11, 19, 0).into()),
        ActivityEvent::ParticipantsRecorded(participants(12, 19, 1).into()),
    ]);
    assert_eq!(record.participants, Some(participants(12, 19, 1)));
}

#[test]
fn withdrawing_a_donor_removes_every_line_of_that_donor_and_keeps_the_others() {
    let japan = funding("Government of Japan", "1500000", "JPY");
    let eu_top_up = funding("European Union", "3000.00", "EUR");
    let record = record_after(vec![
        planned(),
        ActivityEvent::FundingAttributed(eu_funding().into()),
        ActivityEvent::FundingAttributed(japan.clone().into()),
        ActivityEvent::FundingAttributed(eu_top_up.into()),
        ActivityEvent::FundingWithdrawn(withdrawal("European Union").into()),
    ]);
    assert_eq!(record.funding, vec![japan]);
}

#[test]
fn funding_lines_stay_in_the_order_they_were_attributed() {
    let japan = funding("Government of Japan", "1500000", "JPY");
    let record = record_after(vec![
        planned(),
        ActivityEvent::FundingAttributed(eu_funding().into()),
        ActivityEvent::FundingAttributed(japan.clone().into()),
    ]);
    assert_eq!(record.funding, vec![eu_funding(), japan]);
}

#[test]
fn a_correction_changes_the_planned_fields_it_names_and_keeps_the_rest() {
    let changes = PlannedFieldChanges {
        countries: Some(vec![country("SAU"), country("ARE")]),
        location: Some(text("Jeddah")),
        description: Some(Some(text("MLA and extradition requests"))),
        ..PlannedFieldChanges::default()
    };
    let record = record_after(vec![
        planned(),
        delivered(),
        ActivityEvent::ActivityReported,
        ActivityEvent::ActivityCorrected(correction(changes).into()),
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

// ---------------------------------------------------------------------------------------------
// JSON: commands are refused at the edge when a value breaks its rule; events round-trip
// ---------------------------------------------------------------------------------------------

fn plan_json() -> serde_json::Value {
    serde_json::json!({
        "id": activity_id(),
        "programme_id": programme_id(),
        "kind": "workshop",
        "title": TITLE,
        "countries": ["sau"],
        "location": "Riyadh",
        "planned_start": "2019-10-20",
        "planned_end": "2019-10-24",
    })
}

fn parse_plan(json: &serde_json::Value) -> Result<PlanActivity, serde_json::Error> {
    serde_json::from_str(&json.to_string())
}

#[test]
fn a_plan_in_json_deserializes_with_canonical_country_codes() {
    let parsed = parse_plan(&plan_json()).expect("the fixture is a valid plan");
    assert_eq!(parsed, PlanActivity { description: None, ..plan() });
}

#[test]
fn a_plan_naming_an_unknown_country_does_not_deserialize() {
    let mut json = plan_json();
    json["countries"] = serde_json::json!(["SAU", "XXX"]);
    let error = parse_plan(&json).expect_err("XXX is no country");
    assert!(error.to_string().contains("'XXX' is not an ISO 3166-1 alpha-3"), "{error}");
}

#[test]
fn a_plan_with_an_unknown_field_does_not_deserialize() {
    let mut json = plan_json();
    json["budget"] = serde_json::json!("12000.00");
    let error = parse_plan(&json).expect_err("budget is no field of a plan");
    assert!(error.to_string().contains("unknown field `budget`"), "{error}");
}

#[test]
fn participants_with_a_negative_count_do_not_deserialize() {
    let json = r#"{"female": 11, "male": -19, "other_or_undisclosed": 0}"#;
    let error = serde_json::from_str::<Participants>(json).expect_err("-19 people is no tally");
    assert!(error.to_string().contains("a count cannot be negative (got -19)"), "{error}");
}

#[test]
fn every_activity_event_keeps_its_name_and_survives_a_json_round_trip() {
    let events = [
        (planned(), "ActivityPlanned"),
        (ActivityEvent::ActivityRescheduled(reschedule().into()), "ActivityRescheduled"),
        (delivered(), "ActivityDelivered"),
        (ActivityEvent::ParticipantsRecorded(regional_tally().into()), "ParticipantsRecorded"),
        (ActivityEvent::FundingAttributed(eu_funding().into()), "FundingAttributed"),
        (ActivityEvent::FundingWithdrawn(withdrawal("European Union").into()), "FundingWithdrawn"),
        (ActivityEvent::OutputRecorded(output().into()), "OutputRecorded"),
        (
            ActivityEvent::ActivityCorrected(
                correction(PlannedFieldChanges {
                    location: Some(text("Jeddah")),
                    ..PlannedFieldChanges::default()
                })
                .into(),
            ),
            "ActivityCorrected",
        ),
        (cancelled(), "ActivityCancelled"),
        (ActivityEvent::ActivityReported, "ActivityReported"),
    ];
    for (event, name) in events {
        assert_eq!(event.event_type(), name);
        let version = if matches!(name, "ActivityCorrected" | "FundingAttributed") { "1.1" } else { "1.0" };
        assert_eq!(event.event_version(), version, "{name}");
        let json = serde_json::to_string(&event).expect("events serialize");
        let back: ActivityEvent = serde_json::from_str(&json).expect("events deserialize");
        assert_eq!(back, event, "{json}");
    }
}

#[test]
fn a_correction_that_drops_a_country_still_in_the_participants_breakdown_is_refused() {
    let changes =
        PlannedFieldChanges { countries: Some(vec![country("SAU")]), ..PlannedFieldChanges::default() };
    activity()
        .given(vec![
            regional_planned(),
            delivered(),
            ActivityEvent::ParticipantsRecorded(regional_tally().into()),
        ])
        .when(ActivityCommand::Correct(correction(changes)))
        .then_expect_error(ActivityError::CountryNotInActivity("ARE".to_owned()));
}

mod amendments;
mod bounds;

#[test]
fn a_correction_can_clear_the_description() {
    let clear = PlannedFieldChanges { description: Some(None), ..PlannedFieldChanges::default() };
    activity()
        .given(vec![planned()])
        .when(ActivityCommand::Correct(correction(clear.clone())))
        .then_expect_events(vec![ActivityEvent::ActivityCorrected(correction(clear.clone()).into())]);
    let mut cleared = Activity::default();
    cleared.apply(planned());
    cleared.apply(ActivityEvent::ActivityCorrected(correction(clear.clone()).into()));
    assert_eq!(cleared.record().map(|r| r.planned.description.clone()), Some(None));
    // Clearing what is already empty changes nothing.
    activity()
        .given(vec![planned(), ActivityEvent::ActivityCorrected(correction(clear.clone()).into())])
        .when(ActivityCommand::Correct(correction(clear)))
        .then_expect_error(ActivityError::NothingToCorrect);
}

#[test]
fn a_correction_body_tells_a_cleared_description_from_an_absent_one() {
    let parse = |json: &str| serde_json::from_str::<PlannedFieldChanges>(json).expect("changes parse");
    assert_eq!(parse(r#"{"description": null}"#).description, Some(None));
    assert_eq!(parse(r#"{"description": "New text"}"#).description, Some(Some(text("New text"))));
    assert_eq!(parse(r#"{"title": "T"}"#).description, None);
}
