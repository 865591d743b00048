//! The paragraph of an area, from templates: plain English with its figures marked, so each
//! rendering can link them (HTML) or footnote them (Markdown) to their evidence.

use tatrack_domain::vocabulary::ActivityKind;

use crate::document::{Figure, Paragraph, Segment};
use crate::figures::{is_event, states_of, Counted, Scope};
use crate::words::{capitalised, counted, dates, list, number, state};

/// Builds a paragraph: text runs and figure mentions.
struct Writer<'f> {
    area: &'f str,
    figures: &'f [Figure],
    out: Paragraph,
}

impl Writer<'_> {
    fn text(&mut self, text: impl Into<String>) {
        let text = text.into();
        match self.out.last_mut() {
            Some(Segment::Text(last)) => last.push_str(&text),
            _ => self.out.push(Segment::Text(text)),
        }
    }

    /// `text` standing for the figure `id` of the area (plain text if there is no such figure).
    fn figure(&mut self, text: impl Into<String>, id: &str) {
        let id = format!("{}/{id}", self.area);
        if self.figures.iter().any(|f| f.id == id) {
            self.out.push(Segment::Figure { text: text.into(), figure: id });
        } else {
            self.text(text);
        }
    }

    /// `figure`'s words, pointing at it.
    fn cite(&mut self, text: impl Into<String>, figure: &Figure) {
        self.out.push(Segment::Figure { text: text.into(), figure: figure.id.clone() });
    }

    /// What goes before item `i` of `len` in a list: nothing, ", " or " and ".
    fn before_item(&mut self, i: usize, len: usize) {
        if i > 0 {
            self.text(if i + 1 == len { " and " } else { ", " });
        }
    }

    /// "six States (the Congo, ... and Tuvalu)", each name its own figure; only a count when
    /// there are more than ten.
    fn states(&mut self, codes: &[String], id: &str, per_state: Option<&str>) {
        self.figure(counted(codes.len(), "State", "States"), id);
        if codes.len() > 10 {
            return;
        }
        self.text(" (");
        for (i, code) in codes.iter().enumerate() {
            self.before_item(i, codes.len());
            match per_state {
                Some(prefix) => self.figure(state(code), &format!("{prefix}/{code}")),
                None => self.text(state(code)),
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

fn figure_u64(figures: &[Figure], id: &str, key: Option<&str>) -> u64 {
    figures
        .iter()
        .find(|f| f.id == id)
        .and_then(|f| key.map_or(Some(&f.value), |k| f.value.get(k)))
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0)
}

/// The area's paragraph.
pub(crate) fn area_text(scope: &Scope, activities: &[Counted], figures: &[Figure]) -> Paragraph {
    let mut w = Writer { area: scope.area, figures, out: Vec::new() };
    let programmes: Vec<String> = scope.programmes.iter().map(|p| p.name.clone()).collect();
    let total = activities.len();
    w.text(format!("From {}, under {}, ", dates(scope.params.from, scope.params.to), list(&programmes)));
    w.figure(counted(total, "activity", "activities"), "activities");
    w.text(if total == 1 { " was delivered, reaching " } else { " were delivered, reaching " });
    w.states(&states_of(activities), "states", None);
    w.text(".");

    let mut kinds: Vec<ActivityKind> = activities.iter().map(|c| c.record.planned.kind).collect();
    kinds.sort();
    kinds.dedup();
    if kinds.len() > 1 {
        w.text(" They comprised ");
        for (i, kind) in kinds.iter().enumerate() {
            w.before_item(i, kinds.len());
            let n = activities.iter().filter(|c| c.record.planned.kind == *kind).count();
            let (one, many) = kind_noun(*kind);
            w.figure(counted(n, one, many), &format!("{}/activities", kind.as_str()));
        }
        w.text(".");
    }
    for kind in &kinds {
        let of_kind: Vec<&Counted> = activities.iter().filter(|c| c.record.planned.kind == *kind).collect();
        // Workshops and meetings held in one State are told one by one below.
        if of_kind.iter().all(|c| is_event(c.record))
            && matches!(kind, ActivityKind::Workshop | ActivityKind::ExpertGroupMeeting)
        {
            continue;
        }
        let (start, _) = kind_phrase(*kind, of_kind.len());
        w.text(format!(" {start}"));
        let states = states_of(of_kind.iter().copied());
        w.states(&states, &format!("{}/states", kind.as_str()), Some(&format!("{}/states", kind.as_str())));
        w.text(".");
    }
    events(&mut w, activities);
    people(&mut w, figures, scope.area);
    outputs(&mut w, figures);
    funding(&mut w, figures);
    w.out
}

/// Workshops, meetings and regional activities, one by one: "“Title” was held in Riyadh (Saudi
/// Arabia) from 20 to 24 October 2019."
fn events(w: &mut Writer, activities: &[Counted]) {
    const NAMED: usize = 12;
    let mut held: Vec<&Counted> = activities.iter().filter(|c| is_event(c.record)).collect();
    held.sort_by_key(|c| (c.record.delivery.as_ref().map(|d| d.start), c.id));
    for c in held.iter().take(NAMED) {
        let planned = &c.record.planned;
        w.text(" ");
        w.figure(format!("“{}”", planned.title.as_str()), &format!("events/{}", c.id));
        w.text(format!(" was held in {}", planned.location.as_str()));
        if let Some(delivery) = &c.record.delivery {
            let on = if delivery.start == delivery.end { "on" } else { "from" };
            w.text(format!(" {on} {}", dates(delivery.start, delivery.end)));
        }
        let codes: Vec<String> = states_of([*c]).iter().map(|code| state(code)).collect();
        if codes.len() == 1 {
            w.text(format!(" ({})", codes[0]));
        } else {
            w.text(format!(
                ", bringing together {}: {}",
                counted(codes.len(), "State", "States"),
                list(&codes)
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

fn people(w: &mut Writer, figures: &[Figure], area: &str) {
    let id = format!("{area}/participants");
    let total = figure_u64(figures, &id, Some("total"));
    if total == 0 {
        return;
    }
    let female = figure_u64(figures, &id, Some("female"));
    let male = figure_u64(figures, &id, Some("male"));
    let other = figure_u64(figures, &id, Some("other_or_undisclosed"));
    w.text(" In all, ");
    w.figure(counted(total, "participant", "participants"), "participants");
    w.text(format!(
        " took part ({} women, {} men{})",
        number(female),
        number(male),
        if other > 0 { format!(" and {} not recorded by sex", number(other)) } else { String::new() }
    ));
    let mut institutions: Vec<(&Figure, u64)> = figures
        .iter()
        .filter(|f| f.id.starts_with(&format!("{id}/")))
        .map(|f| (f, f.value.as_u64().unwrap_or(0)))
        .collect();
    institutions.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.id.cmp(&b.0.id)));
    if institutions.is_empty() {
        w.text(".");
        return;
    }
    w.text(", among them ");
    for (i, (figure, n)) in institutions.iter().enumerate() {
        w.before_item(i, institutions.len());
        let institution = figure.id.rsplit('/').next().unwrap_or_default();
        w.cite(format!("{} {}", number(*n), institution_noun(institution)), figure);
    }
    w.text(".");
}

fn outputs(w: &mut Writer, figures: &[Figure]) {
    let made: Vec<&Figure> = figures.iter().filter(|f| f.id.contains("/outputs/")).collect();
    if made.is_empty() {
        return;
    }
    w.text(" The activities contributed to ");
    for (i, figure) in made.iter().enumerate() {
        w.before_item(i, made.len());
        let kind = figure.id.rsplit('/').next().unwrap_or_default();
        let n = figure.value.get("count").and_then(serde_json::Value::as_u64).unwrap_or(0);
        let (one, many) = output_noun(kind);
        w.cite(counted(n, one, many), figure);
        let states: Vec<String> = figure
            .value
            .get("states")
            .and_then(serde_json::Value::as_array)
            .map(|codes| codes.iter().filter_map(serde_json::Value::as_str).map(state).collect())
            .unwrap_or_default();
        if !states.is_empty() && states.len() <= 10 {
            w.text(format!(" ({})", list(&states)));
        }
    }
    w.text(".");
}

fn funding(w: &mut Writer, figures: &[Figure]) {
    let lines: Vec<&Figure> = figures.iter().filter(|f| f.id.contains("/funding/")).collect();
    if lines.is_empty() {
        return;
    }
    w.text(" The activities were funded by ");
    let mut donors: Vec<&str> =
        lines.iter().filter_map(|f| f.value.get("donor").and_then(serde_json::Value::as_str)).collect();
    donors.dedup();
    for (i, donor) in donors.iter().enumerate() {
        w.before_item(i, donors.len());
        w.text(format!("{} (", crate::words::donor(donor)));
        let own: Vec<&&Figure> = lines
            .iter()
            .filter(|f| f.value.get("donor").and_then(serde_json::Value::as_str) == Some(donor))
            .collect();
        for (j, figure) in own.iter().enumerate() {
            if j > 0 {
                w.text(", ");
            }
            let amount = figure.value.get("amount").and_then(serde_json::Value::as_str).unwrap_or_default();
            let currency =
                figure.value.get("currency").and_then(serde_json::Value::as_str).unwrap_or_default();
            w.cite(format!("{currency} {}", grouped_amount(amount)), figure);
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
