//! RELIABILITY.md cases for CSV dialects, structure, limits and the report.

use vergleich_domain::{MissingReason, Status};

use super::*;

pub(super) const LONG: &str =
    "municipality,indicator,year,value,status,missing_reason,note,source\n";

#[test]
fn canonical_long_csv_yields_observations() {
    let out = run(format!("{LONG}07312000,auslaenderanteil,2023,12.5,A,,,Destatis\n01003000,einbuergerungsquote,2022,.,,,,\n").as_bytes());
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.observations.len(), 2);
    assert_eq!(out.observations[0].value, Some(12.5));
    assert_eq!(out.observations[0].source.as_deref(), Some("Destatis"));
    assert_eq!(out.observations[1].status, Status::M);
    assert_eq!(
        out.observations[1].missing_reason,
        Some(MissingReason::Secret)
    );
    assert_eq!(out.report.layout, Some(Layout::Long));
    assert_eq!(out.report.separator, Some(','));
    assert_eq!(out.report.decimal_mark, Some(DecimalMark::Point));
}

#[test]
fn german_excel_csv_in_windows_1252_with_umlauts_parses() {
    let text = "Gemeindeschlüssel;Name;Indikator;Jahr;Wert;Anmerkung\r\n\
                07312000;Kaiserslautern;auslaenderanteil;2023;12,5;Schätzung für Lübeck\r\n\
                15001000;Dessau-Roßlau;bevoelkerung;2023;1.234,5;\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let out = run(&bytes);
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.report.encoding, Some("windows-1252"));
    assert_eq!(out.report.separator, Some(';'));
    assert_eq!(out.report.decimal_mark, Some(DecimalMark::Comma));
    assert_eq!(out.observations[0].value, Some(12.5));
    assert_eq!(
        out.observations[0].note.as_deref(),
        Some("Schätzung für Lübeck")
    );
    assert_eq!(out.observations[1].value, Some(1234.5));
}

#[test]
fn bom_utf16_and_tab_separated_files_parse() {
    let text = "Kommune\tIndikator\tJahr\tWert\n07312000\tauslaenderanteil\t2023\t95 %\n";
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(text.as_bytes());
    let out = run(&bom);
    assert_eq!(
        (out.report.encoding, out.report.separator),
        (Some("utf-8-bom"), Some('\t'))
    );
    assert_eq!(out.observations[0].value, Some(95.0));
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let out = run(&utf16);
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.report.encoding, Some("utf-16le"));
}

#[test]
fn crlf_lf_and_cr_line_endings_give_the_same_observations() {
    let body = [
        "Kommune;Indikator;Jahr;Wert",
        "07312000;auslaenderanteil;2023;12,5",
        "07312000;auslaenderanteil;2022;11",
    ];
    let results: Vec<_> = ["\r\n", "\n", "\r"]
        .iter()
        .map(|eol| run(body.join(eol).as_bytes()).observations)
        .collect();
    assert_eq!(results[0].len(), 2);
    assert_eq!(results[0], results[1]);
    assert_eq!(results[1], results[2]);
}

#[test]
fn quoted_newline_stays_in_its_cell_and_rows_count_records() {
    let out = run(format!("{LONG}07312000,auslaenderanteil,2023,12.5,A,,\"zwei\nZeilen\",\n07312000,auslaenderanteil,2024,x,,,,\n").as_bytes());
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.observations[0].note.as_deref(), Some("zwei\nZeilen"));
    let bad = run(format!("{LONG}07312000,auslaenderanteil,2023,12.5,A,,\"zwei\nZeilen\",\n07312000,auslaenderanteil,2024,abc,,,,\n").as_bytes());
    assert_eq!(
        errors(&bad),
        vec![(Code::TypeError, Some(3), Some("D".into()))]
    );
}

#[test]
fn unterminated_quote_is_a_format_error_with_its_row() {
    let out = run(format!("{LONG}07312000,auslaenderanteil,2023,12.5,A,,\"offen,\n07312000,auslaenderanteil,2022,1,A,,,\n").as_bytes());
    assert!(!out.is_accepted());
    assert_eq!(errors(&out)[0], (Code::FormatError, Some(2), None));
}

#[test]
fn ragged_rows_are_missing_and_extra_cells_with_coordinates() {
    let out = run(b"Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2023\n07312000;auslaenderanteil;2022;1;zu viel\n07312000;auslaenderanteil;2021;1;;\n");
    assert_eq!(
        errors(&out),
        vec![
            (Code::MissingCell, Some(2), Some("D".into())),
            (Code::ExtraCell, Some(3), Some("E".into())),
        ]
    );
}

#[test]
fn blank_duplicate_unknown_and_missing_labels_are_all_reported() {
    let out = run(b"Kommune;Jahr;Jahr;Wret;;Indikator\n07312000;2023;2023;1;5;auslaenderanteil\n");
    assert_eq!(
        errors(&out),
        vec![
            (Code::DuplicateLabel, Some(1), Some("C".into())),
            (Code::ExtraLabel, Some(1), Some("D".into())),
            (Code::MissingLabel, Some(1), None),
        ]
    );
    let blank = run(b"Kommune;Indikator;Jahr;Wert;\n07312000;auslaenderanteil;2023;1;5\n");
    assert_eq!(
        errors(&blank),
        vec![(Code::BlankLabel, Some(1), Some("E".into()))]
    );
}

#[test]
fn columns_in_any_order_give_the_same_observations() {
    let a = run(b"Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2023;12,5\n");
    let b = run(b"Wert;Jahr;INDICATOR;  municipality \n12,5;2023;auslaenderanteil;07312000\n");
    assert!(a.is_accepted() && b.is_accepted(), "{}", b.report.to_text());
    assert_eq!(a.observations, b.observations);
}

#[test]
fn empty_file_and_header_only_are_rejected_as_table_dimensions() {
    assert_eq!(
        errors(&run(b"")),
        vec![(Code::TableDimensions, Some(1), None)]
    );
    assert_eq!(
        errors(&run(LONG.as_bytes())),
        vec![(Code::TableDimensions, Some(2), None)]
    );
}

#[test]
fn more_than_a_thousand_errors_truncate_the_report_quickly() {
    let mut csv = String::from("Kommune;Indikator;Jahr;Wert\n");
    for i in 0..50_000 {
        csv.push_str(&format!(
            "07312000;auslaenderanteil;{};kaputt\n",
            1990 + i % 30
        ));
    }
    let started = std::time::Instant::now();
    let out = run(csv.as_bytes());
    assert!(started.elapsed().as_secs() < 10);
    assert!(out.report.truncated);
    assert_eq!(out.report.errors.len(), MAX_ISSUES);
    assert_eq!(out.report.error_count, 50_000);
}

#[test]
fn limits_hold_at_the_limit_and_fail_one_past_it() {
    let csv = "Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2022;11\n07312000;auslaenderanteil;2023;12\n";
    let at = |limits: Limits| ingest(csv.as_bytes(), None, &ctx(), &limits);
    let base = Limits::default();
    assert!(
        at(Limits {
            max_bytes: csv.len(),
            ..base.clone()
        })
        .is_accepted()
    );
    let too_big = at(Limits {
        max_bytes: csv.len() - 1,
        ..base.clone()
    });
    assert_eq!(codes(&too_big), vec![Code::FileTooLarge]);
    assert_eq!(too_big.report.http_status(), 413);
    assert!(
        at(Limits {
            max_rows: 2,
            ..base.clone()
        })
        .is_accepted()
    );
    assert_eq!(
        errors(&at(Limits {
            max_rows: 1,
            ..base.clone()
        })),
        vec![(Code::TableDimensions, Some(3), None)]
    );
    assert!(
        at(Limits {
            max_columns: 4,
            ..base.clone()
        })
        .is_accepted()
    );
    assert_eq!(
        codes(&at(Limits {
            max_columns: 3,
            ..base.clone()
        })),
        vec![Code::TableDimensions]
    );
    assert!(
        at(Limits {
            max_cell_chars: 16,
            ..base.clone()
        })
        .is_accepted()
    );
    assert_eq!(
        errors(&at(Limits {
            max_cell_chars: 15,
            ..base
        })),
        vec![
            (Code::CellTooLong, Some(2), Some("B".into())),
            (Code::CellTooLong, Some(3), Some("B".into()))
        ]
    );
}

#[test]
fn report_serialises_with_codes_coordinates_and_both_languages() {
    let out = run(b"Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2023;abc\n");
    let json = serde_json::to_value(&out.report).unwrap();
    assert_eq!(json["format"], "csv");
    assert_eq!(json["separator"], ";");
    assert_eq!(json["decimal_mark"], ",");
    assert_eq!(json["layout"], "long");
    let e = &json["errors"][0];
    assert_eq!(
        (e["code"].as_str(), e["row"].as_u64()),
        (Some("type-error"), Some(2))
    );
    assert_eq!(
        (
            e["column"]["letter"].as_str(),
            e["column"]["name"].as_str(),
            e["value"].as_str()
        ),
        (Some("D"), Some("Wert"), Some("abc"))
    );
    assert!(
        !e["message_de"].as_str().unwrap().is_empty()
            && !e["message_en"].as_str().unwrap().is_empty()
    );
}

#[test]
fn json_bytes_named_csv_are_a_mismatch_and_xls_is_refused() {
    let out = ingest(
        b"{\"observations\":[]}",
        Some("daten.csv"),
        &ctx(),
        &Limits::default(),
    );
    assert_eq!(out.report.format, Format::Json);
    assert!(codes(&out).contains(&Code::FileNameMismatch));
    let xls = run(&[0xD0, 0xCF, 0x11, 0xE0, 1, 2]);
    assert_eq!(codes(&xls), vec![Code::UnsupportedFormat]);
    assert_eq!(xls.report.http_status(), 415);
    assert_eq!(out.report.http_status(), 422);
}

#[test]
fn blank_lines_count_as_rows_like_a_spreadsheet_shows_them() {
    for eol in ["\n", "\r\n", "\r"] {
        let text = [
            "Kommune;Indikator;Jahr;Wert",
            "",
            "07312000;auslaenderanteil;2022;\"a",
            "b\"",
            "",
            "",
            "07312000;auslaenderanteil;2023;abc",
            "",
        ]
        .join(eol);
        let out = run(text.as_bytes());
        assert_eq!(
            errors(&out),
            vec![
                (Code::TypeError, Some(3), Some("D".into())),
                (Code::TypeError, Some(6), Some("D".into())),
            ],
            "{eol:?}"
        );
    }
}
