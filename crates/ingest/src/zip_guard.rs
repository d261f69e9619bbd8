//! Guards for zip containers (XLSX, ODS) that run before the spreadsheet library sees a byte
//! (RELIABILITY.md rules 8 and 9): entry count, declared and actual decompressed size, compression
//! ratio, a readable archive (corrupt or truncated files are refused here), and for ODS the number
//! of cells that repeated rows and columns would expand to (counted in `ods_content`'s one pass,
//! which also finds the percentage cells), and that no cell lies beyond the last row or column the
//! spreadsheet library reads (it would drop it without a word). For XLSX the same read of every
//! entry checks the cell references (`xlsx_refs`). A GENESIS flat-file ZIP gets the same
//! entry-count, size and ratio guards, without the spreadsheet checks.

use std::io::{BufReader, Cursor, Read};

use zip::ZipArchive;

use crate::limits::Limits;
use crate::ods_content::{self, Outside, PercentSheets};
use crate::report::{Code, ColumnRef, Issue, issue};
use crate::xlsx_refs::{self, Refused};

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

/// A cell past row 1,048,576 or column XFD: refused, because calamine would drop it silently.
fn outside(at: &Outside) -> Issue {
    let row = usize::try_from(at.row.saturating_add(1)).unwrap_or(usize::MAX);
    // Clamped so the column number (index + 1) cannot overflow; such columns never occur in files.
    let col = usize::try_from(at.col.min(u64::from(u32::MAX))).unwrap_or(0);
    let column = ColumnRef::new(col, "");
    let (de_sheet, en_sheet) = match &at.sheet {
        Some(name) => (format!("Das Blatt „{name}“"), format!("Sheet \"{name}\"")),
        None => ("Ein Blatt".to_owned(), "A sheet".to_owned()),
    };
    let letter = column.letter.clone();
    issue(Code::TableDimensions).row(row).at(Some(column)).msg(
        format!("{de_sheet} ist größer, als eine Tabellenkalkulation fassen kann: Zeile {row}, Spalte {letter} ist gefüllt. Bitte die Tabelle aufteilen oder die Zellen unterhalb von Zeile 1.048.576 und rechts von Spalte XFD entfernen."),
        format!("{en_sheet} is larger than a spreadsheet can hold: row {row}, column {letter} is filled. Split it, or remove the cells below row 1,048,576 and right of column XFD."),
    )
}

/// Counts the bytes that come out of an entry, whoever reads them.
struct Counted<R> {
    inner: R,
    bytes: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

/// What a zip container holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    Xlsx,
    Ods,
    /// Not a spreadsheet (a GENESIS flat-file ZIP): sizes and counts only.
    Plain,
}

/// Checks the container; `Ok` means the spreadsheet library may open it. For ODS it also hands
/// back the percentage cells, found in the same pass over `content.xml` (empty otherwise).
pub(crate) fn check(
    bytes: &[u8],
    limits: &Limits,
    container: Container,
) -> Result<PercentSheets, Issue> {
    let ods = container == Container::Ods;
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
        let mut counted = Counted {
            inner: entry.take(budget),
            bytes: 0,
        };
        if container == Container::Xlsx {
            xlsx_refs::check(BufReader::new(&mut counted)).map_err(|refused| match refused {
                Refused::Invalid(text) => corrupt(format!("cell reference \"{text}\"")),
                Refused::Outside(at) => outside(&at),
                Refused::Unreadable(detail) => corrupt(detail),
            })?;
        }
        std::io::copy(&mut counted, &mut std::io::sink()).map_err(corrupt)?;
        actual += counted.bytes;
        if actual > max_total {
            return Err(too_big());
        }
    }
    if !ods {
        return Ok(PercentSheets::new());
    }
    let content = archive.by_name("content.xml").map_err(corrupt)?;
    let scan =
        ods_content::scan(BufReader::new(content), limits.max_sheet_cells).map_err(corrupt)?;
    if let Some(at) = &scan.outside {
        return Err(outside(at));
    }
    let cells = scan.dense_cells;
    if cells > limits.max_sheet_cells {
        let max = limits.max_sheet_cells;
        return Err(issue(Code::TableDimensions).value(cells.to_string()).msg(
            format!("Die Tabellen würden auf {cells} Zellen anwachsen (wiederholte Zeilen/Spalten); erlaubt sind {max}."),
            format!("The sheets would expand to {cells} cells (repeated rows/columns); at most {max} are allowed."),
        ));
    }
    Ok(scan.percent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_a_corrupt_archive() {
        let err = check(b"PK\x03\x04garbage", &Limits::default(), Container::Xlsx).unwrap_err();
        assert_eq!(err.code, Code::FormatError);
    }
}
