//! `generate`: a data set of N events written through the command bus, several tasks at once.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use uuid::Uuid;

use crate::data::{self, Rng};
use crate::stats::rate;
use crate::target::Target;

pub const PROGRAMMES: usize = 20;

/// Registers `count` programmes under codes unique to this run, each with two contributions.
/// Returns their ids and the number of events written.
pub async fn programmes(target: &Target, count: usize, rng: &mut Rng) -> anyhow::Result<(Vec<Uuid>, usize)> {
    let run = Uuid::new_v4().simple().to_string()[..8].to_uppercase();
    let mut ids = Vec::with_capacity(count);
    let mut events = 0;
    for index in 0..count {
        let id = rng.uuid();
        let code = format!("B{run}-{index:02}");
        target.register_programme(data::programme_body(id, &code, index)).await?;
        for _ in 0..2 {
            target.contribution(id, data::contribution_body(rng)).await?;
        }
        events += 3;
        ids.push(id);
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
        let mut rng = Rng::new(index as u64);
        let id = rng.uuid();
        let programme = *rng.pick(&programmes);
        let (plan, start) = data::plan_body(id, programme, &mut rng);
        if budget.fetch_add(1, Ordering::Relaxed) >= limit {
            return Ok(written);
        }
        target.plan(plan).await.with_context(|| format!("activity {index}"))?;
        written += 1;
        for (step, body) in data::lifecycle(start, &mut rng) {
            if budget.fetch_add(1, Ordering::Relaxed) >= limit {
                return Ok(written);
            }
            target.activity(id, step, body).await.with_context(|| format!("activity {index}"))?;
            written += 1;
        }
    }
}

pub async fn run(database_url: &str, events: usize, tasks: usize) -> anyhow::Result<()> {
    let target = Target::bus(database_url).await?;
    let started = Instant::now();
    let mut rng = Rng::new(u64::from(std::process::id()));
    let (programmes, setup) = programmes(&target, PROGRAMMES, &mut rng).await?;
    let budget = Arc::new(AtomicUsize::new(setup));
    let next_activity = Arc::new(AtomicUsize::new(usize::try_from(rng.below(1 << 40)).unwrap_or(0)));
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
        "RESULT generate events={written} seconds={:.1} events_per_s={:.0} tasks={tasks}",
        elapsed.as_secs_f64(),
        rate(written, elapsed)
    );
    Ok(())
}
