//! A message to show a person: its catalogue id and arguments, read in their language later.
//!
//! Code names every id as `msg("id")` (and the web app as `t('id'`), so that the catalogues'
//! test finds each id the code asks for.

use serde::Serialize;

/// A message to be read in some language: `msg("activity-no-countries")`,
/// `msg("count-too-large").with("count", 12)`. Serialised as `{"id": ..., "args": {...}}`,
/// which the web app formats with the same catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    pub id: &'static str,
    #[serde(serialize_with = "as_map")]
    pub args: Vec<(&'static str, Arg)>,
}

/// One argument's value: a number (which selects plural forms) or a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Arg {
    Number(f64),
    Text(String),
}

/// The message `id`, without arguments yet.
pub fn msg(id: &'static str) -> Message {
    Message { id, args: Vec::new() }
}

impl Message {
    /// The message with the argument `name` set to `value`.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }
}

macro_rules! number_args {
    ($($t:ty),+) => {$(
        impl From<$t> for Arg {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn from(n: $t) -> Self {
                Self::Number(n as f64)
            }
        }
    )+};
}
number_args!(u8, u16, u32, u64, usize, i32, i64);

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

fn as_map<S: serde::Serializer>(args: &[(&'static str, Arg)], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_map(args.iter().map(|(name, value)| (name, value)))
}
