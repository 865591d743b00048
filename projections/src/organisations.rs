//! Organisations (donors and partners): their lists and search, and how a donor's name
//! resolves to one. The projector writes their rows (`rows::organisations`).
//!
//! Funding lines and contributions keep the donor's name as it was recorded: the log is never
//! rewritten, and an upcaster, which sees one payload, cannot know which organisation a name
//! belongs to. Readers resolve names through `rm_organisation_names` (every organisation's
//! canonical name and aliases by `name_key`, spelling and letter case aside), itself projected
//! from the organisations' events. Adding an alias is one row there: every list and summary that resolves names shows
//! the merge at once, with no rebuild of the activity read models, and a replay (which projects
//! the same names) gives the same answer as the live projector.

use serde::Serialize;
use tatrack_domain::names::name_key;
use tatrack_domain::vocabulary::OrganisationType;

use crate::listing::DonorItem;
use crate::queries::{DonorAmount, Summary};
use crate::state::read_state;
use tatrack_store::db::{Db, StoreError};

/// An organisation as lists and lookups show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationItem {
    pub id: String,
    /// The canonical name, which summaries and exports show.
    pub name: String,
    /// Its IATI organisation identifier, such as "XM-DAC-41114".
    pub iati_identifier: Option<String>,
    /// The IATI organisation type, by name ("government", "multilateral"...).
    pub organisation_type: String,
    /// Where it is based (ISO 3166-1 alpha-3), if given.
    pub country: Option<String>,
    /// The other names it goes by, as a JSON array of strings.
    #[serde(skip)]
    #[cfg_attr(feature = "openapi", schema(ignore))]
    pub aliases_json: String,
    pub version: i64,
}

impl OrganisationItem {
    /// The other names it goes by.
    pub fn aliases(&self) -> Vec<String> {
        serde_json::from_str(&self.aliases_json).unwrap_or_default()
    }

    /// The IATI `OrganisationType` code of its type ("90", other, for a type this build does
    /// not know).
    pub fn type_code(&self) -> &'static str {
        OrganisationType::ALL
            .iter()
            .find(|t| t.as_str() == self.organisation_type)
            .map_or("90", |t| t.iati_code())
    }
}

const COLUMNS: &str = "o.organisation_id AS id, o.name, o.iati_identifier, o.organisation_type, o.country, \
                       o.aliases AS aliases_json, o.version";

/// Every organisation by name; with `search`, those whose name, an alias or IATI identifier
/// contains it, each compared by its key (`name_key`: any spelling, letter case or width finds
/// "Café"). Organisations are few: the search runs in memory, on the keys of the names as
/// recorded, so it needs no key column to keep in step with `name_key`.
pub async fn list(db: &Db, search: Option<&str>) -> Result<Vec<OrganisationItem>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM rm_organisations o WHERE o.generation = $1 ORDER BY o.name, o.organisation_id"
    );
    let all: Vec<OrganisationItem> = crate::listing::list(db, &sql, &[]).await?;
    let Some(key) = search.map(name_key).filter(|key| !key.is_empty()) else { return Ok(all) };
    let found = |text: &str| name_key(text).contains(&key);
    Ok(all
        .into_iter()
        .filter(|o| {
            found(&o.name)
                || o.aliases().iter().any(|a| found(a))
                || o.iati_identifier.as_deref().is_some_and(found)
        })
        .collect())
}

/// The organisation `key` names: its id, or any of its names or aliases (spelling aside).
pub async fn resolve(db: &Db, key: &str) -> Result<Option<OrganisationItem>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM rm_organisations o WHERE o.generation = $1 AND (o.organisation_id = $2 \
         OR o.organisation_id = (SELECT n.organisation_id FROM rm_organisation_names n \
         WHERE n.generation = $1 AND n.name_key = $3))"
    );
    let rows: Vec<OrganisationItem> =
        crate::listing::list(db, &sql, &[key.to_owned(), name_key(key)]).await?;
    Ok(rows.into_iter().next())
}

/// Every name the funding and contributions of `organisation` were recorded under (letter case
/// and spelling aside, as [`resolve_donors`] merges them), or its canonical name when nothing
/// was recorded under any: the names a donor's summary and list read.
pub async fn recorded_names(db: &Db, organisation: &OrganisationItem) -> Result<Vec<String>, StoreError> {
    let recorded = resolve_donors(db, crate::listing::donors(db, None).await?).await?;
    Ok(recorded
        .into_iter()
        .find(|item| item.organisation_id.as_deref() == Some(organisation.id.as_str()))
        .map_or_else(
            || vec![organisation.name.clone()],
            |item| if item.recorded_as.is_empty() { vec![item.donor] } else { item.recorded_as },
        ))
}

/// Every name an organisation goes by, by key: (organisation id, canonical name). Organisations
/// are few, so lists resolve their donors in memory.
pub async fn names_by_key(
    db: &Db,
) -> Result<std::collections::HashMap<String, (String, String)>, StoreError> {
    let mut tx = db.begin_read().await?;
    let state = read_state(&mut tx, false).await?;
    let rows: Vec<(String, String, String)> = tatrack_store::on_tx!(&mut tx, |conn| {
        sqlx::query_as(
        "SELECT n.name_key, o.organisation_id, o.name FROM rm_organisation_names n JOIN rm_organisations o \
         ON o.generation = n.generation AND o.organisation_id = n.organisation_id WHERE n.generation = $1"
    )
    .bind(state.generation)
    .fetch_all(conn)
    .await?
    });
    tx.commit().await?;
    Ok(rows.into_iter().map(|(key, id, name)| (key, (id, name))).collect())
}

/// Resolves each donor of a list to its organisation: the canonical name and id where a name
/// or alias claims it, the recorded name otherwise; names of one organisation become one item.
pub async fn resolve_donors(db: &Db, items: Vec<DonorItem>) -> Result<Vec<DonorItem>, StoreError> {
    let names = names_by_key(db).await?;
    let mut merged: std::collections::BTreeMap<String, DonorItem> = std::collections::BTreeMap::new();
    for item in items {
        let (donor, organisation_id) = match names.get(&name_key(&item.donor)) {
            Some((id, name)) => (name.clone(), Some(id.clone())),
            None => (item.donor.clone(), None),
        };
        let entry = merged.entry(donor.clone()).or_insert_with(|| DonorItem {
            donor,
            organisation_id,
            recorded_as: Vec::new(),
        });
        entry.recorded_as.push(item.donor);
    }
    let mut items: Vec<DonorItem> = merged.into_values().collect();
    for item in &mut items {
        if item.recorded_as.len() == 1 && item.recorded_as[0] == item.donor {
            item.recorded_as.clear();
        }
    }
    Ok(items)
}

/// Names the donors of a summary's funding and contributions by their organisations' canonical
/// names, adding up the lines of names one organisation merges (same currency), so a country's
/// or programme's figures never split one donor in two. Names no organisation claims stay.
pub async fn canonical_donors(db: &Db, summary: &mut Summary) -> Result<(), StoreError> {
    let names = names_by_key(db).await?;
    if names.is_empty() {
        return Ok(());
    }
    let canonical = |lines: Vec<DonorAmount>| -> Result<Vec<DonorAmount>, StoreError> {
        type Group = (String, Option<String>, String);
        let mut grouped: std::collections::BTreeMap<Group, Vec<String>> = std::collections::BTreeMap::new();
        for line in lines {
            let (donor, id) = names
                .get(&name_key(&line.donor))
                .map_or((line.donor, line.organisation_id), |(id, name)| (name.clone(), Some(id.clone())));
            grouped.entry((donor, id, line.currency)).or_default().push(line.amount);
        }
        grouped
            .into_iter()
            .map(|((donor, organisation_id, currency), amounts)| {
                let amount = if amounts.len() == 1 {
                    amounts.into_iter().next().unwrap_or_default()
                } else {
                    add_decimals(&amounts)?
                };
                Ok(DonorAmount { donor, organisation_id, currency, amount })
            })
            .collect()
    };
    summary.funding = canonical(std::mem::take(&mut summary.funding))?;
    if let Some(contributions) = summary.contributions.take() {
        summary.contributions = Some(canonical(contributions)?);
    }
    Ok(())
}

/// The summaries of one organisation's recorded names as one, under its canonical name.
/// Funding and contributions add up exactly (each line was recorded under one name); an
/// activity funded under two names of one organisation counts once under each.
pub fn merge_summaries(
    (canonical, organisation_id): (&str, Option<&str>),
    parts: Vec<Summary>,
) -> Result<Summary, StoreError> {
    let mut parts = parts.into_iter();
    let Some(mut merged) = parts.next() else { return Ok(Summary::default()) };
    for part in parts {
        let counts = &mut merged.activities;
        counts.total += part.activities.total;
        add_counts(&mut counts.by_kind, part.activities.by_kind);
        add_counts(&mut counts.by_status, part.activities.by_status);
        for (country, kinds) in part.activities.by_country_and_kind {
            add_counts(counts.by_country_and_kind.entry(country).or_default(), kinds);
        }
        let (people, more) = (&mut merged.participants, part.participants);
        for (sum, n) in [
            (&mut people.female, more.female),
            (&mut people.male, more.male),
            (&mut people.other_or_undisclosed, more.other_or_undisclosed),
            (&mut people.total, more.total),
            (&mut people.unattributed, more.unattributed),
        ] {
            add_tally(sum, n)?;
        }
        for (institution, n) in more.by_institution {
            add_tally(people.by_institution.entry(institution).or_insert(Some(0)), n)?;
        }
        add_counts(&mut merged.outputs, part.outputs);
        merged.programmes.extend(part.programmes);
        merged.funding.extend(part.funding);
        if let Some(countries) = part.countries {
            merged.countries.get_or_insert_with(Vec::new).extend(countries);
        }
        if let Some(contributions) = part.contributions {
            merged.contributions.get_or_insert_with(Vec::new).extend(contributions);
        }
        merged.as_of_position = merged.as_of_position.max(part.as_of_position);
    }
    merged.programmes.sort();
    merged.programmes.dedup();
    if let Some(countries) = merged.countries.as_mut() {
        countries.sort();
        countries.dedup();
    }
    let donor = (canonical, organisation_id);
    merged.funding = by_currency(donor, std::mem::take(&mut merged.funding))?;
    if let Some(contributions) = merged.contributions.take() {
        merged.contributions = Some(by_currency(donor, contributions)?);
    }
    Ok(merged)
}

/// Adds a part's tally (every part is added up before a donor's small counts are hidden).
fn add_tally(sum: &mut Option<i64>, n: Option<i64>) -> Result<(), StoreError> {
    let added = sum.zip(n).and_then(|(a, b)| a.checked_add(b));
    *sum = Some(added.ok_or(crate::amounts::Overflow("a donor's participants"))?);
    Ok(())
}

fn add_counts(
    into: &mut std::collections::BTreeMap<String, i64>,
    from: std::collections::BTreeMap<String, i64>,
) {
    for (key, n) in from {
        *into.entry(key).or_default() += n;
    }
}

/// Amounts under the canonical name, one per currency, added exactly. A currency with one line
/// keeps it as it was; several are added as scaled 128-bit integers (amounts past
/// `rust_decimal`'s range exist: events recorded before the bound).
fn by_currency(
    (canonical, organisation_id): (&str, Option<&str>),
    amounts: Vec<DonorAmount>,
) -> Result<Vec<DonorAmount>, StoreError> {
    let mut sums: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
    for line in amounts {
        sums.entry(line.currency).or_default().push(line.amount);
    }
    sums.into_iter()
        .map(|(currency, lines)| {
            let amount = if lines.len() == 1 {
                lines.into_iter().next().unwrap_or_default()
            } else {
                add_decimals(&lines)?
            };
            Ok(DonorAmount {
                donor: canonical.to_owned(),
                organisation_id: organisation_id.map(str::to_owned),
                currency,
                amount,
            })
        })
        .collect()
}

/// The exact sum of plain decimal strings ("12.50", "3").
fn add_decimals(lines: &[String]) -> Result<String, StoreError> {
    let bad =
        |text: &str| StoreError::Query(sqlx::Error::Decode(format!("amount {text} does not add up").into()));
    let scale = lines.iter().map(|l| l.split_once('.').map_or(0, |(_, f)| f.len())).max().unwrap_or(0);
    let mut total: i128 = 0;
    for line in lines {
        let (whole, fraction) = line.split_once('.').unwrap_or((line, ""));
        let digits = format!("{whole}{fraction:0<scale$}");
        let value: i128 = digits.parse().map_err(|_| bad(line))?;
        total = total.checked_add(value).ok_or_else(|| bad(line))?;
    }
    let text = format!("{total:0>width$}", width = scale + 1);
    let (whole, fraction) = text.split_at(text.len() - scale);
    Ok(if scale == 0 { whole.to_owned() } else { format!("{whole}.{fraction}") })
}

#[cfg(test)]
mod tests {
    use super::add_decimals;

    #[test]
    fn decimals_add_exactly_past_the_range_of_rust_decimal() {
        let sum =
            |lines: &[&str]| add_decimals(&lines.iter().map(|l| (*l).to_owned()).collect::<Vec<_>>()).ok();
        assert_eq!(sum(&["100.00", "200.50"]), Some("300.50".into()));
        assert_eq!(sum(&["0.05", "0.05"]), Some("0.10".into()));
        assert_eq!(sum(&["1000", "1500000"]), Some("1501000".into()));
        assert_eq!(
            sum(&["99999999999999999999999999999999.99", "0.01"]),
            Some("100000000000000000000000000000000.00".into())
        );
    }
}
