//! What validation needs to know beyond the file: the catalogue, the cohort, the uploader's
//! municipality, the current year, and the member's earlier values and the cohort's spread (for
//! the warnings), and the mappings of official tables' variables to indicators. The caller
//! (store/API) fills it; this crate never reads a database.

use std::collections::HashMap;

use vergleich_domain::{Ags, Catalogue, Cohort, IndicatorId, Period, Status};

use crate::official::mapping::SourceMappings;

/// A value already stored for the member.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoredValue {
    pub value: Option<f64>,
    pub status: Status,
}

/// The cohort's spread of one indicator in one year (quartiles of the current values).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    /// Taken over a sample: (members in the sample, members of the cohort); the warning says so.
    pub sample: Option<(usize, usize)>,
}

/// Earlier data the warnings compare against.
pub trait History {
    /// The current stored value of `municipality`, `indicator` in `period`.
    fn stored(
        &self,
        municipality: &Ags,
        indicator: &IndicatorId,
        period: Period,
    ) -> Option<StoredValue>;
    /// The cohort's spread of `indicator` in `period`.
    fn spread(&self, indicator: &IndicatorId, period: Period) -> Option<Spread>;
}

/// No earlier data: no jump, outlier or provisional warnings.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHistory;

impl History for NoHistory {
    fn stored(&self, _: &Ags, _: &IndicatorId, _: Period) -> Option<StoredValue> {
        None
    }
    fn spread(&self, _: &IndicatorId, _: Period) -> Option<Spread> {
        None
    }
}

/// Earlier data held in memory, for callers that load it up front (and for tests).
#[derive(Debug, Clone, Default)]
pub struct HistoryTable {
    pub stored: HashMap<(Ags, IndicatorId, Period), StoredValue>,
    pub spreads: HashMap<(IndicatorId, Period), Spread>,
}

impl History for HistoryTable {
    fn stored(&self, m: &Ags, i: &IndicatorId, p: Period) -> Option<StoredValue> {
        self.stored.get(&(m.clone(), i.clone(), p)).copied()
    }
    fn spread(&self, i: &IndicatorId, p: Period) -> Option<Spread> {
        self.spreads.get(&(i.clone(), p)).copied()
    }
}

/// Everything [`crate::ingest`] checks a file against.
pub struct IngestContext<'a> {
    pub catalogue: &'a Catalogue,
    pub cohort: &'a Cohort,
    /// The authenticated uploader's municipality. Rows for another one are errors; a file
    /// without a municipality column belongs to it. `None` for administrators' imports.
    pub principal: Option<Ags>,
    /// With a principal: rows of other cohort members are left out and counted (a warning)
    /// instead of being errors. For one member's part of a split import; official tables
    /// (GENESIS, INKAR) always keep only the principal's rows.
    pub skip_other_members: bool,
    /// Periods after this year are errors.
    pub current_year: i32,
    pub history: &'a dyn History,
    /// Warn when a value is more than this factor above or below the previous year's (default 2).
    pub jump_factor: f64,
    /// Warn when a value lies more than this many interquartile ranges outside the cohort's
    /// quartiles (default 3).
    pub outlier_iqr_factor: f64,
    /// Which variables of official tables feed which indicators (default: the built-in
    /// `datasets/sources.csv`; see [`SourceMappings::with_user`] for the caller's own).
    pub mappings: &'a SourceMappings,
}

impl<'a> IngestContext<'a> {
    /// A context without principal and history, with the default warning thresholds.
    pub fn new(catalogue: &'a Catalogue, cohort: &'a Cohort, current_year: i32) -> Self {
        Self {
            catalogue,
            cohort,
            principal: None,
            skip_other_members: false,
            current_year,
            history: &NoHistory,
            jump_factor: 2.0,
            outlier_iqr_factor: 3.0,
            mappings: SourceMappings::builtin(),
        }
    }
}
