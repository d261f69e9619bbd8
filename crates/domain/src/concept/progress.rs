//! Progress against targets, from published observations (issue #13 item 5).
//!
//! - **Attainment** of a target = (actual − baseline) / (target − baseline), clamped to 0–100 %.
//!   The division carries the direction: for a lower-is-better target both differences are
//!   negative, so falling values count as progress and rising ones as none.
//! - **Expected by now** = the share of the way from the baseline year to the target year that
//!   the actual's year has covered (the straight path), clamped to 0–100 %.
//! - **State**: reached when the actual reaches or passes the target; on track when attainment is
//!   at least the expected share; behind otherwise; no data without an actual value in or after
//!   the baseline year. Missing data is "keine Daten", never 0.
//! - A **goal's progress** is the mean attainment of its targets that have data; a goal without
//!   targets takes its measures' progress, weighted (dropped measures left out, a completed one
//!   without a figure counted as 100 %).

use serde::Serialize;

use super::{MeasureStatus, Target};

/// A target's indicator value in one year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Actual {
    pub year: i32,
    pub value: f64,
}

/// The latest actual value usable for a target: the newest year at or after the baseline year
/// with a value (missing values are skipped, never read as 0).
pub fn latest_actual(
    target: &Target,
    values: impl IntoIterator<Item = (i32, Option<f64>)>,
) -> Option<Actual> {
    values
        .into_iter()
        .filter(|(year, _)| *year >= target.baseline_year)
        .filter_map(|(year, value)| {
            value
                .filter(|v| v.is_finite())
                .map(|value| Actual { year, value })
        })
        .max_by_key(|a| a.year)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetState {
    Reached,
    OnTrack,
    Behind,
    NoData,
}

impl TargetState {
    pub fn label_de(self) -> &'static str {
        match self {
            Self::Reached => "erreicht",
            Self::OnTrack => "im Plan",
            Self::Behind => "im Rückstand",
            Self::NoData => "keine Daten",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Reached => "reached",
            Self::OnTrack => "on track",
            Self::Behind => "behind",
            Self::NoData => "no data",
        }
    }
}

/// How far a target has come.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TargetProgress {
    pub actual: Option<Actual>,
    /// 0.0–1.0; `None` without data.
    pub attainment: Option<f64>,
    /// The share of the way the straight path expects by the actual's year, 0.0–1.0.
    pub expected: Option<f64>,
    pub state: TargetState,
}

/// Tolerance for comparing shares computed from decimal figures.
const EPSILON: f64 = 1e-9;

pub fn target_progress(target: &Target, actual: Option<Actual>) -> TargetProgress {
    let Some(actual) = actual.filter(|a| a.year >= target.baseline_year && a.value.is_finite())
    else {
        return TargetProgress {
            actual: None,
            attainment: None,
            expected: None,
            state: TargetState::NoData,
        };
    };
    let span = target.target - target.baseline;
    let raw = (actual.value - target.baseline) / span;
    let attainment = raw.clamp(0.0, 1.0);
    let years = f64::from(target.target_year - target.baseline_year);
    let expected = (f64::from(actual.year - target.baseline_year) / years).clamp(0.0, 1.0);
    let state = if raw >= 1.0 - EPSILON {
        TargetState::Reached
    } else if attainment + EPSILON >= expected {
        TargetState::OnTrack
    } else {
        TargetState::Behind
    };
    TargetProgress {
        actual: Some(actual),
        attainment: Some(attainment),
        expected: Some(expected),
        state,
    }
}

/// What a goal's progress was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalBasis {
    Targets,
    Measures,
    /// Neither targets nor measures with a figure.
    Nothing,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GoalProgress {
    /// 0.0–1.0; `None` when nothing it is computed from has data.
    pub value: Option<f64>,
    pub basis: GoalBasis,
    /// Targets (or measures) with data, of all counted.
    pub with_data: usize,
    pub of: usize,
}

/// A measure as its goal's progress counts it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeasureFigure {
    pub status: MeasureStatus,
    /// Percent, 0–100.
    pub progress: Option<f64>,
    /// Its weight among the goal's measures (e.g. 1, or its budget).
    pub weight: f64,
}

pub fn goal_progress(targets: &[TargetProgress], measures: &[MeasureFigure]) -> GoalProgress {
    if !targets.is_empty() {
        let known: Vec<f64> = targets.iter().filter_map(|t| t.attainment).collect();
        return GoalProgress {
            value: (!known.is_empty()).then(|| known.iter().sum::<f64>() / known.len() as f64),
            basis: GoalBasis::Targets,
            with_data: known.len(),
            of: targets.len(),
        };
    }
    let counted: Vec<&MeasureFigure> = measures
        .iter()
        .filter(|m| m.status != MeasureStatus::Verworfen && m.weight > 0.0)
        .collect();
    let known: Vec<(f64, f64)> = counted
        .iter()
        .filter_map(|m| {
            let share = match (m.progress, m.status) {
                (Some(p), _) => Some(p.clamp(0.0, 100.0) / 100.0),
                (None, MeasureStatus::Abgeschlossen) => Some(1.0),
                (None, _) => None,
            };
            share.map(|s| (s, m.weight))
        })
        .collect();
    let weight: f64 = known.iter().map(|(_, w)| w).sum();
    GoalProgress {
        value: (weight > 0.0).then(|| known.iter().map(|(s, w)| s * w).sum::<f64>() / weight),
        basis: if counted.is_empty() {
            GoalBasis::Nothing
        } else {
            GoalBasis::Measures
        },
        with_data: known.len(),
        of: counted.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IndicatorId;
    use crate::concept::IndicatorRole;

    fn target(baseline_year: i32, baseline: f64, target_year: i32, target: f64) -> Target {
        Target {
            indicator: IndicatorId::parse("einbuergerungsquote").unwrap(),
            baseline_year,
            baseline,
            target_year,
            target,
            role: IndicatorRole::Monitoring,
            definition_version: None,
        }
    }

    fn at(year: i32, value: f64) -> Option<Actual> {
        Some(Actual { year, value })
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn a_rising_target_halfway_at_half_time_is_on_track_and_a_tenth_less_is_behind() {
        // 10 → 20 from 2020 to 2030; 2025 is half the way.
        let t = target(2020, 10.0, 2030, 20.0);
        let p = target_progress(&t, at(2025, 15.0));
        assert!(close(p.attainment, 0.5) && close(p.expected, 0.5));
        assert_eq!(p.state, TargetState::OnTrack);
        let p = target_progress(&t, at(2025, 14.0));
        assert!(close(p.attainment, 0.4));
        assert_eq!(p.state, TargetState::Behind);
        // Worse than the baseline: no progress, not negative.
        let p = target_progress(&t, at(2022, 8.0));
        assert!(close(p.attainment, 0.0) && close(p.expected, 0.2));
        assert_eq!(p.state, TargetState::Behind);
        // The baseline year itself: nothing expected yet.
        let p = target_progress(&t, at(2020, 10.0));
        assert_eq!(p.state, TargetState::OnTrack);
        // Past the target year without reaching it.
        let p = target_progress(&t, at(2031, 19.0));
        assert!(close(p.attainment, 0.9) && close(p.expected, 1.0));
        assert_eq!(p.state, TargetState::Behind);
    }

    #[test]
    fn a_falling_target_counts_falling_values_as_progress() {
        // Lower is better: 12 % → 6 % from 2020 to 2026.
        let t = target(2020, 12.0, 2026, 6.0);
        let p = target_progress(&t, at(2023, 9.0));
        // (9 − 12) / (6 − 12) = 0.5; 3 of 6 years = 0.5.
        assert!(close(p.attainment, 0.5) && close(p.expected, 0.5));
        assert_eq!(p.state, TargetState::OnTrack);
        let p = target_progress(&t, at(2023, 10.5));
        assert!(close(p.attainment, 0.25));
        assert_eq!(p.state, TargetState::Behind);
        // Rising instead: no progress.
        let p = target_progress(&t, at(2023, 13.0));
        assert!(close(p.attainment, 0.0));
        // Passed early: reached, attainment capped at 100 %.
        let p = target_progress(&t, at(2022, 5.0));
        assert!(close(p.attainment, 1.0));
        assert_eq!(p.state, TargetState::Reached);
        // Exactly the target value is reached too.
        assert_eq!(
            target_progress(&t, at(2026, 6.0)).state,
            TargetState::Reached
        );
    }

    #[test]
    fn missing_data_is_no_data_never_zero() {
        let t = target(2020, 10.0, 2030, 20.0);
        let none = target_progress(&t, None);
        assert_eq!(none.state, TargetState::NoData);
        assert_eq!(none.attainment, None);
        // Only missing values, or only values before the baseline year: no actual.
        assert_eq!(latest_actual(&t, [(2024, None), (2025, None)]), None);
        assert_eq!(latest_actual(&t, [(2018, Some(9.0))]), None);
        // The newest year with a value, skipping a newer missing one.
        assert_eq!(
            latest_actual(&t, [(2022, Some(12.0)), (2024, Some(13.0)), (2025, None)]),
            at(2024, 13.0)
        );
        assert_eq!(
            target_progress(&t, at(2019, 15.0)).state,
            TargetState::NoData
        );
    }

    #[test]
    fn a_goal_averages_its_targets_with_data_or_weighs_its_measures() {
        let t = target(2020, 10.0, 2030, 20.0);
        let half = target_progress(&t, at(2025, 15.0));
        let reached = target_progress(&t, at(2025, 25.0));
        let none = target_progress(&t, None);
        let g = goal_progress(&[half, reached, none], &[]);
        assert!(close(g.value, 0.75));
        assert_eq!((g.basis, g.with_data, g.of), (GoalBasis::Targets, 2, 3));
        // Targets without any data: no value, and measures do not stand in for them.
        let m = |status, progress, weight| MeasureFigure {
            status,
            progress,
            weight,
        };
        let g = goal_progress(&[none], &[m(MeasureStatus::Laufend, Some(80.0), 1.0)]);
        assert_eq!(g.value, None);
        // No targets: measures, weighted; dropped ones left out; completed without figure = 100 %.
        let g = goal_progress(
            &[],
            &[
                m(MeasureStatus::Laufend, Some(20.0), 3.0),
                m(MeasureStatus::Abgeschlossen, None, 1.0),
                m(MeasureStatus::Verworfen, Some(0.0), 5.0),
                m(MeasureStatus::Idee, None, 1.0),
            ],
        );
        // (0.2 × 3 + 1.0 × 1) / 4 = 0.4; the idea has no figure.
        assert!(close(g.value, 0.4));
        assert_eq!((g.basis, g.with_data, g.of), (GoalBasis::Measures, 2, 3));
        let g = goal_progress(&[], &[]);
        assert_eq!((g.value, g.basis), (None, GoalBasis::Nothing));
    }
}
