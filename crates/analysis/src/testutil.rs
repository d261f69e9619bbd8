//! Builders for hand-computed test data: members, indicators, observations and groups.

use vergleich_domain::{
    Ags, Catalogue, Cohort, Indicator, IndicatorId, IndicatorKind, Level, MissingReason,
    Observation, Period, Polarity, Status,
};

use crate::group::{GroupDefinition, GroupMember, PeerGroup};

/// Key of test member `i` (1-based): 01000001, 01000002, …
pub fn key(i: usize) -> Ags {
    Ags::parse(&format!("010000{i:02}")).unwrap()
}

pub fn indicator(id: &str, field: Option<&str>, polarity: Polarity, unit: &str) -> Indicator {
    Indicator {
        id: IndicatorId::parse(id).unwrap(),
        field: field.map(|f| vergleich_domain::FieldId::parse(f).unwrap()),
        kind: if field.is_some() {
            IndicatorKind::Statistic
        } else {
            IndicatorKind::Context
        },
        label_de: id.into(),
        label_en: id.into(),
        definition_de: String::new(),
        definition_en: String::new(),
        unit: unit.into(),
        polarity,
        min: None,
        max: None,
        source: String::new(),
        level: Level::Kommune,
        definition_version: 1,
    }
}

pub fn value(member: usize, indicator: &str, year: i32, value: f64) -> Observation {
    Observation {
        municipality: key(member),
        indicator: IndicatorId::parse(indicator).unwrap(),
        period: Period::new(year).unwrap(),
        value: Some(value),
        status: Status::A,
        missing_reason: None,
        note: None,
        source: None,
    }
}

pub fn missing(member: usize, indicator: &str, year: i32, reason: MissingReason) -> Observation {
    Observation {
        value: None,
        status: Status::M,
        missing_reason: Some(reason),
        ..value(member, indicator, year, 0.0)
    }
}

/// A custom group of members 1..=n named "M1", "M2", …
pub fn group(n: usize) -> PeerGroup {
    PeerGroup {
        id: "test".into(),
        label_de: "Test".into(),
        label_en: "test".into(),
        definition: GroupDefinition::Custom,
        members: (1..=n)
            .map(|i| GroupMember {
                key: key(i),
                name: format!("M{i}"),
                reason_de: String::new(),
                reason_en: String::new(),
                distance: None,
                context: Vec::new(),
            })
            .collect(),
    }
}

fn dataset(name: &str) -> String {
    let path = format!("{}/../../datasets/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The shipped catalogue, cohort and demo observations (regenerated when the file is absent).
pub fn demo() -> (Catalogue, Cohort, Vec<Observation>) {
    let catalogue =
        Catalogue::from_csv(&dataset("fields.csv"), &dataset("indicators.csv")).unwrap();
    let cohort = Cohort::from_csv(&dataset("cohort.csv")).unwrap();
    let path = format!(
        "{}/../../datasets/demo/observations.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let observations = match std::fs::read_to_string(path) {
        Ok(text) => vergleich_domain::demo::from_csv("observations.csv", &text).unwrap(),
        Err(_) => {
            let anchors =
                vergleich_domain::demo::anchors_from_csv(&dataset("demo/anchors.csv")).unwrap();
            vergleich_domain::demo::generate(
                &catalogue,
                &cohort,
                &anchors,
                vergleich_domain::demo::DEMO_SEED,
            )
        }
    };
    (catalogue, cohort, observations)
}

/// A catalogue with one field `f`: `a` (higher is better, %), `b` (lower is better, %) and `c`
/// (neutral), plus the context indicator `pop`.
pub fn small_catalogue() -> Catalogue {
    Catalogue {
        fields: vec![vergleich_domain::Field {
            id: vergleich_domain::FieldId::parse("f").unwrap(),
            position: 1,
            label_de: "Zusammenhalt und Begegnung".into(),
            label_en: "cohesion and encounter".into(),
            description_de: String::new(),
            description_en: String::new(),
            short_de: String::new(),
            short_en: String::new(),
            archived: false,
        }],
        indicators: vec![
            indicator("a", Some("f"), Polarity::HigherIsBetter, "%"),
            indicator("b", Some("f"), Polarity::LowerIsBetter, "%"),
            indicator("c", Some("f"), Polarity::Neutral, "%"),
            indicator("pop", None, Polarity::Neutral, "Personen"),
        ],
    }
}

/// a: M1 0, M2 50, M3 100; b: M1 10, M2 30, M3 missing; c: M1 1 (2020).
pub fn small_observations() -> Vec<Observation> {
    vec![
        value(1, "a", 2020, 0.0),
        value(2, "a", 2020, 50.0),
        value(3, "a", 2020, 100.0),
        value(1, "b", 2020, 10.0),
        value(2, "b", 2020, 30.0),
        missing(3, "b", 2020, MissingReason::Skipped),
        value(1, "c", 2020, 1.0),
    ]
}
