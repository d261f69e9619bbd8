//! The Selbstcheck (issue #12): a versioned questionnaire of items across the seven fields,
//! answered on an ordinal scale by several raters, and the rules that turn answers into item
//! results (median, spread, consensus) and field scores (weighted mean rescaled to 0–100 with
//! coverage). Skipped and "weiß nicht" answers never count as 0: they count as not answered.
//!
//! [`questionnaire`] reads a version from `datasets/selfcheck/` (items, and which items of two
//! versions are comparable); [`scoring`] computes results. No I/O: loaders take text.

pub mod questionnaire;
pub mod scoring;
pub mod workshop;

pub use questionnaire::{Comparability, Item, ItemId, Questionnaire};
pub use scoring::{Consensus, FieldScore, ItemResult, field_score, item_result};

use serde::{Deserialize, Serialize};

/// One answer to one item by one rater. The levels are ordinal: 0 nicht vorhanden, 1 geplant,
/// 2 teilweise umgesetzt, 3 umgesetzt und verankert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Level(u8),
    /// The rater chose not to answer.
    Skipped,
    /// The rater does not know.
    DontKnow,
}

/// The highest level of the scale.
pub const MAX_LEVEL: u8 = 3;

/// An answer outside the scale.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is no answer: allowed are 0, 1, 2, 3, skipped (übersprungen) and dont_know (weiß nicht)"
)]
pub struct AnswerError(pub String);

impl AnswerError {
    pub fn message_de(&self) -> String {
        format!(
            "„{}“ ist keine Antwort: erlaubt sind 0 (nicht vorhanden), 1 (geplant), 2 (teilweise umgesetzt), 3 (umgesetzt und verankert), „übersprungen“ und „weiß nicht“.",
            self.0
        )
    }
}

impl Answer {
    /// The level as a number, if it is one.
    pub fn level(self) -> Option<u8> {
        match self {
            Self::Level(l) => Some(l),
            Self::Skipped | Self::DontKnow => None,
        }
    }

    /// The code in files and the API: `0`…`3`, `skipped`, `dont_know`.
    pub fn code(self) -> String {
        match self {
            Self::Level(l) => l.to_string(),
            Self::Skipped => "skipped".to_owned(),
            Self::DontKnow => "dont_know".to_owned(),
        }
    }

    pub fn label_de(self) -> &'static str {
        match self {
            Self::Level(0) => "nicht vorhanden",
            Self::Level(1) => "geplant",
            Self::Level(2) => "teilweise umgesetzt",
            Self::Level(_) => "umgesetzt und verankert",
            Self::Skipped => "übersprungen",
            Self::DontKnow => "weiß nicht",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Level(0) => "not in place",
            Self::Level(1) => "planned",
            Self::Level(2) => "partly implemented",
            Self::Level(_) => "implemented and embedded",
            Self::Skipped => "skipped",
            Self::DontKnow => "don't know",
        }
    }

    /// Reads a code, a level written as a number (`2`, `2.0`) or a German or English label as
    /// people type them in a spreadsheet ("Weiß nicht", "teilweise umgesetzt").
    pub fn parse(text: &str) -> Result<Self, AnswerError> {
        let t = text.trim();
        let folded = t.to_lowercase().replace(['-', '_'], " ");
        let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Ok(n) = t.replace(',', ".").parse::<f64>() {
            if n.fract() == 0.0 && (0.0..=f64::from(MAX_LEVEL)).contains(&n) {
                return Ok(Self::Level(n as u8));
            }
            return Err(AnswerError(t.to_owned()));
        }
        let all = [
            Self::Level(0),
            Self::Level(1),
            Self::Level(2),
            Self::Level(3),
            Self::Skipped,
            Self::DontKnow,
        ];
        all.into_iter()
            .find(|a| {
                folded == a.label_de()
                    || folded == a.label_en().replace('\'', "")
                    || folded == a.label_en()
                    || folded == a.code().replace('_', " ")
            })
            .or(match folded.as_str() {
                "weiss nicht" | "dont know" | "unbekannt" => Some(Self::DontKnow),
                "uebersprungen" | "skip" => Some(Self::Skipped),
                _ => None,
            })
            .ok_or_else(|| AnswerError(t.to_owned()))
    }
}

/// Aggregates (a distribution, a perspective's split) over fewer raters than this are not shown
/// outside the municipality: with one or two ballots in a cell, who answered what can be told.
pub const MIN_CELL: usize = 3;

/// Whether an aggregate over `n` raters or ballots may be shown to readers outside the member.
pub fn disclosable(n: usize) -> bool {
    n >= MIN_CELL
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod workshop_tests;
