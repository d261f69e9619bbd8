//! Official-statistics cases through the public entry point: the real files of
//! `tests/fixtures/realdata` against the demo cohort of `datasets/cohort.csv`, and synthetic
//! files at and one past every limit.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::LazyLock;

use vergleich_domain::{Catalogue, Observation};

use crate::tests::{COHORT, codes, errors, warning_codes};
use crate::{Code, IngestContext, Ingested, Limits, SourceMappings, ingest};

mod bad_input;
mod markers_and_mappings;
mod real_files;
mod scale;
mod xls_and_ba;

/// The real catalogue plus indicators the real sample files can feed (the catalogue itself has
/// none for income tax or Bundestag turnout).
pub(super) static TEST_CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    let extra = "\
steuerpflichtige,,context,Lohn- und Einkommensteuerpflichtige,Income tax payers,Test.,Test.,Personen,neutral,0,,Lohn- und Einkommensteuerstatistik,kreis,1
einkuenfte_mio_eur,,context,Gesamtbetrag der Einkünfte,Total income,Test.,Test.,Mio. EUR,neutral,0,,Lohn- und Einkommensteuerstatistik,kreis,1
wahlbeteiligung_bundestag,,context,Wahlbeteiligung Bundestagswahl,Federal election turnout,Test.,Test.,%,neutral,0,100,INKAR,kreis,1
";
    Catalogue::from_csv(
        include_str!("../../../../datasets/fields.csv"),
        &format!(
            "{}{extra}",
            include_str!("../../../../datasets/indicators.csv")
        ),
    )
    .unwrap()
});

pub(super) fn fixture(path: &str) -> Vec<u8> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/realdata/");
    std::fs::read(format!("{dir}{path}")).unwrap()
}

/// Ingests with the built-in mappings plus `user`, against the test catalogue and the cohort.
pub(super) fn run_with(
    bytes: &[u8],
    name: Option<&str>,
    user: &[&str],
    limits: &Limits,
) -> Ingested {
    let mappings = SourceMappings::with_user(user.iter().copied()).unwrap();
    let mut ctx = IngestContext::new(&TEST_CATALOGUE, &COHORT, 2025);
    ctx.mappings = &mappings;
    ingest(bytes, name, &ctx, limits)
}

pub(super) fn run(bytes: &[u8], user: &[&str]) -> Ingested {
    run_with(bytes, None, user, &Limits::default())
}

/// (municipality, indicator, year, value) of every observation, sorted.
pub(super) fn values(ingested: &Ingested) -> Vec<(String, String, i32, Option<f64>)> {
    let mut out: Vec<_> = ingested
        .observations
        .iter()
        .map(|o: &Observation| {
            (
                o.municipality.to_string(),
                o.indicator.to_string(),
                o.period.year(),
                o.value,
            )
        })
        .collect();
    out.sort_by(|a, b| a.partial_cmp(b).unwrap());
    out
}

/// A classic GENESIS table (Windows-1252) with `title` title-block lines, `header` header lines
/// and the data rows given (`key;name;insgesamt;männlich;weiblich`).
pub(super) fn classic(title: usize, header: usize, rows: &[&str]) -> Vec<u8> {
    let mut text = String::from("GENESIS-Tabelle: 12411-01-01-4\n");
    for i in 0..title.saturating_sub(2) {
        text.push_str(&format!("Titelzeile {i} der Tabelle;;;;\n"));
    }
    if title >= 2 {
        text.push_str("Fortschreibung des Bevölkerungsstandes;;;;\n");
    }
    if title >= 1 {
        text.push_str("Bevölkerungsstand (Anzahl);;;;\n");
    }
    let lines = [
        ";;Stichtag;Stichtag;Stichtag",
        ";;31.12.2021;31.12.2021;31.12.2021",
        ";;Insgesamt;männlich;weiblich",
    ];
    let extra = header.saturating_sub(3);
    for _ in 0..extra {
        text.push_str(";;Stichtag;Stichtag;Stichtag\n");
    }
    for line in &lines[3 - header.min(3)..] {
        text.push_str(line);
        text.push('\n');
    }
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text.push_str("\n__________\n\"Fußnote mit \"\"Zitat\"\"\nüber zwei Zeilen.\"\n");
    text.push_str("\"© Statistische Ämter des Bundes und der Länder, Deutschland, 2023.\"\n");
    text.push_str("Stand: 10.07.2023 / 16:44:50\n");
    encoding_rs::WINDOWS_1252.encode(&text).0.into_owned()
}

pub(super) const FLAT_HEADER: &str = "\u{feff}statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;2_variable_attribute_code;2_variable_attribute_label;value;value_unit;value_variable_code;value_variable_label;value_q\n";

/// A flat-file row of table 12411 with value_q: key, sex attribute (`GESM`, `GESW` or empty),
/// value and quality mark.
pub(super) fn flat_row(key: &str, sex: &str, value: &str, q: &str) -> String {
    format!(
        "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;2024-12-31;KREISE;Kreise und kreisfreie Städte;{key};Name;GES;Geschlecht;{sex};x;{value};Anzahl;BEVSTD;Bevölkerungsstand;{q}\n"
    )
}

pub(super) fn flat(rows: &[String]) -> Vec<u8> {
    let mut text = FLAT_HEADER.to_owned();
    for row in rows {
        text.push_str(row);
    }
    text.into_bytes()
}

#[test]
fn ordinary_uploads_still_use_the_column_mapping() {
    let ingested =
        crate::tests::run(b"Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2023;17,5\n");
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    assert!(ingested.report.source.is_none());
    // A header that merely starts like an official one is an ordinary CSV.
    let ordinary =
        crate::tests::run(b"Kennziffer;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2023;17,5\n");
    assert!(ordinary.report.source.is_none());
}
