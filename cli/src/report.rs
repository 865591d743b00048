//! `tatrack report`: the activity statistics section of an annual report, written from the log
//! as Markdown, HTML and JSON; `--verify` checks a published one.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context as _};
use chrono::{DateTime, NaiveDate, Utc};
use clap::Args;
use tatrack_http::settings::SecretUrl;
use tatrack_projections::projector::Projector;
use tatrack_report::{render, verify, Language, Params, Report, ReportError};

use crate::store::open;

/// What to report on, or which report to check.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// First day of the period (activities count on their delivery start).
    #[arg(long, required_unless_present = "verify")]
    pub from: Option<NaiveDate>,
    /// Last day of the period.
    #[arg(long, required_unless_present = "verify")]
    pub to: Option<NaiveDate>,
    /// Only this programme (its code); repeat for several.
    #[arg(long = "programme")]
    pub programmes: Vec<String>,
    /// Count only the events recorded by this instant (RFC 3339): the figures as they stood then.
    #[arg(long)]
    pub as_of: Option<DateTime<Utc>>,
    /// The language the report is written in: en, fr or es (the figures are the same in each).
    #[arg(long = "lang", default_value = "en", value_parser = language)]
    pub language: Language,
    /// Folder for report.md, report.html and report.json.
    #[arg(long, required_unless_present = "verify")]
    pub out: Option<PathBuf>,
    /// Check a report (its folder or its report.json) against the log instead: exits non-zero,
    /// naming the first figure that no longer holds.
    #[arg(long, conflicts_with_all = ["from", "to", "programmes", "as_of", "out", "language", "signing_key_file"])]
    pub verify: Option<PathBuf>,
    /// Sign the link the report is made at with this private key (`tatrack audit keygen`); the
    /// signature is written in the report and kept with the chain's signed heads.
    #[arg(long, env = "TATRACK_SIGNING_KEY_FILE")]
    pub signing_key_file: Option<PathBuf>,
    /// With --verify: a public key file the report's signature must verify with (repeat for
    /// keys a rotation replaced).
    #[arg(long = "public-key", value_name = "FILE", requires = "verify")]
    pub public_keys: Vec<PathBuf>,
}

/// `fr` as French: one of the languages a report is written in.
fn language(code: &str) -> Result<Language, String> {
    Language::from_code(code)
        .filter(|language| Language::COMPLETE.contains(language))
        .ok_or_else(|| format!("no report is written in `{code}`: use en, fr or es"))
}

pub async fn run(database_url: &SecretUrl, args: ReportArgs) -> anyhow::Result<()> {
    let ring = crate::keys::keyring(&args.public_keys)?;
    let db = open(database_url).await?;
    let outcome = match args.verify.clone() {
        Some(path) => match catch_up(&db).await {
            Ok(()) => check(&db, &path, &ring).await,
            Err(error) => Err(error),
        },
        None => write(&db, args).await,
    };
    db.close().await;
    outcome
}

async fn write(db: &tatrack_store::Db, args: ReportArgs) -> anyhow::Result<()> {
    let (Some(from), Some(to), Some(out)) = (args.from, args.to, args.out) else {
        bail!("--from, --to and --out are required");
    };
    if to < from {
        bail!("--to ({to}) falls before --from ({from})");
    }
    let params = Params {
        from,
        to,
        programmes: args.programmes,
        donor: None,
        donor_names: Vec::new(),
        language: args.language,
    };
    let key = args.signing_key_file.as_deref().map(tatrack_audit::HeadKey::read).transpose()?;
    let mut report = generate_caught_up(db, &params, args.as_of).await?;
    if let Some(key) = &key {
        tatrack_report::signature::sign(&mut report, key);
        if let Some(head) = &report.basis.signature {
            tatrack_audit::record(db, head).await.context("keeping the report's signed head")?;
        }
    }
    let known: Vec<&str> =
        report.areas.iter().flat_map(|a| a.programmes.iter().map(|p| p.code.as_str())).collect();
    for code in &params.programmes {
        if !known.contains(&code.as_str()) && !programme_exists(db, code).await? {
            bail!("no programme is registered under the code {code}");
        }
    }
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let json = serde_json::to_string_pretty(&report)?;
    for (name, text) in [
        ("report.md", render::markdown(&report, "")),
        ("report.html", render::html(&report, "")),
        ("report.json", json),
    ] {
        let path = out.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let figures = report.figures().count();
    println!(
        "wrote {} ({} areas, {figures} figures) at link {} of the hash chain",
        out.display(),
        report.areas.len(),
        report.basis.seq
    );
    Ok(())
}

/// How often the report is tried after catching up, while writers (a server beside) keep
/// moving the log's head past the chain.
const ATTEMPTS: u32 = 5;

/// The report reads the chain the projector links: brings it up to the log's head first.
async fn catch_up(db: &tatrack_store::Db) -> anyhow::Result<()> {
    Projector::new(db.clone(), Arc::default())
        .catch_up()
        .await
        .context("bringing the read models up to date")?;
    Ok(())
}

/// The report at the log's head, catching up again when the head moved on in between.
async fn generate_caught_up(
    db: &tatrack_store::Db,
    params: &Params,
    as_of: Option<DateTime<Utc>>,
) -> anyhow::Result<Report> {
    let mut attempt = 1;
    loop {
        catch_up(db).await?;
        match tatrack_report::generate(db, params, as_of).await {
            Err(ReportError::Behind { .. }) if attempt < ATTEMPTS => attempt += 1,
            outcome => return Ok(outcome?),
        }
    }
}

async fn programme_exists(db: &tatrack_store::Db, code: &str) -> anyhow::Result<bool> {
    Ok(tatrack_store::registry::programme_id_of(db, code).await?.is_some())
}

async fn check(db: &tatrack_store::Db, path: &Path, ring: &tatrack_audit::Keyring) -> anyhow::Result<()> {
    let file = if path.is_dir() { path.join("report.json") } else { path.to_owned() };
    let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let report: Report =
        serde_json::from_str(&text).with_context(|| format!("{} is not a tatrack report", file.display()))?;
    if !ring.is_empty() {
        if let Err(reason) = tatrack_report::signature::check(&report, ring) {
            bail!("the signature of {} does not hold: {reason}", file.display());
        }
        println!(
            "the report's signature holds (key {})",
            report.basis.signature.as_ref().map_or("", |h| h.key_id.as_str())
        );
    }
    let findings = verify::verify(db, &report).await?;
    match findings.first() {
        None => {
            println!(
                "every figure of {} still holds ({} figures, link {} of the hash chain)",
                file.display(),
                report.figures().count(),
                report.basis.seq
            );
            Ok(())
        }
        Some(first) => {
            for finding in &findings {
                eprintln!("- {finding}");
            }
            bail!("{} does not hold: {first}", file.display())
        }
    }
}
