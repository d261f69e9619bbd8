//! The words and states of the goal progress chart: a row's state (for its colour), its value
//! labels in the chart's language, the notes below the chart and the text description.

use plotters::style::RGBColor;

use crate::bullet::{BulletRow, GoalProgressSpec};
use crate::format::{format_value, words};
use crate::spec::{Lang, ValueFormat};
use crate::style::{BEHIND, MUTED, ON_TRACK, REACHED, darker};
use vergleich_domain::concept::progress::TargetState;

/// A row's state for its colour: from the translated text when it is one of the known labels,
/// else from the figures by the same rule the progress method uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    Reached,
    OnTrack,
    Behind,
    NoData,
}

impl State {
    pub(crate) fn of(row: &BulletRow) -> Self {
        let Some(a) = row.actual.filter(|a| a.value.is_finite()) else {
            return Self::NoData;
        };
        let known = [
            (Self::Reached, TargetState::Reached),
            (Self::OnTrack, TargetState::OnTrack),
            (Self::Behind, TargetState::Behind),
            (Self::NoData, TargetState::NoData),
        ];
        let text = row.state.trim();
        if let Some((s, _)) = known.iter().find(|(_, t)| {
            text.eq_ignore_ascii_case(t.label_de()) || text.eq_ignore_ascii_case(t.label_en())
        }) {
            return *s;
        }
        let share = |v: f64| (v - row.baseline) / (row.target - row.baseline);
        match (share(a.value), row.expected.map(share)) {
            (s, _) if s >= 1.0 - 1e-9 => Self::Reached,
            (s, Some(e)) if s + 1e-9 < e.clamp(0.0, 1.0) => Self::Behind,
            _ => Self::OnTrack,
        }
    }

    pub(crate) fn color(self) -> RGBColor {
        match self {
            Self::Reached => REACHED,
            Self::OnTrack => ON_TRACK,
            Self::Behind => BEHIND,
            Self::NoData => MUTED,
        }
    }

    /// The state text's colour: the bar's, darkened to read as small text on white.
    pub(crate) fn text_color(self) -> RGBColor {
        match self {
            Self::NoData => MUTED,
            s => darker(s.color(), 0.25),
        }
    }
}

/// Decimals that show every figure of a row exactly, at most two.
fn decimals(row: &BulletRow) -> u8 {
    let values = [
        Some(row.baseline),
        Some(row.target),
        row.actual.map(|a| a.value),
    ];
    (0u8..=2)
        .find(|d| {
            values.iter().flatten().all(|v| {
                let s = v * 10f64.powi(i32::from(*d));
                (s - s.round()).abs() < 1e-6 * s.abs().max(1.0)
            })
        })
        .unwrap_or(2)
}

/// The texts of one row, in the chart's language.
pub(crate) struct RowText {
    pub baseline: String,
    pub target: String,
    pub actual: String,
    pub expected: Option<String>,
    pub tag: &'static str,
}

impl RowText {
    pub(crate) fn new(row: &BulletRow, lang: Lang) -> Self {
        let format = ValueFormat {
            unit: row.unit.clone(),
            decimals: decimals(row),
        };
        let fmt = |v: f64| format_value(v, &format, lang);
        let actual = match row.actual.filter(|a| a.value.is_finite()) {
            None => format!("{}: {}", lang.pick("Stand", "Latest"), words(lang).no_data),
            Some(a) => {
                let share = (a.value - row.baseline) / (row.target - row.baseline);
                let note = if share > 1.0 + 1e-9 {
                    lang.pick(" – über das Ziel hinaus", " – beyond the target")
                } else if share < -1e-9 {
                    lang.pick(
                        " – schlechter als der Ausgangswert",
                        " – worse than the baseline",
                    )
                } else {
                    ""
                };
                let word = lang.pick("Stand", "Latest");
                format!("{word} {}: {}{note}", a.year, fmt(a.value))
            }
        };
        Self {
            baseline: format!(
                "{} {}: {}",
                lang.pick("Ausgangswert", "Baseline"),
                row.baseline_year,
                fmt(row.baseline)
            ),
            target: format!(
                "{} {}: {}",
                lang.pick("Ziel", "Target"),
                row.target_year,
                fmt(row.target)
            ),
            actual,
            expected: row.expected.filter(|e| e.is_finite()).map(fmt),
            tag: if row.monitoring {
                "Monitoring"
            } else {
                "Controlling"
            },
        }
    }
}

impl GoalProgressSpec {
    pub(crate) fn notes(&self) -> Vec<String> {
        let lang = self.header.lang;
        let mut notes = Vec::new();
        if !self.rows.is_empty() {
            notes.push(
                lang.pick(
                    "Jede Zeile hat ihre eigene Skala: links der Ausgangswert, rechts das Ziel – Fortschritt läuft immer nach rechts.",
                    "Each row has its own scale: baseline on the left, target on the right – progress always runs to the right.",
                )
                .to_owned(),
            );
        }
        if self.rows.iter().any(|r| r.monitoring) {
            notes.push(
                lang.pick(
                    "Monitoring: Kontextgröße, auf die viele Kräfte wirken, nicht nur die Kommune.",
                    "Monitoring: a context figure many forces influence, not only the municipality.",
                )
                .to_owned(),
            );
        }
        if self.rows.iter().any(|r| !r.monitoring) {
            notes.push(
                lang.pick(
                    "Controlling: Ergebnis im Einflussbereich der Kommune.",
                    "Controlling: a result within the municipality's reach.",
                )
                .to_owned(),
            );
        }
        notes
    }

    pub(crate) fn describe(&self, states: &[State], texts: &[RowText], with_data: usize) -> String {
        let lang = self.header.lang;
        let h = &self.header;
        let context: Vec<&str> = [h.title.as_str(), h.period.as_str(), h.group.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        let mut s = format!(
            "{}: {}. ",
            lang.pick(
                "Zielerreichung (Bullet-Diagramm)",
                "Goal progress (bullet chart)"
            ),
            context.join(", ")
        );
        if self.rows.is_empty() {
            s.push_str(lang.pick(
                "Keine Ziele mit Zielwerten.",
                "No goals with target values.",
            ));
            return s;
        }
        s.push_str(&match lang {
            Lang::De => format!(
                "{with_data} von {} Zielwerten mit Stand; jede Zeile hat ihre eigene Skala vom Ausgangswert zum Ziel. ",
                self.rows.len()
            ),
            Lang::En => format!(
                "{with_data} of {} targets with a value; each row has its own scale from baseline to target. ",
                self.rows.len()
            ),
        });
        for ((row, text), state) in self.rows.iter().zip(texts).zip(states) {
            s.push_str(&format!(
                "{} ({}): {}, {}, {}",
                row.label, text.tag, text.baseline, text.target, text.actual
            ));
            if let (Some(e), true) = (&text.expected, *state != State::NoData) {
                s.push_str(&format!(", {} {e}", lang.pick("erwartet", "expected")));
            }
            s.push_str(&format!("; {}. ", row.state));
        }
        s.trim_end().to_owned()
    }
}
