//! What one version of a concept holds: Themenfelder (each mapped to Handlungsfelder, with its
//! ideal state and goals), and the measures linked to goals. Stored as one document per version:
//! a new version (Fortschreibung) starts as a copy, and two versions are compared as two
//! documents. Ids of goals and measures are stable across versions, so a diff can match them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{ConceptError, MeasureStatus, Target, check_measure, check_nesting};
use crate::{FieldId, Indicator};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConceptContent {
    #[serde(default)]
    pub themenfelder: Vec<Themenfeld>,
    #[serde(default)]
    pub measures: Vec<Measure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Themenfeld {
    /// Stable key within the concept, e.g. `bildung-arbeit`.
    pub key: String,
    pub title: String,
    /// The common Handlungsfelder it relates to (at least one).
    pub fields: Vec<FieldId>,
    pub ideal_de: String,
    #[serde(default)]
    pub ideal_en: Option<String>,
    #[serde(default)]
    pub goals: Vec<Goal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub id: i64,
    /// The strategic goal this operational one serves.
    #[serde(default)]
    pub parent: Option<i64>,
    pub title: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
    #[serde(default)]
    pub targets: Vec<Target>,
}

/// A status change of a measure, written when the status changes (with who).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub on: NaiveDate,
    pub status: MeasureStatus,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub id: i64,
    pub title: String,
    /// The goals it serves (of this version).
    pub goals: Vec<i64>,
    pub status: MeasureStatus,
    /// Amt or Träger.
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub start: Option<NaiveDate>,
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// Euro; visible to signed-in project members only.
    #[serde(default)]
    pub budget: Option<f64>,
    #[serde(default)]
    pub funding: Option<String>,
    #[serde(default)]
    pub budget_approved: Option<bool>,
    /// Percent, 0–100.
    #[serde(default)]
    pub progress: Option<f64>,
    #[serde(default)]
    pub timeline: Vec<StatusChange>,
    /// When its status, progress or dates were last changed.
    #[serde(default)]
    pub updated_on: Option<NaiveDate>,
    /// Output figures, planned against achieved (participants, courses, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<OutputFigure>,
}

/// An output of a measure: what was planned and what was achieved, in one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputFigure {
    /// e.g. "Teilnehmende", "Kurse".
    pub label: String,
    pub planned: f64,
    /// `None` until something is reported.
    #[serde(default)]
    pub achieved: Option<f64>,
}

/// A rule a concept breaks, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct ConceptProblem {
    /// `Themenfeld bildung-arbeit`, `Ziel 4`, `Maßnahme 12`.
    pub at: String,
    pub error: ConceptError,
}

impl ConceptContent {
    /// Every goal, with its Themenfeld's key.
    pub fn goals(&self) -> impl Iterator<Item = (&str, &Goal)> {
        self.themenfelder
            .iter()
            .flat_map(|t| t.goals.iter().map(move |g| (t.key.as_str(), g)))
    }

    /// Every rule the content breaks against the catalogue (empty: it may be stored).
    pub fn problems(&self, indicators: &[Indicator]) -> Vec<ConceptProblem> {
        let mut out = Vec::new();
        let mut push = |at: String, error: ConceptError| out.push(ConceptProblem { at, error });
        let mut keys = std::collections::HashSet::new();
        for t in &self.themenfelder {
            if !keys.insert(t.key.as_str()) {
                push(
                    format!("Themenfeld {}", t.key),
                    ConceptError::Duplicate(t.key.clone()),
                );
            }
            if t.fields.is_empty() {
                push(format!("Themenfeld {}", t.key), ConceptError::NoField);
            }
        }
        let mut goal_ids = std::collections::HashSet::new();
        for (_, g) in self.goals() {
            if !goal_ids.insert(g.id) {
                push(
                    format!("Ziel {}", g.id),
                    ConceptError::Duplicate(g.id.to_string()),
                );
            }
            if let Some(parent) = g.parent
                && !self.goals().any(|(_, p)| p.id == parent)
            {
                push(format!("Ziel {}", g.id), ConceptError::UnknownGoal(parent));
            }
            for target in &g.targets {
                let indicator = indicators.iter().find(|i| i.id == target.indicator);
                if let Err(e) = target.check(indicator) {
                    push(format!("Ziel {}, Indikator {}", g.id, target.indicator), e);
                }
            }
        }
        let parents: Vec<(i64, Option<i64>)> =
            self.goals().map(|(_, g)| (g.id, g.parent)).collect();
        if let Err(e) = check_nesting(&parents) {
            push("Ziele".to_owned(), e);
        }
        let mut measure_ids = std::collections::HashSet::new();
        for m in &self.measures {
            let at = format!("Maßnahme {}", m.id);
            if !measure_ids.insert(m.id) {
                push(at.clone(), ConceptError::Duplicate(m.id.to_string()));
            }
            for goal in &m.goals {
                if !goal_ids.contains(goal) {
                    push(at.clone(), ConceptError::UnknownGoal(*goal));
                }
            }
            for o in &m.outputs {
                let bad = o.label.trim().is_empty()
                    || o.label.chars().count() > 100
                    || !(o.planned.is_finite() && o.planned >= 0.0)
                    || o.achieved.is_some_and(|a| !(a.is_finite() && a >= 0.0));
                if bad {
                    push(at.clone(), ConceptError::Output(o.label.clone()));
                }
            }
            if let Err(e) = check_measure(m.progress, m.start, m.end) {
                push(at, e);
            }
        }
        out
    }
}
