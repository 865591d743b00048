//! How text enters an IATI document: escaped, and never with a character XML 1.0 forbids.
//! What people recorded is one `narrative` in the language they wrote it in, which tatrack does
//! not know (so it names none); tatrack's own words are one `narrative` per language it speaks,
//! each naming its language (`xml:lang`).

use std::io;

use quick_xml::escape::escape;
use quick_xml::events::BytesText;
use quick_xml::Writer;
use tatrack_domain::bounds::replace_refused;
use tatrack_i18n::{Language, Message};

/// A `narrative` element holding `content`.
pub fn narrative(w: &mut Writer<Vec<u8>>, content: &str) -> io::Result<()> {
    w.create_element("narrative").write_text_content(text(content))?;
    Ok(())
}

/// One `narrative` per language tatrack speaks, each with `xml:lang`, holding `words` in it.
pub fn narratives(w: &mut Writer<Vec<u8>>, words: &Message) -> io::Result<()> {
    for language in Language::COMPLETE {
        let content = tatrack_i18n::text(language, words);
        w.create_element("narrative")
            .with_attribute(("xml:lang", language.code()))
            .write_text_content(text(&content))?;
    }
    Ok(())
}

/// The one way text enters the document. `quick-xml` escapes markup but writes any character
/// as it is, and events stored before the text rule may hold one XML 1.0 forbids (U+0001,
/// U+FFFE): those become U+FFFD, so the document stays well-formed whatever the log holds.
/// (Attribute values need no such guard: each is a code, a number, a date or an identifier
/// whose type admits ASCII only.)
pub fn text(content: &str) -> BytesText<'_> {
    BytesText::from_escaped(escape(replace_refused(content)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`narrative`] writes for `text`.
    fn written(text: &str) -> String {
        let mut w = Writer::new(Vec::new());
        narrative(&mut w, text).expect("a write to memory");
        String::from_utf8(w.into_inner()).expect("UTF-8")
    }

    #[test]
    fn text_xml_forbids_or_discourages_is_replaced() {
        // As stored by a server without the text rule: C0 and C1 controls, DEL, CR, noncharacters.
        let stored = "A\u{FFFE}B\u{FFFF} \u{1}\u{1B}\u{7F}\u{85}\r \u{FDD0}\u{1FFFF}";
        let expected = "A\u{FFFD}B\u{FFFD} \u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD} \u{FFFD}\u{FFFD}";
        assert_eq!(written(stored), format!("<narrative>{expected}</narrative>"));
    }

    #[test]
    fn tatrack_s_own_words_have_a_narrative_per_language() {
        let mut w = Writer::new(Vec::new());
        narratives(&mut w, &tatrack_i18n::msg("iati-output-manual-published")).expect("a write to memory");
        assert_eq!(
            String::from_utf8(w.into_inner()).expect("UTF-8"),
            "<narrative xml:lang=\"en\">Manual published</narrative>\
             <narrative xml:lang=\"fr\">Manuel publié</narrative>\
             <narrative xml:lang=\"es\">Manual publicado</narrative>"
        );
    }

    #[test]
    fn text_is_escaped_and_otherwise_kept() {
        let text = "Tab\there\nand <&> \u{E000}\u{FFFD}\u{1F600}";
        assert_eq!(
            written(text),
            "<narrative>Tab\there\nand &lt;&amp;&gt; \u{E000}\u{FFFD}\u{1F600}</narrative>"
        );
    }
}
