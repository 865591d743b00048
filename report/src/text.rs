//! The paragraph of an area, from templates: plain English with its figures marked, so each
//! rendering can link them (HTML) or footnote them (Markdown) to their evidence.

use tatrack_domain::vocabulary::ActivityKind;

use crate::document::{Paragraph, Segment};
use crate::model::{
    named_one_by_one, AreaFigures, Attendance, Event, Figure, Funding, InState, Output, People, Scope, States,
};
use crate::words::{capitalised, counted, dates, list, number, state};

/// Builds a paragraph: text runs and figure mentions.
#[derive(Default)]
struct Writer {
    out: Paragraph,
}

impl Writer {
    fn text(&mut self, text: impl Into<String>) {
        let text = text.into();
        match self.out.last_mut() {
            Some(Segment::Text(last)) => last.push_str(&text),
            _ => self.out.push(Segment::Text(text)),
        }
    }

    /// `figure`'s words, pointing at it.
    fn cite<V>(&mut self, text: impl Into<String>, figure: &Figure<V>) {
        self.out.push(Segment::Figure { text: text.into(), figure: figure.id.clone() });
    }

    /// What goes before item `i` of `len` in a list: nothing, ", " or " and ".
    fn before_item(&mut self, i: usize, len: usize) {
        if i > 0 {
            self.text(if i + 1 == len { " and " } else { ", " });
        }
    }

    /// "six States (the Congo, ... and Tuvalu)", each name its own figure when `in_states` has
    /// them; only a count when there are more than ten.
    fn states(&mut self, states: &Figure<States>, in_states: Option<&[Figure<InState>]>) {
        let codes = &states.value.0;
        self.cite(counted(codes.len(), "State", "States"), states);
        if codes.len() > 10 {
            return;
        }
        self.text(" (");
        match in_states {
            Some(figures) => {
                for (i, figure) in figures.iter().enumerate() {
                    self.before_item(i, figures.len());
                    self.cite(state(figure.value.state.as_str()), figure);
                }
            }
            None => {
                for (i, code) in states.value.codes().enumerate() {
                    self.before_item(i, codes.len());
                    self.text(state(code));
                }
            }
        }
        self.text(")");
    }
}

/// What an activity of `kind` did, as a sentence's start before its States.
fn kind_phrase(kind: ActivityKind, n: usize) -> (&'static str, &'static str) {
    let one = n == 1;
    match kind {
        ActivityKind::PreAccessionSupport => ("Pre-accession support was provided to ", ""),
        ActivityKind::LegislativeAssistance => ("Legislative assistance was provided to ", ""),
        ActivityKind::AssessmentMission if one => ("An assessment mission was carried out in ", ""),
        ActivityKind::AssessmentMission => ("Assessment missions were carried out in ", ""),
        ActivityKind::Training if one => ("A training reached practitioners from ", ""),
        ActivityKind::Training => ("Trainings reached practitioners from ", ""),
        ActivityKind::Mentoring => ("Mentoring was provided in ", ""),
        ActivityKind::JointOperationSupport => ("Joint operations were supported in ", ""),
        ActivityKind::ELearning => ("E-learning courses reached ", ""),
        ActivityKind::Publication => ("Publications were prepared for ", ""),
        ActivityKind::Workshop if one => ("A workshop was held for ", ""),
        ActivityKind::Workshop => ("Workshops were held for ", ""),
        ActivityKind::ExpertGroupMeeting if one => ("An expert group meeting was held for ", ""),
        ActivityKind::ExpertGroupMeeting => ("Expert group meetings were held for ", ""),
    }
}

fn kind_noun(kind: ActivityKind) -> (&'static str, &'static str) {
    match kind {
        ActivityKind::Training => ("training", "trainings"),
        ActivityKind::Workshop => ("workshop", "workshops"),
        ActivityKind::LegislativeAssistance => {
            ("legislative assistance activity", "legislative assistance activities")
        }
        ActivityKind::PreAccessionSupport => {
            ("pre-accession support activity", "pre-accession support activities")
        }
        ActivityKind::AssessmentMission => ("assessment mission", "assessment missions"),
        ActivityKind::ExpertGroupMeeting => ("expert group meeting", "expert group meetings"),
        ActivityKind::Mentoring => ("mentoring activity", "mentoring activities"),
        ActivityKind::JointOperationSupport => ("joint operation supported", "joint operations supported"),
        ActivityKind::ELearning => ("e-learning course", "e-learning courses"),
        ActivityKind::Publication => ("publication", "publications"),
    }
}

fn output_noun(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "law_drafted" => ("law drafted", "laws drafted"),
        "law_amended" => ("law amended", "laws amended"),
        "strategy_adopted" => ("strategy adopted", "strategies adopted"),
        "accession_deposited" => ("instrument of accession deposited", "instruments of accession deposited"),
        "manual_published" => ("manual published", "manuals published"),
        "network_established" => ("network established", "networks established"),
        _ => ("other output", "other outputs"),
    }
}

fn institution_noun(institution: &str) -> &'static str {
    match institution {
        "police" => "police officers",
        "prosecutors" => "prosecutors",
        "judges" => "judges",
        "customs" => "customs officers",
        "border_guards" => "border guards",
        "financial_intelligence" => "financial intelligence officers",
        "civil_society" => "civil society representatives",
        "government" => "government officials",
        "legislators" => "legislators",
        "academia" => "academics",
        "private_sector" => "private sector representatives",
        _ => "other participants",
    }
}

/// The area's paragraph.
pub(crate) fn area_text(scope: &Scope, figures: &AreaFigures) -> Paragraph {
    let mut w = Writer::default();
    let programmes: Vec<String> = scope.programmes.iter().map(|p| p.name.clone()).collect();
    let total = figures.activities.value;
    w.text(format!("From {}, under {}, ", dates(scope.params.from, scope.params.to), list(&programmes)));
    w.cite(counted(total, "activity", "activities"), &figures.activities);
    w.text(if total == 1 { " was delivered, reaching " } else { " were delivered, reaching " });
    w.states(&figures.states, None);
    w.text(".");

    if figures.kinds.len() > 1 {
        w.text(" They comprised ");
        for (i, kind) in figures.kinds.iter().enumerate() {
            w.before_item(i, figures.kinds.len());
            let (one, many) = kind_noun(kind.kind);
            w.cite(counted(kind.activities.value, one, many), &kind.activities);
        }
        w.text(".");
    }
    for kind in &figures.kinds {
        // Workshops and meetings are told one by one below.
        if named_one_by_one(kind.kind) {
            continue;
        }
        let (start, _) = kind_phrase(kind.kind, kind.activities.value);
        w.text(format!(" {start}"));
        w.states(&kind.states, Some(&kind.in_states));
        w.text(".");
    }
    events(&mut w, &figures.events);
    if let Some(people) = &figures.people {
        participants(&mut w, people);
    }
    outputs(&mut w, &figures.outputs);
    funding(&mut w, &figures.funding);
    w.out
}

/// Workshops, meetings and regional activities, one by one: "“Title” was held in Riyadh (Saudi
/// Arabia) from 20 to 24 October 2019."
fn events(w: &mut Writer, events: &[Figure<Event>]) {
    const NAMED: usize = 12;
    let mut held: Vec<&Figure<Event>> = events.iter().collect();
    // By delivery, then by activity id (the figures' ids differ only by it).
    held.sort_by_key(|f| (f.value.start, f.id.as_str()));
    for figure in held.iter().take(NAMED) {
        let event = &figure.value;
        w.text(" ");
        w.cite(format!("“{}”", event.title), figure);
        w.text(format!(" was held in {}", event.location));
        if let (Some(start), Some(end)) = (event.start, event.end) {
            let on = if start == end { "on" } else { "from" };
            w.text(format!(" {on} {}", dates(start, end)));
        }
        let names: Vec<String> = event.states.codes().map(state).collect();
        if names.len() == 1 {
            w.text(format!(" ({})", names[0]));
        } else {
            w.text(format!(
                ", bringing together {}: {}",
                counted(names.len(), "State", "States"),
                list(&names)
            ));
        }
        w.text(".");
    }
    if held.len() > NAMED {
        let more = held.len() - NAMED;
        let (noun, verb) = if more == 1 { ("event", "is") } else { ("events", "are") };
        w.text(format!(" {} further {noun} {verb} listed with the figures.", capitalised(&number(more))));
    }
}

fn participants(w: &mut Writer, people: &People) {
    let all = &people.all.value;
    if all.total == 0 {
        return;
    }
    w.text(" In all, ");
    w.cite(counted(all.total, "participant", "participants"), &people.all);
    let other = all.other_or_undisclosed;
    w.text(format!(
        " took part ({} women, {} men{})",
        number(all.female),
        number(all.male),
        if other > 0 { format!(" and {} not recorded by sex", number(other)) } else { String::new() }
    ));
    // Most first, then by institution.
    let mut institutions: Vec<&Figure<Attendance>> = people.institutions.iter().collect();
    institutions
        .sort_by(|a, b| b.value.participants.cmp(&a.value.participants).then_with(|| a.id.cmp(&b.id)));
    if institutions.is_empty() {
        w.text(".");
        return;
    }
    w.text(", among them ");
    for (i, figure) in institutions.iter().enumerate() {
        w.before_item(i, institutions.len());
        let Attendance { institution, participants } = &figure.value;
        w.cite(format!("{} {}", number(*participants), institution_noun(institution)), figure);
    }
    w.text(".");
}

fn outputs(w: &mut Writer, outputs: &[Figure<Output>]) {
    if outputs.is_empty() {
        return;
    }
    w.text(" The activities contributed to ");
    for (i, figure) in outputs.iter().enumerate() {
        w.before_item(i, outputs.len());
        let output = &figure.value;
        let (one, many) = output_noun(&output.kind);
        w.cite(counted(output.count, one, many), figure);
        let states: Vec<String> = output.states.codes().map(state).collect();
        if !states.is_empty() && states.len() <= 10 {
            w.text(format!(" ({})", list(&states)));
        }
    }
    w.text(".");
}

fn funding(w: &mut Writer, lines: &[Figure<Funding>]) {
    if lines.is_empty() {
        return;
    }
    w.text(" The activities were funded by ");
    // The lines are by donor, so each donor's follow one another.
    let mut donors: Vec<&str> = lines.iter().map(|f| f.value.donor.as_str()).collect();
    donors.dedup();
    for (i, donor) in donors.iter().enumerate() {
        w.before_item(i, donors.len());
        w.text(format!("{} (", crate::words::donor(donor)));
        let own = lines.iter().filter(|f| f.value.donor == *donor);
        for (j, figure) in own.enumerate() {
            if j > 0 {
                w.text(", ");
            }
            w.cite(format!("{} {}", figure.value.currency, grouped_amount(&figure.value.amount())), figure);
        }
        w.text(")");
    }
    w.text(".");
}

/// "48000.00" -> "48,000.00".
fn grouped_amount(amount: &str) -> String {
    let (whole, fraction) = amount.split_once('.').map_or((amount, None), |(w, f)| (w, Some(f)));
    let grouped = whole.parse::<u64>().map_or_else(|_| whole.to_owned(), crate::words::grouped);
    fraction.map_or(grouped.clone(), |f| format!("{grouped}.{f}"))
}

/// The paragraph as plain text.
pub fn plain(paragraph: &Paragraph) -> String {
    capitalised(paragraph.iter().map(Segment::text).collect::<String>().trim())
}
