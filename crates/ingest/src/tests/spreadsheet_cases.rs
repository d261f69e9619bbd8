//! RELIABILITY.md cases for XLSX and ODS: the same table as CSV, wrong names, corrupt and
//! truncated files, several sheets, Excel error cells, lost leading zeros, zip guards and
//! untrusted geometry.

use super::fixtures::{
    C, long_rows, ods, ods_content_xml, ods_from_tables, ods_table, ods_with_content, s, xlsx,
    zip_of_zeros,
};
use super::*;

const CSV_TWIN: &[u8] = b"Kommune;Indikator;Jahr;Wert;Status\n07312000;auslaenderanteil;2023;12,5;A\n07312000;bevoelkerung;2023;100000;\n01003000;einbuergerungsquote;2022;.;\n";

#[test]
fn xlsx_and_ods_give_the_same_observations_as_csv() {
    let csv = run(CSV_TWIN);
    assert!(csv.is_accepted(), "{}", csv.report.to_text());
    let x = run(&xlsx(&[("Daten", long_rows())]));
    assert!(x.is_accepted(), "{}", x.report.to_text());
    assert_eq!(x.report.format, Format::Xlsx);
    assert_eq!(x.report.sheet.as_deref(), Some("Daten"));
    assert_eq!(x.observations, csv.observations);
    let o = run(&ods(&[("Daten", long_rows())]));
    assert!(o.is_accepted(), "{}", o.report.to_text());
    assert_eq!(o.report.format, Format::Ods);
    assert_eq!(o.observations, csv.observations);
}

#[test]
fn csv_name_with_xlsx_bytes_and_the_reverse_are_mismatches_naming_both() {
    let out = ingest(
        &xlsx(&[("Daten", long_rows())]),
        Some("werte.csv"),
        &ctx(),
        &Limits::default(),
    );
    assert_eq!(out.report.format, Format::Xlsx);
    assert_eq!(codes(&out), vec![Code::FileNameMismatch]);
    let out = ingest(CSV_TWIN, Some("werte.xlsx"), &ctx(), &Limits::default());
    assert_eq!(out.report.format, Format::Csv);
    assert_eq!(codes(&out), vec![Code::FileNameMismatch]);
    let out = ingest(
        &ods(&[("Daten", long_rows())]),
        Some("werte.xlsx"),
        &ctx(),
        &Limits::default(),
    );
    assert_eq!(codes(&out), vec![Code::FileNameMismatch]);
}

#[test]
fn corrupt_and_truncated_workbooks_are_format_errors() {
    let good = xlsx(&[("Daten", long_rows())]);
    for cut in [good.len() / 2, good.len() - 10, 40] {
        let out = run(&good[..cut]);
        assert_eq!(codes(&out), vec![Code::FormatError], "cut at {cut}");
    }
    let mut flipped = good.clone();
    let middle = flipped.len() / 3;
    for b in &mut flipped[middle..middle + 64] {
        *b ^= 0x5A;
    }
    assert_eq!(codes(&run(&flipped)), vec![Code::FormatError]);
    let good_ods = ods(&[("Daten", long_rows())]);
    assert_eq!(
        codes(&run(&good_ods[..good_ods.len() / 2])),
        vec![Code::FormatError]
    );
}

#[test]
fn data_sheet_is_found_among_several_and_other_data_sheets_are_warned_about() {
    let notes = vec![vec![s("Erläuterungen")], vec![s("Bitte Werte eintragen")]];
    let out = run(&xlsx(&[
        ("Hinweise", notes.clone()),
        ("Daten", long_rows()),
    ]));
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.report.sheet.as_deref(), Some("Daten"));
    assert!(out.report.warnings.is_empty());
    let out = run(&xlsx(&[("2023", long_rows()), ("2022", long_rows())]));
    assert_eq!(warning_codes(&out), vec![Code::OtherSheetsIgnored]);
    let out = run(&ods(&[("Hinweise", notes), ("Daten", long_rows())]));
    assert_eq!(out.report.sheet.as_deref(), Some("Daten"));
}

#[test]
fn title_lines_above_the_header_are_skipped_and_rows_keep_sheet_numbers() {
    let mut rows = vec![vec![s("Integrationsmonitoring Kaiserslautern")], vec![]];
    rows.extend(long_rows());
    rows[4][3] = s("zwölf");
    let out = run(&xlsx(&[("Daten", rows)]));
    assert_eq!(
        errors(&out),
        vec![(Code::TypeError, Some(5), Some("D".into()))]
    );
}

#[test]
fn excel_error_cells_are_type_errors() {
    let mut rows = long_rows();
    rows[1][3] = C::Err("#DIV/0!");
    let out = run(&xlsx(&[("Daten", rows.clone())]));
    assert_eq!(
        errors(&out),
        vec![(Code::TypeError, Some(2), Some("D".into()))]
    );
    assert_eq!(out.report.errors[0].value.as_deref(), Some("#DIV/0!"));
    let out = run(&ods(&[("Daten", rows)]));
    assert_eq!(
        errors(&out),
        vec![(Code::TypeError, Some(2), Some("D".into()))]
    );
}

/// Runs the upload on a thread and gives up after `seconds`: a hang fails the test, not the suite.
fn run_within(bytes: Vec<u8>, seconds: u64) -> Option<Ingested> {
    let (done, answer) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(run(&bytes)));
    answer
        .recv_timeout(std::time::Duration::from_secs(seconds))
        .ok()
}

#[test]
fn ods_content_that_ends_inside_a_table_is_refused_instead_of_hanging_the_reader() {
    // Found by the sheet_xml fuzz target: calamine waits for `</table:table>` past the end of
    // the file, forever.
    let fuzzed = r#"<table:table table:name="Ht"><>c"#;
    let full = ods_content_xml(&[ods_table("Daten", &long_rows(), "")]);
    let cut = &full[..full.rfind("</table:table>").unwrap()];
    for content in [fuzzed, cut] {
        let out = run_within(ods_with_content(content), 10).expect("an answer within 10 s");
        assert_eq!(codes(&out), vec![Code::FormatError], "{content}");
    }
}

#[test]
fn numeric_key_that_lost_its_leading_zero_is_an_error_with_the_hint() {
    let mut rows = long_rows();
    rows[1][0] = C::N(7_312_000.0);
    rows[2][0] = C::N(12_054_000.0);
    let out = run(&xlsx(&[("Daten", rows)]));
    assert_eq!(
        errors(&out),
        vec![(Code::TypeError, Some(2), Some("A".into()))]
    );
    assert!(
        out.report.errors[0]
            .message_de
            .contains("Spalte als Text formatieren")
    );
}

#[test]
fn declared_million_row_geometry_is_never_laid_out_densely() {
    let mut rows = long_rows();
    rows.resize(1_000_000, Vec::new());
    rows.push(vec![
        s("07312000"),
        s("auslaenderanteil"),
        C::N(2021.0),
        C::N(11.0),
    ]);
    let bytes = xlsx(&[("Daten", rows)]);
    let started = std::time::Instant::now();
    let out = run(&bytes);
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.observations.len(), 4);
    assert!(started.elapsed().as_secs() < 5);
    let wide = vec![vec![s("Kommune"), s("Indikator")], {
        let mut row = vec![C::Blank; 16_383];
        row.push(C::N(1.0));
        row
    }];
    assert_eq!(
        codes(&run(&xlsx(&[("Daten", wide)]))),
        vec![Code::TableDimensions]
    );
}

#[test]
fn ods_repeated_rows_with_values_are_refused_but_trailing_empty_repeats_are_fine() {
    let trailing = ods_table(
        "Daten",
        &long_rows(),
        "<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>",
    );
    let out = run(&ods_from_tables(&[trailing]));
    assert!(out.is_accepted(), "{}", out.report.to_text());
    let bomb = ods_table(
        "Daten",
        &long_rows(),
        "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"1000\" office:value-type=\"float\" office:value=\"1\"/></table:table-row>",
    );
    assert_eq!(
        codes(&run(&ods_from_tables(&[bomb]))),
        vec![Code::TableDimensions]
    );
}

#[test]
fn zip_limits_hold_at_the_limit_and_fail_one_past_it() {
    let bytes = xlsx(&[("Daten", long_rows())]);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let entries = archive.len();
    let total: u64 = (0..entries)
        .map(|i| archive.by_index(i).unwrap().size())
        .sum();
    let with = |limits: Limits| ingest(&bytes, None, &ctx(), &limits);
    let base = Limits::default();
    assert!(
        with(Limits {
            max_zip_entries: entries,
            ..base.clone()
        })
        .is_accepted()
    );
    assert_eq!(
        codes(&with(Limits {
            max_zip_entries: entries - 1,
            ..base.clone()
        })),
        vec![Code::ArchiveLimit]
    );
    assert!(
        with(Limits {
            max_decompressed_bytes: total,
            ..base.clone()
        })
        .is_accepted()
    );
    assert_eq!(
        codes(&with(Limits {
            max_decompressed_bytes: total - 1,
            ..base.clone()
        })),
        vec![Code::ArchiveLimit]
    );
    let bomb = zip_of_zeros(8 << 20);
    assert_eq!(codes(&run(&bomb)), vec![Code::ArchiveLimit]);
}

#[test]
fn row_and_column_limits_apply_to_spreadsheets_too() {
    let bytes = xlsx(&[("Daten", long_rows())]);
    let with = |limits: Limits| ingest(&bytes, None, &ctx(), &limits);
    let base = Limits::default();
    assert!(
        with(Limits {
            max_rows: 3,
            ..base.clone()
        })
        .is_accepted()
    );
    assert_eq!(
        errors(&with(Limits {
            max_rows: 2,
            ..base.clone()
        })),
        vec![(Code::TableDimensions, Some(4), None)]
    );
    assert!(
        with(Limits {
            max_columns: 5,
            ..base.clone()
        })
        .is_accepted()
    );
    assert_eq!(
        codes(&with(Limits {
            max_columns: 4,
            ..base
        })),
        vec![Code::TableDimensions]
    );
}

#[test]
fn validation_errors_have_the_same_codes_and_cells_in_csv_xlsx_and_ods() {
    let csv = b"Kommune;Indikator;Jahr;Wert\n99999999;auslaenderanteil;2023;1\n07312000;erfunden;2023;1\n07312000;einbuergerungsquote;2026;1\n07312000;einbuergerungsquote;2023;100,5\n07312000;auslaenderanteil;2023;NaN\n07312000;auslaenderanteil;2023;2\n";
    let rows = vec![
        vec![s("Kommune"), s("Indikator"), s("Jahr"), s("Wert")],
        vec![
            s("99999999"),
            s("auslaenderanteil"),
            C::N(2023.0),
            C::N(1.0),
        ],
        vec![s("07312000"), s("erfunden"), C::N(2023.0), C::N(1.0)],
        vec![
            s("07312000"),
            s("einbuergerungsquote"),
            C::N(2026.0),
            C::N(1.0),
        ],
        vec![
            s("07312000"),
            s("einbuergerungsquote"),
            C::N(2023.0),
            C::N(100.5),
        ],
        vec![s("07312000"), s("auslaenderanteil"), C::N(2023.0), s("NaN")],
        vec![
            s("07312000"),
            s("auslaenderanteil"),
            C::N(2023.0),
            C::N(2.0),
        ],
    ];
    let expected = vec![
        (Code::ForeignKey, Some(2), Some("A".to_owned())),
        (Code::ForeignKey, Some(3), Some("B".to_owned())),
        (Code::ConstraintError, Some(4), Some("C".to_owned())),
        (Code::ConstraintError, Some(5), Some("D".to_owned())),
        (Code::TypeError, Some(6), Some("D".to_owned())),
    ];
    assert_eq!(errors(&run(csv)), expected);
    assert_eq!(errors(&run(&xlsx(&[("Daten", rows.clone())]))), expected);
    assert_eq!(errors(&run(&ods(&[("Daten", rows)]))), expected);
}

#[test]
fn sheet_cell_limit_holds_at_the_limit_and_fails_one_past_it() {
    // long_rows() is 4 rows by 5 columns: 20 cells laid out densely, 18 of them filled.
    let bytes = ods(&[("Daten", long_rows())]);
    let with = |max_sheet_cells| {
        ingest(
            &bytes,
            None,
            &ctx(),
            &Limits {
                max_sheet_cells,
                ..Limits::default()
            },
        )
    };
    assert!(with(20).is_accepted());
    assert_eq!(codes(&with(19)), vec![Code::TableDimensions]);
    let bytes = xlsx(&[("Daten", long_rows())]);
    let with = |max_sheet_cells| {
        ingest(
            &bytes,
            None,
            &ctx(),
            &Limits {
                max_sheet_cells,
                ..Limits::default()
            },
        )
    };
    assert!(with(18).is_accepted());
    assert_eq!(codes(&with(17)), vec![Code::TableDimensions]);
}

#[test]
fn header_problems_below_a_title_line_are_reported_in_the_header_row() {
    let rows = vec![
        vec![s("Integrationsmonitoring")],
        vec![],
        vec![
            s("Kommune"),
            s("Indikator"),
            s("Jahr"),
            s("Wert"),
            s("Wert"),
        ],
        vec![
            s("07312000"),
            s("auslaenderanteil"),
            C::N(2023.0),
            C::N(1.0),
            C::N(1.0),
        ],
    ];
    let out = run(&xlsx(&[("Daten", rows)]));
    assert_eq!(
        errors(&out),
        vec![(Code::DuplicateLabel, Some(3), Some("E".into()))]
    );
}
