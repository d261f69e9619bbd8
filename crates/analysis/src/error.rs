//! The crate's one error type.

use vergleich_domain::{Ags, FieldId, IndicatorId};

/// Why an analysis could not be computed. Missing data is never an error: it shows up as
/// "not reported" in the result; errors are about unknown ids, bad options and polars failures.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error("polars failed: {0}")]
    Polars(#[from] polars::error::PolarsError),
    #[error("unknown indicator {indicator}")]
    UnknownIndicator { indicator: IndicatorId },
    #[error("unknown field {field}")]
    UnknownField { field: FieldId },
    #[error("{key} is not a member of the cohort or group")]
    UnknownMember { key: Ags },
    #[error("the frame column {column} is missing or has the wrong type")]
    Column { column: &'static str },
    #[error("invalid options: {message}")]
    InvalidOptions { message: String },
}
