//! The web app's Fluent catalogues (`http/web/i18n/*.ftl`, issue 27) against the words its code
//! asks for (`t('id'` in `http/web/js/`): English, French and Spanish hold every id used and no
//! other; Arabic (the shell, right to left) holds no id that English lacks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn web() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../http/web")
}

fn is_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The message ids of a catalogue: lines reading `id = ...` (a minimal reading of Fluent, enough
/// for ids; terms, comments, attributes and variants start otherwise).
fn catalogue(language: &str) -> BTreeSet<String> {
    let path = web().join(format!("i18n/{language}.ftl"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter_map(|line| line.split_once('='))
        .map(|(id, _)| id.trim_end())
        .filter(|id| is_id(id))
        .map(str::to_owned)
        .collect()
}

/// The ids the code asks for: `t('id'` or `t("id"` where `t` is not the end of a longer name.
fn used_in(source: &str) -> Vec<String> {
    let mut used = Vec::new();
    for (at, _) in source.match_indices("t(") {
        let before = source[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = &source[at + 2..];
        let Some(quote) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') else { continue };
        let Some(end) = rest[1..].find(quote) else { continue };
        let id = &rest[1..=end];
        if is_id(id) {
            used.push(id.to_owned());
        }
    }
    used
}

fn used() -> BTreeSet<String> {
    let folder = web().join("js");
    let mut used = BTreeSet::new();
    for entry in std::fs::read_dir(&folder).expect("the app's scripts") {
        let path = entry.expect("a script").path();
        if path.extension().is_some_and(|e| e == "js") {
            used.extend(used_in(&std::fs::read_to_string(&path).expect("a readable script")));
        }
    }
    used
}

#[test]
fn finds_the_ids_the_code_asks_for() {
    let source = r#"t('nav-plan'); x.t("sign-out", { n }); get('/api'); select('kind'); at('x'); t(id)"#;
    assert_eq!(used_in(source), ["nav-plan", "sign-out"]);
    assert!(used().contains("signin-token"), "{:?}", used());
}

#[test]
fn english_french_and_spanish_hold_every_id_the_app_uses_and_no_other() {
    let used = used();
    assert!(used.len() > 20, "{used:?}");
    for language in ["en", "fr", "es"] {
        let held = catalogue(language);
        let missing: Vec<_> = used.difference(&held).collect();
        let unused: Vec<_> = held.difference(&used).collect();
        assert!(missing.is_empty(), "{language}.ftl lacks {missing:?}");
        assert!(unused.is_empty(), "{language}.ftl holds ids nothing uses: {unused:?}");
    }
}

#[test]
fn arabic_holds_no_id_english_lacks() {
    let english = catalogue("en");
    let arabic = catalogue("ar");
    assert!(!arabic.is_empty());
    let extra: Vec<_> = arabic.difference(&english).collect();
    assert!(extra.is_empty(), "ar.ftl holds ids en.ftl lacks: {extra:?}");
}
