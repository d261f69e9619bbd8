//! Cells at the edge of what a spreadsheet holds (row 1,048,576, column XFD): beyond it calamine
//! drops ODS cells without a word, and XLSX references it cannot add up overflow, so such files
//! are refused; empty ODS repeats beyond the edge are fine.

use super::fixtures::{C, long_rows, ods_cell, ods_from_tables, ods_table, s, xlsx_with_sheet_xml};
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

/// The walk alone, on one table named "Daten": dense cells and the first position beyond the edge.
fn walk(rows: &str) -> (u64, Option<(u64, u64)>) {
    let xml = format!("<table:table table:name=\"Daten\">{rows}</table:table>");
    let scan = crate::ods_content::scan(xml.as_bytes(), u64::MAX).unwrap();
    if let Some(at) = &scan.outside {
        assert_eq!(at.sheet.as_deref(), Some("Daten"));
    }
    (scan.dense_cells, scan.outside.map(|o| (o.row, o.col)))
}

#[test]
fn the_walk_stops_at_the_first_filled_cell_past_the_last_row_or_column() {
    let gap = r#"<table:table-row table:number-rows-repeated="1048575"><table:table-cell/></table:table-row>"#;
    // A value without a value type in cell XFD1048576, then empty cells and rows beyond.
    let edge = format!(
        r#"{gap}<table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value="1"/><table:table-cell table:number-columns-repeated="9"/></table:table-row>
           <table:table-row table:number-rows-repeated="5"><table:table-cell table:number-columns-repeated="99999"/></table:table-row>"#
    );
    assert_eq!(walk(&edge), (16_384, None));
    // A value row repeated across the last row: its first dropped copy.
    let rows = format!(
        r#"{gap}<table:table-row table:number-rows-repeated="2"><table:table-cell/><table:table-cell office:value-type="float"/></table:table-row>"#
    );
    assert_eq!(walk(&rows).1, Some((1_048_576, 1)));
    // Content without a value type counts too, and so does a repeat across column XFD.
    let cols = r#"<table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell></table:table-row>"#;
    assert_eq!(walk(cols).1, Some((0, 16_384)));
}

fn worksheet(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// Header and one value row of a wide table, the value row at sheet row `row`.
fn xlsx_value_in_row(row: usize) -> Vec<u8> {
    let text = |r: &str, t: &str| format!(r#"<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>"#);
    xlsx_with_sheet_xml(&worksheet(&format!(
        r#"<row r="1">{}{}{}</row><row r="{row}">{}<c r="B{row}"><v>2023</v></c><c r="C{row}"><v>12.5</v></c></row>"#,
        text("A1", "Kommune"),
        text("B1", "Jahr"),
        text("C1", "auslaenderanteil"),
        text(&format!("A{row}"), "07312000"),
    )))
}

#[test]
fn xlsx_value_in_the_last_row_a_spreadsheet_holds_is_read_and_one_row_further_is_refused() {
    let out = run(&xlsx_value_in_row(1_048_576));
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.observations.len(), 1);
    assert_eq!(
        errors(&run(&xlsx_value_in_row(1_048_577))),
        vec![(Code::TableDimensions, Some(1_048_577), Some("A".to_owned()))]
    );
}

#[test]
fn xlsx_references_calamine_would_overflow_on_are_refused_instead_of_panicking() {
    // The first, verbatim, from the sheet_xml fuzz target: seven letters overflow a u32 in
    // calamine's column sum (a panic with overflow checks, a wrong cell without them).
    for sheet in [
        r#"<sheetData><row r="version="t>"#.to_owned(),
        worksheet(r#"<row r="1"><c r="ZZZZZZZZ1"><v>1</v></c></row>"#),
        worksheet(r#"<row r="99999999999"/>"#),
        r#"<worksheet><dimension ref="B2:A1"/><sheetData/></worksheet>"#.to_owned(),
    ] {
        let out = run(&xlsx_with_sheet_xml(&sheet));
        assert_eq!(codes(&out), vec![Code::FormatError], "{sheet}");
    }
}
