//! Cases of RELIABILITY.md's list for CSV and the report, through the public entry point, with
//! the real catalogue and cohort from `datasets/`.

use std::sync::LazyLock;

use vergleich_domain::{Catalogue, Cohort};

use super::*;

mod csv_cases;
pub(crate) mod fixtures;
mod json_cases;
mod percent_cases;
mod properties;
mod sheet_bounds_cases;
mod spreadsheet_cases;
mod validation_cases;

pub(crate) static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::from_csv(
        include_str!("../../../datasets/fields.csv"),
        include_str!("../../../datasets/indicators.csv"),
    )
    .unwrap()
});
pub(crate) static COHORT: LazyLock<Cohort> =
    LazyLock::new(|| Cohort::from_csv(include_str!("../../../datasets/cohort.csv")).unwrap());

pub(crate) fn ctx() -> IngestContext<'static> {
    IngestContext::new(&CATALOGUE, &COHORT, 2025)
}

pub(crate) fn run(bytes: &[u8]) -> Ingested {
    ingest(bytes, None, &ctx(), &Limits::default())
}

/// (code, row, column letter) of every error.
pub(crate) fn errors(ingested: &Ingested) -> Vec<(Code, Option<usize>, Option<String>)> {
    ingested
        .report
        .errors
        .iter()
        .map(|i| (i.code, i.row, i.column.as_ref().map(|c| c.letter.clone())))
        .collect()
}

pub(crate) fn codes(ingested: &Ingested) -> Vec<Code> {
    ingested.report.errors.iter().map(|i| i.code).collect()
}

pub(crate) fn warning_codes(ingested: &Ingested) -> Vec<Code> {
    ingested.report.warnings.iter().map(|i| i.code).collect()
}
