//! `tatrack replay --until T --out DIR`: the summaries as they stood at an instant, as CSV files
//! an auditor can open in a spreadsheet.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use tatrack_http::settings::SecretUrl;
use tatrack_projections::as_of::AsOf;
use tatrack_projections::queries::{DateRange, DonorAmount, Scope, Summary};

const HEADER: &str = "scope,activities_total,planned,delivered,cancelled,reported,voided,female,male,\
                      other_or_undisclosed,participants_total,unattributed,outputs,programmes,funding,\
                      countries,contributions,as_of,as_of_position";

pub async fn write_summaries(
    database_url: &SecretUrl,
    instant: DateTime<Utc>,
    out: &Path,
) -> anyhow::Result<()> {
    let db = crate::store::open(database_url).await?;
    let bar = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} {pos} events of changed streams read  {per_sec}  {elapsed}")
            .context("progress bar template")?,
    );
    let progress = |read| bar.set_position(u64::try_from(read).unwrap_or_default());
    let then = AsOf::build(&db, instant, (DateRange::default(), None), None, None, progress)
        .await
        .context("reading the log failed")?;
    bar.finish();
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut files = [
        (String::from(HEADER), "countries.csv"),
        (String::from(HEADER), "programmes.csv"),
        (String::from(HEADER), "donors.csv"),
    ];
    for scope in then.scopes() {
        let summary = then.summary(&scope)?;
        let (file, key) = match &scope {
            Scope::Country(key) => (0, key),
            Scope::Programme(key) => (1, key),
            Scope::Donor(key) => (2, key),
        };
        files[file].0.push('\n');
        files[file].0.push_str(&row(key, &summary));
    }
    for (text, name) in files {
        let path = out.join(name);
        std::fs::write(&path, text + "\n").with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!("summaries as of {instant} (up to position {}) written to {}", then.position, out.display());
    db.close().await;
    Ok(())
}

fn row(key: &str, s: &Summary) -> String {
    let status = |name: &str| s.activities.by_status.get(name).copied().unwrap_or_default().to_string();
    let p = &s.participants;
    // A manager's replay: every count is there (only a donor's summary hides small ones).
    let count = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let amounts = |list: &[DonorAmount]| {
        list.iter()
            .map(|a| format!("{}: {} {}", a.donor, a.amount, a.currency))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let fields = [
        key.to_owned(),
        s.activities.total.to_string(),
        status("planned"),
        status("delivered"),
        status("cancelled"),
        status("reported"),
        status("voided"),
        count(p.female),
        count(p.male),
        count(p.other_or_undisclosed),
        count(p.total),
        count(p.unattributed),
        s.outputs.iter().map(|(k, n)| format!("{k}: {n}")).collect::<Vec<_>>().join("; "),
        s.programmes.join("; "),
        amounts(&s.funding),
        s.countries.as_deref().unwrap_or_default().join("; "),
        amounts(s.contributions.as_deref().unwrap_or_default()),
        s.as_of.map(|t| t.to_rfc3339()).unwrap_or_default(),
        s.as_of_position.to_string(),
    ];
    let mut line = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        // RFC 4180: quote fields that hold a separator, a quote or a line break.
        if field.contains([',', '"', '\n', '\r']) {
            let _ = write!(line, "\"{}\"", field.replace('"', "\"\""));
        } else {
            line.push_str(field);
        }
    }
    line
}
