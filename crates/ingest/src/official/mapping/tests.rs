//! Mapping syntax, matching and the shipped `datasets/sources.csv`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

fn attrs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, v)| ((*a).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn user_mappings_parse_codes_filters_indicator_and_factor() {
    let mut m = SourceMappings::default();
    m.add_user("BEVSTD:GES==bevoelkerung*1").unwrap();
    m.add_user("Bevölkerungsstand:=Insgesamt=bevoelkerung")
        .unwrap();
    m.add_user("LSNW02=integrationsbudget_je_einwohner*0.001")
        .unwrap();
    let found = m
        .find(
            SourceFormat::GenesisFlat,
            &[],
            "BEVSTD",
            &attrs(&[("GES", "")]),
        )
        .unwrap();
    assert_eq!(found.indicator.as_str(), "bevoelkerung");
    assert_eq!(found.factor, Some(1.0));
    assert!(
        m.find(
            SourceFormat::GenesisFlat,
            &[],
            "BEVSTD",
            &attrs(&[("GES", "GESW")])
        )
        .is_none()
    );
    // A mapping without filters does not swallow a variable that has attributes.
    assert!(
        m.find(SourceFormat::GenesisFlat, &[], "BEVSTD", &[])
            .is_none()
    );
    let classic = m
        .find(
            SourceFormat::GenesisTable,
            &[],
            "Bevölkerungsstand",
            &attrs(&[("", "Insgesamt")]),
        )
        .unwrap();
    assert_eq!(classic.factor, None);
}

#[test]
fn bad_user_mappings_are_refused_with_the_reason() {
    let mut m = SourceMappings::default();
    let reason = |m: &mut SourceMappings, spec: &str| match m.add_user(spec) {
        Err(IngestError::Mapping { reason, .. }) => reason,
        other => panic!("{spec}: {other:?}"),
    };
    assert!(reason(&mut m, "BEVSTD").contains("=INDICATOR"));
    assert!(reason(&mut m, "BEVSTD=Bevoelkerung").contains("after the last"));
    assert!(reason(&mut m, "=bevoelkerung").contains("variable code"));
    assert!(reason(&mut m, "BEVSTD:GES=bevoelkerung").contains("GES=="));
    assert!(reason(&mut m, "BEVSTD:GES:X==bevoelkerung").contains("ATTR=VALUE"));
    assert!(reason(&mut m, "BEVSTD=bevoelkerung*0").contains("positive"));
    assert!(reason(&mut m, "BEVSTD=bevoelkerung*inf").contains("positive"));
    assert!(reason(&mut m, "BEVSTD:GES=:GES=GESM=bevoelkerung").contains("twice"));
    m.add_user("BEVSTD:GES==bevoelkerung").unwrap();
    assert!(reason(&mut m, " BEVSTD:GES==auslaenderanteil").contains("already mapped"));
}

#[test]
fn the_shipped_sources_csv_reads_and_names_catalogue_indicators() {
    let builtin = SourceMappings::builtin();
    assert_eq!(builtin.broken, None);
    assert!(!builtin.builtin_mappings().is_empty());
    let catalogue = &crate::tests::CATALOGUE;
    for m in builtin.builtin_mappings() {
        assert!(
            catalogue.indicator(&m.indicator).is_some(),
            "{:?} names an unknown indicator",
            m.origin
        );
    }
}

#[test]
fn sources_csv_problems_are_listed_with_row_and_column() {
    let text = "source,table,variable,filters,unit,factor,indicator,verified,comment\n\
                genesis-flat,12411,BEVSTD,GES=,Anzahl,1,bevoelkerung,yes,ok\n\
                genesis-xls,12411,,GES,,2,Bevoelkerung,maybe,bad\n";
    let Err(IngestError::SourcesCsv { problems }) = SourceMappings::from_csv(text) else {
        panic!("accepted");
    };
    let columns: Vec<&str> = problems
        .iter()
        .map(|p| {
            p.split("column ")
                .nth(1)
                .unwrap_or("")
                .split(':')
                .next()
                .unwrap_or("")
        })
        .collect();
    assert_eq!(
        columns,
        vec![
            "source",
            "variable",
            "filters",
            "unit",
            "indicator",
            "verified"
        ]
    );
    assert!(problems.iter().all(|p| p.starts_with("row 3")));
}
