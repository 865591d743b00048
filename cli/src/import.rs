//! `tatrack import FILE [--dry-run] [--partial]`: the same import as `POST /api/v1/imports`,
//! straight into the store, with a progress bar. The CLI acts as the admin `cli`: whoever runs
//! it already holds the database.

use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context as _};
use indicatif::{ProgressBar, ProgressStyle};
use tatrack_app::auth::Principal;
use tatrack_app::import::problems;
use tatrack_app::import::report::ImportFailure;
use tatrack_app::import::row_error::RowError;
use tatrack_app::import::{self, Options, Progress, Upload};
use tatrack_app::App;
use tatrack_domain::token::{Role, TokenScope};
use tatrack_http::settings::SecretUrl;

use crate::store::open;

/// The largest file the CLI reads, as the server's upload limit but four times over: the CLI
/// takes no request budget, yet a file is still held in memory whole.
const MAX_FILE: u64 = 64 * 1024 * 1024;

pub async fn run(
    database_url: &SecretUrl,
    file: &Path,
    options: Options,
    json: bool,
    problems_csv: Option<&Path>,
) -> anyhow::Result<()> {
    let size = std::fs::metadata(file).with_context(|| format!("cannot read {}", file.display()))?.len();
    if size > MAX_FILE {
        bail!("{} holds {size} bytes; the import reads at most {MAX_FILE}", file.display());
    }
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let file_name = file.file_name().map_or_else(|| "upload".into(), |n| n.to_string_lossy().into_owned());
    let db = open(database_url).await?;
    let app = App::new(db.clone());
    let principal = Principal {
        name: "cli".into(),
        role: Role::Admin,
        scope: TokenScope::default(),
        funder: None,
        person: None,
    };
    let bar = Bar::new();
    let started = Instant::now();
    let request_id = format!("cli-import-{}", uuid::Uuid::new_v4());
    let result =
        import::import(&app, &principal, &Upload { file_name, bytes }, options, &request_id, &bar).await;
    bar.0.finish_and_clear();
    db.close().await;
    let seconds = started.elapsed().as_secs_f64();
    match result {
        Ok(report) => {
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                let c = &report.counts;
                println!(
                    "{}: {} rows in {seconds:.1} s: {} imported, {} already imported, {} would import, \
                     {} invalid, {} failed (sha256 {})",
                    report.file,
                    c.rows,
                    c.imported,
                    c.already_imported,
                    c.would_import,
                    c.invalid,
                    c.failed,
                    report.sha256
                );
                print_errors(&report.errors, report.errors_total);
            }
            if let Some(path) = problems_csv {
                std::fs::write(path, problems::csv_header()?)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            if report.counts.failed > 0 || report.counts.invalid > 0 {
                bail!("some rows were not imported");
            }
            Ok(())
        }
        Err(ImportFailure::Rows(list)) => {
            print_errors(&list.listed, list.total);
            if let (Some(path), Some(mut csv)) = (problems_csv, list.csv) {
                let mut out = std::fs::File::create(path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                std::io::copy(&mut csv, &mut out)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                eprintln!("every problem is in {}", path.display());
            }
            bail!("{} problem(s) in the file; nothing was written", list.total)
        }
        Err(ImportFailure::File(error)) => bail!("{error}"),
        Err(ImportFailure::App(error)) => bail!("the import failed: {error}"),
    }
}

/// The problems listed, and how many more there are.
fn print_errors(errors: &[RowError], total: u64) {
    for error in errors {
        let column = error.column.as_deref().unwrap_or("-");
        let value = error.value.as_deref().map(|v| format!(" '{v}'")).unwrap_or_default();
        let rule = serde_json::to_value(error.rule)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        eprintln!("row {} column {column}{value}: {rule}: {}", error.row, error.detail);
    }
    // The list is the first of `total`: what is left is the count not shown (never negative;
    // nothing is said of a count that cannot be computed exactly).
    let more = u64::try_from(errors.len()).ok().and_then(|listed| total.checked_sub(listed));
    if let Some(more) = more.filter(|more| *more > 0) {
        eprintln!("... and {more} more problem(s): --problems FILE writes every one as CSV");
    }
}

/// The progress bar: one per phase, rows done of rows, rows per second, ETA.
struct Bar(ProgressBar);

impl Bar {
    fn new() -> Self {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{msg:>9} [{bar:40}] {pos}/{len} rows, {per_sec}, ETA {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        Self(bar)
    }
}

impl Progress for Bar {
    fn phase(&self, name: &'static str, rows: u64) {
        self.0.reset();
        self.0.set_length(rows);
        self.0.set_message(name);
    }

    fn advance(&self, rows: u64) {
        self.0.inc(rows);
    }
}
