//! The crate's one error type, for failures that are not findings about the uploaded content
//! (those go into the [`crate::ValidationReport`]): building a template failed, a mapping of an
//! official table's variable is malformed.

/// A failure outside validation.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("writing the XLSX template failed: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("writing the CSV template failed: {0}")]
    Csv(#[from] csv::Error),
    #[error("municipality {key} is not in the cohort")]
    UnknownMunicipality { key: String },
    #[error("mapping {spec:?}: {reason}")]
    Mapping { spec: String, reason: String },
    #[error("datasets/sources.csv: {}", .problems.join("; "))]
    SourcesCsv { problems: Vec<String> },
}
