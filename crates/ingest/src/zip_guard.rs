//! Guards for zip containers (XLSX, ODS) that run before the spreadsheet library sees a byte
//! (RELIABILITY.md rules 8 and 9): entry count, declared and actual decompressed size, compression
//! ratio, a readable archive (corrupt or truncated files are refused here), and for ODS the number
//! of cells that repeated rows and columns would expand to.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use crate::limits::Limits;
use crate::report::{Code, Issue, issue};

/// Entries smaller than this are exempt from the ratio check (tiny XML compresses very well).
const RATIO_FLOOR: u64 = 1 << 20;

fn corrupt(detail: impl std::fmt::Display) -> Issue {
    issue(Code::FormatError).msg(
        format!("Die Datei ist beschädigt oder unvollständig ({detail}). Bitte erneut speichern und hochladen."),
        format!("The file is corrupt or truncated ({detail}). Save it again and upload it."),
    )
}

fn limit(de: String, en: String) -> Issue {
    issue(Code::ArchiveLimit).msg(de, en)
}

/// Checks the container; `Ok` means the spreadsheet library may open it.
pub(crate) fn check(bytes: &[u8], limits: &Limits, ods: bool) -> Result<(), Issue> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    let entries = archive.len();
    if entries > limits.max_zip_entries {
        let max = limits.max_zip_entries;
        return Err(limit(
            format!("Die Datei enthält {entries} Einträge; erlaubt sind höchstens {max}."),
            format!("The file holds {entries} entries; at most {max} are allowed."),
        ));
    }
    let max_total = limits.max_decompressed_bytes;
    let too_big = || {
        limit(
            format!("Entpackt wäre die Datei größer als {max_total} Bytes."),
            format!("Unpacked, the file would exceed {max_total} bytes."),
        )
    };
    let mut declared = 0u64;
    for index in 0..entries {
        let entry = archive.by_index_raw(index).map_err(corrupt)?;
        let (size, packed) = (entry.size(), entry.compressed_size());
        declared = declared.saturating_add(size);
        if size > RATIO_FLOOR && size > packed.saturating_mul(limits.max_compression_ratio) {
            let ratio = limits.max_compression_ratio;
            return Err(limit(
                format!(
                    "Ein Eintrag ist mehr als {ratio}-fach komprimiert (Verdacht auf ZIP-Bombe)."
                ),
                format!("An entry is compressed more than {ratio}-fold (suspected zip bomb)."),
            ));
        }
    }
    if declared > max_total {
        return Err(too_big());
    }
    // Declared sizes can lie: count what really comes out, stopping one byte past the limit.
    let mut actual = 0u64;
    for index in 0..entries {
        let entry = archive.by_index(index).map_err(corrupt)?;
        let budget = (max_total - actual).saturating_add(1);
        let read = std::io::copy(&mut entry.take(budget), &mut std::io::sink()).map_err(corrupt)?;
        actual += read;
        if actual > max_total {
            return Err(too_big());
        }
    }
    if ods {
        let content = archive.by_name("content.xml").map_err(corrupt)?;
        let cells = ods_dense_cells(BufReader::new(content)).map_err(corrupt)?;
        if cells > limits.max_sheet_cells {
            let max = limits.max_sheet_cells;
            return Err(issue(Code::TableDimensions).value(cells.to_string()).msg(
                format!("Die Tabellen würden auf {cells} Zellen anwachsen (wiederholte Zeilen/Spalten); erlaubt sind {max}."),
                format!("The sheets would expand to {cells} cells (repeated rows/columns); at most {max} are allowed."),
            ));
        }
    }
    Ok(())
}

fn repeat(e: &BytesStart<'_>, name: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}

fn has_value(e: &BytesStart<'_>) -> bool {
    e.attributes()
        .flatten()
        .any(|a| a.key.as_ref() == "office:value-type")
}

/// An upper bound of the cells a dense reader lays out for all tables of `content.xml`: per
/// table, the rows from the first to the last non-empty one (repeats expanded) times the widest
/// non-empty row. Trailing empty repeats, which LibreOffice writes by the million, cost nothing.
fn ods_dense_cells<R: std::io::BufRead>(input: R) -> Result<u64, String> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::new();
    let (mut total, mut rows, mut first, mut last, mut width) = (0u64, 0u64, None, 0u64, 0u64);
    let (mut row_repeat, mut col, mut row_width) = (1u64, 0u64, 0u64);
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?;
        let (start, e) = match &event {
            Event::Start(e) => (true, e),
            Event::Empty(e) => (false, e),
            Event::End(e) => {
                match e.name().as_ref() {
                    "table:table-row" => {
                        if row_width > 0 {
                            first.get_or_insert(rows);
                            last = rows.saturating_add(row_repeat);
                            width = width.max(row_width);
                        }
                        rows = rows.saturating_add(row_repeat);
                    }
                    "table:table" => {
                        let span = first.map_or(0, |f| last - f);
                        total = total.saturating_add(span.saturating_mul(width));
                        (rows, first, last, width) = (0, None, 0, 0);
                    }
                    _ => {}
                }
                buf.clear();
                continue;
            }
            Event::Eof => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        match e.name().as_ref() {
            "table:table-row" => {
                row_repeat = repeat(e, "table:number-rows-repeated");
                (col, row_width) = (0, 0);
                if !start {
                    rows = rows.saturating_add(row_repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                col = col.saturating_add(repeat(e, "table:number-columns-repeated"));
                if start || has_value(e) {
                    row_width = col;
                }
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &str) -> String {
        format!(
            "<office:document-content><table:table>{rows}</table:table></office:document-content>"
        )
    }

    #[test]
    fn trailing_empty_repeats_cost_nothing_but_repeated_values_do() {
        let plain = table(
            r#"<table:table-row><table:table-cell office:value-type="float"/><table:table-cell table:number-columns-repeated="3"/></table:table-row>
               <table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
        );
        assert_eq!(ods_dense_cells(plain.as_bytes()), Ok(1));
        let bomb = table(
            r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float"/></table:table-row>"#,
        );
        assert_eq!(ods_dense_cells(bomb.as_bytes()), Ok(1_000_000_000));
    }

    #[test]
    fn garbage_is_a_corrupt_archive() {
        let err = check(b"PK\x03\x04garbage", &Limits::default(), false).unwrap_err();
        assert_eq!(err.code, Code::FormatError);
    }
}
