//! Hand-computed profile: peer quartiles, a need for action with its German sentence and
//! observations, a strength, and no findings with too few peers.

use super::*;
use crate::frame::observations_frame;
use crate::testutil::{group, key, small_catalogue, value};

/// a: 0, 50, 60, 70, 100; b constant 5 (min–max 50 for all) -> field scores 25, 50, 55, 60, 75.
fn frame() -> DataFrame {
    let mut obs = Vec::new();
    for (i, a) in [0.0, 50.0, 60.0, 70.0, 100.0].into_iter().enumerate() {
        obs.push(value(i + 1, "a", 2020, a));
        obs.push(value(i + 1, "b", 2020, 5.0));
    }
    observations_frame(&obs).unwrap()
}

#[test]
fn a_member_far_below_the_peer_quartiles_gets_a_need_for_action_in_german_numbers() {
    let options = FieldScoreOptions::default();
    let p = profile(
        &frame(),
        &small_catalogue(),
        &group(5),
        &key(1),
        2020,
        &options,
    )
    .unwrap();
    let f = &p.fields[0];
    // Peers 50, 55, 60, 75: Q1 at h = 0.75 -> 53.75, median 57.5, Q3 at h = 2.25 -> 63.75.
    assert_eq!(f.score, Score::Value { value: 25.0 });
    assert_eq!(
        (f.peer_q1, f.peer_median, f.peer_q3),
        (Some(53.75), Some(57.5), Some(63.75))
    );
    assert_eq!((f.peers_reported, f.peers_total), (4, 4));
    assert_eq!(p.findings.len(), 1);
    let finding = &p.findings[0];
    assert_eq!(finding.kind, FindingKind::NeedForAction);
    assert_eq!(
        finding.text_de,
        "M1 liegt im Handlungsfeld Zusammenhalt und Begegnung mit 25 Punkten unter dem Median \
         der Vergleichsgruppe (57,5; mittlere Hälfte 53,8 bis 63,8, 4 von 4 Vergleichskommunen \
         mit Wert)."
    );
    assert!(
        finding
            .text_en
            .contains("below the peer-group median (57.5")
    );
    let obs: Vec<_> = finding
        .observations
        .iter()
        .map(|o| (o.indicator.as_str(), o.value, o.year))
        .collect();
    assert_eq!(obs, vec![("a", Some(0.0), 2020), ("b", Some(5.0), 2020)]);
}

#[test]
fn a_member_above_the_peers_upper_quartile_gets_a_strength() {
    let options = FieldScoreOptions::default();
    let p = profile(
        &frame(),
        &small_catalogue(),
        &group(5),
        &key(5),
        2020,
        &options,
    )
    .unwrap();
    assert_eq!(p.findings[0].kind, FindingKind::Strength);
    assert_eq!(p.findings[0].peer_q3, 56.25);
    assert!(
        p.findings[0]
            .text_de
            .contains("mit 75 Punkten über dem Median")
    );
}

#[test]
fn fewer_than_three_peers_give_no_findings() {
    let options = FieldScoreOptions::default();
    let p = profile(
        &frame(),
        &small_catalogue(),
        &group(3),
        &key(1),
        2020,
        &options,
    )
    .unwrap();
    assert_eq!(p.fields[0].peers_reported, 2);
    assert!(p.findings.is_empty());
}

#[test]
fn a_focus_outside_the_group_is_an_error() {
    let options = FieldScoreOptions::default();
    let err = profile(
        &frame(),
        &small_catalogue(),
        &group(2),
        &key(5),
        2020,
        &options,
    );
    assert!(matches!(err, Err(AnalysisError::UnknownMember { .. })));
}
