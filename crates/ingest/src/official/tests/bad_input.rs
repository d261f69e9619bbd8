//! Bad official files: each a clear issue with row, column and fix, nothing accepted; and every
//! structural limit at the limit and one past.

use super::*;

const KL: &str = "07312;      Kaiserslautern, kreisfreie Stadt;99292;50082;49210";

fn latin(bytes: &[u8]) -> String {
    encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()
}

fn format_errors(ingested: &Ingested) -> Vec<(Code, Option<usize>)> {
    ingested
        .report
        .errors
        .iter()
        .map(|i| (i.code, i.row))
        .collect()
}

#[test]
fn a_genesis_table_cut_before_the_line_is_refused_at_the_row_after_the_cut() {
    let full =
        fixture("genesis_table/regionalstatistik_12411-01-01-4_kreise_bevoelkerung_2021.csv");
    let cut: Vec<u8> = full
        .split(|b| *b == b'\n')
        .take(300)
        .collect::<Vec<_>>()
        .join(&b'\n');
    let ingested = run(&cut, &[]);
    assert_eq!(
        format_errors(&ingested),
        vec![(Code::FormatError, Some(301))]
    );
    assert!(ingested.report.errors[0].message_en.contains("__________"));
    assert!(ingested.observations.is_empty());
    assert_eq!(ingested.report.source, None);
}

#[test]
fn a_data_row_that_does_not_line_up_with_the_header_block_is_refused_at_its_cell() {
    let ingested = run(
        &classic(4, 3, &[KL, "09174;      Dachau, Landkreis;1;2;3;4"]),
        &[],
    );
    assert_eq!(
        errors(&ingested),
        vec![(Code::TableDimensions, Some(10), Some("F".into()))]
    );
    assert!(ingested.observations.is_empty());
    let short = run(
        &classic(4, 3, &[KL, "09174;      Dachau, Landkreis;1;2"]),
        &[],
    );
    assert_eq!(
        errors(&short),
        vec![(Code::TableDimensions, Some(10), Some("E".into()))]
    );
    // Header lines of different widths.
    let text = latin(&classic(4, 3, &[KL]))
        .replace(";;Insgesamt;männlich;weiblich", ";;Insgesamt;männlich");
    let ragged = run(&encoding_rs::WINDOWS_1252.encode(&text).0, &[]);
    assert_eq!(
        errors(&ragged),
        vec![(Code::TableDimensions, Some(8), Some("E".into()))]
    );
}

#[test]
fn title_block_reads_two_to_six_lines() {
    for (lines, ok) in [(1, false), (2, true), (6, true), (7, false)] {
        let ingested = run(&classic(lines, 3, &[KL]), &[]);
        assert_eq!(
            ingested.is_accepted(),
            ok,
            "{lines}: {}",
            ingested.report.to_text()
        );
        if !ok {
            assert_eq!(codes(&ingested), vec![Code::FormatError], "{lines}");
        }
    }
}

#[test]
fn header_block_reads_two_to_four_lines() {
    for (lines, ok) in [(1, false), (2, true), (4, true), (5, false)] {
        let ingested = run(&classic(4, lines, &[KL]), &[]);
        let format = codes(&ingested).contains(&Code::FormatError);
        assert_eq!(!format, ok, "{lines}: {}", ingested.report.to_text());
        assert_eq!(ingested.report.source.is_some(), ok, "{lines}");
    }
}

#[test]
fn unknown_key_lengths_are_errors_at_the_key_cell() {
    let ingested = run(
        &classic(
            4,
            3,
            &[KL, "073120;      Sechs;1;2;3", "7312000;      Sieben;1;2;3"],
        ),
        &[],
    );
    assert_eq!(
        errors(&ingested),
        vec![
            (Code::TypeError, Some(10), Some("A".into())),
            (Code::TypeError, Some(11), Some("A".into()))
        ]
    );
    assert!(
        ingested.report.errors[0]
            .message_en
            .contains("6 digits is unknown")
    );
    assert!(
        ingested.report.errors[1]
            .message_en
            .contains("leading zero")
    );
    assert!(ingested.observations.is_empty());
}

#[test]
fn only_annual_times_are_read() {
    let text = latin(&classic(4, 3, &[KL])).replace(
        "31.12.2021;31.12.2021;31.12.2021",
        "31.12.2021;30.06.2021;31.12.2021",
    );
    let ingested = run(&encoding_rs::WINDOWS_1252.encode(&text).0, &[]);
    assert_eq!(
        errors(&ingested),
        vec![(Code::TypeError, Some(7), Some("D".into()))]
    );
    let monthly = String::from_utf8(flat(&[flat_row("07312", "", "1", "e")]))
        .unwrap()
        .replace("STAG;Stichtag;2024-12-31", "MONAT;Monat;2024-11");
    assert_eq!(
        errors(&run(monthly.as_bytes(), &[])),
        vec![(Code::TypeError, Some(2), Some("E".into()))]
    );
}

#[test]
fn a_flat_file_missing_a_variable_column_names_the_column() {
    let text = String::from_utf8(flat(&[flat_row("07312", "", "1", "e")])).unwrap();
    let drop = |line: &str| {
        let mut cells: Vec<&str> = line.split(';').collect();
        cells.remove(11);
        cells.join(";")
    };
    let broken: String = text.lines().map(|l| drop(l) + "\n").collect();
    let ingested = run(broken.as_bytes(), &[]);
    assert_eq!(
        errors(&ingested),
        vec![(Code::MissingLabel, Some(1), Some("L".into()))]
    );
    assert!(
        ingested.report.errors[0]
            .message_en
            .contains("\"2_variable_attribute_code\"")
    );
    assert!(ingested.observations.is_empty());
}

#[test]
fn the_row_limit_holds_for_official_files_at_the_limit_and_one_past() {
    let bytes = classic(4, 3, &[KL, "09174;      Dachau, Landkreis;1;2;3"]);
    let limits = |max_rows| Limits {
        max_rows,
        ..Limits::default()
    };
    assert!(run_with(&bytes, None, &[], &limits(2)).is_accepted());
    let refused = run_with(&bytes, None, &[], &limits(1));
    assert_eq!(
        errors(&refused),
        vec![(Code::TableDimensions, Some(10), None)]
    );
    let flat_bytes = flat(&[
        flat_row("07312", "", "1", "e"),
        flat_row("09174", "", "2", "e"),
    ]);
    assert!(run_with(&flat_bytes, None, &[], &limits(2)).is_accepted());
    assert_eq!(
        codes(&run_with(&flat_bytes, None, &[], &limits(1))),
        vec![Code::TableDimensions]
    );
}

#[test]
fn an_inkar_row_of_the_wrong_width_is_refused() {
    let text = "\u{feff}Kennziffer;Raumeinheit;Aggregat;Wahlbeteiligung;Wahlbeteiligung\n;;;2013;2017\n\"07312\";\"Kaiserslautern\";\"krsfr. Stadt\";\"64,2\";\"70,3\"\n\"09174\";\"Dachau\";\"Landkreis\";\"73,8\"\n";
    let ingested = run(
        text.as_bytes(),
        &["Wahlbeteiligung=wahlbeteiligung_bundestag"],
    );
    assert_eq!(
        errors(&ingested),
        vec![(Code::TableDimensions, Some(4), Some("E".into()))]
    );
}
