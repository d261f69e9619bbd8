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
