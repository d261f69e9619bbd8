//! Parse + map + validate a synthetic GENESIS flat file of about 11,000 rows (400 Kreise and the
//! 17 upper regions, 3 sex attributes, 9 years on 31.12.) through the public entry point, with the
//! built-in mappings of `datasets/sources.csv`: the size of a Kreis table of the Regionaldatenbank
//! over a decade.
//!
//! Run: `cargo bench -p vergleich-ingest --bench official`

// Set-up code like a test: a broken fixture should stop the benchmark loudly.
#![allow(clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vergleich_domain::{Catalogue, Cohort};
use vergleich_ingest::{IngestContext, Limits, ingest};

const KREISE: usize = 400;
const YEARS: std::ops::RangeInclusive<i32> = 2016..=2024;

/// 400 synthetic Landkreise of Schleswig-Holstein's key range, all cohort members.
fn cohort() -> Cohort {
    let mut csv = String::from("key,name,state,kind,cohort,status,source,note\n");
    for i in 0..KREISE {
        csv.push_str(&format!(
            "01{:03},Kreis {i},SH,landkreis,bench,confirmed,synthetic,\n",
            i + 1
        ));
    }
    Cohort::from_csv(&csv).expect("synthetic cohort")
}

fn file() -> (Vec<u8>, usize) {
    let mut out = String::from(
        "\u{feff}statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;2_variable_attribute_code;2_variable_attribute_label;value;value_unit;value_variable_code;value_variable_label\n",
    );
    let mut keys: Vec<String> = vec!["DG".to_owned()];
    keys.extend((1..=16).map(|l| format!("{l:02}")));
    keys.extend((1..=KREISE).map(|i| format!("01{i:03}")));
    let mut rows = 0;
    for year in YEARS {
        for (n, key) in keys.iter().enumerate() {
            for (sex, label, share) in [
                ("", "Insgesamt", 1.0),
                ("GESM", "männlich", 0.49),
                ("GESW", "weiblich", 0.51),
            ] {
                let value = ((100_000 + n * 37 + year as usize) as f64 * share).round();
                out.push_str(&format!(
                    "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;{year}-12-31;KREISE;Kreise und kreisfreie Städte;{key};Region {n};GES;Geschlecht;{sex};{label};{value};Anzahl;BEVSTD;Bevölkerungsstand\n"
                ));
                rows += 1;
            }
        }
    }
    (out.into_bytes(), rows)
}

fn bench(c: &mut Criterion) {
    let catalogue = Catalogue::from_csv(
        include_str!("../../../datasets/fields.csv"),
        include_str!("../../../datasets/indicators.csv"),
    )
    .expect("catalogue");
    let cohort = cohort();
    let (bytes, rows) = file();
    let ctx = IngestContext::new(&catalogue, &cohort, 2025);
    let limits = Limits::default();
    let check = ingest(&bytes, None, &ctx, &limits);
    assert!(check.is_accepted(), "{}", check.report.to_text());
    assert_eq!(check.observations.len(), KREISE * YEARS.count());
    let mut group = c.benchmark_group("official");
    group.throughput(Throughput::Elements(rows as u64));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function(
        format!("genesis_flat_{rows}_rows_parse_map_validate"),
        |b| b.iter(|| ingest(black_box(&bytes), None, &ctx, &limits)),
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
