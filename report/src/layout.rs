//! What every rendering of a report writes, in its order: the title and scope, each area's
//! heading, programmes and paragraph (each figure's words numbered by the evidence entry they
//! lead to), the point of the log, and the evidence: one entry per figure cited, with the
//! activities behind it by title and dates, each linked to its page in the web app. Markdown,
//! HTML and DOCX differ only in how they mark these up.

use std::collections::HashMap;

use tatrack_i18n::{msg, Language};

use crate::document::{ActivityName, Area, Figure, Report, Segment};
use crate::words::{capitalised, dates, say};

/// A report laid out for rendering.
pub struct Layout<'r> {
    /// The language the report is written in, for the renderings' own words.
    pub language: Language,
    pub title: &'r str,
    /// "Activities delivered from ... (all programmes)."
    pub scope: String,
    pub areas: Vec<AreaLayout<'r>>,
    /// The link of the hash chain the report was computed at, and how to check it.
    pub basis: String,
    /// One entry per figure cited, numbered from 1 in the order of first mention.
    pub evidence: Vec<Entry<'r>>,
    /// What a report with no area says instead.
    pub nothing_delivered: String,
    /// The evidence's heading.
    pub evidence_heading: String,
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
    pub language: Language,
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
        self.name
            .map(|name| {
                let dated = msg("report-activity-dates")
                    .with("title", name.title.as_str())
                    .with("dates", dates(self.language, name.start, name.end));
                // The title is written by the renderings, as a link.
                say(self.language, &dated)
                    .strip_prefix(name.title.as_str())
                    .map(ToOwned::to_owned)
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    }
}

/// Where an evidence line holds the figure's id, and its activities: each rendering puts them
/// there, marked up its own way (after escaping the rest).
pub const ID: char = '\u{E002}';
pub const ACTIVITIES: char = '\u{E003}';

impl Entry<'_> {
    /// "Label ([`ID`]): query. Activities: [`ACTIVITIES`]." in `language`.
    pub fn line(&self, language: Language) -> String {
        let figure = self.figure;
        let line = msg("report-evidence-entry")
            .with("label", figure.label.as_str())
            .with("id", ID.to_string())
            .with("query", figure.query.as_str())
            .with("activities", ACTIVITIES.to_string());
        say(language, &line)
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
            areas.push(AreaLayout {
                title: &area.title,
                programmes: programmes(report.params.language, area),
                runs,
            });
        }
        let language = report.params.language;
        Self {
            language,
            title: &report.title,
            scope: scope_line(report),
            areas,
            basis: basis_line(report),
            evidence,
            nothing_delivered: say(language, &msg("report-nothing-delivered")),
            evidence_heading: say(language, &msg("report-evidence")),
        }
    }
}

fn entry<'r>(report: &'r Report, figure: &'r Figure, base: &str) -> Entry<'r> {
    let activities = figure
        .activities
        .iter()
        .map(|id| Behind {
            language: report.params.language,
            id,
            name: report.activity(id),
            link: format!("{base}/#/activity/{id}"),
        })
        .collect();
    Entry { figure, activities }
}

fn programmes(language: Language, area: &Area) -> String {
    let names: Vec<String> = area.programmes.iter().map(|p| format!("{} ({})", p.name, p.code)).collect();
    say(language, &msg("report-programmes").with("programmes", names.join("; ")))
}

fn basis_line(report: &Report) -> String {
    let basis = &report.basis;
    let message = match basis.as_of {
        Some(at) => msg("report-basis-as-of").with("as-of", at.to_rfc3339()),
        None => msg("report-basis"),
    };
    // Positions as figures, ungrouped: they are looked up, not read.
    let message = message
        .with("seq", basis.seq.to_string())
        .with("position", basis.position.to_string())
        .with("link", basis.link.as_str());
    let line = say(report.params.language, &message);
    match &basis.signature {
        None => line,
        Some(head) => {
            let signed = msg("report-signed")
                .with("key-id", head.key_id.as_str())
                .with("signed-at", head.signed_at.as_str())
                .with("signature", head.signature.as_str());
            format!("{line} {}", say(report.params.language, &signed))
        }
    }
}

fn scope_line(report: &Report) -> String {
    let params = &report.params;
    let language = params.language;
    let programmes = if params.programmes.is_empty() {
        say(language, &msg("report-all-programmes"))
    } else {
        params.programmes.join(", ")
    };
    let message = match &params.donor {
        Some(donor) => msg("report-scope-donor").with("donor", donor.as_str()),
        None => msg("report-scope"),
    };
    say(
        language,
        &message.with("programmes", programmes).with("dates", dates(language, params.from, params.to)),
    )
}
