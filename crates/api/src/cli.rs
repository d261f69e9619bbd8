//! Runs the parsed command line: `serve` and `demo generate`.

use std::process::ExitCode;

use anyhow::Context;
use vergleich_domain::{Catalogue, Cohort, demo};

use crate::config::{Cli, Command, DemoCommand};

/// Runs one command to completion.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => {
            let runtime =
                tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
            runtime.block_on(crate::startup::serve(args))?;
            Ok(ExitCode::SUCCESS)
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
