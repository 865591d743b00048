//! The paragraph of an area, from the catalogue's sentences in the report's language, with its
//! figures marked, so each rendering can link them (HTML) or footnote them (Markdown) to their
//! evidence.

use tatrack_i18n::msg;

use crate::document::{Paragraph, Segment};
use crate::model::{
    named_one_by_one, AreaFigures, Attendance, Event, Figure, Funding, InState, Output, People, Scope, States,
};
use crate::words::{capitalised, counted, dates, donor, list, state, state_order};
use crate::writer::Writer;

impl Writer {
    /// "six States (the Congo, ... and Tuvalu)", each name its own figure when `in_states` has
    /// them; only a count when there are more than ten. Names in the order the language sorts
    /// them.
    fn states(&self, states: &Figure<States>, in_states: Option<&[Figure<InState>]>) -> Paragraph {
        let language = self.language;
        let codes = &states.value.0;
        self.part(|w| {
            w.cite(w.say(&counted(language, msg("report-states"), codes.len())), states);
            if codes.len() > 10 {
                return;
            }
            w.text(" (");
            let names: Vec<Paragraph> = match in_states {
                Some(figures) => {
                    let mut figures: Vec<&Figure<InState>> = figures.iter().collect();
                    figures.sort_by_cached_key(|f| state_order(language, f.value.state.as_str()));
                    figures
                        .iter()
                        .map(|f| w.part(|n| n.cite(state(language, f.value.state.as_str()), *f)))
                        .collect()
                }
                None => sorted(language, &states.value)
                    .iter()
                    .map(|name| vec![Segment::Text(name.clone())])
                    .collect(),
            };
            w.list(names);
            w.text(")");
        })
    }
}

/// The States' names with their articles, in the order `language` sorts them.
fn sorted(language: tatrack_i18n::Language, states: &States) -> Vec<String> {
    let mut codes: Vec<&str> = states.codes().collect();
    codes.sort_by_cached_key(|code| state_order(language, code));
    codes.into_iter().map(|code| state(language, code)).collect()
}

/// The area's paragraph, in the language of `scope`'s report.
pub(crate) fn area_text(scope: &Scope, figures: &AreaFigures) -> Paragraph {
    let language = scope.params.language;
    let mut w = Writer::new(language);
    let programmes: Vec<String> = scope.programmes.iter().map(|p| p.name.clone()).collect();
    let total = figures.activities.value;
    let activities =
        w.part(|p| p.cite(p.say(&counted(language, msg("report-activities"), total)), &figures.activities));
    let states = w.states(&figures.states, None);
    let opening = msg("report-opening")
        .with("count", total)
        .with("dates", dates(language, scope.params.from, scope.params.to))
        .with("programmes", list(language, &programmes));
    w.sentence(opening, vec![("activities", activities), ("states", states)]);

    if figures.kinds.len() > 1 {
        let kinds = figures
            .kinds
            .iter()
            .map(|kind| {
                let words = counted(language, msg("report-kind-count"), kind.activities.value)
                    .with("kind", kind.kind.as_str());
                w.part(|p| p.cite(p.say(&words), &kind.activities))
            })
            .collect();
        let list = w.part(|p| p.list(kinds));
        w.text(" ");
        w.sentence(msg("report-comprised"), vec![("kinds", list)]);
    }
    for kind in &figures.kinds {
        // Workshops and meetings are told one by one below.
        if named_one_by_one(kind.kind) {
            continue;
        }
        let states = w.states(&kind.states, Some(&kind.in_states));
        let sentence = msg("report-kind-sentence")
            .with("kind", kind.kind.as_str())
            .with("count", kind.activities.value)
            .with("state-count", kind.states.value.0.len());
        w.text(" ");
        w.sentence(sentence, vec![("states", states)]);
    }
    events(&mut w, &figures.events);
    if let Some(people) = &figures.people {
        participants(&mut w, people);
    }
    if let Some(trained) = &figures.trained {
        crate::trained::trained_text(&mut w, trained);
    }
    outputs(&mut w, &figures.outputs);
    funding(&mut w, &figures.funding);
    w.out
}

/// Workshops, meetings and regional activities, one by one: "“Title” was held in Riyadh from
/// 20 to 24 October 2019 (Saudi Arabia)."
fn events(w: &mut Writer, events: &[Figure<Event>]) {
    const NAMED: usize = 12;
    let language = w.language;
    let mut held: Vec<&Figure<Event>> = events.iter().collect();
    // By delivery, then by activity id (the figures' ids differ only by it).
    held.sort_by_key(|f| (f.value.start, f.id.as_str()));
    for figure in held.iter().take(NAMED) {
        let event = &figure.value;
        let title =
            w.part(|p| p.cite(p.say(&msg("report-event-title").with("title", event.title.as_str())), figure));
        w.text(" ");
        w.sentence(
            msg("report-event-held").with("location", event.location.as_str()),
            vec![("title", title)],
        );
        if let (Some(start), Some(end)) = (event.start, event.end) {
            let on = if start == end { msg("report-event-on") } else { msg("report-event-from") };
            w.text(format!(" {}", w.say(&on.with("dates", dates(language, start, end)))));
        }
        let names = sorted(language, &event.states);
        if let [name] = names.as_slice() {
            w.text(format!(" {}", w.say(&msg("report-event-in-state").with("state", name.as_str()))));
        } else {
            let count = w.say(&counted(language, msg("report-states"), names.len()));
            let together =
                msg("report-event-states").with("states", count).with("names", list(language, &names));
            w.text(w.say(&together));
        }
        w.text(".");
    }
    if held.len() > NAMED {
        let more = counted(language, msg("report-further-events"), held.len() - NAMED);
        w.text(format!(" {}", capitalised(&w.say(&more))));
    }
}

fn participants(w: &mut Writer, people: &People) {
    let language = w.language;
    let all = &people.all.value;
    if all.total == 0 {
        return;
    }
    let cited = w.part(|p| {
        p.cite(p.say(&counted(language, msg("report-participants-count"), all.total)), &people.all);
    });
    let women = w.say(&counted(language, msg("report-women"), all.female));
    let men = w.say(&counted(language, msg("report-men"), all.male));
    let by_sex = match all.other_or_undisclosed {
        0 => msg("report-by-sex"),
        other => msg("report-by-sex-other").with("other", crate::words::number(language, other)),
    };
    let by_sex = w.say(&by_sex.with("women", women).with("men", men));
    w.text(" ");
    w.sentence(
        msg("report-took-part").with("by-sex", by_sex).with("count", all.total),
        vec![("participants", cited)],
    );
    // Most first, then by institution.
    let mut institutions: Vec<&Figure<Attendance>> = people.institutions.iter().collect();
    institutions
        .sort_by(|a, b| b.value.participants.cmp(&a.value.participants).then_with(|| a.id.cmp(&b.id)));
    if !institutions.is_empty() {
        let items = institutions
            .iter()
            .map(|figure| {
                let Attendance { institution, participants } = &figure.value;
                let words = counted(language, msg("report-institution-count"), *participants)
                    .with("institution", institution.as_str());
                w.part(|p| p.cite(p.say(&words), *figure))
            })
            .collect();
        let list = w.part(|p| p.list(items));
        w.phrase(msg("report-among-them"), vec![("institutions", list)]);
    }
    w.text(".");
}

fn outputs(w: &mut Writer, outputs: &[Figure<Output>]) {
    if outputs.is_empty() {
        return;
    }
    let language = w.language;
    let items = outputs
        .iter()
        .map(|figure| {
            let output = &figure.value;
            let words = counted(language, msg("report-output-count"), output.count)
                .with("output", output.kind.as_str());
            let cited = w.part(|p| p.cite(p.say(&words), figure));
            let states = sorted(language, &output.states);
            if states.is_empty() || states.len() > 10 {
                return cited;
            }
            let states = msg("report-output-states").with("states", list(language, &states));
            w.part(|p| p.phrase(states, vec![("output", cited)]))
        })
        .collect();
    let list = w.part(|p| p.list(items));
    w.text(" ");
    w.sentence(msg("report-contributed"), vec![("outputs", list)]);
}

fn funding(w: &mut Writer, lines: &[Figure<Funding>]) {
    if lines.is_empty() {
        return;
    }
    let language = w.language;
    // The lines are by donor, so each donor's follow one another.
    let mut donors: Vec<&str> = lines.iter().map(|f| f.value.donor.as_str()).collect();
    donors.dedup();
    let items = donors
        .iter()
        .map(|name| {
            let amounts = w.part(|p| {
                for (j, figure) in lines.iter().filter(|f| f.value.donor == *name).enumerate() {
                    if j > 0 {
                        p.text(", ");
                    }
                    let amount = tatrack_i18n::format::money(language, &figure.value.amount());
                    let words = msg("report-amount")
                        .with("currency", figure.value.currency.as_str())
                        .with("amount", amount);
                    p.cite(p.say(&words), figure);
                }
            });
            let sentence = msg("report-donor-amounts").with("donor", donor(language, name));
            w.part(|p| p.phrase(sentence, vec![("amounts", amounts)]))
        })
        .collect();
    let list = w.part(|p| p.list(items));
    w.text(" ");
    w.sentence(msg("report-funded"), vec![("donors", list)]);
}

/// The paragraph as plain text.
pub fn plain(paragraph: &Paragraph) -> String {
    capitalised(paragraph.iter().map(Segment::text).collect::<String>().trim())
}
