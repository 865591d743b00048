//! The `Activity` aggregate, given / when / then: one test per event and per rule. This file
//! holds the fixtures; the tests are beside it, a file per section: `events`, `rules`, `state`,
//! `json`, then `amendments` and `bounds`.
//!
//! The fixture is the Riyadh workshop on mutual legal assistance (SAU, 20 to 24 October 2019);
//! the regional variant adds the United Arab Emirates and Oman.
//!
//! Events, given or expected, are written out field by field, never converted from the command
//! (`convert.rs` is under test as much as `decide`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use cqrs_es::Aggregate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{
    Activity, ActivityCommand, ActivityError, ActivityRecord, ActivityStatus, Attendance, Cancellation,
    Correction, Dated, Delivery, Funding, FundingWithdrawal, Output, Participants, PlanActivity,
    PlannedFieldChanges, ReportActivity, Reschedule,
};
use crate::events::activity::{
    Cancelled, Delivered, FundingAttributed, FundingWithdrawn, Headcounts, OutputRecorded,
    ParticipantsTallied, Rescheduled,
};
use crate::events::{ActivityEvent, PlannedFields};
use crate::money::AmountError;
use crate::testing::{
    assert_accepted, assert_each_recorded, assert_each_refused, assert_named_and_round_trip, assert_recorded,
    assert_refused,
};
use crate::values::{
    ActivityId, CountryCode, Currency, Headcount, NonEmptyText, OrganisationId, ProgrammeId,
};
use crate::vocabulary::{ActivityKind, DeliveryMode, Institution, OutputKind};

mod actions;
mod amendments;
mod attendance;
mod bounds;
mod events;
mod json;
mod rules;
mod state;

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

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

/// What [`reschedule`] records.
fn rescheduled() -> ActivityEvent {
    ActivityEvent::ActivityRescheduled(Rescheduled {
        planned_start: day(2019, 11, 3),
        planned_end: day(2019, 11, 7),
        reason: Some(text("The venue is not available in October")),
    })
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

/// What recording a delivery from `start` to `end` in `mode` records.
fn delivered_between(start: NaiveDate, end: NaiveDate, mode: DeliveryMode) -> ActivityEvent {
    ActivityEvent::ActivityDelivered(Delivered { start, end, mode })
}

/// What recording [`delivery`] records.
fn delivered() -> ActivityEvent {
    delivered_between(day(2019, 10, 21), day(2019, 10, 24), DeliveryMode::InPerson)
}

fn attendance(female: u32, male: u32, other_or_undisclosed: u32) -> Attendance {
    Attendance {
        female: Headcount::new(female),
        male: Headcount::new(male),
        other_or_undisclosed: Headcount::new(other_or_undisclosed),
    }
}

fn headcounts(female: u32, male: u32, other_or_undisclosed: u32) -> Headcounts {
    Headcounts {
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

/// What recording [`participants`] records.
fn participants_recorded(female: u32, male: u32, other_or_undisclosed: u32) -> ActivityEvent {
    ActivityEvent::ParticipantsRecorded(ParticipantsTallied {
        female: Headcount::new(female),
        male: Headcount::new(male),
        other_or_undisclosed: Headcount::new(other_or_undisclosed),
        by_institution: None,
        by_country: None,
    })
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

/// What recording [`regional_tally`] records.
fn regional_tally_recorded() -> ActivityEvent {
    ActivityEvent::ParticipantsRecorded(ParticipantsTallied {
        female: Headcount::new(12),
        male: Headcount::new(17),
        other_or_undisclosed: Headcount::new(1),
        by_institution: Some(by_institution(&[
            (Institution::Prosecutors, 14),
            (Institution::Judges, 9),
            (Institution::Police, 7),
        ])),
        by_country: Some(BTreeMap::from([
            (country("SAU"), headcounts(5, 8, 0)),
            (country("ARE"), headcounts(4, 5, 1)),
            (country("OMN"), headcounts(3, 4, 0)),
        ])),
    })
}

fn funding(donor: &str, value: &str, code: &str) -> Funding {
    Funding { donor: text(donor), organisation_id: None, amount: amount(value), currency: currency(code) }
}

/// What attributing [`funding`] records.
fn funding_attributed(donor: &str, value: &str, code: &str) -> ActivityEvent {
    ActivityEvent::FundingAttributed(FundingAttributed {
        donor: text(donor),
        organisation_id: None,
        amount: amount(value),
        currency: currency(code),
    })
}

/// What attributing [`japan_funding`] records.
fn japan_funding_attributed() -> ActivityEvent {
    funding_attributed("Government of Japan", "1500000", "JPY")
}

/// Japan's attribution to the workshop, in a currency without cents.
fn japan_funding() -> Funding {
    funding("Government of Japan", "1500000", "JPY")
}

/// What attributing [`eu_funding`] records.
fn eu_funding_attributed() -> ActivityEvent {
    funding_attributed("European Union", "12000.00", "EUR")
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

/// What [`withdrawal`] records.
fn funding_withdrawn(donor: &str) -> ActivityEvent {
    ActivityEvent::FundingWithdrawn(FundingWithdrawn {
        donor: text(donor),
        reason: text("Attributed to the wrong activity"),
    })
}

fn output() -> Output {
    Output {
        kind: OutputKind::ManualPublished,
        description: text("Saudi guide to drafting outgoing MLA requests"),
    }
}

/// What recording [`output`] records.
fn output_recorded() -> ActivityEvent {
    ActivityEvent::OutputRecorded(OutputRecorded {
        kind: OutputKind::ManualPublished,
        description: text("Saudi guide to drafting outgoing MLA requests"),
    })
}

fn cancellation() -> Cancellation {
    Cancellation { reason: text("Postponed sine die at the request of the host") }
}

/// What [`cancellation`] records.
fn cancelled() -> ActivityEvent {
    ActivityEvent::ActivityCancelled(Cancelled {
        reason: text("Postponed sine die at the request of the host"),
    })
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
