//! Deciding what an upload is from its bytes (never from its name), comparing that with the
//! file name's extension, and decoding CSV text (UTF-8 with or without BOM, UTF-16 with BOM,
//! Windows-1252) without ever producing mojibake.

use std::borrow::Cow;

use crate::report::{Code, Format, Issue, issue};

/// What the first bytes say. Zip containers are told apart by ODS's stored `mimetype` entry.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Format, Issue> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let ods = bytes.get(30..38) == Some(b"mimetype")
            && bytes
                .get(38..38 + 64)
                .or_else(|| bytes.get(38..))
                .is_some_and(|rest| rest.windows(24).any(|w| w == b"opendocument.spreadsheet"));
        return Ok(if ods { Format::Ods } else { Format::Xlsx });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(issue(Code::UnsupportedFormat).msg(
            "Das alte Excel-Format XLS (97–2003) wird nicht unterstützt. Bitte als XLSX oder CSV speichern.",
            "The old Excel format XLS (97–2003) is not supported. Save the file as XLSX or CSV.",
        ));
    }
    if let Some(kind) = other_file_kind(bytes) {
        return Err(issue(Code::UnsupportedFormat).value(kind).msg(
            format!("Die Datei ist ein {kind}, keine Tabelle. Bitte die Daten als CSV, XLSX, ODS oder JSON hochladen (z. B. die Vorlage)."),
            format!("The file is a {kind}, not a table. Upload the data as CSV, XLSX, ODS or JSON (e.g. the template)."),
        ));
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{' | b'[') => Ok(Format::Json),
        _ => Ok(Format::Csv),
    }
}

/// Files people send by mistake instead of the table (a scan, a screenshot, a packed file),
/// recognised by their first bytes.
fn other_file_kind(bytes: &[u8]) -> Option<&'static str> {
    const KINDS: [(&[u8], &str); 6] = [
        (b"%PDF-", "PDF"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"GIF8", "GIF"),
        (b"\x1F\x8B", "gzip"),
        (b"7z\xBC\xAF\x27\x1C", "7z"),
    ];
    KINDS
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// The format a file name's extension promises, if it names one we know.
pub(crate) fn format_of_name(file_name: &str) -> Option<Format> {
    let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" | "tsv" | "tab" => Some(Format::Csv),
        "xlsx" | "xlsm" => Some(Format::Xlsx),
        "ods" => Some(Format::Ods),
        "json" => Some(Format::Json),
        _ => None,
    }
}

pub(crate) fn format_label(format: Format) -> &'static str {
    match format {
        Format::Csv => "CSV",
        Format::Xlsx => "XLSX",
        Format::Xls => "XLS",
        Format::Ods => "ODS",
        Format::Json => "JSON",
        Format::Unknown => "?",
    }
}

/// An error when the name promises another format than the bytes hold; the content still gets
/// read so the report lists its problems too.
pub(crate) fn name_mismatch(file_name: &str, detected: Format) -> Option<Issue> {
    let named = format_of_name(file_name)?;
    (named != detected).then(|| {
        let (n, d) = (format_label(named), format_label(detected));
        issue(Code::FileNameMismatch).value(file_name).msg(
            format!(
                "Der Dateiname endet auf {n}, der Inhalt ist aber {d}. Bitte die Datei im Format {n} speichern oder passend umbenennen."
            ),
            format!(
                "The file name says {n}, but the content is {d}. Save the file as {n} or rename it to match."
            ),
        )
    })
}

/// Decodes CSV bytes. Returns the text and the encoding's name.
pub(crate) fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), Issue> {
    let utf16 = |encoding: &'static encoding_rs::Encoding, body: &[u8], name: &'static str| {
        encoding
            .decode_without_bom_handling_and_without_replacement(body)
            .map(|text| (Cow::Owned(text.into_owned()), name))
            .ok_or_else(|| encoding_error(name))
    };
    if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(body)
            .map(|text| (Cow::Borrowed(text), "utf-8-bom"))
            .map_err(|_| encoding_error("utf-8-bom"));
    }
    if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(encoding_rs::UTF_16LE, body, "utf-16le");
    }
    if let Some(body) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(encoding_rs::UTF_16BE, body, "utf-16be");
    }
    if bytes.contains(&0) {
        return Err(issue(Code::EncodingError).msg(
            "Die Datei enthält Nullbytes: sie ist keine Textdatei oder UTF-16 ohne BOM. Bitte als „CSV UTF-8“ speichern.",
            "The file contains NUL bytes: it is not text, or UTF-16 without a BOM. Save it as \"CSV UTF-8\".",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), "utf-8")),
        Err(_) if has_utf8_sequences(bytes) => Err(issue(Code::EncodingError).msg(
            "Die Datei mischt UTF-8 mit einer anderen Kodierung; Umlaute würden verfälscht. Bitte als „CSV UTF-8“ neu speichern.",
            "The file mixes UTF-8 with another encoding; umlauts would be garbled. Save it again as \"CSV UTF-8\".",
        )),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((Cow::Owned(text.into_owned()), "windows-1252"))
        }
    }
}

fn encoding_error(name: &str) -> Issue {
    issue(Code::EncodingError).value(name).msg(
        format!("Die Datei ist nicht gültig als {name} kodiert. Bitte als „CSV UTF-8“ speichern."),
        format!("The file is not valid {name}. Save it as \"CSV UTF-8\"."),
    )
}

/// True if the bytes contain at least one well-formed multi-byte UTF-8 sequence: then an invalid
/// byte elsewhere means a mixed file, not Windows-1252.
fn has_utf8_sequences(bytes: &[u8]) -> bool {
    bytes
        .windows(2)
        .any(|w| matches!(w[0], 0xC2..=0xEF) && matches!(w[1], 0x80..=0xBF))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_bytes_are_spreadsheets_whatever_the_name() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Ok(Format::Xlsx));
        assert_eq!(sniff(b"\xEF\xBB\xBF {\"a\":1}"), Ok(Format::Json));
        assert_eq!(sniff(b"Kommune;Jahr"), Ok(Format::Csv));
        assert_eq!(sniff(b""), Ok(Format::Csv));
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).map_err(|i| i.code),
            Err(Code::UnsupportedFormat)
        );
    }

    #[test]
    fn pdf_and_images_are_unsupported_formats_not_broken_csv() {
        for (bytes, kind) in [
            (&b"%PDF-1.7\n%\xE2\xE3"[..], "PDF"),
            (&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], "PNG"),
            (&b"\xFF\xD8\xFF\xE0\0\x10JFIF"[..], "JPEG"),
            (&b"GIF89a"[..], "GIF"),
            (&b"\x1F\x8B\x08\0"[..], "gzip"),
        ] {
            let issue = sniff(bytes).expect_err(kind);
            assert_eq!(issue.code, Code::UnsupportedFormat, "{kind}");
            assert_eq!(issue.value.as_deref(), Some(kind));
        }
        // One byte short of a signature is text.
        assert_eq!(sniff(b"%PDF"), Ok(Format::Csv));
    }

    #[test]
    fn csv_name_with_xlsx_bytes_is_a_mismatch_naming_both() {
        let issue = name_mismatch("daten.csv", Format::Xlsx).unwrap();
        assert_eq!(issue.code, Code::FileNameMismatch);
        assert!(issue.message_en.contains("CSV") && issue.message_en.contains("XLSX"));
        assert!(name_mismatch("Daten.XLSX", Format::Xlsx).is_none());
        assert!(name_mismatch("daten", Format::Csv).is_none());
        assert!(name_mismatch("daten.xlsx", Format::Csv).is_some());
    }

    #[test]
    fn encodings_are_detected_and_named() {
        assert_eq!(decode(b"a;b").unwrap().1, "utf-8");
        assert_eq!(decode(b"\xEF\xBB\xBFa").unwrap(), ("a".into(), "utf-8-bom"));
        let latin = decode(b"M\xfcnchen").unwrap();
        assert_eq!(latin, ("München".into(), "windows-1252"));
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Jahr;Wert".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&le).unwrap(), ("Jahr;Wert".into(), "utf-16le"));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Wü".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode(&be).unwrap(), ("Wü".into(), "utf-16be"));
    }

    #[test]
    fn mixed_utf8_and_latin1_is_an_encoding_error_not_mojibake() {
        let err = decode(
            "Würzburg;M\u{fc}nchen"
                .as_bytes()
                .iter()
                .copied()
                .chain([0xfc])
                .collect::<Vec<_>>()
                .as_slice(),
        )
        .unwrap_err();
        assert_eq!(err.code, Code::EncodingError);
        assert_eq!(decode(b"a\0b").unwrap_err().code, Code::EncodingError);
        assert_eq!(
            decode(b"\xEF\xBB\xBFa\xfc").unwrap_err().code,
            Code::EncodingError
        );
    }
}
