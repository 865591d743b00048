//! Configuration, read from the environment (and from `--flags` on the command line).

use std::fmt;
use std::net::SocketAddr;

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `postgres://...` or `sqlite://...`; may hold a password, so it never prints.
    pub database_url: SecretUrl,
    /// PostgreSQL hot standbys of the store that reads may go to (see `tatrack_app::standbys`).
    pub read_database_urls: Vec<SecretUrl>,
    /// Where to listen; port 0 picks a free port (tests).
    pub addr: SocketAddr,
    /// Whether this process runs the projector. With several replicas any number may: an
    /// advisory lock lets one work at a time.
    pub projector: bool,
    /// Requests per second each token may make (twice that in a burst); 0 turns it off.
    pub rate_limit: u32,
    /// Origins allowed to call the API from a browser; empty keeps CORS off.
    pub cors_origins: Vec<String>,
    /// `/readyz` fails once the projector is more than this many events behind the log.
    pub ready_max_lag: u32,
    /// Whom IATI documents are published as, and per-programme DAC sectors.
    pub iati: tatrack_app::iati::IatiSettings,
    /// The organisation's identity provider, if people sign in with it.
    pub oidc: Option<crate::oidc::OidcSettings>,
    /// The keys of the signed chain: none by default (nothing is signed or checked).
    pub chain: ChainSettings,
    /// Where the master key comes from: it seals participants' own keys (never printed).
    pub master_key: tatrack_app::personal::MasterKeySource,
}

/// The signed chain's keys, read from files kept outside the database.
#[derive(Debug, Clone)]
pub struct ChainSettings {
    /// Signs the chain's head at intervals (on the projector's leader) and every report; `None`:
    /// nothing is signed.
    pub signing_key: Option<tatrack_audit::HeadKey>,
    /// How often the leader signs the head, when it moved.
    pub sign_every: std::time::Duration,
    /// Public keys verification checks signed heads with, beside the signing key's own: the
    /// keys it replaced (rotation), or the keys of a server that does not sign itself.
    pub public_keys: Vec<tatrack_audit::PublicKey>,
}

impl Default for ChainSettings {
    fn default() -> Self {
        Self {
            signing_key: None,
            sign_every: tatrack_projections::signer::DEFAULT_SIGN_EVERY,
            public_keys: Vec::new(),
        }
    }
}

impl ChainSettings {
    /// The public keys verification trusts: the signing key's own first, then the others.
    pub fn keyring(&self) -> tatrack_audit::Keyring {
        let own = self.signing_key.as_ref().map(tatrack_audit::HeadKey::public);
        tatrack_audit::Keyring::new(own.into_iter().chain(self.public_keys.iter().cloned()))
    }
}

/// The default per-token budget: generous for people and scripts, a brake on runaway loops.
pub const DEFAULT_RATE_LIMIT: u32 = 100;

/// Events the read models may trail the log by before `/readyz` fails: a few seconds of a
/// busy server's writes, far more than a healthy projector ever trails.
pub const DEFAULT_READY_MAX_LAG: u32 = 10_000;

/// The embedded default: an SQLite file under `./data/`, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/tatrack.db";
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// How log lines are written: `text` for people (the default), `json` for log collectors, one
/// object a line with the fields of the request's span (its `request_id` among them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

impl LogFormat {
    /// Installs the process's logger, filtered by `RUST_LOG` (default `info,sqlx=warn`). Logging
    /// is process-wide, so it is set once at start-up rather than per server in [`Settings`].
    pub fn install(self) {
        let filter = tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
        let logger = tracing_subscriber::fmt().with_env_filter(filter);
        match self {
            Self::Text => logger.init(),
            Self::Json => logger.json().init(),
        }
    }
}

/// A connection string whose password is masked wherever it is displayed or debugged.
#[derive(Clone)]
pub struct SecretUrl(String);

impl SecretUrl {
    pub fn new(url: impl Into<String>) -> Self {
        Self(url.into())
    }

    /// The full URL, for the driver only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SecretUrl {
    /// `scheme://user:***@host/db`: enough to tell which store, never the password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0.find("://"), self.0.rfind('@')) {
            (Some(scheme_end), Some(at)) if at > scheme_end => {
                let credentials = &self.0[scheme_end + 3..at];
                let user = credentials.split(':').next().unwrap_or_default();
                write!(f, "{}{user}:***{}", &self.0[..scheme_end + 3], &self.0[at..])
            }
            _ => f.write_str(&self.0),
        }
    }
}

impl fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretUrl({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::SecretUrl;

    #[test]
    fn passwords_never_print() {
        let url = SecretUrl::new("postgres://tatrack:hunter2@db:5432/tatrack");
        assert_eq!(url.to_string(), "postgres://tatrack:***@db:5432/tatrack");
        assert!(!format!("{url:?}").contains("hunter2"));
        assert_eq!(SecretUrl::new("sqlite://data/tatrack.db").to_string(), "sqlite://data/tatrack.db");
    }
}
