//! The Fluent catalogues (`i18n/catalogues/<language>/*.ftl`, issue 27) against the words the
//! code asks for: `t('id'` in the web app's scripts, `msg("id"` in the Rust sources, and
//! `{ id }` in the catalogues themselves. English, French and Spanish hold every id used and no
//! other; Arabic (the shell, right to left) holds no id that English lacks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The files under `folder` (recursively) whose name ends with `extension`.
fn files(folder: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display())) {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            found.extend(files(&path, extension));
        } else if path.extension().is_some_and(|e| e == extension) {
            found.push(path);
        }
    }
    found
}

/// A language's catalogue files, joined.
fn catalogue_text(language: &str) -> String {
    files(&root().join("i18n/catalogues").join(language), "ftl")
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The message ids of a catalogue: lines reading `id = ...` (a minimal reading of Fluent, enough
/// for ids; terms, comments, attributes and variants start otherwise).
fn catalogue(language: &str) -> BTreeSet<String> {
    catalogue_text(language)
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(id, _)| id.trim_end())
        .filter(|id| is_id(id))
        .map(str::to_owned)
        .collect()
}

/// The ids the code asks for: `t('id'` or `t("id"` (scripts), `msg("id"` (Rust), where `t` or
/// `msg` is not the end of a longer name.
fn used_in(source: &str) -> Vec<String> {
    used_after(source, "t(").into_iter().chain(used_after(source, "msg(")).collect()
}

/// The ids quoted right after `call` where it is not the end of a longer name.
fn used_after(source: &str, call: &str) -> Vec<String> {
    let mut used = Vec::new();
    for (at, _) in source.match_indices(call) {
        let before = source[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = &source[at + call.len()..];
        let Some(quote) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') else { continue };
        let Some(end) = rest[1..].find(quote) else { continue };
        let id = &rest[1..=end];
        if is_id(id) {
            used.push(id.to_owned());
        }
    }
    used
}

/// The messages another message's text refers to: `{ id }`, `{ id(...) }` excluded.
fn referred_in(catalogue: &str) -> Vec<String> {
    catalogue
        .split('{')
        .skip(1)
        .filter_map(|after| after.split_once('}'))
        .map(|(inside, _)| inside.trim())
        .filter(|inside| is_id(inside))
        .map(str::to_owned)
        .collect()
}

/// Every id asked for: by the web app's scripts, by the Rust crates, and by the English
/// catalogue's own messages.
fn used() -> BTreeSet<String> {
    let mut sources = files(&root().join("http/web/js"), "js");
    for krate in ["domain", "app", "http", "projections", "report", "store", "audit", "cli"] {
        sources.extend(files(&root().join(krate).join("src"), "rs"));
    }
    let mut used: BTreeSet<String> = sources
        .iter()
        .flat_map(|path| used_in(&std::fs::read_to_string(path).expect("a readable source")))
        .collect();
    used.extend(referred_in(&catalogue_text("en")));
    used
}

#[test]
fn finds_the_ids_the_code_asks_for() {
    let source = r#"t('nav-plan'); x.t("sign-out", { n }); get('/api'); select('kind'); at('x'); t(id); msg("no-countries"); remsg("x-y")"#;
    assert_eq!(used_in(source), ["nav-plan", "sign-out", "no-countries"]);
    assert_eq!(referred_in("a = { b }, { $n } { NUMBER($n) } {c}"), ["b", "c"]);
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
