//! `tatrack replay`: every read model rebuilt from the log beside the live ones, with progress.

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};
use tatrack_http::settings::SecretUrl;

use crate::store::open;

pub async fn run(database_url: &SecretUrl) -> anyhow::Result<()> {
    let db = open(database_url).await?;
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} events  {per_sec}  ETA {eta}  {elapsed}")
            .context("progress bar template")?,
    );
    let report = tatrack_projections::replay::rebuild(&db, |applied, total| {
        bar.set_length(u64::try_from(total).unwrap_or_default());
        bar.set_position(u64::try_from(applied).unwrap_or_default());
    })
    .await
    .context("the replay failed; the live read models are untouched")?;
    bar.finish();
    let seconds = bar.elapsed().as_secs_f64().max(f64::EPSILON);
    #[expect(clippy::cast_precision_loss, reason = "a rate for humans")]
    let rate = report.events as f64 / seconds;
    println!(
        "replayed {} events in {seconds:.2} s ({rate:.0} events/s); read models now at generation {}, position {}",
        report.events, report.generation, report.checkpoint.position
    );
    db.close().await;
    Ok(())
}
