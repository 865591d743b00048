//! Distinct people in a summary's scope and range: each person once, however many activities
//! they attended, people merged into one counted as that one (with its categories), erased
//! people still counted (their categories stay). Read from the attendance lists of the
//! activities that count (neither cancelled nor voided) and the participants' rows.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use tatrack_domain::vocabulary::{ActivityKind, AgeBand};
use tatrack_store::db::{StoreError, Tx};

use super::lines::{scope_key, scope_sql, viewer, viewer_placeholders};
use super::{DateRange, Scope};
use crate::facts::COUNTED;
use crate::trained::Person;

/// The smallest count a donor sees: a cell of 1 to 4 people reads `null`.
pub const SUPPRESSED_BELOW: i64 = 5;

/// Mean test gain over the trainings with scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KnowledgeGain {
    /// Activities with at least one attendee scored before and after.
    pub trainings: Option<i64>,
    /// Mean of post-test minus pre-test score (points out of 100) over those attendees, to
    /// one decimal.
    pub mean_gain: Option<f64>,
}

/// Distinct people trained. For a donor every count from 1 to 4 is `null`, and so is the
/// smallest other count by sex (or by age band) where a lone hidden one could be worked out
/// from `distinct`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeopleFigures {
    pub distinct: Option<i64>,
    pub female: Option<i64>,
    pub male: Option<i64>,
    pub other_or_undisclosed: Option<i64>,
    /// By age band, every band listed.
    pub by_age_band: BTreeMap<String, Option<i64>>,
    /// People at the Washington Group cut-off in any domain.
    pub with_disability: Option<i64>,
    /// People who attended two or more of the activities.
    pub trained_more_than_once: Option<i64>,
    pub knowledge_gain: Option<KnowledgeGain>,
    /// For a donor: counts below this read `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed_below: Option<i64>,
    /// Attendees scored before and after: the knowledge gain is shown to a donor only from
    /// five of them.
    #[serde(skip)]
    pub scored: i64,
}

impl PeopleFigures {
    /// The figures as a donor reads them: every count from 1 to 4 `null`, and the knowledge
    /// gain only when at least five people were scored.
    #[must_use]
    pub fn suppressed(mut self) -> Self {
        for cell in [&mut self.distinct, &mut self.with_disability, &mut self.trained_more_than_once] {
            hide(cell);
        }
        hide_among(vec![&mut self.female, &mut self.male, &mut self.other_or_undisclosed]);
        hide_among(self.by_age_band.values_mut().collect());
        if self.scored < SUPPRESSED_BELOW {
            self.knowledge_gain = None;
        }
        self.suppressed_below = Some(SUPPRESSED_BELOW);
        self
    }
}

/// A count as a donor may read it: `None` from 1 to 4.
pub(crate) fn hide(cell: &mut Option<i64>) {
    if cell.is_some_and(|n| (1..SUPPRESSED_BELOW).contains(&n)) {
        *cell = None;
    }
}

/// Hides, among `cells` that add up to a total shown beside them (people by sex, by age band),
/// every count from 1 to 4 and, when that hides exactly one, the smallest other count above
/// zero too: a lone hidden count could be worked out by subtracting the others from the total.
/// So a hidden cell means "not shown", not always "fewer than 5".
pub(crate) fn hide_among(mut cells: Vec<&mut Option<i64>>) {
    let mut hidden = 0;
    for cell in &mut cells {
        if cell.is_some_and(|n| (1..SUPPRESSED_BELOW).contains(&n)) {
            **cell = None;
            hidden += 1;
        }
    }
    if hidden == 1 {
        let smallest = cells
            .iter_mut()
            .filter(|cell| cell.is_some_and(|n| n > 0))
            // Every cell left is `Some`, so the options order as their counts.
            .min_by_key(|cell| ***cell);
        if let Some(cell) = smallest {
            **cell = None;
        }
    }
}

/// The people figures of `scopes` together over `range` (each person once, however many of
/// the scopes they were trained in), as `donor` (a donor's names) may see the activities of
/// each scope; none when none of the activities has an attendance list.
pub(crate) async fn people_in(
    tx: &mut Tx,
    generation: i64,
    scopes: &[Scope],
    (range, kind): (DateRange, Option<ActivityKind>),
    donor: Option<&[String]>,
) -> Result<Option<PeopleFigures>, StoreError> {
    // Most stores hold no attendance list: then the figures are none, found by one index seek,
    // not by listing every activity in the scope (80 ms for a donor at a million events).
    let any_list: bool = tatrack_store::on_tx!(tx, |conn| {
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM rm_attendance WHERE generation = $1)")
            .bind(generation)
            .fetch_one(conn)
            .await?
    });
    if !any_list {
        return Ok(None);
    }
    let mut attended = BTreeSet::new();
    for scope in scopes {
        attended.extend(attendance_in(tx, generation, scope, (range, kind), viewer(scope, donor)).await?);
    }
    if attended.is_empty() {
        return Ok(None);
    }
    let people = participants(tx, generation).await?;
    let root = |id: &str| -> String {
        let mut at = id.to_owned();
        // A merge names a participant who is not merged; a chain is as long as the merges
        // were made in that order, and never longer than the participants.
        for _ in 0..=people.len() {
            match people.get(&at).and_then(|p| p.merged_into.clone()) {
                Some(next) => at = next,
                None => break,
            }
        }
        at
    };
    let mut activities_of: HashMap<String, BTreeSet<String>> = HashMap::new();
    let (mut scored, mut gain_total) = (0i64, 0i64);
    let mut scored_activities = BTreeSet::new();
    for (activity, participant, pre, post) in attended {
        activities_of.entry(root(&participant)).or_default().insert(activity.clone());
        if let (Some(pre), Some(post)) = (pre, post) {
            scored += 1;
            gain_total += post - pre;
            scored_activities.insert(activity);
        }
    }
    let mut figures = PeopleFigures {
        by_age_band: AgeBand::ALL.iter().map(|band| (band.as_str().to_owned(), Some(0))).collect(),
        ..PeopleFigures::default()
    };
    let (mut female, mut male, mut other, mut disabled, mut again) = (0, 0, 0, 0, 0);
    for (person, activities) in &activities_of {
        let Some(categories) = people.get(person) else { continue };
        match categories.sex.as_str() {
            "female" => female += 1,
            "male" => male += 1,
            _ => other += 1,
        }
        if let Some(Some(band)) = figures.by_age_band.get_mut(&categories.age_band) {
            *band += 1;
        }
        disabled += i64::from(categories.has_disability);
        again += i64::from(activities.len() > 1);
    }
    figures.distinct = Some(female + male + other);
    figures.female = Some(female);
    figures.male = Some(male);
    figures.other_or_undisclosed = Some(other);
    figures.with_disability = Some(disabled);
    figures.trained_more_than_once = Some(again);
    figures.knowledge_gain = (scored > 0).then(|| KnowledgeGain {
        trainings: i64::try_from(scored_activities.len()).ok(),
        #[expect(clippy::cast_precision_loss, reason = "a mean of scores out of 100, to one decimal")]
        mean_gain: Some((gain_total as f64 / scored as f64 * 10.0).round() / 10.0),
    });
    figures.scored = scored;
    Ok(Some(figures))
}

type AttendedRow = (String, String, Option<i64>, Option<i64>);

/// (activity, participant, pre, post) of every attendee of the counted activities in scope.
async fn attendance_in(
    tx: &mut Tx,
    generation: i64,
    scope: &Scope,
    (range, kind): (DateRange, Option<ActivityKind>),
    viewer: Option<&[String]>,
) -> Result<Vec<AttendedRow>, StoreError> {
    // A kind is one of a closed list of words (`ActivityKind::as_str`), never the caller's text.
    let of_kind = kind.map(|kind| format!(" AND a.kind = '{}'", kind.as_str())).unwrap_or_default();
    let (from, to) = range.bounds();
    let (source, condition) = scope_sql(scope, "JOIN");
    let dated = if matches!(scope, Scope::Country(_)) { "s" } else { "a" };
    let funded = viewer.map(viewer_placeholders).map_or_else(String::new, |names| {
        format!(
            " AND a.activity_id IN (SELECT f5.activity_id FROM rm_activity_funding f5 \
             WHERE f5.generation = $1 AND f5.donor IN ({names}) AND f5.date_key >= $3 AND f5.date_key <= $4)"
        )
    });
    let sql = format!(
        "SELECT t.activity_id, t.participant_id, t.pre_score, t.post_score FROM rm_attendance t \
         WHERE t.generation = $1 AND t.activity_id IN (SELECT a.activity_id FROM {source} WHERE {condition} \
         AND {dated}.date_key >= $3 AND {dated}.date_key <= $4{funded}{of_kind} AND {COUNTED}) \
         ORDER BY t.activity_id, t.place"
    );
    Ok(tatrack_store::on_tx!(tx, |conn| {
        let mut query = sqlx::query_as(&sql).bind(generation).bind(scope_key(scope)).bind(&from).bind(&to);
        for name in viewer.unwrap_or_default() {
            query = query.bind(name);
        }
        query.fetch_all(conn).await?
    }))
}

/// Every participant's categories, by id (attendees of any activity may have been merged into
/// anyone).
pub(crate) async fn participants(
    tx: &mut Tx,
    generation: i64,
) -> Result<BTreeMap<String, Person>, StoreError> {
    let rows: Vec<(String, String, String, i64, Option<String>)> = tatrack_store::on_tx!(tx, |conn| {
        sqlx::query_as(
            "SELECT participant_id, sex, age_band, has_disability, merged_into FROM rm_participants \
             WHERE generation = $1",
        )
        .bind(generation)
        .fetch_all(conn)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(|(id, sex, age_band, disability, merged_into)| {
            (id, Person { sex, age_band, has_disability: disability != 0, merged_into })
        })
        .collect())
}

/// One activity a participant attended, with their scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendedActivity {
    pub activity_id: String,
    pub title: String,
    /// The date it counts on (delivery start, else planned start).
    pub start: String,
    pub pre_score: Option<i64>,
    pub post_score: Option<i64>,
}

/// An attended activity as read: id, title, date, scores.
type AttendedActivityRow = (String, String, String, Option<i64>, Option<i64>);

/// The activities `participant` attended, or anyone merged into them, by date.
pub async fn activities_of(
    db: &tatrack_store::Db,
    participant: &str,
) -> Result<Vec<AttendedActivity>, StoreError> {
    let mut tx = db.begin_read().await?;
    let generation = crate::state::read_state(&mut tx, false).await?.generation;
    let rows: Vec<AttendedActivityRow> = tatrack_store::on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "SELECT a.activity_id, a.title, a.date_key, t.pre_score, t.post_score FROM rm_attendance t \
             JOIN rm_activities a ON a.generation = t.generation AND a.activity_id = t.activity_id \
             WHERE t.generation = $1 AND (t.participant_id = $2 OR t.participant_id IN \
             (SELECT p.participant_id FROM rm_participants p WHERE p.generation = $1 AND p.merged_into = $2)) \
             ORDER BY a.date_key, a.activity_id",
        )
        .bind(generation)
        .bind(participant)
        .fetch_all(conn)
        .await?
    });
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|(activity_id, title, start, pre_score, post_score)| AttendedActivity {
            activity_id,
            title,
            start,
            pre_score,
            post_score,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::hide_among;

    fn hidden(mut counts: Vec<Option<i64>>) -> Vec<Option<i64>> {
        hide_among(counts.iter_mut().collect());
        counts
    }

    #[test]
    fn a_lone_small_count_hides_the_smallest_other_so_no_subtraction_finds_it() {
        // 5 women, 1 man, 0 other of 6: the man alone hidden is 6 - 5 - 0.
        assert_eq!(hidden(vec![Some(5), Some(1), Some(0)]), vec![None, None, Some(0)]);
        assert_eq!(hidden(vec![Some(9), Some(2), Some(7)]), vec![Some(9), None, None]);
    }

    #[test]
    fn two_small_counts_or_none_hide_nothing_more() {
        assert_eq!(hidden(vec![Some(3), Some(2), Some(0)]), vec![None, None, Some(0)]);
        assert_eq!(hidden(vec![Some(5), Some(6), Some(0)]), vec![Some(5), Some(6), Some(0)]);
        // One person in all: the total (shown beside it) is hidden as well, by its own rule.
        assert_eq!(hidden(vec![Some(1), Some(0), Some(0)]), vec![None, Some(0), Some(0)]);
    }
}
