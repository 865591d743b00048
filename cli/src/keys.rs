//! The signed chain's keys on the command line: `audit keygen`, the key settings `serve`
//! shares, and the public keys `verify`, `audit check` and `report --verify` check with.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;
use tatrack_audit::{HeadKey, Keyring, PublicKey};
use tatrack_http::settings::ChainSettings;

/// The signing key `serve` signs heads and reports with, and how often.
#[derive(Args, Debug, Clone, Default)]
pub struct ChainArgs {
    /// The private key file (`tatrack audit keygen`) the server signs the chain's head and every
    /// report with; kept outside the database. Without it nothing is signed.
    #[arg(long, env = "TATRACK_SIGNING_KEY_FILE")]
    pub signing_key_file: Option<PathBuf>,
    /// Seconds between signed heads (signed on the projector's leader, when the head moved).
    #[arg(long, env = "TATRACK_SIGN_EVERY", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub sign_every: u64,
    /// A file of public keys (one a line) that `GET /api/v1/audit/verify` also checks signed
    /// heads with: the keys the signing key replaced, or another server's.
    #[arg(long, env = "TATRACK_PUBLIC_KEY_FILE")]
    pub public_key_file: Option<PathBuf>,
}

impl ChainArgs {
    pub fn settings(&self) -> anyhow::Result<ChainSettings> {
        let signing_key = self.signing_key_file.as_deref().map(HeadKey::read).transpose()?;
        let public_keys = match &self.public_key_file {
            Some(path) => PublicKey::read_all(path)?,
            None => Vec::new(),
        };
        if let Some(key) = &signing_key {
            tracing::info!(key_id = key.public().id(), "the chain's head and reports are signed");
        }
        Ok(ChainSettings { signing_key, sign_every: Duration::from_secs(self.sign_every), public_keys })
    }
}

/// The keys of every `--public-key` file given; empty when none is.
pub fn keyring(files: &[PathBuf]) -> anyhow::Result<Keyring> {
    let mut keys = Vec::new();
    for file in files {
        keys.extend(PublicKey::read_all(file)?);
    }
    Ok(Keyring::new(keys))
}

/// `tatrack audit keygen --out FILE`: a new key in FILE (0600), its public key in FILE.pub.
pub fn keygen(out: &Path) -> anyhow::Result<()> {
    let public_out = PathBuf::from(format!("{}.pub", out.display()));
    anyhow::ensure!(!public_out.exists(), "{} exists already; choose another --out", public_out.display());
    let key = HeadKey::generate()?;
    key.write(out)?;
    let public = key.public();
    let text =
        format!("# tatrack chain key {} (Ed25519 public key, hex)\n{}\n", public.id(), public.to_hex());
    std::fs::write(&public_out, text).with_context(|| format!("cannot write {}", public_out.display()))?;
    println!("private key: {} (keep it outside the database and its backups)", out.display());
    println!("public key:  {} (hex, key id {})", public_out.display(), public.id());
    println!("{}", public.to_hex());
    Ok(())
}
