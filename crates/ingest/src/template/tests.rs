//! Templates are complete and a filled template uploads unchanged in structure.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::*;
use crate::tests::fixtures::{C, xlsx};
use crate::tests::{CATALOGUE, COHORT, ctx, run};
use crate::{Code, Layout, Limits, ingest};

fn key() -> Ags {
    Ags::parse("01003000").unwrap()
}

fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<C>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|d| match d {
                    Data::String(s) => C::S(s.clone()),
                    Data::Float(f) => C::N(*f),
                    Data::Int(i) => C::N(*i as f64),
                    _ => C::Blank,
                })
                .collect()
        })
        .collect()
}

/// A value every indicator allows, varied a little by year.
fn value_for(indicator: &str, year: i32) -> f64 {
    let ind = CATALOGUE
        .indicators
        .iter()
        .find(|i| i.id.as_str() == indicator)
        .unwrap();
    let low = ind.min.unwrap_or(0.0);
    let high = ind.max.unwrap_or(low + 1000.0);
    low + (high - low) * (0.40 + 0.01 * f64::from(year - 2020))
}

#[test]
fn xlsx_template_has_the_key_one_row_per_indicator_and_year_and_definitions() {
    let bytes = xlsx_template(&CATALOGUE, &COHORT, &key(), 2021..=2023).unwrap();
    let data = sheet(&bytes, "Daten");
    assert_eq!(
        data[0],
        COLUMNS
            .iter()
            .map(|c| C::S((*c).to_owned()))
            .collect::<Vec<_>>()
    );
    assert_eq!(data.len(), 1 + CATALOGUE.indicators.len() * 3);
    assert!(
        data[1..]
            .iter()
            .all(|row| row[0] == C::S("01003000".into()))
    );
    assert_eq!(data[1][1], C::S("Lübeck".into()));
    let help = sheet(&bytes, "Erläuterungen");
    assert!(
        help.iter()
            .any(|row| row.first() == Some(&C::S("Status / Zeichen".into())))
    );
    assert!(
        help.iter()
            .any(|row| row.first() == Some(&C::S("...".into())))
    );
    assert_eq!(help[1][0], C::S(CATALOGUE.indicators[0].id.to_string()));
}

#[test]
fn filled_xlsx_template_uploads_without_structural_edits() {
    let bytes = xlsx_template(&CATALOGUE, &COHORT, &key(), 2021..=2023).unwrap();
    let mut data = sheet(&bytes, "Daten");
    let help = sheet(&bytes, "Erläuterungen");
    for row in data.iter_mut().skip(1) {
        let (C::S(indicator), C::N(year)) = (row[2].clone(), row[5].clone()) else {
            panic!("{row:?}")
        };
        row.resize(COLUMNS.len(), C::Blank);
        row[6] = if year == 2021.0 {
            C::S(".".into())
        } else {
            C::N(value_for(&indicator, year as i32))
        };
    }
    let filled = xlsx(&[("Daten", data), ("Erläuterungen", help)]);
    let out = ingest(&filled, Some("vorlage.xlsx"), &ctx(), &Limits::default());
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert!(out.report.warnings.is_empty(), "{}", out.report.to_text());
    assert_eq!(out.report.layout, Some(Layout::Long));
    assert_eq!(out.observations.len(), CATALOGUE.indicators.len() * 3);
}

#[test]
fn filled_csv_template_uploads_and_an_unfilled_one_says_there_are_no_values() {
    let bytes = csv_template(&CATALOGUE, &COHORT, &key(), 2022..=2023).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFKommune;Name;Indikator"));
    let empty = run(&bytes);
    assert_eq!(
        empty
            .report
            .errors
            .iter()
            .map(|i| i.code)
            .collect::<Vec<_>>(),
        vec![Code::TableDimensions]
    );
    assert_eq!(empty.report.warnings[0].code, Code::BlankRowsSkipped);
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let mut filled = String::from("\u{feff}");
    for (i, line) in text.split("\r\n").enumerate() {
        if i == 0 || line.is_empty() {
            filled.push_str(line);
        } else {
            let mut cells: Vec<String> = line.split(';').map(str::to_owned).collect();
            let value = value_for(&cells[2], cells[5].parse().unwrap());
            cells[6] = format!("{value:.1}").replace('.', ",");
            filled.push_str(&cells.join(";"));
        }
        filled.push_str("\r\n");
    }
    let out = run(filled.as_bytes());
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.report.separator, Some(';'));
    assert_eq!(out.observations.len(), CATALOGUE.indicators.len() * 2);
}

#[test]
fn template_for_a_municipality_outside_the_cohort_is_an_error() {
    let stranger = Ags::parse("11000000").unwrap();
    assert!(matches!(
        csv_template(&CATALOGUE, &COHORT, &stranger, 2022..=2023),
        Err(IngestError::UnknownMunicipality { .. })
    ));
}
