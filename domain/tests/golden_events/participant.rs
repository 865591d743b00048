//! The participant's events (identifying fields only sealed) and the activity's attendance list.

use tatrack_domain::events::activity::{AttendanceRecorded, Attended};
use tatrack_domain::events::participant::{
    ParticipantCorrected, ParticipantErased, ParticipantMerged, ParticipantRegistered, ParticipantSplit,
    SubjectAccessGiven,
};
use tatrack_domain::events::ParticipantEvent;
use tatrack_domain::participant::{Consent, Score, Sealed, WashingtonGroup};
use tatrack_domain::values::ParticipantId;
use tatrack_domain::vocabulary::{AgeBand, Difficulty, ErasureGround, Institution, Sex};
use tatrack_domain::ActivityEvent;

use crate::fixture::{assert_decode_as_written, country, date, text};

const SEALED: &str = "c2VhbGVkIGZpeHR1cmU6IG5vbmNlIGFuZCBjaXBoZXJ0ZXh0IG9mIG5vIHJlYWwgcGVyc29u";

fn participant(id: &str) -> ParticipantId {
    ParticipantId::new(id.parse().expect("fixture uuid"))
}

#[test]
fn every_participant_event_decodes_as_written() {
    let other = participant("00000000-0000-4000-8000-000000000502");
    let d = Difficulty::NoDifficulty;
    let cases = vec![
        (
            "ParticipantRegistered",
            "1.0",
            ParticipantEvent::ParticipantRegistered(ParticipantRegistered {
                sealed: Sealed::parse(SEALED).expect("sealed"),
                sex: Sex::Female,
                age_band: AgeBand::From35To44,
                disability: Some(WashingtonGroup {
                    seeing: d,
                    hearing: d,
                    walking: Difficulty::CannotDoAtAll,
                    remembering: Difficulty::SomeDifficulty,
                    self_care: d,
                    communicating: d,
                }),
                institution: Some(Institution::Prosecutors),
                country: country("BOL"),
                consent: Consent { purpose: text("follow-up of the training"), given_on: date(2026, 11, 30) },
                not_same_as: vec![other],
            }),
        ),
        (
            "ParticipantCorrected",
            "1.0",
            ParticipantEvent::ParticipantCorrected(ParticipantCorrected {
                sealed: None,
                sex: None,
                age_band: Some(AgeBand::From45To54),
                disability: None,
                institution: Some(None),
                country: None,
                consent: None,
                reason: text("the birthday was typed wrongly"),
            }),
        ),
        (
            "ParticipantMerged",
            "1.0",
            ParticipantEvent::ParticipantMerged(ParticipantMerged {
                into: other,
                reason: text("same e-mail, same person"),
            }),
        ),
        (
            "ParticipantSplit",
            "1.0",
            ParticipantEvent::ParticipantSplit(ParticipantSplit {
                reason: text("two colleagues share the office e-mail"),
            }),
        ),
        (
            "ParticipantErased",
            "1.0",
            ParticipantEvent::ParticipantErased(ParticipantErased { ground: ErasureGround::SubjectRequest }),
        ),
        ("SubjectAccessGiven", "1.0", ParticipantEvent::SubjectAccessGiven(SubjectAccessGiven {})),
    ];
    assert_decode_as_written("Participant", cases);
}

#[test]
fn an_attendance_list_decodes_as_written() {
    let recorded = ActivityEvent::AttendanceRecorded(AttendanceRecorded {
        attendees: vec![
            Attended {
                participant_id: participant("00000000-0000-4000-8000-000000000501"),
                pre_score: Score::try_from(40).ok(),
                post_score: Score::try_from(85).ok(),
                match_confirmed: false,
            },
            Attended {
                participant_id: participant("00000000-0000-4000-8000-000000000502"),
                pre_score: None,
                post_score: None,
                match_confirmed: true,
            },
        ],
    });
    assert_decode_as_written("Activity", vec![("AttendanceRecorded", "1.0", recorded)]);
}
