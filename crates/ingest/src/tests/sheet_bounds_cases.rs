//! ODS cells at the edge of what a spreadsheet holds (row 1,048,576, column XFD): calamine drops
//! anything beyond without a word, so such a file is refused; empty repeats beyond are fine.

use super::fixtures::{C, long_rows, ods_cell, ods_from_tables, ods_table, s};
use super::*;

/// A content.xml row of single cells.
fn row(cells: &[C]) -> String {
    let cells: String = cells.iter().map(|c| ods_cell(c, 1)).collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

fn empty_rows(rows: usize) -> String {
    format!(
        "<table:table-row table:number-rows-repeated=\"{rows}\"><table:table-cell table:number-columns-repeated=\"3\"/></table:table-row>"
    )
}

/// A wide table (municipality, year, one indicator) whose second value row is sheet row `last`.
fn value_in_row(last: usize) -> Vec<u8> {
    let rows = [
        row(&[s("Kommune"), s("Jahr"), s("auslaenderanteil")]),
        row(&[s("07312000"), C::N(2023.0), C::N(12.5)]),
        empty_rows(last - 3),
        row(&[s("07312000"), C::N(2022.0), C::N(11.0)]),
    ];
    ods_from_tables(&[format!(
        "<table:table table:name=\"Daten\">{}</table:table>",
        rows.concat()
    )])
}

/// A wide table whose second indicator is sheet column `column` (1-based), in header and data row.
fn value_in_column(column: usize) -> Vec<u8> {
    let gap = column - 4;
    let header = format!(
        "<table:table-row>{}{}{}{}{}</table:table-row>",
        ods_cell(&s("Kommune"), 1),
        ods_cell(&s("Jahr"), 1),
        ods_cell(&s("auslaenderanteil"), 1),
        ods_cell(&C::Blank, gap),
        ods_cell(&s("bevoelkerung"), 1),
    );
    let values = format!(
        "<table:table-row>{}{}{}{}{}</table:table-row>",
        ods_cell(&s("07312000"), 1),
        ods_cell(&C::N(2023.0), 1),
        ods_cell(&C::N(12.5), 1),
        ods_cell(&C::Blank, gap),
        ods_cell(&C::N(100_000.0), 1),
    );
    ods_from_tables(&[format!(
        "<table:table table:name=\"Daten\">{header}{values}</table:table>"
    )])
}

#[test]
fn ods_value_in_the_last_row_a_spreadsheet_holds_is_read_and_one_row_further_is_refused() {
    let out = run(&value_in_row(1_048_576));
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.observations.len(), 2);
    let out = run(&value_in_row(1_048_577));
    assert_eq!(
        errors(&out),
        vec![(Code::TableDimensions, Some(1_048_577), Some("A".to_owned()))]
    );
    assert!(out.observations.is_empty());
    assert!(out.report.errors[0].message_en.contains("row 1,048,576"));
}

#[test]
fn ods_value_in_column_xfd_is_read_and_one_column_further_is_refused() {
    // The service allows 200 columns; raised here so the spreadsheet's own edge is what is tested.
    let limits = Limits {
        max_columns: 16_384,
        ..Limits::default()
    };
    let out = ingest(&value_in_column(16_384), None, &ctx(), &limits);
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.observations.len(), 2);
    let out = ingest(&value_in_column(16_385), None, &ctx(), &limits);
    assert_eq!(
        errors(&out),
        vec![(Code::TableDimensions, Some(1), Some("XFE".to_owned()))]
    );
    assert!(out.observations.is_empty());
}

#[test]
fn ods_empty_repeats_past_the_last_row_and_column_cost_nothing() {
    // As LibreOffice writes styled but empty areas: a value row ending in empty cells past column
    // XFD, then empty rows past row 1,048,576.
    let tail = format!(
        "<table:table-row>{}{}{}{}{}</table:table-row><table:table-row table:number-rows-repeated=\"2000000\">{}</table:table-row>",
        ods_cell(&s("07312000"), 1),
        ods_cell(&s("auslaenderanteil"), 1),
        ods_cell(&C::N(2022.0), 1),
        ods_cell(&C::N(11.0), 1),
        ods_cell(&C::Blank, 20_000),
        ods_cell(&C::Blank, 20_000),
    );
    let out = run(&ods_from_tables(&[ods_table("Daten", &long_rows(), &tail)]));
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.observations.len(), 4);
}
