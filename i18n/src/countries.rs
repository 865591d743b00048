//! States by name, as United Nations documents write them in running text, in each language:
//! bare ("Niger"), with the article the name takes ("the Niger", "le Niger", "el Níger"), after
//! "in" ("in the Niger", "au Niger", "en el Níger"), and the key lists sort them by.
//!
//! The names come from `data/countries.tsv`, which `scripts/country-names` writes from Debian's
//! iso-codes and the United Nations' own short names; articles follow the rules below, with
//! the exceptions UNTERM gives in `data/un-articles.tsv` (see `data/README.md`).

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::Language;

const COUNTRIES: &str = include_str!("../data/countries.tsv");
const ARTICLES: &str = include_str!("../data/un-articles.tsv");

/// The data files' lines, comments and blank lines left out, split on tabs.
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

/// Each State's names in English, French, Spanish and Arabic, by alpha-3 code.
static NAMES: LazyLock<HashMap<&'static str, [&'static str; 4]>> = LazyLock::new(|| {
    rows(COUNTRIES)
        .filter_map(|row| match row.as_slice() {
            [code, en, fr, es, ar] => Some((*code, [*en, *fr, *es, *ar])),
            _ => None,
        })
        .collect()
});

/// A name's article, and how "in" reads, where the rules do not find them.
struct Exception {
    article: &'static str,
    preposition: Option<&'static str>,
}

/// By language code, then alpha-3 code.
static EXCEPTIONS: LazyLock<HashMap<&'static str, HashMap<&'static str, Exception>>> = LazyLock::new(|| {
    let mut exceptions: HashMap<_, HashMap<_, _>> = HashMap::new();
    for row in rows(ARTICLES) {
        let (language, code, exception) = match row.as_slice() {
            [language, code, article] => (*language, *code, Exception { article, preposition: None }),
            [language, code, article, preposition] => {
                (*language, *code, Exception { article, preposition: Some(*preposition) })
            }
            _ => continue,
        };
        exceptions.entry(language).or_default().insert(code, exception);
    }
    exceptions
});

/// The codes of every country the data set names.
pub fn country_codes() -> impl Iterator<Item = &'static str> {
    NAMES.keys().copied()
}

/// A State's short name without article ("Niger", "Plurinational State of Bolivia",
/// "État plurinational de Bolivie"); None for a code that is not an ISO 3166 country. Arabic
/// names carry their article, as Arabic writes it.
pub fn country_name(language: Language, code: &str) -> Option<&'static str> {
    let names = NAMES.get(code)?;
    Some(match language {
        Language::English => names[0],
        Language::French => names[1],
        Language::Spanish => names[2],
        Language::Arabic => names[3],
    })
}

fn exception(language: Language, code: &str) -> Option<&'static Exception> {
    EXCEPTIONS.get(language.code())?.get(code)
}

/// The name with its article: "the Niger", "le Niger", "l'État plurinational de Bolivie",
/// "les Philippines", "el Níger", "Bolivia"; the code itself when it names no country.
pub fn state(language: Language, code: &str) -> String {
    let Some(name) = country_name(language, code) else { return code.to_owned() };
    match language {
        Language::English if english_takes_the(code, name) => format!("the {name}"),
        Language::French => match french_form(code, name) {
            None => name.to_owned(),
            Some(form) if form.plural => format!("les {name}"),
            Some(_) if elides(name) => format!("l'{name}"),
            Some(form) if form.feminine => format!("la {name}"),
            Some(_) => format!("le {name}"),
        },
        Language::Spanish => match spanish_article(code, name) {
            Some(article) => format!("{article} {name}"),
            None => name.to_owned(),
        },
        // Arabic names carry their article.
        Language::English | Language::Arabic => name.to_owned(),
    }
}

/// "in" and the name: "in the Niger", "au Niger", "en Bolivie", "aux Philippines",
/// "dans l'État plurinational de Bolivie", "à Cuba", "en el Níger", "في النيجر".
pub fn in_state(language: Language, code: &str) -> String {
    let Some(name) = country_name(language, code) else { return code.to_owned() };
    match language {
        Language::English => format!("in {}", state(language, code)),
        Language::Spanish => format!("en {}", state(language, code)),
        Language::Arabic => format!("في {name}"),
        Language::French => {
            if let Some(preposition) = exception(language, code).and_then(|e| e.preposition) {
                return format!("{preposition} {name}");
            }
            match french_form(code, name) {
                None => format!("à {name}"),
                // "l'État plurinational de Bolivie", "les États fédérés de Micronésie" are
                // places one is in, not a country's plain name: "dans".
                Some(_) if name.starts_with("État ") || name.starts_with("États ") => {
                    format!("dans {}", state(language, code))
                }
                Some(form) if form.plural => format!("aux {name}"),
                Some(form) if form.feminine || elides(name) => format!("en {name}"),
                Some(_) => format!("au {name}"),
            }
        }
    }
}

/// The key States are listed by: their name without article ("Niger" before "Nigeria");
/// accents set aside in French and Spanish ("Égypte" among the E).
pub fn state_sort_key(language: Language, code: &str) -> String {
    let name = country_name(language, code).unwrap_or(code);
    match language {
        // As the English report has always listed them.
        Language::English | Language::Arabic => name.to_owned(),
        Language::French | Language::Spanish => {
            name.chars().map(unaccented).collect::<String>().to_lowercase()
        }
    }
}

/// The Latin letters French and Spanish names accent, without their accent.
fn unaccented(c: char) -> char {
    match c {
        'À' | 'Â' | 'Å' | 'Á' => 'A',
        'à' | 'â' | 'å' | 'á' | 'ä' => 'a',
        'É' | 'È' | 'Ê' => 'E',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'Î' | 'Í' => 'I',
        'î' | 'ï' | 'í' => 'i',
        'Ô' | 'Ó' => 'O',
        'ô' | 'ó' | 'ö' => 'o',
        'Ú' | 'Ü' => 'U',
        'ú' | 'ü' | 'û' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    }
}

/// English: "the" before designations (Republic, Kingdom, Federation, States, State of,
/// Emirates, Union) and the names UNTERM gives it to ("the Niger", "the Philippines").
fn english_takes_the(code: &str, name: &str) -> bool {
    const DESIGNATIONS: [&str; 7] =
        ["Republic", "Kingdom", "Federation", "States", "State of", "Emirates", "Union"];
    exception(Language::English, code).is_some_and(|e| e.article == "the")
        || DESIGNATIONS.iter().any(|word| name.contains(word))
}

/// A French name's gender and number.
#[derive(Clone, Copy)]
struct Form {
    feminine: bool,
    plural: bool,
}

/// French: the exception's form, else the designation's the name opens with (République,
/// Fédération: feminine; Royaume, État: masculine; États, Émirats: plural), else the name's
/// ending (feminine in -e). None for a name used without article ("Cuba", "Haïti").
fn french_form(code: &str, name: &str) -> Option<Form> {
    const M: Form = Form { feminine: false, plural: false };
    const F: Form = Form { feminine: true, plural: false };
    if let Some(exception) = exception(Language::French, code) {
        return match exception.article {
            "f" => Some(F),
            "mpl" => Some(Form { feminine: false, plural: true }),
            "fpl" => Some(Form { feminine: true, plural: true }),
            "-" => None,
            _ => Some(M),
        };
    }
    let first = name.split([' ', '-']).next().unwrap_or(name);
    Some(match first {
        "République" | "Fédération" | "Principauté" => F,
        "Royaume" | "État" => M,
        "États" | "Émirats" | "Pays" => Form { feminine: false, plural: true },
        "Îles" => Form { feminine: true, plural: true },
        _ => Form { feminine: first.ends_with('e'), plural: false },
    })
}

/// Whether the French article elides before `name`: before a vowel ("l'Iran", "l'État"), not
/// before an h (the names that take an article have an aspirate h: "la Hongrie", "le Honduras").
fn elides(name: &str) -> bool {
    name.chars().next().is_some_and(|c| "AEIOUÉÈÊÎÔÂ".contains(c))
}

/// Spanish: the exception's article, else the designation's the name opens with ("la República
/// Centroafricana", "el Reino Unido", "los Países Bajos"); most names take none ("Bolivia").
fn spanish_article(code: &str, name: &str) -> Option<&'static str> {
    if let Some(exception) = exception(Language::Spanish, code) {
        return Some(exception.article);
    }
    match name.split(' ').next().unwrap_or(name) {
        "República" | "Federación" => Some("la"),
        "Reino" | "Estado" => Some("el"),
        "Estados" | "Emiratos" | "Países" => Some("los"),
        "Islas" => Some("las"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{English, French, Spanish};

    #[test]
    fn states_read_as_the_united_nations_write_them() {
        assert_eq!(state(English, "BOL"), "the Plurinational State of Bolivia");
        assert_eq!(state(French, "BOL"), "l'État plurinational de Bolivie");
        assert_eq!(state(Spanish, "BOL"), "el Estado Plurinacional de Bolivia");
        assert_eq!(state(English, "NER"), "the Niger");
        assert_eq!(state(French, "NER"), "le Niger");
        assert_eq!(state(Spanish, "NER"), "el Níger");
        assert_eq!(state(French, "PHL"), "les Philippines");
        assert_eq!(state(French, "IRN"), "la République islamique d'Iran");
        assert_eq!(state(French, "AGO"), "l'Angola");
        assert_eq!(state(French, "MEX"), "le Mexique");
        assert_eq!(state(French, "CUB"), "Cuba");
        assert_eq!(state(Spanish, "SAU"), "la Arabia Saudita");
        assert_eq!(state(Spanish, "AGO"), "Angola");
        assert_eq!(state(English, "PNG"), "Papua New Guinea");
        assert_eq!(state(English, "XKX"), "XKX");
    }

    #[test]
    fn in_a_state_takes_the_preposition_its_name_asks_for() {
        assert_eq!(in_state(French, "NER"), "au Niger");
        assert_eq!(in_state(French, "FRA"), "en France");
        assert_eq!(in_state(French, "PHL"), "aux Philippines");
        assert_eq!(in_state(French, "IRQ"), "en Iraq");
        assert_eq!(in_state(French, "CUB"), "à Cuba");
        assert_eq!(in_state(French, "HTI"), "en Haïti");
        assert_eq!(in_state(French, "USA"), "aux États-Unis d'Amérique");
        assert_eq!(in_state(French, "BOL"), "dans l'État plurinational de Bolivie");
        assert_eq!(in_state(English, "NER"), "in the Niger");
        assert_eq!(in_state(Spanish, "NER"), "en el Níger");
        assert_eq!(in_state(Spanish, "BOL"), "en el Estado Plurinacional de Bolivia");
    }

    #[test]
    fn states_sort_without_article_or_accent() {
        assert_eq!(state_sort_key(English, "NER"), "Niger");
        assert_eq!(state_sort_key(French, "EGY"), "egypte");
        assert!(state_sort_key(French, "EGY") < state_sort_key(French, "ERI"));
        assert_eq!(country_name(French, "BOL"), Some("État plurinational de Bolivie"));
        assert_eq!(country_codes().count(), 249);
    }
}
