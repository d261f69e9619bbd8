//! The observation frame: the long layout (municipality, indicator, year, value, status,
//! missing_reason) every analysis reads, built once from domain observations, and the filters
//! that cut it down to one indicator, some years and the members of a group.

use std::collections::HashMap;

use polars::prelude::*;
use vergleich_domain::{MissingReason, Observation, Status};

use crate::error::AnalysisError;

pub const MUNICIPALITY: &str = "municipality";
pub const INDICATOR: &str = "indicator";
pub const YEAR: &str = "year";
/// Null exactly when the status is M: missing is never 0.
pub const VALUE: &str = "value";
pub const STATUS: &str = "status";
pub const MISSING_REASON: &str = "missing_reason";

/// Builds the long frame from observations. The caller passes the current version of each
/// (municipality, indicator, year), one row each; history stays in the store. Build it once per
/// data state and reuse it: every analysis only reads it.
pub fn observations_frame(observations: &[Observation]) -> Result<DataFrame, AnalysisError> {
    observations_frame_from(observations.iter())
}

/// The same from rows handed out by an iterator (read once per column): a data state read in
/// chunks builds its frame from the chunks without first copying them into one list.
pub fn observations_frame_from<'a, I>(rows: I) -> Result<DataFrame, AnalysisError>
where
    I: Iterator<Item = &'a Observation> + Clone,
{
    let municipality: Vec<&str> = rows.clone().map(|o| o.municipality.as_str()).collect();
    let indicator: Vec<&str> = rows.clone().map(|o| o.indicator.as_str()).collect();
    let year: Vec<i32> = rows.clone().map(|o| o.period.year()).collect();
    let value: Vec<Option<f64>> = rows.clone().map(|o| o.value).collect();
    let status: Vec<&str> = rows.clone().map(|o| o.status.as_str()).collect();
    let reason: Vec<Option<&str>> = rows
        .map(|o| o.missing_reason.map(MissingReason::as_str))
        .collect();
    Ok(DataFrame::new_infer_height(vec![
        Column::new(MUNICIPALITY.into(), municipality),
        Column::new(INDICATOR.into(), indicator),
        Column::new(YEAR.into(), year),
        Column::new(VALUE.into(), value),
        Column::new(STATUS.into(), status),
        Column::new(MISSING_REASON.into(), reason),
    ])?)
}

/// Rows of the given indicators (all when empty), years and members (all when empty).
pub(crate) fn select(
    frame: &DataFrame,
    indicators: &[&str],
    years: &[i32],
    members: &[&str],
) -> Result<DataFrame, AnalysisError> {
    let mut predicate = lit(true);
    if !indicators.is_empty() {
        predicate = predicate.and(one_of(INDICATOR, indicators));
    }
    if let [year] = years {
        predicate = predicate.and(col(YEAR).eq(lit(*year)));
    } else if !years.is_empty() {
        let years = Series::new("years".into(), years);
        predicate = predicate.and(col(YEAR).is_in(lit(years).implode(false), false));
    }
    let rows = frame.clone().lazy().filter(predicate).collect()?;
    // Members last, on the already small frame: an `is_in` over a large group is then cheap.
    if members.is_empty() {
        Ok(rows)
    } else {
        Ok(rows
            .lazy()
            .filter(one_of(MUNICIPALITY, members))
            .collect()?)
    }
}

fn one_of(column: &str, values: &[&str]) -> Expr {
    if let [value] = values {
        col(column).eq(lit(*value))
    } else {
        let values = Series::new("values".into(), values);
        col(column).is_in(lit(values).implode(false), false)
    }
}

/// The rows of a slice (one year of a group) split by indicator in one pass. A field score asked
/// each indicator's rows with a filter over the whole slice: a profile at 11,000 members ran 50
/// filters over 550,000 rows (issue #17 point 2).
pub(crate) struct Parts {
    by_indicator: HashMap<String, DataFrame>,
    empty: DataFrame,
}

impl Parts {
    pub(crate) fn of(slice: &DataFrame) -> Result<Self, AnalysisError> {
        let indicator = slice
            .column(INDICATOR)
            .ok()
            .and_then(|c| c.str().ok())
            .ok_or(AnalysisError::Column { column: INDICATOR })?;
        let mut rows: HashMap<&str, Vec<IdxSize>> = HashMap::new();
        for (i, id) in indicator.iter().enumerate() {
            if let (Some(id), Ok(i)) = (id, IdxSize::try_from(i)) {
                rows.entry(id).or_default().push(i);
            }
        }
        let mut by_indicator = HashMap::with_capacity(rows.len());
        for (id, rows) in rows {
            let rows = IdxCa::from_vec("rows".into(), rows);
            by_indicator.insert(id.to_owned(), slice.take(&rows)?);
        }
        Ok(Self {
            by_indicator,
            empty: slice.clear(),
        })
    }

    /// The rows of one indicator (none: an empty frame of the same columns).
    pub(crate) fn indicator(&self, id: &str) -> DataFrame {
        self.by_indicator.get(id).unwrap_or(&self.empty).clone()
    }
}

/// One cell of the long frame, read back into domain types.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    pub municipality: String,
    pub indicator: String,
    pub year: i32,
    pub value: Option<f64>,
    pub status: Status,
    pub reason: Option<MissingReason>,
}

/// Reads every row of a (small, already filtered) frame.
pub(crate) fn cells(frame: &DataFrame) -> Result<Vec<Cell>, AnalysisError> {
    let text = |name: &'static str| -> Result<&StringChunked, AnalysisError> {
        frame
            .column(name)
            .ok()
            .and_then(|c| c.str().ok())
            .ok_or(AnalysisError::Column { column: name })
    };
    let (municipality, indicator, status, reason) = (
        text(MUNICIPALITY)?,
        text(INDICATOR)?,
        text(STATUS)?,
        text(MISSING_REASON)?,
    );
    let year = frame
        .column(YEAR)
        .ok()
        .and_then(|c| c.i32().ok())
        .ok_or(AnalysisError::Column { column: YEAR })?;
    let value = frame
        .column(VALUE)
        .ok()
        .and_then(|c| c.f64().ok())
        .ok_or(AnalysisError::Column { column: VALUE })?;
    let mut out = Vec::with_capacity(frame.height());
    for i in 0..frame.height() {
        out.push(Cell {
            municipality: municipality.get(i).unwrap_or_default().to_owned(),
            indicator: indicator.get(i).unwrap_or_default().to_owned(),
            year: year.get(i).unwrap_or_default(),
            value: value.get(i),
            status: status.get(i).and_then(Status::parse).unwrap_or(Status::M),
            reason: reason.get(i).and_then(MissingReason::parse),
        });
    }
    Ok(out)
}

/// Cells keyed by (municipality, indicator, year).
pub(crate) fn index(cells: Vec<Cell>) -> HashMap<(String, String, i32), Cell> {
    cells
        .into_iter()
        .map(|c| ((c.municipality.clone(), c.indicator.clone(), c.year), c))
        .collect()
}
