//! An attendance list: who attended, person by person. The tally every existing figure reads
//! is counted from the attendees' categories and recorded with the list, so an activity with a
//! list counts like one with a tally typed in.

use std::collections::{BTreeMap, BTreeSet};

use super::{ActivityError, ActivityRecord, ActivityStatus, Attendance, AttendanceList, Participants};
use crate::bounds::MAX_HEADCOUNT;
use crate::events::activity::{AttendanceRecorded, Attended, ParticipantsAmended};
use crate::events::ActivityEvent;
use crate::participant::Categories;
use crate::values::Headcount;
use crate::vocabulary::Sex;

impl ActivityRecord {
    /// The list, and the tally it makes when that differs from the one recorded.
    pub(super) fn attendance(&self, list: AttendanceList) -> Result<Vec<ActivityEvent>, ActivityError> {
        // No tally may count more people; bounded first, no count below can overflow.
        if list.attendees.len() > MAX_HEADCOUNT as usize {
            return Err(ActivityError::TallyTooLarge);
        }
        let mut seen = BTreeSet::new();
        let mut attendees = Vec::with_capacity(list.attendees.len());
        for attendee in &list.attendees {
            let id = attendee.participant_id;
            if !seen.insert(id) {
                return Err(ActivityError::AttendeeTwice(id.to_string()));
            }
            let categories =
                list.categories.get(&id).ok_or_else(|| ActivityError::UnknownAttendee(id.to_string()))?;
            attendees.push(categories);
        }
        let tally = self.tally(&attendees);
        self.check_participants(&tally)?;
        let recorded = ActivityEvent::AttendanceRecorded(AttendanceRecorded {
            attendees: list
                .attendees
                .iter()
                .map(|a| Attended {
                    participant_id: a.participant_id,
                    pre_score: a.pre_score,
                    post_score: a.post_score,
                    match_confirmed: a.match_confirmed,
                })
                .collect(),
        });
        let mut events = vec![recorded];
        if self.participants.as_ref() == Some(&tally) {
            return Ok(events);
        }
        if self.status == ActivityStatus::Reported {
            let reason = list.reason.ok_or(ActivityError::AttendanceNeedsReason)?;
            events.push(ActivityEvent::ParticipantsAmended(ParticipantsAmended {
                reason,
                participants: tally.into(),
            }));
        } else {
            events.push(ActivityEvent::ParticipantsRecorded(tally.into()));
        }
        Ok(events)
    }

    /// The tally of `attendees`: by sex, by institution when any names one, and by country for a
    /// regional activity whose attendees all come from its countries.
    fn tally(&self, attendees: &[&Categories]) -> Participants {
        let mut overall = Attendance::default();
        let mut by_institution = BTreeMap::new();
        let mut by_country: BTreeMap<_, Attendance> = BTreeMap::new();
        for categories in attendees {
            add(&mut overall, categories.sex);
            if let Some(institution) = categories.institution {
                let count: &mut Headcount = by_institution.entry(institution).or_default();
                *count = Headcount::new(count.get() + 1);
            }
            add(by_country.entry(categories.country.clone()).or_default(), categories.sex);
        }
        let countries = &self.planned.countries;
        let regional = countries.len() > 1 && by_country.keys().all(|c| countries.contains(c));
        Participants {
            female: overall.female,
            male: overall.male,
            other_or_undisclosed: overall.other_or_undisclosed,
            by_institution: (!by_institution.is_empty()).then_some(by_institution),
            by_country: (regional && !by_country.is_empty()).then_some(by_country),
        }
    }
}

/// One more person of `sex` in `tally`: a list holds at most [`MAX_HEADCOUNT`] people, far
/// fewer than `u32::MAX`.
fn add(tally: &mut Attendance, sex: Sex) {
    let count = match sex {
        Sex::Female => &mut tally.female,
        Sex::Male => &mut tally.male,
        Sex::OtherOrUndisclosed => &mut tally.other_or_undisclosed,
    };
    *count = Headcount::new(count.get() + 1);
}
