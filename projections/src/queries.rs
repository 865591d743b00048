//! Reading the read models: summaries per country, programme and donor, and the activity list.
//!
//! Every answer is computed inside one read transaction, so its figures come from one state of
//! the read models, and it says which position of the log that state reflects.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::facts::from_minor;
use crate::log::{committed_after, Checkpoint};
use crate::projector::{apply, read_state};
use crate::replay::REPLAY_BATCH;
use crate::store::{Db, StoreError, Tx};

/// Whose activities a summary covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// An ISO 3166-1 alpha-3 code.
    Country(String),
    /// A programme id.
    Programme(String),
    /// A donor's name, exactly as recorded.
    Donor(String),
}

/// Activities count when their date (delivery start, else planned start) falls in the range;
/// both ends are included and optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DateRange {
    fn bounds(self) -> (String, String) {
        (
            self.from.map_or_else(|| "0000-01-01".to_owned(), |d| d.to_string()),
            self.to.map_or_else(|| "9999-12-31".to_owned(), |d| d.to_string()),
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityCounts {
    /// Activities that were not cancelled.
    pub total: i64,
    pub by_kind: BTreeMap<String, i64>,
    /// Every status, cancelled included.
    pub by_status: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParticipantTotals {
    pub female: i64,
    pub male: i64,
    pub other_or_undisclosed: i64,
    /// `female + male + other_or_undisclosed`.
    pub total: i64,
    /// Country summaries: participants of regional activities that no country breakdown
    /// assigns to a country. Never added to the totals above.
    pub unattributed: i64,
    pub by_institution: BTreeMap<String, i64>,
}

/// An exact amount in one currency, as a decimal string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DonorAmount {
    pub donor: String,
    pub currency: String,
    pub amount: String,
}

/// What the activities in a scope and date range add up to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Summary {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The read models reflect the log up to this position.
    pub as_of_position: i64,
    /// For a summary asked `as_of` an instant: that instant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<DateTime<Utc>>,
    pub activities: ActivityCounts,
    pub participants: ParticipantTotals,
    pub outputs: BTreeMap<String, i64>,
    /// Codes of the programmes the activities belong to.
    pub programmes: Vec<String>,
    /// Funding attributed to the activities, per donor and currency.
    pub funding: Vec<DonorAmount>,
    /// Programme and donor summaries: the countries the activities reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub countries: Option<Vec<String>>,
    /// Programme and donor summaries: contributions received (in the date range), per donor
    /// and currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contributions: Option<Vec<DonorAmount>>,
}

/// How the scope narrows the activities: the FROM clause (alias `a` for `rm_activities`, `s`
/// for the country rows) and the condition on parameter `$2`.
fn scope_sql(scope: &Scope) -> (&'static str, &'static str) {
    match scope {
        Scope::Country(_) => (
            "rm_activity_countries s JOIN rm_activities a ON a.generation = s.generation AND a.activity_id = s.activity_id",
            "s.generation = $1 AND s.country = $2",
        ),
        Scope::Programme(_) => ("rm_activities a", "a.generation = $1 AND a.programme_id = $2"),
        Scope::Donor(_) => (
            "rm_activities a",
            "a.generation = $1 AND a.activity_id IN \
             (SELECT f2.activity_id FROM rm_activity_funding f2 WHERE f2.generation = $1 AND f2.donor = $2)",
        ),
    }
}

fn scope_key(scope: &Scope) -> &str {
    match scope {
        Scope::Country(key) | Scope::Programme(key) | Scope::Donor(key) => key,
    }
}

/// One summary's SQL frame: the scope's tables and conditions and the four parameters every
/// query binds (generation, scope key, from, to).
struct Frame<'a> {
    scope: &'a Scope,
    /// A donor's view: only the activities it funds, and only its own money.
    donor: Option<&'a str>,
    generation: i64,
    key: &'a str,
    from: String,
    to: String,
    source: &'static str,
    /// Activities in scope and range.
    filter: String,
    /// The same, without cancelled activities.
    counted: String,
}

impl Frame<'_> {
    async fn fetch<T>(&self, tx: &mut Tx, sql: &str) -> Result<Vec<T>, StoreError>
    where
        T: Send
            + Unpin
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
            + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>,
    {
        Ok(crate::on_tx!(tx, |conn| {
            let query =
                sqlx::query_as(sql).bind(self.generation).bind(self.key).bind(&self.from).bind(&self.to);
            match self.donor {
                Some(donor) => query.bind(donor).fetch_all(conn).await?,
                None => query.fetch_all(conn).await?,
            }
        }))
    }

    fn is_country(&self) -> bool {
        matches!(self.scope, Scope::Country(_))
    }
}

/// The summary of `scope` over `range`, from one consistent state of the read models; with
/// `donor`, as that donor may see it.
pub async fn summary(
    db: &Db,
    scope: &Scope,
    range: DateRange,
    donor: Option<&str>,
) -> Result<Summary, StoreError> {
    let mut tx = db.begin_read().await?;
    let state = read_state(&mut tx, false).await?;
    let summary = summary_in(&mut tx, state.generation, scope, range, donor).await?;
    tx.commit().await?;
    Ok(Summary { as_of_position: state.checkpoint.position, ..summary })
}

/// The summary as it stood at `instant`, replayed from the log (see [`Scratch`]).
pub async fn summary_as_of(
    db: &Db,
    scope: &Scope,
    range: DateRange,
    donor: Option<&str>,
    instant: DateTime<Utc>,
) -> Result<Summary, StoreError> {
    Scratch::build(db, instant, |_| {}).await?.summary(scope, range, donor).await
}

/// The read models as they stood at an instant: the events recorded by then, replayed into a
/// scratch generation inside a transaction that is never committed, so nothing is guessed from
/// today's rows and nothing stays behind.
pub struct Scratch {
    tx: Tx,
    generation: i64,
    instant: DateTime<Utc>,
    /// The highest position among the replayed events.
    pub position: i64,
}

impl Scratch {
    /// `progress` gets the number of events read so far after each batch.
    pub async fn build(
        db: &Db,
        instant: DateTime<Utc>,
        mut progress: impl FnMut(i64),
    ) -> Result<Self, StoreError> {
        let mut tx = db.begin_write().await?;
        // Negative generations are never committed; a random one keeps concurrent audits apart.
        let generation = -1 - i64::from(uuid::Uuid::new_v4().as_fields().0 >> 1);
        let (mut checkpoint, mut position, mut read) = (Checkpoint::default(), 0, 0);
        loop {
            let events = committed_after(&mut tx, checkpoint, REPLAY_BATCH).await?;
            let Some(last) = events.last() else { break };
            checkpoint = Checkpoint::of(last);
            read += i64::try_from(events.len()).unwrap_or(i64::MAX);
            // Commit order is not time order, so every event is judged on its own.
            let then: Vec<_> = events.into_iter().filter(|e| e.recorded_at <= instant).collect();
            position = then.iter().map(|e| e.position).fold(position, i64::max);
            apply(&mut tx, generation, &then).await?;
            progress(read);
        }
        Ok(Self { tx, generation, instant, position })
    }

    pub async fn summary(
        &mut self,
        scope: &Scope,
        range: DateRange,
        donor: Option<&str>,
    ) -> Result<Summary, StoreError> {
        let summary = summary_in(&mut self.tx, self.generation, scope, range, donor).await?;
        Ok(Summary { as_of_position: self.position, as_of: Some(self.instant), ..summary })
    }

    /// Every country, programme id and donor the scratch read models know.
    pub async fn scopes(&mut self) -> Result<Vec<Scope>, StoreError> {
        let sql = "SELECT 'c', country FROM rm_activity_countries WHERE generation = $1 \
                   UNION SELECT 'p', programme_id FROM rm_programmes WHERE generation = $1 \
                   UNION SELECT 'd', donor FROM rm_activity_funding WHERE generation = $1 \
                   UNION SELECT 'd', donor FROM rm_programme_contributions WHERE generation = $1 ORDER BY 1, 2";
        let rows: Vec<(String, String)> = crate::on_tx!(&mut self.tx, |conn| sqlx::query_as(sql)
            .bind(self.generation)
            .fetch_all(conn)
            .await?);
        Ok(rows
            .into_iter()
            .map(|(kind, key)| match kind.as_str() {
                "c" => Scope::Country(key),
                "p" => Scope::Programme(key),
                _ => Scope::Donor(key),
            })
            .collect())
    }
}

async fn summary_in(
    tx: &mut Tx,
    generation: i64,
    scope: &Scope,
    range: DateRange,
    donor: Option<&str>,
) -> Result<Summary, StoreError> {
    let (from, to) = range.bounds();
    let (source, condition) = scope_sql(scope);
    let funded = if donor.is_some() {
        " AND a.activity_id IN (SELECT f5.activity_id FROM rm_activity_funding f5 WHERE f5.generation = $1 AND f5.donor = $5)"
    } else {
        ""
    };
    let filter = format!("{condition} AND a.date_key >= $3 AND a.date_key <= $4{funded}");
    let counted = format!("{filter} AND a.status <> 'cancelled'");
    let frame = Frame { scope, donor, generation, key: scope_key(scope), from, to, source, filter, counted };
    let mut summary = Summary { from: range.from, to: range.to, ..Summary::default() };
    summary.activities = activity_counts(tx, &frame).await?;
    summary.participants = participants(tx, &frame).await?;
    breakdowns(tx, &frame, &mut summary).await?;
    if !frame.is_country() {
        reach(tx, &frame, &mut summary).await?;
    }
    Ok(summary)
}

async fn activity_counts(tx: &mut Tx, f: &Frame<'_>) -> Result<ActivityCounts, StoreError> {
    let mut counts = ActivityCounts::default();
    for status in ["planned", "delivered", "cancelled", "reported"] {
        counts.by_status.insert(status.to_owned(), 0);
    }
    let sql = format!(
        "SELECT a.status, a.kind, COUNT(*) FROM {} WHERE {} GROUP BY a.status, a.kind",
        f.source, f.filter
    );
    for (status, kind, n) in f.fetch::<(String, String, i64)>(tx, &sql).await? {
        *counts.by_status.entry(status.clone()).or_default() += n;
        if status != "cancelled" {
            counts.total += n;
            *counts.by_kind.entry(kind).or_default() += n;
        }
    }
    Ok(counts)
}

async fn participants(tx: &mut Tx, f: &Frame<'_>) -> Result<ParticipantTotals, StoreError> {
    let (people, unattributed) = if f.is_country() { ("s", "s.unattributed") } else { ("a", "0") };
    let sql = format!(
        "SELECT CAST(COALESCE(SUM({people}.female), 0) AS BIGINT), CAST(COALESCE(SUM({people}.male), 0) AS BIGINT), \
         CAST(COALESCE(SUM({people}.other), 0) AS BIGINT), CAST(COALESCE(SUM({unattributed}), 0) AS BIGINT) \
         FROM {} WHERE {}",
        f.source, f.counted
    );
    let totals = f.fetch::<(i64, i64, i64, i64)>(tx, &sql).await?;
    let (female, male, other, unattributed) = totals.first().copied().unwrap_or_default();
    // A country gets an institution breakdown only from activities held in it alone: a
    // regional activity's breakdown does not say which country each person came from.
    let single = if f.is_country() { " AND a.country_count = 1" } else { "" };
    let sql = format!(
        "SELECT i.institution, CAST(SUM(i.participants) AS BIGINT) FROM {} JOIN rm_activity_institutions i \
         ON i.generation = a.generation AND i.activity_id = a.activity_id WHERE {}{single} GROUP BY i.institution",
        f.source, f.counted
    );
    let by_institution = f.fetch::<(String, i64)>(tx, &sql).await?.into_iter().collect();
    Ok(ParticipantTotals {
        female,
        male,
        other_or_undisclosed: other,
        total: female + male + other,
        unattributed,
        by_institution,
    })
}

/// Outputs, programmes and funding of the counted activities.
async fn breakdowns(tx: &mut Tx, f: &Frame<'_>, summary: &mut Summary) -> Result<(), StoreError> {
    let (source, counted) = (f.source, &f.counted);
    let sql = format!(
        "SELECT o.kind, CAST(SUM(o.outputs) AS BIGINT) FROM {source} JOIN rm_activity_outputs o \
         ON o.generation = a.generation AND o.activity_id = a.activity_id WHERE {counted} GROUP BY o.kind"
    );
    summary.outputs = f.fetch::<(String, i64)>(tx, &sql).await?.into_iter().collect();
    let sql = format!(
        "SELECT DISTINCT p.code FROM {source} JOIN rm_programmes p \
         ON p.generation = a.generation AND p.programme_id = a.programme_id WHERE {counted} ORDER BY p.code"
    );
    summary.programmes = f.fetch::<(String,)>(tx, &sql).await?.into_iter().map(|(code,)| code).collect();
    let only_donor = match (f.scope, f.donor) {
        (Scope::Donor(_), _) => " AND f.donor = $2",
        (_, Some(_)) => " AND f.donor = $5",
        _ => "",
    };
    let sql = format!(
        "SELECT f.donor, f.currency, CAST(SUM(f.amount_minor) AS BIGINT) FROM {source} JOIN rm_activity_funding f \
         ON f.generation = a.generation AND f.activity_id = a.activity_id WHERE {counted}{only_donor} \
         GROUP BY f.donor, f.currency ORDER BY f.donor, f.currency"
    );
    summary.funding = amounts(f.fetch(tx, &sql).await?);
    Ok(())
}

/// Programme and donor summaries: countries reached and contributions received.
async fn reach(tx: &mut Tx, f: &Frame<'_>, summary: &mut Summary) -> Result<(), StoreError> {
    let sql = format!(
        "SELECT DISTINCT c.country FROM {} JOIN rm_activity_countries c \
         ON c.generation = a.generation AND c.activity_id = a.activity_id WHERE {} ORDER BY c.country",
        f.source, f.counted
    );
    summary.countries = Some(f.fetch::<(String,)>(tx, &sql).await?.into_iter().map(|(c,)| c).collect());
    let by = if matches!(f.scope, Scope::Programme(_)) { "programme_id" } else { "donor" };
    let own = if f.donor.is_some() { " AND donor = $5" } else { "" };
    let sql = format!(
        "SELECT donor, currency, CAST(SUM(amount_minor) AS BIGINT) FROM rm_programme_contributions \
         WHERE generation = $1 AND {by} = $2 AND received_on >= $3 AND received_on <= $4{own} \
         GROUP BY donor, currency ORDER BY donor, currency"
    );
    summary.contributions = Some(amounts(f.fetch(tx, &sql).await?));
    Ok(())
}

fn amounts(rows: Vec<(String, String, i64)>) -> Vec<DonorAmount> {
    rows.into_iter()
        .map(|(donor, currency, minor)| DonorAmount { amount: from_minor(minor, &currency), donor, currency })
        .collect()
}
