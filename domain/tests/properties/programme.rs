//! Programme: registrations and contributions in any order, and the run of one sequence.

use proptest::prelude::*;
use proptest::sample::select;
use tatrack_domain::events::ProgrammeEvent;
use tatrack_domain::programme::{
    Contribution, Programme, ProgrammeCommand, ProgrammeError, RegisterProgramme,
};
use tatrack_domain::values::{Money, ProgrammeCode};
use tatrack_domain::vocabulary::ThematicArea;

use crate::aggregate::{check_money, run};
use crate::values::{amount, currency, date, programme_id, text, DONORS, TITLES};

pub(crate) fn programme_command() -> impl Strategy<Value = ProgrammeCommand> {
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

pub(crate) fn run_programme(commands: Vec<ProgrammeCommand>) -> Result<(), TestCaseError> {
    let (state, accepted) = run(commands, Programme::decide, |before, command, result, after| {
        match (before.record(), command) {
            (Some(_), ProgrammeCommand::Register(_)) => {
                prop_assert_eq!(result, &Err(ProgrammeError::AlreadyRegistered));
            }
            (None, ProgrammeCommand::RecordContribution(_)) => {
                prop_assert_eq!(result, &Err(ProgrammeError::NotRegistered));
            }
            _ => {}
        }
        if result.is_err() {
            return Ok(());
        }
        let record = after.record().expect("an accepted command leaves a record");
        if let (Some(start), Some(end)) = (record.registration.start, record.registration.end) {
            prop_assert!(start <= end, "programme dates reversed");
        }
        for contribution in &record.contributions {
            check_money(&Money { amount: contribution.amount, currency: contribution.currency })?;
        }
        Ok(())
    })?;
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
    Ok(())
}
