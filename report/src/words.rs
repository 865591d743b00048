//! English as United Nations reports write it: numbers from one to ten in words, larger ones in
//! figures with thousands separated by commas; lists joined with commas and "and"; date ranges
//! as "20 to 24 October 2019"; States by their short names, with "the" where the name takes it.

use chrono::{Datelike, NaiveDate};

const SMALL: [&str; 11] =
    ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

/// `6` -> "six", `3000` -> "3,000". Any unsigned count, as it is: nothing is converted on the way.
pub fn number<N: Copy + std::fmt::Display + TryInto<usize>>(n: N) -> String {
    match n.try_into().ok().and_then(|i| SMALL.get(i)) {
        Some(word) => (*word).to_owned(),
        None => grouped(n),
    }
}

/// `3000` -> "3,000": figures only, for tables.
pub fn grouped(n: impl std::fmt::Display) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// "six States", "one State": the number and the noun in the right form.
pub fn counted<N: Copy + std::fmt::Display + TryInto<usize>>(n: N, singular: &str, plural: &str) -> String {
    let one = n.try_into().ok() == Some(1);
    format!("{} {}", number(n), if one { singular } else { plural })
}

/// "A", "A and B", "A, B and C".
pub fn list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => {
            let head: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", head.join(", "), last.as_ref())
        }
    }
}

/// "20 October 2019", "20 to 24 October 2019", "28 October to 1 November 2019",
/// "30 December 2019 to 3 January 2020".
pub fn dates(start: NaiveDate, end: NaiveDate) -> String {
    let day = |d: NaiveDate| d.day();
    let month = |d: NaiveDate| d.format("%B").to_string();
    if start == end {
        format!("{} {} {}", day(start), month(start), start.year())
    } else if (start.year(), start.month()) == (end.year(), end.month()) {
        format!("{} to {} {} {}", day(start), day(end), month(end), end.year())
    } else if start.year() == end.year() {
        format!("{} {} to {} {} {}", day(start), month(start), day(end), month(end), end.year())
    } else {
        format!(
            "{} {} {} to {} {} {}",
            day(start),
            month(start),
            start.year(),
            day(end),
            month(end),
            end.year()
        )
    }
}

/// Short names as United Nations documents write them in running text, where ISO 3166's differ.
const UN_NAMES: [(&str, &str); 28] = [
    ("ARE", "the United Arab Emirates"),
    ("BHS", "the Bahamas"),
    ("BOL", "the Plurinational State of Bolivia"),
    ("CAF", "the Central African Republic"),
    ("COD", "the Democratic Republic of the Congo"),
    ("COG", "the Congo"),
    ("COM", "the Comoros"),
    ("CZE", "Czechia"),
    ("DOM", "the Dominican Republic"),
    ("FSM", "the Federated States of Micronesia"),
    ("GBR", "the United Kingdom of Great Britain and Northern Ireland"),
    ("GMB", "the Gambia"),
    ("IRN", "the Islamic Republic of Iran"),
    ("KOR", "the Republic of Korea"),
    ("LAO", "the Lao People's Democratic Republic"),
    ("MDA", "the Republic of Moldova"),
    ("MHL", "the Marshall Islands"),
    ("NER", "the Niger"),
    ("NLD", "the Netherlands"),
    ("PHL", "the Philippines"),
    ("PRK", "the Democratic People's Republic of Korea"),
    ("PSE", "the State of Palestine"),
    ("RUS", "the Russian Federation"),
    ("SDN", "the Sudan"),
    ("SYR", "the Syrian Arab Republic"),
    ("TZA", "the United Republic of Tanzania"),
    ("USA", "the United States of America"),
    ("VEN", "the Bolivarian Republic of Venezuela"),
];

/// A State's name in running text ("the Niger", "Papua New Guinea"); the code itself when
/// the code is not an ISO 3166 country.
pub fn state(code: &str) -> String {
    if let Some((_, name)) = UN_NAMES.iter().find(|(c, _)| *c == code) {
        return (*name).to_owned();
    }
    rust_iso3166::from_alpha3(code).map_or_else(|| code.to_owned(), |c| c.name.to_owned())
}

/// A donor's name in running text: "the European Union", "the United States of America",
/// "Japan". Names are as recorded; only the article is added where English needs it.
pub fn donor(name: &str) -> String {
    const TAKE_THE: [&str; 6] =
        ["United ", "European ", "Russian ", "Netherlands", "Republic of ", "Kingdom of "];
    let is_state = UN_NAMES.iter().any(|(_, un)| un.strip_prefix("the ") == Some(name));
    if is_state || TAKE_THE.iter().any(|start| name.starts_with(start)) {
        format!("the {name}")
    } else {
        name.to_owned()
    }
}

/// The key States are listed by: their name without "the".
pub fn state_order(code: &str) -> String {
    let name = state(code);
    name.strip_prefix("the ").map_or(name.clone(), ToOwned::to_owned)
}

/// "Pre-accession support" for `pre_accession_support`, as a heading or a sentence's start.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn small_numbers_are_words_and_large_ones_grouped_figures() {
        assert_eq!(number(6), "six");
        assert_eq!(number(10), "ten");
        assert_eq!(number(11), "11");
        assert_eq!(number(3000), "3,000");
        assert_eq!(number(1_234_567), "1,234,567");
        assert_eq!(counted(1, "State", "States"), "one State");
        assert_eq!(counted(15, "State", "States"), "15 States");
    }

    #[test]
    fn lists_join_with_commas_and_and() {
        assert_eq!(list::<&str>(&[]), "");
        assert_eq!(list(&["Mali"]), "Mali");
        assert_eq!(list(&["Mali", "the Niger"]), "Mali and the Niger");
        assert_eq!(list(&["Chad", "Mali", "the Niger"]), "Chad, Mali and the Niger");
    }

    #[test]
    fn date_ranges_read_as_the_report_writes_them() {
        assert_eq!(dates(day(2019, 10, 20), day(2019, 10, 24)), "20 to 24 October 2019");
        assert_eq!(dates(day(2019, 10, 20), day(2019, 10, 20)), "20 October 2019");
        assert_eq!(dates(day(2019, 10, 28), day(2019, 11, 1)), "28 October to 1 November 2019");
        assert_eq!(dates(day(2019, 12, 30), day(2020, 1, 3)), "30 December 2019 to 3 January 2020");
    }

    #[test]
    fn states_take_their_article_and_sort_without_it() {
        assert_eq!(state("COG"), "the Congo");
        assert_eq!(state("PNG"), "Papua New Guinea");
        assert_eq!(state("CIV"), "Côte d'Ivoire");
        assert_eq!(state_order("NER"), "Niger");
        assert_eq!(state("XKX"), "XKX");
        assert_eq!(donor("European Union"), "the European Union");
        assert_eq!(donor("Japan"), "Japan");
    }
}
