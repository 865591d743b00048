//! The bounds every command obeys, beyond what a value's type says: the years a date falls in,
//! the characters text may hold, how many people a tally counts. The aggregates check them in
//! `decide`, so they bind commands only: events stored before a bound existed still load and
//! count (a value type refusing them would leave their streams unreadable); documents show
//! such text through [`replace_refused`].

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::Serialize;
use tatrack_i18n::{msg, Message};

/// The most people one count of a tally may hold (and the whole tally): no activity reaches it,
/// and with it the read models' `i64` sums of counts stay exact for trillions of activities
/// (they are checked all the same).
pub const MAX_HEADCOUNT: u32 = 1_000_000;

/// The years a date the API takes may fall in. Wide enough for any real activity, programme or
/// receipt, and narrow enough that every date sorts and reads as a plain `YYYY-MM-DD`.
pub const EARLIEST_YEAR: i32 = 1900;
pub const LATEST_YEAR: i32 = 2200;

/// A date outside [`EARLIEST_YEAR`]..=[`LATEST_YEAR`]; `field` names it in the request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}` must fall in the years {EARLIEST_YEAR} to {LATEST_YEAR}")]
pub struct DateOutOfRange {
    pub field: &'static str,
}

impl DateOutOfRange {
    /// The rule as a message to read in the user's language.
    pub fn message(&self) -> Message {
        msg("problem-date-out-of-range")
            .with("field", self.field)
            .with("earliest", EARLIEST_YEAR.to_string())
            .with("latest", LATEST_YEAR.to_string())
    }
}

/// `day` as the value of `field`, if it falls in the years tatrack accepts.
pub fn check_date(field: &'static str, day: NaiveDate) -> Result<(), DateOutOfRange> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&chrono::Datelike::year(&day)) {
        Ok(())
    } else {
        Err(DateOutOfRange { field })
    }
}

/// A text value holding a character the text rule refuses ([`is_refused_in_text`]); `field` is
/// its path in the request body, such as `changes.title`. (Named for the rule's first case; it
/// covers noncharacters too.)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{field}` holds a control character or a Unicode noncharacter; of those, only tab and newline \
     are allowed in text"
)]
pub struct ControlCharacter {
    pub field: String,
}

impl ControlCharacter {
    /// The rule as a message to read in the user's language.
    pub fn message(&self) -> Message {
        msg("problem-control-character").with("field", self.field.as_str())
    }
}

/// Whether the text rule refuses `c`: a control character other than tab and newline (a NUL
/// cannot even be stored in PostgreSQL, and no person types the others), or a Unicode
/// noncharacter. Between them these are every character XML 1.0 forbids (C0 controls, U+FFFE,
/// U+FFFF; surrogates cannot be in a `str`) or discourages (DEL, C1 controls, noncharacters),
/// so text the rule accepts goes into any document we write. CR is refused too: a line break
/// is a newline.
#[must_use]
pub fn is_refused_in_text(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || is_noncharacter(c)
}

/// Whether `c` is one of Unicode's 66 noncharacters: U+FDD0..=U+FDEF and the last two code
/// points of every plane (U+FFFE, U+FFFF, U+1FFFE, ... U+10FFFF), kept for a program's
/// internal use and never meant to be interchanged.
#[must_use]
pub fn is_noncharacter(c: char) -> bool {
    ('\u{FDD0}'..='\u{FDEF}').contains(&c) || u32::from(c) & 0xFFFE == 0xFFFE
}

/// `text` with each character the text rule refuses replaced by U+FFFD: how a writer of
/// documents shows text stored before the rule (or around it, by hand), so that no document
/// holds a character its format forbids, and the reader still sees that something was there.
#[must_use]
pub fn replace_refused(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_refused_in_text) {
        Cow::Owned(
            text.chars()
                .map(|c| if is_refused_in_text(c) { char::REPLACEMENT_CHARACTER } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// The one text rule every command obeys: no character [`is_refused_in_text`]. Checked on a
/// command's serialized form, so every text field of every command is covered, whatever its
/// type, and stored events (which may predate the rule) still load.
pub fn check_text<T: Serialize>(command: &T) -> Result<(), ControlCharacter> {
    // Our commands always serialize (their maps have string keys); nothing to check otherwise.
    serde_json::to_value(command).map_or(Ok(()), |value| check_text_value(&value, ""))
}

fn check_text_value(value: &serde_json::Value, path: &str) -> Result<(), ControlCharacter> {
    let forbidden = |text: &str| text.chars().any(is_refused_in_text);
    let nested = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    match value {
        serde_json::Value::String(text) if forbidden(text) => {
            Err(ControlCharacter { field: if path.is_empty() { ".".to_owned() } else { path.to_owned() } })
        }
        serde_json::Value::Array(items) => {
            items.iter().enumerate().try_for_each(|(i, item)| check_text_value(item, &format!("{path}[{i}]")))
        }
        serde_json::Value::Object(fields) => fields.iter().try_for_each(|(key, item)| {
            if forbidden(key) {
                return Err(ControlCharacter { field: path.to_owned() });
            }
            check_text_value(item, &nested(key))
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn refused(field: &str) -> Result<(), ControlCharacter> {
        Err(ControlCharacter { field: field.to_owned() })
    }

    #[test]
    fn noncharacters_are_refused_like_control_characters() {
        for nonchar in
            ['\u{FDD0}', '\u{FDEF}', '\u{FFFE}', '\u{FFFF}', '\u{1FFFE}', '\u{AFFFF}', '\u{10FFFF}']
        {
            let case = format!("U+{:04X}", u32::from(nonchar));
            assert_eq!(check_text(&json!({"title": format!("a{nonchar}b")})), refused("title"), "{case}");
            assert_eq!(
                check_text(&json!({"changes": {"location": [nonchar]}})),
                refused("changes.location[0]")
            );
            assert_eq!(check_text(&json!({"by": {format!("k{nonchar}"): 1}})), refused("by"), "{case}");
        }
    }

    #[test]
    fn the_neighbours_of_noncharacters_are_text() {
        for text in [
            "\u{FDCF}",
            "\u{FDF0}",
            "\u{FFFD}",
            "\u{E000}",
            "\u{1FFFD}",
            "\u{10000}",
            "\u{10FFFD}",
            "a\tb\nc",
        ] {
            assert_eq!(check_text(&json!({"title": text})), Ok(()), "{text:?}");
        }
    }
}
