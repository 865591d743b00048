//! `lag`: commands at a fixed rate over HTTP; for each, the time from its answer until a query
//! with `min_position` set to its position returns (projection lag plus the query): a one-item
//! page of `GET /api/v1/activities`, which waits for the projector, polling every 5 ms.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::ensure;
use tokio::sync::{Mutex, Semaphore};
use uuid::Uuid;

use crate::data::{self, Rng};
use crate::generate;
use crate::stats::{rate, Samples};
use crate::target::{http_client, local_url, Target};

/// Delivered activities the measured commands are spread over, keeping streams short.
const ACTIVITIES: usize = 200;
/// Commands in flight at most; a tick finding none free is counted as skipped.
const IN_FLIGHT: u32 = 256;

#[derive(Default)]
struct Results {
    command: Samples,
    visible: Samples,
    errors: usize,
}

/// Plans and delivers the activities the run records outputs on.
async fn prepare(target: &Target) -> anyhow::Result<Vec<Uuid>> {
    let mut rng = Rng::new(u64::from(std::process::id()) << 16);
    let (programmes, _) = generate::programmes(target, 2, &mut rng).await?;
    let mut ids = Vec::with_capacity(ACTIVITIES);
    for _ in 0..ACTIVITIES {
        let id = rng.uuid();
        let (plan, start) = data::plan_body(id, *rng.pick(&programmes), &mut rng);
        target.plan(plan).await?;
        target.activity(id, "delivery", data::delivery_body(start, &mut rng)).await?;
        ids.push(id);
    }
    Ok(ids)
}

pub async fn run(url: &str, token: &str, per_second: u32, seconds: u64) -> anyhow::Result<()> {
    ensure!((1..=5000).contains(&per_second), "--rate must be 1 to 5000");
    let target = Target::http(url, token)?;
    let base = local_url(url)?;
    let client = http_client(token)?;
    let ids = Arc::new(prepare(&target).await?);
    let results = Arc::new(Mutex::new(Results::default()));
    let slots = Arc::new(Semaphore::new(IN_FLIGHT as usize));
    let mut ticker = tokio::time::interval(Duration::from_secs(1) / per_second);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let total = usize::try_from(u64::from(per_second) * seconds).unwrap_or(usize::MAX);
    let (mut sent, mut skipped) = (0, 0);
    let started = Instant::now();
    for n in 0..total {
        ticker.tick().await;
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            skipped += 1;
            continue;
        };
        sent += 1;
        let (target, client, ids, results) = (target.clone(), client.clone(), ids.clone(), results.clone());
        let status = base.join("/api/v1/activities")?;
        tokio::spawn(async move {
            let mut rng = Rng::new(n as u64);
            let began = Instant::now();
            let outcome = target.activity(ids[n % ids.len()], "outputs", data::output_body(&mut rng)).await;
            let answered = Instant::now();
            let seen = match outcome {
                Ok(position) => {
                    let query =
                        client.get(status).query(&[("min_position", position), ("limit", 1)]).send().await;
                    query.ok().filter(|r| r.status().is_success()).map(|_| answered.elapsed())
                }
                Err(_) => None,
            };
            let mut results = results.lock().await;
            match seen {
                Some(lag) => {
                    results.command.push(answered - began);
                    results.visible.push(lag);
                }
                None => results.errors += 1,
            }
            drop(slot);
        });
    }
    let offered = started.elapsed();
    // Wait (bounded by the client's timeout) for the last commands to finish.
    let _all = tokio::time::timeout(Duration::from_secs(40), slots.acquire_many(IN_FLIGHT)).await;
    let mut results = results.lock().await;
    let command = results.command.describe().replace(' ', " command_");
    let visible = results.visible.describe().replace(' ', " visible_");
    let achieved = rate(sent, offered);
    println!(
        "RESULT lag rate={per_second} sent={sent} achieved_per_s={achieved:.0} skipped={skipped} errors={} command_{} visible_{}",
        results.errors, command, visible
    );
    Ok(())
}
