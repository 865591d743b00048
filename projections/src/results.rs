//! Counted actuals of a programme's results framework: what its activities of a year add up to
//! under each indicator's [`CountRule`], with the activities behind each figure.
//!
//! Counted at read time from the read models the projector keeps (`rm_activities`,
//! `rm_activity_outputs`, `rm_activity_countries`), in one read transaction, rather than stored
//! in a projection of their own: a count depends on the indicator's rule (in the programme's
//! stream) and on every activity of the programme (each in its own stream), so a stored figure
//! would have to be recomputed on both kinds of event, and a replay would have to rebuild it too.
//! Read from the projector's rows, the figure follows every delivery, amendment, cancellation and
//! voiding the moment the projector applies it, a rebuild (`tatrack replay`) gives it back for
//! free, and a programme's year is a handful of rows to add up.
//!
//! The rule: an activity counts in the year its date falls in (delivery start, else planned
//! start; `date_key`), and only when it was delivered or reported: never planned, cancelled or
//! voided.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;
use tatrack_domain::events::results::{CountRule, PeopleFilter};
use tatrack_store::db::{Db, EitherRow, StoreError, Tx};

use crate::amounts::Overflow;
use crate::queries::people::participants;
use crate::state::read_state;
use crate::trained::{trained, Attendee, Person};

/// The statuses whose activities count towards results, as a condition on `rm_activities a`.
pub const DELIVERED: &str = "a.status IN ('delivered', 'reported')";

/// The statuses [`DELIVERED`] names, for links to the activity list.
pub const DELIVERED_STATUSES: [&str; 2] = ["delivered", "reported"];

/// One counted actual: the figure, its split by sex for a count of participants, and the
/// activities it counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counted {
    /// `None` for a knowledge gain without a scored attendee.
    pub value: Option<Decimal>,
    /// Female, male and other or undisclosed participants; only for a count of participants or
    /// of people trained.
    pub by_sex: Option<[i64; 3]>,
    /// For a figure counted person by person: how many people it rests on (a donor sees it
    /// only when that is none or five and more, [`crate::trained::shown`]).
    pub people: Option<i64>,
    /// The activities behind the figure, by date then id.
    pub activity_ids: Vec<String>,
}

/// A programme's delivered activities of one year, with what the rules count.
#[derive(Debug, Default)]
struct YearRows {
    /// id, kind, female, male, other, total.
    activities: Vec<(String, String, i64, i64, i64, i64)>,
    /// activity id, output kind, outputs.
    outputs: Vec<(String, String, i64)>,
    /// activity id, country.
    countries: Vec<(String, String)>,
    /// activity kind, and one line of its attendance list.
    attendance: Vec<(String, Attendee)>,
    /// Every participant, by id.
    people: BTreeMap<String, Person>,
}

/// activity id, kind, participant id, pre-test and post-test score.
type AttendanceRow = (String, String, String, Option<i64>, Option<i64>);

/// The counted actual of each rule in `rules`, for the activities of `programme_id` dated in
/// `year`, and the log position the read models stood at.
pub async fn counted(
    db: &Db,
    programme_id: &str,
    year: i32,
    rules: &[CountRule],
) -> Result<(Vec<Counted>, i64), StoreError> {
    let mut tx = db.begin_read().await?;
    let state = read_state(&mut tx, false).await?;
    let rows = year_rows(&mut tx, state.generation, programme_id, year).await?;
    tx.commit().await?;
    let counted = rules.iter().map(|rule| count(&rows, *rule)).collect::<Result<_, _>>()?;
    Ok((counted, state.checkpoint.position))
}

async fn year_rows(
    tx: &mut Tx,
    generation: i64,
    programme_id: &str,
    year: i32,
) -> Result<YearRows, StoreError> {
    let (from, to) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
    let matching = format!(
        "a.generation = $1 AND a.programme_id = $2 AND a.date_key >= $3 AND a.date_key <= $4 AND {DELIVERED}"
    );
    let activities = format!(
        "SELECT a.activity_id, a.kind, a.female, a.male, a.other, a.participants_total FROM rm_activities a \
         WHERE {matching} ORDER BY a.date_key, a.activity_id"
    );
    let outputs = format!(
        "SELECT o.activity_id, o.kind, o.outputs FROM rm_activity_outputs o JOIN rm_activities a \
         ON a.generation = o.generation AND a.activity_id = o.activity_id WHERE {matching} \
         ORDER BY a.date_key, a.activity_id, o.kind"
    );
    let countries = format!(
        "SELECT c.activity_id, c.country FROM rm_activity_countries c JOIN rm_activities a \
         ON a.generation = c.generation AND a.activity_id = c.activity_id WHERE {matching} \
         ORDER BY a.date_key, a.activity_id, c.country"
    );
    let attendance = format!(
        "SELECT t.activity_id, a.kind, t.participant_id, t.pre_score, t.post_score FROM rm_attendance t \
         JOIN rm_activities a ON a.generation = t.generation AND a.activity_id = t.activity_id \
         WHERE {matching} ORDER BY a.date_key, a.activity_id, t.place"
    );
    let binds = (generation, programme_id, from.as_str(), to.as_str());
    let attendance: Vec<AttendanceRow> = fetch_matching(tx, &attendance, binds).await?;
    Ok(YearRows {
        activities: fetch_matching(tx, &activities, binds).await?,
        outputs: fetch_matching(tx, &outputs, binds).await?,
        countries: fetch_matching(tx, &countries, binds).await?,
        attendance: attendance
            .into_iter()
            .map(|(activity_id, kind, participant_id, pre_score, post_score)| {
                (kind, Attendee { activity_id, participant_id, pre_score, post_score })
            })
            .collect(),
        people: participants(tx, generation).await?,
    })
}

/// The rows of `select`, whose `WHERE` binds the generation, programme and first and last day.
async fn fetch_matching<T: EitherRow>(
    tx: &mut Tx,
    select: &str,
    (generation, programme_id, from, to): (i64, &str, &str, &str),
) -> Result<Vec<T>, StoreError> {
    Ok(tatrack_store::on_tx!(tx, |conn| {
        sqlx::query_as(select).bind(generation).bind(programme_id).bind(from).bind(to).fetch_all(conn).await?
    }))
}

/// What `rule` counts in `rows`, with checked sums.
fn count(rows: &YearRows, rule: CountRule) -> Result<Counted, Overflow> {
    let kind = rule.activity_kind().map(tatrack_domain::vocabulary::ActivityKind::as_str);
    let of_kind = |activity_kind: &str| kind.is_none_or(|k| k == activity_kind);
    let activities: Vec<_> = rows.activities.iter().filter(|a| of_kind(&a.1)).collect();
    let ids = |ids: Vec<&String>| ids.into_iter().cloned().collect::<Vec<_>>();
    let overflow = || Overflow("a counted actual");
    Ok(match rule {
        CountRule::Activities { .. } => Counted {
            value: Some(Decimal::from(activities.len())),
            by_sex: None,
            people: None,
            activity_ids: ids(activities.iter().map(|a| &a.0).collect()),
        },
        CountRule::Participants { .. } => {
            let mut sums = [0_i64; 4];
            for a in &activities {
                for (sum, n) in sums.iter_mut().zip([a.2, a.3, a.4, a.5]) {
                    *sum = sum.checked_add(n).ok_or_else(overflow)?;
                }
            }
            let counting: Vec<&String> = activities.iter().filter(|a| a.5 > 0).map(|a| &a.0).collect();
            Counted {
                value: Some(Decimal::from(sums[3])),
                by_sex: Some([sums[0], sums[1], sums[2]]),
                people: None,
                activity_ids: ids(counting),
            }
        }
        CountRule::Outputs { output } => {
            let mut value = 0_i64;
            let mut behind: Vec<&String> = Vec::new();
            for (id, _, n) in rows.outputs.iter().filter(|o| o.1 == output.as_str() && o.2 > 0) {
                value = value.checked_add(*n).ok_or_else(overflow)?;
                if behind.last() != Some(&id) {
                    behind.push(id);
                }
            }
            Counted {
                value: Some(Decimal::from(value)),
                by_sex: None,
                people: None,
                activity_ids: ids(behind),
            }
        }
        CountRule::Countries { .. } => {
            let counted: BTreeSet<&str> = activities.iter().map(|a| a.0.as_str()).collect();
            let assisted: BTreeSet<&str> = rows
                .countries
                .iter()
                .filter(|c| counted.contains(c.0.as_str()))
                .map(|c| c.1.as_str())
                .collect();
            Counted {
                value: Some(Decimal::from(assisted.len())),
                by_sex: None,
                people: None,
                activity_ids: ids(activities.iter().map(|a| &a.0).collect()),
            }
        }
        CountRule::PeopleTrained { who, .. } => {
            let keep = |p: &Person| match who {
                None => true,
                Some(PeopleFilter::Women) => p.sex == "female",
                Some(PeopleFilter::Men) => p.sex == "male",
                Some(PeopleFilter::WithDisability) => p.has_disability,
            };
            let people = trained(&attended(rows, of_kind), &rows.people, keep);
            Counted {
                value: Some(Decimal::from(people.distinct)),
                by_sex: Some([people.female, people.male, people.other_or_undisclosed]),
                people: Some(people.distinct),
                activity_ids: people.activities,
            }
        }
        CountRule::KnowledgeGain { .. } => {
            let people = trained(&attended(rows, of_kind), &rows.people, |_| true);
            Counted {
                value: people.mean_gain(),
                by_sex: None,
                people: Some(people.scored),
                activity_ids: people.scored_activities,
            }
        }
    })
}

/// The attendance lines of the activities `of_kind` accepts.
fn attended(rows: &YearRows, of_kind: impl Fn(&str) -> bool) -> Vec<Attendee> {
    rows.attendance.iter().filter(|(kind, _)| of_kind(kind)).map(|(_, a)| a.clone()).collect()
}

#[cfg(test)]
mod tests {
    use tatrack_domain::events::results::PeopleFilter;
    use tatrack_domain::vocabulary::{ActivityKind, OutputKind};
    use tatrack_domain::ActivityStatus;

    use super::*;

    #[test]
    fn results_count_delivered_and_reported_activities_only() {
        use ActivityStatus as S;
        let counted = |status| matches!(status, S::Delivered | S::Reported);
        crate::facts::assert_lists_statuses(&DELIVERED_STATUSES, DELIVERED, counted);
    }

    /// Two trainings in SAU (one also in AGO) and a workshop in BOL that drafted two laws.
    fn rows() -> YearRows {
        let s = ToOwned::to_owned;
        YearRows {
            activities: vec![
                (s("a"), s("training"), 10, 20, 0, 30),
                (s("b"), s("training"), 5, 0, 1, 6),
                (s("c"), s("workshop"), 0, 0, 0, 0),
            ],
            outputs: vec![(s("c"), s("law_drafted"), 2), (s("c"), s("other"), 1)],
            countries: vec![(s("a"), s("SAU")), (s("b"), s("AGO")), (s("b"), s("SAU")), (s("c"), s("BOL"))],
            attendance: vec![
                (s("training"), attendee("a", "w1", Some((40, 60)))),
                (s("training"), attendee("a", "m1", Some((50, 45)))),
                (s("training"), attendee("b", "w1", None)),
                (s("training"), attendee("b", "w2", None)),
                (s("workshop"), attendee("c", "m2", Some((10, 30)))),
            ],
            people: [
                ("w1", "female", true, None),
                ("w2", "female", false, Some("w1")),
                ("m1", "male", false, None),
                ("m2", "male", true, None),
            ]
            .into_iter()
            .map(|(id, sex, has_disability, into)| {
                let person =
                    Person { sex: s(sex), age_band: s("25_34"), has_disability, merged_into: into.map(s) };
                (s(id), person)
            })
            .collect(),
        }
    }

    fn attendee(activity: &str, participant: &str, scores: Option<(i64, i64)>) -> Attendee {
        Attendee {
            activity_id: activity.to_owned(),
            participant_id: participant.to_owned(),
            pre_score: scores.map(|s| s.0),
            post_score: scores.map(|s| s.1),
        }
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn each_rule_counts_what_it_names_with_the_activities_behind_it() {
        let rows = rows();
        let training = Some(ActivityKind::Training);
        let people = |kind, who| CountRule::PeopleTrained { kind, who };
        let n = |n: i64| Some(Decimal::from(n));
        let cases = [
            (CountRule::Activities { kind: None }, 3, None, ids(&["a", "b", "c"])),
            (CountRule::Activities { kind: training }, 2, None, ids(&["a", "b"])),
            (CountRule::Participants { kind: None }, 36, Some([15, 20, 1]), ids(&["a", "b"])),
            (CountRule::Outputs { output: OutputKind::LawDrafted }, 2, None, ids(&["c"])),
            (CountRule::Countries { kind: None }, 3, None, ids(&["a", "b", "c"])),
            (CountRule::Countries { kind: training }, 2, None, ids(&["a", "b"])),
        ];
        for (rule, value, by_sex, activity_ids) in cases {
            let expected = Counted { value: n(value), by_sex, people: None, activity_ids };
            assert_eq!(count(&rows, rule), Ok(expected), "{rule:?}");
        }
        // w2 is w1 (merged): three people, the woman trained twice counted once.
        let counted_people = [
            (people(None, None), 3, Some([1, 2, 0]), ids(&["a", "b", "c"])),
            (people(training, None), 2, Some([1, 1, 0]), ids(&["a", "b"])),
            (people(None, Some(PeopleFilter::Women)), 1, Some([1, 0, 0]), ids(&["a", "b"])),
            (people(None, Some(PeopleFilter::Men)), 2, Some([0, 2, 0]), ids(&["a", "c"])),
            (people(None, Some(PeopleFilter::WithDisability)), 2, Some([1, 1, 0]), ids(&["a", "b", "c"])),
        ];
        for (rule, value, by_sex, activity_ids) in counted_people {
            let expected = Counted { value: n(value), by_sex, people: Some(value), activity_ids };
            assert_eq!(count(&rows, rule), Ok(expected), "{rule:?}");
        }
        // Gains of 20, -5 and 20: a mean of 11.7; of trainings only 20 and -5: 7.5.
        let gain = |kind| count(&rows, CountRule::KnowledgeGain { kind });
        let expected = |value, people, activities: &[&str]| Counted {
            value: Some(value),
            by_sex: None,
            people: Some(people),
            activity_ids: ids(activities),
        };
        assert_eq!(gain(None), Ok(expected(Decimal::new(117, 1), 3, &["a", "c"])));
        assert_eq!(gain(training), Ok(expected(Decimal::new(75, 1), 2, &["a"])));
        let nobody = count(&rows, CountRule::KnowledgeGain { kind: Some(ActivityKind::Mentoring) });
        assert_eq!(nobody.map(|c| (c.value, c.people)), Ok((None, Some(0))));
    }
}
