//! Hand-computed comparisons: ties, nulls, one member, a constant indicator, lower-is-better,
//! neutral, an all-missing indicator and a year nobody reported.

use vergleich_domain::{MissingReason, Polarity, Status};

use super::*;
use crate::frame::observations_frame;
use crate::testutil::{group, indicator, key, missing, value};

fn close(a: Option<f64>, b: f64) {
    let a = a.unwrap_or(f64::NAN);
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn ties_share_the_better_rank_and_missing_members_stay_missing_not_zero() {
    // M1 10, M2 20, M3 20, M4 missing (secret), M5 no row: n = 3 of N = 5.
    let obs = vec![
        value(1, "x", 2020, 10.0),
        value(2, "x", 2020, 20.0),
        value(3, "x", 2020, 20.0),
        missing(4, "x", 2020, MissingReason::Secret),
        value(5, "x", 2019, 99.0),
    ];
    let frame = observations_frame(&obs).unwrap();
    let ind = indicator("x", Some("f"), Polarity::HigherIsBetter, "%");
    let c = compare(&frame, &ind, 2020, &group(5)).unwrap();
    assert_eq!((c.reported, c.group.size), (3, 5));
    let m = &c.members;
    assert_eq!(
        [m[0].rank, m[1].rank, m[2].rank],
        [Some(3), Some(1), Some(1)]
    );
    // Percentile: M1 (0 + ½·1)/3, M2 (1 + ½·2)/3.
    close(m[0].percentile, 100.0 / 6.0);
    close(m[1].percentile, 200.0 / 3.0);
    close(m[0].min_max, 0.0);
    close(m[1].min_max, 100.0);
    // mean 50/3, sample sd sqrt(100/3) = 5.7735…: z(10) = −(20/3)/5.7735 = −1.1547.
    close(m[0].z_score, -(20.0 / 3.0) / (100.0f64 / 3.0).sqrt());
    close(m[2].z_score, (10.0 / 3.0) / (100.0f64 / 3.0).sqrt());
    // Type 7 on 10, 20, 20: Q1 at h = 0.5 -> 15, median 20, Q3 at h = 1.5 -> 20.
    let s = c.stats.clone().unwrap();
    assert_eq!(
        (s.min, s.q1, s.median, s.q3, s.max),
        (10.0, 15.0, 20.0, 20.0, 20.0)
    );
    close(m[0].distance_to_median, -10.0);
    assert_eq!(c.distance_unit, "percentage points");
    assert_eq!([m[0].quartile, m[1].quartile], [Some(1), Some(2)]);
    assert_eq!(m[3].value, None);
    assert_eq!(m[3].status, Some(Status::M));
    assert_eq!(
        m[3].missing,
        Some(Missing::Missing {
            reason: Some(MissingReason::Secret)
        })
    );
    assert_eq!((m[3].rank, m[3].min_max), (None, None));
    assert_eq!(m[4].missing, Some(Missing::NotReported));
    assert_eq!(m[4].status, None);
}

#[test]
fn lower_is_better_turns_the_smallest_value_into_rank_one_and_score_hundred() {
    let obs = vec![
        value(1, "y", 2020, 1.0),
        value(2, "y", 2020, 2.0),
        value(3, "y", 2020, 3.0),
    ];
    let frame = observations_frame(&obs).unwrap();
    let ind = indicator("y", Some("f"), Polarity::LowerIsBetter, "je 100.000 Einw.");
    let c = compare(&frame, &ind, 2020, &group(3)).unwrap();
    let m = &c.members;
    assert_eq!(
        [m[0].rank, m[1].rank, m[2].rank],
        [Some(1), Some(2), Some(3)]
    );
    close(m[0].min_max, 100.0);
    close(m[1].min_max, 50.0);
    close(m[2].min_max, 0.0);
    // Oriented −1, −2, −3: mean −2, sd 1, so the best member has z = +1.
    close(m[0].z_score, 1.0);
    close(m[0].percentile, 100.0 * 2.5 / 3.0);
    // Distance and quartiles stay on the raw scale: value 1 is in the lowest quarter.
    close(m[0].distance_to_median, -1.0);
    assert_eq!(m[0].quartile, Some(1));
    assert_eq!(c.distance_unit, "je 100.000 Einw.");
    assert_eq!(c.method.neutral_note, None);
}

#[test]
fn a_group_of_one_gets_rank_one_percentile_fifty_and_no_division_by_zero() {
    let frame = observations_frame(&[value(1, "x", 2020, 7.0)]).unwrap();
    let ind = indicator("x", Some("f"), Polarity::HigherIsBetter, "%");
    let c = compare(&frame, &ind, 2020, &group(1)).unwrap();
    let m = &c.members[0];
    assert_eq!(m.rank, Some(1));
    close(m.percentile, 50.0);
    close(m.z_score, 0.0);
    close(m.min_max, 50.0);
    let s = c.stats.unwrap();
    assert_eq!(
        (s.min, s.q1, s.median, s.q3, s.max),
        (7.0, 7.0, 7.0, 7.0, 7.0)
    );
}

#[test]
fn a_constant_indicator_gives_everyone_rank_one_z_zero_and_min_max_fifty() {
    let obs: Vec<_> = (1..=3).map(|i| value(i, "x", 2020, 5.0)).collect();
    let frame = observations_frame(&obs).unwrap();
    let ind = indicator("x", Some("f"), Polarity::HigherIsBetter, "%");
    let c = compare(&frame, &ind, 2020, &group(3)).unwrap();
    for m in &c.members {
        assert_eq!(m.rank, Some(1));
        close(m.percentile, 50.0);
        close(m.z_score, 0.0);
        close(m.min_max, 50.0);
        close(m.distance_to_median, 0.0);
    }
}

#[test]
fn neutral_indicator_is_ranked_by_value_descending_and_says_so() {
    let obs = vec![value(1, "n", 2020, 1.0), value(2, "n", 2020, 9.0)];
    let frame = observations_frame(&obs).unwrap();
    let ind = indicator("n", Some("f"), Polarity::Neutral, "je 10.000 Einw.");
    let c = compare(&frame, &ind, 2020, &group(2)).unwrap();
    assert_eq!(c.members[1].rank, Some(1));
    assert!(c.method.neutral_note.is_some());
}

#[test]
fn an_all_missing_indicator_reports_zero_of_n_and_no_statistics() {
    let obs: Vec<_> = (1..=3)
        .map(|i| missing(i, "x", 2020, MissingReason::NotAvailable))
        .collect();
    let frame = observations_frame(&obs).unwrap();
    let ind = indicator("x", Some("f"), Polarity::HigherIsBetter, "%");
    let c = compare(&frame, &ind, 2020, &group(3)).unwrap();
    assert_eq!((c.reported, c.group.size), (0, 3));
    assert_eq!(c.stats, None);
    assert!(c.members.iter().all(|m| m.value.is_none()
        && m.rank.is_none()
        && m.missing
            == Some(Missing::Missing {
                reason: Some(MissingReason::NotAvailable)
            })));
}

#[test]
fn a_year_nobody_reported_lists_every_member_as_not_reported() {
    let frame = observations_frame(&[value(1, "x", 2020, 1.0)]).unwrap();
    let ind = indicator("x", Some("f"), Polarity::HigherIsBetter, "%");
    let c = compare(&frame, &ind, 2031, &group(2)).unwrap();
    assert_eq!(c.reported, 0);
    assert_eq!(c.stats, None);
    assert!(
        c.members
            .iter()
            .all(|m| m.missing == Some(Missing::NotReported))
    );
}

#[test]
fn polars_quartiles_match_the_hand_computed_type_seven_definition() {
    let obs: Vec<_> = [4.0, 1.0, 3.0, 2.0]
        .iter()
        .enumerate()
        .map(|(i, v)| value(i + 1, "x", 2020, *v))
        .collect();
    let frame = observations_frame(&obs).unwrap();
    let ind = indicator("x", Some("f"), Polarity::HigherIsBetter, "%");
    let s = compare(&frame, &ind, 2020, &group(4))
        .unwrap()
        .stats
        .unwrap();
    assert_eq!((s.q1, s.median, s.q3), (1.75, 2.5, 3.25));
    close(Some(s.mean), 2.5);
}

#[test]
fn members_outside_the_group_do_not_influence_it() {
    let obs = vec![value(1, "x", 2020, 1.0), value(2, "x", 2020, 100.0)];
    let frame = observations_frame(&obs).unwrap();
    let ind = indicator("x", Some("f"), Polarity::HigherIsBetter, "%");
    let c = compare(&frame, &ind, 2020, &group(1)).unwrap();
    assert_eq!(c.members.len(), 1);
    assert_eq!(c.members[0].key, key(1));
    close(c.members[0].min_max, 50.0);
}
