//! Comparison of one indicator in one year across a group: per member value, status, rank,
//! percentile, z-score, min–max score and distance to the group median, computed with polars
//! expressions; for the group n reported of N, quartiles, minimum and maximum.
//!
//! Method (DOMAIN.md §7), fixed here and repeated in every result:
//! - Polarity first: a lower-is-better indicator is multiplied by −1 before ranking and
//!   normalising, so rank 1, percentile 100, a positive z and min–max 100 always mean "best".
//!   A neutral indicator is ranked by value, highest first, and the result says so.
//! - Rank: competition ranking, ties share the better rank (1, 2, 2, 4).
//! - Percentile: mid-rank percentile rank, 100 × (members worse + ½ × members equal, itself
//!   included) / n. A group of one or a constant indicator gives 50 for everyone.
//! - z-score: (oriented value − mean) / sample standard deviation. With fewer than two values or
//!   a standard deviation of 0 the z-score is defined as 0 (nobody differs from the mean).
//! - Min–max: 100 × (oriented − min) / (max − min). When max = min (one member, constant
//!   indicator) the score is defined as 50, the middle of the scale, never a division by zero.
//! - Quartiles and median: linear interpolation, Hyndman–Fan type 7 (polars
//!   `QuantileMethod::Linear`), on the raw values of the reporting members.
//! - Distance to the median: raw value − median, in percentage points for rates (unit "%").
//! - Quartile position: 1 = at or below Q1, 2 = at or below the median, 3 = at or below Q3,
//!   4 = above Q3, on the raw value scale.
//! - Missing values (status M, or no row at all) are listed as missing and never count as 0.

use std::collections::HashMap;

use polars::prelude::*;
use serde::Serialize;
use vergleich_domain::{Ags, Indicator, IndicatorId, MissingReason, Polarity, Status};

use crate::error::AnalysisError;
use crate::frame::{self, MUNICIPALITY, VALUE};
use crate::group::{GroupSummary, PeerGroup};

/// The method constants every comparison carries, so a number can be traced to its definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonMethod {
    pub polarity: Polarity,
    pub rank_ties: &'static str,
    pub percentile: &'static str,
    pub quantile: &'static str,
    pub z_score: &'static str,
    pub min_max: &'static str,
    /// Set for neutral indicators: ranked by value, with no better or worse implied.
    pub neutral_note: Option<&'static str>,
}

impl ComparisonMethod {
    pub fn for_polarity(polarity: Polarity) -> Self {
        Self {
            polarity,
            rank_ties: "competition ranking: ties share the better rank (1, 2, 2, 4)",
            percentile: "mid-rank percentile: 100 × (worse + ½ × equal incl. itself) / n",
            quantile: "linear interpolation, Hyndman–Fan type 7",
            z_score: "(oriented value − mean) / sample sd; 0 when sd is 0 or n < 2",
            min_max: "100 × (oriented − min) / (max − min); 50 when max = min",
            neutral_note: (polarity == Polarity::Neutral).then_some(
                "neutral indicator: ranked by value, highest first; no better or worse implied",
            ),
        }
    }
}

/// Why a member has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Missing {
    /// Status M with the reason given by the source.
    Missing { reason: Option<MissingReason> },
    /// No observation at all for this member, indicator and year.
    NotReported,
}

/// One member's line of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberComparison {
    pub key: Ags,
    pub name: String,
    pub value: Option<f64>,
    /// Status of the observation; `None` when there is none.
    pub status: Option<Status>,
    pub missing: Option<Missing>,
    pub rank: Option<usize>,
    pub percentile: Option<f64>,
    pub z_score: Option<f64>,
    pub min_max: Option<f64>,
    pub distance_to_median: Option<f64>,
    pub quartile: Option<u8>,
}

/// Summary of the reported values of the group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupStats {
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
    pub mean: f64,
}

/// One indicator in one year across one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub indicator: IndicatorId,
    pub year: i32,
    pub unit: String,
    /// Unit of `distance_to_median`: "percentage points" for rates, else the indicator's unit.
    pub distance_unit: String,
    pub method: ComparisonMethod,
    pub group: GroupSummary,
    /// n reported of N (`group.size`).
    pub reported: usize,
    /// `None` when nobody reported.
    pub stats: Option<GroupStats>,
    /// In group order.
    pub members: Vec<MemberComparison>,
}

/// Unit of differences: percentage points for rates.
pub(crate) fn difference_unit(indicator: &Indicator) -> String {
    if indicator.is_rate() {
        "percentage points".into()
    } else {
        indicator.unit.clone()
    }
}

/// Compares `indicator` in `year` across `group`. `frame` is the long observation frame (see
/// [`frame::observations_frame`]); it may hold other indicators, years and members.
pub fn compare(
    frame: &DataFrame,
    indicator: &Indicator,
    year: i32,
    group: &PeerGroup,
) -> Result<Comparison, AnalysisError> {
    let keys = group.key_strs();
    let slice = frame::select(frame, &[indicator.id.as_str()], &[year], &keys)?;
    compare_slice(slice, indicator, year, group)
}

/// As [`compare`], on a frame already cut down to this indicator, year and group.
pub(crate) fn compare_slice(
    slice: DataFrame,
    indicator: &Indicator,
    year: i32,
    group: &PeerGroup,
) -> Result<Comparison, AnalysisError> {
    let cells = frame::cells(&slice)?;
    let sign = if indicator.polarity == Polarity::LowerIsBetter {
        -1.0
    } else {
        1.0
    };
    let reported = slice
        .lazy()
        .filter(col(VALUE).is_not_null())
        .with_column((col(VALUE) * lit(sign)).alias("oriented"));
    let o = || col("oriented");
    let range = || o().max() - o().min();
    let rank = |method| {
        o().rank(
            RankOptions {
                method,
                descending: true,
            },
            None,
        )
        .cast(DataType::Float64)
    };
    let scored = reported
        .clone()
        .select([
            col(MUNICIPALITY),
            rank(RankMethod::Min).alias("rank_min"),
            rank(RankMethod::Max).alias("rank_max"),
            o().count().cast(DataType::Float64).alias("n"),
            when(range().gt(lit(0.0)))
                .then((o() - o().min()) / range() * lit(100.0))
                .otherwise(lit(50.0))
                .alias("min_max"),
            when(o().std(1).gt(lit(0.0)))
                .then((o() - o().mean()) / o().std(1))
                .otherwise(lit(0.0))
                .alias("z"),
        ])
        .collect()?;
    let q = |p: f64| col(VALUE).quantile(lit(p), QuantileMethod::Linear);
    let summary = reported
        .select([
            col(VALUE).min().alias("min"),
            q(0.25).alias("q1"),
            q(0.5).alias("median"),
            q(0.75).alias("q3"),
            col(VALUE).max().alias("max"),
            col(VALUE).mean().alias("mean"),
        ])
        .collect()?;
    let stats = read_stats(&summary)?;
    let per = read_scored(&scored)?;
    let cell_of: HashMap<&str, &frame::Cell> =
        cells.iter().map(|c| (c.municipality.as_str(), c)).collect();
    let score_of: HashMap<&str, &Scored> = per.iter().map(|s| (s.0.as_str(), s)).collect();
    let members = group
        .members
        .iter()
        .map(|m| {
            let cell = cell_of.get(m.key.as_str()).copied();
            let score = score_of.get(m.key.as_str()).copied();
            let value = cell.and_then(|c| c.value);
            let missing = match cell {
                None => Some(Missing::NotReported),
                Some(c) if c.value.is_none() => Some(Missing::Missing { reason: c.reason }),
                Some(_) => None,
            };
            let (rank, percentile, min_max, z_score) = match score {
                Some(s) => (Some(s.1 as usize), Some(s.2), Some(s.3), Some(s.4)),
                None => (None, None, None, None),
            };
            MemberComparison {
                key: m.key.clone(),
                name: m.name.clone(),
                value,
                status: cell.map(|c| c.status),
                missing,
                rank,
                percentile,
                z_score,
                min_max,
                distance_to_median: value.zip(stats.as_ref()).map(|(v, s)| v - s.median),
                quartile: value.zip(stats.as_ref()).map(|(v, s)| quartile_of(v, s)),
            }
        })
        .collect();
    Ok(Comparison {
        indicator: indicator.id.clone(),
        year,
        unit: indicator.unit.clone(),
        distance_unit: difference_unit(indicator),
        method: ComparisonMethod::for_polarity(indicator.polarity),
        group: group.summary(),
        reported: per.len(),
        stats,
        members,
    })
}

fn quartile_of(value: f64, s: &GroupStats) -> u8 {
    if value <= s.q1 {
        1
    } else if value <= s.median {
        2
    } else if value <= s.q3 {
        3
    } else {
        4
    }
}

fn f64_column<'a>(
    df: &'a DataFrame,
    name: &'static str,
) -> Result<&'a Float64Chunked, AnalysisError> {
    df.column(name)
        .ok()
        .and_then(|c| c.f64().ok())
        .ok_or(AnalysisError::Column { column: name })
}

fn read_stats(summary: &DataFrame) -> Result<Option<GroupStats>, AnalysisError> {
    let get = |name| f64_column(summary, name).map(|c| c.get(0));
    Ok(
        match (
            get("min")?,
            get("q1")?,
            get("median")?,
            get("q3")?,
            get("max")?,
            get("mean")?,
        ) {
            (Some(min), Some(q1), Some(median), Some(q3), Some(max), Some(mean)) => {
                Some(GroupStats {
                    min,
                    q1,
                    median,
                    q3,
                    max,
                    mean,
                })
            }
            _ => None,
        },
    )
}

/// (key, rank, percentile, min–max, z) of one reporting member.
type Scored = (String, f64, f64, f64, f64);

fn read_scored(scored: &DataFrame) -> Result<Vec<Scored>, AnalysisError> {
    let keys = scored
        .column(MUNICIPALITY)
        .ok()
        .and_then(|c| c.str().ok())
        .ok_or(AnalysisError::Column {
            column: MUNICIPALITY,
        })?;
    let (rank_min, rank_max, n, min_max, z) = (
        f64_column(scored, "rank_min")?,
        f64_column(scored, "rank_max")?,
        f64_column(scored, "n")?,
        f64_column(scored, "min_max")?,
        f64_column(scored, "z")?,
    );
    let mut out = Vec::with_capacity(scored.height());
    for i in 0..scored.height() {
        let (lo, hi, n) = (
            rank_min.get(i).unwrap_or_default(),
            rank_max.get(i).unwrap_or_default(),
            n.get(i).unwrap_or(1.0),
        );
        // worse = n − rank_max; equal (itself included) = rank_max − rank_min + 1.
        let percentile = 100.0 * ((n - hi) + 0.5 * (hi - lo + 1.0)) / n;
        out.push((
            keys.get(i).unwrap_or_default().to_owned(),
            lo,
            percentile,
            min_max.get(i).unwrap_or_default(),
            z.get(i).unwrap_or_default(),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
