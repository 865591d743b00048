//! The rows that size an installation: the store's bytes, backup and restore (PostgreSQL), and
//! the reads' throughput with a standby against none. The issue sets no bound on them: they
//! are the measured inputs of the capacity plan in BENCHMARKS.md.

use super::{of, or_dash, Goal, Line, Table};

const MB: f64 = 1e6;

pub(super) fn rows(table: &mut Table, lines: &[Line]) {
    let full = |what: &'static str| of(lines, what, false);
    if let Some(line) = full("storage").next() {
        if let Some(bytes) = line.number("bytes") {
            let share = |part: &str| {
                let part_bytes = line.number(&format!("{part}_bytes")).unwrap_or(0.0);
                if bytes > 0.0 {
                    100.0 * part_bytes / bytes
                } else {
                    0.0
                }
            };
            let measured = format!(
                "{:.0} MB: {} bytes an event, {} an activity ({} events, {} activities); \
                 log {:.0}%, chain {:.0}%, read models {:.0}%, other {:.0}%",
                bytes / MB,
                or_dash(line.get("bytes_per_event")),
                or_dash(line.get("bytes_per_activity")),
                or_dash(line.get("events")),
                or_dash(line.get("activities")),
                share("events"),
                share("chain"),
                share("read_models"),
                share("other"),
            );
            table.row("Storage, full store", &measured, None, bytes, Goal::None);
        }
    }
    if let Some(line) = full("backup").next() {
        let measured =
            format!("{} s, {:.0} MB", or_dash(line.get("seconds")), line.number("bytes").unwrap_or(0.0) / MB);
        table.row("Backup, `pg_dump -Fc`", &measured, None, 0.0, Goal::None);
    }
    if let Some(line) = full("restore").next() {
        let measured = format!(
            "{} s; the restored chain checked by `tatrack audit check` in {} s: {}",
            or_dash(line.get("seconds")),
            or_dash(line.get("check_seconds")),
            or_dash(line.get("chain"))
        );
        let figure = format!("Restore, `pg_restore -j {}`", or_dash(line.get("jobs")));
        table.row(&figure, &measured, None, 0.0, Goal::None);
    }
    let reads = |stage: &str| full("reads").find(|l| l.stage() == stage);
    let primary = reads("primary").and_then(|l| l.number("requests_per_s"));
    for (stage, name) in [("primary", "the primary alone"), ("standby", "one standby beside the primary")] {
        let Some(line) = reads(stage) else { continue };
        let Some(rate) = line.number("requests_per_s") else { continue };
        let measured = format!(
            "{rate:.0} reads/s (p50 {} ms, p99 {} ms, {} rounds refused)",
            or_dash(line.get("p50_ms")),
            or_dash(line.get("p99_ms")),
            or_dash(line.get("refused_rounds"))
        );
        let figure = format!("Summaries and lists, {} clients, {name}", or_dash(line.get("clients")));
        match primary.filter(|_| stage == "standby") {
            Some(alone) => {
                let reference = format!("{alone:.0} reads/s (the primary alone)");
                table.row(&figure, &measured, Some((&reference, alone)), rate / alone, Goal::None);
            }
            None => table.row(&figure, &measured, None, rate, Goal::None),
        }
    }
}
