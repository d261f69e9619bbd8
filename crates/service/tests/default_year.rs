//! The year views open on: the latest in which at least half the members report, so one
//! member's early upload of next year does not turn every page into a comparison of one; at the
//! share's limit and one below it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use vergleich_domain::{IndicatorId, Observation, Period, Status};
use vergleich_service::{DataState, ViewData};
use vergleich_store::testing::shipped_seed;

/// `per_year`: (year, how many members report a value that year).
fn data(per_year: &[(i32, usize)]) -> ViewData {
    let seed = shipped_seed(false);
    let indicator = IndicatorId::parse("auslaenderanteil").unwrap();
    let mut observations = Vec::new();
    for (year, n) in per_year {
        for m in seed.cohort.municipalities.iter().take(*n) {
            observations.push(Observation {
                municipality: m.key.clone(),
                indicator: indicator.clone(),
                period: Period::new(*year).unwrap(),
                value: Some(10.0),
                status: Status::A,
                missing_reason: None,
                note: None,
                source: None,
            });
        }
    }
    let state = DataState {
        visibility: "published".into(),
        newest_recorded_at: None,
        uploads: Vec::new(),
        unpublished_included: false,
        synthetic: false,
        release: None,
        digest: None,
    };
    ViewData::new(seed.catalogue, seed.cohort, &observations, false, state).unwrap()
}

#[test]
fn one_early_member_does_not_move_the_default_year() {
    let d = data(&[(2023, 21), (2024, 18), (2025, 1)])
        .default_year()
        .unwrap();
    assert_eq!((d.year, d.members, d.of, d.need), (2024, 18, 21, 11));
    assert!(d.reached);
    assert_eq!(d.newer, vec![(2025, 1)]);
}

#[test]
fn the_share_is_checked_at_its_limit_and_one_below() {
    // 21 members, 50 %: 11 are needed.
    let at = data(&[(2024, 21), (2025, 11)]).default_year().unwrap();
    assert_eq!((at.year, at.newer.len()), (2025, 0));
    let below = data(&[(2024, 21), (2025, 10)]).default_year().unwrap();
    assert_eq!((below.year, below.newer.clone()), (2024, vec![(2025, 10)]));
    // Another share, set by `--default-year-coverage`.
    let mut strict = data(&[(2024, 21), (2025, 11)]);
    strict.default_share = 0.9;
    assert_eq!(strict.default_year().unwrap().year, 2024);
}

#[test]
fn without_a_year_at_the_share_the_year_with_most_members_is_shown_and_says_so() {
    let d = data(&[(2022, 4), (2023, 6), (2024, 6), (2025, 1)])
        .default_year()
        .unwrap();
    assert_eq!((d.year, d.members, d.reached), (2024, 6, false));
    assert_eq!(d.newer, vec![(2025, 1)]);
    // An asked year is always shown.
    let data = data(&[(2024, 21), (2025, 1)]);
    assert_eq!(data.year_or_latest(Some(2025)).unwrap(), 2025);
    assert_eq!(data.year_or_latest(None).unwrap(), 2024);
}

#[test]
fn the_share_is_of_the_years_members() {
    // The last ten of the 21 join in 2025: 2024 has 11 members, and 6 of them reporting
    // (55 %) make it the default — of all 21 they would be too few.
    let mut d = data(&[(2023, 21), (2024, 6)]);
    for m in d.cohort.municipalities.iter_mut().skip(11) {
        for p in &mut m.memberships {
            p.joined = Some(2025);
        }
    }
    let year = d.default_year().unwrap();
    assert_eq!(
        (year.year, year.members, year.of, year.need),
        (2024, 6, 11, 6)
    );
    // One below the share of the year's members: the year before.
    let mut below = data(&[(2023, 21), (2024, 5)]);
    for m in below.cohort.municipalities.iter_mut().skip(11) {
        for p in &mut m.memberships {
            p.joined = Some(2025);
        }
    }
    assert_eq!(below.default_year().unwrap().year, 2023);
}
