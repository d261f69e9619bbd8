//! Field scores: the normalised indicators of one field aggregated per member and year, with
//! coverage. Normalisation reuses the comparison (polarity applied): min–max 0–100, z-score, or
//! rank (the mid-rank percentile 0–100). Aggregation is the weighted arithmetic mean (default,
//! equal weights) or the weighted geometric mean. The geometric mean is taken of 1 + 0.99 × score
//! and mapped back, so a 0 on one indicator does not force the field to 0; it needs a 0–100
//! normalisation (not z). Coverage = weight of the reported indicators / weight of all scored
//! indicators of the field; below the threshold (default 60 %) the score is "insufficient".
//! Context and neutral indicators are not scored and are listed with the reason. An indicator
//! that fewer than [`MIN_REPORTING`] members of the group report is scored for nobody: a member
//! alone would always get 50 (rank 1 of 1), which is no result.

use std::collections::BTreeMap;

use polars::prelude::DataFrame;
use serde::{Deserialize, Serialize};
use vergleich_domain::{
    Ags, Catalogue, FieldId, Indicator, IndicatorId, IndicatorKind, Polarity, Status,
};

use crate::compare::{Comparison, compare_slice};
use crate::error::AnalysisError;
use crate::frame;
use crate::group::{GroupSummary, PeerGroup};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Normalisation {
    #[default]
    MinMax,
    Z,
    Rank,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    #[default]
    Arithmetic,
    Geometric,
}

/// How field scores are computed; repeated in every result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldScoreOptions {
    pub normalisation: Normalisation,
    pub aggregation: Aggregation,
    /// Weight per indicator; an indicator not listed has weight 1, weight 0 leaves it out.
    pub weights: BTreeMap<IndicatorId, f64>,
    /// Minimum coverage (0..=1) for a score to be shown as a number.
    pub coverage_threshold: f64,
}

impl Default for FieldScoreOptions {
    fn default() -> Self {
        Self {
            normalisation: Normalisation::default(),
            aggregation: Aggregation::default(),
            weights: BTreeMap::new(),
            coverage_threshold: 0.6,
        }
    }
}

impl FieldScoreOptions {
    pub fn weight(&self, indicator: &IndicatorId) -> f64 {
        self.weights.get(indicator).copied().unwrap_or(1.0)
    }

    fn check(&self) -> Result<(), AnalysisError> {
        let bad = |message: &str| {
            Err(AnalysisError::InvalidOptions {
                message: message.into(),
            })
        };
        if !(0.0..=1.0).contains(&self.coverage_threshold) {
            return bad("coverage_threshold must lie in 0..=1");
        }
        if self.weights.values().any(|w| !w.is_finite() || *w < 0.0) {
            return bad("weights must be finite and not negative");
        }
        if self.aggregation == Aggregation::Geometric && self.normalisation == Normalisation::Z {
            return bad("the geometric mean needs a 0–100 normalisation (min_max or rank), not z");
        }
        Ok(())
    }
}

/// A field score: a number, or insufficient coverage.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Score {
    Value { value: f64 },
    Insufficient,
}

impl Score {
    pub fn value(self) -> Option<f64> {
        match self {
            Self::Value { value } => Some(value),
            Self::Insufficient => None,
        }
    }
}

/// One indicator's part in a member's field score: the observation and its normalised value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    pub indicator: IndicatorId,
    pub year: i32,
    pub value: Option<f64>,
    pub status: Option<Status>,
    pub normalised: Option<f64>,
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberFieldScore {
    pub key: Ags,
    pub name: String,
    pub score: Score,
    /// Share (0..=1) of the field's weight that was reported.
    pub coverage: f64,
    pub components: Vec<Component>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotScoredReason {
    /// Context indicators form peer groups; they are not good or bad.
    Context,
    /// Neutral polarity: more is neither better nor worse.
    Neutral,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotScored {
    pub indicator: IndicatorId,
    pub reason: NotScoredReason,
}

/// Scores of one field in one year for every member of a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldScores {
    pub field: FieldId,
    pub year: i32,
    pub group: GroupSummary,
    pub options: FieldScoreOptions,
    /// The indicators that enter the score (weight > 0).
    pub scored: Vec<IndicatorId>,
    pub not_scored: Vec<NotScored>,
    /// Members with a score (not insufficient), of `group.size`.
    pub reported: usize,
    pub members: Vec<MemberFieldScore>,
}

/// The scored and not-scored indicators of a field, in catalogue order.
pub fn field_indicators<'a>(
    catalogue: &'a Catalogue,
    field: &FieldId,
) -> (Vec<&'a Indicator>, Vec<NotScored>) {
    let mut scored = Vec::new();
    let mut not_scored = Vec::new();
    for ind in catalogue
        .indicators
        .iter()
        .filter(|i| i.field.as_ref() == Some(field))
    {
        match (ind.kind, ind.polarity) {
            (IndicatorKind::Context, _) => not_scored.push(NotScored {
                indicator: ind.id.clone(),
                reason: NotScoredReason::Context,
            }),
            (_, Polarity::Neutral) => not_scored.push(NotScored {
                indicator: ind.id.clone(),
                reason: NotScoredReason::Neutral,
            }),
            _ => scored.push(ind),
        }
    }
    (scored, not_scored)
}

/// Field scores of `field` in `year` across `group`.
pub fn field_scores(
    frame: &DataFrame,
    catalogue: &Catalogue,
    field: &FieldId,
    year: i32,
    group: &PeerGroup,
    options: &FieldScoreOptions,
) -> Result<FieldScores, AnalysisError> {
    let slice = frame::select(frame, &[], &[year], &group.key_strs())?;
    let ids: Vec<&str> = catalogue
        .indicators
        .iter()
        .filter(|i| i.field.as_ref() == Some(field))
        .map(|i| i.id.as_str())
        .collect();
    // Only the field's rows are split (`select` reads no indicators as all of them).
    let slice = if ids.is_empty() {
        slice.clear()
    } else {
        frame::select(&slice, &ids, &[], &[])?
    };
    field_scores_in(
        &frame::Parts::of(&slice)?,
        catalogue,
        field,
        year,
        group,
        options,
    )
}

/// As [`field_scores`], on the rows of `year` and the group, split by indicator.
/// Members of the group that must report an indicator for it to be scored: against fewer, a
/// normalised score says nothing (one member alone is always at 50, rank 1 of 1), so the
/// indicator counts as not reported for everyone and the field score falls under its coverage
/// threshold instead of showing a number.
pub const MIN_REPORTING: usize = 2;

pub(crate) fn field_scores_in(
    parts: &frame::Parts,
    catalogue: &Catalogue,
    field: &FieldId,
    year: i32,
    group: &PeerGroup,
    options: &FieldScoreOptions,
) -> Result<FieldScores, AnalysisError> {
    options.check()?;
    if catalogue.field(field).is_none() {
        return Err(AnalysisError::UnknownField {
            field: field.clone(),
        });
    }
    let (indicators, not_scored) = field_indicators(catalogue, field);
    let indicators: Vec<&Indicator> = indicators
        .into_iter()
        .filter(|i| options.weight(&i.id) > 0.0)
        .collect();
    let mut comparisons: Vec<Comparison> = Vec::with_capacity(indicators.len());
    for ind in &indicators {
        comparisons.push(compare_slice(
            parts.indicator(ind.id.as_str()),
            ind,
            year,
            group,
        )?);
    }
    let total: f64 = indicators.iter().map(|i| options.weight(&i.id)).sum();
    let members: Vec<MemberFieldScore> = group
        .members
        .iter()
        .enumerate()
        .map(|(m, member)| {
            let components: Vec<Component> = comparisons
                .iter()
                .map(|c| {
                    let line = &c.members[m];
                    Component {
                        indicator: c.indicator.clone(),
                        year,
                        value: line.value,
                        status: line.status,
                        // A score against a group of one is no result (always 50, rank 1 of 1).
                        normalised: if c.reported < MIN_REPORTING {
                            None
                        } else {
                            match options.normalisation {
                                Normalisation::MinMax => line.min_max,
                                Normalisation::Z => line.z_score,
                                Normalisation::Rank => line.percentile,
                            }
                        },
                        weight: options.weight(&c.indicator),
                    }
                })
                .collect();
            let (score, coverage) = aggregate(&components, total, options);
            MemberFieldScore {
                key: member.key.clone(),
                name: member.name.clone(),
                score,
                coverage,
                components,
            }
        })
        .collect();
    Ok(FieldScores {
        field: field.clone(),
        year,
        group: group.summary(),
        options: options.clone(),
        scored: indicators.iter().map(|i| i.id.clone()).collect(),
        not_scored,
        reported: members.iter().filter(|m| m.score.value().is_some()).count(),
        members,
    })
}

/// (score, coverage) of one member's components.
pub(crate) fn aggregate(
    components: &[Component],
    total_weight: f64,
    options: &FieldScoreOptions,
) -> (Score, f64) {
    let present: Vec<(f64, f64)> = components
        .iter()
        .filter_map(|c| c.normalised.map(|s| (c.weight, s)))
        .collect();
    // An empty f64 sum is −0.0 (Rust's `Sum` starts there): + 0.0 makes it 0 for the coverage
    // a reader sees ("coverage": -0.0 was in every answer without values).
    let weight: f64 = present.iter().map(|p| p.0).sum::<f64>() + 0.0;
    let coverage = if total_weight > 0.0 {
        weight / total_weight
    } else {
        0.0
    };
    // A tiny tolerance so 3 of 5 equal weights (0.6) meets a 60 % threshold.
    if present.is_empty() || weight <= 0.0 || coverage + 1e-12 < options.coverage_threshold {
        return (Score::Insufficient, coverage);
    }
    let value = match options.aggregation {
        Aggregation::Arithmetic => present.iter().map(|(w, s)| w * s).sum::<f64>() / weight,
        Aggregation::Geometric => {
            let log_mean = present
                .iter()
                .map(|(w, s)| w * (1.0 + 0.99 * s.max(0.0)).ln())
                .sum::<f64>()
                / weight;
            (log_mean.exp() - 1.0) / 0.99
        }
    };
    (Score::Value { value }, coverage)
}

#[cfg(test)]
mod tests;
