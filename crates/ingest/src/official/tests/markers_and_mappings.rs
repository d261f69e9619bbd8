//! The marker rules (`-` in every value of a row, `-` among numbers, `.` `...` `x` `/`, the
//! flat file's `value_q`), repeated rows, 12-digit keys, and the mapping rules: units, factors,
//! conflicts, unknown indicators.

use vergleich_domain::{MissingReason, Status};

use super::*;

#[test]
fn dash_in_every_cell_is_a_region_that_does_not_exist_and_dash_among_numbers_is_zero() {
    let bytes = classic(
        4,
        3,
        &[
            "07312;      Kaiserslautern, kreisfreie Stadt;99292;50082;49210",
            "09174;      Dachau, Landkreis;-;-;-",
            "12054;      Potsdam, kreisfreie Stadt;-;5;6",
            "13003;      Rostock;.;.;.",
            "01003;      Lübeck;...;1;2",
            "03403;      Oldenburg;x;1;2",
            "04012;      Bremerhaven;/;1;2",
        ],
    );
    let ingested = run(&bytes, &[]);
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    let got: Vec<_> = ingested
        .observations
        .iter()
        .map(|o| (o.municipality.as_str(), o.value, o.status, o.missing_reason))
        .collect();
    assert_eq!(
        got,
        vec![
            ("07312000", Some(99_292.0), Status::A, None),
            ("12054000", Some(0.0), Status::A, None),
            ("13003000", None, Status::M, Some(MissingReason::Secret)),
            (
                "01003000",
                None,
                Status::M,
                Some(MissingReason::NotAvailable)
            ),
            (
                "03403000",
                None,
                Status::M,
                Some(MissingReason::NotMeaningful)
            ),
            ("04012000", None, Status::M, Some(MissingReason::Unreliable)),
        ]
    );
    let source = ingested.report.source.as_ref().unwrap();
    assert_eq!(source.defunct_regions, 1);
    assert_eq!(source.variables[0].cohort_rows, 6);
    assert_eq!(
        ingested.observations[0].note.as_deref(),
        Some("Fußnote mit \"Zitat\"\nüber zwei Zeilen.")
    );
}

#[test]
fn restricted_reliability_is_kept_with_a_note_and_unknown_quality_marks_are_refused() {
    let ingested = run(
        &flat(&[
            flat_row("07312", "", "99845", "()"),
            flat_row("09174", "", "155449", "e"),
        ]),
        &[],
    );
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    let kl = &ingested.observations[0];
    assert_eq!((kl.value, kl.status), (Some(99_845.0), Status::A));
    assert!(
        kl.note
            .as_deref()
            .unwrap()
            .contains("Eingeschränkte Aussagefähigkeit")
    );
    assert_eq!(ingested.observations[1].note, None);
    assert_eq!(
        ingested.report.source.as_ref().unwrap().restricted_values,
        1
    );
    let refused = run(&flat(&[flat_row("07312", "", "99845", "p")]), &[]);
    assert_eq!(
        errors(&refused),
        vec![(Code::TypeError, Some(2), Some("R".into()))]
    );
    assert!(refused.observations.is_empty());
}

#[test]
fn a_repeated_row_is_read_once_and_a_contradicting_one_is_a_duplicate() {
    let row = flat_row("07312", "", "99845", "e");
    let ingested = run(
        &flat(&[row.clone(), flat_row("09174", "", "1", "e"), row.clone()]),
        &[],
    );
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    assert_eq!(ingested.observations.len(), 2);
    assert_eq!(warning_codes(&ingested), vec![Code::RepeatedRow]);
    assert_eq!(ingested.report.warnings[0].row, Some(4));
    assert_eq!(ingested.report.source.as_ref().unwrap().repeated_rows, 1);
    let contradicting = run(&flat(&[row, flat_row("07312", "", "99846", "e")]), &[]);
    assert_eq!(
        errors(&contradicting),
        vec![(Code::PrimaryKey, Some(3), None)]
    );
}

#[test]
fn twelve_digit_regional_keys_become_municipality_keys() {
    let ingested = run(&flat(&[flat_row("073120000000", "", "99845", "e")]), &[]);
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    assert_eq!(ingested.observations[0].municipality.as_str(), "07312000");
}

#[test]
fn a_unit_that_differs_without_a_factor_names_both_units() {
    let ingested = run(
        &flat(&[flat_row("07312", "", "99845", "e")]),
        &["BEVSTD:GES==bevoelkerung"],
    );
    assert_eq!(
        errors(&ingested),
        vec![(Code::UnitMismatch, Some(2), Some("O".into()))]
    );
    let message = &ingested.report.errors[0].message_en;
    assert!(
        message.contains("\"Anzahl\"") && message.contains("\"Personen\""),
        "{message}"
    );
    assert!(ingested.observations.is_empty());
    // With a factor the caller declares the conversion.
    assert!(
        run(
            &flat(&[flat_row("07312", "", "99845", "e")]),
            &["BEVSTD:GES==bevoelkerung*1"]
        )
        .is_accepted()
    );
    // A built-in mapping names the unit it converts from: another unit is refused.
    let other_unit = String::from_utf8(flat(&[flat_row("07312", "", "99,845", "e")]))
        .unwrap()
        .replace(";Anzahl;", ";Tsd.;");
    let refused = run(other_unit.as_bytes(), &[]);
    assert_eq!(codes(&refused), vec![Code::UnitMismatch]);
    assert!(
        refused.report.errors[0]
            .message_en
            .contains("converts from \"Anzahl\"")
    );
}

#[test]
fn two_mappings_on_one_indicator_and_year_are_refused() {
    let bytes = flat(&[
        flat_row("07312", "", "99845", "e"),
        flat_row("07312", "GESM", "50082", "e"),
    ]);
    let ingested = run(&bytes, &["BEVSTD:GES=GESM=bevoelkerung*1"]);
    assert_eq!(
        errors(&ingested),
        vec![(Code::MappingConflict, Some(3), Some("N".into()))]
    );
    let message = &ingested.report.errors[0].message_en;
    assert!(
        message.contains("BEVSTD:GES=")
            && message.contains("BEVSTD:GES=GESM")
            && message.contains("2024"),
        "{message}"
    );
    assert!(ingested.observations.is_empty());
}

#[test]
fn a_mapping_to_an_unknown_indicator_is_an_error_at_the_variable() {
    let ingested = run(
        &flat(&[flat_row("07312", "", "1", "e")]),
        &["BEVSTD:GES==gibtsnicht*1"],
    );
    assert_eq!(
        errors(&ingested),
        vec![(Code::ForeignKey, Some(2), Some("O".into()))]
    );
}

#[test]
fn rows_of_another_municipality_are_left_out_for_a_member_uploading() {
    let mappings = SourceMappings::builtin();
    let mut ctx = IngestContext::new(&TEST_CATALOGUE, &COHORT, 2025);
    ctx.mappings = mappings;
    ctx.principal = Some(vergleich_domain::Ags::parse("09174").unwrap());
    let bytes = flat(&[
        flat_row("07312", "", "1", "e"),
        flat_row("09174", "", "2", "e"),
    ]);
    let ingested = ingest(&bytes, None, &ctx, &Limits::default());
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    assert_eq!(ingested.observations.len(), 1);
    assert_eq!(ingested.observations[0].municipality.as_str(), "09174");
    assert_eq!(ingested.report.other_member_rows, 1);
    assert_eq!(warning_codes(&ingested), vec![Code::OtherMembersSkipped]);
}

#[test]
fn time_in_the_first_column_gives_each_row_its_year() {
    let text = "GENESIS-Tabelle: 12411-01-01-4\nTitel;;;\nFortschreibung des Bevölkerungsstandes;;;\nBevölkerungsstand (Anzahl);;;\n;;;Geschlecht\n;;;Insgesamt\n31.12.2020;07312;      Kaiserslautern;99000\n2021;07312;      Kaiserslautern;99292\n30.06.2022;07312;      Kaiserslautern;1\n__________\nStand: 10.07.2023 / 16:44:50\n";
    let bytes = encoding_rs::WINDOWS_1252.encode(text).0.into_owned();
    let user = ["Bevölkerungsstand:=Geschlecht:=Insgesamt=bevoelkerung*1"];
    let ingested = run(&bytes, &user);
    assert_eq!(
        errors(&ingested),
        vec![(Code::TypeError, Some(9), Some("A".into()))]
    );
    let fixed = encoding_rs::WINDOWS_1252
        .encode(&text.replace("30.06.2022;07312;      Kaiserslautern;1\n", ""))
        .0
        .into_owned();
    let ingested = run(&fixed, &user);
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    let v = |y, x| ("07312000".to_owned(), "bevoelkerung".to_owned(), y, Some(x));
    assert_eq!(
        values(&ingested),
        vec![v(2020, 99_000.0), v(2021, 99_292.0)]
    );
}
