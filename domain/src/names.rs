//! When two names are one: how organisation names (and every name looked up like one: a donor
//! recorded in free text, a token's donor, a search) compare, and which characters a name may not
//! hold. One place, so the claims, the read models, the lookups and the search agree.
//!
//! A name is text a person reads, not bytes: "Café" typed precomposed or as e + a combining
//! accent, "AF" in full-width letters, two spaces or a no-break space, letter case: each is the
//! same name ([`name_key`]). A name spelt with letters of another script that look like ours
//! ("Αlpha" with a Greek capital alpha) imitates it ([`look_keys`], Unicode's confusable
//! skeletons, UTS #39). Characters that show nothing at all (a zero-width space, a soft hyphen,
//! a bidirectional override) would let one name hide inside another ([`invisible_character`]).
//!
//! The data are Unicode's own (the `unicode-normalization`, `caseless` and `unicode-security`
//! crates, and ICU4X's `icu_properties`): code lists, like ISO 3166 for countries, with no I/O.

use caseless::Caseless;
use icu_properties::props::{CanonicalCombiningClass, DefaultIgnorableCodePoint, JoiningType};
use icu_properties::{CodePointMapData, CodePointSetData};
use unicode_normalization::UnicodeNormalization;

const ZWNJ: char = '\u{200c}';
const ZWJ: char = '\u{200d}';

/// The key under which names are one name: compatibility forms unified (NFKC: "ＡＦ" is "AF",
/// "ﬁ" is "fi"), full case folding (so "STRASSE" is "Straße", and a final sigma is a sigma,
/// which `to_lowercase` keeps apart), invisible characters dropped, and white space collapsed
/// to single spaces and trimmed. Normalised again after folding, which can undo NFKC (Unicode's
/// compatibility caseless match, D146).
pub fn name_key(name: &str) -> String {
    let folded: String =
        name.nfkc().default_case_fold().nfkc().filter(|c| !is_default_ignorable(*c)).collect();
    collapse_white_space(&folded)
}

/// What a name looks like: the UTS #39 confusable skeletons of its key, and of its key in capitals
/// (Cyrillic "В" imitates "B" where "в" imitates no "b"). Two names with a skeleton in common
/// look alike: "Αlpha Fund" and "Alpha Fund", "АF" and "AF", and also "rn" and "m".
pub fn look_keys(name: &str) -> Vec<String> {
    let key = name_key(name);
    let small: String = unicode_security::skeleton(&key).collect();
    let capital: String = unicode_security::skeleton(&key.to_uppercase()).collect();
    if small == capital {
        vec![small]
    } else {
        vec![small, capital]
    }
}

/// A name as it is recorded: canonically composed (NFC, which changes nothing a reader sees, so
/// lists and exports hold one spelling) and each run of white space one space ("Alpha  Fund" is
/// recorded as "Alpha Fund").
pub fn display_form(name: &str) -> String {
    collapse_white_space(&name.nfc().collect::<String>())
}

/// The first character of `name` that shows nothing where it stands (`Default_Ignorable_Code_Point`:
/// zero-width space, soft hyphen, byte order mark, bidirectional controls, variation selectors...),
/// if any. A zero-width non-joiner or joiner is written where a script needs it (Persian
/// "می‌خواهم", Devanagari half forms) and allowed there, as IDNA allows it (RFC 5892, CONTEXTJ).
pub fn invisible_character(name: &str) -> Option<char> {
    let chars: Vec<char> = name.chars().collect();
    chars.iter().enumerate().find_map(|(at, &c)| {
        let allowed = match c {
            ZWNJ => after_virama(&chars[..at]) || between_joining_letters(&chars[..at], &chars[at + 1..]),
            ZWJ => after_virama(&chars[..at]),
            _ => !is_default_ignorable(c),
        };
        (!allowed).then_some(c)
    })
}

fn is_default_ignorable(c: char) -> bool {
    CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
}

fn collapse_white_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// RFC 5892 A.1 and A.2: the character before is a virama.
fn after_virama(before: &[char]) -> bool {
    before.last().is_some_and(|c| {
        CodePointMapData::<CanonicalCombiningClass>::new().get(*c) == CanonicalCombiningClass::Virama
    })
}

/// RFC 5892 A.1: a letter joining on the left, then transparent marks, the ZWNJ, transparent
/// marks, and a letter joining on the right.
fn between_joining_letters(before: &[char], after: &[char]) -> bool {
    let joining = |c: &char| CodePointMapData::<JoiningType>::new().get(*c);
    let mut left = before.iter().rev().map(joining).skip_while(|t| *t == JoiningType::Transparent);
    let mut right = after.iter().map(joining).skip_while(|t| *t == JoiningType::Transparent);
    left.next().is_some_and(|t| t == JoiningType::LeftJoining || t == JoiningType::DualJoining)
        && right.next().is_some_and(|t| t == JoiningType::RightJoining || t == JoiningType::DualJoining)
}

#[cfg(test)]
mod tests {
    use super::{display_form, invisible_character, look_keys, name_key};

    #[test]
    fn spellings_of_one_name_share_its_key() {
        let key = name_key("Café X");
        for spelling in ["Cafe\u{301} X", "CAFÉ X", " café\u{a0}\u{a0}x\t", "Ｃａｆé X", "Caf\u{ad}é X"]
        {
            assert_eq!(name_key(spelling), key, "{spelling:?}");
        }
        assert_eq!(name_key("  EU "), "eu");
        assert_eq!(name_key("Straße"), name_key("STRASSE"));
        assert_eq!(name_key("ΟΔΟΣ"), name_key("οδος"));
        assert_ne!(name_key("Alpha Fund"), name_key("Alpha Funds"));
    }

    #[test]
    fn look_alikes_from_other_scripts_share_a_look_key() {
        let look_like = |a: &str, b: &str| look_keys(a).iter().any(|k| look_keys(b).contains(k));
        assert!(look_like("Alpha Fund", "\u{391}lpha Fund"), "Greek capital alpha");
        assert!(look_like("Alpha Fund", "Alph\u{430} Fund"), "Cyrillic small a");
        assert!(look_like("AF", "\u{410}F"), "Cyrillic capital A");
        assert!(look_like("BAHK", "\u{412}\u{410}\u{41d}\u{41a}"), "a whole word in Cyrillic capitals");
        assert!(look_like("Omega Trust", "\u{39f}mega Trust"), "Greek omicron");
        assert!(!look_like("Alpha Fund", "Alpha Funds"));
        assert!(!look_like("AIDS Fund", "ALDS Fund"));
        assert!(!look_like("EU", "US"));
    }

    #[test]
    fn a_name_is_recorded_composed_with_its_white_space_collapsed() {
        assert_eq!(display_form(" Beta \u{a0} Fund "), "Beta Fund");
        assert_eq!(display_form("Cafe\u{301}"), "Caf\u{e9}");
        assert_eq!(display_form("ＡＦ"), "ＡＦ", "the letters as typed: only the key unifies them");
    }

    #[test]
    fn invisible_characters_are_found_and_script_joiners_allowed() {
        for invisible in
            ['\u{200b}', '\u{ad}', '\u{feff}', '\u{202e}', '\u{2060}', '\u{fe0f}', '\u{200c}', '\u{200d}']
        {
            assert_eq!(invisible_character(&format!("Al{invisible}pha")), Some(invisible), "{invisible:?}");
        }
        assert_eq!(invisible_character("Alpha Fund"), None);
        // Persian "mi-khaham": a non-joiner between two joining letters.
        assert_eq!(invisible_character("\u{645}\u{6cc}\u{200c}\u{62e}\u{648}\u{627}\u{647}\u{645}"), None);
        // Devanagari "ka" virama, then a joiner: the half form.
        assert_eq!(invisible_character("\u{915}\u{94d}\u{200d}\u{937}"), None);
        assert_eq!(invisible_character("\u{915}\u{94d}\u{200c}\u{937}"), None);
    }
}
