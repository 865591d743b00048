//! `tatrack-bench`: tatrack's benchmarks. See BENCHMARKS.md and `bench/run.sh`, which runs them
//! all on one backend. Every run is bounded in count and time, and only talks to 127.0.0.1.

mod bulk;
mod commands;
mod data;
mod generate;
mod import;
mod lag;
mod queries;
mod read;
mod specs;
mod stats;
mod storage;
mod table;
mod target;

use anyhow::ensure;
use clap::{Parser, Subcommand};

/// The most events `generate` writes in one run.
const MAX_EVENTS: usize = 10_000_000;
/// The longest any timed phase runs.
const MAX_SECONDS: u64 = 600;
/// The most concurrent clients or writer tasks.
const MAX_CLIENTS: usize = 128;

#[derive(Parser)]
#[command(name = "tatrack-bench", about = "Benchmarks of tatrack (bounded, 127.0.0.1 only)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a realistic data set of N events: decided by the domain and appended in large
    /// transactions, or with --through-bus one command per commit through the command bus.
    Generate {
        #[arg(long)]
        database_url: String,
        #[arg(long, default_value_t = 200_000)]
        events: usize,
        /// Send every command through the command bus (no HTTP), as the server would.
        #[arg(long)]
        through_bus: bool,
        /// Concurrent writer tasks: 8 through the bus, 2 in bulk (SQLite: always 1 in bulk).
        #[arg(long)]
        tasks: Option<usize>,
        /// The dice's seed (default: the process id); one seed gives the same data set in
        /// either mode, but for the request ids, times and programme codes.
        #[arg(long)]
        seed: Option<u64>,
    },
    /// The raw read speed of the event log, in the projector's order: the replay's ceiling.
    Read {
        #[arg(long)]
        database_url: String,
    },
    /// The command path at a concurrency: through the bus, or with --http through a server.
    Commands {
        /// Used without --http.
        #[arg(long, required_unless_present = "http")]
        database_url: Option<String>,
        #[arg(long, default_value_t = 1)]
        clients: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// A running server, such as `http://127.0.0.1:18080` (start it with --rate-limit 0).
        #[arg(long, requires = "token")]
        http: Option<String>,
        /// An admin token for --http.
        #[arg(long)]
        token: Option<String>,
    },
    /// p50/p99 of each summary (without and with date ranges, and waiting for a position
    /// already reached) and of a filtered, paginated list against a running server; then
    /// country summaries `as_of` three instants.
    Queries {
        #[arg(long)]
        url: String,
        #[arg(long)]
        token: String,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Leave out the `as_of` summaries (each may fold much of the log).
        #[arg(long)]
        no_as_of: bool,
        /// Instead of each query's latency, the reads per second of this many concurrent
        /// callers asking the summaries and list pages (no `as_of`).
        #[arg(long)]
        clients: Option<usize>,
    },
    /// Bytes on disk: in all, per event, per activity, and by part (log, chain, read models).
    Storage {
        #[arg(long)]
        database_url: String,
    },
    /// Import a CSV of N past activities (six commands a row) into the store, or with --http
    /// through a server; seconds against the 30 s ceiling for 10,000 rows.
    Import {
        /// Used without --http.
        #[arg(long, required_unless_present = "http")]
        database_url: Option<String>,
        #[arg(long, default_value_t = 10_000)]
        rows: usize,
        /// A running server, such as `http://127.0.0.1:18080` (start it with --rate-limit 0).
        #[arg(long, requires = "token")]
        http: Option<String>,
        /// An admin token for --http.
        #[arg(long)]
        token: Option<String>,
    },
    /// The verdict table of a `bench/run.sh` run: each figure beside its ceiling or reference,
    /// the ratio, the target and the verdict, in Markdown.
    Table {
        /// The run's `results.txt` (its `RESULT` lines).
        results: std::path::PathBuf,
    },
    /// Commands at a fixed rate; time until a query with `min_position` sees each one.
    Lag {
        #[arg(long)]
        url: String,
        #[arg(long)]
        token: String,
        #[arg(long, default_value_t = 1000)]
        rate: u32,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
}

fn check_bounds(seconds: u64, clients: usize) -> anyhow::Result<()> {
    ensure!((1..=MAX_SECONDS).contains(&seconds), "--seconds must be 1 to {MAX_SECONDS}");
    ensure!((1..=MAX_CLIENTS).contains(&clients), "--clients/--tasks must be 1 to {MAX_CLIENTS}");
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Generate { database_url, events, through_bus, tasks, seed } => {
            let (mode, default_tasks) =
                if through_bus { (generate::Mode::Bus, 8) } else { (generate::Mode::Bulk, 2) };
            let tasks = tasks.unwrap_or(default_tasks);
            check_bounds(1, tasks)?;
            ensure!((1..=MAX_EVENTS).contains(&events), "--events must be 1 to {MAX_EVENTS}");
            let seed = seed.unwrap_or_else(|| u64::from(std::process::id()));
            match mode {
                generate::Mode::Bus => generate::through_bus(&database_url, events, tasks, seed).await,
                generate::Mode::Bulk => bulk::run(&database_url, events, tasks, seed).await,
            }
        }
        Command::Read { database_url } => read::run(&database_url).await,
        Command::Commands { database_url, clients, seconds, http, token } => {
            check_bounds(seconds, clients)?;
            let (target, label) = match (http, token, database_url) {
                (Some(url), Some(token), _) => (target::Target::http(&url, &token)?, "http"),
                (None, _, Some(database_url)) => (target::Target::bus(&database_url).await?, "bus"),
                _ => anyhow::bail!("give --database-url, or --http with --token"),
            };
            commands::run(target, label, clients, seconds).await
        }
        Command::Queries { url, token, seconds, no_as_of, clients: None } => {
            check_bounds(seconds, 1)?;
            queries::run(&url, &token, seconds, !no_as_of).await
        }
        Command::Queries { url, token, seconds, clients: Some(clients), .. } => {
            check_bounds(seconds, clients)?;
            queries::throughput(&url, &token, seconds, clients).await
        }
        Command::Storage { database_url } => storage::run(&database_url).await,
        Command::Import { database_url, rows, http, token } => {
            ensure!((1..=100_000).contains(&rows), "--rows must be 1 to 100000");
            let via = match (http, token, database_url) {
                (Some(url), Some(token), _) => import::Via::Http { url, token },
                (None, _, Some(database_url)) => import::Via::Store(database_url),
                _ => anyhow::bail!("give --database-url, or --http with --token"),
            };
            import::run(via, rows).await
        }
        Command::Table { results } => table::run(&results),
        Command::Lag { url, token, rate, seconds } => {
            check_bounds(seconds, 1)?;
            lag::run(&url, &token, rate, seconds).await
        }
    }
}
