//! The rows of each export: one column per field, no packed cells. What the JSON packs (an
//! activity's countries, its funding lines) are tables of their own, one row per item.

use std::collections::HashMap;

use async_trait::async_trait;
use serde_json::Value;
use tatrack_domain::metadata;
use tatrack_projections::export::{ActivityChunk, ActivityExport};
use tatrack_projections::listing::{CountryItem, DonorItem, ProgrammeItem};
use tatrack_projections::queries::Summary;
use tatrack_store::log::{self, FeedFilter, FeedItem};
use tatrack_store::Db;

use super::{Cell, Row, Sheet, Source};
use crate::error::Result;

/// The tables of an activity export; `?table=` picks one for CSV.
/// Where each table of an activity export stands among [`ACTIVITY_SHEETS`].
pub mod activity_sheet {
    pub const ACTIVITIES: usize = 0;
    pub const COUNTRIES: usize = 1;
    pub const FUNDING: usize = 2;
    pub const OUTPUTS: usize = 3;
    pub const INSTITUTIONS: usize = 4;
}

pub const ACTIVITY_SHEETS: &[Sheet] = &[
    Sheet {
        name: "activities",
        columns: &[
            "id",
            "programme_id",
            "programme_code",
            "kind",
            "status",
            "title",
            "location",
            "date",
            "planned_start",
            "planned_end",
            "delivery_start",
            "delivery_end",
            "female",
            "male",
            "other_or_undisclosed",
            "participants",
            "version",
        ],
    },
    Sheet {
        name: "countries",
        columns: &["activity_id", "country", "female", "male", "other_or_undisclosed", "unattributed"],
    },
    Sheet { name: "funding", columns: &["activity_id", "donor", "currency", "amount", "organisation_id"] },
    Sheet { name: "outputs", columns: &["activity_id", "kind", "outputs"] },
    Sheet { name: "institutions", columns: &["activity_id", "institution", "participants"] },
];

/// Every activity a filter admits, with its detail rows; funding names its donor by the
/// organisation's canonical name (by each name's key: organisation id and canonical name).
pub struct Activities(pub ActivityExport, pub HashMap<String, (String, String)>);

#[async_trait]
impl Source for Activities {
    fn sheets(&self) -> &'static [Sheet] {
        ACTIVITY_SHEETS
    }

    async fn next(&mut self) -> Result<Option<Vec<Row>>> {
        let names = &self.1;
        Ok(self.0.next().await?.map(|chunk| activity_rows(chunk, names)))
    }
}

fn activity_rows(chunk: ActivityChunk, names: &HashMap<String, (String, String)>) -> Vec<Row> {
    let row = |sheet: usize, cells: Vec<Cell>| Row { sheet, cells };
    let mut rows = Vec::new();
    for a in chunk.activities {
        rows.push(row(
            activity_sheet::ACTIVITIES,
            vec![
                a.id.into(),
                a.programme_id.into(),
                a.programme_code.into(),
                a.kind.into(),
                a.status.into(),
                a.title.into(),
                a.location.into(),
                a.date.into(),
                a.planned_start.into(),
                a.planned_end.into(),
                a.delivery_start.into(),
                a.delivery_end.into(),
                a.female.into(),
                a.male.into(),
                a.other_or_undisclosed.into(),
                a.participants.into(),
                a.version.into(),
            ],
        ));
    }
    for c in chunk.countries {
        let cells = vec![
            c.activity_id.into(),
            c.country.into(),
            c.female.into(),
            c.male.into(),
            c.other_or_undisclosed.into(),
            c.unattributed.into(),
        ];
        rows.push(row(activity_sheet::COUNTRIES, cells));
    }
    for f in chunk.funding {
        let (donor, organisation_id) = canonical(names, f.donor);
        rows.push(row(
            activity_sheet::FUNDING,
            vec![
                f.activity_id.into(),
                donor.into(),
                f.currency.into(),
                Cell::Decimal(f.amount),
                organisation_id.unwrap_or_default().into(),
            ],
        ));
    }
    for o in chunk.outputs {
        rows.push(row(activity_sheet::OUTPUTS, vec![o.activity_id.into(), o.kind.into(), o.outputs.into()]));
    }
    for i in chunk.institutions {
        rows.push(row(
            activity_sheet::INSTITUTIONS,
            vec![i.activity_id.into(), i.institution.into(), i.participants.into()],
        ));
    }
    rows
}

/// Rows already read: the short lists and the summaries.
pub struct Ready {
    sheets: &'static [Sheet],
    rows: Option<Vec<Row>>,
}

#[async_trait]
impl Source for Ready {
    fn sheets(&self) -> &'static [Sheet] {
        self.sheets
    }

    async fn next(&mut self) -> Result<Option<Vec<Row>>> {
        Ok(self.rows.take())
    }
}

pub const COUNTRY_SHEETS: &[Sheet] = &[Sheet { name: "countries", columns: &["country", "activities"] }];

pub fn countries(items: Vec<CountryItem>) -> Ready {
    let rows =
        items.into_iter().map(|c| Row { sheet: 0, cells: vec![c.country.into(), c.activities.into()] });
    Ready { sheets: COUNTRY_SHEETS, rows: Some(rows.collect()) }
}

pub const PROGRAMME_SHEETS: &[Sheet] =
    &[Sheet { name: "programmes", columns: &["id", "code", "name", "thematic_area"] }];

pub fn programmes(items: Vec<ProgrammeItem>) -> Ready {
    let rows = items.into_iter().map(|p| Row {
        sheet: 0,
        cells: vec![p.id.into(), p.code.into(), p.name.into(), p.thematic_area.into()],
    });
    Ready { sheets: PROGRAMME_SHEETS, rows: Some(rows.collect()) }
}

/// The canonical name and id of the organisation `donor` names, or `donor` as recorded.
fn canonical(names: &HashMap<String, (String, String)>, donor: String) -> (String, Option<String>) {
    names
        .get(&tatrack_domain::names::name_key(&donor))
        .map_or((donor, None), |(id, name)| (name.clone(), Some(id.clone())))
}

pub const DONOR_SHEETS: &[Sheet] =
    &[Sheet { name: "donors", columns: &["donor", "organisation_id", "recorded_as"] }];

pub fn donors(items: Vec<DonorItem>) -> Ready {
    let rows = items.into_iter().map(|d| Row {
        sheet: 0,
        cells: vec![
            d.donor.into(),
            d.organisation_id.unwrap_or_default().into(),
            d.recorded_as.join("; ").into(),
        ],
    });
    Ready { sheets: DONOR_SHEETS, rows: Some(rows.collect()) }
}

/// A summary as a tidy table a pivot table reads directly: one row per figure, named by its
/// scope, measure, dimension and categories.
pub const SUMMARY_SHEETS: &[Sheet] = &[Sheet {
    name: "summary",
    columns: &[
        "scope_type",
        "scope",
        "from",
        "to",
        "kind_filter",
        "as_of",
        "as_of_position",
        "measure",
        "dimension",
        "category",
        "subcategory",
        "currency",
        "value",
    ],
}];

/// What a summary's rows are about: `("country", "SAU")`, and the kind it was narrowed to.
pub struct SummaryOf<'a> {
    pub scope_type: &'static str,
    pub scope: &'a str,
    pub kind: Option<&'a str>,
}

pub fn summary(of: &SummaryOf<'_>, summary: &Summary) -> Ready {
    let mut rows = Vec::new();
    let mut figure = |measure: &str,
                      dimension: &str,
                      (category, subcategory): (&str, &str),
                      currency: &str,
                      value: Cell| {
        let text = |s: &str| if s.is_empty() { Cell::Empty } else { Cell::from(s) };
        rows.push(Row {
            sheet: 0,
            cells: vec![
                of.scope_type.into(),
                of.scope.into(),
                summary.from.map(|d| d.to_string()).into(),
                summary.to.map(|d| d.to_string()).into(),
                of.kind.map(str::to_owned).into(),
                summary.as_of.map(|t| t.to_rfc3339()).into(),
                summary.as_of_position.into(),
                measure.into(),
                dimension.into(),
                text(category),
                text(subcategory),
                text(currency),
                value,
            ],
        });
    };
    let activities = &summary.activities;
    figure("activities", "total", ("", ""), "", activities.total.into());
    for (kind, n) in &activities.by_kind {
        figure("activities", "kind", (kind, ""), "", (*n).into());
    }
    for (status, n) in &activities.by_status {
        figure("activities", "status", (status, ""), "", (*n).into());
    }
    for (country, kinds) in &activities.by_country_and_kind {
        for (kind, n) in kinds {
            figure("activities", "country_and_kind", (country, kind), "", (*n).into());
        }
    }
    // A count a donor may not read (1 to 4) is an empty cell, as it is `null` in JSON.
    let count = |n: Option<i64>| n.map_or(Cell::Empty, Cell::from);
    let people = &summary.participants;
    for (sex, n) in [
        ("female", people.female),
        ("male", people.male),
        ("other_or_undisclosed", people.other_or_undisclosed),
        ("total", people.total),
        ("unattributed", people.unattributed),
    ] {
        figure("participants", "sex", (sex, ""), "", count(n));
    }
    for (institution, n) in &people.by_institution {
        figure("participants", "institution", (institution, ""), "", count(*n));
    }
    for (kind, n) in &summary.outputs {
        figure("outputs", "kind", (kind, ""), "", (*n).into());
    }
    for code in &summary.programmes {
        figure("programmes", "programme", (code, ""), "", 1.into());
    }
    let contributions = summary.contributions.as_deref().unwrap_or_default();
    for (measure, lines) in [("funding", summary.funding.as_slice()), ("contributions", contributions)] {
        for line in lines {
            let organisation = line.organisation_id.as_deref().unwrap_or_default();
            figure(
                measure,
                "donor",
                (&line.donor, organisation),
                &line.currency,
                Cell::Decimal(line.amount.clone()),
            );
        }
    }
    Ready { sheets: SUMMARY_SHEETS, rows: Some(rows) }
}

/// The linked events after `after` that `filter` admits, in commit order: the audit feed.
pub struct Feed {
    pub db: Db,
    pub after: i64,
    pub filter: FeedFilter,
    pub finished: bool,
}

pub const FEED_SHEETS: &[Sheet] = &[Sheet {
    name: "events",
    columns: &[
        "seq",
        "position",
        "recorded_at",
        "aggregate_type",
        "aggregate_id",
        "sequence",
        "event_type",
        "event_version",
        "actor",
        "role",
        "request_id",
        "reason",
        "idempotency_key",
        "payload",
        "metadata",
        "link",
    ],
}];

/// Events per read of the feed.
const FEED_CHUNK: i64 = 1_000;

#[async_trait]
impl Source for Feed {
    fn sheets(&self) -> &'static [Sheet] {
        FEED_SHEETS
    }

    async fn next(&mut self) -> Result<Option<Vec<Row>>> {
        if self.finished {
            return Ok(None);
        }
        let items = log::feed(&self.db, self.after, FEED_CHUNK, &self.filter).await?;
        self.finished = i64::try_from(items.len()).map_or(true, |n| n < FEED_CHUNK);
        let Some(last) = items.last() else { return Ok(None) };
        self.after = last.seq;
        Ok(Some(items.into_iter().map(feed_row).collect()))
    }
}

fn feed_row(item: FeedItem) -> Row {
    let event = item.event;
    let meta =
        |key: &str| -> Cell { event.metadata.get(key).and_then(Value::as_str).map(str::to_owned).into() };
    let cells = vec![
        item.seq.into(),
        event.position.into(),
        event.recorded_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true).into(),
        event.aggregate_type.as_str().into(),
        event.aggregate_id.as_str().into(),
        event.sequence.into(),
        event.event_type.as_str().into(),
        event.event_version.as_str().into(),
        meta(metadata::ACTOR),
        meta(metadata::ROLE),
        meta(metadata::REQUEST_ID),
        meta(metadata::REASON),
        meta(metadata::IDEMPOTENCY_KEY),
        event.payload.to_string().into(),
        event.metadata.to_string().into(),
        item.link.into(),
    ];
    Row { sheet: 0, cells }
}
