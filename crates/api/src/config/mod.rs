//! The service configuration and the command line: the only place that reads the environment.
//! Here is what `vergleich serve` runs with (address, database, HTTP limits), with its defaults
//! and checks; `args.rs` holds the command line around it (the clap parser, its subcommands and
//! their options). Tests build these structs in code.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use vergleich_store::redact_url;

mod args;

pub use args::{
    ChartArgs, Cli, Command, DemoCommand, ImportArgs, LogArgs, LogFormat, ReportFormat,
    TemplateArgs, TemplateFormat, TokenCommand, UserCommand,
};

/// Where the data lives; shared by every command that opens the database.
#[derive(Clone, Args)]
pub struct DatabaseArgs {
    /// Database: `sqlite:PATH` (created if missing) or `postgres://USER:PASSWORD@HOST:PORT/DB`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite:data/vergleich.sqlite"
    )]
    pub database_url: String,
    /// A PostgreSQL read replica of `--database-url` (`postgres://…`): the reads views are
    /// computed from (catalogue, cohort, observations, data version, releases) go there, every
    /// write and the workflow's reads to the primary. Views then follow a write within the
    /// replica's lag plus a second.
    #[arg(long, env = "VERGLEICH_READ_DATABASE_URL")]
    pub read_database_url: Option<String>,
    /// Folder with fields.csv, indicators.csv, cohort.csv and demo/observations.csv. Without
    /// it: `./datasets` when that folder exists (a checkout), else the datasets built into the
    /// binary.
    #[arg(long, env = "VERGLEICH_DATASETS")]
    pub datasets: Option<PathBuf>,
}

impl DatabaseArgs {
    /// The given URL and datasets folder (for tests and tools).
    pub fn new(database_url: impl Into<String>, datasets: impl Into<PathBuf>) -> Self {
        Self {
            database_url: database_url.into(),
            read_database_url: None,
            datasets: Some(datasets.into()),
        }
    }

    /// Where the datasets come from: the given folder, `./datasets`, or the built-in copy.
    pub fn datasets_folder(&self) -> Option<PathBuf> {
        datasets_folder(self.datasets.as_deref())
    }

    /// Catalogue and cohort (and the demo observations when `with_demo`); CPU work.
    pub fn load_seed(&self, with_demo: bool) -> anyhow::Result<vergleich_store::Seed> {
        load_datasets(self.datasets.as_deref(), with_demo)
    }

    /// For the start-up log: the folder, or `built-in`.
    pub fn datasets_label(&self) -> String {
        self.datasets_folder()
            .map_or_else(|| "built-in".to_owned(), |d| d.display().to_string())
    }
}

impl fmt::Debug for DatabaseArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The database URL may carry a password: never print it.
        f.debug_struct("DatabaseArgs")
            .field("database_url", &redact_url(&self.database_url))
            .field(
                "read_database_url",
                &self.read_database_url.as_deref().map(redact_url),
            )
            .field("datasets", &self.datasets)
            .finish()
    }
}

/// The datasets folder: the given one, else `./datasets` when it exists (a checkout), else
/// none (the datasets built into the binary).
pub fn datasets_folder(given: Option<&std::path::Path>) -> Option<PathBuf> {
    given.map(PathBuf::from).or_else(|| {
        let here = PathBuf::from("datasets");
        here.is_dir().then_some(here)
    })
}

/// Catalogue and cohort (and the demo observations when `with_demo`) from
/// [`datasets_folder`], or built in; CPU work.
pub fn load_datasets(
    given: Option<&std::path::Path>,
    with_demo: bool,
) -> anyhow::Result<vergleich_store::Seed> {
    use anyhow::Context;
    match datasets_folder(given) {
        Some(dir) => vergleich_store::datasets::load_seed(&dir, with_demo)
            .with_context(|| format!("cannot load the datasets in {}", dir.display())),
        None => vergleich_store::datasets::embedded_seed(with_demo)
            .context("the built-in datasets do not load"),
    }
}

/// Options of `vergleich serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "VERGLEICH_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// Do not load the demo observations (catalogue and cohort are always loaded).
    #[arg(long, env = "VERGLEICH_NO_DEMO")]
    pub no_demo: bool,
    #[command(flatten)]
    pub http: HttpArgs,
}

/// How the HTTP service treats requests: sessions, limits, cross-origin access.
#[derive(Debug, Clone, Args)]
pub struct HttpArgs {
    /// Send session cookies without the `Secure` flag (only for plain HTTP other than localhost;
    /// browsers treat http://localhost and 127.0.0.1 as secure).
    #[arg(long, env = "VERGLEICH_INSECURE_COOKIES")]
    pub insecure_cookies: bool,
    /// How long a browser session lasts without a request, in minutes; then it ends.
    #[arg(long, env = "VERGLEICH_SESSION_MINUTES", default_value_t = 120,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub session_minutes: u32,
    /// How long a browser session lasts at most, however active, in minutes (the cookie's
    /// lifetime); then its user signs in again.
    #[arg(long, env = "VERGLEICH_SESSION_MAX_MINUTES", default_value_t = 720,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub session_max_minutes: u32,
    /// Largest request body in bytes (a 10 MiB upload plus multipart overhead fits the default);
    /// larger bodies get 413.
    #[arg(long, env = "VERGLEICH_BODY_LIMIT", default_value_t = DEFAULT_BODY_LIMIT)]
    pub body_limit: usize,
    /// Longest time a request may take (`30s`, `500ms`, or seconds); then 503 `timeout`.
    #[arg(long, env = "VERGLEICH_REQUEST_TIMEOUT", default_value = "30s", value_parser = parse_duration)]
    pub request_timeout: Duration,
    /// Requests per second one principal (API token, session, else client IP) may make on
    /// average; 0 switches rate limiting off.
    #[arg(long, env = "VERGLEICH_RATE_LIMIT", default_value_t = 20)]
    pub rate_limit: u32,
    /// How many requests one principal may make at once before the average applies.
    #[arg(long, env = "VERGLEICH_RATE_LIMIT_BURST", default_value_t = 60)]
    pub rate_limit_burst: u32,
    /// Origins allowed to call the API from a browser (`https://example.org`, comma-separated);
    /// empty: no CORS headers at all.
    #[arg(long, env = "VERGLEICH_CORS_ORIGINS", value_delimiter = ',', value_parser = parse_origin)]
    pub cors_origins: Vec<String>,
    /// Compute every comparison and chart anew instead of answering repeats from the response
    /// cache (keyed by data version, reader, URI and format; see `cache.rs`).
    #[arg(long, env = "VERGLEICH_NO_VIEW_CACHE")]
    pub no_view_cache: bool,
    /// Pages and views open on the latest year in which at least this percentage of the members
    /// report a value (an early upload of next year by one member does not switch everyone to a
    /// comparison of one); an explicit `year` is always shown.
    #[arg(long, env = "VERGLEICH_DEFAULT_YEAR_COVERAGE", default_value_t = 50,
          value_parser = clap::value_parser!(u8).range(1..=100))]
    pub default_year_coverage: u8,
    /// The service's public address (e.g. `https://vergleich.example.org`), for the absolute
    /// download addresses in a release's DCAT record; without it they are relative. Never
    /// taken from the request's `Host` header, which any client can set.
    #[arg(long, env = "VERGLEICH_PUBLIC_URL", default_value = "")]
    pub public_url: String,
    /// CPU jobs that may run at once (computing views, drawing charts, writing workbooks,
    /// checking passwords; uploads have `--concurrent-parses`); the others wait their turn.
    /// 0: four per core.
    #[arg(long, env = "VERGLEICH_CPU_JOBS", default_value_t = 0)]
    pub cpu_jobs: usize,
    /// Uploaded files parsed at once (a spreadsheet at the cell limit can take a few hundred MB
    /// while it is read); further uploads wait their turn.
    #[arg(long, env = "VERGLEICH_CONCURRENT_PARSES", default_value_t = 2,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub concurrent_parses: usize,
    /// Longest time a client may take to send a request's headers (`10s`, `500ms`), counted from
    /// the connection's start or the first byte of a further request; then the connection is
    /// closed. A connection that sends nothing is closed after this time.
    #[arg(long, env = "VERGLEICH_HEADER_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub header_timeout: Duration,
    /// How long a kept-alive connection may wait for its next request; then it is closed.
    #[arg(long, env = "VERGLEICH_IDLE_TIMEOUT", default_value = "60s", value_parser = parse_duration)]
    pub idle_timeout: Duration,
    /// Connections open at once; a further client waits in the listen queue until one closes
    /// (keep it well below the process's open-file limit, `ulimit -n`).
    #[arg(long, env = "VERGLEICH_MAX_CONNECTIONS", default_value_t = 512,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_connections: usize,
    /// Observations the kept data states of the views may hold together in memory (a state of 5.5
    /// million took the process to 2.3 GiB resident); a state above 90 % of this is kept alone,
    /// outside the cache, with a warning in the log.
    #[arg(long, env = "VERGLEICH_KEPT_OBSERVATIONS",
          default_value_t = crate::snapshots::CAPACITY_OBSERVATIONS,
          value_parser = clap::builder::RangedU64ValueParser::<u64>::new().range(1..))]
    pub kept_observations: u64,
    /// Folder where the public data state (and each release's that is out) is kept between
    /// starts (an Arrow file of its observations and a JSON description), so that after a
    /// start the views read it and only
    /// the members whose uploads changed meanwhile from the database, instead of every row (5.5
    /// million rows took 40–70 s on SQLite). Default: beside a SQLite database file
    /// (`data/vergleich.sqlite.state`); with PostgreSQL none unless given; `off`: none. Only
    /// published data is written; give each instance a folder of its own.
    #[arg(long, env = "VERGLEICH_KEPT_STATE_DIR")]
    pub kept_state_dir: Option<String>,
}

impl HttpArgs {
    /// The folder of the kept public data state, if any (`off`: none).
    pub fn kept_state_folder(&self) -> Option<PathBuf> {
        match self.kept_state_dir.as_deref().map(str::trim) {
            None | Some("off") | Some("") => None,
            Some(dir) => Some(PathBuf::from(dir)),
        }
    }

    /// `--kept-state-dir` with its default for `database_url` filled in: beside a SQLite
    /// database file, none for PostgreSQL or an in-memory database.
    #[must_use]
    pub fn with_default_kept_state(mut self, database_url: &str) -> Self {
        if self.kept_state_dir.is_none() {
            self.kept_state_dir = sqlite_file(database_url).map(|f| format!("{f}.state"));
        }
        self
    }
}

/// The file of a `sqlite:` URL, if it names one (not `:memory:`).
fn sqlite_file(database_url: &str) -> Option<String> {
    let rest = database_url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let file = rest.split('?').next().unwrap_or(rest);
    (!file.is_empty() && !file.contains(":memory:")).then(|| file.to_owned())
}

/// 12 MiB: the 10 MiB upload limit of a file plus room for the multipart envelope.
pub const DEFAULT_BODY_LIMIT: usize = 12 * 1024 * 1024;

impl Default for HttpArgs {
    fn default() -> Self {
        Self {
            insecure_cookies: false,
            session_minutes: 120,
            session_max_minutes: 720,
            body_limit: DEFAULT_BODY_LIMIT,
            request_timeout: Duration::from_secs(30),
            rate_limit: 20,
            rate_limit_burst: 60,
            cors_origins: Vec::new(),
            no_view_cache: false,
            default_year_coverage: 50,
            public_url: String::new(),
            cpu_jobs: 0,
            concurrent_parses: 2,
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 512,
            kept_observations: crate::snapshots::CAPACITY_OBSERVATIONS,
            kept_state_dir: None,
        }
    }
}

/// `30s`, `500ms` or a plain number of seconds; more than zero.
pub fn parse_duration(value: &str) -> Result<Duration, String> {
    let value = value.trim();
    let (number, millis) = if let Some(n) = value.strip_suffix("ms") {
        (n, true)
    } else {
        (value.strip_suffix('s').unwrap_or(value), false)
    };
    let n: u64 = number
        .trim()
        .parse()
        .map_err(|_| format!("{value:?} is not a duration: use e.g. 30s or 500ms"))?;
    if n == 0 {
        return Err("a timeout of zero would refuse every request".to_owned());
    }
    Ok(if millis {
        Duration::from_millis(n)
    } else {
        Duration::from_secs(n)
    })
}

/// An origin as browsers send it: `scheme://host[:port]`, no path, no trailing slash.
fn parse_origin(value: &str) -> Result<String, String> {
    let value = value.trim();
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| format!("{value:?}: an origin starts with https:// or http://"))?;
    if rest.is_empty() || rest.contains(['/', '?', '#', '*', ' ']) || !value.is_ascii() {
        return Err(format!(
            "{value:?}: an origin is scheme://host[:port] with no path, e.g. https://example.org"
        ));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[test]
    fn debug_output_hides_the_database_password() {
        let args = ServeArgs {
            bind: "127.0.0.1:0".parse().unwrap(),
            db: DatabaseArgs::new("postgres://app:geheim@db/vergleich", "datasets"),
            no_demo: false,
            http: HttpArgs::default(),
        };
        let shown = format!("{args:?}");
        assert!(!shown.contains("geheim"), "{shown}");
        assert!(shown.contains("postgres://app:***@db/vergleich"), "{shown}");
    }

    #[test]
    fn durations_read_seconds_and_milliseconds() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("45"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("soon").is_err());
    }

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(
            parse_origin("https://example.org:8443").as_deref(),
            Ok("https://example.org:8443")
        );
        assert!(parse_origin("example.org").is_err());
        assert!(parse_origin("https://example.org/").is_err());
        assert!(parse_origin("*").is_err());
    }

    #[test]
    fn defaults_match_the_command_line() {
        let cli = Cli::try_parse_from(["vergleich", "serve"]).unwrap();
        let Command::Serve(args) = cli.command else {
            panic!("serve expected")
        };
        let d = HttpArgs::default();
        assert_eq!(args.http.body_limit, d.body_limit);
        assert_eq!(args.http.request_timeout, d.request_timeout);
        assert_eq!(args.http.rate_limit, d.rate_limit);
        assert_eq!(args.http.rate_limit_burst, d.rate_limit_burst);
        assert_eq!(args.http.session_minutes, d.session_minutes);
        assert_eq!(args.http.session_max_minutes, d.session_max_minutes);
        assert_eq!(args.http.header_timeout, d.header_timeout);
        assert_eq!(args.http.idle_timeout, d.idle_timeout);
        assert_eq!(args.http.max_connections, d.max_connections);
        assert!(args.http.cors_origins.is_empty());
        assert_eq!(args.http.kept_state_dir, d.kept_state_dir);
    }

    #[test]
    fn the_kept_state_lies_beside_a_sqlite_file_unless_told() {
        let folder = |given: Option<&str>, url: &str| {
            let http = HttpArgs {
                kept_state_dir: given.map(str::to_owned),
                ..HttpArgs::default()
            };
            http.with_default_kept_state(url).kept_state_folder()
        };
        let beside = Some(PathBuf::from("data/vergleich.sqlite.state"));
        assert_eq!(folder(None, "sqlite:data/vergleich.sqlite"), beside);
        assert_eq!(
            folder(None, "sqlite://data/vergleich.sqlite?mode=rwc"),
            beside
        );
        assert_eq!(folder(None, "sqlite::memory:"), None);
        assert_eq!(folder(None, "postgres://db/vergleich"), None);
        assert_eq!(
            folder(Some("/var/lib/x"), "postgres://db/v"),
            Some("/var/lib/x".into())
        );
        assert_eq!(folder(Some("off"), "sqlite:data/vergleich.sqlite"), None);
    }
}
