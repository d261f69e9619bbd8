//! Catalogue and cohort from `datasets/`, loaded once per fuzzing process.

use std::sync::LazyLock;

use vergleich_domain::{Catalogue, Cohort};
use vergleich_ingest::{IngestContext, Limits, ingest};

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::from_csv(
        include_str!("../../../../datasets/fields.csv"),
        include_str!("../../../../datasets/indicators.csv"),
    )
    .expect("catalogue")
});
static COHORT: LazyLock<Cohort> = LazyLock::new(|| {
    Cohort::from_csv(include_str!("../../../../datasets/cohort.csv")).expect("cohort")
});

/// Runs the entry point and checks the one invariant every outcome keeps.
pub fn check(bytes: &[u8], name: &str) {
    let ctx = IngestContext::new(&CATALOGUE, &COHORT, 2025);
    let out = ingest(bytes, Some(name), &ctx, &Limits::default());
    assert!(out.observations.is_empty() || out.is_accepted());
    let _ = out.report.to_text();
}
