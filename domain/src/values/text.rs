//! Free text that must say something.

use serde::{Deserialize, Serialize};

use super::ValueError;

checked_string!(
    /// Free text that must say something: a title, a reason, a donor's name.
    #[derive(PartialOrd, Ord)]
    NonEmptyText,
    schema: crate::schema::non_blank()
);

impl NonEmptyText {
    /// Trims surrounding white space; refuses what is left empty.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            Err(ValueError::EmptyText)
        } else {
            Ok(Self(trimmed.to_owned()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_must_say_something() {
        assert_eq!(NonEmptyText::parse("  "), Err(ValueError::EmptyText));
        assert_eq!(NonEmptyText::parse(" Riyadh ").map(String::from), Ok("Riyadh".into()));
    }
}
