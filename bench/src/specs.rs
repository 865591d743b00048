//! The data set's shape, drawn from the dice: programmes and activities as their API requests
//! would create them. `generate` writes them through the bus, `bulk` straight to the log.

use serde_json::Value;
use uuid::Uuid;

use crate::data::{self, Rng};

pub const PROGRAMMES: usize = 20;
/// Contributions recorded on each programme after its registration.
pub const CONTRIBUTIONS: usize = 2;

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
