//! The Integrationskonzept of a member (issue #13): per Themenfeld an ideal state, goals
//! (optionally nested, strategic → operational) with targets on catalogue indicators, and
//! measures linked to goals. This module holds the vocabulary and the rules a concept must keep;
//! [`progress`] computes how far its targets and goals have come from published observations.
//!
//! Validation names what is wrong in German and English, so the store, the pages and the bulk
//! upload refuse bad input with the same words.

pub mod content;
pub mod diff;
pub mod progress;

pub use content::{
    ConceptContent, ConceptProblem, Goal, Measure, OutputFigure, StatusChange, Themenfeld,
};

use serde::{Deserialize, Serialize};

use crate::{Indicator, IndicatorId, Polarity};

/// Where a measure stands. The list is closed: a status outside it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureStatus {
    Idee,
    InPlanung,
    InUmsetzung,
    Laufend,
    Abgeschlossen,
    Verworfen,
}

impl MeasureStatus {
    pub const ALL: [Self; 6] = [
        Self::Idee,
        Self::InPlanung,
        Self::InUmsetzung,
        Self::Laufend,
        Self::Abgeschlossen,
        Self::Verworfen,
    ];

    /// The code in files and the API (`in_umsetzung`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Idee => "idee",
            Self::InPlanung => "in_planung",
            Self::InUmsetzung => "in_umsetzung",
            Self::Laufend => "laufend",
            Self::Abgeschlossen => "abgeschlossen",
            Self::Verworfen => "verworfen",
        }
    }

    pub fn label_de(self) -> &'static str {
        match self {
            Self::Idee => "Idee",
            Self::InPlanung => "in Planung",
            Self::InUmsetzung => "in Umsetzung",
            Self::Laufend => "laufend",
            Self::Abgeschlossen => "abgeschlossen",
            Self::Verworfen => "verworfen",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Idee => "idea",
            Self::InPlanung => "planned",
            Self::InUmsetzung => "being implemented",
            Self::Laufend => "ongoing",
            Self::Abgeschlossen => "completed",
            Self::Verworfen => "dropped",
        }
    }

    /// Reads a code, a German or an English label as people type it in a spreadsheet
    /// ("In Umsetzung", "ongoing").
    pub fn parse(text: &str) -> Result<Self, ConceptError> {
        let wanted = text.trim().to_lowercase().replace([' ', '-'], "_");
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == wanted || s.label_en().replace([' ', '-'], "_") == wanted)
            .ok_or_else(|| ConceptError::UnknownStatus(text.to_owned()))
    }
}

/// Whether an indicator of a target is within the city's reach (an output it controls) or a
/// condition many forces influence: a monitoring figure is never shown as proof that a measure
/// worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorRole {
    Monitoring,
    Controlling,
}

/// Which way a target moves its indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Increase,
    Decrease,
}

/// A target on a catalogue indicator: from the baseline to the target value between two years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub indicator: IndicatorId,
    pub baseline_year: i32,
    pub baseline: f64,
    pub target_year: i32,
    pub target: f64,
    pub role: IndicatorRole,
    /// The indicator's definition version when the target was set (written on saving): a
    /// later definition change makes the target a warning, as the series breaks there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition_version: Option<i32>,
}

impl Target {
    /// Increase or decrease, from the two values ([`Target::check`] refuses equal ones).
    pub fn direction(&self) -> Direction {
        if self.target >= self.baseline {
            Direction::Increase
        } else {
            Direction::Decrease
        }
    }

    /// The rules a target keeps against its indicator: a known, non-neutral indicator (a
    /// neutral one has no "better"), a target year after the baseline year, a target value
    /// other than the baseline, both in the indicator's range, and a direction that agrees with
    /// the indicator's polarity (raising a lower-is-better figure is no goal).
    pub fn check(&self, indicator: Option<&Indicator>) -> Result<(), ConceptError> {
        let Some(indicator) = indicator.filter(|i| i.id == self.indicator) else {
            return Err(ConceptError::UnknownIndicator(self.indicator.to_string()));
        };
        if indicator.polarity == Polarity::Neutral {
            return Err(ConceptError::NeutralIndicator(self.indicator.to_string()));
        }
        if self.target_year <= self.baseline_year {
            return Err(ConceptError::TargetYear {
                baseline: self.baseline_year,
                target: self.target_year,
            });
        }
        if !self.baseline.is_finite() || !self.target.is_finite() || self.target == self.baseline {
            return Err(ConceptError::NoChange);
        }
        for value in [self.baseline, self.target] {
            if !indicator.allows(value) {
                return Err(ConceptError::OutOfRange {
                    indicator: self.indicator.to_string(),
                    value,
                });
            }
        }
        let wanted = match indicator.polarity {
            Polarity::LowerIsBetter => Direction::Decrease,
            _ => Direction::Increase,
        };
        if self.direction() != wanted {
            return Err(ConceptError::AgainstPolarity(self.indicator.to_string()));
        }
        Ok(())
    }
}

/// A measure's progress in percent: 0 to 100.
pub fn check_measure(
    progress: Option<f64>,
    start: Option<chrono::NaiveDate>,
    end: Option<chrono::NaiveDate>,
) -> Result<(), ConceptError> {
    if let Some(p) = progress
        && !(p.is_finite() && (0.0..=100.0).contains(&p))
    {
        return Err(ConceptError::Progress(p));
    }
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        return Err(ConceptError::EndBeforeStart { start, end });
    }
    Ok(())
}

/// Goals nest (strategic → operational) without a cycle: `parents` holds (goal, parent) pairs.
/// Returns the goals of the first cycle found.
pub fn check_nesting(parents: &[(i64, Option<i64>)]) -> Result<(), ConceptError> {
    let parent_of = |goal: i64| {
        parents
            .iter()
            .find(|(g, _)| *g == goal)
            .and_then(|(_, p)| *p)
    };
    for &(start, _) in parents {
        let mut path = vec![start];
        let mut at = start;
        while let Some(parent) = parent_of(at) {
            if parent == start {
                return Err(ConceptError::Cycle(path));
            }
            if path.contains(&parent) || path.len() > parents.len() {
                // A cycle that does not pass through `start`: found from one of its own goals.
                break;
            }
            path.push(parent);
            at = parent;
        }
    }
    Ok(())
}

/// What a concept may not hold.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConceptError {
    #[error("unknown indicator {0:?}")]
    UnknownIndicator(String),
    #[error("indicator {0:?} is neutral: it has no better direction to set a target for")]
    NeutralIndicator(String),
    #[error("the target year {target} must come after the baseline year {baseline}")]
    TargetYear { baseline: i32, target: i32 },
    #[error("the target value must differ from the baseline")]
    NoChange,
    #[error("{value} lies outside the allowed range of {indicator:?}")]
    OutOfRange { indicator: String, value: f64 },
    #[error("the target moves {0:?} against its polarity")]
    AgainstPolarity(String),
    #[error(
        "unknown status {0:?}; allowed: idee, in_planung, in_umsetzung, laufend, abgeschlossen, verworfen"
    )]
    UnknownStatus(String),
    #[error("progress {0} must lie between 0 and 100")]
    Progress(f64),
    #[error("the end {end} lies before the start {start}")]
    EndBeforeStart {
        start: chrono::NaiveDate,
        end: chrono::NaiveDate,
    },
    #[error("goals {0:?} nest in a cycle")]
    Cycle(Vec<i64>),
    #[error("{0:?} appears twice")]
    Duplicate(String),
    #[error("a Themenfeld needs at least one Handlungsfeld")]
    NoField,
    #[error("goal {0} is not in this concept version")]
    UnknownGoal(i64),
    #[error(
        "output figure {0:?}: a label of 1 to 100 characters and planned and achieved figures of 0 or more"
    )]
    Output(String),
}

impl ConceptError {
    /// The message in German, with the fix.
    pub fn message_de(&self) -> String {
        match self {
            Self::UnknownIndicator(i) => format!("Der Indikator „{i}“ ist nicht im Katalog."),
            Self::NeutralIndicator(i) => format!(
                "Der Indikator „{i}“ ist neutral (weder höher noch niedriger ist besser); ein Ziel braucht eine Richtung. Bitte einen anderen Indikator wählen."
            ),
            Self::TargetYear { baseline, target } => format!(
                "Das Zieljahr {target} liegt nicht nach dem Basisjahr {baseline}. Bitte ein späteres Zieljahr angeben."
            ),
            Self::NoChange => "Zielwert und Basiswert sind gleich (oder keine Zahl); ein Ziel braucht eine Veränderung.".to_owned(),
            Self::OutOfRange { indicator, value } => format!(
                "Der Wert {value} liegt außerhalb des erlaubten Bereichs von „{indicator}“."
            ),
            Self::AgainstPolarity(i) => format!(
                "Das Ziel bewegt „{i}“ in die Richtung, die der Katalog als schlechter führt. Bitte Basis- und Zielwert prüfen."
            ),
            Self::UnknownStatus(s) => format!(
                "Der Status „{s}“ ist unbekannt; erlaubt sind: Idee, in Planung, in Umsetzung, laufend, abgeschlossen, verworfen."
            ),
            Self::Progress(p) => format!("Der Fortschritt {p} liegt nicht zwischen 0 und 100 %."),
            Self::EndBeforeStart { start, end } => {
                format!("Das Ende {end} liegt vor dem Beginn {start}. Bitte die Daten tauschen oder korrigieren.")
            }
            Self::Cycle(goals) => format!(
                "Die Ziele {goals:?} sind im Kreis einander untergeordnet. Bitte ein übergeordnetes Ziel ändern."
            ),
            Self::Duplicate(id) => format!("„{id}“ kommt zweimal vor; Schlüssel und Nummern müssen eindeutig sein."),
            Self::NoField => "Ein Themenfeld braucht mindestens ein Handlungsfeld, dem es zugeordnet ist.".to_owned(),
            Self::Output(label) => format!(
                "Die Kennzahl „{label}“ braucht eine Bezeichnung (1 bis 100 Zeichen) und geplante und erreichte Werte von 0 oder mehr."
            ),
            Self::UnknownGoal(id) => format!(
                "Das Ziel {id} gibt es in dieser Fassung des Konzepts nicht. Bitte ein Ziel dieser Fassung nennen."
            ),
        }
    }

    /// The message in English: the error's own text.
    pub fn message_en(&self) -> String {
        self.to_string()
    }
}

#[cfg(test)]
mod tests;
