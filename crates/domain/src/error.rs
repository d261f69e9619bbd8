//! Errors of the domain crate: invalid identifiers and problems in dataset files, each with the
//! file, row (1-based, header = row 1, as a spreadsheet shows it) and column.

use std::fmt;

/// An identifier did not have the required form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("municipality key {value:?} must be 8 digits (AGS) or 5 digits (Kreisschlüssel)")]
    AgsLength { value: String },
    #[error(
        "municipality key {value:?} has {len} digits: a leading zero was probably lost; format the column as text"
    )]
    AgsLeadingZeroLost { value: String, len: usize },
    #[error("municipality key {value:?} may contain digits only")]
    AgsNotDigits { value: String },
    #[error(
        "{kind} id {value:?} must be 1-64 characters of a-z, 0-9 and _, starting with a letter"
    )]
    Slug { kind: &'static str, value: String },
}

/// One problem found in a dataset file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetIssue {
    pub file: String,
    /// 1-based row as a spreadsheet shows it; the header is row 1. `None` for whole-file issues.
    pub row: Option<usize>,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for DatasetIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A dataset file (catalogue, cohort, demo data) could not be loaded; lists every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s) in the datasets; first: {}", .issues.len(), .issues.first().map(ToString::to_string).unwrap_or_default())]
pub struct DatasetError {
    pub issues: Vec<DatasetIssue>,
}

impl DatasetError {
    pub(crate) fn single(
        file: &str,
        row: Option<usize>,
        column: Option<&str>,
        message: String,
    ) -> Self {
        Self {
            issues: vec![DatasetIssue {
                file: file.to_owned(),
                row,
                column: column.map(str::to_owned),
                message,
            }],
        }
    }
}
