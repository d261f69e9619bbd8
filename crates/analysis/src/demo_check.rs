//! Independent check on the shipped demo data: ranks and min–max scores recomputed in plain Rust
//! (no polars) for every indicator and year over the whole cohort must equal the polars results;
//! plus the predefined peer groups and nearest neighbours on the real cohort.

use std::collections::{BTreeSet, HashMap};

use vergleich_domain::{IndicatorId, Polarity};

use crate::compare::compare;
use crate::frame::observations_frame;
use crate::group::{by_kind, east_west, whole_cohort};
use crate::neighbours::nearest_neighbours;
use crate::testutil::demo;

#[test]
fn polars_ranks_min_max_and_quartiles_agree_with_plain_rust_on_every_indicator_and_year() {
    let (catalogue, cohort, observations) = demo();
    let frame = observations_frame(&observations).unwrap();
    let group = whole_cohort(&cohort);
    let years: BTreeSet<i32> = observations.iter().map(|o| o.period.year()).collect();
    let mut checked = 0;
    for ind in &catalogue.indicators {
        for &year in &years {
            let values: HashMap<&str, f64> = observations
                .iter()
                .filter(|o| o.indicator == ind.id && o.period.year() == year)
                .filter_map(|o| Some((o.municipality.as_str(), o.value?)))
                .collect();
            let sign = if ind.polarity == Polarity::LowerIsBetter {
                -1.0
            } else {
                1.0
            };
            let oriented: Vec<f64> = values.values().map(|v| v * sign).collect();
            let (lo, hi) = oriented
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                    (a.min(*v), b.max(*v))
                });
            let c = compare(&frame, ind, year, &group).unwrap();
            assert_eq!(c.reported, values.len(), "{} {year}", ind.id);
            let raw: Vec<f64> = values.values().copied().collect();
            for (p, got) in [
                (0.25, c.stats.as_ref().map(|s| s.q1)),
                (0.5, c.stats.as_ref().map(|s| s.median)),
                (0.75, c.stats.as_ref().map(|s| s.q3)),
            ] {
                let expected = crate::stats::quantile(&raw, p);
                assert_eq!(got.is_some(), expected.is_some(), "{} {year}", ind.id);
                assert!(
                    got.zip(expected).is_none_or(|(a, b)| (a - b).abs() < 1e-9),
                    "{} {year} p={p}",
                    ind.id
                );
            }
            for m in &c.members {
                let Some(v) = values.get(m.key.as_str()).map(|v| v * sign) else {
                    assert_eq!((m.rank, m.min_max), (None, None));
                    continue;
                };
                let rank = 1 + oriented.iter().filter(|o| **o > v).count();
                let min_max = if hi > lo {
                    100.0 * (v - lo) / (hi - lo)
                } else {
                    50.0
                };
                assert_eq!(m.rank, Some(rank), "{} {year} {}", ind.id, m.key);
                let got = m.min_max.unwrap_or(f64::NAN);
                assert!((got - min_max).abs() < 1e-9, "{} {year} {}", ind.id, m.key);
                checked += 1;
            }
        }
    }
    assert!(checked > 2000, "only {checked} values checked");
}

#[test]
fn predefined_groups_split_the_demo_cohort_into_cities_and_districts_and_east_and_west() {
    let (_, cohort, _) = demo();
    let (cities, districts) = (by_kind(&cohort, false), by_kind(&cohort, true));
    assert_eq!(cities.members.len() + districts.members.len(), 21);
    assert_eq!(districts.members.len(), 2);
    let (east, west) = (east_west(&cohort, true), east_west(&cohort, false));
    assert_eq!(east.members.len() + west.members.len(), 21);
    assert!(east.members.iter().any(|m| m.name == "Rostock"));
}

#[test]
fn nearest_neighbours_carry_their_distance_and_context_values_in_order() {
    let (catalogue, cohort, observations) = demo();
    let frame = observations_frame(&observations).unwrap();
    let context: Vec<IndicatorId> = catalogue
        .indicators
        .iter()
        .filter(|i| i.field.is_none())
        .map(|i| i.id.clone())
        .collect();
    let focus = cohort.municipalities[4].key.clone(); // Kaiserslautern
    let g = nearest_neighbours(&cohort, &frame, &focus, 5, 2020, &context).unwrap();
    assert_eq!(g.members.len(), 6);
    assert_eq!(g.members[0].key, focus);
    let d: Vec<f64> = g.members.iter().filter_map(|m| m.distance).collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "{d:?}");
    assert!(g.members[1].reason_de.contains("Abstand"));
    assert_eq!(g.members[1].context.len(), context.len());
}

#[test]
fn demo_profile_findings_are_bilingual_with_german_numbers_and_their_observations() {
    let (catalogue, cohort, observations) = demo();
    let frame = observations_frame(&observations).unwrap();
    let group = whole_cohort(&cohort);
    let options = crate::score::FieldScoreOptions::default();
    let mut findings = 0;
    for m in &cohort.municipalities {
        let p =
            crate::profile::profile(&frame, &catalogue, &group, &m.key, 2022, &options).unwrap();
        assert_eq!(p.fields.len(), 7);
        for f in &p.findings {
            findings += 1;
            assert!(
                f.text_de
                    .starts_with(&format!("{} liegt im Handlungsfeld", m.name))
            );
            assert!(f.text_de.contains(&crate::text::number_de(f.score)));
            assert!(f.text_en.contains(&crate::text::number_en(f.peer_median)));
            assert!(f.text_en.contains("peer-group median"));
            assert!(!f.observations.is_empty());
            assert!(
                f.observations
                    .iter()
                    .all(|o| o.municipality == m.key && o.year == 2022)
            );
        }
    }
    assert!(findings > 0);
}

#[test]
fn results_serialise_with_insufficient_scores_as_a_state_not_a_number() {
    let (catalogue, cohort, observations) = demo();
    let frame = observations_frame(&observations).unwrap();
    let field = vergleich_domain::FieldId::parse("zugang").unwrap();
    let options = crate::score::FieldScoreOptions {
        coverage_threshold: 1.0,
        ..Default::default()
    };
    let s = crate::score::field_scores(
        &frame,
        &catalogue,
        &field,
        2022,
        &whole_cohort(&cohort),
        &options,
    )
    .unwrap();
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["group"]["size"], 21);
    assert_eq!(json["options"]["normalisation"], "min_max");
    let states: Vec<_> = json["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["score"]["state"].as_str().unwrap().to_owned())
        .collect();
    assert!(states.iter().any(|s| s == "insufficient"), "{states:?}");
}
