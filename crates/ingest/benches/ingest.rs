//! Parse + validate 1,000,000 long-layout CSV rows (German dialect: `;`, decimal comma) through the
//! public entry point. Target: at least 1 million rows per second on one core.
//!
//! Run: `cargo bench -p vergleich-ingest`

// Set-up code like a test: a broken fixture should stop the benchmark loudly.
#![allow(clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vergleich_domain::{Catalogue, Cohort};
use vergleich_ingest::{IngestContext, Limits, ingest};

const ROWS: usize = 1_000_000;

/// A synthetic cohort large enough for a million distinct (municipality, indicator, year) keys.
fn cohort() -> Cohort {
    let mut csv = String::from("key,name,state,kind,cohort,status,source,note\n");
    for i in 0..1_000 {
        csv.push_str(&format!(
            "01{:06},Gemeinde {i},SH,stadt,bench,confirmed,synthetic,\n",
            i + 1
        ));
    }
    Cohort::from_csv(&csv).expect("synthetic cohort")
}

fn file(catalogue: &Catalogue, cohort: &Cohort) -> Vec<u8> {
    let mut out = String::with_capacity(ROWS * 48);
    out.push_str("Kommune;Indikator;Jahr;Wert;Status\n");
    let mut n = 0;
    'all: for m in &cohort.municipalities {
        for ind in &catalogue.indicators {
            for year in 1990..=2025 {
                if n == ROWS {
                    break 'all;
                }
                let low = ind.min.unwrap_or(0.0);
                let value = low + (n % 97) as f64 / 10.0;
                let value = format!("{value:.1}").replace('.', ",");
                let status = if n % 10 == 0 { "P" } else { "" };
                out.push_str(&format!("{};{};{year};{value};{status}\n", m.key, ind.id));
                n += 1;
            }
        }
    }
    assert_eq!(n, ROWS, "not enough distinct keys");
    out.into_bytes()
}

fn bench(c: &mut Criterion) {
    let catalogue = Catalogue::from_csv(
        include_str!("../../../datasets/fields.csv"),
        include_str!("../../../datasets/indicators.csv"),
    )
    .expect("catalogue");
    let cohort = cohort();
    let bytes = file(&catalogue, &cohort);
    let ctx = IngestContext::new(&catalogue, &cohort, 2025);
    let limits = Limits {
        max_bytes: 200 << 20,
        max_rows: ROWS,
        ..Limits::default()
    };
    let check = ingest(&bytes, None, &ctx, &limits);
    assert!(check.is_accepted(), "{}", check.report.to_text());
    assert_eq!(check.observations.len(), ROWS);
    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("csv_long_1m_rows_parse_validate", |b| {
        b.iter(|| ingest(black_box(&bytes), None, &ctx, &limits))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
