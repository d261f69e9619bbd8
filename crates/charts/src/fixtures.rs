//! Test fixtures: the 21 demo cohort names (and 14 more for a 35-member cohort) with
//! deterministic synthetic values, a header, and an Integrationskonzept's goals and measures.

use crate::spec::{Header, Lang, SizePreset};

pub use crate::concept_fixtures::{concept, goal_progress, measure_timeline};

pub const COHORT_21: [&str; 21] = [
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

pub const EXTRA_14: [&str; 14] = [
    "Landkreis Marburg-Biedenkopf",
    "Hansestadt Stralsund",
    "Freiburg im Breisgau",
    "Mülheim an der Ruhr",
    "Halle (Saale)",
    "Tübingen",
    "Würzburg",
    "Landkreis Göttingen",
    "Offenbach am Main",
    "Brandenburg an der Havel",
    "Landkreis Nordwestmecklenburg",
    "Ludwigshafen am Rhein",
    "Kempten (Allgäu)",
    "Weißenfels",
];

/// The first `n` names (21 or 35).
pub fn names(n: usize) -> Vec<&'static str> {
    COHORT_21
        .iter()
        .chain(EXTRA_14.iter())
        .copied()
        .take(n)
        .collect()
}

/// A deterministic value in 5..95 for member `i` and variable `k`.
pub fn value(i: usize, k: usize) -> f64 {
    let x = ((i * 37 + k * 53 + 11) % 97) as f64;
    5.0 + x * 90.0 / 96.0
}

pub fn header(lang: Lang, title: &str, total: usize) -> Header {
    Header {
        lang,
        size: SizePreset::Web,
        title: title.to_owned(),
        period: "2023".to_owned(),
        group: lang
            .pick("alle Modellkommunen", "all model municipalities")
            .to_owned(),
        members_total: total,
        source: "Statistisches Bundesamt, Selbstcheck Weltoffene Kommunen".to_owned(),
        demo_data: true,
    }
}

use crate::chart::ChartSpec;
use crate::spec::{Datum, Order, PeerBand, ValueFormat};
use crate::{
    DotPlotSpec, HeatmapRow, HeatmapSpec, RadarAxis, RadarSpec, RankingItem, RankingSpec,
    ScatterAxis, ScatterPoint, ScatterSpec, Series, TimeSeriesSpec, YearValue,
};

/// The fields' short labels, as in `datasets/fields.csv`.
pub const SHORT_DE: [&str; 7] = [
    "Steuerung",
    "Öffnung",
    "Zugang",
    "Arbeit",
    "Engagement",
    "Zusammenhalt",
    "Kommunikation",
];
pub const SHORT_EN: [&str; 7] = [
    "Steering",
    "Opening",
    "Access",
    "Labour",
    "Engagement",
    "Cohesion",
    "Communication",
];
/// The fields' labels in English, as in `datasets/fields.csv`.
pub const FIELDS_EN: [&str; 7] = [
    "Governance and steering",
    "Intercultural opening and anti-racism",
    "Fair access and participation",
    "Labour and economic development",
    "Civic engagement and participation",
    "Cohesion and encounter",
    "Communication and conflict management",
];
pub const FIELDS_DE: [&str; 7] = [
    "Management und Steuerung",
    "Interkulturelle Öffnung und Antirassismus",
    "Fairer Zugang und Teilhabe",
    "Arbeit und wirtschaftliche Entwicklung",
    "Engagement und Beteiligung",
    "Zusammenhalt und Begegnung",
    "Kommunikation und Konfliktmanagement",
];

fn pct() -> ValueFormat {
    ValueFormat {
        unit: "%".into(),
        decimals: 1,
    }
}

fn points() -> ValueFormat {
    ValueFormat {
        unit: String::new(),
        decimals: 0,
    }
}

/// Member `i`'s datum: index 3 missing, 8 insufficient, 5 provisional.
fn datum(i: usize, k: usize) -> Datum {
    match i {
        3 => Datum::Missing,
        8 => Datum::Insufficient,
        5 => Datum::Provisional(value(i, k)),
        _ => Datum::Value(value(i, k)),
    }
}

pub fn ranking(lang: Lang, n: usize) -> RankingSpec {
    let items = names(n)
        .into_iter()
        .enumerate()
        .map(|(i, name)| RankingItem {
            name: name.to_owned(),
            value: match datum(i, 0) {
                Datum::Value(v) => Datum::Value(v * 30.0),
                Datum::Provisional(v) => Datum::Provisional(v * 30.0),
                other => other,
            },
            selected: name == "Kaiserslautern",
        })
        .collect();
    RankingSpec {
        header: header(lang, "Einbürgerungen je 10.000 ausländische Einwohner", n),
        format: ValueFormat {
            unit: String::new(),
            decimals: 1,
        },
        order: Order::HighFirst,
        median: Some(1450.25),
        items,
    }
}

pub fn dot_plot(lang: Lang, n: usize) -> DotPlotSpec {
    DotPlotSpec {
        header: header(lang, "Ausländeranteil", n),
        format: pct(),
        order: Order::HighFirst,
        peer: Some(PeerBand {
            q1: 30.0,
            median: 48.5,
            q3: 66.0,
        }),
        items: names(n)
            .into_iter()
            .enumerate()
            .map(|(i, name)| RankingItem {
                name: name.to_owned(),
                value: datum(i, 1),
                selected: name == "Kaiserslautern",
            })
            .collect(),
    }
}

pub fn heatmap(lang: Lang, n: usize) -> HeatmapSpec {
    HeatmapSpec {
        header: header(lang, "Selbstcheck: Werte je Handlungsfeld", n),
        format: points(),
        columns: if lang.is_de() { FIELDS_DE } else { FIELDS_EN }
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        short_columns: if lang.is_de() { SHORT_DE } else { SHORT_EN }
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        rows: names(n)
            .into_iter()
            .enumerate()
            .map(|(i, name)| HeatmapRow {
                name: name.to_owned(),
                selected: name == "Kaiserslautern",
                cells: (0..7)
                    .map(|k| match (i + k) % 11 {
                        0 => Datum::Missing,
                        4 => Datum::Insufficient,
                        _ => Datum::Value(value(i, k)),
                    })
                    .collect(),
            })
            .collect(),
        domain: Some([0.0, 100.0]),
    }
}

pub fn radar(lang: Lang) -> RadarSpec {
    RadarSpec {
        header: header(lang, "Profil der Handlungsfelder", 21),
        format: points(),
        member: "Landkreis Teltow-Fläming".to_owned(),
        n_with_data: 19,
        range: [0.0, 100.0],
        axes: FIELDS_DE
            .iter()
            .enumerate()
            .map(|(k, label)| RadarAxis {
                label: (*label).to_owned(),
                value: match k {
                    2 => Datum::Insufficient,
                    5 => Datum::Provisional(58.0),
                    _ => Datum::Value(value(13, k)),
                },
                peer: Some(PeerBand {
                    q1: 35.0 + k as f64 * 2.0,
                    median: 50.0 + k as f64,
                    q3: 68.0 - k as f64,
                }),
            })
            .collect(),
    }
}

pub fn time_series(lang: Lang) -> TimeSeriesSpec {
    let members = [
        "Kaiserslautern",
        "Tübingen",
        "Würzburg",
        "Landkreis Teltow-Fläming",
        "Oldenburg (Oldb)",
    ];
    TimeSeriesSpec {
        header: Header {
            period: "2015–2023".into(),
            ..header(lang, "Beschäftigungsquote Ausländer", 21)
        },
        format: pct(),
        series: members
            .iter()
            .enumerate()
            .map(|(i, name)| Series {
                name: (*name).to_owned(),
                selected: i == 0,
                points: (2015..=2023)
                    .filter(|y| !(i == 1 && *y == 2019))
                    .map(|year| YearValue {
                        year,
                        value: match (i, year) {
                            (2, 2018) => Datum::Missing,
                            (_, 2023) => Datum::Provisional(40.0 + i as f64 * 3.0 + 8.0),
                            _ => Datum::Value(
                                38.0 + i as f64 * 3.0
                                    + f64::from(year - 2015) * (1.0 + i as f64 * 0.2),
                            ),
                        },
                    })
                    .collect(),
            })
            .collect(),
        median: (2015..=2022)
            .map(|year| YearValue {
                year,
                value: Datum::Value(44.0 + f64::from(year - 2015) * 1.3),
            })
            .collect(),
        breaks: Vec::new(),
    }
}

pub fn scatter(lang: Lang, n: usize) -> ScatterSpec {
    ScatterSpec {
        header: header(lang, "Beschäftigung und Einbürgerung", n),
        x: ScatterAxis {
            label: "Beschäftigungsquote Ausländer".into(),
            format: pct(),
        },
        y: ScatterAxis {
            label: "Einbürgerungsquote".into(),
            format: ValueFormat {
                unit: "%".into(),
                decimals: 2,
            },
        },
        points: names(n)
            .into_iter()
            .enumerate()
            .map(|(i, name)| ScatterPoint {
                name: name.to_owned(),
                x: datum(i, 2),
                y: match datum(i, 3) {
                    Datum::Value(v) => Datum::Value(v / 40.0),
                    Datum::Provisional(v) => Datum::Provisional(v / 40.0),
                    other => other,
                },
                selected: name == "Kaiserslautern",
            })
            .collect(),
    }
}

/// One spec of every kind.
pub fn all(lang: Lang, n: usize) -> Vec<ChartSpec> {
    vec![
        ChartSpec::Ranking(ranking(lang, n)),
        ChartSpec::Radar(radar(lang)),
        ChartSpec::Heatmap(heatmap(lang, n)),
        ChartSpec::TimeSeries(time_series(lang)),
        ChartSpec::DotPlot(dot_plot(lang, n)),
        ChartSpec::Scatter(scatter(lang, n)),
    ]
}
