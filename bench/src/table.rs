//! The verdict table: every figure of one `bench/run.sh` run beside its ceiling or reference,
//! the ratio, the target and whether it was met, as Markdown ready for BENCHMARKS.md.
//!
//! The input is the run's `RESULT <what> key=value ...` lines. `run.sh` tags each with the store
//! it was measured on: `stage=empty` (before any data), `stage=small` (a tenth of the data set,
//! the flat-cost checkpoint) or none (the full data set).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::Context as _;

mod scale;

/// Issue 15's targets. Ratios are taken within one run, so a noisy machine moves both sides.
mod target {
    /// HTTP commands over PostgreSQL's own commit ceiling (pgbench), at 8 and 32 clients.
    pub const HTTP_OVER_CEILING: f64 = 0.35;
    /// HTTP commands over the bare bus on SQLite, at every concurrency.
    pub const HTTP_OVER_BUS: f64 = 0.6;
    pub const SUMMARY_P99_MS: f64 = 5.0;
    /// At ten million events and more, summaries may take this much longer (issue 29).
    pub const SUMMARY_GROWTH_AT_10M: f64 = 1.2;
    pub const LIST_P99_MS: f64 = 20.0;
    /// A summary `as_of` an instant (the time-travel issue's bound).
    pub const AS_OF_MS: f64 = 30_000.0;
    pub const REPLAY_OVER_READ: f64 = 0.5;
    pub const LAG_P99_MS: f64 = 100.0;
    /// Cost at the full size over cost at the small one.
    pub const FLAT_COST: f64 = 1.2;
    pub const RSS_MB: f64 = 150.0;
    pub const COLD_START_MS: f64 = 2_000.0;
    /// 10,000 imported rows (the import issue's bound).
    pub const IMPORT_SECONDS: f64 = 30.0;
    /// The server's CPU time per HTTP command, in microseconds (issue 29): on PostgreSQL without
    /// the projector and with it, and on SQLite with it.
    pub const CPU_US_POSTGRES_ALONE: f64 = 100.0;
    pub const CPU_US_POSTGRES: f64 = 150.0;
    pub const CPU_US_SQLITE: f64 = 250.0;
}

/// One `RESULT` line.
struct Line {
    what: String,
    fields: BTreeMap<String, String>,
}

impl Line {
    fn parse(text: &str) -> Option<Self> {
        let mut words = text.strip_prefix("RESULT ")?.split_whitespace();
        let what = words.next()?.to_owned();
        let fields = words
            .filter_map(|word| word.split_once('='))
            .map(|(key, value)| (key.to_owned(), value.to_owned()))
            .collect();
        Some(Self { what, fields })
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }

    fn number(&self, key: &str) -> Option<f64> {
        self.get(key)?.parse().ok()
    }

    /// The store the figure was measured on: `empty`, `small` (the flat-cost checkpoint) or
    /// `full`.
    fn stage(&self) -> &str {
        self.get("stage").unwrap_or("full")
    }

    fn small(&self) -> bool {
        self.stage() == "small"
    }
}

/// How a figure compares with its target.
#[derive(Clone, Copy)]
enum Goal {
    /// The ratio must be at least this.
    AtLeast(f64),
    /// The figure (or ratio) must be at most this.
    AtMost(f64),
    /// No target: a reference figure.
    None,
}

struct Table {
    out: String,
}

impl Table {
    fn new() -> Self {
        Self {
            out: "| Figure | Measured | Ceiling / reference | Ratio | Target | Verdict |\n|---|---|---|---|---|---|\n"
                .to_owned(),
        }
    }

    /// A row whose verdict is on `value`, which is `measured / reference` when there is a
    /// reference and the measured figure itself otherwise.
    fn row(&mut self, figure: &str, measured: &str, reference: Option<(&str, f64)>, value: f64, goal: Goal) {
        let (reference_text, ratio) = match reference {
            Some((text, _)) => (text.to_owned(), format!("{value:.2}")),
            None => ("—".to_owned(), "—".to_owned()),
        };
        let (target, verdict) = match goal {
            Goal::AtLeast(bound) => (format!("≥ {bound}"), if value >= bound { "met" } else { "**missed**" }),
            Goal::AtMost(bound) => (format!("≤ {bound}"), if value <= bound { "met" } else { "**missed**" }),
            Goal::None => ("—".to_owned(), ""),
        };
        let _ = writeln!(
            self.out,
            "| {figure} | {measured} | {reference_text} | {ratio} | {target} | {verdict} |"
        );
    }
}

/// Reads the run's results and prints the table.
pub fn run(path: &std::path::Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let lines: Vec<Line> = text.lines().filter_map(Line::parse).collect();
    print!("{}", render(&lines));
    Ok(())
}

fn render(lines: &[Line]) -> String {
    let mut table = Table::new();
    let full = |what: &'static str| of(lines, what, false);
    let small = |what: &'static str| of(lines, what, true);
    command_rows(&mut table, lines);
    if let (Some(replay), Some(read)) = (full("replay").next(), full("read").next()) {
        if let (Some(replayed), Some(raw)) = (replay.number("events_per_s"), read.number("events_per_s")) {
            let measured = format!("{replayed:.0} events/s ({} events)", or_dash(replay.get("events")));
            let reference = format!("{raw:.0} events/s (raw read)");
            table.row(
                "Replay",
                &measured,
                Some((&reference, raw)),
                replayed / raw,
                Goal::AtLeast(target::REPLAY_OVER_READ),
            );
        }
    }
    let events = full("run").next().and_then(|l| l.number("events")).unwrap_or(0.0);
    let summary_bound = if events >= 10_000_000.0 {
        target::SUMMARY_P99_MS * target::SUMMARY_GROWTH_AT_10M
    } else {
        target::SUMMARY_P99_MS
    };
    for line in full("query") {
        let (Some(kind), Some(p99)) = (line.get("kind"), line.number("p99_ms")) else { continue };
        let bound = if kind.contains("as_of_") && !kind.contains("position") {
            target::AS_OF_MS
        } else if kind.starts_with("list") {
            target::LIST_P99_MS
        } else {
            summary_bound
        };
        let refused = line.number("refused").unwrap_or(0.0);
        let mut measured = format!(
            "p50 {} ms, p99 {p99} ms ({} requests)",
            or_dash(line.get("p50_ms")),
            or_dash(line.get("requests"))
        );
        if refused > 0.0 {
            let _ = write!(measured, ", {refused} refused");
        }
        // A refusal (the server's own timeout) misses the bound whatever the others took.
        let judged = if refused > 0.0 { f64::INFINITY } else { p99 };
        table.row(&format!("Query `{kind}`, p99"), &measured, None, judged, Goal::AtMost(bound));
    }
    if let Some(lag) = full("lag").next() {
        if let Some(p99) = lag.number("visible_p99_ms") {
            let measured = format!(
                "p50 {} ms, p99 {p99} ms at {} cmd/s achieved ({} offered)",
                or_dash(lag.get("visible_p50_ms")),
                or_dash(lag.get("achieved_per_s")),
                or_dash(lag.get("rate"))
            );
            table.row(
                "Lag, acknowledged to visible, p99",
                &measured,
                None,
                p99,
                Goal::AtMost(target::LAG_P99_MS),
            );
        }
    }
    flat_cost(&mut table, lines);
    resource_rows(&mut table, lines);
    scale::rows(&mut table, lines);
    for line in lines.iter().filter(|l| l.what.starts_with("import_")) {
        if let Some(seconds) = line.number("seconds") {
            let rows = or_dash(line.get("rows"));
            let figure = format!("Import of {rows} rows, {}", &line.what["import_".len()..]);
            // The bound is for 10,000 rows; another size is reported without a verdict.
            let goal = if rows == "10000" { Goal::AtMost(target::IMPORT_SECONDS) } else { Goal::None };
            table.row(&figure, &format!("{seconds} s"), None, seconds, goal);
        }
    }
    for line in full("generate").chain(small("generate")) {
        let stage = if line.small() { "small" } else { "full" };
        let measured = format!(
            "{} events/s ({} events)",
            or_dash(line.get("events_per_s")),
            or_dash(line.get("events"))
        );
        table.row(&format!("Generate ({stage} step)"), &measured, None, 0.0, Goal::None);
    }
    table.out
}

/// Memory (the replay's, the server's and the server's during each export) and the cold start.
fn resource_rows(table: &mut Table, lines: &[Line]) {
    let full = |what: &'static str| of(lines, what, false);
    for line in full("rss") {
        if let Some(mb) = line.number("peak_rss_mb") {
            table.row(
                &format!("Peak RSS, {}", or_dash(line.get("of"))),
                &format!("{mb:.0} MB"),
                None,
                mb,
                Goal::AtMost(target::RSS_MB),
            );
        }
    }
    for line in full("export") {
        if let Some(mb) = line.number("server_peak_rss_mb") {
            let measured = format!(
                "{mb:.0} MB ({} bytes in {} s)",
                or_dash(line.get("bytes")),
                or_dash(line.get("seconds"))
            );
            table.row(
                &format!("Server RSS during export `{}`", or_dash(line.get("what"))),
                &measured,
                None,
                mb,
                Goal::AtMost(target::RSS_MB),
            );
        }
    }
    if let Some(ms) = full("cold_start").next().and_then(|l| l.number("ready_ms")) {
        table.row(
            "Cold start, `serve` to ready",
            &format!("{ms:.0} ms"),
            None,
            ms,
            Goal::AtMost(target::COLD_START_MS),
        );
    }
}

/// Each command-path figure, HTTP judged against pgbench (PostgreSQL) or the bus on the same
/// store (SQLite).
fn command_rows(table: &mut Table, lines: &[Line]) {
    let full = |what: &'static str| of(lines, what, false);
    let ceiling = |clients: &str| {
        full("ceiling").find(|l| l.get("clients") == Some(clients)).and_then(|l| l.number("tps"))
    };
    let bus_at = |clients: &str| {
        full("commands")
            .find(|l| {
                l.get("path") == Some("bus") && l.stage() == "full" && l.get("clients") == Some(clients)
            })
            .and_then(|l| l.number("cmds_per_s"))
    };
    let postgres = full("ceiling").next().is_some();

    for line in full("commands") {
        let (Some(clients), Some(rate)) = (line.get("clients"), line.number("cmds_per_s")) else { continue };
        let path = line.get("path").unwrap_or("?");
        let measured = format!(
            "{rate:.0} cmd/s (p50 {} ms, p99 {} ms)",
            or_dash(line.get("p50_ms")),
            or_dash(line.get("p99_ms"))
        );
        let figure = match line.stage() {
            "no_projector" => format!("Commands, {path}, {clients} clients, full store, no projector"),
            stage => format!("Commands, {path}, {clients} clients, {stage} store"),
        };
        let busy = clients != "1";
        cpu_row(table, line, postgres);
        if line.stage() == "no_projector" {
            table.row(&figure, &measured, None, rate, Goal::None);
            continue;
        }
        match (path, postgres) {
            ("http", true) => {
                let goal = if busy { Goal::AtLeast(target::HTTP_OVER_CEILING) } else { Goal::None };
                reference_row(table, &figure, &measured, ceiling(clients), "pgbench", rate, goal);
            }
            ("http", false) => {
                let reference = bus_at(clients);
                reference_row(
                    table,
                    &figure,
                    &measured,
                    reference,
                    "bus, same store",
                    rate,
                    Goal::AtLeast(target::HTTP_OVER_BUS),
                );
            }
            (_, true) => {
                reference_row(table, &figure, &measured, ceiling(clients), "pgbench", rate, Goal::None);
            }
            _ => table.row(&figure, &measured, None, rate, Goal::None),
        }
    }
}

/// The cost of a command, a summary and a page of a list on the full data set over the same on
/// the small one (issue 15, target 5).
fn flat_cost(table: &mut Table, lines: &[Line]) {
    let pick = |small: bool, what: &str, key: &str, value: &str| {
        lines.iter().find(|l| l.small() == small && l.what == what && l.get(key) == Some(value))
    };
    for small_line in
        lines.iter().filter(|l| l.small() && l.what == "commands" && l.get("path") == Some("http"))
    {
        let Some(clients) = small_line.get("clients") else { continue };
        let full_line = lines.iter().find(|l| {
            l.stage() == "full"
                && l.what == "commands"
                && l.get("path") == Some("http")
                && l.get("clients") == Some(clients)
        });
        if let (Some(at_small), Some(at_full)) =
            (small_line.number("cmds_per_s"), full_line.and_then(|l| l.number("cmds_per_s")))
        {
            // Cost is time per command: the inverse of the rate.
            let measured = format!("{at_full:.0} cmd/s at full size");
            let reference = format!("{at_small:.0} cmd/s at small size");
            let figure = format!("Flat cost: a command over HTTP, {clients} clients");
            flat_cost_row(table, &figure, (&measured, &reference, at_small), at_small / at_full);
        }
    }
    for small_line in lines.iter().filter(|l| l.small() && l.what == "query") {
        let Some(kind) = small_line.get("kind") else { continue };
        if kind.contains("as_of_") && !kind.contains("position") {
            continue; // folds the streams changed since an instant: grows with the log by design
        }
        if let (Some(at_small), Some(at_full)) =
            (small_line.number("p50_ms"), pick(false, "query", "kind", kind).and_then(|l| l.number("p50_ms")))
        {
            let measured = format!("p50 {at_full} ms at full size");
            let reference = format!("p50 {at_small} ms at small size");
            let figure = format!("Flat cost: `{kind}`");
            flat_cost_row(table, &figure, (&measured, &reference, at_small), at_full / at_small);
        }
    }
}

/// A row of `figure` at full size against the small size, whose cost grew by `growth`: at most
/// [`target::FLAT_COST`].
fn flat_cost_row(
    table: &mut Table,
    figure: &str,
    (measured, reference, at_small): (&str, &str, f64),
    growth: f64,
) {
    table.row(figure, measured, Some((reference, at_small)), growth, Goal::AtMost(target::FLAT_COST));
}

fn reference_row(
    table: &mut Table,
    figure: &str,
    measured: &str,
    reference: Option<f64>,
    name: &str,
    rate: f64,
    goal: Goal,
) {
    match reference {
        Some(reference) => {
            let text = format!("{reference:.0} ({name})");
            table.row(figure, measured, Some((&text, reference)), rate / reference, goal);
        }
        None => table.row(figure, measured, None, rate, Goal::None),
    }
}

/// The lines of one kind measured on the small store, or on any other.
/// The server's CPU time per command of an HTTP `commands` line that measured it.
fn cpu_row(table: &mut Table, line: &Line, postgres: bool) {
    let Some(us) = line.number("cpu_us_per_cmd") else { return };
    let alone = line.stage() == "no_projector";
    let goal = match (postgres, alone) {
        (true, true) => Goal::AtMost(target::CPU_US_POSTGRES_ALONE),
        (true, false) => Goal::AtMost(target::CPU_US_POSTGRES),
        (false, false) => Goal::AtMost(target::CPU_US_SQLITE),
        (false, true) => Goal::None,
    };
    let goal = if line.small() { Goal::None } else { goal };
    let figure = format!(
        "Server CPU per command, http, {} clients, {} store{}",
        or_dash(line.get("clients")),
        if line.small() { "small" } else { "full" },
        if alone { ", no projector" } else { "" }
    );
    table.row(&figure, &format!("{us:.0} µs"), None, us, goal);
}

fn of<'a>(lines: &'a [Line], what: &'a str, small: bool) -> impl Iterator<Item = &'a Line> {
    lines.iter().filter(move |l| l.what == what && l.small() == small)
}

fn or_dash(value: Option<&str>) -> &str {
    value.unwrap_or("—")
}

#[cfg(test)]
mod tests;
