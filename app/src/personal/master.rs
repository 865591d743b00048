//! The master key: it seals every participant's own key and keys the blind index. Read from
//! `TATRACK_MASTER_KEY` (base64 of 32 bytes) or from a file (created with a random key, mode
//! 0600, when missing). It never enters the database, the event log or an answer.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use zeroize::Zeroizing;

/// Where the master key comes from.
#[derive(Clone)]
pub enum MasterKeySource {
    /// base64 of the 32 bytes (`TATRACK_MASTER_KEY`).
    Value(Zeroizing<String>),
    /// A file holding the base64 text; created with a fresh key when missing.
    File(PathBuf),
}

impl fmt::Debug for MasterKeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Value(_) => f.write_str("MasterKeySource::Value(<secret>)"),
            Self::File(path) => write!(f, "MasterKeySource::File({})", path.display()),
        }
    }
}

/// The default file, beside the embedded SQLite store.
pub const DEFAULT_MASTER_KEY_FILE: &str = "data/master.key";

/// 32 secret bytes, zeroed when dropped; never printed.
#[derive(Clone)]
pub struct MasterKey(Zeroizing<[u8; 32]>);

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(<secret>)")
    }
}

impl MasterKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// A fresh random key.
    pub fn random() -> anyhow::Result<Self> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        getrandom::fill(bytes.as_mut()).map_err(|e| anyhow::anyhow!("no randomness for a key: {e}"))?;
        Ok(Self(bytes))
    }

    /// Parses base64 of exactly 32 bytes.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let decoded = Zeroizing::new(STANDARD.decode(text.trim()).context("the master key is not base64")?);
        let bytes: [u8; 32] =
            decoded.as_slice().try_into().map_err(|_| anyhow::anyhow!("the master key is not 32 bytes"))?;
        Ok(Self::from_bytes(bytes))
    }

    /// The key as base64, to be written to its file.
    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(STANDARD.encode(self.0.as_ref()))
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Reads the key from `source`, creating its file when missing.
    pub fn load(source: &MasterKeySource) -> anyhow::Result<Self> {
        match source {
            MasterKeySource::Value(text) => Self::parse(text).context("TATRACK_MASTER_KEY"),
            MasterKeySource::File(path) => Self::from_file(path),
        }
    }

    fn from_file(path: &Path) -> anyhow::Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text).with_context(|| format!("the master key file {}", path.display())),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::random()?;
                write_new(path, &key.to_base64())?;
                tracing::warn!(
                    file = %path.display(),
                    "created a new master key: back it up apart from the database (see docs/personal-data.md)"
                );
                Ok(key)
            }
            Err(error) => {
                Err(error).with_context(|| format!("cannot read the master key file {}", path.display()))
            }
        }
    }
}

/// Writes `text` to a new file at `path` readable by its owner only; refuses to overwrite.
fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_key_file_is_created_owner_only_and_read_back() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("keys/master.key");
        let created = MasterKey::load(&MasterKeySource::File(path.clone())).expect("created");
        let read = MasterKey::load(&MasterKeySource::File(path.clone())).expect("read back");
        assert_eq!(created.bytes(), read.bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).expect("metadata").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(MasterKey::parse("c2hvcnQ=").is_err());
        assert_eq!(format!("{created:?}"), "MasterKey(<secret>)");
    }
}
