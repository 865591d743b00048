//! The catalogues, embedded, and Fluent bundles to read them with.

use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::{Arg, Language, Message};

/// Each language's catalogue files, by area, embedded at compile time.
macro_rules! catalogues {
    ($($language:literal: [$($area:literal),+ $(,)?]),+ $(,)?) => {
        [$(($language, &[$(($area, include_str!(concat!("../catalogues/", $language, "/", $area, ".ftl")))),+] as &[(&str, &str)])),+]
    };
}

/// Every catalogue file, by language and area.
pub const CATALOGUES: [(&str, &[(&str, &str)]); 4] = catalogues!(
    "en": ["shell", "activity", "pages", "problems", "columns", "report", "history", "attendance"],
    "fr": ["shell", "activity", "pages", "problems", "columns", "report", "history", "attendance"],
    "es": ["shell", "activity", "pages", "problems", "columns", "report", "history", "attendance"],
    "ar": ["shell"],
);

/// A language's files joined into one, as the web app reads them.
fn joined(language: Language) -> String {
    CATALOGUES
        .iter()
        .filter(|(code, _)| *code == language.code())
        .flat_map(|(_, areas)| areas.iter().map(|(_, text)| *text))
        .collect::<Vec<_>>()
        .join("\n")
}

static JOINED: LazyLock<HashMap<Language, String>> =
    LazyLock::new(|| Language::ALL.into_iter().map(|language| (language, joined(language))).collect());

/// A language's whole catalogue, as the web app fetches it.
pub fn web_catalogue(language: Language) -> &'static str {
    JOINED.get(&language).map_or("", String::as_str)
}

static BUNDLES: LazyLock<HashMap<Language, FluentBundle<FluentResource>>> = LazyLock::new(|| {
    Language::ALL
        .into_iter()
        .map(|language| {
            let mut bundle = FluentBundle::new_concurrent(vec![language.identifier()]);
            // Isolation marks (FSI/PDI) help only right-to-left text, and would end up inside
            // JSON and CSV; the server writes no Arabic.
            bundle.set_use_isolating(false);
            // A catalogue that does not parse fails the catalogues' own test; here what parses
            // is kept.
            let resource = match FluentResource::try_new(web_catalogue(language).to_owned()) {
                Ok(resource) | Err((resource, _)) => resource,
            };
            let _ = bundle.add_resource(resource);
            (language, bundle)
        })
        .collect()
});

/// `message` in `language`; in English when that catalogue lacks it; its id when English lacks
/// it too (the catalogues' test keeps that from happening).
pub fn text(language: Language, message: &Message) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in &message.args {
        match value {
            Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
            Arg::Text(text) => fluent_args.set(*name, FluentValue::from(text.as_str())),
        }
    }
    for language in [language, Language::English] {
        let Some(bundle) = BUNDLES.get(&language) else { continue };
        let Some(pattern) = bundle.get_message(message.id).and_then(|m| m.value()) else { continue };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if errors.is_empty() {
            return text.into_owned();
        }
    }
    message.id.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg;

    #[test]
    fn every_catalogue_parses() {
        for (language, areas) in CATALOGUES {
            for (area, text) in areas {
                if let Err((_, errors)) = FluentResource::try_new((*text).to_owned()) {
                    panic!("{language}/{area}.ftl: {errors:?}");
                }
            }
        }
    }

    #[test]
    fn a_message_reads_in_its_language_with_plural_forms() {
        let waiting = msg("outbox-waiting").with("waiting", 2);
        assert_eq!(text(Language::English, &waiting), "2 waiting to send");
        assert_ne!(text(Language::French, &waiting), "2 waiting to send");
        assert_eq!(text(Language::French, &msg("no-such-message")), "no-such-message");
    }
}
