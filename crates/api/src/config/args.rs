//! The command line: the clap parser, its subcommands and their options, apart from the
//! service configuration of `vergleich serve` (in the parent module).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use super::{DatabaseArgs, ServeArgs};

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
    /// Validate a file and store its observations (exit 0 accepted, 1 rejected, 2 usage or I/O).
    Import(ImportArgs),
    /// Write the upload template of one member (XLSX or CSV), its key pre-filled.
    Template(TemplateArgs),
    /// Render a chart from the database to an SVG or PNG file (no web server needed).
    Chart(ChartArgs),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
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
    pub log_filter: String,
    /// Log line format.
    #[arg(
        long = "log-format",
        env = "VERGLEICH_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Readable lines, German and English.
    Text,
    /// The report as JSON, as the API returns it.
    Json,
}

/// Options of `vergleich import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The file: CSV, XLSX, ODS or JSON (the format is read from the bytes).
    pub file: PathBuf,
    /// The member the file belongs to (8-digit AGS or 5-digit Kreisschlüssel); rows of other
    /// members are errors, official tables keep only its rows. Without it, the rows name their
    /// members and each member's rows become an upload of its own.
    #[arg(long, value_parser = parse_ags)]
    pub municipality: Option<vergleich_domain::Ags>,
    /// Validate and report only; store nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Report format on stdout.
    #[arg(long, value_enum, default_value = "text")]
    pub report: ReportFormat,
    /// Publish the upload at once instead of leaving it as a draft for review.
    #[arg(long)]
    pub publish: bool,
    /// Repeat-safe key: the same key with the same file answers with the first upload.
    #[arg(long)]
    pub idempotency_key: Option<String>,
    /// Maps a variable of an official table to an indicator,
    /// `CODE[:ATTR=VAL…]=INDICATOR[*FACTOR]` (e.g. `BEVSTD=bevoelkerung`); repeatable, tried
    /// before `datasets/sources.csv`.
    #[arg(long = "map", value_name = "MAPPING")]
    pub map: Vec<String>,
    #[command(flatten)]
    pub db: DatabaseArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    /// Excel workbook with a data sheet and a sheet of definitions.
    Xlsx,
    /// CSV as German Excel writes it: `;`, UTF-8 with BOM.
    Csv,
}

/// Options of `vergleich template`.
#[derive(Debug, Clone, Args)]
pub struct TemplateArgs {
    /// The member (8-digit AGS or 5-digit Kreisschlüssel).
    #[arg(value_parser = parse_ags)]
    pub municipality: vergleich_domain::Ags,
    #[arg(long, value_enum, default_value = "xlsx")]
    pub format: TemplateFormat,
    /// Where to write the template.
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    /// First year with rows (default: last year).
    #[arg(long)]
    pub from: Option<i32>,
    /// Last year with rows (default: last year).
    #[arg(long)]
    pub to: Option<i32>,
    /// Folder with the catalogue and cohort.
    #[arg(long, env = "VERGLEICH_DATASETS")]
    pub datasets: Option<PathBuf>,
}

/// Options of `vergleich chart`.
#[derive(Debug, Clone, Args)]
pub struct ChartArgs {
    /// ranking, radar, heatmap, time-series, dot-plot or scatter.
    #[arg(value_enum)]
    pub kind: vergleich_service::ChartKind,
    /// The indicator (ranking, dot plot, time series; x axis of a scatter).
    #[arg(long)]
    pub indicator: Option<vergleich_domain::IndicatorId>,
    /// The y-axis indicator of a scatter.
    #[arg(long)]
    pub indicator_y: Option<vergleich_domain::IndicatorId>,
    /// Heat map of one field's indicators instead of all fields.
    #[arg(long)]
    pub field: Option<vergleich_domain::FieldId>,
    /// Highlighted members, comma-separated; the first is the focus of a radar profile and of
    /// relative peer groups; a time series shows these members.
    #[arg(long, value_delimiter = ',', value_parser = parse_ags)]
    pub municipality: Vec<vergleich_domain::Ags>,
    /// Year (default: the latest with data).
    #[arg(long)]
    pub year: Option<i32>,
    /// First year of a time series.
    #[arg(long)]
    pub from: Option<i32>,
    /// Last year of a time series.
    #[arg(long)]
    pub to: Option<i32>,
    /// Comparison group.
    #[arg(long, value_enum, default_value = "cohort")]
    pub group: vergleich_service::GroupChoice,
    /// Language of texts and numbers: de or en.
    #[arg(long, default_value = "de", value_parser = parse_lang)]
    pub lang: vergleich_domain::format::Lang,
    /// Print size (A4 landscape width) instead of web size.
    #[arg(long)]
    pub print: bool,
    /// PNG pixel density: 1 or 2.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub scale: u8,
    /// Output file; the extension (.svg or .png) picks the format.
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    /// Do not load the demo observations into an empty database.
    #[arg(long, env = "VERGLEICH_NO_DEMO")]
    pub no_demo: bool,
    #[command(flatten)]
    pub db: DatabaseArgs,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user with one role; a municipality user needs --municipality.
    Add {
        /// Unique sign-in name.
        name: String,
        /// municipality, manager, staff or admin.
        #[arg(long, value_parser = parse_role)]
        role: vergleich_domain::Role,
        /// The member a municipality user belongs to.
        #[arg(long, value_parser = parse_ags)]
        municipality: Option<vergleich_domain::Ags>,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Disable a user: their API tokens stop working and their sessions end, at once, and
    /// signing in is refused until `vergleich user enable`.
    Disable {
        /// The user's sign-in name.
        name: String,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Enable a disabled user again (their API tokens work again; they sign in anew).
    Enable {
        /// The user's sign-in name.
        name: String,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Set a user's password for signing in with a browser (read from the first line of
    /// standard input, at least 12 characters; stored as an argon2id hash).
    Password {
        /// The user's sign-in name.
        name: String,
        #[command(flatten)]
        db: DatabaseArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// List a user's API tokens: id, label, created, revoked (never the token).
    List {
        /// The user's name.
        name: String,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Revoke a user's API token by id (see `list`), every live token with a label, or all.
    Revoke {
        /// The user's name.
        name: String,
        /// The token's id.
        #[arg(long, conflicts_with_all = ["label", "all"], required_unless_present_any = ["label", "all"])]
        id: Option<i64>,
        /// Every live token with this label.
        #[arg(long, conflicts_with = "all")]
        label: Option<String>,
        /// Every live token of the user.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        db: DatabaseArgs,
    },
    /// Create an API token for a user and print it once; only its SHA-256 is stored.
    Create {
        /// The user's name.
        name: String,
        /// What the token is for, e.g. the machine it lives on.
        #[arg(long, default_value = "cli")]
        label: String,
        #[command(flatten)]
        db: DatabaseArgs,
    },
}

fn parse_role(value: &str) -> Result<vergleich_domain::Role, String> {
    vergleich_domain::Role::parse(value)
        .ok_or_else(|| "use municipality, manager, staff or admin".to_owned())
}

fn parse_lang(value: &str) -> Result<vergleich_domain::format::Lang, String> {
    match value {
        "de" => Ok(vergleich_domain::format::Lang::De),
        "en" => Ok(vergleich_domain::format::Lang::En),
        _ => Err("use de or en".to_owned()),
    }
}

fn parse_ags(value: &str) -> Result<vergleich_domain::Ags, String> {
    vergleich_domain::Ags::parse(value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
