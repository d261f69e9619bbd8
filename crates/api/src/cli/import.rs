//! `vergleich import`: a file into the store, bound to one member (`--municipality`) or, without
//! it, as one upload per member the file holds values for (`vergleich_service::workflow::upload::import`).
//! Official tables map their variables to indicators by `datasets/sources.csv` and `--map`.

use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Value, json};
use vergleich_domain::UploadState;
use vergleich_ingest::{Limits, SourceMappings};
use vergleich_service::workflow::upload::{
    ImportOutcome, UploadOutcome, UploadRequest, Uploader, import as import_file,
};

use crate::config::{ImportArgs, ReportFormat};

/// Reads the file with a progress bar on stderr (hidden when stderr is not a terminal).
pub(super) fn read_with_progress(args: &ImportArgs) -> anyhow::Result<Vec<u8>> {
    let path = &args.file;
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(len).with_message(format!("lese {}", path.display()));
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes}") {
        bar.set_style(style);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut buffer)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buffer[..n]);
        bar.inc(n as u64);
    }
    bar.finish_and_clear();
    Ok(bytes)
}

/// Runs `vergleich import`. Exit code 0: accepted or already stored; 1: rejected; 2: usage or
/// I/O errors (a bad `--map` included).
pub(super) async fn import(args: ImportArgs, bytes: Vec<u8>) -> anyhow::Result<ExitCode> {
    let mappings = if args.map.is_empty() {
        None
    } else {
        Some(SourceMappings::with_user(args.map.iter().map(String::as_str)).context("--map")?)
    };
    let spinner = ProgressBar::new_spinner().with_message("öffne die Datenbank");
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let state = crate::startup::build(&args.db, false).await?;
    spinner.set_message(if args.dry_run {
        "prüfe"
    } else {
        "prüfe und speichere"
    });
    let request = UploadRequest {
        bytes,
        file_name: args
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned()),
        uploader: Uploader {
            name: "cli".to_owned(),
            municipality: args.municipality.clone(),
        },
        dry_run: args.dry_run,
        idempotency_key: args.idempotency_key.clone(),
        state: if args.publish {
            UploadState::Published
        } else {
            UploadState::Draft
        },
        skip_other_members: false,
        mappings,
    };
    let outcome = import_file(&*state.store, &Limits::default(), &state.parses, request).await?;
    spinner.finish_and_clear();
    let mut out = std::io::stdout().lock();
    let code = match outcome {
        ImportOutcome::Whole(outcome) => {
            let (code, summary, body) = answer(&outcome);
            match args.report {
                ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&body)?)?,
                ReportFormat::Text => {
                    if let Some(report) = report_of(&outcome) {
                        writeln!(out, "{}", report.to_text())?;
                    }
                    writeln!(out, "{summary}")?;
                }
            }
            code
        }
        ImportOutcome::PerMember { report, members } => {
            let answers: Vec<_> = members
                .iter()
                .map(|(member, outcome)| (member, answer(outcome)))
                .collect();
            match args.report {
                ReportFormat::Json => {
                    let uploads: Vec<Value> = answers
                        .iter()
                        .map(|(member, (_, _, body))| {
                            let mut body = body.clone();
                            if let Some(map) = body.as_object_mut() {
                                // The whole file's report stands once, above.
                                map.remove("report");
                                map.insert("municipality".to_owned(), json!(member.as_str()));
                            }
                            body
                        })
                        .collect();
                    let body =
                        json!({ "outcome": "per-member", "report": report, "uploads": uploads });
                    writeln!(out, "{}", serde_json::to_string_pretty(&body)?)?;
                }
                ReportFormat::Text => {
                    writeln!(out, "{}", report.to_text())?;
                    writeln!(
                        out,
                        "{} Mitglieder, je ein Upload / {} members, one upload each:",
                        answers.len(),
                        answers.len()
                    )?;
                    for (member, (_, summary, _)) in &answers {
                        writeln!(out, "  {member}: {summary}")?;
                    }
                }
            }
            answers
                .iter()
                .map(|(_, (code, _, _))| *code)
                .max()
                .unwrap_or(0)
        }
    };
    Ok(ExitCode::from(code))
}

fn report_of(outcome: &UploadOutcome) -> Option<&vergleich_ingest::ValidationReport> {
    match outcome {
        UploadOutcome::Stored { report, .. }
        | UploadOutcome::Checked { report }
        | UploadOutcome::Rejected { report } => Some(report),
        UploadOutcome::Replayed { .. } => None,
    }
}

/// Exit code, one summary line (German / English) and the JSON body of one upload's outcome.
fn answer(outcome: &UploadOutcome) -> (u8, String, Value) {
    match outcome {
        UploadOutcome::Stored {
            upload,
            report,
            unchanged,
        } => (
            0,
            format!(
                "gespeichert als Upload {} ({}): {} neue Werte, {} unverändert / stored as upload {}: {} new values, {} unchanged",
                upload.id.0,
                upload.state.as_str(),
                upload.observation_count,
                unchanged,
                upload.id.0,
                upload.observation_count,
                unchanged
            ),
            json!({ "outcome": "stored", "upload": upload, "unchanged": unchanged, "report": report }),
        ),
        UploadOutcome::Replayed { upload } => (
            0,
            format!(
                "bereits gespeichert als Upload {} am {} (gleiche Datei), nichts Neues geschrieben / already stored as upload {}",
                upload.id.0,
                upload.uploaded_at.format("%d.%m.%Y %H:%M UTC"),
                upload.id.0
            ),
            json!({ "outcome": "replayed", "upload": upload }),
        ),
        UploadOutcome::Checked { report } => (
            0,
            "Probelauf: nichts gespeichert / dry run: nothing stored".to_owned(),
            json!({ "outcome": "checked", "report": report }),
        ),
        UploadOutcome::Rejected { report } => (
            1,
            "abgelehnt: nichts gespeichert / rejected: nothing stored".to_owned(),
            json!({ "outcome": "rejected", "report": report }),
        ),
    }
}
