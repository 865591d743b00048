//! Numbers, amounts, month names and lists as each language writes them, with ICU4X's compiled
//! CLDR data: "3,000" / "3 000" / "3000", "7,750,000.00" / "7 750 000,00" / "7.750.000,00",
//! "A, B and C" / "A, B et C" / "A, B y C" (and "A e Ibiza"). Small counts are words, as United
//! Nations documents write them. Whole sentences (date ranges among them) are Fluent's, in the
//! catalogues.

use fixed_decimal::Decimal;
use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::M;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_decimal::options::DecimalFormatterOptions;
use icu_decimal::DecimalFormatter;
use icu_list::options::{ListFormatterOptions, ListLength};
use icu_list::ListFormatter;
use icu_locale_core::{locale, Locale};

use crate::Language;

/// The CLDR locale whose conventions a language's United Nations documents follow: English as
/// the Organization writes it (day before month, no comma before "and").
fn cldr(language: Language) -> Locale {
    match language {
        Language::English => locale!("en-GB"),
        Language::French => locale!("fr"),
        Language::Spanish => locale!("es"),
        Language::Arabic => locale!("ar"),
    }
}

/// Counts up to ten, in words: English's "no" for none, as the English report has always
/// written it.
const WORDS: [(Language, [&str; 11]); 3] = [
    (
        Language::English,
        ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
    ),
    (
        Language::French,
        ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"],
    ),
    (
        Language::Spanish,
        ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez"],
    ),
];

/// A count as running text writes it: up to ten in words ("six", "six", "seis"), larger ones in
/// grouped figures ("3,000"). Arabic writes figures.
pub fn number_in_words(language: Language, n: u64) -> String {
    let words = WORDS.iter().find(|(l, _)| *l == language).map(|(_, words)| words);
    match usize::try_from(n).ok().and_then(|i| words?.get(i)) {
        Some(word) => (*word).to_owned(),
        None => grouped(language, n),
    }
}

/// A whole number in figures, grouped as the language groups them: "3,000", "3 000" (a narrow
/// no-break space), "3000" and "30.000" (Spanish groups from five digits).
pub fn grouped(language: Language, n: u64) -> String {
    decimal(language, &Decimal::from(n))
}

/// An amount written as decimal text (`7750000.00`, as amounts are stored), grouped and with the
/// language's decimal mark, keeping every digit: "7,750,000.00", "7 750 000,00",
/// "7.750.000,00". Text that is not a decimal number comes back as it is.
pub fn money(language: Language, amount: &str) -> String {
    match Decimal::try_from_str(amount) {
        Ok(value) => decimal(language, &value),
        Err(_) => amount.to_owned(),
    }
}

fn decimal(language: Language, value: &Decimal) -> String {
    match DecimalFormatter::try_new((&cldr(language)).into(), DecimalFormatterOptions::default()) {
        Ok(formatter) => formatter.format_to_string(value),
        // Compiled data has every language tatrack speaks; plain figures otherwise.
        Err(_) => value.to_string(),
    }
}

/// Items joined as the language joins them: "A, B and C", "A, B et C", "A, B y C".
pub fn list<S: AsRef<str>>(language: Language, items: &[S]) -> String {
    let options = ListFormatterOptions::default().with_length(ListLength::Wide);
    match ListFormatter::try_new_and((&cldr(language)).into(), options) {
        Ok(formatter) => formatter.format_to_string(items.iter().map(AsRef::as_ref)),
        Err(_) => items.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(", "),
    }
}

/// The name of a month (1 to 12) as a date writes it: "October", "octobre", "octubre".
pub fn month_name(language: Language, month: u8) -> String {
    let Ok(date) = Date::try_new_gregorian(2000, month, 1) else { return month.to_string() };
    match FixedCalendarDateTimeFormatter::<Gregorian, M>::try_new((&cldr(language)).into(), M::long()) {
        Ok(formatter) => formatter.format(&date).to_string(),
        Err(_) => month.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{English, French, Spanish};

    #[test]
    fn small_counts_are_words_and_large_ones_grouped_figures() {
        assert_eq!(number_in_words(English, 6), "six");
        assert_eq!(number_in_words(English, 0), "no");
        assert_eq!(number_in_words(French, 9), "neuf");
        assert_eq!(number_in_words(Spanish, 10), "diez");
        assert_eq!(number_in_words(English, 11), "11");
        assert_eq!(number_in_words(English, 1_234_567), "1,234,567");
        assert_eq!(grouped(French, 1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(grouped(Spanish, 30_000), "30.000");
    }

    #[test]
    fn amounts_keep_their_digits_in_each_language_s_marks() {
        assert_eq!(money(English, "7750000.00"), "7,750,000.00");
        assert_eq!(money(French, "7750000.00"), "7\u{202f}750\u{202f}000,00");
        assert_eq!(money(Spanish, "7750000.00"), "7.750.000,00");
        assert_eq!(money(English, "48000.00"), "48,000.00");
        assert_eq!(money(English, "12"), "12");
        assert_eq!(money(English, "not a number"), "not a number");
    }

    #[test]
    fn lists_join_as_each_language_does() {
        assert_eq!(list(English, &["A", "B", "C"]), "A, B and C");
        assert_eq!(list(French, &["A", "B", "C"]), "A, B et C");
        assert_eq!(list(Spanish, &["A", "B", "C"]), "A, B y C");
        assert_eq!(list(Spanish, &["Chile", "Italia"]), "Chile e Italia");
        assert_eq!(list(English, &["Mali"]), "Mali");
        assert_eq!(list::<&str>(English, &[]), "");
    }

    #[test]
    fn months_are_named_in_each_language() {
        assert_eq!(month_name(English, 10), "October");
        assert_eq!(month_name(French, 10), "octobre");
        assert_eq!(month_name(Spanish, 10), "octubre");
    }
}
