//! Tables for download: CSV (English: `,` and decimal point; German: `;`, decimal comma, UTF-8
//! with BOM for German Excel) and XLSX (a data sheet and a sheet "Info"/"About" with the
//! metadata), and the `Content-Disposition` header of a download.
//!
//! Export safety (RELIABILITY.md rule 12): a text cell starting with `= + - @`, tab or carriage
//! return is prefixed with `'` in CSV, so a spreadsheet shows it as text instead of running it
//! as a formula; in XLSX every text cell is written as a string, never as a formula. Numbers stay
//! numbers in both.

use axum::http::HeaderValue;
use vergleich_domain::format::Lang;

pub use vergleich_service::table::{Cell, Column, Table, csv_number};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("writing CSV failed: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing XLSX failed: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// Whether a text would be taken for a formula by a spreadsheet.
fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A text made safe for a CSV cell: a leading formula character gets a `'` in front.
pub fn escape_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if looks_like_formula(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// The table as CSV. The metadata comes first, one `# label` line each (value in the second
/// column), so a CSV reader with `#` as comment character skips it and Excel shows it above the
/// table; then the header line and the rows.
pub fn to_csv(table: &Table, lang: Lang) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    let separator = match lang {
        Lang::De => {
            // German Excel opens UTF-8 only with a byte order mark.
            out.extend_from_slice(b"\xEF\xBB\xBF");
            b';'
        }
        Lang::En => b',',
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(separator)
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    for (label, value) in &table.meta {
        writer.write_record([format!("# {label}"), escape_formula(value).into_owned()])?;
    }
    writer.write_record(
        table
            .columns
            .iter()
            .map(|c| escape_formula(c.label(lang)).into_owned()),
    )?;
    for row in &table.rows {
        writer.write_record(row.iter().map(|cell| match cell {
            Cell::Text(text) => escape_formula(text).into_owned(),
            Cell::Number(n) => csv_number(*n, lang),
            Cell::Empty => String::new(),
        }))?;
    }
    writer.flush().map_err(csv::Error::from)?;
    writer
        .into_inner()
        .map_err(|e| ExportError::Csv(csv::Error::from(e.into_error())))
}

/// The table as an XLSX workbook: sheet "Daten"/"Data" with the table, sheet "Info"/"About"
/// with the metadata. Text is always written as a string, numbers as numbers.
pub fn to_xlsx(table: &Table, lang: Lang) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let (data_name, info_name) = match lang {
        Lang::De => ("Daten", "Info"),
        Lang::En => ("Data", "About"),
    };
    let bold = Format::new().set_bold();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(data_name)?;
    for (c, column) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), column.label(lang), &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(text) => {
                    sheet.write_string(r, col(c), text)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(r, col(c), vergleich_service::table::table_number(*n))?;
                }
                Cell::Empty => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let info = book.add_worksheet();
    info.set_name(info_name)?;
    for (r, (label, value)) in table.meta.iter().enumerate() {
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        info.write_string_with_format(r, 0, label, &bold)?;
        info.write_string(r, 1, value)?;
    }
    info.set_column_width(0, 28)?;
    info.set_column_width(1, 100)?;
    Ok(book.save_to_buffer()?)
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback (umlauts spelled out,
/// anything else unsafe replaced by `_`) and the exact name percent-encoded after RFC 5987.
pub fn content_disposition(file_name: &str) -> HeaderValue {
    let mut ascii = String::with_capacity(file_name.len());
    for ch in file_name.chars() {
        match ch {
            'ä' => ascii.push_str("ae"),
            'ö' => ascii.push_str("oe"),
            'ü' => ascii.push_str("ue"),
            'Ä' => ascii.push_str("Ae"),
            'Ö' => ascii.push_str("Oe"),
            'Ü' => ascii.push_str("Ue"),
            'ß' => ascii.push_str("ss"),
            c if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') => ascii.push(c),
            _ => ascii.push('_'),
        }
    }
    let mut encoded = String::with_capacity(file_name.len() * 3);
    for byte in file_name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        Table {
            columns: vec![Column::new("Name", "Name"), Column::new("Wert", "Value")],
            rows: vec![
                vec![
                    Cell::text("=HYPERLINK(\"http://x\")"),
                    Cell::Number(-1234.5),
                ],
                vec![Cell::text("Lübeck"), Cell::Empty],
                vec![Cell::text("@SUM(A1)"), Cell::Number(0.1 + 0.2)],
            ],
            meta: vec![("Filter".into(), "+indicator=x".into())],
        }
    }

    #[test]
    fn formula_characters_are_escaped_in_csv_and_numbers_stay_numbers() {
        let csv = String::from_utf8(to_csv(&sample(), Lang::En).unwrap()).unwrap();
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\",-1234.5\r\n"),
            "{csv}"
        );
        assert!(csv.contains("'@SUM(A1),0.3\r\n"), "{csv}");
        assert!(
            csv.starts_with("# Filter,'+indicator=x\r\nName,Value\r\n"),
            "{csv}"
        );
        for text in ["-x", "+x", "=x", "@x", "\tx", "\rx"] {
            assert_eq!(escape_formula(text), format!("'{text}"));
        }
        assert_eq!(escape_formula("x=1"), "x=1");
    }

    #[test]
    fn german_csv_has_a_bom_semicolons_and_a_decimal_comma() {
        let bytes = to_csv(&sample(), Lang::De).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF# Filter;'+indicator=x\r\nName;Wert\r\n"));
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains(";-1234,5\r\n"), "{text}");
        assert!(text.contains("Lübeck;\r\n"), "{text}");
    }

    #[test]
    fn csv_numbers_keep_six_decimals_without_grouping() {
        assert_eq!(csv_number(1234567.25, Lang::De), "1234567,25");
        assert_eq!(csv_number(12.0, Lang::En), "12");
        assert_eq!(csv_number(-0.0000001, Lang::En), "0");
        assert_eq!(csv_number(2.0 / 3.0, Lang::En), "0.666667");
    }

    #[test]
    fn xlsx_writes_text_as_strings_never_as_formulas() {
        let bytes = to_xlsx(&sample(), Lang::De).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"));
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut read = |name: &str| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
            text
        };
        let sheet = read("xl/worksheets/sheet1.xml");
        assert!(!sheet.contains("<f>"), "{sheet}");
        assert!(sheet.contains("<v>-1234.5</v>"), "{sheet}");
        // Float noise of a computation is rounded as in the CSV (0.1 + 0.2 is 0.3 there too).
        assert!(sheet.contains("<v>0.3</v>"), "{sheet}");
        assert!(!sheet.contains("0.30000000000000004"), "{sheet}");
        let strings = read("xl/sharedStrings.xml");
        assert!(strings.contains("=HYPERLINK"), "{strings}");
        let book = read("xl/workbook.xml");
        assert!(book.contains("name=\"Daten\"") && book.contains("name=\"Info\""));
    }

    #[test]
    fn download_names_are_encoded_after_rfc_5987() {
        let value = content_disposition("Lübeck Profil.csv");
        assert_eq!(
            value.to_str().unwrap(),
            "attachment; filename=\"Luebeck_Profil.csv\"; filename*=UTF-8''L%C3%BCbeck%20Profil.csv"
        );
        let evil = content_disposition("a\"b\r\n.csv");
        assert_eq!(
            evil.to_str().unwrap(),
            "attachment; filename=\"a_b__.csv\"; filename*=UTF-8''a%22b%0D%0A.csv"
        );
    }
}
