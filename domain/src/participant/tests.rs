//! The `Participant` aggregate, given / when / then: registration, correction, merge and split,
//! erasure and subject access, each rule by its variant.

use chrono::NaiveDate;
use uuid::Uuid;

use super::*;
use crate::events::participant::SubjectAccessGiven;
use crate::testing::{assert_each_refused, assert_recorded, assert_refused};
use crate::values::{CountryCode, NonEmptyText};
use crate::vocabulary::{AgeBand, Difficulty, Institution, Sex};

fn id(n: u128) -> ParticipantId {
    ParticipantId::new(Uuid::from_u128(0x5000 + n))
}

fn text(value: &str) -> NonEmptyText {
    NonEmptyText::parse(value).expect("text")
}

fn sealed(fill: char) -> Sealed {
    Sealed::parse(&fill.to_string().repeat(64)).expect("sealed")
}

fn consent() -> Consent {
    Consent {
        purpose: text("follow-up of the training"),
        given_on: NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"),
    }
}

fn categories() -> Categories {
    Categories {
        sex: Sex::Female,
        age_band: AgeBand::From35To44,
        disability: Some(WashingtonGroup {
            seeing: Difficulty::NoDifficulty,
            hearing: Difficulty::NoDifficulty,
            walking: Difficulty::CannotDoAtAll,
            remembering: Difficulty::NoDifficulty,
            self_care: Difficulty::NoDifficulty,
            communicating: Difficulty::NoDifficulty,
        }),
        institution: Some(Institution::Prosecutors),
        country: CountryCode::parse("BOL").expect("country"),
    }
}

fn register() -> ParticipantCommand {
    ParticipantCommand::Register(RegisterParticipant {
        id: id(1),
        sealed: sealed('A'),
        categories: categories(),
        consent: consent(),
        not_same_as: vec![id(7)],
    })
}

fn registered() -> ParticipantEvent {
    let c = categories();
    ParticipantEvent::ParticipantRegistered(ParticipantRegistered {
        sealed: sealed('A'),
        sex: c.sex,
        age_band: c.age_band,
        disability: c.disability,
        institution: c.institution,
        country: c.country,
        consent: consent(),
        not_same_as: vec![id(7)],
    })
}

fn merge(target: MergeTarget) -> ParticipantCommand {
    ParticipantCommand::Merge(MergeParticipant { into: id(2), reason: text("same e-mail"), target })
}

fn merged() -> ParticipantEvent {
    ParticipantEvent::ParticipantMerged(ParticipantMerged { into: id(2), reason: text("same e-mail") })
}

fn erase() -> ParticipantCommand {
    ParticipantCommand::Erase(EraseParticipant { ground: ErasureGround::SubjectRequest })
}

fn erased() -> ParticipantEvent {
    ParticipantEvent::ParticipantErased(ParticipantErased { ground: ErasureGround::SubjectRequest })
}

fn correct_sex(sex: Sex) -> ParticipantCommand {
    ParticipantCommand::Correct(CorrectParticipant {
        sealed: None,
        sex: Some(sex),
        age_band: Some(AgeBand::From35To44),
        disability: None,
        institution: None,
        country: None,
        consent: None,
        reason: text("typed in the wrong column"),
    })
}

#[test]
fn a_participant_is_registered_once() {
    assert_recorded::<Participant>(vec![], register(), vec![registered()]);
    assert_refused::<Participant>(vec![registered()], register(), ParticipantError::AlreadyRegistered);
}

#[test]
fn a_correction_keeps_only_what_changes() {
    let corrected = ParticipantEvent::ParticipantCorrected(ParticipantCorrected {
        sealed: None,
        sex: Some(Sex::Male),
        age_band: None,
        disability: None,
        institution: None,
        country: None,
        consent: None,
        reason: text("typed in the wrong column"),
    });
    assert_recorded::<Participant>(vec![registered()], correct_sex(Sex::Male), vec![corrected]);
    assert_refused::<Participant>(
        vec![registered()],
        correct_sex(Sex::Female),
        ParticipantError::NothingChanged,
    );
}

#[test]
fn a_merge_names_a_standing_participant_other_than_itself() {
    assert_recorded::<Participant>(vec![registered()], merge(MergeTarget::Standing), vec![merged()]);
    assert_each_refused::<Participant>(vec![
        (vec![registered()], merge(MergeTarget::Itself), ParticipantError::MergeIntoSelf),
        (vec![registered()], merge(MergeTarget::Unknown), ParticipantError::MergeTargetUnknown),
        (vec![registered()], merge(MergeTarget::Merged), ParticipantError::MergeTargetMerged),
        (vec![registered()], merge(MergeTarget::Erased), ParticipantError::MergeTargetErased),
        (vec![registered(), merged()], merge(MergeTarget::Standing), ParticipantError::AlreadyMerged),
        (vec![], merge(MergeTarget::Standing), ParticipantError::NotRegistered),
    ]);
}

#[test]
fn a_split_undoes_a_merge() {
    let split = ParticipantCommand::Split(SplitParticipant { reason: text("two people after all") });
    let done = ParticipantEvent::ParticipantSplit(ParticipantSplit { reason: text("two people after all") });
    assert_recorded::<Participant>(vec![registered(), merged()], split.clone(), vec![done.clone()]);
    assert_refused::<Participant>(vec![registered()], split.clone(), ParticipantError::NotMerged);
    assert_refused::<Participant>(vec![registered(), merged(), done], split, ParticipantError::NotMerged);
}

#[test]
fn an_erasure_happens_once_and_freezes_the_record() {
    assert_recorded::<Participant>(vec![registered(), merged()], erase(), vec![erased()]);
    assert_each_refused::<Participant>(vec![
        (vec![registered(), erased()], erase(), ParticipantError::AlreadyErased),
        (vec![registered(), erased()], correct_sex(Sex::Male), ParticipantError::Erased),
        (vec![registered(), erased()], merge(MergeTarget::Standing), ParticipantError::Erased),
    ]);
}

#[test]
fn an_erased_participant_keeps_the_categories_it_is_counted_by() {
    let mut participant = Participant::default();
    for event in [registered(), erased()] {
        cqrs_es::Aggregate::apply(&mut participant, event);
    }
    let record = participant.record().expect("a record");
    assert_eq!(record.sealed, None);
    assert_eq!(record.categories, categories());
    assert!(record.categories.has_disability());
    assert_eq!(participant.as_merge_target(), MergeTarget::Erased);
}

#[test]
fn subject_access_is_recorded_even_after_erasure() {
    let access = ParticipantCommand::GiveSubjectAccess(GiveSubjectAccess {});
    let given = ParticipantEvent::SubjectAccessGiven(SubjectAccessGiven {});
    assert_recorded::<Participant>(vec![registered(), erased()], access, vec![given]);
}

#[test]
fn not_same_as_cannot_name_the_participant_itself() {
    let ParticipantCommand::Register(mut body) = register() else { unreachable!() };
    body.not_same_as = vec![id(1)];
    assert_refused::<Participant>(
        vec![],
        ParticipantCommand::Register(body),
        ParticipantError::NotSameAsSelf,
    );
}
