//! RELIABILITY.md cases for validation: markers, keys, foreign and primary keys, periods, ranges,
//! status rules, the uploader's municipality, warnings and the wide layouts.

use vergleich_domain::{MissingReason, Status};

use super::*;

use super::csv_cases::LONG;

#[test]
fn non_finite_and_garbage_values_are_type_errors() {
    let mut csv = LONG.to_owned();
    for (i, v) in ["NaN", "inf", "Infinity", "1e400", "#DIV/0!", "zwölf"]
        .iter()
        .enumerate()
    {
        csv.push_str(&format!("07312000,bevoelkerung,{},{v},,,,\n", 2010 + i));
    }
    let out = run(csv.as_bytes());
    assert_eq!(codes(&out), vec![Code::TypeError; 6]);
    assert_eq!(out.report.errors[3].row, Some(5));
    assert!(out.observations.is_empty());
}

#[test]
fn official_markers_become_status_and_reason_never_numbers() {
    let out = run(b"Kommune;Indikator;Jahr;Wert\n07312000;bevoelkerung;2018;-\n07312000;bevoelkerung;2019;.\n07312000;bevoelkerung;2020;...\n07312000;bevoelkerung;2021;x\n07312000;bevoelkerung;2022;/\n");
    assert!(out.is_accepted(), "{}", out.report.to_text());
    let got: Vec<_> = out
        .observations
        .iter()
        .map(|o| (o.value, o.status, o.missing_reason))
        .collect();
    use MissingReason::*;
    assert_eq!(
        got,
        vec![
            (Some(0.0), Status::A, None),
            (None, Status::M, Some(Secret)),
            (None, Status::M, Some(NotAvailable)),
            (None, Status::M, Some(NotMeaningful)),
            (None, Status::M, Some(Unreliable)),
        ]
    );
}

#[test]
fn key_that_lost_its_leading_zero_is_an_error_with_the_text_hint() {
    let out = run(b"Kommune;Indikator;Jahr;Wert\n7312000;auslaenderanteil;2023;1\n");
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
fn unknown_indicator_and_municipality_are_foreign_key_errors() {
    let out = run(b"Kommune;Indikator;Jahr;Wert\n99999999;auslaenderanteil;2023;1\n07312000;erfunden;2023;1\n");
    assert_eq!(
        errors(&out),
        vec![
            (Code::ForeignKey, Some(2), Some("A".into())),
            (Code::ForeignKey, Some(3), Some("B".into())),
        ]
    );
}

#[test]
fn duplicate_key_in_one_file_is_a_primary_key_error_naming_the_first_row() {
    let out = run(b"Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2023;1\n07312000;auslaenderanteil;2023;2\n");
    assert_eq!(errors(&out), vec![(Code::PrimaryKey, Some(3), None)]);
    assert!(out.report.errors[0].message_en.contains("row 2"));
}

#[test]
fn period_in_the_future_and_percentage_above_100_are_constraint_errors() {
    let out = run(b"Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2026;1\n07312000;einbuergerungsquote;2023;100,5\n07312000;einbuergerungsquote;2022;100\n");
    assert_eq!(
        errors(&out),
        vec![
            (Code::ConstraintError, Some(2), Some("C".into())),
            (Code::ConstraintError, Some(3), Some("D".into())),
        ]
    );
}

#[test]
fn status_and_reason_must_agree_with_the_value() {
    let out = run(format!("{LONG}07312000,bevoelkerung,2018,5,M,,,\n07312000,bevoelkerung,2019,,M,,,\n07312000,bevoelkerung,2020,,P,,,\n07312000,bevoelkerung,2021,.,A,,,\n07312000,bevoelkerung,2022,,M,secret,,\n07312000,bevoelkerung,2023,4,Q,,,\n").as_bytes());
    assert_eq!(
        errors(&out),
        vec![
            (Code::ConstraintError, Some(2), Some("D".into())),
            (Code::MissingCell, Some(3), Some("F".into())),
            (Code::MissingCell, Some(4), Some("D".into())),
            (Code::ConstraintError, Some(5), Some("D".into())),
            (Code::ConstraintError, Some(7), Some("E".into())),
        ]
    );
}

#[test]
fn rows_for_another_municipality_are_errors_and_the_column_may_be_left_out() {
    let mut context = ctx();
    context.principal = Some(vergleich_domain::Ags::parse("07312000").unwrap());
    let out = ingest(
        b"Kommune;Indikator;Jahr;Wert\n01003000;auslaenderanteil;2023;1\n",
        None,
        &context,
        &Limits::default(),
    );
    assert_eq!(
        errors(&out),
        vec![(Code::WrongMunicipality, Some(2), Some("A".into()))]
    );
    let out = ingest(
        b"Indikator;Jahr;Wert\nauslaenderanteil;2023;1\n",
        None,
        &context,
        &Limits::default(),
    );
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.observations[0].municipality.as_str(), "07312000");
}

#[test]
fn a_lost_leading_zero_of_the_uploaders_own_key_is_put_back_with_one_warning() {
    let mut context = ctx();
    context.principal = Some(vergleich_domain::Ags::parse("07312000").unwrap());
    // Excel or LibreOffice saved the key as a number on every row.
    let file = b"Kommune;Indikator;Jahr;Wert\n7312000;auslaenderanteil;2023;1\n\
7312000;einbuergerungsquote;2023;2\n7312000;sc_arbeit;2023;3\n";
    let out = ingest(file, None, &context, &Limits::default());
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.observations.len(), 3);
    assert!(
        out.observations
            .iter()
            .all(|o| o.municipality.as_str() == "07312000")
    );
    let restored: Vec<_> = out
        .report
        .warnings
        .iter()
        .filter(|w| w.code == Code::LeadingZeroRestored)
        .collect();
    assert_eq!(restored.len(), 1, "one warning for all rows");
    assert_eq!(restored[0].value.as_deref(), Some("3"));
    assert!(restored[0].message_en.contains("may also be left out"));
    // Another member's key without its zero stays an error, and so does any without principal.
    let other = b"Kommune;Indikator;Jahr;Wert\n1003000;auslaenderanteil;2023;1\n";
    assert_eq!(
        errors(&ingest(other, None, &context, &Limits::default())),
        vec![(Code::TypeError, Some(2), Some("A".into()))]
    );
    context.principal = None;
    let unbound = ingest(file, None, &context, &Limits::default());
    assert_eq!(errors(&unbound)[0].0, Code::TypeError);
    // The same error in three rows is one line of the text report, with its rows.
    let text = unbound.report.to_text();
    assert!(
        text.contains("[type-error] 3 rows / Zeilen 2–4 column A (Kommune)"),
        "{text}"
    );
    assert_eq!(text.matches("[type-error]").count(), 1, "{text}");
}

#[test]
fn one_members_part_of_a_split_import_leaves_the_other_members_rows_out() {
    let mut context = ctx();
    context.principal = Some(vergleich_domain::Ags::parse("07312000").unwrap());
    context.skip_other_members = true;
    let file = b"Kommune;Indikator;Jahr;Wert\n01003000;auslaenderanteil;2023;1\n\
07312000;auslaenderanteil;2023;2\n12054000;auslaenderanteil;2023;3\n99999999;auslaenderanteil;2023;4\n";
    let out = ingest(file, None, &context, &Limits::default());
    // Other members are left out and counted; a key outside the cohort is still an error.
    assert_eq!(
        errors(&out),
        vec![(Code::ForeignKey, Some(5), Some("A".into()))]
    );
    assert_eq!(out.report.other_member_rows, 2);
    let without_stranger = &file[..file.len() - "99999999;auslaenderanteil;2023;4\n".len()];
    let out = ingest(without_stranger, None, &context, &Limits::default());
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.observations.len(), 1);
    assert_eq!(out.observations[0].value, Some(2.0));
    assert_eq!(out.report.other_member_rows, 2);
    assert!(
        out.report
            .warnings
            .iter()
            .any(|w| w.code == Code::OtherMembersSkipped && w.row == Some(2))
    );
    // Without a principal every member's rows count, per member.
    context.principal = None;
    let out = ingest(without_stranger, None, &context, &Limits::default());
    assert_eq!(out.report.members.len(), 3);
    assert_eq!(out.report.other_member_rows, 0);
}

#[test]
fn jump_outlier_and_provisional_over_final_are_warnings_that_do_not_block() {
    let mut history = HistoryTable::default();
    let ags = vergleich_domain::Ags::parse("07312000").unwrap();
    let ind = vergleich_domain::IndicatorId::parse("auslaenderanteil").unwrap();
    let year = |y| vergleich_domain::Period::new(y).unwrap();
    history.stored.insert(
        (ags.clone(), ind.clone(), year(2022)),
        StoredValue {
            value: Some(10.0),
            status: Status::A,
        },
    );
    history.stored.insert(
        (ags, ind.clone(), year(2023)),
        StoredValue {
            value: Some(11.0),
            status: Status::A,
        },
    );
    history.spreads.insert(
        (ind, year(2023)),
        Spread {
            q1: 8.0,
            median: 10.0,
            q3: 12.0,
            sample: None,
        },
    );
    let mut context = ctx();
    context.history = &history;
    let out = ingest(
        b"Kommune;Indikator;Jahr;Wert;Status\n07312000;auslaenderanteil;2023;45;P\n",
        None,
        &context,
        &Limits::default(),
    );
    assert!(out.is_accepted());
    assert_eq!(out.observations.len(), 1);
    assert_eq!(
        warning_codes(&out),
        vec![
            Code::ValueJump,
            Code::CohortOutlier,
            Code::ProvisionalReplacesFinal
        ]
    );
    assert_eq!(out.report.warnings[0].row, Some(2));
    let calm = ingest(
        b"Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2023;12\n",
        None,
        &context,
        &Limits::default(),
    );
    assert!(calm.report.warnings.is_empty());
    // A spread taken over a sample says so, with its size (issue #17: national cohorts).
    let outlier = |h: &HistoryTable| {
        let mut context = ctx();
        context.history = h;
        let out = ingest(
            b"Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2023;45\n",
            None,
            &context,
            &Limits::default(),
        );
        out.report
            .warnings
            .into_iter()
            .find(|w| w.code == Code::CohortOutlier)
            .expect("an outlier warning")
    };
    let exact = outlier(&history);
    assert!(
        !exact.message_de.contains("Stichprobe"),
        "{}",
        exact.message_de
    );
    let mut sampled = history.clone();
    for spread in sampled.spreads.values_mut() {
        spread.sample = Some((1_000, 11_000));
    }
    let warning = outlier(&sampled);
    assert!(
        warning
            .message_de
            .contains("Stichprobe von 1000 der 11000 Mitglieder"),
        "{}",
        warning.message_de
    );
    assert!(
        warning
            .message_en
            .contains("a sample of 1000 of the 11000 members"),
        "{}",
        warning.message_en
    );
}

#[test]
fn wide_layouts_expand_into_the_same_observations_as_long() {
    let long = run(b"Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2022;11\n07312000;auslaenderanteil;2023;12,5\n07312000;bevoelkerung;2022;100000\n07312000;bevoelkerung;2023;x\n");
    let by_year = run(b"Kommune;Indikator;2022;2023\n07312000;auslaenderanteil;11;12,5\n07312000;bevoelkerung;100000;x\n");
    let by_ind = run(b"Kommune;Jahr;Ausl\xc3\xa4nderanteil;bevoelkerung\n07312000;2022;11;100000\n07312000;2023;12,5;x\n");
    assert_eq!(by_year.report.layout, Some(Layout::WideYears));
    assert_eq!(
        by_ind.report.layout,
        Some(Layout::WideIndicators),
        "{}",
        by_ind.report.to_text()
    );
    let sorted = |mut v: Vec<Observation>| {
        v.sort_by(|a, b| (a.indicator.as_str(), a.period).cmp(&(b.indicator.as_str(), b.period)));
        v
    };
    assert_eq!(long.observations.len(), 4);
    assert_eq!(
        sorted(long.observations.clone()),
        sorted(by_year.observations)
    );
    assert_eq!(sorted(long.observations), sorted(by_ind.observations));
}

#[test]
fn upload_export_and_reupload_yields_the_same_observations() {
    let first = run(b"Kommune;Indikator;Jahr;Wert;Status;Anmerkung\n07312000;auslaenderanteil;2023;12,5;P;\"Z\xc3\xa4hlung; neu\"\n07312000;bevoelkerung;2023;...;;\n");
    assert!(first.is_accepted(), "{}", first.report.to_text());
    let exported = vergleich_domain::demo::to_csv(&first.observations).unwrap();
    let again = run(exported.as_bytes());
    assert!(again.is_accepted(), "{}", again.report.to_text());
    assert_eq!(again.observations, first.observations);
}

#[test]
fn a_jump_within_the_file_is_a_warning_on_the_later_year() {
    let out = run(b"Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2022;10\n07312000;auslaenderanteil;2023;31\n");
    assert!(out.is_accepted());
    assert_eq!(warning_codes(&out), vec![Code::ValueJump]);
    assert_eq!(out.report.warnings[0].row, Some(3));
    assert_eq!(
        out.report.warnings[0]
            .column
            .as_ref()
            .map(|c| c.letter.as_str()),
        Some("D")
    );
}

#[test]
fn numbers_in_german_messages_have_a_decimal_comma_and_at_most_two_decimals() {
    let mut history = HistoryTable::default();
    let ags = vergleich_domain::Ags::parse("07312000").unwrap();
    let ind = vergleich_domain::IndicatorId::parse("auslaenderanteil").unwrap();
    history.stored.insert(
        (ags, ind, vergleich_domain::Period::new(2022).unwrap()),
        StoredValue {
            value: Some(1.1599999),
            status: Status::A,
        },
    );
    let mut context = ctx();
    context.history = &history;
    context.jump_factor = 1.5;
    let out = ingest(
        b"Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2023;45\n",
        None,
        &context,
        &Limits::default(),
    );
    let jump = out
        .report
        .warnings
        .iter()
        .find(|w| w.code == Code::ValueJump)
        .expect("a jump warning");
    assert!(
        jump.message_de.contains("1,5-fache vom Vorjahr (1,16)"),
        "{}",
        jump.message_de
    );
    assert!(
        jump.message_en
            .contains("factor of 1.5 from the previous year (1.16)"),
        "{}",
        jump.message_en
    );
}

#[test]
fn a_warning_names_its_indicator_and_year_and_in_a_cohort_file_its_member() {
    // Bound to the uploader: indicator and year before the message.
    let mut own = ctx();
    own.principal = Some(vergleich_domain::Ags::parse("07312000").unwrap());
    let out = ingest(
        b"Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2022;10\n07312000;auslaenderanteil;2023;31\n",
        None,
        &own,
        &Limits::default(),
    );
    let jump = &out.report.warnings[0];
    assert_eq!(jump.row, Some(3));
    let subject = jump.observation.as_ref().expect("the observation");
    assert_eq!(
        (
            subject.municipality.as_str(),
            subject.indicator.as_str(),
            subject.year
        ),
        ("07312000", "auslaenderanteil", 2023)
    );
    assert!(
        jump.message_de
            .starts_with("Ausländeranteil 2023: Der Wert weicht"),
        "{}",
        jump.message_de
    );
    assert!(
        jump.message_en
            .starts_with("Share of foreign residents 2023: "),
        "{}",
        jump.message_en
    );
    let json = serde_json::to_value(&out.report).unwrap();
    assert_eq!(
        json["warnings"][0]["observation"]["indicator"],
        "auslaenderanteil"
    );
    // A file of several members (an administrator's import) also names the member.
    let cohort = run(b"Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2022;10\n07312000;auslaenderanteil;2023;31\n");
    assert!(
        cohort.report.warnings[0]
            .message_de
            .starts_with("Kaiserslautern, Ausländeranteil 2023: "),
        "{}",
        cohort.report.warnings[0].message_de
    );
    // Errors are about cells, not observations: no subject.
    let bad = run(b"Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2023;zw\xc3\xb6lf\n");
    assert!(bad.report.errors.iter().all(|e| e.observation.is_none()));
}
