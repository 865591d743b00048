//! Personal data: participants' identifying fields (name, e-mail, phone, function), sealed under
//! each person's own key (crypto-shredding), and the blind index of likely matches.
//!
//! - `master`: the master key, read from the environment or a file; it seals the person keys
//!   and keys the blind index.
//! - `seal`: XChaCha20-Poly1305 sealing and opening.
//! - Here: [`Keyring`], what the app does with them: a person's key made, wrapped and unwrapped,
//!   identities sealed and opened, and the digests of the blind index.
//!
//! Person keys live in `participant_keys`, outside the event log; erasing a person deletes their
//! row, after which every sealed value of theirs in the log is noise.

mod master;
mod seal;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use tatrack_domain::names::name_key;
use tatrack_domain::participant::Sealed;
use tatrack_domain::values::{CountryCode, ParticipantId};
use tatrack_domain::vocabulary::Institution;
use tatrack_store::participants::{Lookup, StoredKey};
use zeroize::Zeroizing;

pub use master::{MasterKey, MasterKeySource, DEFAULT_MASTER_KEY_FILE};
pub use seal::SealError;

/// What identifies a participant: only ever stored sealed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub function: Option<String>,
}

/// A participant's own key, zeroed when dropped.
pub type PersonKey = Zeroizing<[u8; 32]>;

/// The master key and what follows from it.
#[derive(Clone, Debug)]
pub struct Keyring {
    master: MasterKey,
    /// Names the master key in `participant_keys.key_id`, for rotation.
    key_id: String,
    /// Keys the blind index: derived, so the master key itself never meets a digest.
    lookup_key: Zeroizing<[u8; 32]>,
}

type HmacSha256 = Hmac<Sha256>;

fn keyed(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes a key of any length: `new_from_slice` cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    for part in parts {
        mac.update(part);
        mac.update(&[0]);
    }
    mac.finalize().into_bytes().into()
}

impl Keyring {
    pub fn new(master: MasterKey) -> Self {
        let key_id = hex::encode(&keyed(master.bytes(), &[b"tatrack master key id"])[..8]);
        let lookup_key = Zeroizing::new(keyed(master.bytes(), &[b"tatrack participant lookup v1"]));
        Self { master, key_id, lookup_key }
    }

    /// A keyring under a fresh random master key: for tests and commands that seal nothing.
    pub fn ephemeral() -> Self {
        Self::new(MasterKey::random().unwrap_or_else(|_| MasterKey::from_bytes([0; 32])))
    }

    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// A fresh random key for one person.
    pub fn new_person_key(&self) -> Result<PersonKey, SealError> {
        let mut key = Zeroizing::new([0u8; 32]);
        getrandom::fill(key.as_mut()).map_err(|_| SealError::NoRandomness)?;
        Ok(key)
    }

    fn key_context(id: ParticipantId) -> String {
        format!("tatrack participant key {id}")
    }

    fn identity_context(id: ParticipantId) -> String {
        format!("tatrack participant {id}")
    }

    /// The person's key as stored: sealed by the master key.
    pub fn wrap(
        &self,
        id: ParticipantId,
        key: &PersonKey,
        created_at: String,
    ) -> Result<StoredKey, SealError> {
        Ok(StoredKey {
            participant_id: id.to_string(),
            key_id: self.key_id.clone(),
            wrapped: seal::seal(self.master.bytes(), &Self::key_context(id), key.as_ref())?,
            created_at,
        })
    }

    pub fn unwrap(&self, id: ParticipantId, stored: &StoredKey) -> Result<PersonKey, SealError> {
        let opened = seal::open(self.master.bytes(), &Self::key_context(id), &stored.wrapped)?;
        let bytes: [u8; 32] = opened.as_slice().try_into().map_err(|_| SealError::DoesNotOpen)?;
        Ok(Zeroizing::new(bytes))
    }

    pub fn seal(&self, id: ParticipantId, key: &PersonKey, identity: &Identity) -> Result<Sealed, SealError> {
        let json = Zeroizing::new(serde_json::to_vec(identity).map_err(|_| SealError::DoesNotOpen)?);
        let text = seal::seal(key, &Self::identity_context(id), &json)?;
        Sealed::parse(&text).map_err(|_| SealError::DoesNotOpen)
    }

    pub fn open(&self, id: ParticipantId, key: &PersonKey, sealed: &Sealed) -> Result<Identity, SealError> {
        let json = seal::open(key, &Self::identity_context(id), sealed.as_str())?;
        serde_json::from_slice(&json).map_err(|_| SealError::DoesNotOpen)
    }

    /// A request's digest bound to the person's key: kept with an idempotency key in the
    /// event's metadata, it tells a retry from another request, and after the erasure (the key
    /// gone) it can no longer be tested against a guess of the person's details.
    pub fn request_digest(&self, key: &PersonKey, digest: &str) -> String {
        hex::encode(keyed(key.as_ref(), &[b"tatrack request digest", digest.as_bytes()]))
    }

    fn digest(&self, kind: &str, normalised: &str) -> Lookup {
        Lookup {
            kind: kind.to_owned(),
            digest: hex::encode(keyed(self.lookup_key.as_ref(), &[kind.as_bytes(), normalised.as_bytes()])),
        }
    }

    /// The blind index entries of a person: their e-mail, if any, and their name with country
    /// and institution.
    pub fn lookups(
        &self,
        name: &str,
        email: Option<&str>,
        country: &CountryCode,
        institution: Option<Institution>,
    ) -> Vec<Lookup> {
        let mut lookups = Vec::with_capacity(2);
        if let Some(email) = email.map(normalised_email).filter(|e| !e.is_empty()) {
            lookups.push(self.digest("email", &email));
        }
        lookups.push(self.name_lookup(name, country, institution));
        lookups
    }

    pub fn email_lookup(&self, email: &str) -> Lookup {
        self.digest("email", &normalised_email(email))
    }

    pub fn name_lookup(&self, name: &str, country: &CountryCode, institution: Option<Institution>) -> Lookup {
        let normalised = format!(
            "{}\u{1f}{}\u{1f}{}",
            name_key(name),
            country.as_str(),
            institution.map_or("", Institution::as_str)
        );
        self.digest("name", &normalised)
    }
}

/// An e-mail as compared: trimmed, in lower case.
fn normalised_email(email: &str) -> String {
    email.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identity_round_trips_and_its_lookups_ignore_case_and_spacing() {
        let keyring = Keyring::ephemeral();
        let id = ParticipantId::new(uuid::Uuid::from_u128(1));
        let key = keyring.new_person_key().expect("a key");
        let identity = Identity {
            name: "Amina Kone".into(),
            email: Some("amina@example.org".into()),
            ..Identity::default()
        };
        let sealed = keyring.seal(id, &key, &identity).expect("sealed");
        assert_eq!(keyring.open(id, &key, &sealed).expect("opens"), identity);
        let stored = keyring.wrap(id, &key, "2026-12-01T00:00:00Z".into()).expect("wrapped");
        assert_eq!(keyring.unwrap(id, &stored).expect("unwrapped").as_ref(), key.as_ref());
        let bol = CountryCode::parse("BOL").expect("country");
        assert_eq!(
            keyring.name_lookup("  amina   KONE ", &bol, Some(Institution::Police)),
            keyring.name_lookup("Amina Kone", &bol, Some(Institution::Police))
        );
        assert_ne!(
            keyring.name_lookup("Amina Kone", &bol, None),
            keyring.name_lookup("Amina Kone", &bol, Some(Institution::Police))
        );
        assert_eq!(keyring.email_lookup(" Amina@Example.org"), keyring.email_lookup("amina@example.org"));
        assert!(!format!("{keyring:?}").contains(&hex::encode(keyring.master.bytes())));
    }
}
