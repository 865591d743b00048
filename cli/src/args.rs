//! The `tatrack` command line as clap reads it, and the store every subcommand opens.

use std::net::SocketAddr;

use clap::{Parser, Subcommand};
use tatrack_http::settings::{
    LogFormat, DEFAULT_ADDR, DEFAULT_DATABASE_URL, DEFAULT_RATE_LIMIT, DEFAULT_READY_MAX_LAG,
};

use crate::audit::AuditCommand;
use crate::token::TokenCommand;

#[derive(Parser)]
#[command(name = "tatrack", version, about = "Event-sourced tracker of technical-assistance activities")]
pub struct Cli {
    /// `postgres://...` or `sqlite://...` (an SQLite file is created on first use).
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true, hide_env_values = true)]
    pub database_url: String,
    /// How log lines are written: text, or JSON objects (one a line, with the request id).
    #[arg(long, env = "TATRACK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the REST API (Swagger UI at /docs).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "TATRACK_ADDR", default_value = DEFAULT_ADDR)]
        addr: SocketAddr,
        /// Seed the demo data set first, if the store is empty.
        #[arg(long)]
        demo: bool,
        /// Serve without projecting (another replica keeps the read models up to date).
        #[arg(long)]
        no_projector: bool,
        /// A PostgreSQL hot standby of the store that lists, summaries, exports, IATI and reports
        /// may read from when it has caught up (repeat it, or separate with commas, for several).
        #[arg(long, env = "TATRACK_READ_DATABASE_URL", value_delimiter = ',', hide_env_values = true)]
        read_database_url: Vec<String>,
        /// Requests per second each token may make (twice that in a burst); 0 turns it off.
        #[arg(long, env = "TATRACK_RATE_LIMIT", default_value_t = DEFAULT_RATE_LIMIT)]
        rate_limit: u32,
        /// Comma-separated origins allowed to call the API from a browser (CORS stays off
        /// when empty).
        #[arg(long, env = "TATRACK_CORS_ORIGINS", value_delimiter = ',')]
        cors_origins: Vec<String>,
        /// /readyz answers 503 once the projector is more than this many events behind the log.
        #[arg(long, env = "TATRACK_READY_MAX_LAG", default_value_t = DEFAULT_READY_MAX_LAG)]
        ready_max_lag: u32,
        /// Whom IATI documents are published as (`--demo` without it: a placeholder).
        #[command(flatten)]
        iati: crate::iati::IatiArgs,
        /// The organisation's identity provider people sign in with (none: tokens only).
        #[command(flatten)]
        oidc: crate::oidc::OidcArgs,
        /// The key that signs the chain's head and reports, and the public keys verification
        /// checks with.
        #[command(flatten)]
        chain: Box<crate::keys::ChainArgs>,
        /// The master key that seals participants' keys.
        #[command(flatten)]
        master_key: Box<MasterKeyArgs>,
    },
    /// Write data into the store without serving.
    Seed {
        /// The demo data set drawn from the UNODC report (only into an empty store).
        #[arg(long, required = true)]
        demo: bool,
    },
    /// Rebuild every read model from the event log, beside the live ones, then switch to them.
    /// A running server keeps answering queries throughout. With --until and --out, write the
    /// summaries as they stood at that instant as CSV files instead, changing nothing.
    Replay {
        /// The instant (RFC 3339, e.g. 2019-12-31T23:59:59Z) to replay up to.
        #[arg(long, requires = "out")]
        until: Option<chrono::DateTime<chrono::Utc>>,
        /// Folder for countries.csv, programmes.csv and donors.csv.
        #[arg(long, requires = "until")]
        out: Option<std::path::PathBuf>,
    },
    /// Print the OpenAPI document the server serves.
    Openapi,
    /// Manage access tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Register, correct and list organisations (donors and partners).
    #[command(subcommand)]
    Organisation(crate::organisation::OrganisationCommand),
    /// Recompute the hash chain over the log; exits non-zero, naming the first broken position,
    /// when an event was altered, removed or inserted. With --public-key, also every signed
    /// head (naming the first that no longer holds).
    Verify {
        /// A public key file (one key a line, hex); repeat for keys a rotation replaced.
        #[arg(long = "public-key", value_name = "FILE")]
        public_keys: Vec<std::path::PathBuf>,
    },
    /// Offline copies of the log for auditors, their check, and the key that signs the chain.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Publish activities as IATI 2.03 activity XML.
    #[command(subcommand)]
    Iati(crate::iati::IatiCommand),
    /// Write the activity statistics section of an annual report (Markdown, HTML, JSON) from
    /// the log, every figure footnoted with the activities behind it; or check one with --verify.
    Report(crate::report::ReportArgs),
    /// Import past activities from a CSV or XLSX file (the columns of GET
    /// /api/v1/imports/template.csv). All or nothing, in one transaction, unless --partial.
    Import {
        /// The CSV (UTF-8) or XLSX file.
        file: std::path::PathBuf,
        /// Check every row and write nothing (with --partial: show what a partial import would do).
        #[arg(long)]
        dry_run: bool,
        /// Write the valid rows even when others are invalid, one commit per row.
        #[arg(long)]
        partial: bool,
        /// Print the whole report as JSON.
        #[arg(long)]
        json: bool,
        /// Check every row, write nothing, and write every problem to this CSV file (the
        /// terminal shows the first 1,000).
        #[arg(long, value_name = "CSV")]
        problems: Option<std::path::PathBuf>,
    },
}

/// Where the master key comes from: `TATRACK_MASTER_KEY` (base64 of 32 bytes), else a file,
/// created with a random key when missing. Back it up apart from the database.
#[derive(clap::Args)]
pub struct MasterKeyArgs {
    /// The file holding the master key (base64); created, readable by its owner only, when missing.
    #[arg(long, env = "TATRACK_MASTER_KEY_FILE", default_value = tatrack_app::personal::DEFAULT_MASTER_KEY_FILE)]
    pub master_key_file: std::path::PathBuf,
    /// The master key itself, base64 of 32 bytes; wins over the file.
    #[arg(long, env = "TATRACK_MASTER_KEY", hide_env_values = true, hide = true)]
    pub master_key: Option<String>,
}

impl MasterKeyArgs {
    pub fn source(self) -> tatrack_app::personal::MasterKeySource {
        use tatrack_app::personal::MasterKeySource;
        match self.master_key {
            Some(key) => MasterKeySource::Value(zeroize::Zeroizing::new(key)),
            None => MasterKeySource::File(self.master_key_file),
        }
    }
}
