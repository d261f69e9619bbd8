//! Ingestion: turns uploaded bytes (CSV in the dialects German offices produce, XLSX, ODS and
//! JSON, and official statistics as offices download them: GENESIS tables and flat files, INKAR
//! exports in CSV and XLS, tables of the Statistik der Bundesagentur für Arbeit) into validated observations, or into a validation report that lists every problem
//! with row, column, a stable code and a message in German and English. Nothing here touches the
//! database: the store commits what this crate accepted.
//!
//! The one entry point is [`ingest`]; templates come from [`template`]. Everything is synchronous
//! and pure: callers on an async runtime run it in `spawn_blocking`.

// Issues are report entries built on the error path of small parsers; boxing them would only add
// noise where they are returned.
#![allow(clippy::result_large_err)]

mod context;
mod csv_reader;
mod detect;
mod error;
mod json;
mod keys;
mod layout;
mod limits;
mod number;
mod ods_content;
mod official;
mod pipeline;
pub mod plain;
mod report;
mod spreadsheet;
mod table;
pub mod template;
mod text;
pub use text::{group_issues, rows_text};
mod validate;
mod warnings;
mod xlsx_refs;
mod zip_guard;

pub use context::{History, HistoryTable, IngestContext, NoHistory, Spread, StoredValue};
pub use error::IngestError;
pub use json::{JsonObservation, JsonUpload};
pub use limits::Limits;
pub use official::mapping::{Mapping, MappingOrigin, SourceMappings};
pub use official::section::{SourceFormat, SourceSection, SourceVariable};
pub use report::{
    Code, ColumnRef, DecimalMark, Format, Issue, Layout, MAX_ISSUES, Severity, Subject,
    ValidationReport,
};
pub use vergleich_domain::Observation;

use crate::report::issue;

/// The outcome of reading one upload.
#[derive(Debug, Clone, PartialEq)]
pub struct Ingested {
    /// The observations, in file order; empty whenever the report has an error.
    pub observations: Vec<Observation>,
    pub report: ValidationReport,
}

impl Ingested {
    /// True when no error blocks the upload (warnings allowed).
    pub fn is_accepted(&self) -> bool {
        self.report.is_accepted()
    }
}

/// Reads and validates an upload. The format comes from the bytes; `file_name` only serves to
/// report a name that promises another format. Never panics on any input.
pub fn ingest(
    bytes: &[u8],
    file_name: Option<&str>,
    ctx: &IngestContext<'_>,
    limits: &Limits,
) -> Ingested {
    let mut report = ValidationReport::new();
    if bytes.len() > limits.max_bytes {
        let max = limits.max_bytes;
        report.push(
            issue(Code::FileTooLarge)
                .value(bytes.len().to_string())
                .msg(
                    format!(
                        "Die Datei hat {} Bytes, erlaubt sind höchstens {max}. Bitte als ZIP \
                         hochladen (große Tabellen der Regionaldatenbank kommen so) oder in \
                         mehrere Dateien aufteilen.",
                        bytes.len()
                    ),
                    format!(
                        "The file has {} bytes, at most {max} are allowed. Upload it as a ZIP \
                         (large Regionaldatenbank tables come that way) or split it into several \
                         files.",
                        bytes.len()
                    ),
                ),
        );
        return Ingested {
            observations: Vec::new(),
            report,
        };
    }
    // Official statistics are recognised from their bytes before the column mapping of ordinary
    // uploads, which would misread their title and header blocks.
    if let Some(detected) = official::detect(bytes, limits) {
        let (observations, report) =
            official::read(bytes, detected, file_name, ctx, limits, report);
        return Ingested {
            observations,
            report,
        };
    }
    let format = match detect::sniff(bytes) {
        Ok(format) => format,
        Err(problem) => {
            report.push(problem);
            return Ingested {
                observations: Vec::new(),
                report,
            };
        }
    };
    report.format = format;
    if let Some(mismatch) = file_name.and_then(|name| detect::name_mismatch(name, format)) {
        report.push(mismatch);
    }
    let (observations, report) = match format {
        Format::Csv | Format::Unknown => csv_reader::read(bytes, ctx, limits, report),
        Format::Xlsx | Format::Ods => spreadsheet::read(bytes, format, ctx, limits, report),
        Format::Json => json::read(bytes, ctx, limits, report),
        // `sniff` refuses XLS; INKAR's `.xls` was read above.
        Format::Xls => (Vec::new(), report),
    };
    let observations = if report.is_accepted() {
        observations
    } else {
        Vec::new()
    };
    Ingested {
        observations,
        report,
    }
}

#[cfg(test)]
mod tests;
