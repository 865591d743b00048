//! Free-text search over activities: the words an activity is found by (its title, location,
//! description, outputs' descriptions and donors' names), kept in `rm_activity_search` by the
//! projector beside its other rows, and the ranked matches of a search on either backend
//! (PostgreSQL full-text search, SQLite FTS5; migration 0014).
//!
//! Both backends are given words, never the user's text: [`words`] folds letter case,
//! compatibility forms and accents and keeps letters and digits only, for the stored fields and
//! for a search alike, so quotes, `*`, `-`, `:` or parentheses typed in a search are separators,
//! never query syntax, and "Bogota" finds "Bogotá" on both backends. Each word of a search
//! matches the words that start with it; an activity must match every word.

use tatrack_domain::ActivityRecord;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization as _;

use tatrack_store::db::{StoreError, Tx};

/// A search of the activity list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    /// The words asked for, as [`words`] gives them; none matches nothing.
    pub words: Vec<String>,
    /// Whether donors' names are searched: not for a donor, who may not learn who else funds
    /// an activity by searching for a name.
    pub funders: bool,
}

impl Search {
    pub fn new(text: &str, funders: bool) -> Self {
        Self { words: words(text), funders }
    }

    /// The common table expression `hits(activity_id, score)`: the activities of generation `$1`
    /// that match, the best first when ordered by `score` (an integer: ties are broken by id).
    /// `param` binds a value and names its placeholder.
    pub(crate) fn hits(&self, sqlite: bool, param: &mut impl FnMut(String) -> String) -> String {
        if sqlite {
            // Every word quoted, as a prefix: never an FTS5 operator (AND, NOT, NEAR, ^...).
            let terms: Vec<String> = self.words.iter().map(|w| format!("\"{w}\"*")).collect();
            let columns = if self.funders { "" } else { "{title location description outputs} : " };
            let q = param(format!("{columns}({})", terms.join(" ")));
            // bm25 is lower for better matches; the weights follow PostgreSQL's A, B, C.
            format!(
                "hits AS MATERIALIZED (SELECT s.activity_id, \
                   CAST(ROUND(bm25(rm_activity_search_words, 10.0, 4.0, 2.0, 2.0, 4.0) * 1000000000.0) AS BIGINT) AS score \
                 FROM rm_activity_search_words JOIN rm_activity_search s ON s.search_id = rm_activity_search_words.rowid \
                 WHERE rm_activity_search_words MATCH {q} AND s.generation = $1)"
            )
        } else {
            let terms: Vec<String> =
                self.words.iter().map(|w| format!("'{}':*", w.replace('\'', "''"))).collect();
            let q = param(terms.join(" & "));
            let document =
                "rm_activity_search_document(s.title, s.location, s.description, s.outputs, s.donors)";
            // The index holds the whole document; without donors, the match is checked again.
            let (searched, also) = if self.funders {
                (document.to_owned(), String::new())
            } else {
                let searched =
                    "rm_activity_search_document(s.title, s.location, s.description, s.outputs, '')";
                (searched.to_owned(), format!(" AND {searched} @@ w.q"))
            };
            format!(
                "hits AS MATERIALIZED (SELECT s.activity_id, \
                   CAST(ROUND(CAST(ts_rank({searched}, w.q) AS DOUBLE PRECISION) * -1000000000.0) AS BIGINT) AS score \
                 FROM rm_activity_search s CROSS JOIN to_tsquery('simple', {q}) w(q) \
                 WHERE s.generation = $1 AND {document} @@ w.q{also})"
            )
        }
    }
}

/// The words of `text` as a search compares them: folded like a name ([`tatrack_domain::names::name_key`]:
/// letter case, compatibility forms), accents and other marks dropped, split at anything that
/// is not a letter or a digit.
pub fn words(text: &str) -> Vec<String> {
    let key = tatrack_domain::names::name_key(text);
    let bare: String = key.nfd().filter(|c| !is_combining_mark(*c)).nfc().collect();
    bare.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

fn indexed(texts: &[&str]) -> String {
    texts.iter().flat_map(|text| words(text)).collect::<Vec<_>>().join(" ")
}

/// An activity's row of `rm_activity_search`: each field's words, one space between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchRow {
    title: String,
    location: String,
    description: String,
    outputs: String,
    donors: String,
}

impl SearchRow {
    pub(crate) fn of(record: &ActivityRecord) -> Self {
        let planned = &record.planned;
        let outputs: Vec<&str> = record.outputs.iter().map(|o| o.description.as_str()).collect();
        let donors: Vec<&str> = record.funding.iter().map(|f| f.donor.as_str()).collect();
        Self {
            title: indexed(&[planned.title.as_str()]),
            location: indexed(&[planned.location.as_str()]),
            description: indexed(&[planned.description.as_ref().map_or("", |d| d.as_str())]),
            outputs: indexed(&outputs),
            donors: indexed(&donors),
        }
    }
}

/// Rows per multi-row INSERT (7 columns; SQLite allows 32,766 parameters).
const ROWS_PER_INSERT: usize = 1_000;

/// Inserts the search rows of `rows` (activity id, row) into `generation`, where they have none.
pub(crate) async fn insert(
    tx: &mut Tx,
    generation: i64,
    rows: &[(&str, &SearchRow)],
) -> Result<(), StoreError> {
    for part in rows.chunks(ROWS_PER_INSERT) {
        tatrack_store::on_tx!(tx, |conn| {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO rm_activity_search (generation, activity_id, title, location, description, outputs, donors) ",
            );
            insert.push_values(part, |mut b, (id, row)| {
                b.push_bind(generation)
                    .push_bind(*id)
                    .push_bind(&row.title)
                    .push_bind(&row.location)
                    .push_bind(&row.description)
                    .push_bind(&row.outputs)
                    .push_bind(&row.donors);
            });
            insert.build().execute(conn).await?;
        });
    }
    Ok(())
}
