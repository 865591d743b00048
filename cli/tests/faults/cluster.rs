//! A PostgreSQL cluster of the test's own: its own data folder, port and socket, so stopping it
//! touches no other test and not the shared server on 5432. Stopped when dropped, even by a
//! failing test.

use std::os::unix::fs::MetadataExt as _;
use std::path::PathBuf;
use std::process::Command;

/// Where Debian's packages put the server binaries, one folder per major version.
const DEBIAN_BINARIES: &str = "/usr/lib/postgresql";

/// How the server goes away.
#[derive(Debug, Clone, Copy)]
pub enum Shutdown {
    /// An administrator's restart: each session is told why (SQLSTATE 57P01), then cut.
    Fast,
    /// A crash: every process killed at once; the next start recovers from the write-ahead log.
    Immediate,
}

pub struct Cluster {
    /// The folder holding `initdb`, `pg_ctl` and `postgres`.
    bin: PathBuf,
    /// PostgreSQL refuses to run as root, so a root test runs it as the `postgres` OS user.
    as_postgres: bool,
    port: u16,
    /// Holds the data folder, the socket and the server log; removed after the server stops.
    folder: tempfile::TempDir,
}

impl Cluster {
    /// Creates a cluster in a fresh folder (trust authentication, user `postgres`) and starts
    /// it on a free port.
    pub fn start() -> Self {
        let bin = binaries();
        let folder = tempfile::tempdir().expect("a temporary folder");
        // Created by us, so owned by our user: root if its owner is.
        let as_postgres = folder.path().metadata().expect("the folder's metadata").uid() == 0;
        if as_postgres {
            run(Command::new("chown").arg("postgres:").arg(folder.path()), "chown the folder to postgres");
        }
        let mut cluster = Self { bin, as_postgres, port: 0, folder };
        let mut initdb = cluster.tool("initdb");
        initdb.arg("-D").arg(cluster.data()).args(["-A", "trust", "-U", "postgres", "--no-sync"]);
        run(initdb.args(["-E", "UTF8", "--locale=C"]), "initdb");
        // Another process may take the probed port before the server binds it: try a few.
        for _ in 0..5 {
            cluster.port = free_port();
            if cluster.pg_ctl_start() {
                return cluster;
            }
        }
        panic!("the throwaway cluster did not start on any of five ports:\n{}", cluster.log());
    }

    /// A connection string for its `postgres` database.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops the server; [`Cluster::start_again`] brings it back.
    pub fn stop(&self, shutdown: Shutdown) {
        let mode = match shutdown {
            Shutdown::Fast => "fast",
            Shutdown::Immediate => "immediate",
        };
        let mut stop = self.tool("pg_ctl");
        run(stop.arg("-D").arg(self.data()).args(["-m", mode, "-w", "stop"]), "pg_ctl stop");
    }

    /// Starts the stopped server again on the same port; it recovers from its log first.
    pub fn start_again(&self) {
        assert!(self.pg_ctl_start(), "the throwaway cluster did not restart:\n{}", self.log());
    }

    fn pg_ctl_start(&self) -> bool {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.folder.path().display()
        );
        let mut start = self.tool("pg_ctl");
        // With `-l` the server's output goes to a file; without it, it would hold our pipe open.
        start.arg("-D").arg(self.data()).arg("-l").arg(self.folder.path().join("server.log"));
        let output = start.args(["-o", &options, "-w", "-t", "30", "start"]).output().expect("pg_ctl runs");
        output.status.success()
    }

    fn data(&self) -> PathBuf {
        self.folder.path().join("data")
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.folder.path().join("server.log")).unwrap_or_default()
    }

    fn tool(&self, name: &str) -> Command {
        let path = self.bin.join(name);
        if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(path);
            command
        } else {
            Command::new(path)
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let mut stop = self.tool("pg_ctl");
        // Already stopped is fine; nothing else can be done about a failure here.
        let _ = stop.arg("-D").arg(self.data()).args(["-m", "immediate", "-w", "stop"]).output();
    }
}

/// `TATRACK_TEST_PG_BIN`, else the newest version Debian's packages installed. CI installs
/// PostgreSQL, so missing binaries fail the test rather than skip it.
fn binaries() -> PathBuf {
    let bin = std::env::var_os("TATRACK_TEST_PG_BIN").map(PathBuf::from).or_else(|| {
        let versions = std::fs::read_dir(DEBIAN_BINARIES).ok()?.filter_map(Result::ok);
        let mut found: Vec<(u32, PathBuf)> = versions
            .filter_map(|entry| Some((entry.file_name().to_str()?.parse().ok()?, entry.path().join("bin"))))
            .collect();
        found.sort();
        found.pop().map(|(_, bin)| bin)
    });
    match bin {
        Some(bin) if bin.join("initdb").is_file() && bin.join("pg_ctl").is_file() => bin,
        _ => panic!(
            "no PostgreSQL server binaries (initdb, pg_ctl) in {DEBIAN_BINARIES}/<version>/bin or \
             TATRACK_TEST_PG_BIN: install Debian's postgresql package (scripts/postgres-up does)"
        ),
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

fn run(command: &mut Command, what: &str) {
    let output = command.output().unwrap_or_else(|e| panic!("{what}: cannot run {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
