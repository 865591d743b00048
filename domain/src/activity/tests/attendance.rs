//! Attendance lists: the list is recorded with the tally counted from its people's categories;
//! a person listed twice or unknown is refused; once reported, a list amends with a reason.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::*;
use crate::activity::{AttendanceList, Attendee};
use crate::events::activity::{AttendanceRecorded, Attended, ParticipantsAmended};
use crate::participant::{Categories, Score};
use crate::values::ParticipantId;
use crate::vocabulary::{AgeBand, Sex};

fn person(n: u128) -> ParticipantId {
    ParticipantId::new(Uuid::from_u128(0xABC0 + n))
}

fn categories(sex: Sex, institution: Option<Institution>, code: &str) -> Categories {
    Categories { sex, age_band: AgeBand::From25To34, disability: None, institution, country: country(code) }
}

fn list(ids: &[u128], reason: Option<&str>) -> AttendanceList {
    let everyone = BTreeMap::from([
        (person(1), categories(Sex::Female, Some(Institution::Judges), "SAU")),
        (person(2), categories(Sex::Male, Some(Institution::Police), "SAU")),
        (person(3), categories(Sex::Female, None, "SAU")),
    ]);
    AttendanceList {
        attendees: ids
            .iter()
            .map(|&n| Attendee {
                participant_id: person(n),
                pre_score: Score::try_from(40).ok(),
                post_score: Score::try_from(75).ok(),
                match_confirmed: n == 2,
            })
            .collect(),
        reason: reason.map(text),
        categories: everyone,
    }
}

fn recorded(ids: &[u128]) -> ActivityEvent {
    ActivityEvent::AttendanceRecorded(AttendanceRecorded {
        attendees: ids
            .iter()
            .map(|&n| Attended {
                participant_id: person(n),
                pre_score: Score::try_from(40).ok(),
                post_score: Score::try_from(75).ok(),
                match_confirmed: n == 2,
            })
            .collect(),
    })
}

fn tally() -> ParticipantsTallied {
    ParticipantsTallied {
        female: Headcount::new(2),
        male: Headcount::new(1),
        other_or_undisclosed: Headcount::new(0),
        by_institution: Some(by_institution(&[(Institution::Judges, 1), (Institution::Police, 1)])),
        by_country: None,
    }
}

#[test]
fn a_list_records_the_tally_of_its_people() {
    assert_recorded::<Activity>(
        vec![planned(), delivered()],
        ActivityCommand::RecordAttendance(list(&[1, 2, 3], None)),
        vec![recorded(&[1, 2, 3]), ActivityEvent::ParticipantsRecorded(tally())],
    );
}

#[test]
fn a_list_whose_tally_is_recorded_already_records_the_list_alone() {
    assert_recorded::<Activity>(
        vec![planned(), delivered(), ActivityEvent::ParticipantsRecorded(tally())],
        ActivityCommand::RecordAttendance(list(&[3, 2, 1], None)),
        vec![recorded(&[3, 2, 1])],
    );
}

#[test]
fn once_reported_a_list_amends_the_tally_with_a_reason() {
    let reported =
        vec![planned(), delivered(), participants_recorded(5, 5, 0), ActivityEvent::ActivityReported];
    assert_refused::<Activity>(
        reported.clone(),
        ActivityCommand::RecordAttendance(list(&[1, 2, 3], None)),
        ActivityError::AttendanceNeedsReason,
    );
    assert_recorded::<Activity>(
        reported,
        ActivityCommand::RecordAttendance(list(&[1, 2, 3], Some("the sign-in sheet came back"))),
        vec![
            recorded(&[1, 2, 3]),
            ActivityEvent::ParticipantsAmended(ParticipantsAmended {
                reason: text("the sign-in sheet came back"),
                participants: tally(),
            }),
        ],
    );
}

#[test]
fn a_person_listed_twice_or_unknown_is_refused() {
    assert_each_refused::<Activity>(vec![
        (
            vec![planned(), delivered()],
            ActivityCommand::RecordAttendance(list(&[1, 2, 1], None)),
            ActivityError::AttendeeTwice(person(1).to_string()),
        ),
        (
            vec![planned(), delivered()],
            ActivityCommand::RecordAttendance(list(&[1, 9], None)),
            ActivityError::UnknownAttendee(person(9).to_string()),
        ),
        (vec![planned()], ActivityCommand::RecordAttendance(list(&[1], None)), ActivityError::NotDelivered),
    ]);
}

#[test]
fn a_regional_list_counts_by_country_when_everyone_comes_from_the_activitys_countries() {
    let mut regional = list(&[1, 2], None);
    regional.categories.insert(person(2), categories(Sex::Male, Some(Institution::Police), "ARE"));
    let events = state_after(vec![regional_planned(), delivered()])
        .decide(ActivityCommand::RecordAttendance(regional))
        .expect("a regional list");
    let ActivityEvent::ParticipantsRecorded(tallied) = &events[1] else { panic!("{events:?}") };
    let by_country = tallied.by_country.clone().expect("by country");
    assert_eq!(by_country[&country("SAU")].female, Headcount::new(1));
    assert_eq!(by_country[&country("ARE")].male, Headcount::new(1));
}

#[test]
fn a_list_longer_than_any_tally_is_refused_before_it_is_counted() {
    let mut longest = list(&[], None);
    let over = u128::from(crate::bounds::MAX_HEADCOUNT) + 1;
    longest.attendees = (0..over)
        .map(|n| Attendee {
            participant_id: person(n),
            pre_score: None,
            post_score: None,
            match_confirmed: false,
        })
        .collect();
    assert_refused::<Activity>(
        vec![planned(), delivered()],
        ActivityCommand::RecordAttendance(longest),
        ActivityError::TallyTooLarge,
    );
}
