//! From answers to results.
//!
//! - **An item** answered by several raters: the counts per level, the median of the levels
//!   given (skipped and "weiß nicht" left out, never 0), the interquartile range (type 7, as every
//!   quantile in vergleich) and a consensus flag: *uneinig* when the IQR is at least one scale
//!   step, *einig* below; with a single answer there is nothing to agree on.
//! - **A field**: the weighted mean of its answered items' values (the item median) rescaled to
//!   0–100 (level / 3 × 100), with its coverage = answered items / items of the field. Below the
//!   coverage threshold (default 60 %) the score is "Datenlage unzureichend": no number.

use serde::Serialize;

use super::{Answer, MAX_LEVEL};
use crate::stats::quantile;

/// Share of a field's items that must be answered for it to get a score.
pub const DEFAULT_COVERAGE: f64 = 0.6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Consensus {
    /// IQR below one scale step.
    Agreed,
    /// IQR of one scale step or more ("uneinig").
    Disagreed,
    /// One answer: nothing to agree on.
    Single,
    /// No answer on the scale.
    NoAnswer,
}

impl Consensus {
    pub fn label_de(self) -> &'static str {
        match self {
            Self::Agreed => "einig",
            Self::Disagreed => "uneinig",
            Self::Single => "eine Antwort",
            Self::NoAnswer => "keine Antwort",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Agreed => "agreed",
            Self::Disagreed => "disagreed",
            Self::Single => "one answer",
            Self::NoAnswer => "no answer",
        }
    }
}

/// What the raters said about one item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResult {
    /// Raters with any answer (skips and "weiß nicht" included).
    pub raters: usize,
    /// Answers on the scale.
    pub answered: usize,
    pub skipped: usize,
    pub dont_know: usize,
    /// Answers per level 0–3.
    pub counts: [usize; 4],
    /// Median level; `None` without an answer on the scale.
    pub median: Option<f64>,
    /// Interquartile range of the levels.
    pub iqr: Option<f64>,
    pub consensus: Consensus,
}

pub fn item_result(answers: &[Answer]) -> ItemResult {
    let mut counts = [0usize; 4];
    let (mut skipped, mut dont_know) = (0, 0);
    let mut levels = Vec::new();
    for a in answers {
        match a {
            Answer::Level(l) if *l <= MAX_LEVEL => {
                counts[usize::from(*l)] += 1;
                levels.push(f64::from(*l));
            }
            Answer::Level(_) => {}
            Answer::Skipped => skipped += 1,
            Answer::DontKnow => dont_know += 1,
        }
    }
    let iqr = match (quantile(&levels, 0.75), quantile(&levels, 0.25)) {
        (Some(q3), Some(q1)) => Some(q3 - q1),
        _ => None,
    };
    let consensus = match (levels.len(), iqr) {
        (0, _) => Consensus::NoAnswer,
        (1, _) => Consensus::Single,
        (_, Some(iqr)) if iqr >= 1.0 - 1e-9 => Consensus::Disagreed,
        _ => Consensus::Agreed,
    };
    ItemResult {
        raters: levels.len() + skipped + dont_know,
        answered: levels.len(),
        skipped,
        dont_know,
        counts,
        median: quantile(&levels, 0.5),
        iqr,
        consensus,
    }
}

/// A field's score from its items.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FieldScore {
    /// 0–100; `None` below the coverage threshold ("Datenlage unzureichend") or without items.
    pub score: Option<f64>,
    /// Answered items / items, 0–1.
    pub coverage: f64,
    pub answered: usize,
    pub items: usize,
    /// The threshold it was held against.
    pub threshold: f64,
}

impl FieldScore {
    /// Answered, but too few items for a score.
    pub fn insufficient(&self) -> bool {
        self.score.is_none() && self.items > 0
    }
}

/// The score of a field from `(weight, value)` per item, the value being the item's median level
/// (`None`: not answered). Unanswered items lower the coverage, never the score.
pub fn field_score(items: &[(f64, Option<f64>)], threshold: f64) -> FieldScore {
    let answered: Vec<(f64, f64)> = items
        .iter()
        .filter_map(|(w, v)| v.filter(|v| v.is_finite()).map(|v| (*w, v)))
        .filter(|(w, _)| *w > 0.0)
        .collect();
    let coverage = if items.is_empty() {
        0.0
    } else {
        answered.len() as f64 / items.len() as f64
    };
    let weight: f64 = answered.iter().map(|(w, _)| w).sum();
    let enough = !items.is_empty() && coverage + 1e-9 >= threshold && weight > 0.0;
    let score = enough.then(|| {
        answered
            .iter()
            .map(|(w, v)| w * v / f64::from(MAX_LEVEL) * 100.0)
            .sum::<f64>()
            / weight
    });
    FieldScore {
        score,
        coverage,
        answered: answered.len(),
        items: items.len(),
        threshold,
    }
}
