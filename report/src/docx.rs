//! A report as a Word document (OOXML `WordprocessingML`) that an officer edits in a word
//! processor: the same paragraphs as the HTML page, in order, with real headings (Title,
//! Heading 1), each figure's words a link to its numbered evidence entry (a bookmark), and each
//! activity there a link to its page. Written with no timestamp, so the same report gives the
//! same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

use zip::result::ZipError;
use zip::write::SimpleFileOptions;

use crate::document::Report;
use crate::layout::{Layout, ACTIVITIES, ID};
use crate::render::escape;

/// The media type a DOCX file is served as.
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

const CONTENT_TYPES: &str = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>";

const PACKAGE_RELS: &str = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/></Relationships>";

/// Body text in Times New Roman 11 pt; Title and Heading 1 as Word names them, so the
/// navigation pane and a table of contents find them; links blue and underlined.
const STYLES: &str = "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>\
<w:sz w:val=\"22\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:spacing w:after=\"240\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"32\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"26\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:rPr><w:color w:val=\"0B4F6C\"/><w:u w:val=\"single\"/></w:rPr></w:style>";

/// One decimal list, for the evidence entries ("1.", "2.", ...).
const NUMBERING: &str = "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>\
<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/>\
<w:pPr><w:ind w:left=\"425\" w:hanging=\"425\"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>";

/// How a run of text looks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Look {
    Plain,
    Italic,
    Code,
    Link,
}

/// `word/document.xml`'s body, and the pages it links to (one relationship each).
#[derive(Default)]
struct Body {
    xml: String,
    links: BTreeMap<String, usize>,
}

impl Body {
    /// Opens a paragraph of `style` (Normal when `None`), in the evidence list when `numbered`.
    fn open(&mut self, style: Option<&str>, numbered: bool) {
        self.xml.push_str("<w:p><w:pPr>");
        if let Some(style) = style {
            let _ = write!(self.xml, "<w:pStyle w:val=\"{style}\"/>");
        }
        if numbered {
            self.xml.push_str("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>");
        }
        self.xml.push_str("</w:pPr>");
    }

    fn close(&mut self) {
        self.xml.push_str("</w:p>");
    }

    fn run(&mut self, text: &str, look: Look) {
        let properties = match look {
            Look::Plain => "",
            Look::Italic => "<w:rPr><w:i/></w:rPr>",
            Look::Code => "<w:rPr><w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\" w:cs=\"Courier New\"/><w:sz w:val=\"18\"/></w:rPr>",
            Look::Link => "<w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr>",
        };
        let _ = write!(self.xml, "<w:r>{properties}<w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(text));
    }

    /// A paragraph of one run.
    fn paragraph(&mut self, style: Option<&str>, text: &str, look: Look) {
        self.open(style, false);
        self.run(text, look);
        self.close();
    }

    /// `text` leading to the bookmark `anchor` of this document.
    fn link_to_bookmark(&mut self, anchor: &str, text: &str) {
        let _ = write!(self.xml, "<w:hyperlink w:anchor=\"{anchor}\" w:history=\"1\">");
        self.run(text, Look::Link);
        self.xml.push_str("</w:hyperlink>");
    }

    /// `text` leading to the page at `url`.
    fn link_to_page(&mut self, url: &str, text: &str) {
        let next = self.links.len() + 1;
        let n = *self.links.entry(url.to_owned()).or_insert(next);
        let _ = write!(self.xml, "<w:hyperlink r:id=\"link{n}\" w:history=\"1\">");
        self.run(text, Look::Link);
        self.xml.push_str("</w:hyperlink>");
    }

    /// `text` with its `code spans` in a fixed-width font, as the HTML page shows them.
    fn with_code(&mut self, text: &str) {
        for (i, part) in text.split('`').enumerate() {
            if !part.is_empty() {
                self.run(part, if i % 2 == 1 { Look::Code } else { Look::Plain });
            }
        }
    }
}

/// The body: every paragraph of the HTML page, in its order.
fn body(layout: &Layout) -> Body {
    let mut body = Body::default();
    body.paragraph(Some("Title"), layout.title, Look::Plain);
    body.paragraph(None, &layout.scope, Look::Plain);
    if layout.areas.is_empty() {
        body.paragraph(None, &layout.nothing_delivered, Look::Plain);
    }
    for area in &layout.areas {
        body.paragraph(Some("Heading1"), area.title, Look::Plain);
        body.paragraph(None, &area.programmes, Look::Italic);
        body.open(None, false);
        for run in &area.runs {
            match run.note {
                Some(note) => body.link_to_bookmark(&format!("f{}", note.n), &run.text),
                None => body.run(&run.text, Look::Plain),
            }
        }
        body.close();
    }
    body.open(None, false);
    body.with_code(&layout.basis);
    body.close();
    body.paragraph(Some("Heading1"), &layout.evidence_heading, Look::Plain);
    for (i, entry) in layout.evidence.iter().enumerate() {
        let figure = entry.figure;
        body.open(None, true);
        let _ = write!(
            body.xml,
            "<w:bookmarkStart w:id=\"{i}\" w:name=\"f{}\"/><w:bookmarkEnd w:id=\"{i}\"/>",
            i + 1
        );
        // The line's words around the id and the activities, in the report's language.
        let line = entry.line(layout.language);
        let mut rest = line.as_str();
        while let Some((at, marker)) = rest.char_indices().find(|(_, c)| *c == ID || *c == ACTIVITIES) {
            body.run(&rest[..at], Look::Plain);
            if marker == ID {
                body.run(&figure.id, Look::Code);
            } else {
                activities(&mut body, entry);
            }
            rest = &rest[at + marker.len_utf8()..];
        }
        body.run(rest, Look::Plain);
        body.close();
    }
    body
}

/// The activities behind an evidence entry, each linked to its page.
fn activities(body: &mut Body, entry: &crate::layout::Entry) {
    for (j, activity) in entry.activities.iter().enumerate() {
        if j > 0 {
            body.run(", ", Look::Plain);
        }
        body.link_to_page(&activity.link, activity.title());
        body.run(&activity.when(), Look::Plain);
    }
}

/// The report as a DOCX file, each activity's page under `base` (see [`Layout::of`]).
///
/// # Errors
/// Only if the archive cannot be written (it is written in memory).
pub fn docx(report: &Report, base: &str) -> Result<Vec<u8>, ZipError> {
    let layout = Layout::of(report, base);
    let body = body(&layout);
    let document = format!(
        "{HEAD}<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"1418\" w:right=\"1418\" w:bottom=\"1418\" w:left=\"1418\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/>\
         </w:sectPr></w:body></w:document>",
        body.xml
    );
    let mut rels = format!(
        "{HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"styles\" Type=\"{R}/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"numbering\" Type=\"{R}/numbering\" Target=\"numbering.xml\"/>"
    );
    for (url, n) in &body.links {
        let _ = write!(
            rels,
            "<Relationship Id=\"link{n}\" Type=\"{R}/hyperlink\" Target=\"{}\" TargetMode=\"External\"/>",
            escape(url)
        );
    }
    rels.push_str("</Relationships>");
    let core = format!(
        "{HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title></cp:coreProperties>",
        escape(layout.title)
    );
    let parts = [
        ("[Content_Types].xml", format!("{HEAD}{CONTENT_TYPES}")),
        ("_rels/.rels", format!("{HEAD}{PACKAGE_RELS}")),
        ("docProps/core.xml", core),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", rels),
        ("word/styles.xml", format!("{HEAD}<w:styles xmlns:w=\"{W}\">{STYLES}</w:styles>")),
        ("word/numbering.xml", format!("{HEAD}<w:numbering xmlns:w=\"{W}\">{NUMBERING}</w:numbering>")),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use quick_xml::events::Event;
    use quick_xml::Reader;

    use super::docx;
    use crate::document::{ActivityName, Area, ProgrammeName, Report};
    use crate::model::Scope;
    use crate::source::Basis;
    use crate::tests::{day, firearms, year};
    use crate::text::area_text;

    /// The firearms year of `crate::tests`, its first figure backed by two activities: one
    /// named with markup in its title, one the report does not name.
    fn report() -> Report {
        let params = year();
        let programmes = vec![ProgrammeName {
            code: "GLOFIREARMS".to_owned(),
            name: "Global Firearms Programme".to_owned(),
        }];
        let figures = firearms();
        let scope = Scope { area: "firearms", programmes: &programmes, params: &params };
        let mut area = Area {
            area: "firearms".to_owned(),
            title: "Firearms".to_owned(),
            paragraph: area_text(&scope, &figures),
            figures: figures.published(),
            programmes,
        };
        area.figures[0].query = "programme in (GLOFIREARMS)".to_owned();
        area.figures[0].activities = vec!["id-1".to_owned(), "id-2".to_owned()];
        Report {
            title: "Activity statistics, 1 February 2019 to 29 February 2020".to_owned(),
            params,
            basis: Basis { seq: 7, position: 9, link: "ab".repeat(32), as_of: None, signature: None },
            areas: vec![area],
            activities: vec![ActivityName {
                id: "id-1".to_owned(),
                title: "Workshop <Kinshasa> & \"friends\"".to_owned(),
                start: day("2019-11-05"),
                end: day("2019-11-07"),
            }],
        }
    }

    fn part(file: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(file)).expect("a zip archive");
        let mut text = String::new();
        archive.by_name(name).expect(name).read_to_string(&mut text).expect("UTF-8");
        text
    }

    /// Each `<w:p>`'s text, as a word processor shows it (the XML parsed, so well-formed).
    fn paragraphs(xml: &str) -> Vec<String> {
        let mut reader = Reader::from_str(xml);
        let (mut out, mut inside_text) = (Vec::new(), false);
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(e) if e.name().as_ref() == "w:p" => out.push(String::new()),
                Event::Start(e) if e.name().as_ref() == "w:t" => inside_text = true,
                Event::End(e) if e.name().as_ref() == "w:t" => inside_text = false,
                Event::Text(t) if inside_text => {
                    out.last_mut().expect("a paragraph").push_str(&t.xml10_content());
                }
                Event::GeneralRef(r) if inside_text => {
                    let name = r.xml10_content();
                    let c = match name.as_ref() {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        other => panic!("unexpected entity &{other};"),
                    };
                    out.last_mut().expect("a paragraph").push_str(c);
                }
                Event::Eof => return out,
                _ => {}
            }
        }
    }

    #[test]
    fn a_docx_report_is_an_ooxml_package_with_the_reports_paragraphs() {
        // Arrange
        let report = report();

        // Act
        let file = docx(&report, "https://un.example").expect("a DOCX");

        // Assert: the package's parts, and what they declare.
        let archive = zip::ZipArchive::new(std::io::Cursor::new(&file)).expect("a zip archive");
        let mut names: Vec<String> =
            archive.file_names().map(|name| name.expect("a name").into_owned()).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "[Content_Types].xml",
                "_rels/.rels",
                "docProps/core.xml",
                "word/_rels/document.xml.rels",
                "word/document.xml",
                "word/numbering.xml",
                "word/styles.xml"
            ]
        );
        assert!(part(&file, "[Content_Types].xml").contains(
            "<Override PartName=\"/word/document.xml\" \
             ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
        ));
        assert!(part(&file, "_rels/.rels").contains("Target=\"word/document.xml\""));
        let rels = part(&file, "word/_rels/document.xml.rels");
        assert!(rels.contains(
            "<Relationship Id=\"link1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" \
             Target=\"https://un.example/#/activity/id-1\" TargetMode=\"External\"/>"
        ), "{rels}");
        assert!(rels.contains("Target=\"https://un.example/#/activity/id-2\""), "{rels}");
        assert!(part(&file, "docProps/core.xml")
            .contains("<dc:title>Activity statistics, 1 February 2019 to 29 February 2020</dc:title>"));

        // The paragraphs, in the HTML page's order; markup in a title escaped, not interpreted.
        let document = part(&file, "word/document.xml");
        assert!(document.contains("<w:pStyle w:val=\"Title\"/>"));
        assert!(document.contains(
            "<w:hyperlink w:anchor=\"f1\" w:history=\"1\"><w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr>\
             <w:t xml:space=\"preserve\">four activities</w:t></w:r></w:hyperlink>"
        ));
        assert!(document.contains("<w:bookmarkStart w:id=\"0\" w:name=\"f1\"/>"));
        assert!(document.contains("Workshop &lt;Kinshasa&gt; &amp; &quot;friends&quot;"));
        let texts = paragraphs(&document);
        assert_eq!(
            texts[..4],
            [
                "Activity statistics, 1 February 2019 to 29 February 2020",
                "Activities delivered from 1 February 2019 to 29 February 2020 (all programmes).",
                "Firearms",
                "Programmes: Global Firearms Programme (GLOFIREARMS).",
            ]
        );
        assert!(texts[4].starts_with("From 1 February 2019 to 29 February 2020, under Global Firearms Programme, four activities were delivered"), "{}", texts[4]);
        assert!(
            texts[4].ends_with("funded by the United States of America (USD 48,000.00)."),
            "{}",
            texts[4]
        );
        assert_eq!(
            texts[5],
            format!(
                "Computed from the event log up to link 7 of the hash chain (event position 9, chain hash {}). \
                 tatrack report --verify recomputes every figure from the log at that point and says whether it still holds.",
                "ab".repeat(32)
            )
        );
        assert_eq!(texts[6], "Evidence");
        assert_eq!(
            texts[7],
            "activities (firearms/activities): programme in (GLOFIREARMS). Activities: \
             Workshop <Kinshasa> & \"friends\" (5 to 7 November 2019), id-2."
        );
        // One entry per figure the paragraph cites (14), after the seven paragraphs above.
        assert_eq!(texts.len(), 7 + 14);
        // The same report gives the same bytes.
        assert_eq!(docx(&report, "https://un.example").expect("a DOCX"), file);
    }
}
