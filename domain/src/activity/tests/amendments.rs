//! Amendments of what happened, voiding, and the rules about delivery dates and reports: given /
//! when / then, one test per event and per rule.

use super::*;
use crate::activity::{
    DeliveryAmendment, FundingAmendment, OutputAmendment, OutputRemoval, ParticipantsAmendment, Voiding,
};
use crate::events::activity::{
    DeliveryAmended, FundingAmended, OutputAmended, OutputRemoved, ParticipantsAmended, Voided,
};

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const REASON: &str = "Typed in wrongly from the attendance sheet";

/// The workshop delivered, tallied, funded by the EU and Norway, with two outputs, reported.
fn reported() -> Vec<ActivityEvent> {
    vec![
        planned(),
        eu_funding_attributed(),
        funding_attributed("Norway", "5000.00", "NOK"),
        delivered(),
        participants_recorded(11, 19, 0),
        output_recorded(),
        ActivityEvent::OutputRecorded(OutputRecorded {
            kind: OutputKind::StrategyAdopted,
            description: text("National MLA strategy adopted"),
        }),
        ActivityEvent::ActivityReported,
    ]
}

/// The same, delivered but not yet reported.
fn delivered_only() -> Vec<ActivityEvent> {
    let mut events = reported();
    events.pop();
    events
}

fn delivery_amendment() -> DeliveryAmendment {
    DeliveryAmendment {
        reason: text(REASON),
        start: day(2019, 10, 20),
        end: day(2019, 10, 24),
        mode: DeliveryMode::Hybrid,
    }
}

fn participants_amendment() -> ParticipantsAmendment {
    ParticipantsAmendment { reason: text(REASON), participants: participants(12, 18, 0) }
}

fn funding_amendment() -> FundingAmendment {
    FundingAmendment {
        reason: text("Attributed to the wrong donor"),
        line: 1,
        donor: text("Sweden"),
        organisation_id: None,
        amount: amount("5000.00"),
        currency: currency("SEK"),
    }
}

fn output_amendment() -> OutputAmendment {
    OutputAmendment {
        reason: text(REASON),
        output: 0,
        kind: OutputKind::ManualPublished,
        description: text("Saudi guide to drafting and executing MLA requests"),
    }
}

fn output_removal() -> OutputRemoval {
    OutputRemoval { reason: text("Recorded twice"), output: 1 }
}

fn voiding() -> Voiding {
    Voiding { reason: text("A duplicate of the activity recorded by the regional office") }
}

fn voided() -> ActivityEvent {
    ActivityEvent::ActivityVoided(Voided {
        reason: text("A duplicate of the activity recorded by the regional office"),
    })
}

/// Every amendment, each valid on [`reported`].
fn amendments() -> Vec<ActivityCommand> {
    vec![
        ActivityCommand::AmendDelivery(dated(delivery_amendment())),
        ActivityCommand::AmendParticipants(participants_amendment()),
        ActivityCommand::AmendFunding(funding_amendment()),
        ActivityCommand::AmendOutput(output_amendment()),
        ActivityCommand::RemoveOutput(output_removal()),
    ]
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

#[test]
fn each_amendment_of_a_reported_activity_records_its_event() {
    let norway = crate::values::OrganisationId::new(Uuid::from_u128(0x47));
    // The same donor, amount and currency as line 1: naming its organisation is the change.
    let named = FundingAmendment {
        donor: text("Norway"),
        organisation_id: Some(norway),
        amount: amount("5000.00"),
        currency: currency("NOK"),
        ..funding_amendment()
    };
    let funding_amended = |donor, organisation_id, code| {
        ActivityEvent::FundingAmended(FundingAmended {
            reason: text("Attributed to the wrong donor"),
            line: 1,
            donor: text(donor),
            organisation_id,
            amount: amount("5000.00"),
            currency: currency(code),
        })
    };
    assert_each_recorded::<Activity>(vec![
        // Amending the delivery.
        (
            reported(),
            ActivityCommand::AmendDelivery(dated(delivery_amendment())),
            vec![ActivityEvent::DeliveryAmended(DeliveryAmended {
                reason: text(REASON),
                start: day(2019, 10, 20),
                end: day(2019, 10, 24),
                mode: DeliveryMode::Hybrid,
            })],
        ),
        // Amending the participants.
        (
            reported(),
            ActivityCommand::AmendParticipants(participants_amendment()),
            vec![ActivityEvent::ParticipantsAmended(ParticipantsAmended {
                reason: text(REASON),
                participants: ParticipantsTallied {
                    female: Headcount::new(12),
                    male: Headcount::new(18),
                    other_or_undisclosed: Headcount::new(0),
                    by_institution: None,
                    by_country: None,
                },
            })],
        ),
        // Amending a funding line.
        (
            reported(),
            ActivityCommand::AmendFunding(funding_amendment()),
            vec![funding_amended("Sweden", None, "SEK")],
        ),
        // Naming a funding line's organisation records the id.
        (
            reported(),
            ActivityCommand::AmendFunding(named),
            vec![funding_amended("Norway", Some(norway), "NOK")],
        ),
        // Amending an output.
        (
            reported(),
            ActivityCommand::AmendOutput(output_amendment()),
            vec![ActivityEvent::OutputAmended(OutputAmended {
                reason: text(REASON),
                output: 0,
                kind: OutputKind::ManualPublished,
                description: text("Saudi guide to drafting and executing MLA requests"),
            })],
        ),
        // Removing an output.
        (
            reported(),
            ActivityCommand::RemoveOutput(output_removal()),
            vec![ActivityEvent::OutputRemoved(OutputRemoved { reason: text("Recorded twice"), output: 1 })],
        ),
    ]);
}

#[test]
fn every_amendment_is_accepted_on_a_delivered_activity_too() {
    for command in amendments() {
        assert_accepted::<Activity>(delivered_only(), command);
    }
}

#[test]
fn voiding_an_activity_in_any_status_records_activity_voided() {
    let states = [vec![planned()], vec![planned(), delivered()], vec![planned(), cancelled()], reported()];
    for given in states {
        assert_recorded::<Activity>(
            given,
            ActivityCommand::Void(voiding()),
            vec![ActivityEvent::ActivityVoided(Voided {
                reason: text("A duplicate of the activity recorded by the regional office"),
            })],
        );
    }
}

#[test]
fn amendments_and_voiding_give_their_reason_for_the_metadata() {
    let mut commands = amendments();
    commands.push(ActivityCommand::Void(voiding()));
    for command in commands {
        assert!(command.reason().is_some(), "{command:?} gives no reason");
    }
}

#[test]
fn only_commands_naming_a_line_or_an_output_by_its_place_name_a_place() {
    let named: Vec<bool> = amendments().iter().map(ActivityCommand::names_a_place).collect();
    assert_eq!(named, [false, false, true, true, true]);
    assert!(!ActivityCommand::Void(voiding()).names_a_place());
    assert!(commands_other_than_plan_and_correction().iter().all(|c| !c.names_a_place()));
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

#[test]
fn amending_a_planned_activity_is_refused() {
    let given = vec![planned(), eu_funding_attributed(), funding_attributed("Norway", "5000.00", "NOK")];
    for command in amendments() {
        assert_refused::<Activity>(given.clone(), command, ActivityError::NotDelivered);
    }
}

#[test]
fn amending_a_cancelled_activity_is_refused() {
    for command in amendments() {
        assert_refused::<Activity>(vec![planned(), cancelled()], command, ActivityError::Cancelled);
    }
}

#[test]
fn every_command_on_a_voided_activity_is_refused() {
    let mut given = reported();
    given.push(voided());
    let mut commands = amendments();
    commands.extend(commands_other_than_plan_and_correction());
    commands.push(ActivityCommand::Correct(correction(PlannedFieldChanges {
        location: Some(text("Jeddah")),
        ..PlannedFieldChanges::default()
    })));
    for command in commands {
        assert_refused::<Activity>(given.clone(), command, ActivityError::Voided);
    }
}

#[test]
fn an_amendment_that_changes_nothing_is_refused() {
    let same_delivery = DeliveryAmendment { mode: DeliveryMode::InPerson, ..delivery_amendment() };
    let same_delivery = DeliveryAmendment { start: day(2019, 10, 21), ..same_delivery };
    let no_ops = [
        ActivityCommand::AmendDelivery(dated(same_delivery)),
        ActivityCommand::AmendParticipants(ParticipantsAmendment {
            participants: participants(11, 19, 0),
            ..participants_amendment()
        }),
        // 5000 is 5000.00: the same amount.
        ActivityCommand::AmendFunding(FundingAmendment {
            donor: text("Norway"),
            amount: amount("5000"),
            currency: currency("NOK"),
            ..funding_amendment()
        }),
        ActivityCommand::AmendOutput(OutputAmendment {
            kind: output().kind,
            description: output().description,
            ..output_amendment()
        }),
    ];
    for command in no_ops {
        assert_refused::<Activity>(reported(), command, ActivityError::NothingToAmend);
    }
}

#[test]
fn voiding_or_amending_what_is_not_there_is_refused() {
    let no_such_output = ActivityError::NoSuchOutput { output: 2, outputs: 2 };
    assert_each_refused::<Activity>(vec![
        // Voiding a voided activity.
        (vec![planned(), voided()], ActivityCommand::Void(voiding()), ActivityError::AlreadyVoided),
        // Amending participants never recorded.
        (
            vec![planned(), delivered()],
            ActivityCommand::AmendParticipants(participants_amendment()),
            ActivityError::NoParticipantsRecorded,
        ),
        // Amending a funding line that was never attributed.
        (
            reported(),
            ActivityCommand::AmendFunding(FundingAmendment { line: 2, ..funding_amendment() }),
            ActivityError::NoSuchFundingLine { line: 2, lines: 2 },
        ),
        // Amending or removing an output that was never recorded.
        (
            reported(),
            ActivityCommand::AmendOutput(OutputAmendment { output: 2, ..output_amendment() }),
            no_such_output.clone(),
        ),
        (
            reported(),
            ActivityCommand::RemoveOutput(OutputRemoval { output: 2, ..output_removal() }),
            no_such_output,
        ),
    ]);
}

#[test]
fn an_amendment_keeps_the_rules_of_the_record_it_amends() {
    let cases = [
        (
            ActivityCommand::AmendDelivery(dated(DeliveryAmendment {
                end: day(2019, 10, 19),
                ..delivery_amendment()
            })),
            ActivityError::EndBeforeStart { end_field: "end" },
        ),
        (
            ActivityCommand::AmendParticipants(ParticipantsAmendment {
                participants: Participants {
                    by_institution: Some(by_institution(&[(Institution::Judges, 31)])),
                    ..participants(11, 19, 0)
                },
                ..participants_amendment()
            }),
            ActivityError::BreakdownExceedsTotal { field: "by_institution" },
        ),
        (
            ActivityCommand::AmendFunding(FundingAmendment { amount: amount("0"), ..funding_amendment() }),
            ActivityError::Amount(AmountError::NotPositive),
        ),
    ];
    for (command, error) in cases {
        assert_refused::<Activity>(reported(), command, error);
    }
}

#[test]
fn a_delivery_after_tomorrow_is_refused() {
    let latest = day(2019, 10, 26);
    let after = |start, end| Delivery { start, end, mode: DeliveryMode::Online };
    let cases = [
        (after(day(2019, 10, 21), day(2019, 10, 27)), "end"),
        (after(day(2019, 10, 27), day(2019, 10, 28)), "start"),
    ];
    for (delivery, field) in cases {
        assert_refused::<Activity>(
            vec![planned()],
            ActivityCommand::RecordDelivery(dated(delivery)),
            ActivityError::DeliveryInFuture { field, latest },
        );
    }
    let amendment = DeliveryAmendment { end: day(2019, 10, 27), ..delivery_amendment() };
    assert_refused::<Activity>(
        reported(),
        ActivityCommand::AmendDelivery(dated(amendment)),
        ActivityError::DeliveryInFuture { field: "end", latest },
    );
}

#[test]
fn a_delivery_ending_tomorrow_is_accepted_for_the_time_zones_ahead() {
    let ahead = Delivery { start: day(2019, 10, 25), end: day(2019, 10, 26), mode: DeliveryMode::Online };
    let recorded = delivered_between(day(2019, 10, 25), day(2019, 10, 26), DeliveryMode::Online);
    assert_recorded::<Activity>(
        vec![planned()],
        ActivityCommand::RecordDelivery(dated(ahead)),
        vec![recorded],
    );
}

#[test]
fn reporting_a_training_or_workshop_without_participants_is_refused() {
    for kind in [ActivityKind::Workshop, ActivityKind::Training] {
        let plan = ActivityEvent::ActivityPlanned(PlannedFields { kind, ..planned_fields() });
        assert_refused::<Activity>(
            vec![plan, delivered()],
            ActivityCommand::Report(ReportActivity {}),
            ActivityError::ParticipantsMissing { kind: kind.as_str() },
        );
    }
}

#[test]
fn reporting_other_kinds_without_participants_is_accepted() {
    let plan = ActivityEvent::ActivityPlanned(PlannedFields {
        kind: ActivityKind::LegislativeAssistance,
        ..planned_fields()
    });
    assert_recorded::<Activity>(
        vec![plan, delivered()],
        ActivityCommand::Report(ReportActivity {}),
        vec![ActivityEvent::ActivityReported],
    );
}

#[test]
fn an_amendment_or_voiding_without_a_reason_does_not_deserialize() {
    let bodies = [
        r#"{"start": "2019-10-20", "end": "2019-10-24", "mode": "online"}"#,
        r#"{"reason": "", "start": "2019-10-20", "end": "2019-10-24", "mode": "online"}"#,
    ];
    for body in bodies {
        assert!(serde_json::from_str::<DeliveryAmendment>(body).is_err(), "{body}");
    }
    assert!(serde_json::from_str::<Voiding>("{}").is_err());
    assert!(serde_json::from_str::<OutputRemoval>(r#"{"output": 0}"#).is_err());
}

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

#[test]
fn amendments_replace_what_they_amend_and_keep_the_rest() {
    let mut events = reported();
    for command in amendments() {
        let decided = state_after(events.clone()).decide(command).expect("each amendment is accepted");
        events.extend(decided);
    }
    let record = record_after(events);
    assert_eq!(record.status, ActivityStatus::Reported);
    assert_eq!(
        record.delivery,
        Some(Delivery { start: day(2019, 10, 20), end: day(2019, 10, 24), mode: DeliveryMode::Hybrid })
    );
    assert_eq!(record.participants, Some(participants(12, 18, 0)));
    assert_eq!(record.funding, vec![eu_funding(), funding("Sweden", "5000.00", "SEK")]);
    assert_eq!(
        record.outputs,
        vec![Output {
            kind: OutputKind::ManualPublished,
            description: text("Saudi guide to drafting and executing MLA requests"),
        }]
    );
}

#[test]
fn voiding_keeps_the_record_and_its_reason() {
    let mut events = reported();
    events.push(voided());
    let record = record_after(events);
    assert_eq!(record.status, ActivityStatus::Voided);
    assert!(!record.status.counts());
    assert_eq!(record.void_reason, Some(voiding().reason));
    assert_eq!(record.participants, Some(participants(11, 19, 0)), "the record stays as it was");
}

#[test]
fn new_events_keep_their_names_and_survive_a_json_round_trip() {
    assert_named_and_round_trip(vec![
        (ActivityEvent::DeliveryAmended(delivery_amendment().into()), "DeliveryAmended", "1.0"),
        (ActivityEvent::ParticipantsAmended(participants_amendment().into()), "ParticipantsAmended", "1.0"),
        (ActivityEvent::FundingAmended(funding_amendment().into()), "FundingAmended", "1.1"),
        (ActivityEvent::OutputAmended(output_amendment().into()), "OutputAmended", "1.0"),
        (ActivityEvent::OutputRemoved(output_removal().into()), "OutputRemoved", "1.0"),
        (voided(), "ActivityVoided", "1.0"),
    ]);
}
