//! The ZIP the GENESIS REST API wraps a flat file in: recognised by one `*_flat.csv` entry and no
//! spreadsheet parts, unpacked after the same zip guards as XLSX and ODS (entry count, declared and
//! actual size, compression ratio).

use std::io::{Cursor, Read};

use crate::limits::Limits;
use crate::report::{Code, Issue, issue};
use crate::zip_guard::{self, Container};

/// The flat file inside a ZIP: an entry named `*_flat.csv` in a container without spreadsheet
/// parts (those are XLSX or ODS).
pub(crate) fn zip_entry(bytes: &[u8]) -> Option<String> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    if names
        .iter()
        .any(|n| n == "[Content_Types].xml" || n == "mimetype")
    {
        return None;
    }
    names
        .into_iter()
        .find(|n| n.to_ascii_lowercase().ends_with("_flat.csv"))
}

/// The flat file's bytes, after the zip guards; the ZIP must hold that one file.
pub(crate) fn unzip(bytes: &[u8], entry: &str, limits: &Limits) -> Result<Vec<u8>, Issue> {
    zip_guard::check(bytes, limits, Container::Plain)?;
    let corrupt = |detail: String| {
        issue(Code::FormatError).value(entry).msg(
            format!("Das ZIP-Archiv ist nicht lesbar ({detail}). Bitte erneut herunterladen."),
            format!("The ZIP archive cannot be read ({detail}). Download it again."),
        )
    };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
    if archive.len() != 1 {
        let n = archive.len();
        return Err(issue(Code::FormatError).value(n.to_string()).msg(
            format!("Das ZIP-Archiv enthält {n} Dateien; erwartet wird genau eine GENESIS-Flatfile (*_flat.csv)."),
            format!("The ZIP archive holds {n} files; exactly one GENESIS flat file (*_flat.csv) is expected."),
        ));
    }
    let file = archive.by_name(entry).map_err(|e| corrupt(e.to_string()))?;
    let mut out = Vec::new();
    file.take(limits.max_decompressed_bytes)
        .read_to_end(&mut out)
        .map_err(|e| corrupt(e.to_string()))?;
    Ok(out)
}
