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

use std::collections::BTreeSet;

use serde::Serialize;
use tatrack_domain::events::results::CountRule;
use tatrack_store::db::{Db, EitherRow, StoreError, Tx};

use crate::amounts::Overflow;
use crate::state::read_state;

/// The statuses whose activities count towards results, as a condition on `rm_activities a`.
pub const DELIVERED: &str = "a.status IN ('delivered', 'reported')";

/// The statuses [`DELIVERED`] names, for links to the activity list.
pub const DELIVERED_STATUSES: [&str; 2] = ["delivered", "reported"];

/// One counted actual: the figure, its split by sex for a count of participants, and the
/// activities it counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counted {
    pub value: i64,
    /// Female, male and other or undisclosed participants; only for a count of participants.
    pub by_sex: Option<[i64; 3]>,
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
}

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
    let binds = (generation, programme_id, from.as_str(), to.as_str());
    Ok(YearRows {
        activities: fetch_matching(tx, &activities, binds).await?,
        outputs: fetch_matching(tx, &outputs, binds).await?,
        countries: fetch_matching(tx, &countries, binds).await?,
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
            value: i64::try_from(activities.len()).map_err(|_| overflow())?,
            by_sex: None,
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
            Counted { value: sums[3], by_sex: Some([sums[0], sums[1], sums[2]]), activity_ids: ids(counting) }
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
            Counted { value, by_sex: None, activity_ids: ids(behind) }
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
                value: i64::try_from(assisted.len()).map_err(|_| overflow())?,
                by_sex: None,
                activity_ids: ids(activities.iter().map(|a| &a.0).collect()),
            }
        }
    })
}

#[cfg(test)]
mod tests {
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
        }
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn each_rule_counts_what_it_names_with_the_activities_behind_it() {
        let rows = rows();
        let training = Some(ActivityKind::Training);
        let cases = [
            (CountRule::Activities { kind: None }, 3, None, ids(&["a", "b", "c"])),
            (CountRule::Activities { kind: training }, 2, None, ids(&["a", "b"])),
            (CountRule::Participants { kind: None }, 36, Some([15, 20, 1]), ids(&["a", "b"])),
            (CountRule::Outputs { output: OutputKind::LawDrafted }, 2, None, ids(&["c"])),
            (CountRule::Countries { kind: None }, 3, None, ids(&["a", "b", "c"])),
            (CountRule::Countries { kind: training }, 2, None, ids(&["a", "b"])),
        ];
        for (rule, value, by_sex, activity_ids) in cases {
            let expected = Counted { value, by_sex, activity_ids };
            assert_eq!(count(&rows, rule), Ok(expected), "{rule:?}");
        }
    }
}
