//! Benchmarks of the analysis crate: one comparison over the 21 demo members, one full profile,
//! and one comparison over a generated population of 11,000 municipalities × 50 indicators ×
//! 10 years (5.5 million rows). Run: `cargo bench -p vergleich-analysis --bench analysis`.
// A benchmark is test code: a broken fixture should stop it loudly.
#![allow(clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use polars::prelude::*;
use vergleich_analysis::group::{GroupDefinition, GroupMember, PeerGroup, whole_cohort};
use vergleich_analysis::score::FieldScoreOptions;
use vergleich_analysis::{compare, observations_frame, profile};
use vergleich_domain::{
    Ags, Catalogue, Cohort, Indicator, IndicatorId, IndicatorKind, Level, Polarity,
};

fn dataset(name: &str) -> String {
    let path = format!("{}/../../datasets/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn demo(c: &mut Criterion) {
    let catalogue =
        Catalogue::from_csv(&dataset("fields.csv"), &dataset("indicators.csv")).unwrap();
    let cohort = Cohort::from_csv(&dataset("cohort.csv")).unwrap();
    let observations =
        vergleich_domain::demo::from_csv("observations.csv", &dataset("demo/observations.csv"))
            .unwrap();
    let frame = observations_frame(&observations).unwrap();
    let group = whole_cohort(&cohort);
    let indicator = catalogue
        .indicator(&IndicatorId::parse("sc_zusammenhalt").unwrap())
        .unwrap()
        .clone();
    c.bench_function("compare_21_members", |b| {
        b.iter(|| compare(&frame, &indicator, 2022, &group).unwrap())
    });
    let focus = Ags::parse("07312000").unwrap();
    let options = FieldScoreOptions::default();
    c.bench_function("profile_one_member", |b| {
        b.iter(|| profile(&frame, &catalogue, &group, &focus, 2022, &options).unwrap())
    });
}

const MEMBERS: usize = 11_000;
const INDICATORS: usize = 50;
const YEARS: i32 = 10;

fn population(c: &mut Criterion) {
    let rows = MEMBERS * INDICATORS * YEARS as usize;
    let keys: Vec<String> = (0..MEMBERS)
        .map(|i| format!("{:08}", 1_000_000 + i))
        .collect();
    let ids: Vec<String> = (0..INDICATORS).map(|i| format!("i{i:02}")).collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut municipality, mut indicator, mut year, mut value) = (
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
    );
    for m in &keys {
        for i in &ids {
            for y in 0..YEARS {
                let r = next();
                municipality.push(m.as_str());
                indicator.push(i.as_str());
                year.push(2015 + y);
                // About 5 % missing, never 0.
                value.push((r % 20 != 0).then(|| (r % 10_000) as f64 / 100.0));
            }
        }
    }
    let status: Vec<&str> = value
        .iter()
        .map(|v| if v.is_some() { "A" } else { "M" })
        .collect();
    let reason: Vec<Option<&str>> = value
        .iter()
        .map(|v| v.is_none().then_some("not_available"))
        .collect();
    let frame = DataFrame::new_infer_height(vec![
        Column::new("municipality".into(), municipality),
        Column::new("indicator".into(), indicator),
        Column::new("year".into(), year),
        Column::new("value".into(), value),
        Column::new("status".into(), status),
        Column::new("missing_reason".into(), reason),
    ])
    .unwrap();
    let group = PeerGroup {
        id: "all".into(),
        label_de: "alle".into(),
        label_en: "all".into(),
        definition: GroupDefinition::WholeCohort,
        members: keys
            .iter()
            .map(|k| GroupMember {
                key: Ags::parse(k).unwrap(),
                name: k.clone(),
                reason_de: String::new(),
                reason_en: String::new(),
                distance: None,
                context: Vec::new(),
            })
            .collect(),
    };
    let indicator = Indicator {
        id: IndicatorId::parse("i17").unwrap(),
        field: None,
        kind: IndicatorKind::Statistic,
        label_de: "i17".into(),
        label_en: "i17".into(),
        definition_de: String::new(),
        definition_en: String::new(),
        unit: "%".into(),
        polarity: Polarity::LowerIsBetter,
        min: Some(0.0),
        max: Some(100.0),
        source: String::new(),
        level: Level::Kommune,
        definition_version: 1,
    };
    c.bench_function("compare_11000_members_of_5_5m_rows", |b| {
        b.iter(|| compare(&frame, &indicator, 2020, &group).unwrap())
    });
}

criterion_group!(benches, demo, population);
criterion_main!(benches);
