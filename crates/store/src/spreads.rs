//! The cohort's published spread of indicator-years (issue #17 point 1): the quartiles an
//! upload's outlier warning compares with, computed where the values are. Reading every
//! published value of a national table's indicator-years to sort them in the application cost
//! more with every file of the same year; the database ranks them and hands out the two values
//! around each quartile, whatever the cohort's size.

use async_trait::async_trait;
use vergleich_domain::{Ags, IndicatorId, Period};

use crate::StoreError;

/// The quartiles of the current published values of one indicator and year (type 7, as
/// `vergleich_domain::stats::quantile`).
#[derive(Debug, Clone, PartialEq)]
pub struct Quartiles {
    pub indicator: IndicatorId,
    pub period: Period,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
}

#[async_trait]
pub trait SpreadStore: Send + Sync {
    /// The quartiles of every indicator in `indicators` and year from `first` to `last` that
    /// has at least one current published value, over the values of `members` (every
    /// member's when empty).
    async fn published_quartiles(
        &self,
        indicators: &[IndicatorId],
        (first, last): (i32, i32),
        members: &[Ags],
    ) -> Result<Vec<Quartiles>, StoreError>;
}

/// The quartiles from the ranked values the query returns: per indicator-year, `(i, value)`
/// for the positions around each quartile of `n` values (0-based `floor((n - 1) p)` and the
/// next one).
pub(crate) fn from_ranked(
    rows: Vec<(String, i32, f64, i64, i64)>,
) -> Result<Vec<Quartiles>, StoreError> {
    use std::collections::BTreeMap;
    let mut groups: BTreeMap<(String, i32), (i64, BTreeMap<i64, f64>)> = BTreeMap::new();
    for (indicator, period, value, i, n) in rows {
        let group = groups
            .entry((indicator, period))
            .or_insert((n, BTreeMap::new()));
        group.1.insert(i, value);
    }
    let mut out = Vec::with_capacity(groups.len());
    for ((indicator, period), (n, at)) in groups {
        let quantile = |p: f64| -> Option<f64> {
            let h = (n - 1) as f64 * p;
            let lo = h.floor() as i64;
            let hi = (lo + 1).min(n - 1);
            let (a, b) = (*at.get(&lo)?, *at.get(&hi)?);
            Some(a + (h - lo as f64) * (b - a))
        };
        let corrupt = || StoreError::Corrupt(format!("quartiles of {indicator} {period}"));
        out.push(Quartiles {
            indicator: IndicatorId::parse(&indicator).map_err(|_| corrupt())?,
            period: Period::new(period).ok_or_else(corrupt)?,
            q1: quantile(0.25).ok_or_else(corrupt)?,
            median: quantile(0.5).ok_or_else(corrupt)?,
            q3: quantile(0.75).ok_or_else(corrupt)?,
        });
    }
    Ok(out)
}
