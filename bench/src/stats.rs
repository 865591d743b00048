//! Latency samples and the figures printed from them.

use std::time::{Duration, Instant};

/// Latencies in microseconds.
#[derive(Debug, Default)]
pub struct Samples(Vec<u64>);

impl Samples {
    pub fn record(&mut self, since: Instant) {
        self.push(since.elapsed());
    }

    pub fn push(&mut self, latency: Duration) {
        self.0.push(u64::try_from(latency.as_micros()).unwrap_or(u64::MAX));
    }

    pub fn extend(&mut self, other: Samples) {
        self.0.extend(other.0);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The `q`-quantile (0..=1) in milliseconds; 0 without samples.
    pub fn quantile_ms(&mut self, q: f64) -> f64 {
        if self.0.is_empty() {
            return 0.0;
        }
        self.0.sort_unstable();
        let last = self.0.len() - 1;
        let index = (as_f64(last) * q).round();
        let index = format!("{index:.0}").parse::<usize>().unwrap_or(last).min(last);
        as_f64_u64(self.0[index]) / 1000.0
    }

    /// `p50_ms=.. p99_ms=.. max_ms=..`
    pub fn describe(&mut self) -> String {
        format!(
            "p50_ms={:.2} p99_ms={:.2} max_ms={:.2}",
            self.quantile_ms(0.5),
            self.quantile_ms(0.99),
            self.quantile_ms(1.0)
        )
    }
}

#[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
pub fn as_f64(n: usize) -> f64 {
    n as f64
}

#[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
pub fn as_f64_u64(n: u64) -> f64 {
    n as f64
}

/// Events or commands per second.
pub fn rate(count: usize, elapsed: Duration) -> f64 {
    as_f64(count) / elapsed.as_secs_f64().max(f64::EPSILON)
}
