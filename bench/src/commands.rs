//! `commands`: the write path at a given concurrency. Each client plans an activity, records its
//! delivery, then participants and outputs on it, and moves to a new activity every eight
//! commands so streams stay short (one event per command throughout).

use std::time::{Duration, Instant};

use uuid::Uuid;

use crate::data::{self, Rng};
use crate::generate;
use crate::stats::{rate, Samples};
use crate::target::Target;

/// Commands per activity before a client moves to a new one.
const PER_ACTIVITY: usize = 8;
/// Each client stops after this many commands even if time remains.
const MAX_PER_CLIENT: usize = 2_000_000;

#[derive(Default)]
struct ClientResult {
    samples: Samples,
    errors: usize,
    first_error: Option<String>,
}

async fn client(target: Target, programmes: Vec<Uuid>, seed: u64, deadline: Instant) -> ClientResult {
    let mut rng = Rng::new(seed);
    let mut result = ClientResult::default();
    let (mut id, mut start) = (Uuid::nil(), chrono::NaiveDate::default());
    let mut sent = 0;
    while Instant::now() < deadline && sent < MAX_PER_CLIENT {
        let began = Instant::now();
        let outcome = match sent % PER_ACTIVITY {
            0 => {
                id = rng.uuid();
                let (plan, planned_start) = data::plan_body(id, *rng.pick(&programmes), &mut rng);
                start = planned_start;
                target.plan(plan).await
            }
            1 => target.activity(id, "delivery", data::delivery_body(start, &mut rng)).await,
            n if n % 2 == 0 => target.activity(id, "participants", data::participants_body(&mut rng)).await,
            _ => target.activity(id, "outputs", data::output_body(&mut rng)).await,
        };
        sent += 1;
        match outcome {
            Ok(_) => result.samples.record(began),
            Err(error) => {
                result.errors += 1;
                result.first_error.get_or_insert_with(|| format!("{error:#}"));
                // A failed plan or delivery leaves nothing to record on: start a new activity.
                sent = sent.div_ceil(PER_ACTIVITY) * PER_ACTIVITY;
                if result.errors > 1000 {
                    break;
                }
            }
        }
    }
    result
}

pub async fn run(target: Target, label: &str, clients: usize, seconds: u64) -> anyhow::Result<()> {
    let mut rng = Rng::new(u64::from(std::process::id()) << 8);
    let (programmes, _) = generate::programmes(&target, 4, &mut rng).await?;
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            tokio::spawn(client(target.clone(), programmes.clone(), rng.next_u64() ^ c as u64, deadline))
        })
        .collect();
    let mut all = ClientResult::default();
    for handle in handles {
        let result = handle.await?;
        all.samples.extend(result.samples);
        all.errors += result.errors;
        if all.first_error.is_none() {
            all.first_error = result.first_error;
        }
    }
    let elapsed = started.elapsed();
    let ok = all.samples.len();
    println!(
        "RESULT commands path={label} clients={clients} commands={ok} errors={} cmds_per_s={:.0} {}",
        all.errors,
        rate(ok, elapsed),
        all.samples.describe()
    );
    if let Some(error) = all.first_error {
        eprintln!("first error: {error}");
    }
    Ok(())
}
