//! Activity checks: the state machine, the effect of each accepted command, the record's
//! invariants after every step, and the run of one command sequence.

use proptest::prelude::*;
use tatrack_domain::activity::{
    Activity, ActivityCommand, ActivityError, ActivityRecord, ActivityStatus, Attendance, Delivery, Output,
    Participants,
};
use tatrack_domain::events::ActivityEvent;
use tatrack_domain::values::CountryCode;

use crate::aggregate::{check_money, run};

/// What the state machine says about `command` before any value is looked at.
pub(crate) fn check_state_machine(
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
pub(crate) fn check_transition(
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
pub(crate) fn check_effect(command: &ActivityCommand, record: &ActivityRecord) -> Result<(), TestCaseError> {
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
        // A list's tally is checked by the aggregate's own tests; generated commands carry none.
        C::Plan(_) | C::Correct(_) | C::Report(_) | C::RemoveOutput(_) | C::RecordAttendance(_) => {}
    }
    Ok(())
}

/// Every invariant of an activity's record.
pub(crate) fn check_record(record: &ActivityRecord) -> Result<(), TestCaseError> {
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

pub(crate) fn check_participants(
    participants: &Participants,
    countries: &[CountryCode],
) -> Result<(), TestCaseError> {
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

pub(crate) fn run_activity(commands: Vec<ActivityCommand>) -> Result<(), TestCaseError> {
    run(commands, Activity::decide, |before, command, result, after| {
        check_state_machine(before.record(), command, result)?;
        if result.is_err() {
            return Ok(());
        }
        let record = after.record().expect("an accepted command leaves a record");
        check_transition(before.record().map(|r| r.status), command, record.status)?;
        check_effect(command, record)?;
        check_record(record)
    })?;
    Ok(())
}
