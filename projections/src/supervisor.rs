//! Running the projector in a server: following the log, surviving failures, and saying how it
//! goes.
//!
//! [`run`] follows the log; a batch that fails is retried with exponential backoff (logged once
//! per retry, recorded in `projection_state` so every replica's status shows it), and a batch of
//! several events that fails is retried one event at a time, so the failure names the one event
//! that cannot be applied and everything before it lands. [`supervise`] restarts [`run`] if it
//! ever panics or returns early. [`ProjectorHealth`] is what readiness, status and metrics read.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::watch;

use crate::failure::{error_chain, StepError};
use crate::leadership::Leadership;
use crate::projector::{Projector, LIVE_BATCH};
use tatrack_store::db::{Db, StoreError};

/// How often an idle projector looks for events written by other processes.
const POLL: Duration = Duration::from_millis(200);
/// How long the projector lets new appends gather before applying them: one commit for the
/// commands of those milliseconds instead of one each. Without it, on SQLite every command
/// queued behind the projector's commit (and its fsync) of the command before; on PostgreSQL
/// the commits compete for the WAL. Well under the lag goal of 100 ms.
const GATHER: Duration = Duration::from_millis(20);
/// How often a standby replica tries to take the lead.
const ELECTION: Duration = Duration::from_secs(1);
/// The first retry's delay; each failure doubles it up to [`BACKOFF_CAP`].
const BACKOFF_FIRST: Duration = Duration::from_millis(100);
const BACKOFF_CAP: Duration = Duration::from_secs(30);

/// The delay before retry number `attempt` (1-based): 100 ms doubling, capped at 30 s.
pub fn backoff(attempt: u32) -> Duration {
    let doublings = (attempt.max(1) - 1).min(16); // 100 ms << 9 already passes the cap
    BACKOFF_FIRST.checked_mul(1 << doublings).map_or(BACKOFF_CAP, |d| d.min(BACKOFF_CAP))
}

/// What this process's projector is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProjectorState {
    /// This process does not project (`serve --no-projector`).
    Off,
    /// Started, not yet past its first election or batch.
    Starting,
    /// Another replica holds the lock; this one waits to take over.
    Standby,
    /// Applying the log (the leader, or the only projector on SQLite).
    Projecting,
    /// Its last batch failed; it retries with backoff.
    Failing,
    /// The task died; the supervisor restarts it after a backoff.
    Restarting,
    /// Shut down with the server.
    Stopped,
}

/// A failure of this process's projector, until a batch succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalFailure {
    pub position: Option<i64>,
    pub error: String,
    /// Consecutive failed attempts.
    pub attempts: u32,
}

#[derive(Debug)]
struct Health {
    state: ProjectorState,
    failure: Option<LocalFailure>,
    failures: u64,
    restarts: u64,
    events_applied: u64,
}

/// Shared between the projector task and the handlers that report on it.
#[derive(Debug)]
pub struct ProjectorHealth {
    /// Names this process in logs, in the leader's `application_name` and in status answers.
    instance: String,
    health: Mutex<Health>,
}

/// A copy of the health, for one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthReport {
    pub state: ProjectorState,
    pub failure: Option<LocalFailure>,
    /// Failed batches since start.
    pub failures: u64,
    /// Times the supervisor restarted the task.
    pub restarts: u64,
    /// Events this process applied since start.
    pub events_applied: u64,
}

impl ProjectorHealth {
    pub fn new() -> Arc<Self> {
        let instance = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
        Arc::new(Self {
            instance,
            health: Mutex::new(Health {
                state: ProjectorState::Off,
                failure: None,
                failures: 0,
                restarts: 0,
                events_applied: 0,
            }),
        })
    }

    pub fn instance(&self) -> &str {
        &self.instance
    }

    pub fn report(&self) -> HealthReport {
        let h = self.lock();
        HealthReport {
            state: h.state,
            failure: h.failure.clone(),
            failures: h.failures,
            restarts: h.restarts,
            events_applied: h.events_applied,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Health> {
        // A panic while holding this lock leaves plain counters behind: still worth reading.
        self.health.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn set_state(&self, state: ProjectorState) {
        self.lock().state = state;
    }

    fn applied(&self, events: usize) {
        let mut h = self.lock();
        h.events_applied += events as u64;
        h.failure = None;
        h.state = ProjectorState::Projecting;
    }

    /// Records a failed attempt; returns its number.
    fn failed(&self, error: &StepError) -> u32 {
        let mut h = self.lock();
        let attempts = h.failure.as_ref().map_or(1, |f| f.attempts.checked_add(1).unwrap_or(f.attempts));
        h.failure = Some(LocalFailure { position: error.position(), error: error.to_string(), attempts });
        h.failures += 1;
        h.state = ProjectorState::Failing;
        attempts
    }

    fn restarting(&self) {
        let mut h = self.lock();
        h.restarts += 1;
        h.state = ProjectorState::Restarting;
    }
}

/// Runs `task` until `shutdown`, starting it again (after a backoff) whenever it panics or
/// returns while the server still runs. `task` builds a fresh run each time.
pub async fn supervise<F, Fut>(health: Arc<ProjectorHealth>, shutdown: watch::Receiver<bool>, mut task: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let mut deaths = 0;
    loop {
        let started = tokio::time::Instant::now();
        let outcome = tokio::spawn(task()).await;
        if *shutdown.borrow() {
            health.set_state(ProjectorState::Stopped);
            return;
        }
        match outcome {
            Ok(()) => tracing::error!("the projector stopped on its own; restarting it"),
            Err(error) => tracing::error!(%error, "the projector task died; restarting it"),
        }
        // A task that ran for longer than the cap died of something new: start the backoff over.
        deaths = if started.elapsed() > BACKOFF_CAP { 1 } else { deaths + 1 };
        health.restarting();
        if sleep_or_shutdown(backoff(deaths), &mut shutdown.clone()).await {
            health.set_state(ProjectorState::Stopped);
            return;
        }
    }
}

/// Follows the log until `shutdown` turns true; never returns an error, never gives up.
pub async fn run(projector: Projector, health: Arc<ProjectorHealth>, mut shutdown: watch::Receiver<bool>) {
    health.set_state(ProjectorState::Starting);
    if matches!(projector.db(), Db::Sqlite(..)) {
        // No election on SQLite: a failure recorded by an earlier process is not this one's.
        forget_failure(projector.db()).await;
    }
    let mut leadership: Option<Leadership> = None;
    // After a batch of several events fails: how many to apply one at a time before going back
    // to full batches.
    let mut one_by_one = 0_usize;
    while !*shutdown.borrow() {
        if let Db::Postgres(pool) = projector.db() {
            if let Some(mut held) = leadership.take() {
                if held.still_held().await {
                    leadership = Some(held);
                } else {
                    tracing::warn!(
                        instance = health.instance(),
                        "the projector lost its leader session; re-electing"
                    );
                    held.release().await;
                }
            }
            if leadership.is_none() {
                leadership = Leadership::acquire(pool, health.instance()).await;
                if leadership.is_none() {
                    health.set_state(ProjectorState::Standby);
                    if sleep_or_shutdown(ELECTION, &mut shutdown).await {
                        break;
                    }
                    continue;
                }
                tracing::info!(instance = health.instance(), "this replica now leads the projection");
                // A failure recorded by an earlier leader is not this one's.
                forget_failure(projector.db()).await;
            }
        }
        let limit = if one_by_one > 0 { 1 } else { LIVE_BATCH };
        match projector.step(limit).await {
            Ok(applied) => {
                // Here this process leads (on PostgreSQL it just checked its lock).
                projector.sign_when_due().await;
                if health.report().failure.is_some() {
                    tracing::info!("the projector recovered");
                    forget_failure(projector.db()).await;
                }
                health.applied(applied);
                one_by_one = one_by_one.saturating_sub(applied);
                // Behind by a full batch or more, or walking past a failed batch: keep going.
                if one_by_one > 0 || usize::try_from(LIVE_BATCH).is_ok_and(|full| applied >= full) {
                    continue;
                }
                if applied == 0 {
                    tokio::select! {
                        () = projector.appended() => {}
                        () = tokio::time::sleep(POLL) => continue,
                        _ = shutdown.changed() => continue,
                    }
                }
                if sleep_or_shutdown(GATHER, &mut shutdown).await {
                    break;
                }
            }
            Err(StepError::Apply { events, .. }) if events > 1 => one_by_one = events,
            Err(error) => {
                let attempt = health.failed(&error);
                let delay = backoff(attempt);
                tracing::warn!(
                    %error, position = error.position(), attempt, retry_in_ms = delay.as_millis(),
                    "the projector cannot apply the log; retrying"
                );
                record_failure(projector.db(), &error, attempt).await;
                if sleep_or_shutdown(delay, &mut shutdown).await {
                    break;
                }
            }
        }
    }
    if let Some(held) = leadership {
        held.release().await;
    }
    health.set_state(ProjectorState::Stopped);
}

/// Sleeps for `delay`; `true` if the server is shutting down.
async fn sleep_or_shutdown(delay: Duration, shutdown: &mut watch::Receiver<bool>) -> bool {
    tokio::select! {
        () = tokio::time::sleep(delay) => {}
        _ = shutdown.changed() => {}
    }
    *shutdown.borrow()
}

/// Puts the failure where every replica's status reads it. Best effort: when the store itself
/// is down, the log and this process's readiness still say it.
async fn record_failure(db: &Db, error: &StepError, attempts: u32) {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let result = tatrack_store::on_db!(db, |pool, _columns| {
        sqlx::query(
            "UPDATE projection_state SET failed_position = $1, failure = $2, failed_attempts = $3, \
             failed_since = COALESCE(failed_since, $4) WHERE id = 1",
        )
        .bind(error.position())
        .bind(error.to_string())
        .bind(i64::from(attempts))
        .bind(&now)
        .execute(pool)
        .await
        .map(drop)
    });
    warn_if_failed(result, "cannot record the projector's failure");
}

async fn forget_failure(db: &Db) {
    let result = tatrack_store::on_db!(db, |pool, _columns| {
        sqlx::query(
            "UPDATE projection_state SET failed_position = NULL, failure = NULL, failed_attempts = 0, \
             failed_since = NULL WHERE id = 1 AND failure IS NOT NULL",
        )
        .execute(pool)
        .await
        .map(drop)
    });
    warn_if_failed(result, "cannot clear the projector's failure");
}

/// Logs a best-effort write to `projection_state` that failed: `what` could not be stored.
fn warn_if_failed(result: Result<(), sqlx::Error>, what: &str) {
    if let Err(error) = result.map_err(StoreError::from) {
        tracing::warn!(error = error_chain(&error), "{what}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_100_ms_and_stops_at_30_s() {
        let delays: Vec<u128> = (1..=12).map(|n| backoff(n).as_millis()).collect();
        assert_eq!(delays, [100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 30_000, 30_000, 30_000]);
        assert_eq!(backoff(u32::MAX), BACKOFF_CAP);
    }

    /// The real supervisor, given a task that dies twice (a panic, then an early return),
    /// starts it again each time and stops when told.
    #[tokio::test]
    async fn the_supervisor_restarts_a_task_that_panics_or_returns() {
        let health = ProjectorHealth::new();
        let (shutdown_sender, shutdown) = watch::channel(false);
        let shutdown_sender = Arc::new(shutdown_sender);
        let starts = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let counter = starts.clone();
        // Waits 100 ms, then 200 ms, between the starts.
        let supervisor = tokio::spawn(supervise(health.clone(), shutdown, move || {
            let start = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            let sender = shutdown_sender.clone();
            async move {
                match start {
                    1 => panic!("a projector bug"),
                    2 => {} // returns without being told to stop
                    _ => {
                        let _ = sender.send(true);
                    }
                }
            }
        }));
        supervisor.await.expect("the supervisor ends when told to stop");

        assert_eq!(starts.load(std::sync::atomic::Ordering::SeqCst), 3, "started, restarted twice");
        let report = health.report();
        assert_eq!(report.restarts, 2);
        assert_eq!(report.state, ProjectorState::Stopped);
    }
}
