//! Every real file of `tests/fixtures/realdata` ingests against the demo cohort with the values
//! the file holds for its members; expectations read off the files by hand (see the README there).

use super::*;
use crate::{SourceFormat, SourceVariable};

const CLASSIC: &str = "genesis_table/regionalstatistik_12411-01-01-4_kreise_bevoelkerung_2021.csv";
const MARKERS: &str =
    "genesis_flat/regionalstatistik_12411-01-01-4_kreise_bevoelkerung_ffcsv_marker_rows.csv";
const TAX: &str =
    "genesis_flat/regionalstatistik_73111-01-01-4_kreise_einkommensteuer_ffcsv_head200.csv";
const INKAR: &str = "inkar/inkar_export_wahlbeteiligung_kreise.csv";

fn variable(
    code: &str,
    label: &str,
    unit: Option<&str>,
    mapped_to: Option<&str>,
    rows: usize,
    cohort_rows: usize,
) -> SourceVariable {
    SourceVariable {
        code: code.to_owned(),
        label: label.to_owned(),
        unit: unit.map(str::to_owned),
        mapped_to: mapped_to.map(str::to_owned),
        rows,
        cohort_rows,
    }
}

#[test]
fn classic_genesis_table_gives_the_population_of_every_member_it_holds() {
    let ingested = run(&fixture(CLASSIC), &[]);
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    let expected: Vec<(String, String, i32, Option<f64>)> = [
        ("01003000", 216_277.0),
        ("03403000", 170_389.0),
        ("04012000", 113_173.0),
        ("05334002", 249_070.0),
        ("05911000", 363_441.0),
        ("06412000", 759_224.0),
        ("07312000", 99_292.0),
        ("08222000", 311_831.0),
        ("09174", 155_449.0),
        ("09762000", 45_118.0),
        ("10041100", 179_634.0),
        ("12054000", 183_154.0),
        ("12072", 172_545.0),
        ("13003000", 208_400.0),
        ("15001000", 78_731.0),
        ("16051000", 213_227.0),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), "bevoelkerung".to_owned(), 2021, Some(*v)))
    .collect();
    assert_eq!(values(&ingested), expected);
    let report = &ingested.report;
    assert_eq!(report.encoding, Some("windows-1252"));
    let source = report.source.as_ref().unwrap();
    assert_eq!(source.format, SourceFormat::GenesisTable);
    assert_eq!(source.table.as_deref(), Some("12411-01-01-4"));
    assert_eq!(
        source.title.as_deref(),
        Some(
            "Bevölkerung nach Geschlecht - Stichtag 31.12. - regionale Tiefe: Kreise und krfr. Städte"
        )
    );
    assert_eq!(source.stand.as_deref(), Some("10.07.2023"));
    // 538 data rows: 79 regions that no longer exist (every cell `-`), 443 other regions
    // (Germany, Länder, Bezirke, non-member Kreise, Berlin's districts), 16 members.
    assert_eq!(report.rows, 538);
    assert_eq!(source.defunct_regions, 79);
    assert_eq!(source.regions_outside_cohort, 443);
    assert_eq!(
        source.variables,
        vec![
            variable(
                "Bevölkerungsstand:=Insgesamt",
                "Bevölkerungsstand, Insgesamt",
                Some("Anzahl"),
                Some("bevoelkerung"),
                538,
                16
            ),
            variable(
                "Bevölkerungsstand:=männlich",
                "Bevölkerungsstand, männlich",
                Some("Anzahl"),
                None,
                538,
                16
            ),
            variable(
                "Bevölkerungsstand:=weiblich",
                "Bevölkerungsstand, weiblich",
                Some("Anzahl"),
                None,
                538,
                16
            ),
        ]
    );
    // The two unmapped variables are warnings that say how to map them.
    assert_eq!(
        warning_codes(&ingested),
        vec![Code::UnmappedVariable, Code::UnmappedVariable]
    );
    assert!(
        report.warnings[0]
            .message_en
            .contains("Bevölkerungsstand:=männlich=<indicator>")
    );
    let first = &ingested.observations[0];
    assert_eq!(
        first.source.as_deref(),
        Some("Regionaldatenbank 12411-01-01-4, Stand 10.07.2023")
    );
    assert!(
        first
            .note
            .as_deref()
            .unwrap()
            .starts_with("zu  \"gesamter Tabelle\":\nAlle Länder:")
    );
    let text = report.to_text();
    assert!(
        text.contains("source / Quelle: genesis-table 12411-01-01-4"),
        "{text}"
    );
    assert!(text.contains("Gebietseinheit besteht nicht: 79"), "{text}");
}

#[test]
fn flat_file_rows_of_regions_that_no_longer_exist_give_no_observation_and_are_counted() {
    let ingested = run(&fixture(MARKERS), &[]);
    assert!(ingested.observations.is_empty());
    let source = ingested.report.source.as_ref().unwrap();
    assert_eq!(source.format, SourceFormat::GenesisFlat);
    assert_eq!(source.statistic.as_deref(), Some("12411"));
    assert_eq!(source.table, None);
    assert_eq!(ingested.report.rows, 25);
    assert_eq!(source.defunct_regions, 22);
    assert_eq!(source.regions_outside_cohort, 0);
    assert_eq!(
        source.variables,
        vec![
            variable(
                "BEVSTD:GES=GESW",
                "Bevölkerungsstand, weiblich",
                Some("Anzahl"),
                None,
                7,
                0
            ),
            variable(
                "BEVSTD:GES=GESM",
                "Bevölkerungsstand, männlich",
                Some("Anzahl"),
                None,
                9,
                0
            ),
            variable(
                "BEVSTD:GES=",
                "Bevölkerungsstand, Insgesamt",
                Some("Anzahl"),
                Some("bevoelkerung"),
                9,
                0
            ),
        ]
    );
    // A file that yields nothing is refused, and says why.
    assert_eq!(errors(&ingested), vec![(Code::TableDimensions, None, None)]);
    assert!(
        ingested.report.errors[0]
            .message_en
            .contains("22 regions do not exist")
    );
    // Named as the API delivers it, the table id comes from the file name.
    let named = run_with(
        &fixture(MARKERS),
        Some("12411-01-01-4_20250331114455_de_flat.csv"),
        &[],
        &Limits::default(),
    );
    assert_eq!(
        named.report.source.as_ref().unwrap().table.as_deref(),
        Some("12411-01-01-4")
    );
}

#[test]
fn income_tax_flat_file_maps_two_of_three_variables_with_factors() {
    let ingested = run(
        &fixture(TAX),
        &[
            "LSNW01=steuerpflichtige*1",
            "EKF002=einkuenfte_mio_eur*0.001",
        ],
    );
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    let v = |k: &str, i: &str, x: f64| (k.to_owned(), i.to_owned(), 2021, Some(x));
    assert_eq!(
        values(&ingested),
        vec![
            v("01003000", "einkuenfte_mio_eur", 4408.658),
            v("01003000", "steuerpflichtige", 111_892.0),
            v("03403000", "einkuenfte_mio_eur", 4143.148),
            v("03403000", "steuerpflichtige", 93_040.0),
            v("13003000", "einkuenfte_mio_eur", 3948.942),
            v("13003000", "steuerpflichtige", 112_152.0),
        ]
    );
    let source = ingested.report.source.as_ref().unwrap();
    assert_eq!(ingested.report.rows, 199);
    assert_eq!(source.defunct_regions, 7);
    assert_eq!(source.regions_outside_cohort, 57);
    let mapped: Vec<_> = source
        .variables
        .iter()
        .map(|v| {
            (
                v.code.as_str(),
                v.unit.as_deref(),
                v.mapped_to.as_deref(),
                v.cohort_rows,
            )
        })
        .collect();
    assert_eq!(
        mapped,
        vec![
            ("LSNW01", Some("Anzahl"), Some("steuerpflichtige"), 3),
            ("LSNW02", Some("Tsd. EUR"), None, 3),
            ("EKF002", Some("Tsd. EUR"), Some("einkuenfte_mio_eur"), 3),
        ]
    );
    assert_eq!(warning_codes(&ingested), vec![Code::UnmappedVariable]);
    assert_eq!(
        ingested.observations[0].source.as_deref(),
        Some("GENESIS Statistik 73111")
    );
}

#[test]
fn inkar_export_gives_seven_election_years_per_member() {
    let ingested = run(
        &fixture(INKAR),
        &["Wahlbeteiligung=wahlbeteiligung_bundestag"],
    );
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    assert_eq!(ingested.observations.len(), 14 * 7);
    let kaiserslautern: Vec<_> = values(&ingested)
        .into_iter()
        .filter(|(k, ..)| k == "07312000")
        .map(|(_, _, year, value)| (year, value.unwrap()))
        .collect();
    assert_eq!(
        kaiserslautern,
        vec![
            (1994, 75.3),
            (1998, 76.6),
            (2002, 71.8),
            (2005, 70.2),
            (2009, 63.4),
            (2013, 64.2),
            (2017, 70.3)
        ]
    );
    let source = ingested.report.source.as_ref().unwrap();
    assert_eq!(source.format, SourceFormat::Inkar);
    assert_eq!(ingested.report.rows, 401);
    assert_eq!(source.regions_outside_cohort, 387);
    assert_eq!(
        source.variables,
        vec![variable(
            "Wahlbeteiligung",
            "Wahlbeteiligung",
            None,
            Some("wahlbeteiligung_bundestag"),
            2807,
            98
        )]
    );
    // INKAR states no unit: accepted with a warning naming the unit assumed.
    assert_eq!(warning_codes(&ingested), vec![Code::UnitNotStated]);
    assert!(ingested.report.warnings[0].message_en.contains("\"%\""));
    assert_eq!(
        ingested.observations[0].source.as_deref(),
        Some("INKAR (BBSR)")
    );
}

#[test]
fn flat_file_in_its_zip_is_read_through_the_zip_guard() {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("12411-01-01-4_20250331114455_de_flat.csv", options)
        .unwrap();
    zip.write_all(&flat(&[
        flat_row("07312", "", "99.845", "e"),
        flat_row("07312", "GESM", "49.000", "e"),
    ]))
    .unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let ingested = run(&bytes, &[]);
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    assert_eq!(
        values(&ingested),
        vec![(
            "07312000".into(),
            "bevoelkerung".into(),
            2024,
            Some(99_845.0)
        )]
    );
    let source = ingested.report.source.as_ref().unwrap();
    assert_eq!(source.table.as_deref(), Some("12411-01-01-4"));
    assert_eq!(
        ingested.observations[0].source.as_deref(),
        Some("Regionaldatenbank 12411-01-01-4")
    );
    // The zip guard's entry limit applies: at the limit read, one past refused.
    let limits = |n| Limits {
        max_zip_entries: n,
        ..Limits::default()
    };
    assert!(run_with(&bytes, None, &[], &limits(1)).is_accepted());
    assert_eq!(
        codes(&run_with(&bytes, None, &[], &limits(0))),
        vec![Code::ArchiveLimit]
    );
}

#[test]
fn a_member_uploading_the_national_table_keeps_only_its_own_rows() {
    let mut ctx = IngestContext::new(&TEST_CATALOGUE, &COHORT, 2025);
    ctx.principal = Some(vergleich_domain::Ags::parse("07312000").unwrap());
    let ingested = ingest(&fixture(CLASSIC), None, &ctx, &Limits::default());
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    assert_eq!(
        values(&ingested),
        vec![(
            "07312000".to_owned(),
            "bevoelkerung".to_owned(),
            2021,
            Some(99_292.0)
        )]
    );
    // The 15 other members' rows are counted, not errors; regions outside stay counted as before.
    let report = &ingested.report;
    assert_eq!(report.other_member_rows, 15);
    assert!(warning_codes(&ingested).contains(&Code::OtherMembersSkipped));
    assert_eq!(report.source.as_ref().unwrap().regions_outside_cohort, 443);
    assert_eq!(report.members.len(), 1);
}

#[test]
fn an_administrators_import_counts_the_values_of_each_member() {
    let ingested = run(&fixture(CLASSIC), &[]);
    let members = &ingested.report.members;
    assert_eq!(members.len(), 16);
    assert!(members.values().all(|n| *n == 1));
    assert_eq!(members.get("07312000"), Some(&1));
    assert_eq!(ingested.report.other_member_rows, 0);
}
