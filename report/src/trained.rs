//! The people an area's activities trained, from their attendance lists as the log holds them at
//! the report's link: distinct people (by [`tatrack_projections::trained`], the results
//! framework's rule), women among them, people with a disability, people trained more than
//! once, and the mean knowledge gain. A report is public: a count of 1 to 4 people is published
//! as `null` and read "fewer than five", and the gain only when five attendees or more were
//! scored.

use std::collections::BTreeMap;

use tatrack_i18n::msg;
use tatrack_projections::trained::{shown, trained, Attendee, Person};

use crate::model::{Figure, Gain, PeopleCount, Scope, Trained};
use crate::source::Records;
use crate::words::counted;
use crate::writer::Writer;

/// Every participant's categories, as counted.
pub(crate) fn people(records: &Records) -> BTreeMap<String, Person> {
    records
        .participants
        .iter()
        .map(|(id, record)| {
            let categories = &record.categories;
            let person = Person {
                sex: categories.sex.as_str().to_owned(),
                age_band: categories.age_band.as_str().to_owned(),
                has_disability: categories.has_disability(),
                merged_into: record.merged_into.map(|into| into.to_string()),
            };
            (id.clone(), person)
        })
        .collect()
}

/// The figures of `activities` (the area's counted ones), when any has a list.
pub(crate) fn trained_figures(
    scope: &Scope,
    activities: &[&str],
    records: &Records,
    people: &BTreeMap<String, Person>,
) -> Option<Trained> {
    let attended: Vec<Attendee> = activities
        .iter()
        .filter_map(|id| Some((*id, records.attendance.get(*id)?)))
        .flat_map(|(id, list)| {
            list.iter().map(move |a| Attendee {
                activity_id: id.to_owned(),
                participant_id: a.participant_id.to_string(),
                pre_score: a.pre_score.map(|s| i64::from(s.get())),
                post_score: a.post_score.map(|s| i64::from(s.get())),
            })
        })
        .collect();
    if attended.is_empty() {
        return None;
    }
    let all = trained(&attended, people, |_| true);
    let women = trained(&attended, people, |p| p.sex == "female");
    let disabled = trained(&attended, people, |p| p.has_disability);
    let say = |message: tatrack_i18n::Message| crate::words::say(scope.params.language, &message);
    let figure = |id: &str, label: String, n: i64, filters: &[(&str, &str)], behind: &[String]| Figure {
        id: format!("{}/people/{id}", scope.area),
        label,
        query: scope.query(&[&[("attendance", "recorded")], filters].concat()),
        activities: behind.to_vec(),
        value: PeopleCount::of(n),
    };
    let knowledge_gain = (all.scored > 0).then(|| Figure {
        id: format!("{}/people/knowledge_gain", scope.area),
        label: say(msg("report-label-knowledge-gain")),
        query: scope.query(&[("attendance", "recorded"), ("scores", "before and after")]),
        activities: all.scored_activities.clone(),
        value: Gain {
            trainings: all.scored_activities.len(),
            mean_gain: all.mean_gain().filter(|_| shown(all.scored)),
        },
    });
    Some(Trained {
        distinct: figure(
            "distinct",
            say(msg("report-label-people-trained")),
            all.distinct,
            &[],
            &all.activities,
        ),
        women: figure(
            "women",
            say(msg("report-label-women-trained")),
            all.female,
            &[("sex", "female")],
            &women.activities,
        ),
        with_disability: figure(
            "with_disability",
            say(msg("report-label-disability-trained")),
            all.with_disability,
            &[("disability", "yes")],
            &disabled.activities,
        ),
        more_than_once: figure(
            "more_than_once",
            say(msg("report-label-trained-again")),
            all.more_than_once,
            &[("attended", "more than once")],
            &all.activities,
        ),
        knowledge_gain,
    })
}

/// `message` counting `people`: its number in words, or "fewer than five".
fn people_words(w: &Writer, message: tatrack_i18n::Message, people: PeopleCount) -> String {
    match people.0 {
        Some(n) => w.say(&counted(w.language, message, n)),
        None => w.say(&message.with("count", 5).with("words", w.say(&msg("report-fewer-than-five")))),
    }
}

/// "The attendance lists name 40 different people, among them 22 women and fewer than five
/// people with a disability; six took part in more than one activity. Tested before and after,
/// participants' scores rose by 12.5 points out of 100 on average (three activities)."
pub(crate) fn trained_text(w: &mut Writer, trained: &Trained) {
    let people = w.part(|p| {
        p.cite(people_words(p, msg("report-people-distinct"), trained.distinct.value), &trained.distinct);
    });
    let women = w.part(|p| p.cite(people_words(p, msg("report-women"), trained.women.value), &trained.women));
    let disabled = w.part(|p| {
        let words = people_words(p, msg("report-people-with-disability"), trained.with_disability.value);
        p.cite(words, &trained.with_disability);
    });
    let again = w.part(|p| {
        p.cite(
            people_words(p, msg("report-people-count"), trained.more_than_once.value),
            &trained.more_than_once,
        );
    });
    w.text(" ");
    w.sentence(
        msg("report-people-trained").with("again-count", trained.more_than_once.value.0.unwrap_or(5)),
        vec![("people", people), ("women", women), ("disabled", disabled), ("again", again)],
    );
    let Some(gain) = &trained.knowledge_gain else { return };
    let Some(mean) = gain.value.mean_gain else { return };
    let direction = match mean.cmp(&rust_decimal::Decimal::ZERO) {
        std::cmp::Ordering::Greater => "up",
        std::cmp::Ordering::Less => "down",
        std::cmp::Ordering::Equal => "same",
    };
    let points = tatrack_i18n::format::money(w.language, &mean.abs().to_string());
    let language = w.language;
    let cited = w.part(|p| {
        let words = p.say(&msg("report-points").with("points", points.as_str()));
        p.cite(words, gain);
    });
    let activities = w.say(&counted(language, msg("report-activities"), gain.value.trainings));
    w.text(" ");
    w.sentence(
        msg("report-knowledge-gain").with("direction", direction).with("activities", activities),
        vec![("points", cited)],
    );
}
