//! A report as Markdown (figures footnoted) and as one self-contained, printable HTML page
//! (figures linked to their evidence at the end). Both end with the point of the log the report
//! was computed at, and how to check it.

use std::collections::HashMap;
use std::fmt::Write as _;

use tatrack_domain::bounds::replace_refused;

use crate::document::{Figure, Report, Segment};
use crate::words::{capitalised, dates};

/// Footnote numbers, in the order the figures are first mentioned.
struct Notes<'r> {
    numbers: HashMap<&'r str, usize>,
    order: Vec<&'r Figure>,
}

impl<'r> Notes<'r> {
    fn of(report: &'r Report) -> Self {
        let mut notes = Self { numbers: HashMap::new(), order: Vec::new() };
        let by_id: HashMap<&str, &Figure> = report.figures().map(|f| (f.id.as_str(), f)).collect();
        for area in &report.areas {
            for segment in &area.paragraph {
                if let Segment::Figure { figure, .. } = segment {
                    if let Some(found) = by_id.get(figure.as_str()) {
                        if !notes.numbers.contains_key(figure.as_str()) {
                            notes.order.push(found);
                            notes.numbers.insert(found.id.as_str(), notes.order.len());
                        }
                    }
                }
            }
        }
        notes
    }
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

/// Markdown, every figure footnoted with its question and its activities.
pub fn markdown(report: &Report) -> String {
    let notes = Notes::of(report);
    let mut out = format!("# {}\n\n{}\n", report.title, scope_line(report));
    if report.areas.is_empty() {
        out.push_str("\nNo activity was delivered in this period.\n");
    }
    for area in &report.areas {
        let _ = write!(out, "\n## {}\n\n", area.title);
        let names: Vec<String> = area.programmes.iter().map(|p| format!("{} ({})", p.name, p.code)).collect();
        let _ = writeln!(out, "*Programmes: {}.*\n", names.join("; "));
        let mut first = true;
        for segment in &area.paragraph {
            let text =
                if first { capitalised(segment.text().trim_start()) } else { segment.text().to_owned() };
            first = false;
            out.push_str(&text);
            if let Segment::Figure { figure, .. } = segment {
                if let Some(n) = notes.numbers.get(figure.as_str()) {
                    let _ = write!(out, "[^{n}]");
                }
            }
        }
        out.push('\n');
    }
    let _ = write!(out, "\n---\n\n{}\n\n", basis_line(report));
    for (i, figure) in notes.order.iter().enumerate() {
        let _ = writeln!(
            out,
            "[^{}]: {} (`{}`): {}. Activities: {}.",
            i + 1,
            figure.label,
            figure.id,
            figure.query,
            figure.activities.join(", ")
        );
    }
    out
}

/// The one way text enters the page: markup escaped, and what the text rule refuses (stored
/// before it) shown as U+FFFD, as HTML too treats controls and noncharacters as errors.
fn escape(text: &str) -> String {
    replace_refused(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "body{font:16px/1.5 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}\
h1,h2{font-family:system-ui,sans-serif;color:#0b4f6c}a{color:#0b4f6c}a.figure{text-decoration:none;border-bottom:1px dotted #0b4f6c}\
.evidence{font-size:.85rem}.evidence li{margin:.3rem 0}.evidence code{word-break:break-all}.basis{font-size:.85rem;color:#444}\
@media print{a.figure{color:inherit;border:0}.evidence a{color:inherit}}";

/// One HTML file: no script, no external resource; every figure links to its evidence.
pub fn html(report: &Report) -> String {
    let notes = Notes::of(report);
    let mut out = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body><h1>{}</h1><p>{}</p>",
        escape(&report.title),
        escape(&report.title),
        escape(&scope_line(report))
    );
    if report.areas.is_empty() {
        out.push_str("<p>No activity was delivered in this period.</p>");
    }
    for area in &report.areas {
        let names: Vec<String> =
            area.programmes.iter().map(|p| format!("{} ({})", escape(&p.name), escape(&p.code))).collect();
        let _ = write!(
            out,
            "<h2>{}</h2><p><em>Programmes: {}.</em></p><p>",
            escape(&area.title),
            names.join("; ")
        );
        let mut first = true;
        for segment in &area.paragraph {
            let text =
                if first { capitalised(segment.text().trim_start()) } else { segment.text().to_owned() };
            first = false;
            match segment {
                Segment::Figure { figure, .. } => {
                    let n = notes.numbers.get(figure.as_str()).copied().unwrap_or_default();
                    let _ = write!(
                        out,
                        "<a class=\"figure\" href=\"#f{n}\" title=\"{}\">{}</a>",
                        escape(figure),
                        escape(&text)
                    );
                }
                Segment::Text(_) => out.push_str(&escape(&text)),
            }
        }
        out.push_str("</p>");
    }
    let basis = escape(&basis_line(report))
        .replace("`tatrack report --verify`", "<code>tatrack report --verify</code>");
    let _ = write!(out, "<hr><p class=\"basis\">{basis}</p><h2>Evidence</h2><ol class=\"evidence\">");
    for (i, figure) in notes.order.iter().enumerate() {
        let links: Vec<String> = figure
            .activities
            .iter()
            .map(|id| format!("<a href=\"/#/activity/{}\"><code>{}</code></a>", escape(id), escape(id)))
            .collect();
        let _ = write!(
            out,
            "<li id=\"f{}\">{} (<code>{}</code>): {}. Activities: {}.</li>",
            i + 1,
            escape(&figure.label),
            escape(&figure.id),
            escape(&figure.query),
            links.join(", ")
        );
    }
    out.push_str("</ol></body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn html_text_holds_no_character_the_text_rule_refuses() {
        // A title stored by a server without the rule reaches the page through `escape`.
        assert_eq!(escape("A\u{FFFE}B\u{1}<\"&"), "A\u{FFFD}B\u{FFFD}&lt;&quot;&amp;");
        assert_eq!(escape("tab\tand\nnewline \u{FFFD}"), "tab\tand\nnewline \u{FFFD}");
    }
}
