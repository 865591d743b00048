//! What every rendering of a report writes, in its order: the title and scope, each area's
//! heading, programmes and paragraph (each figure's words numbered by the evidence entry they
//! lead to), the point of the log, and the evidence: one entry per figure cited, with the
//! activities behind it by title and dates, each linked to its page in the web app. Markdown,
//! HTML and DOCX differ only in how they mark these up.

use std::collections::HashMap;

use crate::document::{ActivityName, Area, Figure, Report, Segment};
use crate::words::{capitalised, dates};

/// What a report with no area says instead.
pub const NOTHING_DELIVERED: &str = "No activity was delivered in this period.";

/// A report laid out for rendering.
pub struct Layout<'r> {
    pub title: &'r str,
    /// "Activities delivered from ... (all programmes)."
    pub scope: String,
    pub areas: Vec<AreaLayout<'r>>,
    /// The link of the hash chain the report was computed at, and how to check it.
    pub basis: String,
    /// One entry per figure cited, numbered from 1 in the order of first mention.
    pub evidence: Vec<Entry<'r>>,
}

/// One thematic area.
pub struct AreaLayout<'r> {
    pub title: &'r str,
    /// "Programmes: Global Firearms Programme (GLOFIREARMS)."
    pub programmes: String,
    pub runs: Vec<Run<'r>>,
}

/// A run of an area's paragraph: text, or the words of a figure with its evidence entry.
pub struct Run<'r> {
    pub text: String,
    pub note: Option<Note<'r>>,
}

/// Where a figure's words lead: its evidence entry's number (from 1), and the figure's id.
#[derive(Clone, Copy)]
pub struct Note<'r> {
    pub n: usize,
    pub figure: &'r str,
}

/// The evidence of one figure.
pub struct Entry<'r> {
    pub figure: &'r Figure,
    pub activities: Vec<Behind<'r>>,
}

/// One activity behind a figure.
pub struct Behind<'r> {
    pub id: &'r str,
    /// Its title and delivery dates, when the report keeps them (reports published before it
    /// did name activities by id alone).
    pub name: Option<&'r ActivityName>,
    /// Its page in the web app: absolute when the report was asked for over HTTP.
    pub link: String,
}

impl Entry<'_> {
    /// Each activity as `link` writes it, joined by commas.
    pub fn links(&self, link: impl Fn(&Behind) -> String) -> String {
        self.activities.iter().map(link).collect::<Vec<_>>().join(", ")
    }
}

impl Behind<'_> {
    /// What the link reads: the activity's title, or its id.
    pub fn title(&self) -> &str {
        self.name.map_or(self.id, |name| name.title.as_str())
    }

    /// " (20 to 24 October 2019)" after the title, or nothing.
    pub fn when(&self) -> String {
        self.name.map(|name| format!(" ({})", dates(name.start, name.end))).unwrap_or_default()
    }
}

impl<'r> Layout<'r> {
    /// `report` laid out, its activities' pages under `base` (`https://host`, or empty for
    /// links relative to wherever the file is opened from the server).
    pub fn of(report: &'r Report, base: &str) -> Self {
        let mut numbers: HashMap<&str, usize> = HashMap::new();
        let mut evidence = Vec::new();
        let by_id: HashMap<&str, &Figure> = report.figures().map(|f| (f.id.as_str(), f)).collect();
        let mut areas = Vec::new();
        for area in &report.areas {
            let mut runs = Vec::new();
            for (i, segment) in area.paragraph.iter().enumerate() {
                let text =
                    if i == 0 { capitalised(segment.text().trim_start()) } else { segment.text().to_owned() };
                let note = match segment {
                    Segment::Figure { figure, .. } => by_id.get(figure.as_str()).map(|found| {
                        let n = *numbers.entry(found.id.as_str()).or_insert_with(|| {
                            evidence.push(entry(report, found, base));
                            evidence.len()
                        });
                        Note { n, figure: found.id.as_str() }
                    }),
                    Segment::Text(_) => None,
                };
                runs.push(Run { text, note });
            }
            areas.push(AreaLayout { title: &area.title, programmes: programmes(area), runs });
        }
        Self { title: &report.title, scope: scope_line(report), areas, basis: basis_line(report), evidence }
    }
}

fn entry<'r>(report: &'r Report, figure: &'r Figure, base: &str) -> Entry<'r> {
    let activities = figure
        .activities
        .iter()
        .map(|id| Behind { id, name: report.activity(id), link: format!("{base}/#/activity/{id}") })
        .collect();
    Entry { figure, activities }
}

fn programmes(area: &Area) -> String {
    let names: Vec<String> = area.programmes.iter().map(|p| format!("{} ({})", p.name, p.code)).collect();
    format!("Programmes: {}.", names.join("; "))
}

fn basis_line(report: &Report) -> String {
    let basis = &report.basis;
    let as_of = basis
        .as_of
        .map(|at| format!(", counting only events recorded by {}", at.to_rfc3339()))
        .unwrap_or_default();
    format!(
        "Computed from the event log up to link {} of the hash chain (event position {}, chain hash {}){as_of}. \
         `tatrack report --verify` recomputes every figure from the log at that point and says whether it still holds.",
        basis.seq, basis.position, basis.link
    )
}

fn scope_line(report: &Report) -> String {
    let params = &report.params;
    let programmes =
        if params.programmes.is_empty() { "all programmes".to_owned() } else { params.programmes.join(", ") };
    let donor = params.donor.as_ref().map(|d| format!(", activities funded by {d}")).unwrap_or_default();
    format!("Activities delivered from {} ({programmes}{donor}).", dates(params.from, params.to))
}
