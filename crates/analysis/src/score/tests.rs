//! Hand-computed field scores: equal and unequal weights, coverage threshold, geometric mean,
//! rank normalisation, and the neutral indicator left out.

use super::*;
use crate::frame::observations_frame;
use crate::testutil::{group, small_catalogue, small_observations};

fn scores(options: &FieldScoreOptions) -> Result<FieldScores, AnalysisError> {
    let frame = observations_frame(&small_observations()).unwrap();
    let field = FieldId::parse("f").unwrap();
    field_scores(&frame, &small_catalogue(), &field, 2020, &group(3), options)
}

fn id(s: &str) -> IndicatorId {
    IndicatorId::parse(s).unwrap()
}

fn close(score: Score, expected: f64) {
    let v = score.value().unwrap_or(f64::NAN);
    assert!((v - expected).abs() < 1e-9, "{v} != {expected}");
}

#[test]
fn equal_weights_average_min_max_scores_and_low_coverage_is_insufficient() {
    let s = scores(&FieldScoreOptions::default()).unwrap();
    // a: 0, 50, 100; b (lower is better) 10 -> 100, 30 -> 0.
    close(s.members[0].score, 50.0);
    close(s.members[1].score, 25.0);
    // M3 reported only a: coverage ½ < 60 %.
    assert_eq!(s.members[2].score, Score::Insufficient);
    assert_eq!(s.members[2].coverage, 0.5);
    assert_eq!(s.reported, 2);
    assert_eq!(s.scored, vec![id("a"), id("b")]);
    assert_eq!(
        s.not_scored,
        vec![NotScored {
            indicator: id("c"),
            reason: NotScoredReason::Neutral
        }]
    );
}

#[test]
fn a_lower_threshold_turns_half_coverage_into_a_number() {
    let options = FieldScoreOptions {
        coverage_threshold: 0.5,
        ..Default::default()
    };
    close(scores(&options).unwrap().members[2].score, 100.0);
}

#[test]
fn weights_shift_the_score_towards_the_heavier_indicator() {
    let options = FieldScoreOptions {
        weights: [(id("a"), 3.0)].into_iter().collect(),
        ..Default::default()
    };
    let s = scores(&options).unwrap();
    close(s.members[0].score, (0.0 * 3.0 + 100.0) / 4.0);
    close(s.members[1].score, (50.0 * 3.0 + 0.0) / 4.0);
}

#[test]
fn geometric_mean_is_taken_on_the_shifted_scale() {
    let options = FieldScoreOptions {
        aggregation: Aggregation::Geometric,
        ..Default::default()
    };
    // M1: 0 and 100 -> sqrt(1 × 100) = 10 -> (10 − 1) / 0.99.
    close(scores(&options).unwrap().members[0].score, 9.0 / 0.99);
}

#[test]
fn geometric_mean_of_z_scores_is_refused() {
    let options = FieldScoreOptions {
        aggregation: Aggregation::Geometric,
        normalisation: Normalisation::Z,
        ..Default::default()
    };
    assert!(matches!(
        scores(&options),
        Err(AnalysisError::InvalidOptions { .. })
    ));
}

#[test]
fn rank_normalisation_uses_the_mid_rank_percentile() {
    let options = FieldScoreOptions {
        normalisation: Normalisation::Rank,
        ..Default::default()
    };
    // a: M1 (0 + ½)/3 = 16.67; b: M1 best of 2 -> (1 + ½)/2 = 75.
    close(
        scores(&options).unwrap().members[0].score,
        (100.0 / 6.0 + 75.0) / 2.0,
    );
}

#[test]
fn a_year_nobody_reported_gives_insufficient_scores_with_zero_coverage() {
    let frame = observations_frame(&small_observations()).unwrap();
    let field = FieldId::parse("f").unwrap();
    let s = field_scores(
        &frame,
        &small_catalogue(),
        &field,
        2031,
        &group(3),
        &FieldScoreOptions::default(),
    )
    .unwrap();
    assert_eq!(s.reported, 0);
    assert!(
        s.members
            .iter()
            .all(|m| m.score == Score::Insufficient && m.coverage == 0.0)
    );
}

#[test]
fn a_group_of_one_reporting_member_gives_no_score_at_the_limit_two_do() {
    // One member alone: every indicator is reported by 1 < 2 members, so nobody is scored
    // (without the rule it would be 50 in every field).
    let frame = observations_frame(&small_observations()).unwrap();
    let field = FieldId::parse("f").unwrap();
    let alone = field_scores(
        &frame,
        &small_catalogue(),
        &field,
        2020,
        &group(1),
        &FieldScoreOptions::default(),
    )
    .unwrap();
    assert_eq!(alone.members.len(), 1);
    assert_eq!(alone.members[0].score, Score::Insufficient);
    assert!(
        alone.members[0]
            .components
            .iter()
            .all(|c| c.normalised.is_none())
    );
    assert_eq!(alone.reported, 0);
    // Two members: both indicators are reported by two, the scores are numbers again.
    let two = field_scores(
        &frame,
        &small_catalogue(),
        &field,
        2020,
        &group(2),
        &FieldScoreOptions::default(),
    )
    .unwrap();
    assert!(
        two.members.iter().all(|m| m.score.value().is_some()),
        "{:?}",
        two.members
    );
}
