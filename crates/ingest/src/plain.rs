//! A plain table of text cells from a CSV, XLSX or ODS file, for uploads that are not
//! observations (the measures of an Integrationskonzept): the same format detection, encodings,
//! separators and container limits as the data uploads, but no layout or catalogue.

use crate::csv_reader::{explicit_separator, sniff_separator};
use crate::detect::{decode, sniff};
use crate::limits::Limits;
use crate::report::{Code, Format, Issue, issue};
use crate::table::OwnedCell;

/// One row as the spreadsheet shows it: its 1-based number and its cells as text (numbers
/// without a spurious `.0`, dates as `dd.mm.yyyy`, blanks as empty text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainRow {
    pub row: usize,
    pub cells: Vec<String>,
}

/// The rows of the file's first sheet with content (of a CSV: its records), blank rows left
/// out. A file of another kind (JSON, a picture, old XLS) is refused with the reason.
pub fn plain_rows(bytes: &[u8], limits: &Limits) -> Result<Vec<PlainRow>, Issue> {
    if bytes.len() > limits.max_bytes {
        return Err(issue(Code::TableDimensions).msg(
            format!("Die Datei ist größer als {} Bytes.", limits.max_bytes),
            format!("The file is larger than {} bytes.", limits.max_bytes),
        ));
    }
    let rows = match sniff(bytes)? {
        Format::Csv => csv_rows(bytes, limits)?,
        format @ (Format::Xlsx | Format::Ods) => {
            let sheets = crate::spreadsheet::read_sheets(bytes, format, limits)?;
            let Some(sheet) = sheets.into_iter().find(|s| !s.rows.is_empty()) else {
                return Ok(Vec::new());
            };
            sheet
                .rows
                .into_iter()
                .map(|(row, cells)| PlainRow {
                    row: row as usize + 1,
                    cells: cells.iter().map(text).collect(),
                })
                .collect()
        }
        _ => {
            return Err(issue(Code::UnsupportedFormat).msg(
                "Bitte die Tabelle als CSV, XLSX oder ODS hochladen (z. B. die heruntergeladene Datei).",
                "Upload the table as CSV, XLSX or ODS (e.g. the downloaded file).",
            ));
        }
    };
    let rows: Vec<PlainRow> = rows
        .into_iter()
        .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
        .collect();
    if rows.len() > limits.max_rows + 1 {
        let max = limits.max_rows;
        return Err(issue(Code::TableDimensions).msg(
            format!("Die Tabelle hat mehr als {max} Zeilen."),
            format!("The table has more than {max} rows."),
        ));
    }
    Ok(rows)
}

fn text(cell: &OwnedCell) -> String {
    match cell {
        OwnedCell::Date(d) => d.clone(),
        other => other.as_cell().display().trim().to_owned(),
    }
}

fn csv_rows(bytes: &[u8], limits: &Limits) -> Result<Vec<PlainRow>, Issue> {
    let (text, _) = decode(bytes)?;
    // The separator is sniffed on the header, not on the metadata lines (`# Runde;…, …`) our
    // own downloads put above it, whose text may hold more commas than semicolons.
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.starts_with('#'))
        .unwrap_or("");
    let (body, separator) = match explicit_separator(&text) {
        Some((sep, rest)) => (rest, sep),
        None => (&*text, sniff_separator(header)),
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            issue(Code::FormatError).row(i + 1).msg(
                format!("Die Zeile kann nicht gelesen werden ({e})."),
                format!("The row cannot be read ({e})."),
            )
        })?;
        if record.len() > limits.max_columns {
            return Err(issue(Code::TableDimensions).row(i + 1).msg(
                format!("Höchstens {} Spalten.", limits.max_columns),
                format!("At most {} columns.", limits.max_columns),
            ));
        }
        if out.len() > limits.max_rows + 1 {
            break;
        }
        out.push(PlainRow {
            row: i + 1,
            cells: record.iter().map(|c| c.trim().to_owned()).collect(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max_rows: usize) -> Limits {
        Limits {
            max_rows,
            ..Limits::default()
        }
    }

    #[test]
    fn a_csv_is_read_as_text_cells_with_its_row_numbers() {
        let csv = "\u{feff}# Konzept;07312000/2022\r\nKonzept;ID;Status\r\n;;\r\n07312000/2022;3;in Umsetzung\r\n";
        let rows = plain_rows(csv.as_bytes(), &limits(10)).unwrap();
        // The blank row is left out; numbers are those of the file.
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2].row, 4);
        assert_eq!(rows[2].cells, ["07312000/2022", "3", "in Umsetzung"]);
    }

    #[test]
    fn the_separator_is_read_from_the_header_not_from_metadata_lines() {
        let csv = "# Runde;2024, Fragebogen, Version 1, Demo\r\nID;Antwort\r\nste-01;3\r\n";
        let rows = plain_rows(csv.as_bytes(), &limits(10)).unwrap();
        assert_eq!(rows[1].cells, ["ID", "Antwort"]);
        assert_eq!(rows[2].cells, ["ste-01", "3"]);
    }

    #[test]
    fn the_row_limit_holds_at_the_limit_and_refuses_one_past_it() {
        // A header and `max_rows` data rows pass; one more is refused.
        let table = |n: usize| {
            let mut t = String::from("Konzept;ID\r\n");
            for i in 0..n {
                t.push_str(&format!("x;{i}\r\n"));
            }
            t
        };
        assert_eq!(
            plain_rows(table(3).as_bytes(), &limits(3)).unwrap().len(),
            4
        );
        let refused = plain_rows(table(4).as_bytes(), &limits(3)).unwrap_err();
        assert!(
            refused.message_en.contains("more than 3 rows"),
            "{refused:?}"
        );
    }

    #[test]
    fn other_files_are_refused_with_the_reason() {
        let json = plain_rows(b"{\"a\": 1}", &limits(10)).unwrap_err();
        assert!(json.message_de.contains("CSV, XLSX oder ODS"));
        let big = Limits {
            max_bytes: 4,
            ..Limits::default()
        };
        assert!(plain_rows(b"a;b\r\n", &big).is_err());
        assert!(plain_rows(b"a;b\r", &big).is_ok());
    }
}
