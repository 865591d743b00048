//! Builds a paragraph in the report's language: the catalogue's sentences, with the words of
//! each figure kept as their own segments so that every rendering can link or footnote them.
//!
//! A sentence's parts that cite figures are passed to Fluent as markers (private-use
//! characters around the part's number) and put back, as segments, where the formatted
//! sentence holds them: each language orders its sentence as it needs.

use tatrack_i18n::{Language, Message};

use crate::document::{Paragraph, Segment};
use crate::model::Figure;
use crate::words::{capitalised, say};

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// A paragraph being written in one language.
pub(crate) struct Writer {
    pub language: Language,
    pub out: Paragraph,
}

impl Writer {
    pub fn new(language: Language) -> Self {
        Self { language, out: Vec::new() }
    }

    /// `message` in the paragraph's language.
    pub fn say(&self, message: &Message) -> String {
        say(self.language, message)
    }

    pub fn text(&mut self, text: impl Into<String>) {
        push_text(&mut self.out, text.into());
    }

    /// `figure`'s words, pointing at it.
    pub fn cite<V>(&mut self, text: impl Into<String>, figure: &Figure<V>) {
        self.out.push(Segment::Figure { text: text.into(), figure: figure.id.clone() });
    }

    /// Appends `other`, joining its first text to the last.
    pub fn append(&mut self, other: Paragraph) {
        for segment in other {
            match segment {
                Segment::Text(text) => self.text(text),
                figure @ Segment::Figure { .. } => self.out.push(figure),
            }
        }
    }

    /// A part of a sentence written on its own.
    pub fn part(&self, write: impl FnOnce(&mut Self)) -> Paragraph {
        let mut part = Self::new(self.language);
        write(&mut part);
        part.out
    }

    /// A whole sentence: [`Self::phrase`], its first letter a capital even where the language
    /// opens it with one of `parts` ("Six États (...) ont bénéficié...").
    pub fn sentence(&mut self, message: Message, parts: Vec<(&'static str, Paragraph)>) {
        let mut sentence = self.part(|w| w.phrase(message, parts));
        if let Some(Segment::Text(text) | Segment::Figure { text, .. }) = sentence.first_mut() {
            *text = capitalised(text);
        }
        self.append(sentence);
    }

    /// `message`, each of `parts` (argument name, its segments) where the sentence puts it.
    pub fn phrase(&mut self, message: Message, parts: Vec<(&'static str, Paragraph)>) {
        let mut message = message;
        for (i, (name, _)) in parts.iter().enumerate() {
            message = message.with(name, format!("{OPEN}{i}{CLOSE}"));
        }
        let formatted = self.say(&message);
        let mut parts: Vec<Option<Paragraph>> = parts.into_iter().map(|(_, part)| Some(part)).collect();
        let mut rest = formatted.as_str();
        while let Some(open) = rest.find(OPEN) {
            self.text(&rest[..open]);
            let after = &rest[open + OPEN.len_utf8()..];
            let Some(close) = after.find(CLOSE) else { break };
            let part = after[..close].parse::<usize>().ok().and_then(|i| parts.get_mut(i)?.take());
            self.append(part.unwrap_or_default());
            rest = &after[close + CLOSE.len_utf8()..];
        }
        self.text(rest);
    }

    /// `items` joined as the language joins them ("A, B and C", "A, B y C"), each keeping its
    /// segments: the list is formatted from the items' text, then each is found in it in turn.
    pub fn list(&mut self, items: Vec<Paragraph>) {
        let texts: Vec<String> = items.iter().map(|item| item.iter().map(Segment::text).collect()).collect();
        let joined = tatrack_i18n::format::list(self.language, &texts);
        let mut rest = joined.as_str();
        for (item, text) in items.into_iter().zip(&texts) {
            if let Some(at) = rest.find(text.as_str()) {
                self.text(&rest[..at]);
                self.append(item);
                rest = &rest[at + text.len()..];
            } else {
                // The list formatter keeps every item as it is; were it not to, the item still
                // goes in, after a comma.
                self.text(", ");
                self.append(item);
            }
        }
        self.text(rest);
    }
}

fn push_text(out: &mut Paragraph, text: String) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(Segment::Text(last)) => last.push_str(&text),
        _ => out.push(Segment::Text(text)),
    }
}
