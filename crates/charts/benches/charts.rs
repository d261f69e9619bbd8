//! Ranking chart for 21 members, as SVG and as PNG (1×). Targets (median): SVG under 2 ms,
//! PNG under 30 ms. Run with `cargo bench -p vergleich-charts`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use vergleich_charts::{
    Datum, Header, Lang, Order, PngScale, RankingItem, RankingSpec, SizePreset, ValueFormat,
};

const NAMES: [&str; 21] = [
    "Potsdam",
    "Landkreis Dachau",
    "Rostock",
    "Konstanz",
    "Kaiserslautern",
    "Kaufbeuren",
    "Zwickau",
    "Dessau-Roßlau",
    "Wittenberge",
    "Lübeck",
    "Aachen",
    "Bochum",
    "Iserlohn",
    "Landkreis Teltow-Fläming",
    "Mannheim",
    "Frankfurt am Main",
    "Göttingen",
    "Oldenburg (Oldb)",
    "Saarbrücken",
    "Erfurt",
    "Bremerhaven",
];

fn spec() -> RankingSpec {
    RankingSpec {
        header: Header {
            lang: Lang::De,
            size: SizePreset::Web,
            title: "Ausländeranteil".into(),
            period: "2023".into(),
            group: "alle Modellkommunen".into(),
            members_total: 21,
            source: "Statistisches Bundesamt".into(),
            demo_data: true,
        },
        format: ValueFormat {
            unit: "%".into(),
            decimals: 1,
        },
        order: Order::HighFirst,
        median: Some(14.2),
        items: NAMES
            .iter()
            .enumerate()
            .map(|(i, name)| RankingItem {
                name: (*name).into(),
                value: if i == 3 {
                    Datum::Missing
                } else {
                    Datum::Value(5.0 + (i * 37 % 21) as f64)
                },
                selected: *name == "Kaiserslautern",
            })
            .collect(),
    }
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
