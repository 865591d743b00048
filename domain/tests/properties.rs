//! Property tests of the two aggregates: random command sequences, realistic and often wrong, must
//! never bring an activity or a programme into a state its rules forbid.
//!
//! Each case sends 1 to 40 commands to one aggregate (ids fixed per case), applies the events of
//! the commands it accepts and checks, after every step:
//!
//! - the activity's invariants and its state machine (planned, delivered, reported; or cancelled),
//!   and that the record shows what each accepted command recorded;
//! - the programme's: one registration at most, contributions positive and within the minor unit;
//! - that `decide` is deterministic and depends on nothing the store does not keep (a state
//!   restored from its JSON snapshot decides alike), and that a refused command changes nothing
//!   through cqrs-es's `handle`;
//! - that replaying the accepted events, straight or through their JSON form, rebuilds the same
//!   aggregate, as the event store does, and that the aggregate survives a JSON snapshot.

use chrono::{Days, NaiveDate};
use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tatrack_domain::activity::{
    Activity, ActivityCommand, ActivityError, ActivityRecord, ActivityStatus, Attendance, Cancellation,
    Correction, Dated, Delivery, DeliveryAmendment, Funding, FundingAmendment, FundingWithdrawal, Output,
    OutputAmendment, OutputRemoval, Participants, ParticipantsAmendment, PlanActivity, PlannedFieldChanges,
    ReportActivity, Reschedule, Voiding,
};
use tatrack_domain::events::{ActivityEvent, ProgrammeEvent};
use tatrack_domain::money::check_amount;
use tatrack_domain::programme::{
    Contribution, Programme, ProgrammeCommand, ProgrammeError, RegisterProgramme,
};
use tatrack_domain::values::{
    ActivityId, CountryCode, Currency, Headcount, Money, NonEmptyText, ProgrammeCode, ProgrammeId,
};
use tatrack_domain::vocabulary::{ActivityKind, DeliveryMode, Institution, OutputKind, ThematicArea};
use uuid::Uuid;

const CASES: u32 = 256;
const MAX_COMMANDS: usize = 40;

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

const COUNTRIES: &[&str] = &["SAU", "AGO", "BOL", "COG"];
/// Two, zero, three and no decimal places in their minor unit (gold has none at all).
const CURRENCIES: &[&str] = &["EUR", "USD", "JPY", "KWD", "XAU"];
const DONORS: &[&str] = &["European Union", "Germany", "Japan"];
const TITLES: &[&str] = &["Workshop on mutual legal assistance", "Training of firearms examiners"];
const LOCATIONS: &[&str] = &["Riyadh", "Luanda", "La Paz", "Brazzaville", "Online"];
const REASONS: &[&str] = &["Typo in the plan", "The donor asked for it", "Venue not available"];

fn activity_id() -> ActivityId {
    ActivityId::new(Uuid::from_u128(0x6a1c_2d6e_0b7f_4c8e_9a51_2f3b_4c5d_6e7f))
}

fn programme_ids() -> [ProgrammeId; 2] {
    [
        ProgrammeId::new(Uuid::from_u128(0x0f3e_6b1a_8c2d_4e5f_a6b7_c8d9_e0f1_a2b3)),
        ProgrammeId::new(Uuid::from_u128(0x9d8c_7b6a_5f4e_4d3c_b2a1_0f9e_8d7c_6b5a)),
    ]
}

fn text(pool: &'static [&'static str]) -> impl Strategy<Value = NonEmptyText> {
    select(pool).prop_map(|t| NonEmptyText::parse(t).expect("pool text is not empty"))
}

fn country() -> impl Strategy<Value = CountryCode> {
    select(COUNTRIES).prop_map(|c| CountryCode::parse(c).expect("pool country is an ISO code"))
}

/// Mostly distinct countries in any order; sometimes none, sometimes one listed twice.
fn countries() -> impl Strategy<Value = Vec<CountryCode>> {
    let distinct = subsequence(COUNTRIES, 1..=COUNTRIES.len()).prop_shuffle().prop_map(|codes| {
        codes.into_iter().map(|c| CountryCode::parse(c).expect("pool country is an ISO code")).collect()
    });
    prop_oneof![
        1 => Just(Vec::new()),
        8 => distinct,
        2 => proptest::collection::vec(country(), 2..=3),
    ]
}

fn programme_id() -> impl Strategy<Value = ProgrammeId> {
    select(programme_ids().to_vec())
}

/// A day in 2019 or 2020.
fn date() -> impl Strategy<Value = NaiveDate> {
    (0u64..=730).prop_map(day_of_2019)
}

fn day_of_2019(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 1, 1)
        .and_then(|first| first.checked_add_days(Days::new(offset)))
        .expect("an offset of a few years from 2019 is a real day")
}

/// `(start, end)`: mostly a few days long, sometimes two unrelated days, so end < start happens.
fn dates() -> impl Strategy<Value = (NaiveDate, NaiveDate)> {
    prop_oneof![
        4 => (0u64..=700, 0u64..=30).prop_map(|(start, days)| (day_of_2019(start), day_of_2019(start + days))),
        1 => (date(), date()),
    ]
}

fn currency() -> impl Strategy<Value = Currency> {
    select(CURRENCIES).prop_map(|c| Currency::parse(c).expect("pool currency is an ISO code"))
}

/// Mostly sensible amounts; sometimes zero, negative or finer than a cent.
fn amount() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        6 => (1i64..100_000_000).prop_map(|cents| Decimal::new(cents, 2)),
        3 => (1i64..1_000_000).prop_map(|units| Decimal::new(units, 0)),
        1 => Just(Decimal::ZERO),
        1 => (1i64..1_000_000).prop_map(|cents| Decimal::new(-cents, 2)),
        1 => (1i64..10_000_000).prop_map(|mills| Decimal::new(mills, 3)),
        1 => (1i64..10_000_000).prop_map(|units| Decimal::new(units, 4)),
    ]
}

fn headcount(max: u32) -> impl Strategy<Value = Headcount> {
    (0..max).prop_map(Headcount::new)
}

fn attendance(max: u32) -> impl Strategy<Value = Attendance> {
    (headcount(max), headcount(max), headcount(max / 4 + 1))
        .prop_map(|(female, male, other_or_undisclosed)| Attendance { female, male, other_or_undisclosed })
}

// ---------------------------------------------------------------------------------------------
// Activity commands
// ---------------------------------------------------------------------------------------------

fn plan() -> impl Strategy<Value = PlanActivity> {
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

fn participants() -> impl Strategy<Value = Participants> {
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
fn correction() -> impl Strategy<Value = Correction> {
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
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 6, 1).expect("a real day")
}

/// Amendments of what happened, with places in the record that are often not there.
fn amendment() -> impl Strategy<Value = ActivityCommand> {
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

fn activity_command() -> impl Strategy<Value = ActivityCommand> {
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
fn activity_commands() -> impl Strategy<Value = Vec<ActivityCommand>> {
    (proptest::bool::weighted(0.85), plan(), proptest::collection::vec(activity_command(), 0..MAX_COMMANDS))
        .prop_map(|(opens_with_plan, plan, mut commands)| {
            if opens_with_plan || commands.is_empty() {
                commands.insert(0, ActivityCommand::Plan(plan));
                commands.truncate(MAX_COMMANDS);
            }
            commands
        })
}

// ---------------------------------------------------------------------------------------------
// Activity checks
// ---------------------------------------------------------------------------------------------

/// What the state machine says about `command` before any value is looked at.
fn check_state_machine(
    before: Option<&ActivityRecord>,
    command: &ActivityCommand,
    result: &Result<Vec<ActivityEvent>, ActivityError>,
) -> Result<(), TestCaseError> {
    use ActivityCommand as C;
    let Some(record) = before else {
        if !matches!(command, C::Plan(_)) {
            prop_assert_eq!(result, &Err(ActivityError::NotPlanned));
        }
        return Ok(());
    };
    match (record.status, command) {
        (_, C::Plan(_)) => prop_assert_eq!(result, &Err(ActivityError::AlreadyPlanned)),
        (ActivityStatus::Voided, C::Void(_)) => prop_assert_eq!(result, &Err(ActivityError::AlreadyVoided)),
        (ActivityStatus::Voided, _) => prop_assert_eq!(result, &Err(ActivityError::Voided)),
        (_, C::Void(_)) => prop_assert!(result.is_ok(), "voiding refused: {:?}", result),
        (ActivityStatus::Planned, command) if command.is_amendment() => {
            prop_assert_eq!(result, &Err(ActivityError::NotDelivered));
        }
        (ActivityStatus::Reported, command) if command.is_amendment() => {}
        // Reported, the record is locked but for corrections; cancelled, a donor may also
        // take its money back.
        (ActivityStatus::Reported, C::Correct(_))
        | (ActivityStatus::Cancelled, C::Correct(_) | C::WithdrawFunding(_)) => {}
        (ActivityStatus::Reported, _) => prop_assert_eq!(result, &Err(ActivityError::Reported)),
        (ActivityStatus::Cancelled, C::Cancel(_)) => {
            prop_assert_eq!(result, &Err(ActivityError::AlreadyCancelled));
        }
        (ActivityStatus::Cancelled, _) => prop_assert_eq!(result, &Err(ActivityError::Cancelled)),
        _ => {}
    }
    Ok(())
}

/// The status moves only along planned -> delivered -> reported or planned -> cancelled, each
/// step by its own command; a correction never moves it.
fn check_transition(
    before: Option<ActivityStatus>,
    command: &ActivityCommand,
    after: ActivityStatus,
) -> Result<(), TestCaseError> {
    use ActivityCommand as C;
    use ActivityStatus as S;
    let Some(before) = before else {
        prop_assert!(matches!(command, C::Plan(_)), "only a plan opens a record, not {:?}", command);
        prop_assert_eq!(after, S::Planned);
        return Ok(());
    };
    if matches!(command, C::Correct(_)) {
        prop_assert_eq!(after, before, "a correction changed the status");
    }
    if command.is_amendment() {
        prop_assert_eq!(after, before, "an amendment changed the status");
    }
    let allowed = matches!(
        (before, after),
        (S::Planned, S::Planned | S::Delivered | S::Cancelled)
            | (S::Delivered, S::Delivered | S::Reported)
            | (S::Cancelled, S::Cancelled)
            | (S::Reported, S::Reported)
            | (_, S::Voided)
    );
    prop_assert!(allowed, "{:?} -> {:?} by {:?}", before, after, command);
    if before != after {
        let by_its_command = matches!(
            (after, command),
            (S::Delivered, C::RecordDelivery(_))
                | (S::Cancelled, C::Cancel(_))
                | (S::Reported, C::Report(_))
                | (S::Voided, C::Void(_))
        );
        prop_assert!(by_its_command, "{:?} -> {:?} by {:?}", before, after, command);
    }
    Ok(())
}

/// The record shows what the accepted command recorded.
fn check_effect(command: &ActivityCommand, record: &ActivityRecord) -> Result<(), TestCaseError> {
    use ActivityCommand as C;
    match command {
        C::Reschedule(reschedule) => {
            prop_assert_eq!(record.planned.planned_start, reschedule.planned_start);
            prop_assert_eq!(record.planned.planned_end, reschedule.planned_end);
        }
        C::RecordDelivery(delivery) => prop_assert_eq!(record.delivery.as_ref(), Some(&delivery.body)),
        C::AmendDelivery(amendment) => {
            let amended =
                Delivery { start: amendment.body.start, end: amendment.body.end, mode: amendment.body.mode };
            prop_assert_eq!(record.delivery, Some(amended));
        }
        C::AmendParticipants(amendment) => {
            prop_assert_eq!(record.participants.as_ref(), Some(&amendment.participants));
        }
        C::AmendFunding(amendment) => {
            let line = usize::try_from(amendment.line).expect("a small index");
            prop_assert_eq!(record.funding.get(line), Some(&amendment.funding()));
        }
        C::AmendOutput(amendment) => {
            let output = usize::try_from(amendment.output).expect("a small index");
            let amended = Output { kind: amendment.kind, description: amendment.description.clone() };
            prop_assert_eq!(record.outputs.get(output), Some(&amended));
        }
        C::Void(voiding) => {
            prop_assert_eq!(record.status, ActivityStatus::Voided);
            prop_assert_eq!(record.void_reason.as_ref(), Some(&voiding.reason));
        }
        C::RecordParticipants(participants) => {
            prop_assert_eq!(record.participants.as_ref(), Some(participants));
        }
        C::AttributeFunding(funding) => prop_assert_eq!(record.funding.last(), Some(funding)),
        C::WithdrawFunding(withdrawal) => {
            prop_assert!(
                record.funding.iter().all(|f| f.donor != withdrawal.donor),
                "{} still funds the activity",
                withdrawal.donor
            );
        }
        C::RecordOutput(output) => prop_assert_eq!(record.outputs.last(), Some(output)),
        C::Cancel(cancellation) => {
            prop_assert_eq!(record.cancellation_reason.as_ref(), Some(&cancellation.reason));
        }
        C::Plan(_) | C::Correct(_) | C::Report(_) | C::RemoveOutput(_) => {}
    }
    Ok(())
}

/// Every invariant of an activity's record.
fn check_record(record: &ActivityRecord) -> Result<(), TestCaseError> {
    let planned = &record.planned;
    prop_assert!(planned.planned_start <= planned.planned_end, "planned dates reversed: {:?}", planned);
    prop_assert!(!planned.countries.is_empty(), "no countries");
    for (i, country) in planned.countries.iter().enumerate() {
        prop_assert!(!planned.countries[..i].contains(country), "{} listed twice", country);
    }
    // A voided record stays as it was when voided, whatever its status then.
    if record.status == ActivityStatus::Voided {
        prop_assert!(record.void_reason.is_some(), "voided without a reason");
        return Ok(());
    }
    prop_assert!(record.void_reason.is_none(), "a void reason on a record not voided");
    let delivered = matches!(record.status, ActivityStatus::Delivered | ActivityStatus::Reported);
    prop_assert_eq!(record.delivery.is_some(), delivered, "delivery vs status {:?}", record.status);
    if let Some(delivery) = &record.delivery {
        prop_assert!(delivery.start <= delivery.end, "delivery dates reversed: {:?}", delivery);
    }
    prop_assert!(record.participants.is_none() || delivered, "participants before delivery");
    prop_assert_eq!(
        record.cancellation_reason.is_some(),
        record.status == ActivityStatus::Cancelled,
        "cancellation reason vs status {:?}",
        record.status
    );
    for funding in &record.funding {
        check_money(&funding.money())?;
    }
    if let Some(participants) = &record.participants {
        check_participants(participants, &planned.countries)?;
    }
    Ok(())
}

/// Positive and no finer than the currency's minor unit, checked here without `check_amount`.
fn check_money(money: &Money) -> Result<(), TestCaseError> {
    prop_assert!(money.amount > Decimal::ZERO, "amount not positive: {:?}", money);
    let digits = u32::from(money.currency.minor_unit_digits().unwrap_or(0));
    prop_assert!(money.amount.scale() <= digits, "amount too precise: {:?}", money);
    prop_assert!(money.amount <= tatrack_domain::money::MAX_AMOUNT, "amount too large: {:?}", money);
    prop_assert_eq!(check_amount(money), Ok(()));
    Ok(())
}

fn check_participants(participants: &Participants, countries: &[CountryCode]) -> Result<(), TestCaseError> {
    let total = participants.attendance().total();
    if let Some(by_institution) = &participants.by_institution {
        let sum: u64 = by_institution.values().map(|n| u64::from(n.get())).sum();
        prop_assert!(sum <= total, "by_institution adds up to {} of {}", sum, total);
    }
    if let Some(by_country) = &participants.by_country {
        for country in by_country.keys() {
            prop_assert!(countries.contains(country), "{} is not among {:?}", country, countries);
        }
        let overall = participants.attendance();
        for pick in
            [|a: &Attendance| a.female, |a: &Attendance| a.male, |a: &Attendance| a.other_or_undisclosed]
        {
            let sum: u64 = by_country.values().map(|a| u64::from(pick(a).get())).sum();
            prop_assert!(sum <= u64::from(pick(&overall).get()), "by_country exceeds the total");
        }
    }
    Ok(())
}

/// `state` as the store would hand it back: through its JSON form.
fn restored<A: Serialize + DeserializeOwned>(state: &A) -> A {
    serde_json::from_value(serde_json::to_value(state).expect("an aggregate serializes"))
        .expect("an aggregate deserializes")
}

/// `Aggregate::handle`, the path cqrs-es takes, on a copy of `state`: it must give what `decide`
/// gave, leave the state as it was on a refusal, and otherwise leave the state its events build.
fn check_handle<A>(
    runtime: &tokio::runtime::Runtime,
    state: &A,
    command: A::Command,
    decided: &Result<Vec<A::Event>, A::Error>,
) -> Result<(), TestCaseError>
where
    A: Aggregate<Services = ()> + Clone + PartialEq,
    A::Error: PartialEq,
{
    let mut handled = state.clone();
    let sink = EventSink::default();
    let result = runtime.block_on(handled.handle(command, &(), &sink));
    let events = runtime.block_on(sink.collect());
    match (result, decided) {
        (Err(error), Err(decided)) => {
            prop_assert_eq!(&error, decided);
            prop_assert!(handled == *state, "a refused command changed the state");
            prop_assert!(events.is_empty(), "a refused command wrote events");
        }
        (Ok(()), Ok(decided)) => {
            prop_assert_eq!(&events, decided);
            let mut applied = state.clone();
            for event in events {
                applied.apply(event);
            }
            prop_assert!(applied == handled, "handle's state differs from applying its events");
        }
        (result, decided) => {
            return Err(TestCaseError::fail(format!("handle gave {result:?}, decide {decided:?}")));
        }
    }
    Ok(())
}

/// Replays `events` into a fresh aggregate, straight and through their JSON form, as the event
/// store does, and checks the JSON names the event as `event_type` does.
fn check_replay<A>(events: &[A::Event], built: &A) -> Result<(), TestCaseError>
where
    A: Aggregate + Clone + PartialEq + Serialize + DeserializeOwned,
    A::Event: PartialEq,
{
    let mut replayed = A::default();
    let mut from_json = A::default();
    for event in events {
        let json = serde_json::to_value(event).expect("an event serializes");
        let tag =
            json.as_str().or_else(|| json.as_object().and_then(|o| o.keys().next()).map(String::as_str));
        let event_type = event.event_type();
        prop_assert_eq!(tag, Some(event_type.as_str()));
        let back: A::Event = serde_json::from_value(json.clone()).expect("a stored event deserializes");
        prop_assert!(back == *event, "JSON round-trip changed {}", json);
        replayed.apply(event.clone());
        from_json.apply(back);
    }
    prop_assert!(replayed == *built, "replay differs from the aggregate built step by step");
    prop_assert!(from_json == *built, "replay from JSON differs from the aggregate built step by step");
    prop_assert!(restored(built) == *built, "snapshot round-trip changed {:?}", serde_json::to_value(built));
    Ok(())
}

fn run_activity(commands: Vec<ActivityCommand>) -> Result<(), TestCaseError> {
    let runtime =
        tokio::runtime::Builder::new_current_thread().build().expect("a current-thread runtime starts");
    let mut state = Activity::default();
    let mut accepted = Vec::new();
    for command in commands {
        let before = state.clone();
        let result = state.decide(command.clone());
        prop_assert_eq!(&result, &state.decide(command.clone()), "decide is not deterministic");
        prop_assert_eq!(&result, &restored(&state).decide(command.clone()), "decide reads unstored state");
        check_state_machine(before.record(), &command, &result)?;
        check_handle(&runtime, &state, command.clone(), &result)?;
        let Ok(events) = result else { continue };
        prop_assert_eq!(events.len(), 1, "one command, one event");
        for event in events {
            state.apply(event.clone());
            accepted.push(event);
        }
        let record = state.record().expect("an accepted command leaves a record");
        check_transition(before.record().map(|r| r.status), &command, record.status)?;
        check_effect(&command, record)?;
        check_record(record)?;
    }
    check_replay(&accepted, &state)
}

// ---------------------------------------------------------------------------------------------
// Programme
// ---------------------------------------------------------------------------------------------

fn programme_command() -> impl Strategy<Value = ProgrammeCommand> {
    let code = select(&["GLOFIREARMS", "GLOACT", "GLO_TIP-2"][..])
        .prop_map(|c| ProgrammeCode::parse(c).expect("pool code is valid"));
    let register = (
        programme_id(),
        code,
        text(TITLES),
        select(ThematicArea::ALL),
        proptest::option::weighted(0.8, date()),
        proptest::option::weighted(0.8, date()),
    )
        .prop_map(|(id, code, name, thematic_area, start, end)| RegisterProgramme {
            id,
            code,
            name,
            thematic_area,
            start,
            end,
        });
    let contribution =
        (text(DONORS), amount(), currency(), date()).prop_map(|(donor, amount, currency, received_on)| {
            Contribution { donor, organisation_id: None, amount, currency, received_on }
        });
    prop_oneof![
        1 => register.prop_map(ProgrammeCommand::Register),
        3 => contribution.prop_map(ProgrammeCommand::RecordContribution),
    ]
}

fn run_programme(commands: Vec<ProgrammeCommand>) -> Result<(), TestCaseError> {
    let runtime =
        tokio::runtime::Builder::new_current_thread().build().expect("a current-thread runtime starts");
    let mut state = Programme::default();
    let mut accepted = Vec::new();
    for command in commands {
        let before = state.clone();
        let result = state.decide(command.clone());
        prop_assert_eq!(&result, &state.decide(command.clone()), "decide is not deterministic");
        prop_assert_eq!(&result, &restored(&state).decide(command.clone()), "decide reads unstored state");
        match (before.record(), &command) {
            (Some(_), ProgrammeCommand::Register(_)) => {
                prop_assert_eq!(&result, &Err(ProgrammeError::AlreadyRegistered));
            }
            (None, ProgrammeCommand::RecordContribution(_)) => {
                prop_assert_eq!(&result, &Err(ProgrammeError::NotRegistered));
            }
            _ => {}
        }
        check_handle(&runtime, &state, command, &result)?;
        let Ok(events) = result else { continue };
        prop_assert_eq!(events.len(), 1, "one command, one event");
        for event in events {
            state.apply(event.clone());
            accepted.push(event);
        }
        let record = state.record().expect("an accepted command leaves a record");
        if let (Some(start), Some(end)) = (record.registration.start, record.registration.end) {
            prop_assert!(start <= end, "programme dates reversed");
        }
        for contribution in &record.contributions {
            check_money(&Money { amount: contribution.amount, currency: contribution.currency })?;
        }
    }
    let registrations =
        accepted.iter().filter(|e| matches!(e, ProgrammeEvent::ProgrammeRegistered(_))).count();
    prop_assert!(registrations <= 1, "{} registrations", registrations);
    let contributions: Vec<_> = accepted
        .iter()
        .filter_map(|e| match e {
            ProgrammeEvent::ContributionRecorded(c) => Some(Contribution::from(c.clone())),
            _ => None,
        })
        .collect();
    prop_assert_eq!(state.record().map_or(&[][..], |r| &r.contributions[..]), &contributions[..]);
    check_replay(&accepted, &state)
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Invariants after every step, the state machine, determinism, refusals changing nothing,
    /// and replay (straight, from JSON, from a snapshot) rebuilding the same activity.
    #[test]
    fn activity_keeps_its_rules_under_any_command_sequence(commands in activity_commands()) {
        run_activity(commands)?;
    }

    /// At most one registration; every contribution positive and within its currency's minor
    /// unit; determinism, refusals changing nothing, replay rebuilding the same programme.
    #[test]
    fn programme_keeps_its_rules_under_any_command_sequence(
        commands in proptest::collection::vec(programme_command(), 1..=MAX_COMMANDS),
    ) {
        run_programme(commands)?;
    }
}
