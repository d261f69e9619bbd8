//! The command line and the environment, in one clap struct: the only place that reads the
//! environment. Tests build these structs in code.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use vergleich_store::redact_url;

/// vergleich: the comparison service of the model municipalities of "Weltoffene Kommunen".
#[derive(Debug, Parser)]
#[command(name = "vergleich", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub log: LogArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database, load catalogue, cohort and demo data, and serve HTTP.
    Serve(ServeArgs),
    /// Work with the shipped demo data.
    #[command(subcommand)]
    Demo(DemoCommand),
}

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Regenerate `datasets/demo/observations.csv` from the catalogue, cohort and anchors.
    Generate {
        /// The datasets folder.
        #[arg(long, env = "VERGLEICH_DATASETS", default_value = "datasets")]
        datasets: PathBuf,
        /// Seed of the generator; the committed file uses the default.
        #[arg(long, default_value_t = vergleich_domain::demo::DEMO_SEED)]
        seed: u64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct LogArgs {
    /// Log filter in `RUST_LOG` syntax, e.g. `info,vergleich_api=debug`.
    #[arg(long = "log", env = "RUST_LOG", default_value = "info", global = true)]
    pub filter: String,
    /// Log line format.
    #[arg(
        long = "log-format",
        env = "VERGLEICH_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    pub format: LogFormat,
}

/// Options of `vergleich serve`.
#[derive(Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "VERGLEICH_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Database: `sqlite:PATH` (created if missing) or `postgres://USER:PASSWORD@HOST:PORT/DB`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite:data/vergleich.sqlite"
    )]
    pub database_url: String,
    /// Do not load the demo observations (catalogue and cohort are always loaded).
    #[arg(long, env = "VERGLEICH_NO_DEMO")]
    pub no_demo: bool,
    /// Folder with fields.csv, indicators.csv, cohort.csv and demo/observations.csv.
    #[arg(long, env = "VERGLEICH_DATASETS", default_value = "datasets")]
    pub datasets: PathBuf,
}

impl fmt::Debug for ServeArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The database URL may carry a password: never print it.
        f.debug_struct("ServeArgs")
            .field("bind", &self.bind)
            .field("database_url", &redact_url(&self.database_url))
            .field("no_demo", &self.no_demo)
            .field("datasets", &self.datasets)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_database_password() {
        let args = ServeArgs {
            bind: "127.0.0.1:0".parse().unwrap(),
            database_url: "postgres://app:geheim@db/vergleich".into(),
            no_demo: false,
            datasets: "datasets".into(),
        };
        let shown = format!("{args:?}");
        assert!(!shown.contains("geheim"), "{shown}");
        assert!(shown.contains("postgres://app:***@db/vergleich"), "{shown}");
    }

    #[test]
    fn command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
