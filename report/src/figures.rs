//! The activity statistics of a report, per thematic area: what happened (activities delivered or
//! reported, dated by their delivery start within the range) counted by the rules of
//! [`tatrack_projections::facts`], the same the summaries follow. Every figure keeps the
//! question that produced it and the ids of the activities behind it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};
use tatrack_domain::vocabulary::{ActivityKind, OutputKind, ThematicArea};
use tatrack_domain::{ActivityRecord, ActivityStatus, ProgrammeRecord};
use tatrack_projections::amounts::{from_minor, Overflow};
use tatrack_projections::facts::{activity_facts, ActivityFacts};

use crate::document::{Area, Figure, Params, ProgrammeName, Report};
use crate::source::{Basis, Records};
use crate::text::area_text;

/// Whether `record` is one of the report's activities: delivered or reported, dated in the range.
pub fn happened_in(record: &ActivityRecord, params: &Params) -> bool {
    let happened = matches!(record.status, ActivityStatus::Delivered | ActivityStatus::Reported);
    let day = record.delivery.as_ref().map_or(record.planned.planned_start, |d| d.start);
    let funded =
        params.donor.is_none() || record.funding.iter().any(|f| params.counts_donor(f.donor.as_str()));
    happened && funded && (params.from..=params.to).contains(&day)
}

/// One activity as the report counts it.
pub(crate) struct Counted<'r> {
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
        let area = programmes[0].1.registration.thematic_area.as_str();
        let names = programmes
            .iter()
            .map(|(_, p)| ProgrammeName {
                code: p.registration.code.as_str().to_owned(),
                name: p.registration.name.as_str().to_owned(),
            })
            .collect::<Vec<_>>();
        let scope = Scope { area, programmes: &names, params };
        let figures = area_figures(&scope, &counted)?;
        let paragraph = area_text(&scope, &counted, &figures);
        sections.push(Area {
            area: area.to_owned(),
            title: crate::words::capitalised(&area.replace('_', " ")),
            programmes: names,
            paragraph,
            figures,
        });
    }
    let title = format!("Activity statistics, {}", crate::words::dates(params.from, params.to));
    Ok(Report { title, params: params.clone(), basis, areas: sections })
}

/// What every figure of an area shares: its area, its programmes and the report's parameters.
pub(crate) struct Scope<'s> {
    pub area: &'s str,
    pub programmes: &'s [ProgrammeName],
    pub params: &'s Params,
}

impl Scope<'_> {
    /// The question behind a figure, in the activity list's words, narrowed by `filters`.
    pub fn query(&self, filters: &[(&str, &str)]) -> String {
        let codes: Vec<&str> = self.programmes.iter().map(|p| p.code.as_str()).collect();
        let mut parts = vec![format!("programme in ({})", codes.join(", "))];
        parts.push("status in (delivered, reported)".to_owned());
        parts.push(format!("delivery from {} to {}", self.params.from, self.params.to));
        if let Some(donor) = &self.params.donor {
            parts.push(format!("funded by {donor}"));
        }
        parts.extend(filters.iter().map(|(name, value)| format!("{name} = {value}")));
        parts.join("; ")
    }

    fn figure(
        &self,
        id: &str,
        label: String,
        value: Value,
        filters: &[(&str, &str)],
        behind: &[&Counted],
    ) -> Figure {
        let mut activities: Vec<String> = behind.iter().map(|c| c.id.to_owned()).collect();
        activities.sort();
        activities.dedup();
        Figure { id: format!("{}/{id}", self.area), label, value, query: self.query(filters), activities }
    }
}

/// States of `behind`, in the order their names sort.
pub(crate) fn states_of<'c>(behind: impl IntoIterator<Item = &'c Counted<'c>>) -> Vec<String> {
    let mut codes: Vec<String> = behind
        .into_iter()
        .flat_map(|c| c.record.planned.countries.iter().map(|code| code.as_str().to_owned()))
        .collect();
    codes.sort_by_key(|code| crate::words::state_order(code));
    codes.dedup();
    codes
}

fn area_figures(scope: &Scope, counted: &[Counted]) -> Result<Vec<Figure>, Overflow> {
    let all: Vec<&Counted> = counted.iter().collect();
    let mut figures = vec![
        scope.figure("activities", "Activities delivered".to_owned(), json!(all.len()), &[], &all),
        scope.figure(
            "states",
            "States assisted".to_owned(),
            json!(states_of(all.iter().copied())),
            &[],
            &all,
        ),
    ];
    let mut kinds: BTreeMap<ActivityKind, Vec<&Counted>> = BTreeMap::new();
    for c in counted {
        kinds.entry(c.record.planned.kind).or_default().push(c);
    }
    for behind in kinds.values() {
        let kind = behind[0].record.planned.kind.as_str();
        let words = kind.replace("pre_", "pre-").replace("e_l", "e-l").replace('_', " ");
        figures.push(scope.figure(
            &format!("{kind}/activities"),
            format!("Activities of kind {words}"),
            json!(behind.len()),
            &[("kind", kind)],
            behind,
        ));
        let states = states_of(behind.iter().copied());
        figures.push(scope.figure(
            &format!("{kind}/states"),
            format!("States reached by {words}"),
            json!(states),
            &[("kind", kind)],
            behind,
        ));
        for state in &states {
            let within: Vec<&Counted> = behind
                .iter()
                .copied()
                .filter(|c| c.record.planned.countries.iter().any(|code| code.as_str() == state))
                .collect();
            figures.push(scope.figure(
                &format!("{kind}/states/{state}"),
                format!("{} in {}", crate::words::capitalised(&words), crate::words::state(state)),
                json!(within.len()),
                &[("kind", kind), ("country", state)],
                &within,
            ));
        }
    }
    for c in counted.iter().filter(|c| is_event(c.record)) {
        let delivery = c.record.delivery.as_ref();
        let value = json!({
            "title": c.record.planned.title.as_str(),
            "location": c.record.planned.location.as_str(),
            "start": delivery.map(|d| d.start),
            "end": delivery.map(|d| d.end),
            "states": states_of([c]),
        });
        figures.push(scope.figure(
            &format!("events/{}", c.id),
            format!("Event: {}", c.record.planned.title.as_str()),
            value,
            &[("id", c.id)],
            &[c],
        ));
    }
    figures.extend(people_figures(scope, counted)?);
    figures.extend(output_figures(scope, counted)?);
    figures.extend(funding_figures(scope, counted)?);
    Ok(figures)
}

/// Workshops and meetings, and every activity held in several States, are named one by one.
pub(crate) fn is_event(record: &ActivityRecord) -> bool {
    matches!(record.planned.kind, ActivityKind::Workshop | ActivityKind::ExpertGroupMeeting)
        || record.planned.countries.len() > 1
}

fn add(sum: &mut i64, n: i64) -> Result<(), Overflow> {
    *sum = sum.checked_add(n).ok_or(Overflow("a report's figure"))?;
    Ok(())
}

fn people_figures(scope: &Scope, counted: &[Counted]) -> Result<Vec<Figure>, Overflow> {
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
        return Ok(Vec::new());
    }
    let mut total = female;
    add(&mut total, male)?;
    add(&mut total, other)?;
    let value = json!({"female": female, "male": male, "other_or_undisclosed": other, "total": total});
    let mut figures = vec![scope.figure(
        "participants",
        "Participants".to_owned(),
        value,
        &[("participants", "recorded")],
        &tallied,
    )];
    for (institution, (n, behind)) in institutions {
        figures.push(scope.figure(
            &format!("participants/{institution}"),
            format!("Participants from {}", institution.replace('_', " ")),
            json!(n),
            &[("institution", &institution)],
            &behind,
        ));
    }
    Ok(figures)
}

/// A sum, and the activities behind it.
type Tallied<'c> = (i64, Vec<&'c Counted<'c>>);

fn output_figures(scope: &Scope, counted: &[Counted]) -> Result<Vec<Figure>, Overflow> {
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
        .map(|((_, kind), (n, behind))| {
            let value = json!({"count": n, "states": states_of(behind.iter().copied())});
            scope.figure(
                &format!("outputs/{kind}"),
                format!("Outputs: {}", kind.replace('_', " ")),
                value,
                &[("output", kind)],
                &behind,
            )
        })
        .collect())
}

fn funding_figures(scope: &Scope, counted: &[Counted]) -> Result<Vec<Figure>, Overflow> {
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
        .map(|((donor, currency), (minor, behind))| {
            let value = json!({"donor": donor, "currency": currency, "amount": from_minor(minor, &currency)});
            scope.figure(
                &format!("funding/{donor}/{currency}"),
                format!("Funding from {donor} in {currency}"),
                value,
                &[("donor", &donor), ("currency", &currency)],
                &behind,
            )
        })
        .collect())
}
