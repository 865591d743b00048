//! `generate`: a realistic data set of N events. The default writes it in bulk ([`crate::bulk`]);
//! `--through-bus` sends every command through the command bus instead, several tasks at once.
//! Both modes draw the same programmes and activities from the same dice.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use serde_json::Value;
use uuid::Uuid;

use crate::data::{self, Rng};
use crate::stats::rate;
use crate::target::Target;

pub const PROGRAMMES: usize = 20;
/// Contributions recorded on each programme after its registration.
const CONTRIBUTIONS: usize = 2;

/// How a data set is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Decided by the domain, appended straight to the log in large transactions.
    Bulk,
    /// One command per commit through the command bus.
    Bus,
}

/// A programme as its API requests would create it.
pub struct ProgrammeSpec {
    pub id: Uuid,
    pub code: String,
    pub register: Value,
    pub contributions: Vec<Value>,
}

/// `count` programmes under codes unique to this run, each with its contributions.
pub fn programme_specs(count: usize, rng: &mut Rng) -> Vec<ProgrammeSpec> {
    let run = Uuid::new_v4().simple().to_string()[..8].to_uppercase();
    (0..count)
        .map(|index| {
            let id = rng.uuid();
            let code = format!("B{run}-{index:02}");
            let register = data::programme_body(id, &code, index);
            let contributions = (0..CONTRIBUTIONS).map(|_| data::contribution_body(rng)).collect();
            ProgrammeSpec { id, code, register, contributions }
        })
        .collect()
}

/// An activity as its API requests would build it: the plan, then its lifecycle's steps.
pub struct ActivitySpec {
    pub id: Uuid,
    pub plan: Value,
    pub steps: Vec<(&'static str, Value)>,
}

impl ActivitySpec {
    /// The activity numbered `index`; the same index always gives the same activity.
    pub fn new(index: usize, programmes: &[Uuid]) -> Self {
        let mut rng = Rng::new(index as u64);
        let id = rng.uuid();
        let programme = *rng.pick(programmes);
        let (plan, start) = data::plan_body(id, programme, &mut rng);
        let steps = data::lifecycle(start, &mut rng);
        Self { id, plan, steps }
    }

    /// Commands in the activity's life, the plan included.
    pub fn len(&self) -> usize {
        1 + self.steps.len()
    }
}

/// The seed of a run, and the first activity index drawn from it, so runs on one store do not
/// write the same activity twice.
pub fn first_activity(rng: &mut Rng) -> usize {
    usize::try_from(rng.below(1 << 40)).unwrap_or(0)
}

/// Registers the programmes through the bus. Returns their ids and the number of events written.
pub async fn programmes(target: &Target, count: usize, rng: &mut Rng) -> anyhow::Result<(Vec<Uuid>, usize)> {
    let mut ids = Vec::with_capacity(count);
    let mut events = 0;
    for spec in programme_specs(count, rng) {
        target.register_programme(spec.register).await?;
        for contribution in spec.contributions {
            target.contribution(spec.id, contribution).await?;
        }
        events += 1 + CONTRIBUTIONS;
        ids.push(spec.id);
    }
    Ok((ids, events))
}

/// One writer: takes the next activity, writes its lifecycle, stops when the budget is spent.
async fn writer(
    target: Target,
    programmes: Arc<Vec<Uuid>>,
    next_activity: Arc<AtomicUsize>,
    budget: Arc<AtomicUsize>,
    limit: usize,
) -> anyhow::Result<usize> {
    let mut written = 0;
    loop {
        let index = next_activity.fetch_add(1, Ordering::Relaxed);
        let ActivitySpec { id, plan, steps } = ActivitySpec::new(index, &programmes);
        if budget.fetch_add(1, Ordering::Relaxed) >= limit {
            return Ok(written);
        }
        target.plan(plan).await.with_context(|| format!("activity {index}"))?;
        written += 1;
        for (step, body) in steps {
            if budget.fetch_add(1, Ordering::Relaxed) >= limit {
                return Ok(written);
            }
            target.activity(id, step, body).await.with_context(|| format!("activity {index}"))?;
            written += 1;
        }
    }
}

async fn through_bus(database_url: &str, events: usize, tasks: usize, seed: u64) -> anyhow::Result<()> {
    let target = Target::bus(database_url).await?;
    let started = Instant::now();
    let mut rng = Rng::new(seed);
    let (programmes, setup) = programmes(&target, PROGRAMMES, &mut rng).await?;
    let budget = Arc::new(AtomicUsize::new(setup));
    let next_activity = Arc::new(AtomicUsize::new(first_activity(&mut rng)));
    let programmes = Arc::new(programmes);
    let mut handles = Vec::with_capacity(tasks);
    for _ in 0..tasks {
        let task = writer(target.clone(), programmes.clone(), next_activity.clone(), budget.clone(), events);
        handles.push(tokio::spawn(task));
    }
    let mut written = setup;
    for handle in handles {
        written += handle.await??;
    }
    let elapsed = started.elapsed();
    println!(
        "RESULT generate events={written} seconds={:.1} events_per_s={:.0} mode=bus tasks={tasks}",
        elapsed.as_secs_f64(),
        rate(written, elapsed)
    );
    Ok(())
}

pub async fn run(
    database_url: &str,
    events: usize,
    tasks: usize,
    mode: Mode,
    seed: u64,
) -> anyhow::Result<()> {
    match mode {
        Mode::Bus => through_bus(database_url, events, tasks, seed).await,
        Mode::Bulk => crate::bulk::run(database_url, events, tasks, seed).await,
    }
}
