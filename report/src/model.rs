//! The figures of one area as the report computes them, each value typed: counts, lists of
//! States, participants by sex, outputs, amounts per donor and currency. The text reads these
//! fields, so a figure it names cannot be missing or of another shape without the crate failing
//! to build. A figure becomes JSON once, when it is published ([`AreaFigures::published`]), in
//! the shape reports have always been published in: a report published before must still verify.

use chrono::NaiveDate;
use serde_json::{json, Value};
use tatrack_domain::values::CountryCode;
use tatrack_domain::vocabulary::ActivityKind;
use tatrack_projections::amounts::from_minor;

use crate::document::{self, Params, ProgrammeName};

/// A figure's value as the report publishes it. The JSON is a contract: `--verify` compares a
/// published report's values with recomputed ones, so a change here fails every report before.
pub trait Published {
    fn json(&self) -> Value;
}

/// One figure: its typed value, with what it is published with.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure<V> {
    /// `area/...`, as published and as the paragraph cites it.
    pub id: String,
    pub label: String,
    /// The question, in the words of the activity list's filters.
    pub query: String,
    /// The activities behind the figure, by id, sorted and without repeats.
    pub activities: Vec<String>,
    pub value: V,
}

impl<V: Published> Figure<V> {
    pub fn published(&self) -> document::Figure {
        document::Figure {
            id: self.id.clone(),
            label: self.label.clone(),
            value: self.value.json(),
            query: self.query.clone(),
            activities: self.activities.clone(),
        }
    }
}

/// A number of activities.
impl Published for usize {
    fn json(&self) -> Value {
        json!(self)
    }
}

/// States, by their ISO 3166 alpha-3 codes, in the order their names sort.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct States(pub Vec<CountryCode>);

impl States {
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(CountryCode::as_str)
    }
}

/// Published as the list of codes.
impl Published for States {
    fn json(&self) -> Value {
        Value::Array(self.codes().map(|code| Value::String(code.to_owned())).collect())
    }
}

/// The activities of one kind held in one State.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InState {
    pub state: CountryCode,
    pub activities: usize,
}

/// Published as the count (the State is in the figure's id).
impl Published for InState {
    fn json(&self) -> Value {
        json!(self.activities)
    }
}

/// A workshop, a meeting or an activity held in several States, named one by one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub title: String,
    pub location: String,
    /// The delivery's dates (an activity reported delivered has them).
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub states: States,
}

impl Published for Event {
    fn json(&self) -> Value {
        json!({
            "title": self.title,
            "location": self.location,
            "start": self.start,
            "end": self.end,
            "states": self.states.json(),
        })
    }
}

/// Participants by sex, and in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participants {
    pub female: i64,
    pub male: i64,
    pub other_or_undisclosed: i64,
    pub total: i64,
}

impl Published for Participants {
    fn json(&self) -> Value {
        json!({
            "female": self.female,
            "male": self.male,
            "other_or_undisclosed": self.other_or_undisclosed,
            "total": self.total,
        })
    }
}

/// Participants from one institution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendance {
    /// The institution's word (`border_guards`).
    pub institution: String,
    pub participants: i64,
}

/// Published as the count (the institution is in the figure's id).
impl Published for Attendance {
    fn json(&self) -> Value {
        json!(self.participants)
    }
}

/// The outputs of one kind, and the States of the activities behind them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The output kind as stored (`law_drafted`; a word the vocabulary no longer has is kept).
    pub kind: String,
    pub count: i64,
    pub states: States,
}

/// Published as `{count, states}` (the kind is in the figure's id).
impl Published for Output {
    fn json(&self) -> Value {
        json!({"count": self.count, "states": self.states.json()})
    }
}

/// What one donor put towards the activities, in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funding {
    pub donor: String,
    pub currency: String,
    /// In the currency's minor units, summed exactly.
    pub amount_minor: i128,
}

impl Funding {
    /// The amount as decimal text in the currency's own digits (`48000.00`).
    pub fn amount(&self) -> String {
        from_minor(self.amount_minor, &self.currency)
    }
}

impl Published for Funding {
    fn json(&self) -> Value {
        json!({"donor": self.donor, "currency": self.currency, "amount": self.amount()})
    }
}

/// A number of people, published only when it is none or five and more: the report is public,
/// and a cell of 1 to 4 people could point at someone. `None`: 1 to 4 (published as `null`,
/// read "fewer than five").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeopleCount(pub Option<i64>);

impl PeopleCount {
    /// `n` as the report may publish it.
    pub fn of(n: i64) -> Self {
        Self(Some(n).filter(|n| tatrack_projections::trained::shown(*n)))
    }
}

impl Published for PeopleCount {
    fn json(&self) -> Value {
        json!(self.0)
    }
}

/// The mean knowledge gain: post-test minus pre-test score, in points out of 100.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gain {
    /// Activities with an attendee scored both times.
    pub trainings: usize,
    /// To one decimal; `None` when fewer than five attendees were scored (not published).
    pub mean_gain: Option<rust_decimal::Decimal>,
}

/// Published as `{trainings, mean_gain}`, the gain a decimal string (never a float) or `null`.
impl Published for Gain {
    fn json(&self) -> Value {
        json!({"trainings": self.trainings, "mean_gain": self.mean_gain.map(|g| g.to_string())})
    }
}

/// Distinct people on the attendance lists (each once, merges resolved, erased people still
/// counted), and the knowledge gain of those scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Trained {
    pub distinct: Figure<PeopleCount>,
    pub women: Figure<PeopleCount>,
    pub with_disability: Figure<PeopleCount>,
    pub more_than_once: Figure<PeopleCount>,
    /// Present when an attendee was scored before and after.
    pub knowledge_gain: Option<Figure<Gain>>,
}

/// The figures of one kind of activity.
#[derive(Debug, Clone, PartialEq)]
pub struct KindFigures {
    pub kind: ActivityKind,
    pub activities: Figure<usize>,
    pub states: Figure<States>,
    /// One per State of `states`, in its order.
    pub in_states: Vec<Figure<InState>>,
}

/// The participants, and those of each institution recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct People {
    pub all: Figure<Participants>,
    /// By institution word.
    pub institutions: Vec<Figure<Attendance>>,
}

/// Every figure of an area.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaFigures {
    pub activities: Figure<usize>,
    pub states: Figure<States>,
    /// In the vocabulary's order.
    pub kinds: Vec<KindFigures>,
    /// By activity id.
    pub events: Vec<Figure<Event>>,
    /// None when no activity has its participants recorded.
    pub people: Option<People>,
    /// None when no activity has an attendance list.
    pub trained: Option<Trained>,
    /// In the vocabulary's order, words it no longer has last.
    pub outputs: Vec<Figure<Output>>,
    /// By donor, then currency.
    pub funding: Vec<Figure<Funding>>,
}

impl AreaFigures {
    /// The figures as the report publishes them, in the order it always has.
    pub fn published(&self) -> Vec<document::Figure> {
        let mut out = vec![self.activities.published(), self.states.published()];
        for kind in &self.kinds {
            out.push(kind.activities.published());
            out.push(kind.states.published());
            out.extend(kind.in_states.iter().map(Figure::published));
        }
        out.extend(self.events.iter().map(Figure::published));
        if let Some(people) = &self.people {
            out.push(people.all.published());
            out.extend(people.institutions.iter().map(Figure::published));
        }
        if let Some(trained) = &self.trained {
            let counts =
                [&trained.distinct, &trained.women, &trained.with_disability, &trained.more_than_once];
            out.extend(counts.into_iter().map(Figure::published));
            out.extend(trained.knowledge_gain.iter().map(Figure::published));
        }
        out.extend(self.outputs.iter().map(Figure::published));
        out.extend(self.funding.iter().map(Figure::published));
        out
    }
}

/// Workshops and meetings are named one by one, wherever they are held.
pub fn named_one_by_one(kind: ActivityKind) -> bool {
    matches!(kind, ActivityKind::Workshop | ActivityKind::ExpertGroupMeeting)
}

/// What every figure of an area shares: its area, its programmes and the report's parameters.
pub struct Scope<'s> {
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
}
