//! Cells formatted as a percentage (stored 0.07, shown "7 %") are read as shown in XLSX and ODS,
//! at the right cells however the sheet repeats rows and columns, and only on their own sheet.

use super::fixtures::{C, ods, ods_cell, ods_from_tables, s};
use super::*;

#[test]
fn xlsx_cells_formatted_as_percent_are_read_as_shown() {
    use rust_xlsxwriter::{Format as XFormat, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let percent = XFormat::new().set_num_format("0.0%");
    for (c, label) in ["Kommune", "Indikator", "Jahr", "Wert"].iter().enumerate() {
        sheet.write_string(0, c as u16, *label).unwrap();
    }
    sheet.write_string(1, 0, "07312000").unwrap();
    sheet.write_string(1, 1, "auslaenderanteil").unwrap();
    sheet.write_number(1, 2, 2023.0).unwrap();
    sheet
        .write_number_with_format(1, 3, 0.07, &percent)
        .unwrap();
    sheet.write_string(2, 0, "07312000").unwrap();
    sheet.write_string(2, 1, "bevoelkerung").unwrap();
    sheet.write_number(2, 2, 2023.0).unwrap();
    sheet.write_number(2, 3, 0.07).unwrap();
    let out = run(&book.save_to_buffer().unwrap());
    assert!(out.is_accepted(), "{}", out.report.to_text());
    assert_eq!(out.observations[0].value, Some(7.0));
    assert_eq!(out.observations[1].value, Some(0.07));
}

#[test]
fn ods_percentage_cells_are_read_as_shown_and_plain_floats_beside_them_are_unchanged() {
    let rows = vec![
        vec![s("Kommune"), s("Indikator"), s("Jahr"), s("Wert")],
        vec![
            s("07312000"),
            s("auslaenderanteil"),
            C::N(2023.0),
            C::P(0.07),
        ],
        vec![s("07312000"), s("bevoelkerung"), C::N(2023.0), C::N(0.07)],
    ];
    // The name needs unescaping to match calamine's sheet name.
    let out = run(&ods(&[("Anteile & Quoten", rows)]));
    assert!(out.is_accepted(), "{}", out.report.to_text());
    let values: Vec<Option<f64>> = out.observations.iter().map(|o| o.value).collect();
    assert_eq!(values, vec![Some(7.0), Some(0.07)]);
}

/// A content.xml row: `rows` times, its cells given as (cell, columns) runs.
fn row(rows: usize, cells: &[(C, usize)]) -> String {
    let repeated = if rows == 1 {
        String::new()
    } else {
        format!(" table:number-rows-repeated=\"{rows}\"")
    };
    let cells: String = cells.iter().map(|(c, n)| ods_cell(c, *n)).collect();
    format!("<table:table-row{repeated}>{cells}</table:table-row>")
}

fn sheet(name: &str, rows: &[String]) -> Vec<u8> {
    ods_from_tables(&[format!(
        "<table:table table:name=\"{name}\">{}</table:table>",
        rows.concat()
    )])
}

#[test]
fn ods_percentage_cells_in_repeated_columns_are_all_read_as_shown_below_empty_rows_and_columns() {
    // As offices save it: two empty rows, a title in B3, an empty row, the table from C5.
    let empty = || (C::Blank, 1024);
    let out = run(&sheet(
        "Daten",
        &[
            row(2, &[empty()]),
            row(1, &[(C::Blank, 1), (s("Einbürgerungen"), 1), empty()]),
            row(1, &[empty()]),
            row(
                1,
                &[
                    (C::Blank, 2),
                    (s("Kommune"), 1),
                    (s("Indikator"), 1),
                    (C::N(2021.0), 1),
                    (C::N(2022.0), 1),
                    (C::N(2023.0), 1),
                ],
            ),
            row(
                1,
                &[
                    (C::Blank, 2),
                    (s("07312000"), 1),
                    (s("einbuergerungsquote"), 1),
                    (C::P(0.021), 3),
                ],
            ),
            row(3, &[empty()]),
            row(
                1,
                &[
                    (C::Blank, 2),
                    (s("01003000"), 1),
                    (s("einbuergerungsquote"), 1),
                    (C::N(0.5), 1),
                    (C::Blank, 1),
                    (C::P(0.125), 1),
                ],
            ),
            row(1_048_560, &[empty()]),
        ],
    ));
    assert!(out.is_accepted(), "{}", out.report.to_text());
    let values: Vec<Option<f64>> = out.observations.iter().map(|o| o.value).collect();
    assert_eq!(
        values,
        vec![Some(2.1), Some(2.1), Some(2.1), Some(0.5), Some(12.5)]
    );
}

#[test]
fn ods_percentage_cells_in_repeated_rows_are_each_read_as_shown() {
    // 1.5 is 150 %: out of range in both repeated rows (sheet rows 5 and 6), as shown.
    let rate = |key: &str, year: f64, value: f64| {
        [
            (s(key), 1),
            (s("einbuergerungsquote"), 1),
            (C::N(year), 1),
            (C::P(value), 1),
        ]
    };
    let out = run(&sheet(
        "Daten",
        &[
            row(
                1,
                &[
                    (s("Kommune"), 1),
                    (s("Indikator"), 1),
                    (s("Jahr"), 1),
                    (s("Wert"), 1),
                ],
            ),
            row(1, &rate("07312000", 2023.0, 0.125)),
            row(2, &[(C::Blank, 1024)]),
            row(2, &rate("01003000", 2022.0, 1.5)),
            row(1, &rate("01003000", 2023.0, 0.5)),
        ],
    ));
    assert_eq!(
        errors(&out),
        vec![
            (Code::ConstraintError, Some(5), Some("D".into())),
            (Code::ConstraintError, Some(6), Some("D".into())),
        ]
    );
    let values: Vec<Option<&str>> = out
        .report
        .errors
        .iter()
        .map(|i| i.value.as_deref())
        .collect();
    assert_eq!(values, vec![Some("150"), Some("150")]);
}

#[test]
fn ods_percentage_cells_of_another_sheet_do_not_touch_the_data_sheet() {
    let data = vec![
        vec![s("Kommune"), s("Indikator"), s("Jahr"), s("Wert")],
        vec![
            s("07312000"),
            s("auslaenderanteil"),
            C::N(2023.0),
            C::P(0.125),
        ],
        vec![s("07312000"), s("bevoelkerung"), C::N(2023.0), C::N(0.07)],
    ];
    // Percentages exactly where the data sheet holds its plain float (D3).
    let notes = vec![
        vec![s("Anteile")],
        vec![],
        vec![C::Blank, C::Blank, C::Blank, C::P(0.5)],
    ];
    for sheets in [
        [("Daten", data.clone()), ("Anhang", notes.clone())],
        [("Anhang", notes.clone()), ("Daten", data.clone())],
    ] {
        let out = run(&ods(&sheets));
        assert!(out.is_accepted(), "{}", out.report.to_text());
        let values: Vec<Option<f64>> = out.observations.iter().map(|o| o.value).collect();
        assert_eq!(values, vec![Some(12.5), Some(0.07)]);
    }
}
