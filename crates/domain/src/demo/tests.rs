use std::collections::{BTreeSet, HashMap};

use super::*;
use crate::catalogue::Catalogue;
use crate::cohort::{Cohort, MembershipStatus};
use crate::ids::{Ags, IndicatorId};
use crate::observation::Status;

fn dataset(name: &str) -> String {
    let path = format!("{}/../../datasets/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn shipped() -> (Catalogue, Cohort, Vec<Anchor>) {
    let catalogue =
        Catalogue::from_csv(&dataset("fields.csv"), &dataset("indicators.csv")).unwrap();
    let cohort = Cohort::from_csv(&dataset("cohort.csv")).unwrap();
    let anchors = anchors_from_csv(&dataset("demo/anchors.csv")).unwrap();
    (catalogue, cohort, anchors)
}

#[test]
fn shipped_catalogue_has_seven_fields_and_at_least_thirty_indicators() {
    let (catalogue, cohort, anchors) = shipped();
    let ids: Vec<_> = catalogue.fields.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "steuerung",
            "oeffnung",
            "zugang",
            "arbeit",
            "engagement",
            "zusammenhalt",
            "kommunikation"
        ]
    );
    assert!(catalogue.indicators.len() >= 30);
    for field in &catalogue.fields {
        let score = format!("sc_{}", field.id);
        assert!(
            catalogue.indicators.iter().any(|i| i.id.as_str() == score),
            "{score} missing"
        );
    }
    assert_eq!(cohort.municipalities.len(), 21);
    assert_eq!(anchors.len(), 21);
}

#[test]
fn shipped_cohort_keeps_the_status_of_every_member() {
    let (_, cohort, _) = shipped();
    let count = |s: MembershipStatus| {
        cohort
            .municipalities
            .iter()
            .filter(|m| m.memberships[0].status == s)
            .count()
    };
    assert_eq!(count(MembershipStatus::Confirmed), 11);
    assert_eq!(count(MembershipStatus::Pilot), 3);
    assert_eq!(count(MembershipStatus::Announced), 1);
    assert_eq!(count(MembershipStatus::Demo), 6);
    let luebeck = cohort.get(&Ags::parse("01003000").unwrap()).unwrap();
    assert_eq!(luebeck.name, "Lübeck");
}

#[test]
fn committed_demo_file_is_exactly_what_the_generator_writes() {
    let (catalogue, cohort, anchors) = shipped();
    let generated = to_csv(&generate(&catalogue, &cohort, &anchors, DEMO_SEED)).unwrap();
    let committed = dataset("demo/observations.csv");
    assert!(
        generated == committed,
        "datasets/demo/observations.csv is stale: run `cargo run -p vergleich-api -- demo generate`"
    );
}

#[test]
fn demo_reads_back_identically() {
    let (catalogue, cohort, anchors) = shipped();
    let generated = generate(&catalogue, &cohort, &anchors, DEMO_SEED);
    let read = from_csv("observations.csv", &to_csv(&generated).unwrap()).unwrap();
    assert_eq!(read, generated);
}

#[test]
fn demo_covers_every_member_and_year_with_realistic_gaps_and_statuses() {
    let (catalogue, cohort, anchors) = shipped();
    let obs = generate(&catalogue, &cohort, &anchors, DEMO_SEED);
    let members: BTreeSet<_> = obs.iter().map(|o| o.municipality.clone()).collect();
    let years: BTreeSet<_> = obs.iter().map(|o| o.period.year()).collect();
    let indicators: BTreeSet<_> = obs.iter().map(|o| o.indicator.clone()).collect();
    assert_eq!(members.len(), 21);
    assert_eq!(years, (2018..=2024).collect());
    assert_eq!(indicators.len(), catalogue.indicators.len());
    for status in [Status::A, Status::P, Status::E, Status::M] {
        assert!(obs.iter().any(|o| o.status == status), "no {status:?}");
    }
    // Gaps: not every (member, indicator, year) is present.
    let full = 21 * catalogue.indicators.len() * 7;
    assert!(obs.len() < full * 95 / 100, "{} of {full}", obs.len());
    assert!(obs.len() > full * 60 / 100, "{} of {full}", obs.len());
    // Every value lies in its indicator's range and is labelled synthetic.
    for o in &obs {
        o.check().unwrap();
        let ind = catalogue.indicator(&o.indicator).unwrap();
        if let Some(v) = o.value {
            assert!(ind.allows(v), "{o:?}");
        }
        assert_eq!(o.source.as_deref(), Some(crate::SYNTHETIC_LABEL_DE));
    }
}

#[test]
fn kaiserslautern_foreign_share_is_about_seventeen_percent_and_series_are_smooth() {
    let (catalogue, cohort, anchors) = shipped();
    let obs = generate(&catalogue, &cohort, &anchors, DEMO_SEED);
    let kl = Ags::parse("07312000").unwrap();
    let share: HashMap<i32, f64> = obs
        .iter()
        .filter(|o| o.municipality == kl && o.indicator.as_str() == "auslaenderanteil")
        .filter_map(|o| Some((o.period.year(), o.value?)))
        .collect();
    let v2018 = share[&2018];
    assert!((16.0..=18.0).contains(&v2018), "{v2018}");
    let mut years: Vec<_> = share.keys().copied().collect();
    years.sort();
    for pair in years.windows(2) {
        let step = (share[&pair[1]] - share[&pair[0]]).abs();
        assert!(step < 2.5, "jump of {step} between {pair:?}");
    }
}

#[test]
fn adding_an_indicator_leaves_the_other_series_unchanged() {
    let (mut catalogue, cohort, anchors) = shipped();
    let before = generate(&catalogue, &cohort, &anchors, DEMO_SEED);
    let mut extra = catalogue.indicators[10].clone();
    extra.id = IndicatorId::parse("neuer_indikator").unwrap();
    catalogue.indicators.insert(3, extra);
    let after = generate(&catalogue, &cohort, &anchors, DEMO_SEED);
    let after: Vec<_> = after
        .into_iter()
        .filter(|o| o.indicator.as_str() != "neuer_indikator")
        .collect();
    assert_eq!(before, after);
}
