//! Sealing and opening with XChaCha20-Poly1305: base64 of a random 24-byte nonce followed by
//! the ciphertext and its tag, bound to a context (the AAD) so a sealed value moved to another
//! participant does not open.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

const NONCE: usize = 24;

/// Why a sealed value did not open (a wrong key, a wrong context, or damaged bytes), or could
/// not be sealed.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("the sealed value does not open with this key")]
    DoesNotOpen,
    #[error("no randomness for a nonce")]
    NoRandomness,
}

pub(crate) fn seal(key: &[u8; 32], aad: &str, plaintext: &[u8]) -> Result<String, SealError> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let mut nonce = [0u8; NONCE];
    getrandom::fill(&mut nonce).map_err(|_| SealError::NoRandomness)?;
    let sealed = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad: aad.as_bytes() })
        .map_err(|_| SealError::DoesNotOpen)?;
    let mut out = Vec::with_capacity(NONCE + sealed.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(STANDARD.encode(out))
}

pub(crate) fn open(key: &[u8; 32], aad: &str, sealed: &str) -> Result<Zeroizing<Vec<u8>>, SealError> {
    let bytes = STANDARD.decode(sealed).map_err(|_| SealError::DoesNotOpen)?;
    if bytes.len() < NONCE {
        return Err(SealError::DoesNotOpen);
    }
    let (nonce, ciphertext) = bytes.split_at(NONCE);
    let cipher = XChaCha20Poly1305::new(key.into());
    cipher
        .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: aad.as_bytes() })
        .map(Zeroizing::new)
        .map_err(|_| SealError::DoesNotOpen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_with_its_key_and_context_only() {
        let key = [7u8; 32];
        let sealed = seal(&key, "tatrack participant a", b"Amina Kone").expect("sealed");
        assert!(!sealed.contains("Amina"));
        assert_eq!(open(&key, "tatrack participant a", &sealed).expect("opens").as_slice(), b"Amina Kone");
        assert!(open(&key, "tatrack participant b", &sealed).is_err());
        assert!(open(&[8u8; 32], "tatrack participant a", &sealed).is_err());
        assert_ne!(sealed, seal(&key, "tatrack participant a", b"Amina Kone").expect("sealed"));
    }
}
