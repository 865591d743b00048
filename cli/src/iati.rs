//! `tatrack iati export`: the activities as one IATI 2.03 activity document in a file, and the
//! IATI settings `serve` shares.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tatrack_app::iati::export::Export;
use tatrack_app::iati::selection::{selection, IatiFilters};
use tatrack_app::iati::IatiSettings;
use tatrack_app::App;
use tatrack_http::settings::SecretUrl;
use tatrack_projections::projector::Projector;

use crate::store::open;

/// Whom IATI documents are published as: for `serve` and `iati export` alike.
#[derive(Args, Debug, Clone, Default)]
pub struct IatiArgs {
    /// The reporting organisation's IATI organisation identifier (e.g. AA-AAA-123456789); each
    /// activity's iati-identifier is it, a hyphen and the activity id.
    #[arg(long = "iati-org-ref", env = "TATRACK_IATI_ORG_REF")]
    pub org_ref: Option<String>,
    /// The reporting organisation's name (default: its identifier).
    #[arg(long = "iati-org-name", env = "TATRACK_IATI_ORG_NAME")]
    pub org_name: Option<String>,
    /// Its code in IATI's `OrganisationType` codelist (default 40, multilateral).
    #[arg(long = "iati-org-type", env = "TATRACK_IATI_ORG_TYPE")]
    pub org_type: Option<String>,
    /// `PROGRAMME_CODE=DAC_CODE`: report a programme under this DAC 5-digit sector instead of its
    /// thematic area's (repeat the flag, or separate entries with commas).
    #[arg(long = "iati-sector", env = "TATRACK_IATI_SECTORS", value_delimiter = ',')]
    pub sectors: Vec<String>,
}

impl IatiArgs {
    pub fn settings(&self) -> anyhow::Result<IatiSettings> {
        Ok(IatiSettings::parse(
            self.org_ref.as_deref(),
            self.org_name.as_deref(),
            self.org_type.as_deref(),
            &self.sectors,
        )?)
    }
}

#[derive(Subcommand)]
pub enum IatiCommand {
    /// Write every activity (or those the filters select) as one IATI 2.03 activity XML
    /// document. Brings the read models up to the log's head first.
    Export {
        /// The file to write (replaced only once the whole document is written).
        #[arg(long)]
        out: PathBuf,
        /// Programme id or code.
        #[arg(long)]
        programme: Option<String>,
        /// Donor name, as recorded.
        #[arg(long)]
        donor: Option<String>,
        /// ISO 3166-1 alpha-3 code.
        #[arg(long)]
        country: Option<String>,
        /// First date (delivery start, else planned start) included.
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Last date included.
        #[arg(long)]
        to: Option<NaiveDate>,
        #[command(flatten)]
        iati: IatiArgs,
    },
}

pub async fn run(database_url: &SecretUrl, command: IatiCommand) -> anyhow::Result<()> {
    let IatiCommand::Export { out, programme, donor, country, from, to, iati } = command;
    let settings = iati.settings()?;
    if settings.org_ref.is_none() {
        anyhow::bail!(
            "IATI export needs the reporting organisation's IATI identifier: pass --iati-org-ref \
             (or set TATRACK_IATI_ORG_REF), e.g. --iati-org-ref AA-AAA-123456789"
        );
    }
    let db = open(database_url).await?;
    // The list reads the read models; without a server projecting, they may trail the log.
    Projector::new(db.clone(), Arc::default())
        .catch_up()
        .await
        .context("bringing the read models up to date")?;
    let mut app = App::new(db.clone());
    app.iati = Arc::new(settings);
    let filters = IatiFilters { programme, donor, country, from, to };
    let written = write(&app, &filters, &out).await;
    db.close().await;
    let written = written?;
    println!("wrote {written} activities to {}", out.display());
    Ok(())
}

/// Streams the document into a file beside `out`, then renames it over `out`.
async fn write(app: &App, filters: &IatiFilters, out: &Path) -> anyhow::Result<usize> {
    let filter = selection(app, None, filters).await?;
    let (mut export, head) = Export::start(app.clone(), None, filter).await?;
    let partial = out.with_extension("xml.partial");
    let file =
        std::fs::File::create(&partial).with_context(|| format!("cannot create {}", partial.display()))?;
    let mut file = std::io::BufWriter::new(file);
    let written = async {
        file.write_all(&head)?;
        while let Some(chunk) = export.next_chunk().await? {
            file.write_all(&chunk)?;
        }
        file.flush()?;
        anyhow::Ok(export.written)
    }
    .await;
    match written {
        Ok(count) => {
            std::fs::rename(&partial, out).with_context(|| format!("cannot write {}", out.display()))?;
            Ok(count)
        }
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            Err(error.context(format!("the export to {} failed", out.display())))
        }
    }
}
