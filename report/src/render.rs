//! A report as Markdown (figures footnoted) and as one self-contained, printable HTML page
//! (figures linked to their evidence at the end), both from its [`Layout`]. Both end with the
//! point of the log the report was computed at, and how to check it.

use std::fmt::Write as _;

use tatrack_domain::bounds::replace_refused;

use crate::document::Report;
use crate::layout::{Layout, ACTIVITIES, ID};

/// Markdown, every figure footnoted with its question and its activities, each linked to its
/// page under `base` (see [`Layout::of`]).
pub fn markdown(report: &Report, base: &str) -> String {
    let layout = Layout::of(report, base);
    let mut out = format!("# {}\n\n{}\n", layout.title, layout.scope);
    if layout.areas.is_empty() {
        let _ = writeln!(out, "\n{}", layout.nothing_delivered);
    }
    for area in &layout.areas {
        let _ = write!(out, "\n## {}\n\n*{}*\n\n", area.title, area.programmes);
        for run in &area.runs {
            out.push_str(&run.text);
            if let Some(note) = run.note {
                let _ = write!(out, "[^{}]", note.n);
            }
        }
        out.push('\n');
    }
    let _ = write!(out, "\n---\n\n{}\n\n", layout.basis);
    for (i, entry) in layout.evidence.iter().enumerate() {
        let links = entry.links(|a| {
            format!("[{}]({}){}", a.title().replace('[', "\\[").replace(']', "\\]"), a.link, a.when())
        });
        let line = entry
            .line(layout.language)
            .replace(ID, &format!("`{}`", entry.figure.id))
            .replace(ACTIVITIES, &links);
        let _ = writeln!(out, "[^{}]: {line}", i + 1);
    }
    out
}

/// The one way text enters the page: markup escaped, and what the text rule refuses (stored
/// before it) shown as U+FFFD, as HTML too treats controls and noncharacters as errors.
pub(crate) fn escape(text: &str) -> String {
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

/// One HTML file: no script, no external resource; every figure links to its evidence, and
/// each activity there to its page under `base` (see [`Layout::of`]).
pub fn html(report: &Report, base: &str) -> String {
    let layout = Layout::of(report, base);
    let title = escape(layout.title);
    let mut out = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body><h1>{title}</h1><p>{}</p>",
        layout.language.code(),
        escape(&layout.scope)
    );
    if layout.areas.is_empty() {
        let _ = write!(out, "<p>{}</p>", escape(&layout.nothing_delivered));
    }
    for area in &layout.areas {
        let _ = write!(out, "<h2>{}</h2><p><em>{}</em></p><p>", escape(area.title), escape(&area.programmes));
        for run in &area.runs {
            match run.note {
                Some(note) => {
                    let (n, figure, text) = (note.n, escape(note.figure), escape(&run.text));
                    let _ = write!(out, "<a class=\"figure\" href=\"#f{n}\" title=\"{figure}\">{text}</a>");
                }
                None => out.push_str(&escape(&run.text)),
            }
        }
        out.push_str("</p>");
    }
    let basis =
        escape(&layout.basis).replace("`tatrack report --verify`", "<code>tatrack report --verify</code>");
    let _ = write!(
        out,
        "<hr><p class=\"basis\">{basis}</p><h2>{}</h2><ol class=\"evidence\">",
        escape(&layout.evidence_heading)
    );
    for (i, entry) in layout.evidence.iter().enumerate() {
        let figure = entry.figure;
        let links = entry.links(|a| {
            format!(
                "<a href=\"{}\" title=\"{}\">{}</a>{}",
                escape(&a.link),
                escape(a.id),
                escape(a.title()),
                escape(&a.when())
            )
        });
        let line = escape(&entry.line(layout.language))
            .replace(ID, &format!("<code>{}</code>", escape(&figure.id)))
            .replace(ACTIVITIES, &links);
        let _ = write!(out, "<li id=\"f{}\">{line}</li>", i + 1);
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
