//! Actions: what each state offers, written out, and the state machine's agreement with `decide`.

use super::*;
use crate::activity::ActivityAction as A;
use crate::events::activity::Voided;

#[test]
fn each_state_offers_exactly_the_actions_it_takes() {
    let cases = [
        (
            "planned",
            vec![planned()],
            vec![
                A::Reschedule,
                A::RecordDelivery,
                A::AttributeFunding,
                A::RecordOutput,
                A::Correct,
                A::Cancel,
                A::Void,
            ],
        ),
        (
            "planned with funding",
            vec![planned(), eu_funding_attributed()],
            vec![
                A::Reschedule,
                A::RecordDelivery,
                A::AttributeFunding,
                A::WithdrawFunding,
                A::RecordOutput,
                A::Correct,
                A::Cancel,
                A::Void,
            ],
        ),
        (
            "delivered",
            vec![planned(), delivered()],
            vec![
                A::RecordDelivery,
                A::RecordParticipants,
                A::AttributeFunding,
                A::RecordOutput,
                A::Report,
                A::AmendDelivery,
                A::Correct,
                A::Void,
            ],
        ),
        (
            "delivered with participants, funding and an output",
            vec![
                planned(),
                eu_funding_attributed(),
                delivered(),
                participants_recorded(11, 19, 0),
                output_recorded(),
            ],
            vec![
                A::RecordDelivery,
                A::RecordParticipants,
                A::AttributeFunding,
                A::WithdrawFunding,
                A::RecordOutput,
                A::Report,
                A::AmendDelivery,
                A::AmendParticipants,
                A::AmendFunding,
                A::AmendOutput,
                A::RemoveOutput,
                A::Correct,
                A::Void,
            ],
        ),
        (
            "reported",
            vec![planned(), delivered(), participants_recorded(11, 19, 0), ActivityEvent::ActivityReported],
            vec![A::AmendDelivery, A::AmendParticipants, A::Correct, A::Void],
        ),
        ("cancelled", vec![planned(), cancelled()], vec![A::Correct, A::Void]),
        (
            "cancelled with funding",
            vec![planned(), eu_funding_attributed(), cancelled()],
            vec![A::WithdrawFunding, A::Correct, A::Void],
        ),
        ("voided", vec![planned(), voided()], vec![]),
    ];
    for (case, history, expected) in cases {
        assert_eq!(record_after(history).actions(), expected, "{case}");
    }
}

#[test]
fn the_names_of_actions_are_snake_case() {
    let names: Vec<String> = [A::RecordDelivery, A::AmendFunding, A::Void]
        .iter()
        .map(|a| serde_json::to_string(a).unwrap_or_default())
        .collect();
    assert_eq!(names, ["\"record_delivery\"", "\"amend_funding\"", "\"void\""]);
}

fn voided() -> ActivityEvent {
    ActivityEvent::ActivityVoided(Voided { reason: text("Recorded twice") })
}
