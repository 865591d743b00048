//! The activity statistics of a report, per thematic area: what happened (activities delivered or
//! reported, dated by their delivery start within the range) counted by the rules of
//! [`tatrack_projections::facts`], the same the summaries follow. Every figure keeps the
//! question that produced it and the ids of the activities behind it.

use std::collections::{BTreeMap, BTreeSet};

use tatrack_domain::vocabulary::{ActivityKind, OutputKind, ThematicArea};
use tatrack_domain::{ActivityRecord, ActivityStatus, ProgrammeRecord};
use tatrack_i18n::{in_state, msg, Language};
use tatrack_projections::amounts::Overflow;
use tatrack_projections::facts::{activity_facts, ActivityFacts};

use crate::document::{ActivityName, Area, Params, ProgrammeName, Report};
use crate::model::{
    named_one_by_one, AreaFigures, Attendance, Event, Figure, Funding, InState, KindFigures, Output,
    Participants, People, Scope, States,
};
use crate::source::{Basis, Records};
use crate::text::area_text;
use crate::words::{capitalised, dates, say, state_order};

/// Whether `record` is one of the report's activities: delivered or reported, dated in the range.
pub fn happened_in(record: &ActivityRecord, params: &Params) -> bool {
    let happened = matches!(record.status, ActivityStatus::Delivered | ActivityStatus::Reported);
    let day = record.delivery.as_ref().map_or(record.planned.planned_start, |d| d.start);
    let funded =
        params.donor.is_none() || record.funding.iter().any(|f| params.counts_donor(f.donor.as_str()));
    happened && funded && (params.from..=params.to).contains(&day)
}

/// One activity as the report counts it.
struct Counted<'r> {
    pub id: &'r str,
    pub record: &'r ActivityRecord,
    pub facts: ActivityFacts,
}

/// The report over `records` (already narrowed to [`happened_in`]).
pub fn compute(records: &Records, params: &Params, basis: Basis) -> Result<Report, Overflow> {
    let wanted = |programme: &ProgrammeRecord| {
        params.programmes.is_empty()
            || params.programmes.iter().any(|c| c == programme.registration.code.as_str())
    };
    // Areas in the order of the vocabulary (its declaration order is its `Ord`), programmes by
    // code within them.
    let mut areas: BTreeMap<ThematicArea, Vec<(&str, &ProgrammeRecord)>> = BTreeMap::new();
    for (id, programme) in records.programmes.iter().filter(|(_, p)| wanted(p)) {
        areas.entry(programme.registration.thematic_area).or_default().push((id.as_str(), programme));
    }
    let mut sections = Vec::new();
    let mut behind = BTreeMap::new();
    let people = crate::trained::people(records);
    for programmes in areas.into_values() {
        let mut programmes = programmes;
        programmes.sort_by(|a, b| a.1.registration.code.as_str().cmp(b.1.registration.code.as_str()));
        let ids: BTreeSet<&str> = programmes.iter().map(|(id, _)| *id).collect();
        let mut counted = Vec::new();
        for (id, record) in &records.activities {
            if ids.contains(record.planned.programme_id.to_string().as_str()) && happened_in(record, params) {
                counted.push(Counted { id, record, facts: activity_facts(record)? });
            }
        }
        if counted.is_empty() {
            continue;
        }
        behind.extend(counted.iter().map(|c| (c.id, activity_name(c))));
        let area = programmes[0].1.registration.thematic_area.as_str();
        let names = programmes
            .iter()
            .map(|(_, p)| ProgrammeName {
                code: p.registration.code.as_str().to_owned(),
                name: p.registration.name.as_str().to_owned(),
            })
            .collect::<Vec<_>>();
        let scope = Scope { area, programmes: &names, params };
        let mut figures = area_figures(&scope, &counted)?;
        let ids: Vec<&str> = counted.iter().map(|c| c.id).collect();
        figures.trained = crate::trained::trained_figures(&scope, &ids, records, &people);
        sections.push(Area {
            area: area.to_owned(),
            title: capitalised(&say(
                params.language,
                &msg("report-area").with("area", area).with("words", area.replace('_', " ")),
            )),
            paragraph: area_text(&scope, &figures),
            figures: figures.published(),
            programmes: names,
        });
    }
    let title = say(
        params.language,
        &msg("report-title").with("dates", dates(params.language, params.from, params.to)),
    );
    let activities = behind.into_values().collect();
    Ok(Report { title, params: params.clone(), basis, areas: sections, activities })
}

/// How the evidence names a counted activity.
fn activity_name(counted: &Counted) -> ActivityName {
    let planned = &counted.record.planned;
    let (start, end) = counted
        .record
        .delivery
        .as_ref()
        .map_or((planned.planned_start, planned.planned_end), |d| (d.start, d.end));
    ActivityName { id: counted.id.to_owned(), title: planned.title.as_str().to_owned(), start, end }
}

/// A figure of `scope`'s area, behind it the activities of `behind`.
fn figure<V>(
    scope: &Scope,
    id: &str,
    label: String,
    value: V,
    filters: &[(&str, &str)],
    behind: &[&Counted],
) -> Figure<V> {
    let mut activities: Vec<String> = behind.iter().map(|c| c.id.to_owned()).collect();
    activities.sort();
    activities.dedup();
    Figure { id: format!("{}/{id}", scope.area), label, query: scope.query(filters), activities, value }
}

/// The figure's label, in the report's language.
fn label(scope: &Scope, message: &tatrack_i18n::Message) -> String {
    say(scope.params.language, message)
}

/// States of `behind`, in the order their English names sort (the order a figure publishes them
/// in, whatever the report's language; the text lists them in its own).
fn states_of<'c>(behind: impl IntoIterator<Item = &'c Counted<'c>>) -> States {
    let mut codes: Vec<_> =
        behind.into_iter().flat_map(|c| c.record.planned.countries.iter().cloned()).collect();
    codes.sort_by_key(|code| state_order(Language::English, code.as_str()));
    codes.dedup();
    States(codes)
}

fn area_figures(scope: &Scope, counted: &[Counted]) -> Result<AreaFigures, Overflow> {
    let all: Vec<&Counted> = counted.iter().collect();
    Ok(AreaFigures {
        activities: figure(
            scope,
            "activities",
            label(scope, &msg("report-label-activities")),
            all.len(),
            &[],
            &all,
        ),
        states: figure(
            scope,
            "states",
            label(scope, &msg("report-label-states")),
            states_of(all.iter().copied()),
            &[],
            &all,
        ),
        kinds: kind_figures(scope, counted),
        events: counted.iter().filter(|c| is_event(c.record)).map(|c| event_figure(scope, c)).collect(),
        people: people_figures(scope, counted)?,
        trained: None,
        outputs: output_figures(scope, counted)?,
        funding: funding_figures(scope, counted)?,
    })
}

fn kind_figures(scope: &Scope, counted: &[Counted]) -> Vec<KindFigures> {
    let mut kinds: BTreeMap<ActivityKind, Vec<&Counted>> = BTreeMap::new();
    for c in counted {
        kinds.entry(c.record.planned.kind).or_default().push(c);
    }
    kinds
        .into_iter()
        .map(|(kind, behind)| {
            let word = kind.as_str();
            let words =
                label(scope, &msg("report-kind").with("kind", word).with("words", word.replace('_', " ")));
            let filter = [("kind", word)];
            let states = states_of(behind.iter().copied());
            let in_states = states
                .0
                .iter()
                .map(|state| {
                    let within: Vec<&Counted> = behind
                        .iter()
                        .copied()
                        .filter(|c| c.record.planned.countries.contains(state))
                        .collect();
                    let code = state.as_str();
                    figure(
                        scope,
                        &format!("{word}/states/{code}"),
                        label(
                            scope,
                            &msg("report-label-kind-in-state")
                                .with("kind", capitalised(&words))
                                .with("in-state", in_state(scope.params.language, code)),
                        ),
                        InState { state: state.clone(), activities: within.len() },
                        &[("kind", word), ("country", code)],
                        &within,
                    )
                })
                .collect();
            KindFigures {
                kind,
                activities: figure(
                    scope,
                    &format!("{word}/activities"),
                    label(scope, &msg("report-label-kind-activities").with("kind", words.as_str())),
                    behind.len(),
                    &filter,
                    &behind,
                ),
                states: figure(
                    scope,
                    &format!("{word}/states"),
                    label(scope, &msg("report-label-kind-states").with("kind", words.as_str())),
                    states,
                    &filter,
                    &behind,
                ),
                in_states,
            }
        })
        .collect()
}

fn event_figure(scope: &Scope, c: &Counted) -> Figure<Event> {
    let planned = &c.record.planned;
    let delivery = c.record.delivery.as_ref();
    let value = Event {
        title: planned.title.as_str().to_owned(),
        location: planned.location.as_str().to_owned(),
        start: delivery.map(|d| d.start),
        end: delivery.map(|d| d.end),
        states: states_of([c]),
    };
    let label = label(scope, &msg("report-label-event").with("title", planned.title.as_str()));
    figure(scope, &format!("events/{}", c.id), label, value, &[("id", c.id)], &[c])
}

/// Workshops and meetings, and every activity held in several States, are named one by one.
fn is_event(record: &ActivityRecord) -> bool {
    named_one_by_one(record.planned.kind) || record.planned.countries.len() > 1
}

fn add(sum: &mut i64, n: i64) -> Result<(), Overflow> {
    *sum = sum.checked_add(n).ok_or(Overflow("a report's figure"))?;
    Ok(())
}

fn people_figures(scope: &Scope, counted: &[Counted]) -> Result<Option<People>, Overflow> {
    let (mut female, mut male, mut other) = (0_i64, 0_i64, 0_i64);
    let mut institutions: BTreeMap<String, (i64, Vec<&Counted>)> = BTreeMap::new();
    let tallied: Vec<&Counted> = counted.iter().filter(|c| c.record.participants.is_some()).collect();
    for c in &tallied {
        add(&mut female, c.facts.row.female)?;
        add(&mut male, c.facts.row.male)?;
        add(&mut other, c.facts.row.other)?;
        for (institution, n) in &c.facts.institutions {
            let entry = institutions.entry(institution.clone()).or_default();
            add(&mut entry.0, *n)?;
            entry.1.push(c);
        }
    }
    if tallied.is_empty() {
        return Ok(None);
    }
    let mut total = female;
    add(&mut total, male)?;
    add(&mut total, other)?;
    let value = Participants { female, male, other_or_undisclosed: other, total };
    let all = figure(
        scope,
        "participants",
        label(scope, &msg("report-label-participants")),
        value,
        &[("participants", "recorded")],
        &tallied,
    );
    let institutions = institutions
        .into_iter()
        .map(|(institution, (participants, behind))| {
            figure(
                scope,
                &format!("participants/{institution}"),
                label(
                    scope,
                    &msg("report-label-institution").with(
                        "institution",
                        label(
                            scope,
                            &msg("report-institution")
                                .with("institution", institution.as_str())
                                .with("words", institution.replace('_', " ")),
                        ),
                    ),
                ),
                Attendance { institution: institution.clone(), participants },
                &[("institution", &institution)],
                &behind,
            )
        })
        .collect();
    Ok(Some(People { all, institutions }))
}

/// A sum, and the activities behind it.
type Tallied<'c> = (i64, Vec<&'c Counted<'c>>);

fn output_figures(scope: &Scope, counted: &[Counted]) -> Result<Vec<Figure<Output>>, Overflow> {
    // In the vocabulary's order; the facts hold the kinds as stored words.
    let mut outputs: BTreeMap<(Option<OutputKind>, &str), Tallied> = BTreeMap::new();
    for c in counted {
        for (kind, n) in &c.facts.outputs {
            let known = OutputKind::ALL.iter().copied().find(|k| k.as_str() == kind);
            let entry = outputs.entry((known, kind.as_str())).or_default();
            add(&mut entry.0, *n)?;
            entry.1.push(c);
        }
    }
    Ok(outputs
        .into_iter()
        .map(|((_, kind), (count, behind))| {
            let value = Output { kind: kind.to_owned(), count, states: states_of(behind.iter().copied()) };
            figure(
                scope,
                &format!("outputs/{kind}"),
                label(
                    scope,
                    &msg("report-label-output").with(
                        "output",
                        label(
                            scope,
                            &msg("report-output").with("output", kind).with("words", kind.replace('_', " ")),
                        ),
                    ),
                ),
                value,
                &[("output", kind)],
                &behind,
            )
        })
        .collect())
}

fn funding_figures(scope: &Scope, counted: &[Counted]) -> Result<Vec<Figure<Funding>>, Overflow> {
    let mut lines: BTreeMap<(String, String), (i128, Vec<&Counted>)> = BTreeMap::new();
    for c in counted {
        for line in &c.facts.funding {
            if !scope.params.counts_donor(&line.donor) {
                continue;
            }
            let entry = lines.entry((line.donor.clone(), line.currency.clone())).or_default();
            entry.0 = entry.0.checked_add(line.amount_minor).ok_or(Overflow("a report's amount"))?;
            entry.1.push(c);
        }
    }
    Ok(lines
        .into_iter()
        .map(|((donor, currency), (amount_minor, behind))| {
            figure(
                scope,
                &format!("funding/{donor}/{currency}"),
                label(
                    scope,
                    &msg("report-label-funding")
                        .with("donor", donor.as_str())
                        .with("currency", currency.as_str()),
                ),
                Funding { donor: donor.clone(), currency: currency.clone(), amount_minor },
                &[("donor", &donor), ("currency", &currency)],
                &behind,
            )
        })
        .collect())
}
