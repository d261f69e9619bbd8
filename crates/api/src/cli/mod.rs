//! Runs the parsed command line: `serve`, `import`, `template` and `demo generate`. Exit codes: 0 success
//! (an import accepted, warnings allowed), 1 an import rejected, 2 usage or I/O errors.

mod import;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use chrono::Datelike;
use vergleich_domain::{Catalogue, Cohort, demo};

use vergleich_charts::{PngScale, SizePreset};

use crate::config::{ChartArgs, Cli, Command, DemoCommand, TemplateArgs, TemplateFormat};
use crate::config::{TokenCommand, UserCommand};
use vergleich_service::ViewQuery;
use vergleich_service::views::chart::ChartRequest;

/// Runs one command to completion.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let runtime = || tokio::runtime::Runtime::new().context("cannot start the async runtime");
    match cli.command {
        Command::Serve(args) => {
            runtime()?.block_on(crate::startup::serve(args))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import(args) => {
            let bytes = import::read_with_progress(&args)?;
            runtime()?.block_on(import::import(args, bytes))
        }
        Command::Template(args) => template(&args),
        Command::Chart(args) => runtime()?.block_on(chart(args)),
        Command::User(cmd @ (UserCommand::Disable { .. } | UserCommand::Enable { .. })) => {
            runtime()?.block_on(crate::auth::cli::user(cmd))
        }
        Command::Token(cmd @ (TokenCommand::List { .. } | TokenCommand::Revoke { .. })) => {
            runtime()?.block_on(crate::auth::cli::token(cmd))
        }
        Command::User(UserCommand::Add {
            name,
            role,
            municipality,
            db,
        }) => runtime()?.block_on(async move {
            let state = crate::startup::build(&db, false).await?;
            let user = state.workflow().add_user(&name, role, municipality).await?;
            writeln!(
                std::io::stdout().lock(),
                "user {} ({}) created",
                user.name,
                user.role.as_str()
            )?;
            Ok(ExitCode::SUCCESS)
        }),
        Command::User(UserCommand::Password { name, db }) => runtime()?.block_on(async move {
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .context("cannot read the password from standard input")?;
            let password = line.trim_end_matches(['\r', '\n']).to_owned();
            let state = crate::startup::build(&db, false).await?;
            let user = state
                .workflow()
                .set_password(&name, password, "cli")
                .await?;
            writeln!(std::io::stdout().lock(), "password of {} set", user.name)?;
            Ok(ExitCode::SUCCESS)
        }),
        Command::Token(TokenCommand::Create { name, label, db }) => {
            runtime()?.block_on(async move {
                let state = crate::startup::build(&db, false).await?;
                let token = state.workflow().create_token(&name, &label).await?;
                // Shown once: only its hash is stored.
                writeln!(std::io::stdout().lock(), "{token}")?;
                Ok(ExitCode::SUCCESS)
            })
        }
        Command::Demo(DemoCommand::Generate { datasets, seed }) => {
            let read = |name: &str| {
                let path = datasets.join(name);
                std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))
            };
            let catalogue = Catalogue::from_csv(&read("fields.csv")?, &read("indicators.csv")?)?;
            let cohort = Cohort::from_csv(&read("cohort.csv")?)?;
            let anchors = demo::anchors_from_csv(&read("demo/anchors.csv")?)?;
            let observations = demo::generate(&catalogue, &cohort, &anchors, seed);
            let out = datasets.join(vergleich_store::datasets::DEMO_FILE);
            std::fs::write(&out, demo::to_csv(&observations)?)
                .with_context(|| format!("cannot write {}", out.display()))?;
            tracing::info!(path = %out.display(), observations = observations.len(), "demo data written");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes one member's upload template from the catalogue and cohort in the datasets folder.
fn template(args: &TemplateArgs) -> anyhow::Result<ExitCode> {
    let seed = crate::config::load_datasets(args.datasets.as_deref(), false)?;
    let last_year = chrono::Utc::now().year() - 1;
    let years = args.from.unwrap_or(last_year)..=args.to.unwrap_or(last_year);
    if years.is_empty()
        || vergleich_domain::Period::new(*years.start()).is_none()
        || vergleich_domain::Period::new(*years.end()).is_none()
    {
        anyhow::bail!(
            "--from and --to must give a range of years between 1990 and 2100, first year first"
        );
    }
    let (catalogue, cohort, member) = (&seed.catalogue, &seed.cohort, &args.municipality);
    let bytes = match args.format {
        TemplateFormat::Xlsx => {
            vergleich_ingest::template::xlsx_template(catalogue, cohort, member, years)?
        }
        TemplateFormat::Csv => {
            vergleich_ingest::template::csv_template(catalogue, cohort, member, years)?
        }
    };
    std::fs::write(&args.output, bytes)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    tracing::info!(path = %args.output.display(), "template written");
    Ok(ExitCode::SUCCESS)
}

/// Renders one chart from the published data in the database.
async fn chart(args: ChartArgs) -> anyhow::Result<ExitCode> {
    let png = match args.output.extension().and_then(|e| e.to_str()) {
        Some("png") => true,
        Some("svg") => false,
        _ => anyhow::bail!(
            "the output file must end in .svg or .png: {}",
            args.output.display()
        ),
    };
    let state = crate::startup::build(&args.db, !args.no_demo).await?;
    let data =
        vergleich_service::load(&*state.store, vergleich_store::Visibility::Published).await?;
    let request = ChartRequest {
        kind: args.kind,
        indicator: args.indicator,
        indicator_y: args.indicator_y,
        field: args.field,
        query: ViewQuery {
            members: args.municipality,
            year: args.year,
            from: args.from,
            to: args.to,
            group: args.group,
            lang: args.lang,
            size: if args.print {
                SizePreset::Print
            } else {
                SizePreset::Web
            },
            ..ViewQuery::default()
        },
    };
    let scale = if args.scale == 2 {
        PngScale::X2
    } else {
        PngScale::X1
    };
    // Analysis and drawing are CPU work.
    let (bytes, description) =
        tokio::task::spawn_blocking(move || -> anyhow::Result<(Vec<u8>, String)> {
            let data = data.into_data()?;
            let svg = vergleich_service::views::chart::chart(&data, &request)?.to_svg()?;
            if png {
                let png = svg.to_png(scale)?;
                Ok((png.png, png.description))
            } else {
                Ok((svg.svg.into_bytes(), svg.description))
            }
        })
        .await
        .context("rendering stopped unexpectedly")??;
    std::fs::write(&args.output, bytes)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    writeln!(std::io::stdout().lock(), "{description}")?;
    Ok(ExitCode::SUCCESS)
}
