//! Rows of cells as text: the one shape the INKAR reader (CSV and XLS) and the BA reader (XLSX)
//! read, so a format's rules exist once whatever container brought the cells. Spreadsheet numbers
//! become text with a decimal comma (`75.3` -> `75,3`), as the CSV exports write them; date cells
//! become `dd.mm.yyyy`.

use std::collections::BTreeMap;

use calamine::{Data, ExcelDateTime, Range};

use crate::table::{OwnedCell, format_number};

/// One row: its 1-based number as a spreadsheet or editor shows it, and its cells (index =
/// 0-based column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GridRow {
    pub(crate) row: usize,
    pub(crate) cells: Vec<String>,
}

impl GridRow {
    pub(crate) fn cell(&self, col: usize) -> &str {
        self.cells.get(col).map_or("", |c| c.trim())
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }

    /// The filled cells, trimmed, joined by a space.
    pub(crate) fn text(&self) -> String {
        self.cells
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Where the cells come from: a spreadsheet row simply ends after its last filled cell, a CSV
/// row has exactly the cells it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Csv,
    Sheet,
}

/// A `;`-separated text, every record with its line number; unreadable records are left out.
pub(crate) fn from_csv(text: &str) -> Vec<GridRow> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .filter_map(Result::ok)
        .map(|record| GridRow {
            row: record.position().map_or(0, |p| p.line() as usize),
            cells: record.iter().map(str::to_owned).collect(),
        })
        .collect()
}

/// A number as the official CSV exports write it: decimal comma, no thousands separator.
pub(crate) fn number_text(n: f64) -> String {
    format_number(n).replace('.', ",")
}

/// A date cell as `dd.mm.yyyy` (calamine converts either date system).
pub(crate) fn date_text(date: &ExcelDateTime) -> String {
    let (year, month, day, ..) = date.to_ymd_hms_milli();
    format!("{day:02}.{month:02}.{year}")
}

fn trim_end(cells: &mut Vec<String>) {
    while cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
}

/// A calamine range (XLS); empty rows are left out, every row ends after its last filled cell.
pub(crate) fn from_range(range: &Range<Data>) -> Vec<GridRow> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut out = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let mut texts = vec![String::new(); col0 as usize];
        texts.extend(cells.iter().map(|cell| match cell {
            Data::Int(i) => number_text(*i as f64),
            Data::Float(f) => number_text(*f),
            Data::String(s) => s.clone(),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(d) => date_text(d),
            Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Error(e) => e.to_string(),
            Data::Empty => String::new(),
        }));
        trim_end(&mut texts);
        if !texts.is_empty() {
            out.push(GridRow {
                row: row0 as usize + i + 1,
                cells: texts,
            });
        }
    }
    out
}

/// The sparse rows of an XLSX or ODS sheet.
pub(crate) fn from_cells(rows: &BTreeMap<u32, Vec<OwnedCell>>) -> Vec<GridRow> {
    rows.iter()
        .map(|(row, cells)| {
            let mut texts: Vec<String> = cells
                .iter()
                .map(|cell| match cell {
                    OwnedCell::Empty => String::new(),
                    OwnedCell::Number(n) => number_text(*n),
                    OwnedCell::Bool(b) => b.to_string(),
                    OwnedCell::Text(t) | OwnedCell::Error(t) | OwnedCell::Date(t) => t.clone(),
                })
                .collect();
            trim_end(&mut texts);
            GridRow {
                row: *row as usize + 1,
                cells: texts,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_a_decimal_comma_and_dates_their_day() {
        assert_eq!(number_text(75.3), "75,3");
        assert_eq!(number_text(2023.0), "2023");
        assert_eq!(number_text(-0.5), "-0,5");
        let date =
            |serial| ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(date_text(&date(45_473.0)), "30.06.2024");
        assert_eq!(date_text(&date(45_291.0)), "31.12.2023");
    }
}
