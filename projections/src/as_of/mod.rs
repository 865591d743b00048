//! Time travel: summaries as they stood at an instant of the log's transaction time.
//!
//! Today's read models already hold every aggregate that has no event recorded after the
//! instant. Only the others (and those with events the projector has not applied yet) are
//! folded from their streams, twice: as the read models hold them (their events up to the
//! projector's checkpoint) and as they stood at the instant. Taking the first away from
//! today's lines and adding the second gives the lines at the instant, by the counting rules of
//! [`crate::facts`] and [`crate::cells`]; [`crate::queries`] adds them up as usual.
//!
//! Nothing is written and no snapshot is held for long: the read models are read in one short
//! transaction; the log, which only grows, in short statements that need no common snapshot.
//! Memory holds the ids of the changed aggregates, one chunk of their streams, and the lines of
//! the scopes asked for.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use tatrack_domain::{Activity, ActivityEvent, Programme, ProgrammeEvent};

use crate::amounts::Overflow;
use crate::cells::{self, Cells};
use tatrack_domain::vocabulary::ActivityKind;

use crate::facts::{activity_facts, contribution_facts, ActivityFacts, ContributionFact};
use crate::projector::decode;
use crate::queries::lines::{lines_in, viewer, Lines};
use crate::queries::tally::add_up;
use crate::queries::{DateRange, Scope, Summary};
use crate::state::read_state;
use tatrack_store::db::{Db, StoreError, Tx};
use tatrack_store::log::{self, streams, Checkpoint, StoredEvent};

mod changed;
use changed::{changed_aggregates, last_position_by};

/// Streams read per statement.
const STREAM_CHUNK: usize = 200;

/// A summary's lines merged by their breakdown, so memory grows with the breakdowns, not with
/// the activities.
#[derive(Debug, Default)]
struct Merged {
    cells: BTreeMap<(String, String, String), (i64, i64, i128)>,
    contributions: BTreeMap<(String, String), (i128, i64)>,
}

impl Merged {
    fn add_cell(
        &mut self,
        key: (String, String, String),
        (amount, activities, money): (i64, i64, i128),
    ) -> Result<(), Overflow> {
        let cell = self.cells.entry(key).or_default();
        cell.0 = cell.0.checked_add(amount).ok_or(Overflow("a summary's count"))?;
        cell.1 = cell.1.checked_add(activities).ok_or(Overflow("a summary's activities"))?;
        cell.2 = cell.2.checked_add(money).ok_or(Overflow("a summary's amount"))?;
        Ok(())
    }

    fn add_contribution(&mut self, key: (String, String), minor: i128, count: i64) -> Result<(), Overflow> {
        let group = self.contributions.entry(key).or_default();
        group.0 = group.0.checked_add(minor).ok_or(Overflow("a summary's contributions"))?;
        group.1 = group.1.checked_add(count).ok_or(Overflow("a summary's contributions"))?;
        Ok(())
    }

    fn lines(&self, kind: Option<ActivityKind>) -> Lines {
        Lines {
            without_contributions: kind.is_some(),
            cells: self
                .cells
                .iter()
                .map(|((m, d, d2), (a, n, money))| (m.clone(), d.clone(), d2.clone(), *a, *n, *money))
                .collect(),
            contributions: self
                .contributions
                .iter()
                .map(|((d, c), (a, n))| (d.clone(), c.clone(), *a, *n))
                .collect(),
        }
    }
}

/// The summaries of some scopes as they stood at an instant.
pub struct AsOf {
    instant: DateTime<Utc>,
    /// The highest position among the events recorded by the instant.
    pub position: i64,
    range: DateRange,
    /// Only activities of this kind count (and no contributions), if given.
    kind: Option<ActivityKind>,
    /// Whether every scope is wanted (an audit export), not only those read at the start.
    every: bool,
    /// The donor the lines are narrowed to (every name it goes by), if a donor asks about
    /// another scope.
    viewer: Option<Vec<String>>,
    checkpoint: Checkpoint,
    lines: HashMap<Scope, Merged>,
    /// Programme id -> code, for every programme known today or at the instant.
    codes: HashMap<String, String>,
    /// The programmes registered by the instant.
    registered: BTreeSet<String>,
}

impl AsOf {
    /// The lines of `only` (or of every scope) over `range` (of one kind, given one) at
    /// `instant`, as `donor` may see them. `progress` gets the number of events folded so far.
    pub async fn build(
        db: &Db,
        instant: DateTime<Utc>,
        (range, kind): (DateRange, Option<ActivityKind>),
        only: Option<&Scope>,
        donor: Option<&[String]>,
        mut progress: impl FnMut(i64),
    ) -> Result<Self, StoreError> {
        let viewer = only.and_then(|scope| viewer(scope, donor)).map(<[String]>::to_vec);
        let position = last_position_by(db, instant).await?;
        // An instant in the log's first half: folding the streams recorded by then from nothing
        // reads less than correcting today's read models by every stream changed since.
        let forward = position < log::head(db).await? / 2;
        let mut tx = db.begin_read().await?;
        let state = read_state(&mut tx, false).await?;
        let scopes = match (only, forward) {
            (Some(scope), _) => vec![scope.clone()],
            (None, true) => Vec::new(),
            (None, false) => scopes_in(&mut tx, state.generation).await?,
        };
        let mut lines = HashMap::new();
        for scope in scopes {
            let mut merged = Merged::default();
            if !forward {
                let today =
                    lines_in(&mut tx, state.generation, &scope, (range, kind), viewer.as_deref()).await?;
                for (measure, dim, dim2, amount, activities, money) in today.cells {
                    merged.add_cell((measure, dim, dim2), (amount, activities, money))?;
                }
                for (donor, currency, minor, count) in today.contributions {
                    merged.add_contribution((donor, currency), minor, count)?;
                }
            }
            lines.insert(scope, merged);
        }
        let codes: HashMap<String, String> = programme_codes_in(&mut tx, state.generation).await?;
        tx.commit().await?;
        // From nothing, no stream has been applied and no programme registered yet.
        let checkpoint = if forward { Checkpoint::default() } else { state.checkpoint };
        let registered = if forward { BTreeSet::new() } else { codes.keys().cloned().collect() };
        let mut travel = Self {
            instant,
            position,
            range,
            kind,
            every: only.is_none(),
            viewer,
            checkpoint,
            lines,
            codes,
            registered,
        };
        let changed = changed_aggregates(db, instant, checkpoint, forward).await?;
        let mut folded = 0;
        for (aggregate_type, ids) in changed {
            for chunk in ids.chunks(STREAM_CHUNK) {
                let events = streams(db, &aggregate_type, chunk).await?;
                folded = tatrack_store::log::counted(folded, &events)?;
                for stream in events.chunk_by(|a, b| a.aggregate_id == b.aggregate_id) {
                    travel.correct(&aggregate_type, stream)?;
                }
                progress(folded);
            }
        }
        Ok(travel)
    }

    /// The summary of `scope` at the instant (a scope the build did not read has no lines).
    pub fn summary(&self, scope: &Scope) -> Result<Summary, StoreError> {
        let lines = self.lines.get(scope).map(|merged| merged.lines(self.kind)).unwrap_or_default();
        let (summary, programme_ids) = add_up(lines, scope, self.range)?;
        let mut programmes: Vec<String> =
            programme_ids.iter().filter_map(|id| self.codes.get(id).cloned()).collect();
        programmes.sort_unstable();
        programmes.dedup();
        Ok(Summary { programmes, as_of_position: self.position, as_of: Some(self.instant), ..summary })
    }

    /// Every scope that had something at the instant: countries and donors with activities
    /// (donors also with contributions), and registered programmes.
    pub fn scopes(&self) -> Vec<Scope> {
        let mut scopes: BTreeSet<Scope> = self
            .lines
            .iter()
            .filter(|(scope, merged)| match scope {
                Scope::Programme(_) => false,
                Scope::Country(_) | Scope::Donor(_) => {
                    merged
                        .cells
                        .iter()
                        .any(|((measure, ..), (_, n, _))| measure == cells::measure::STATUS && *n > 0)
                        || merged.contributions.values().any(|(_, n)| *n > 0)
                }
            })
            .map(|(scope, _)| scope.clone())
            .collect();
        scopes.extend(self.registered.iter().cloned().map(Scope::Programme));
        scopes.into_iter().collect()
    }

    /// Replaces what one changed stream adds to today's lines with what it added at the instant.
    fn correct(&mut self, aggregate_type: &str, stream: &[StoredEvent]) -> Result<(), StoreError> {
        match aggregate_type {
            Activity::TYPE => {
                let (today, then) =
                    fold_both::<Activity, ActivityEvent>(stream, self.checkpoint, self.instant)?;
                for (activity, sign) in [(today, -1), (then, 1)] {
                    if let Some(record) = activity.record() {
                        self.add_activity(&activity_facts(record)?, sign)?;
                    }
                }
            }
            Programme::TYPE => {
                let (today, then) =
                    fold_both::<Programme, ProgrammeEvent>(stream, self.checkpoint, self.instant)?;
                let id = stream.first().map(|e| e.aggregate_id.clone()).unwrap_or_default();
                self.registered.remove(&id);
                for (programme, sign) in [(today, -1), (then, 1)] {
                    let Some(record) = programme.record() else { continue };
                    self.codes.insert(id.clone(), record.registration.code.as_str().to_owned());
                    if sign > 0 {
                        self.registered.insert(id.clone());
                    }
                    for fact in contribution_facts(record)? {
                        self.add_contribution(&id, &fact, sign)?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn add_activity(&mut self, facts: &ActivityFacts, sign: i64) -> Result<(), StoreError> {
        let (from, to) = self.range.bounds();
        let date = facts.row.date_key.as_str();
        let funded = |names: &[String]| facts.funding.iter().any(|f| names.contains(&f.donor));
        let other_kind = self.kind.is_some_and(|kind| kind.as_str() != facts.row.kind);
        if date < from.as_str()
            || date > to.as_str()
            || other_kind
            || self.viewer.as_deref().is_some_and(|v| !funded(v))
        {
            return Ok(());
        }
        let mut changes = Cells::new();
        cells::add_activity_by_month(&mut changes, facts, sign)?;
        for (key, tally) in changes {
            // A donor looking at another scope sees only its own money in it.
            if key.measure == cells::measure::FUNDING
                && self.viewer.as_ref().is_some_and(|v| !v.contains(&key.dim))
            {
                continue;
            }
            let scope = match key.scope_kind {
                cells::scope::COUNTRY => Scope::Country(key.scope_key),
                cells::scope::PROGRAMME => Scope::Programme(key.scope_key),
                _ => Scope::Donor(key.scope_key),
            };
            if let Some(merged) = self.lines_of(scope) {
                merged.add_cell(
                    (key.measure.to_owned(), key.dim, key.dim2),
                    (tally.amount, tally.activities, tally.money),
                )?;
            }
        }
        Ok(())
    }

    fn add_contribution(
        &mut self,
        programme_id: &str,
        fact: &ContributionFact,
        sign: i64,
    ) -> Result<(), StoreError> {
        let (from, to) = self.range.bounds();
        let received = fact.received_on.as_str();
        if self.kind.is_some()
            || received < from.as_str()
            || received > to.as_str()
            || self.viewer.as_ref().is_some_and(|v| !v.contains(&fact.donor))
        {
            return Ok(());
        }
        let minor = fact.amount_minor.checked_mul(i128::from(sign)).ok_or(Overflow("a contribution"))?;
        for scope in [Scope::Programme(programme_id.to_owned()), Scope::Donor(fact.donor.clone())] {
            if let Some(merged) = self.lines_of(scope) {
                merged.add_contribution((fact.donor.clone(), fact.currency.clone()), minor, sign)?;
            }
        }
        Ok(())
    }

    /// The lines of `scope`, if it is wanted.
    fn lines_of(&mut self, scope: Scope) -> Option<&mut Merged> {
        if self.every {
            Some(self.lines.entry(scope).or_default())
        } else {
            self.lines.get_mut(&scope)
        }
    }
}

/// Every country, programme id and donor the read models of `generation` know.
async fn scopes_in(tx: &mut Tx, generation: i64) -> Result<Vec<Scope>, StoreError> {
    let sql = "SELECT 'c', country FROM rm_activity_countries WHERE generation = $1 \
               UNION SELECT 'p', programme_id FROM rm_programmes WHERE generation = $1 \
               UNION SELECT 'd', donor FROM rm_activity_funding WHERE generation = $1 \
               UNION SELECT 'd', donor FROM rm_programme_contributions WHERE generation = $1";
    let rows: Vec<(String, String)> =
        tatrack_store::on_tx!(tx, |conn| sqlx::query_as(sql).bind(generation).fetch_all(conn).await?);
    Ok(rows
        .into_iter()
        .map(|(kind, key)| match kind.as_str() {
            "c" => Scope::Country(key),
            "p" => Scope::Programme(key),
            _ => Scope::Donor(key),
        })
        .collect())
}

/// Programme id -> code, for the programmes of `generation`.
async fn programme_codes_in(tx: &mut Tx, generation: i64) -> Result<HashMap<String, String>, StoreError> {
    let rows: Vec<(String, String)> = tatrack_store::on_tx!(tx, |conn| sqlx::query_as(
        "SELECT programme_id, code FROM rm_programmes WHERE generation = $1"
    )
    .bind(generation)
    .fetch_all(conn)
    .await?);
    Ok(rows.into_iter().collect())
}

/// The aggregate as the read models hold it (its events up to `checkpoint`) and as it stood at
/// `instant` (its events recorded by then; commit order is not time order, so each is judged
/// on its own).
fn fold_both<A, E>(
    stream: &[StoredEvent],
    checkpoint: Checkpoint,
    instant: DateTime<Utc>,
) -> Result<(A, A), StoreError>
where
    A: Aggregate<Event = E>,
    E: serde::de::DeserializeOwned + Clone,
{
    let (mut today, mut then) = (A::default(), A::default());
    for event in stream {
        let applied = Checkpoint::of(event) <= checkpoint;
        let recorded = event.recorded_at <= instant;
        if !applied && !recorded {
            continue;
        }
        let payload: E = decode(event)?;
        if applied {
            today.apply(payload.clone());
        }
        if recorded {
            then.apply(payload);
        }
    }
    Ok((today, then))
}

/// The summary of `scope` over `range` (of one kind, given one) as it stood at `instant`, as
/// `donor` may see it.
pub async fn summary_as_of(
    db: &Db,
    scope: &Scope,
    selection: (DateRange, Option<ActivityKind>),
    donor: Option<&[String]>,
    instant: DateTime<Utc>,
) -> Result<Summary, StoreError> {
    AsOf::build(db, instant, selection, Some(scope), donor, |_| {}).await?.summary(scope)
}
