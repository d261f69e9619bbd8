//! Every analysis the service runs, counted. Views and pages call the analysis crate only
//! through these functions, so `/metrics` can show how many comparisons, field scores,
//! profiles, trends, coverage matrices, sensitivity runs and peer groups were computed, and a
//! test can check that a request computes each of them once.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use vergleich_analysis::coverage::CoverageMatrix;
use vergleich_analysis::profile::Profile;
use vergleich_analysis::score::{FieldScoreOptions, FieldScores};
use vergleich_analysis::sensitivity::Sensitivity;
use vergleich_analysis::trend::Trend;
use vergleich_analysis::{Comparison, PeerGroup};
use vergleich_domain::{Ags, FieldId, Indicator, IndicatorId};

use crate::data::ViewData;
use crate::error::Result;

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Analysis {
    DataState,
    PeerGroup,
    Comparison,
    FieldScores,
    Profile,
    Trend,
    Coverage,
    Sensitivity,
}

impl Analysis {
    pub const ALL: [Analysis; 8] = [
        Self::DataState,
        Self::PeerGroup,
        Self::Comparison,
        Self::FieldScores,
        Self::Profile,
        Self::Trend,
        Self::Coverage,
        Self::Sensitivity,
    ];

    /// The label value in `/metrics`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DataState => "data_state",
            Self::PeerGroup => "peer_group",
            Self::Comparison => "comparison",
            Self::FieldScores => "field_scores",
            Self::Profile => "profile",
            Self::Trend => "trend",
            Self::Coverage => "coverage",
            Self::Sensitivity => "sensitivity",
        }
    }
}

static COUNTS: [AtomicU64; 8] = [const { AtomicU64::new(0) }; 8];

/// Counts one run of `analysis` (process-wide).
pub fn count(analysis: Analysis) {
    COUNTS[analysis as usize].fetch_add(1, Ordering::Relaxed);
}

/// How often each analysis ran since the process started.
pub fn counts() -> [(Analysis, u64); 8] {
    Analysis::ALL.map(|a| (a, COUNTS[a as usize].load(Ordering::Relaxed)))
}

pub fn compare(
    data: &ViewData,
    indicator: &Indicator,
    year: i32,
    group: &PeerGroup,
) -> Result<Comparison> {
    count(Analysis::Comparison);
    Ok(vergleich_analysis::compare(
        &data.frame,
        indicator,
        year,
        group,
    )?)
}

/// The scores of `field`: kept in the data state ([`crate::views::scores_memo`]), or computed
/// (and counted) once.
pub fn field_scores(
    data: &ViewData,
    field: &FieldId,
    year: i32,
    group: &PeerGroup,
    options: &FieldScoreOptions,
) -> Result<Arc<FieldScores>> {
    data.scores
        .get_or_compute((field, year, group, options), || {
            count(Analysis::FieldScores);
            Ok(vergleich_analysis::field_scores(
                &data.frame,
                &data.catalogue,
                field,
                year,
                group,
                options,
            )?)
        })
}

/// The profile of `focus`, its fields' scores over the group from the data state's memo.
pub fn profile(
    data: &ViewData,
    group: &PeerGroup,
    focus: &Ags,
    year: i32,
    options: &FieldScoreOptions,
) -> Result<Profile> {
    count(Analysis::Profile);
    vergleich_analysis::profile::profile_with(
        (&data.catalogue, group, focus, year, options),
        |field| field_scores(data, field, year, group, options),
    )
}

#[allow(clippy::too_many_arguments)]
pub fn trend(
    data: &ViewData,
    indicator: &Indicator,
    group: &PeerGroup,
    from: i32,
    to: i32,
    base: i32,
    like_for_like: bool,
) -> Result<Trend> {
    count(Analysis::Trend);
    Ok(vergleich_analysis::trend(
        &data.frame,
        indicator,
        group,
        from,
        to,
        base,
        like_for_like,
        &data.break_years(&indicator.id),
    )?)
}

pub fn coverage(
    data: &ViewData,
    group: &PeerGroup,
    indicators: &[IndicatorId],
    years: &[i32],
) -> Result<CoverageMatrix> {
    count(Analysis::Coverage);
    Ok(vergleich_analysis::coverage(
        &data.frame,
        group,
        indicators,
        years,
    )?)
}

pub fn sensitivity(
    data: &ViewData,
    field: &FieldId,
    year: i32,
    group: &PeerGroup,
    options: &FieldScoreOptions,
) -> Result<Sensitivity> {
    count(Analysis::Sensitivity);
    Ok(vergleich_analysis::sensitivity(
        &data.frame,
        &data.catalogue,
        field,
        year,
        group,
        options,
    )?)
}
