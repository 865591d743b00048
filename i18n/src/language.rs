//! The languages tatrack speaks, and which of them a request asks for.

/// A language tatrack can answer in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    English,
    French,
    Spanish,
    /// The web app's shell only, to show the layout right to left; the server answers in
    /// English instead.
    Arabic,
}

impl Language {
    pub const ALL: [Self; 4] = [Self::English, Self::French, Self::Spanish, Self::Arabic];

    /// The languages the server's answers (problems, columns, the report) are complete in.
    pub const COMPLETE: [Self; 3] = [Self::English, Self::French, Self::Spanish];

    /// The BCP 47 code: `en`, `fr`, `es`, `ar`.
    pub fn code(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::French => "fr",
            Self::Spanish => "es",
            Self::Arabic => "ar",
        }
    }

    /// `fr`, `fr-BE` or `FR` as French; None for a language tatrack does not speak.
    pub fn from_code(code: &str) -> Option<Self> {
        let base = code.trim().split(['-', '_']).next().unwrap_or_default();
        Self::ALL.into_iter().find(|language| language.code().eq_ignore_ascii_case(base))
    }

    /// `rtl` for Arabic, `ltr` for the others.
    pub fn direction(self) -> &'static str {
        if self == Self::Arabic {
            "rtl"
        } else {
            "ltr"
        }
    }

    #[cfg(feature = "catalogues")]
    pub(crate) fn identifier(self) -> unic_langid::LanguageIdentifier {
        self.code().parse().unwrap_or_default()
    }

    /// The complete language an `Accept-Language` header prefers most (RFC 9110, 12.5.4):
    /// ranges by their weight, the first of equal weight first; `*` and unknown languages
    /// pass; English when nothing fits.
    pub fn negotiate(accept_language: &str) -> Self {
        let mut ranges: Vec<(u16, usize, Self)> = accept_language
            .split(',')
            .enumerate()
            .filter_map(|(position, range)| {
                let mut parts = range.split(';');
                let language = Self::from_code(parts.next()?)?;
                let weight = parts
                    .find_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                    .map_or(Some(1000), weight)?;
                (weight > 0 && Self::COMPLETE.contains(&language)).then_some((weight, position, language))
            })
            .collect();
        ranges.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranges.first().map_or(Self::English, |(_, _, language)| *language)
    }
}

/// A `q` value in thousandths (`0.8` -> 800); None when it is not one.
fn weight(q: &str) -> Option<u16> {
    let (whole, fraction) = q.split_once('.').unwrap_or((q, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths: u16 = format!("{fraction:0<3}").parse().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_wanted_complete_language_answers() {
        assert_eq!(Language::negotiate("fr-FR,fr;q=0.9,en;q=0.8"), Language::French);
        assert_eq!(Language::negotiate("de-DE, es;q=0.5, en;q=0.4"), Language::Spanish);
        assert_eq!(Language::negotiate("en;q=0.2, es"), Language::Spanish);
        assert_eq!(Language::negotiate("ar, fr;q=0.1"), Language::French);
        assert_eq!(Language::negotiate("fr;q=0, es;q=0.001"), Language::Spanish);
        assert_eq!(Language::negotiate("fr;q=2, *"), Language::English);
        assert_eq!(Language::negotiate(""), Language::English);
    }

    #[test]
    fn codes_read_in_any_case_and_region() {
        assert_eq!(Language::from_code("FR-be"), Some(Language::French));
        assert_eq!(Language::from_code("es_419"), Some(Language::Spanish));
        assert_eq!(Language::from_code("de"), None);
    }
}
