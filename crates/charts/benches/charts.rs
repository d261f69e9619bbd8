//! Ranking chart for 21 members, as SVG and as PNG (1×). Targets (median): SVG under 2 ms,
//! PNG under 30 ms. Run with `cargo bench -p vergleich-charts`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use vergleich_charts::{Lang, PngScale, RankingSpec};

/// The 21-member ranking fixture the tests use too.
fn spec() -> RankingSpec {
    vergleich_charts::fixtures::ranking(Lang::De, 21)
}

fn ranking(c: &mut Criterion) {
    let spec = spec();
    c.bench_function("ranking_21_svg", |b| b.iter(|| black_box(&spec).to_svg()));
    c.bench_function("ranking_21_png_1x", |b| {
        b.iter(|| {
            black_box(&spec)
                .to_svg()
                .and_then(|s| s.to_png(PngScale::X1))
        })
    });
}

criterion_group!(benches, ranking);
criterion_main!(benches);
