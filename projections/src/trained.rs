//! Distinct people trained, counted from attendance lists: each person once however many
//! activities they attended, people merged into one counted once (with the categories of the
//! one they were merged into), erased people still counted (their categories stay). Pure, so the
//! results framework (reading the read models) and the annual report (folding the log at a link
//! of the chain) count by one rule and a report's figures can be recomputed later.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::{Decimal, RoundingStrategy};
use tatrack_domain::vocabulary::AgeBand;

/// A donor or the public never sees a count of 1 to 4 people.
pub const SMALLEST_SHOWN: i64 = 5;

/// Whether `n` people may be shown to a donor or published: none, or five or more.
pub fn shown(n: i64) -> bool {
    n == 0 || n >= SMALLEST_SHOWN
}

/// One line of an activity's attendance list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub activity_id: String,
    pub participant_id: String,
    pub pre_score: Option<i64>,
    pub post_score: Option<i64>,
}

/// A participant's categories, as counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// `female`, `male` or `other_or_undisclosed`.
    pub sex: String,
    /// An [`AgeBand`] word.
    pub age_band: String,
    pub has_disability: bool,
    /// The participant this one was merged into, if merged.
    pub merged_into: Option<String>,
}

/// What the attendance lists add up to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trained {
    pub distinct: i64,
    pub female: i64,
    pub male: i64,
    pub other_or_undisclosed: i64,
    /// Every band of [`AgeBand::ALL`], by its word.
    pub by_age_band: BTreeMap<String, i64>,
    pub with_disability: i64,
    /// People on the lists of two activities or more.
    pub more_than_once: i64,
    /// Attendees scored before and after, and the sum of their gains (post minus pre).
    pub scored: i64,
    pub gain_total: i64,
    /// The activities with a counted person on their list, sorted.
    pub activities: Vec<String>,
    /// The activities with a counted attendee scored both times, sorted.
    pub scored_activities: Vec<String>,
}

impl Trained {
    /// The mean gain in points out of 100, to one decimal (halves away from zero); `None`
    /// without a scored attendee.
    pub fn mean_gain(&self) -> Option<Decimal> {
        if self.scored == 0 {
            return None;
        }
        Decimal::from(self.gain_total)
            .checked_div(Decimal::from(self.scored))
            .map(|mean| mean.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero).normalize())
    }
}

/// The participant `id` stands for: the end of its chain of merges. A chain is never longer
/// than the participants, so the walk is bounded even if the rows were inconsistent.
pub fn root<'p>(people: &'p BTreeMap<String, Person>, id: &'p str) -> &'p str {
    let mut at = id;
    for _ in 0..=people.len() {
        match people.get(at).and_then(|p| p.merged_into.as_deref()) {
            Some(next) => at = next,
            None => break,
        }
    }
    at
}

/// The people of `attended` whose categories `keep` accepts, counted once each.
pub fn trained(
    attended: &[Attendee],
    people: &BTreeMap<String, Person>,
    keep: impl Fn(&Person) -> bool,
) -> Trained {
    let mut activities_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let (mut activities, mut scored_activities) = (BTreeSet::new(), BTreeSet::new());
    let mut out = Trained {
        by_age_band: AgeBand::ALL.iter().map(|band| (band.as_str().to_owned(), 0)).collect(),
        ..Trained::default()
    };
    for attendee in attended {
        let person = root(people, &attendee.participant_id);
        let Some(categories) = people.get(person) else { continue };
        if !keep(categories) {
            continue;
        }
        activities_of.entry(person).or_default().insert(&attendee.activity_id);
        activities.insert(attendee.activity_id.clone());
        if let (Some(pre), Some(post)) = (attendee.pre_score, attendee.post_score) {
            out.scored += 1;
            out.gain_total += post - pre;
            scored_activities.insert(attendee.activity_id.clone());
        }
    }
    for (person, attended) in &activities_of {
        let Some(categories) = people.get(*person) else { continue };
        out.distinct += 1;
        match categories.sex.as_str() {
            "female" => out.female += 1,
            "male" => out.male += 1,
            _ => out.other_or_undisclosed += 1,
        }
        if let Some(band) = out.by_age_band.get_mut(&categories.age_band) {
            *band += 1;
        }
        out.with_disability += i64::from(categories.has_disability);
        out.more_than_once += i64::from(attended.len() > 1);
    }
    out.activities = activities.into_iter().collect();
    out.scored_activities = scored_activities.into_iter().collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(sex: &str, age_band: &str, has_disability: bool, merged_into: Option<&str>) -> Person {
        Person {
            sex: sex.to_owned(),
            age_band: age_band.to_owned(),
            has_disability,
            merged_into: merged_into.map(ToOwned::to_owned),
        }
    }

    fn at(activity: &str, participant: &str, scores: Option<(i64, i64)>) -> Attendee {
        Attendee {
            activity_id: activity.to_owned(),
            participant_id: participant.to_owned(),
            pre_score: scores.map(|s| s.0),
            post_score: scores.map(|s| s.1),
        }
    }

    /// p1 (woman, disability) in a and b; p2 (man) in a; p3 (merged into p1) in c; p4 (other,
    /// erased but still counted) in b with only a pre-test.
    fn case() -> (Vec<Attendee>, BTreeMap<String, Person>) {
        let people = [
            ("p1", person("female", "25_34", true, None)),
            ("p2", person("male", "18_24", false, None)),
            ("p3", person("male", "65_and_over", false, Some("p1"))),
            ("p4", person("other_or_undisclosed", "not_given", false, None)),
        ];
        let attended = vec![
            at("a", "p1", Some((40, 70))),
            at("a", "p2", Some((50, 55))),
            at("b", "p1", None),
            at("b", "p4", None),
            at("c", "p3", Some((60, 61))),
        ];
        (attended, people.into_iter().map(|(id, p)| (id.to_owned(), p)).collect())
    }

    #[test]
    fn each_person_counts_once_with_merges_resolved() {
        let (attended, people) = case();
        let all = trained(&attended, &people, |_| true);
        assert_eq!(
            (
                all.distinct,
                all.female,
                all.male,
                all.other_or_undisclosed,
                all.with_disability,
                all.more_than_once
            ),
            (3, 1, 1, 1, 1, 1)
        );
        assert_eq!(all.by_age_band["25_34"], 1);
        assert_eq!(all.by_age_band["65_and_over"], 0, "p3 counts as p1");
        assert_eq!(all.by_age_band.len(), AgeBand::ALL.len());
        assert_eq!((all.scored, all.gain_total), (3, 30 + 5 + 1));
        assert_eq!(all.mean_gain(), Some(Decimal::new(120, 1)));
        assert_eq!(all.activities, ["a", "b", "c"]);
        assert_eq!(all.scored_activities, ["a", "c"]);
    }

    #[test]
    fn a_filter_keeps_its_people_and_the_activities_behind_them() {
        let (attended, people) = case();
        let women = trained(&attended, &people, |p| p.sex == "female");
        assert_eq!((women.distinct, women.activities.clone()), (1, vec!["a".into(), "b".into(), "c".into()]));
        let men = trained(&attended, &people, |p| p.sex == "male");
        assert_eq!((men.distinct, men.activities), (1, vec!["a".to_owned()]));
    }

    #[test]
    fn the_mean_gain_rounds_half_away_from_zero_and_may_be_negative() {
        let gain = |total, scored| Trained { gain_total: total, scored, ..Trained::default() }.mean_gain();
        assert_eq!(gain(1, 4), Some(Decimal::new(3, 1)), "0.25 -> 0.3");
        assert_eq!(gain(-1, 4), Some(Decimal::new(-3, 1)));
        assert_eq!(gain(10, 2), Some(Decimal::from(5)));
        assert_eq!(gain(0, 0), None);
    }

    #[test]
    fn only_none_or_five_and_more_are_shown() {
        assert_eq!([0, 1, 4, 5, 9].map(shown), [true, false, false, true, true]);
    }
}
