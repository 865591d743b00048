//! The report's words in its language, as United Nations documents write them: counts up to ten
//! in words and larger ones in grouped figures, lists joined as the language joins them, date
//! ranges ("20 to 24 October 2019", "du 20 au 24 octobre 2019", "del 20 al 24 de octubre de
//! 2019"), States by their short names with the article they take. Sentences are the
//! catalogue's (`i18n/catalogues/<language>/report.ftl`); names, figures and lists are
//! `tatrack-i18n`'s.

use chrono::{Datelike, NaiveDate};
use tatrack_i18n::format::{month_name, number_in_words};
use tatrack_i18n::{msg, Language, Message};

/// `message` in `language`.
pub fn say(language: Language, message: &Message) -> String {
    tatrack_i18n::text(language, message)
}

/// `6` -> "six", `3000` -> "3,000" ("3 000" in French).
pub fn number(language: Language, n: impl TryInto<u64>) -> String {
    n.try_into().map_or_else(|_| "?".to_owned(), |n| number_in_words(language, n))
}

/// `message` with a count: `count` selects the form, `words` is how it reads. A figure no `u64`
/// holds (none of the report's counts can be one) reads "?" in the default form, never as
/// another number.
pub fn counted(language: Language, message: Message, n: impl TryInto<u64>) -> Message {
    match n.try_into() {
        Ok(count) => message.with("count", count).with("words", number_in_words(language, count)),
        Err(_) => message.with("words", "?"),
    }
}

/// Items joined as `language` joins them: "A, B and C", "A, B et C", "A, B y C".
pub fn list<S: AsRef<str>>(language: Language, items: &[S]) -> String {
    tatrack_i18n::format::list(language, items)
}

fn date_args(message: Message, prefix: Prefix, language: Language, date: NaiveDate) -> Message {
    message.with(prefix.day, date.day()).with(prefix.month, month(language, date))
}

/// The argument names of one end of a range.
#[derive(Clone, Copy)]
struct Prefix {
    day: &'static str,
    month: &'static str,
}

const START: Prefix = Prefix { day: "start-day", month: "start-month" };
const END: Prefix = Prefix { day: "end-day", month: "end-month" };
const ONE: Prefix = Prefix { day: "day", month: "month" };

/// One day: "20 October 2019", "1er février 2019", "1 de febrero de 2019".
pub fn date(language: Language, day: NaiveDate) -> String {
    say(language, &date_args(msg("report-date"), ONE, language, day).with("year", day.year().to_string()))
}

/// A range of days, as short as it reads: "20 to 24 October 2019", "28 October to 1 November
/// 2019", "30 December 2019 to 3 January 2020"; in French and Spanish with their prepositions
/// ("du 20 au 24 octobre 2019", "del 20 al 24 de octubre de 2019"); one day alone when they
/// are the same.
pub fn dates(language: Language, start: NaiveDate, end: NaiveDate) -> String {
    let year = end.year().to_string();
    let message = if start == end {
        return date(language, start);
    } else if (start.year(), start.month()) == (end.year(), end.month()) {
        let message = msg("report-dates-in-month").with("year", year);
        date_args(date_args(message, START, language, start), END, language, end)
            .with("month", month(language, end))
    } else if start.year() == end.year() {
        date_args(
            date_args(msg("report-dates-in-year").with("year", year), START, language, start),
            END,
            language,
            end,
        )
    } else {
        msg("report-dates-across-years").with("start", date(language, start)).with("end", date(language, end))
    };
    say(language, &message)
}

fn month(language: Language, day: NaiveDate) -> String {
    u8::try_from(day.month()).map_or_else(|_| String::new(), |m| month_name(language, m))
}

/// A State's name in running text ("the Niger", "le Niger", "Papua New Guinea"); the code
/// itself when the code is not an ISO 3166 country.
pub fn state(language: Language, code: &str) -> String {
    tatrack_i18n::state(language, code)
}

/// The key States are listed by in `language`: their name without article.
pub fn state_order(language: Language, code: &str) -> String {
    tatrack_i18n::state_sort_key(language, code)
}

/// A donor's name in running text: "the European Union", "the United States of America",
/// "Japan"; in French and Spanish, a State recorded by its English name is named as the
/// language names it ("les États-Unis d'Amérique"), any other donor as recorded.
pub fn donor(language: Language, name: &str) -> String {
    const TAKE_THE: [&str; 6] =
        ["United ", "European ", "Russian ", "Netherlands", "Republic of ", "Kingdom of "];
    let as_state = tatrack_i18n::country_codes()
        .find(|code| tatrack_i18n::country_name(Language::English, code) == Some(name));
    match (language, as_state) {
        (Language::English, _) => {
            let takes_the = as_state.is_some_and(|code| state(language, code).starts_with("the "));
            if takes_the || TAKE_THE.iter().any(|start| name.starts_with(start)) {
                format!("the {name}")
            } else {
                name.to_owned()
            }
        }
        (_, Some(code)) => state(language, code),
        (_, None) => name.to_owned(),
    }
}

/// "Pre-accession support" for `pre-accession support`, as a heading or a sentence's start.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{English, French, Spanish};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn small_numbers_are_words_and_large_ones_grouped_figures() {
        assert_eq!(number(English, 6), "six");
        assert_eq!(number(English, 10), "ten");
        assert_eq!(number(English, 11), "11");
        assert_eq!(number(English, 3000), "3,000");
        assert_eq!(number(English, 1_234_567), "1,234,567");
        assert_eq!(number(French, 6), "six");
        assert_eq!(number(Spanish, 6), "seis");
        assert_eq!(say(English, &counted(English, msg("report-states"), 1)), "one State");
        assert_eq!(say(English, &counted(English, msg("report-states"), 15)), "15 States");
        assert_eq!(say(French, &counted(French, msg("report-states"), 1)), "un État");
        assert_eq!(say(Spanish, &counted(Spanish, msg("report-activities"), 4)), "cuatro actividades");
    }

    #[test]
    fn lists_join_as_each_language_does() {
        assert_eq!(list::<&str>(English, &[]), "");
        assert_eq!(list(English, &["Mali"]), "Mali");
        assert_eq!(list(English, &["Mali", "the Niger"]), "Mali and the Niger");
        assert_eq!(list(English, &["Chad", "Mali", "the Niger"]), "Chad, Mali and the Niger");
        assert_eq!(list(French, &["le Tchad", "le Mali", "le Niger"]), "le Tchad, le Mali et le Niger");
        assert_eq!(list(Spanish, &["el Chad", "Malí", "el Níger"]), "el Chad, Malí y el Níger");
    }

    #[test]
    fn date_ranges_read_as_the_report_writes_them() {
        assert_eq!(dates(English, day(2019, 10, 20), day(2019, 10, 24)), "20 to 24 October 2019");
        assert_eq!(dates(English, day(2019, 10, 20), day(2019, 10, 20)), "20 October 2019");
        assert_eq!(dates(English, day(2019, 10, 28), day(2019, 11, 1)), "28 October to 1 November 2019");
        assert_eq!(dates(English, day(2019, 12, 30), day(2020, 1, 3)), "30 December 2019 to 3 January 2020");
        assert_eq!(dates(French, day(2019, 10, 20), day(2019, 10, 24)), "du 20 au 24 octobre 2019");
        assert_eq!(
            dates(French, day(2019, 2, 1), day(2020, 2, 29)),
            "du 1er février 2019 au 29 février 2020"
        );
        assert_eq!(dates(French, day(2019, 10, 28), day(2019, 11, 1)), "du 28 octobre au 1er novembre 2019");
        assert_eq!(dates(Spanish, day(2019, 10, 20), day(2019, 10, 24)), "del 20 al 24 de octubre de 2019");
        assert_eq!(
            dates(Spanish, day(2019, 12, 30), day(2020, 1, 3)),
            "del 30 de diciembre de 2019 al 3 de enero de 2020"
        );
        assert_eq!(dates(Spanish, day(2019, 10, 20), day(2019, 10, 20)), "20 de octubre de 2019");
    }

    #[test]
    fn states_take_their_article_and_sort_without_it() {
        assert_eq!(state(English, "COG"), "the Congo");
        assert_eq!(state(English, "PNG"), "Papua New Guinea");
        assert_eq!(state(English, "CIV"), "Côte d'Ivoire");
        assert_eq!(state_order(English, "NER"), "Niger");
        assert_eq!(state(English, "XKX"), "XKX");
        assert_eq!(donor(English, "European Union"), "the European Union");
        assert_eq!(donor(English, "United States of America"), "the United States of America");
        assert_eq!(donor(English, "Japan"), "Japan");
        assert_eq!(donor(French, "United States of America"), "les États-Unis d'Amérique");
        assert_eq!(donor(Spanish, "Japan"), "el Japón");
        assert_eq!(donor(French, "European Union"), "European Union");
    }
}
