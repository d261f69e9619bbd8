//! INKAR's legacy `.xls` and the tables of the Statistik der Bundesagentur für Arbeit: detection
//! (the report names the format), values of cohort members, the markers, regions outside the
//! cohort, unmapped variables, and bad input. Fixtures: `tests/fixtures/generated` (the INKAR
//! `.xls` holds real INKAR rows; the BA workbook is synthetic, modelled on the BA layout).

use rust_xlsxwriter::{Format as XFormat, Workbook};
use vergleich_domain::{MissingReason, Status};

use super::*;
use crate::{Format, SourceFormat};

const INKAR_XLS: &str = "inkar_export_wahlbeteiligung_kreise_subset.xls";
const NOT_INKAR_XLS: &str = "not_inkar.xls";
const BA: &str = "ba_beschaeftigungsquoten_staatsangehoerigkeit_synthetic.xlsx";
const TURNOUT: &str = "Wahlbeteiligung=wahlbeteiligung_bundestag";

fn generated(name: &str) -> Vec<u8> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/generated/");
    std::fs::read(format!("{dir}{name}")).unwrap()
}

#[test]
fn inkar_xls_gives_the_values_of_the_csv_export_for_its_members() {
    let ingested = run(&generated(INKAR_XLS), &[TURNOUT]);
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    let report = &ingested.report;
    assert_eq!(report.format, Format::Xls);
    let source = report.source.as_ref().unwrap();
    assert_eq!(source.format, SourceFormat::Inkar);
    // Lübeck, Bochum, Kaiserslautern, Dachau, Potsdam; Flensburg, Düsseldorf, the Städteregion
    // Aachen (not the member town Aachen), Frankenthal and Berlin lie outside.
    assert_eq!(report.rows, 10);
    assert_eq!(source.regions_outside_cohort, 5);
    assert_eq!(source.variables[0].rows, 70);
    assert_eq!(source.variables[0].cohort_rows, 35);
    assert_eq!(warning_codes(&ingested), vec![Code::UnitNotStated]);
    // The same members in the real CSV export hold the same numbers.
    let csv = run(
        &fixture("inkar/inkar_export_wahlbeteiligung_kreise.csv"),
        &[TURNOUT],
    );
    let members = ["01003000", "05911000", "07312000", "09174", "12054000"];
    let from_csv: Vec<_> = values(&csv)
        .into_iter()
        .filter(|(k, ..)| members.contains(&k.as_str()))
        .collect();
    assert_eq!(values(&ingested), from_csv);
    assert!(values(&ingested).contains(&(
        "07312000".into(),
        "wahlbeteiligung_bundestag".into(),
        2017,
        Some(70.3)
    )));
    assert_eq!(
        ingested.observations[0].source.as_deref(),
        Some("INKAR (BBSR)")
    );
}

#[test]
fn inkar_xls_without_a_mapping_warns_with_the_mapping_to_write() {
    let ingested = run(&generated(INKAR_XLS), &[]);
    assert_eq!(codes(&ingested), vec![Code::TableDimensions]);
    assert_eq!(warning_codes(&ingested), vec![Code::UnmappedVariable]);
    assert!(
        ingested.report.warnings[0]
            .message_en
            .contains("\"Wahlbeteiligung=<indicator>\"")
    );
}

#[test]
fn an_xls_that_is_not_inkar_is_refused_as_every_xls() {
    let refused = |bytes: &[u8]| {
        let ingested = run(bytes, &[]);
        assert_eq!(codes(&ingested), vec![Code::UnsupportedFormat]);
        assert!(
            ingested.report.errors[0]
                .message_en
                .contains("XLS (97–2003)")
        );
        assert!(ingested.report.source.is_none());
    };
    refused(&generated(NOT_INKAR_XLS));
    // Cut, or only the magic: calamine cannot read it, the guard refuses it first.
    let inkar = generated(INKAR_XLS);
    refused(&inkar[..inkar.len() / 2]);
    refused(&crate::official::xls::MAGIC);
    // An INKAR sheet larger than the cell limit is refused before calamine builds it.
    let small = Limits {
        max_sheet_cells: 100,
        ..Limits::default()
    };
    let ingested = run_with(&inkar, None, &[TURNOUT], &small);
    assert_eq!(codes(&ingested), vec![Code::UnsupportedFormat]);
    assert!(
        run_with(
            &inkar,
            None,
            &[TURNOUT],
            &Limits {
                max_sheet_cells: 120,
                ..Limits::default()
            }
        )
        .is_accepted()
    );
}

#[test]
fn ba_table_gives_the_quotas_of_its_members_and_keeps_secret_values_missing() {
    let ingested = run(&generated(BA), &[]);
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    let report = &ingested.report;
    assert_eq!(report.format, Format::Xlsx);
    assert_eq!(report.sheet.as_deref(), Some("Tabelle 1"));
    let source = report.source.as_ref().unwrap();
    assert_eq!(source.format, SourceFormat::Ba);
    assert_eq!(
        source.title.as_deref(),
        Some("Beschäftigungsquoten nach Staatsangehörigkeit (Wohnortprinzip)")
    );
    assert_eq!(source.stand.as_deref(), Some("15.01.2025"));
    let got: Vec<_> = ingested
        .observations
        .iter()
        .map(|o| {
            (
                o.municipality.as_str(),
                o.indicator.as_str(),
                o.period.year(),
                o.value,
                o.status,
                o.missing_reason,
            )
        })
        .collect();
    let (a, d) = (
        "beschaeftigungsquote_auslaender",
        "beschaeftigungsquote_deutsche",
    );
    let ok = |k, i, v| (k, i, 2024, Some(v), Status::A, None);
    assert_eq!(
        got,
        vec![
            ok("05911000", d, 59.8),
            ok("05911000", a, 33.9),
            ok("07312000", d, 59.9),
            ok("07312000", a, 38.2),
            ok("09174", d, 70.8),
            ok("09174", a, 55.6),
            ok("09762000", d, 68.2),
            (
                "09762000",
                a,
                2024,
                None,
                Status::M,
                Some(MissingReason::Secret)
            ),
        ]
    );
    // Deutschland, Westdeutschland, Ostdeutschland, three Länder, Düsseldorf, Aachen's
    // Städteregion and Frankenthal lie outside.
    assert_eq!(report.rows, 13);
    assert_eq!(source.regions_outside_cohort, 9);
    assert_eq!(source.defunct_regions, 0);
    let mapped: Vec<_> = source
        .variables
        .iter()
        .map(|v| {
            (
                v.code.as_str(),
                v.unit.as_deref(),
                v.mapped_to.as_deref(),
                v.rows,
                v.cohort_rows,
            )
        })
        .collect();
    assert_eq!(
        mapped,
        vec![
            ("Beschäftigungsquote:=Insgesamt", Some("%"), None, 11, 4),
            ("Beschäftigungsquote:=Deutsche", Some("%"), Some(d), 11, 4),
            ("Beschäftigungsquote:=Ausländer", Some("%"), Some(a), 11, 4),
        ]
    );
    assert_eq!(warning_codes(&ingested), vec![Code::UnmappedVariable]);
    let first = &ingested.observations[0];
    assert_eq!(
        first.source.as_deref(),
        Some(
            "Statistik der Bundesagentur für Arbeit: Beschäftigungsquoten nach Staatsangehörigkeit (Wohnortprinzip), Stand 15.01.2025"
        )
    );
    assert!(first.note.as_deref().unwrap().starts_with("*) Aus Gründen"));
    assert!(report.to_text().contains("source / Quelle: ba"));
}

/// A BA table with one value column per period and the variable in the title.
fn periods_as_columns(rows: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Arbeitslose").unwrap();
    let date = XFormat::new().set_num_format("dd.mm.yyyy");
    let titles = [
        "Arbeitslosenquote Ausländer",
        "Kreise und kreisfreie Städte",
        "Statistik der Bundesagentur für Arbeit",
    ];
    for (r, t) in titles.iter().enumerate() {
        sheet.write_string(r as u32, 0, *t).unwrap();
    }
    sheet.write_string(4, 0, "Region").unwrap();
    sheet.write_string(4, 1, "Dezember 2023").unwrap();
    // 30.06.2024 as an Excel date cell.
    sheet
        .write_number_with_format(4, 2, 45_473.0, &date)
        .unwrap();
    // A month not yet published: the column holds no value and is not read.
    sheet.write_string(4, 3, "Jun 2025").unwrap();
    let mut r = 5;
    for (region, a, b) in rows {
        sheet.write_string(r, 0, *region).unwrap();
        for (c, v) in [(1, a), (2, b)] {
            match v.replace(',', ".").parse::<f64>() {
                Ok(n) => sheet.write_number(r, c, n).unwrap(),
                Err(_) => sheet.write_string(r, c, *v).unwrap(),
            };
        }
        r += 1;
    }
    sheet
        .write_string(r + 1, 0, "© Statistik der Bundesagentur für Arbeit")
        .unwrap();
    sheet
        .write_string(r + 2, 0, "Erstellungsdatum: 03.02.2025")
        .unwrap();
    book.save_to_buffer().unwrap()
}

const QUOTE: &str = "Arbeitslosenquote Ausländer=arbeitslosenquote_auslaender";

#[test]
fn ba_periods_as_columns_give_calendar_years_and_the_genesis_marker_rules() {
    let bytes = periods_as_columns(&[
        ("07312 Kaiserslautern, Stadt", "12,5", "13,1"),
        ("09174 Dachau", "x", "4,2"),
        ("12054 Potsdam, Stadt", "-", "3"),
        ("01003 Lübeck, Stadt", "-", "-"),
        ("05111 Düsseldorf, Stadt", "11,9", "*"),
    ]);
    let ingested = run(&bytes, &[QUOTE]);
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    let got: Vec<_> = ingested
        .observations
        .iter()
        .map(|o| {
            (
                o.municipality.as_str(),
                o.period.year(),
                o.value,
                o.missing_reason,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("07312000", 2023, Some(12.5), None),
            ("07312000", 2024, Some(13.1), None),
            ("09174", 2023, None, Some(MissingReason::NotMeaningful)),
            ("09174", 2024, Some(4.2), None),
            ("12054000", 2023, Some(0.0), None),
            ("12054000", 2024, Some(3.0), None),
        ]
    );
    let source = ingested.report.source.as_ref().unwrap();
    // Lübeck's row is `-` throughout: a region that does not exist then, no observation.
    assert_eq!(source.defunct_regions, 1);
    assert_eq!(source.regions_outside_cohort, 1);
    assert_eq!(source.stand.as_deref(), Some("03.02.2025"));
    assert_eq!(source.variables.len(), 1);
    assert_eq!(source.variables[0].code, "Arbeitslosenquote Ausländer");
    // The table states no unit: taken as the indicator's, with a warning.
    assert_eq!(warning_codes(&ingested), vec![Code::UnitNotStated]);
    // Without the mapping nothing is taken, and the warning names the mapping to write.
    let unmapped = run(&bytes, &[]);
    assert_eq!(warning_codes(&unmapped), vec![Code::UnmappedVariable]);
    assert!(
        unmapped.report.warnings[0]
            .message_en
            .contains("\"Arbeitslosenquote Ausländer=<indicator>\"")
    );
}

#[test]
fn a_ba_region_cell_without_a_key_is_refused_at_its_cell() {
    let bytes = periods_as_columns(&[
        ("07312 Kaiserslautern, Stadt", "12,5", "13,1"),
        ("Düsseldorf, Stadt", "11,9", "12,0"),
    ]);
    let ingested = run(&bytes, &[QUOTE]);
    assert_eq!(
        errors(&ingested),
        vec![(Code::TypeError, Some(7), Some("A".into()))]
    );
    assert!(
        ingested.report.errors[0]
            .message_en
            .contains("no regional key")
    );
    assert!(ingested.observations.is_empty());
    assert_eq!(
        ingested.report.source.as_ref().unwrap().format,
        SourceFormat::Ba
    );
}

#[test]
fn two_ba_columns_in_one_year_are_refused_and_ordinary_workbooks_stay_ordinary() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let cells = [
        ["Arbeitslose", "", ""],
        ["Statistik der Bundesagentur für Arbeit", "", ""],
        ["Region", "Juni 2024", "Dezember 2024"],
        ["07312 Kaiserslautern, Stadt", "3 900", "4 100"],
    ];
    for (r, row) in cells.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    let ingested = run(&book.save_to_buffer().unwrap(), &[]);
    assert_eq!(
        errors(&ingested),
        vec![(Code::TypeError, Some(3), Some("C".into()))]
    );
    assert!(
        ingested.report.errors[0]
            .message_en
            .contains("same year 2024")
    );
    // A workbook without the BA's line is read as an ordinary upload.
    let ordinary = crate::tests::fixtures::xlsx(&[(
        "Daten",
        vec![
            vec![
                crate::tests::fixtures::s("Kommune"),
                crate::tests::fixtures::s("Indikator"),
                crate::tests::fixtures::s("Jahr"),
                crate::tests::fixtures::s("Wert"),
            ],
            vec![
                crate::tests::fixtures::s("07312000 Kaiserslautern"),
                crate::tests::fixtures::s("auslaenderanteil"),
                crate::tests::fixtures::C::N(2023.0),
                crate::tests::fixtures::C::N(17.5),
            ],
        ],
    )]);
    assert!(run(&ordinary, &[]).report.source.is_none());
}
