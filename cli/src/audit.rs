//! `tatrack verify` and `tatrack audit export|check|keygen`: the hash chain from the command
//! line, its signed heads checked with `--public-key`.

use anyhow::Context as _;
use clap::Subcommand;
use tatrack_audit as audit;
use tatrack_http::routes;
use tatrack_http::settings::SecretUrl;

use crate::keys;
use crate::store::open;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Write the linked log with its chain as JSON Lines.
    Export {
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Verify an export on its own (without FILE: the live log); with --live, also that the
    /// live log still extends it. With --public-key, every signed head must hold too.
    Check {
        file: Option<std::path::PathBuf>,
        #[arg(long, requires = "file")]
        live: bool,
        /// A public key file (one key a line, hex; `audit keygen` writes FILE.pub); repeat for
        /// the keys a rotation replaced. Each signed head must verify with one of them and sign
        /// the link recomputed from the events.
        #[arg(long = "public-key", value_name = "FILE")]
        public_keys: Vec<std::path::PathBuf>,
    },
    /// Make an Ed25519 key that signs the chain: the private key in FILE (mode 0600), the
    /// public key in FILE.pub (hex). Never overwrites a file.
    Keygen {
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
    },
}

pub async fn verify(database_url: &SecretUrl, public_keys: &[std::path::PathBuf]) -> anyhow::Result<()> {
    let ring = keys::keyring(public_keys)?;
    let db = open(database_url).await?;
    let verification = audit::verify_signed(&db, &ring).await?;
    db.close().await;
    report_verification(&verification, "the log")
}

fn report_verification(verification: &audit::Verification, what: &str) -> anyhow::Result<()> {
    if let Some(failure) = routes::audit::describe_failure(verification) {
        anyhow::bail!("{what} is NOT intact: {failure}");
    }
    println!(
        "{what} is intact: {} events linked, head {}",
        verification.count,
        verification.head.as_deref().unwrap_or("(empty)")
    );
    let signatures = &verification.signatures;
    match signatures.last_signed_seq {
        _ if !signatures.checked => {
            println!(
                "signed heads not checked (no --public-key): the chain is unsigned as far as this check goes"
            );
        }
        Some(seq) => println!(
            "{} signed heads hold (keys {}); the last at seq {seq}: everything up to it is as signed",
            signatures.signed,
            signatures.key_ids.join(", ")
        ),
        None => println!("no head is signed yet"),
    }
    Ok(())
}

pub async fn run(database_url: &SecretUrl, command: AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Export { to } => {
            let db = open(database_url).await?;
            let file =
                std::fs::File::create(&to).with_context(|| format!("cannot create {}", to.display()))?;
            let mut writer = std::io::BufWriter::new(file);
            let count = audit::export(&db, &mut writer).await?;
            std::io::Write::flush(&mut writer)?;
            db.close().await;
            println!("exported {count} linked events to {}", to.display());
            Ok(())
        }
        AuditCommand::Keygen { out } => keys::keygen(&out),
        AuditCommand::Check { file: None, public_keys, .. } => verify(database_url, &public_keys).await,
        AuditCommand::Check { file: Some(file), live, public_keys } => {
            let ring = keys::keyring(&public_keys)?;
            let reader = std::io::BufReader::new(
                std::fs::File::open(&file).with_context(|| format!("cannot open {}", file.display()))?,
            );
            let verification = audit::check_signed(reader, &ring)?;
            report_verification(&verification, &file.display().to_string())?;
            if live {
                let db = open(database_url).await?;
                let extends = audit::extends(&db, &verification).await?;
                db.close().await;
                anyhow::ensure!(
                    extends,
                    "the live log does NOT extend this export: its chain differs at seq {}",
                    verification.count
                );
                println!("the live log extends this export");
            }
            Ok(())
        }
    }
}
