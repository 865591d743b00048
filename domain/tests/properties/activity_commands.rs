//! Activity commands: every command an activity takes, with values often out of place.

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::sample::select;
use tatrack_domain::activity::{
    ActivityCommand, Cancellation, Correction, Dated, Delivery, DeliveryAmendment, Funding, FundingAmendment,
    FundingWithdrawal, Output, OutputAmendment, OutputRemoval, Participants, ParticipantsAmendment,
    PlanActivity, PlannedFieldChanges, ReportActivity, Reschedule, Voiding,
};
use tatrack_domain::vocabulary::{ActivityKind, DeliveryMode, Institution, OutputKind};

use crate::values::{
    activity_id, amount, attendance, countries, country, currency, date, dates, headcount, programme_id,
    text, DONORS, LOCATIONS, REASONS, TITLES,
};
use crate::MAX_COMMANDS;

pub(crate) fn plan() -> impl Strategy<Value = PlanActivity> {
    (
        programme_id(),
        select(ActivityKind::ALL),
        text(TITLES),
        countries(),
        text(LOCATIONS),
        dates(),
        proptest::option::of(text(REASONS)),
    )
        .prop_map(
            |(programme_id, kind, title, countries, location, (planned_start, planned_end), description)| {
                PlanActivity {
                    id: activity_id(),
                    programme_id,
                    kind,
                    title,
                    countries,
                    location,
                    planned_start,
                    planned_end,
                    description,
                }
            },
        )
}

pub(crate) fn participants() -> impl Strategy<Value = Participants> {
    let by_institution = proptest::collection::btree_map(select(Institution::ALL), headcount(80), 0..4);
    let by_country = proptest::collection::btree_map(country(), attendance(60), 1..3);
    (
        attendance(200),
        proptest::option::weighted(0.3, by_institution),
        proptest::option::weighted(0.3, by_country),
    )
        .prop_map(|(total, by_institution, by_country)| Participants {
            female: total.female,
            male: total.male,
            other_or_undisclosed: total.other_or_undisclosed,
            by_institution,
            by_country,
        })
}

/// Each planned field changed with a chance of one in three; sometimes none at all.
pub(crate) fn correction() -> impl Strategy<Value = Correction> {
    let changes = (
        proptest::option::weighted(0.3, programme_id()),
        proptest::option::weighted(0.3, select(ActivityKind::ALL)),
        proptest::option::weighted(0.3, text(TITLES)),
        proptest::option::weighted(0.3, countries()),
        proptest::option::weighted(0.3, text(LOCATIONS)),
        proptest::option::weighted(0.3, date()),
        proptest::option::weighted(0.3, date()),
        // Set, cleared (null) or left alone.
        proptest::option::weighted(0.3, proptest::option::of(text(REASONS))),
    )
        .prop_map(
            |(programme_id, kind, title, countries, location, planned_start, planned_end, description)| {
                PlannedFieldChanges {
                    programme_id,
                    kind,
                    title,
                    countries,
                    location,
                    planned_start,
                    planned_end,
                    description,
                }
            },
        );
    (text(REASONS), changes).prop_map(|(reason, changes)| Correction { reason, changes })
}

/// The day commands are decided on: about half the generated deliveries fall after it.
pub(crate) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 6, 1).expect("a real day")
}

/// Amendments of what happened, with places in the record that are often not there.
pub(crate) fn amendment() -> impl Strategy<Value = ActivityCommand> {
    use ActivityCommand as C;
    let delivery =
        (text(REASONS), dates(), select(DeliveryMode::ALL)).prop_map(|(reason, (start, end), mode)| {
            C::AmendDelivery(Dated::new(DeliveryAmendment { reason, start, end, mode }, today()))
        });
    let participants = (text(REASONS), participants()).prop_map(|(reason, participants)| {
        C::AmendParticipants(ParticipantsAmendment { reason, participants })
    });
    let funding = (text(REASONS), 0u32..3, text(DONORS), amount(), currency()).prop_map(
        |(reason, line, donor, amount, currency)| {
            C::AmendFunding(FundingAmendment { reason, line, donor, organisation_id: None, amount, currency })
        },
    );
    let output = (text(REASONS), 0u32..3, select(OutputKind::ALL), text(TITLES)).prop_map(
        |(reason, output, kind, description)| {
            C::AmendOutput(OutputAmendment { reason, output, kind, description })
        },
    );
    let removal = (text(REASONS), 0u32..3)
        .prop_map(|(reason, output)| C::RemoveOutput(OutputRemoval { reason, output }));
    prop_oneof![delivery, participants, funding, output, removal]
}

pub(crate) fn activity_command() -> impl Strategy<Value = ActivityCommand> {
    use ActivityCommand as C;
    let reschedule = (dates(), proptest::option::of(text(REASONS)))
        .prop_map(|((planned_start, planned_end), reason)| Reschedule { planned_start, planned_end, reason });
    let delivery =
        (dates(), select(DeliveryMode::ALL)).prop_map(|((start, end), mode)| Delivery { start, end, mode });
    let funding = (text(DONORS), amount(), currency()).prop_map(|(donor, amount, currency)| Funding {
        donor,
        organisation_id: None,
        amount,
        currency,
    });
    let withdrawal =
        (text(DONORS), text(REASONS)).prop_map(|(donor, reason)| FundingWithdrawal { donor, reason });
    let output =
        (select(OutputKind::ALL), text(TITLES)).prop_map(|(kind, description)| Output { kind, description });
    prop_oneof![
        1 => plan().prop_map(C::Plan),
        2 => reschedule.prop_map(C::Reschedule),
        3 => delivery.prop_map(|delivery| C::RecordDelivery(Dated::new(delivery, today()))),
        3 => participants().prop_map(C::RecordParticipants),
        3 => funding.prop_map(C::AttributeFunding),
        2 => withdrawal.prop_map(C::WithdrawFunding),
        2 => output.prop_map(C::RecordOutput),
        3 => correction().prop_map(C::Correct),
        1 => text(REASONS).prop_map(|reason| C::Cancel(Cancellation { reason })),
        2 => Just(C::Report(ReportActivity {})),
        4 => amendment(),
        1 => text(REASONS).prop_map(|reason| C::Void(Voiding { reason })),
    ]
}

/// 1 to 40 commands in random order; most sequences open with a plan, as real streams do.
pub(crate) fn activity_commands() -> impl Strategy<Value = Vec<ActivityCommand>> {
    (proptest::bool::weighted(0.85), plan(), proptest::collection::vec(activity_command(), 0..MAX_COMMANDS))
        .prop_map(|(opens_with_plan, plan, mut commands)| {
            if opens_with_plan || commands.is_empty() {
                commands.insert(0, ActivityCommand::Plan(plan));
                commands.truncate(MAX_COMMANDS);
            }
            commands
        })
}
