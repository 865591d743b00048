//! `generate --through-bus`: a realistic data set of N events ([`crate::specs`]), every command
//! sent through the command bus, several tasks at once. The default mode writes the same data
//! set in bulk (`bulk`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use uuid::Uuid;

use crate::data::Rng;
use crate::specs::{first_activity, programme_specs, ActivitySpec, CONTRIBUTIONS, PROGRAMMES};
use crate::stats::rate;
use crate::target::Target;

/// How a data set is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Decided by the domain, appended straight to the log in large transactions.
    Bulk,
    /// One command per commit through the command bus.
    Bus,
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

pub async fn through_bus(database_url: &str, events: usize, tasks: usize, seed: u64) -> anyhow::Result<()> {
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
