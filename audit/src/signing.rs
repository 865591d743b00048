//! Ed25519 keys that sign heads of the chain, and the exact bytes they sign.
//!
//! A key file holds the 32-byte Ed25519 seed as 64 lowercase hex digits on one line; a public
//! key file holds one or more public keys (32 bytes, 64 hex digits) one a line, `#` comments and
//! blank lines ignored, so after a rotation it lists the old keys beside the new one. A key's id
//! is the first 8 bytes of SHA-256 of its public key, in hex (16 digits).
//!
//! The signed message is UTF-8 text, byte for byte:
//! `tatrack chain head v1\nseq {seq}\nlink {link}\nsigned_at {signed_at}\n`.

use std::fmt;
use std::io::Write as _;
use std::path::Path;

use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// Why a key could not be made, read or written.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read or write the key file {path}")]
    Io { path: String, source: std::io::Error },
    #[error("{path} holds no Ed25519 {what} (64 hex digits a line): {reason}")]
    Format { path: String, what: &'static str, reason: String },
    #[error("no randomness to make a key: {0}")]
    Random(String),
}

/// A head of the chain as its signer saw it, signed: one row of `chain_signatures`, and what a
/// report carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedHead {
    /// The head's place in the chain (commit order, from 1).
    pub seq: i64,
    /// The link at `seq` (hex SHA-256).
    pub link: String,
    /// Which key signed: the first 8 bytes of SHA-256 of its public key, hex.
    pub key_id: String,
    /// The Ed25519 signature of the message naming `seq`, `link` and `signed_at`, hex.
    pub signature: String,
    /// When it was signed (RFC 3339, UTC), as signed.
    pub signed_at: String,
}

/// The bytes a signature covers.
pub(crate) fn message(seq: i64, link: &str, signed_at: &str) -> Vec<u8> {
    format!("tatrack chain head v1\nseq {seq}\nlink {link}\nsigned_at {signed_at}\n").into_bytes()
}

/// The private key that signs heads; it never prints.
#[derive(Clone)]
pub struct HeadKey(SigningKey);

impl fmt::Debug for HeadKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HeadKey({})", self.public().id())
    }
}

impl HeadKey {
    /// A new random key.
    pub fn generate() -> Result<Self, KeyError> {
        let mut seed = [0; 32];
        getrandom::fill(&mut seed).map_err(|e| KeyError::Random(e.to_string()))?;
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// Reads a key file (the seed in hex).
    pub fn read(path: &Path) -> Result<Self, KeyError> {
        let text = std::fs::read_to_string(path).map_err(|source| io(path, source))?;
        let seed = decode32(text.trim()).map_err(|reason| KeyError::Format {
            path: path.display().to_string(),
            what: "private key",
            reason,
        })?;
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// Writes the key to a new file readable by its owner alone (0600 on Unix); never overwrites.
    pub fn write(&self, path: &Path) -> Result<(), KeyError> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path).map_err(|source| io(path, source))?;
        writeln!(file, "{}", hex::encode(self.0.to_bytes())).map_err(|source| io(path, source))?;
        file.sync_all().map_err(|source| io(path, source))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey::new(self.0.verifying_key())
    }

    /// Signs the head `link` at `seq`, now.
    pub fn sign(&self, seq: i64, link: &str) -> SignedHead {
        let signed_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let signature = self.0.sign(&message(seq, link, &signed_at));
        SignedHead {
            seq,
            link: link.to_owned(),
            key_id: self.public().id().to_owned(),
            signature: hex::encode(signature.to_bytes()),
            signed_at,
        }
    }
}

/// A public key that checks signed heads, with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    key: VerifyingKey,
    id: String,
}

impl PublicKey {
    fn new(key: VerifyingKey) -> Self {
        let id = hex::encode(&Sha256::digest(key.as_bytes())[..8]);
        Self { key, id }
    }

    /// A public key from its 64 hex digits.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bytes = decode32(text.trim())?;
        VerifyingKey::from_bytes(&bytes).map(Self::new).map_err(|e| format!("not an Ed25519 public key: {e}"))
    }

    /// Every public key of a file (one a line; `#` comments and blank lines skipped).
    pub fn read_all(path: &Path) -> Result<Vec<Self>, KeyError> {
        let text = std::fs::read_to_string(path).map_err(|source| io(path, source))?;
        let format =
            |reason| KeyError::Format { path: path.display().to_string(), what: "public key", reason };
        let keys = text
            .lines()
            .map(|line| line.split('#').next().unwrap_or_default().trim())
            .filter(|line| !line.is_empty())
            .map(Self::parse)
            .collect::<Result<Vec<_>, _>>()
            .map_err(format)?;
        if keys.is_empty() {
            return Err(format("the file lists no key".into()));
        }
        Ok(keys)
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The key as 64 hex digits, as a public key file holds it.
    pub fn to_hex(&self) -> String {
        hex::encode(self.key.as_bytes())
    }

    /// Whether `head`'s signature is this key's over its seq, link and instant.
    fn verifies(&self, head: &SignedHead) -> bool {
        let Ok(bytes) = hex::decode(&head.signature) else { return false };
        let Ok(bytes) = <[u8; 64]>::try_from(bytes.as_slice()) else { return false };
        let message = message(head.seq, &head.link, &head.signed_at);
        self.key.verify_strict(&message, &Signature::from_bytes(&bytes)).is_ok()
    }
}

/// The public keys a verification trusts: the current one and those it replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keyring(Vec<PublicKey>);

impl Keyring {
    pub fn new(keys: impl IntoIterator<Item = PublicKey>) -> Self {
        let mut ring = Self(Vec::new());
        for key in keys {
            if !ring.0.contains(&key) {
                ring.0.push(key);
            }
        }
        ring
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ids of the keys, in order.
    pub fn ids(&self) -> Vec<String> {
        self.0.iter().map(|key| key.id.clone()).collect()
    }

    /// `Ok` when a key of the ring signed `head` as it stands; else why not.
    pub fn check(&self, head: &SignedHead) -> Result<(), String> {
        let Some(key) = self.0.iter().find(|key| key.id == head.key_id) else {
            return Err(format!(
                "it is signed by key {}, which is not among the public keys given",
                head.key_id
            ));
        };
        if key.verifies(head) {
            Ok(())
        } else {
            Err(format!("its signature by key {} does not verify", head.key_id))
        }
    }
}

fn decode32(text: &str) -> Result<[u8; 32], String> {
    let mut bytes = [0; 32];
    hex::decode_to_slice(text, &mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes)
}

fn io(path: &Path, source: std::io::Error) -> KeyError {
    KeyError::Io { path: path.display().to_string(), source }
}
