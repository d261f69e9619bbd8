//! RELIABILITY.md cases for the JSON format: schema, unknown fields, per-observation problems
//! with their positions, non-finite numbers.

use vergleich_domain::MissingReason;

use super::*;

fn json(observations: &str) -> Ingested {
    run(format!("{{\"observations\": [{observations}]}}").as_bytes())
}

#[test]
fn documented_schema_is_accepted_and_round_trips() {
    let out = json(
        r#"{"municipality":"07312000","indicator":"auslaenderanteil","year":2023,"value":12.5,"status":"A"},
           {"municipality":"01003000","indicator":"einbuergerungsquote","year":2022,"value":null,"status":"M","missing_reason":"secret"}"#,
    );
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.report.format, Format::Json);
    assert_eq!(out.observations.len(), 2);
    let again = serde_json::to_vec(&JsonUpload::from_observations(&out.observations)).unwrap();
    assert_eq!(run(&again).observations, out.observations);
}

#[test]
fn unknown_fields_are_errors_at_top_level_and_per_observation() {
    let out = run(br#"{"observations": [], "extra": 1}"#);
    assert_eq!(codes(&out), vec![Code::FormatError]);
    let out = json(
        r#"{"municipality":"07312000","indicator":"auslaenderanteil","year":2023,"value":1,"colour":"red"}"#,
    );
    assert_eq!(out.report.errors[0].code, Code::ExtraLabel);
    assert_eq!(out.report.errors[0].row, Some(1));
    assert_eq!(
        out.report.errors[0]
            .column
            .as_ref()
            .map(|c| c.name.as_str()),
        Some("colour")
    );
}

#[test]
fn every_observation_problem_is_reported_with_its_position_and_field() {
    let out = json(
        r#"{"municipality":"07312000","indicator":"auslaenderanteil","year":2023,"value":1},
           {"municipality":7312000,"indicator":"auslaenderanteil","year":2023,"value":1},
           {"municipality":"07312000","indicator":"nope","year":2023,"value":1},
           {"municipality":"07312000","indicator":"auslaenderanteil","year":2023,"value":2},
           {"municipality":"07312000","indicator":"auslaenderanteil","year":2030,"value":"NaN"},
           {"municipality":"07312000","indicator":"einbuergerungsquote","year":2020,"value":101}"#,
    );
    let got: Vec<_> = out
        .report
        .errors
        .iter()
        .map(|i| (i.code, i.row, i.column.as_ref().map(|c| c.name.clone())))
        .collect();
    assert_eq!(
        got,
        vec![
            (Code::TypeError, Some(2), Some("municipality".into())),
            (Code::ForeignKey, Some(3), Some("indicator".into())),
            (Code::PrimaryKey, Some(4), None),
            (Code::ConstraintError, Some(5), Some("year".into())),
            (Code::TypeError, Some(5), Some("value".into())),
            (Code::ConstraintError, Some(6), Some("value".into())),
        ]
    );
}

#[test]
fn numbers_too_large_for_a_float_and_broken_json_are_format_errors() {
    assert_eq!(
        codes(&json(
            r#"{"municipality":"07312000","indicator":"auslaenderanteil","year":2023,"value":1e400}"#
        )),
        vec![Code::FormatError]
    );
    assert_eq!(
        codes(&run(b"{\"observations\": [")),
        vec![Code::FormatError]
    );
    assert_eq!(codes(&run(b"[1,2]")), vec![Code::FormatError]);
}

#[test]
fn markers_are_accepted_as_strings() {
    let out =
        json(r#"{"municipality":"07312000","indicator":"bevoelkerung","year":2023,"value":"..."}"#);
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(
        out.observations[0].missing_reason,
        Some(MissingReason::NotAvailable)
    );
}
