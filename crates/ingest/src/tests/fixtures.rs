//! Builders for test workbooks: XLSX through rust_xlsxwriter and ODS as a hand-assembled zip
//! (no office suite on the build machines), from rows of simple cells.

use std::io::Write;

use rust_xlsxwriter::{Format, Formula, Workbook};
use zip::write::SimpleFileOptions;

/// A cell of a test sheet.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum C {
    S(String),
    N(f64),
    /// A number formatted as a percentage: the stored fraction (0.07 is shown "7 %").
    P(f64),
    /// A formula whose cached result is an Excel error such as `#DIV/0!`.
    Err(&'static str),
    Blank,
}

pub(crate) fn s(text: &str) -> C {
    C::S(text.to_owned())
}

pub(crate) type Rows = Vec<Vec<C>>;

pub(crate) fn xlsx(sheets: &[(&str, Rows)]) -> Vec<u8> {
    let mut book = Workbook::new();
    let percent = Format::new().set_num_format("0.00%");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    C::S(text) => {
                        sheet.write_string(r, c, text).unwrap();
                    }
                    C::N(n) => {
                        sheet.write_number(r, c, *n).unwrap();
                    }
                    C::P(n) => {
                        sheet.write_number_with_format(r, c, *n, &percent).unwrap();
                    }
                    C::Err(e) => {
                        sheet
                            .write_formula(r, c, Formula::new("=1/0").set_result(*e))
                            .unwrap();
                    }
                    C::Blank => {}
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// An XLSX of one sheet "Daten" whose worksheet XML is `sheet` as it is, valid or not.
pub(crate) fn xlsx_with_sheet_xml(sheet: &str) -> Vec<u8> {
    let base = xlsx(&[("Daten", vec![vec![s("x")]])]);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.name().unwrap().into_owned();
        zip.start_file(name.as_str(), SimpleFileOptions::default())
            .unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            zip.write_all(sheet.as_bytes()).unwrap();
        } else {
            std::io::copy(&mut entry, &mut zip).unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One content.xml cell, `columns` times (`table:number-columns-repeated` when more than one).
pub(crate) fn ods_cell(cell: &C, columns: usize) -> String {
    let repeated = if columns == 1 {
        String::new()
    } else {
        format!(" table:number-columns-repeated=\"{columns}\"")
    };
    match cell {
        C::S(text) => format!(
            "<table:table-cell{repeated} office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
            xml_escape(text)
        ),
        C::N(n) => format!(
            "<table:table-cell{repeated} office:value-type=\"float\" office:value=\"{n}\"><text:p>{n}</text:p></table:table-cell>"
        ),
        C::P(n) => format!(
            "<table:table-cell{repeated} office:value-type=\"percentage\" office:value=\"{n}\"><text:p>{} %</text:p></table:table-cell>",
            n * 100.0
        ),
        C::Err(e) => format!(
            "<table:table-cell{repeated} table:formula=\"of:=1/0\" office:value-type=\"string\" office:string-value=\"{e}\"><text:p>{e}</text:p></table:table-cell>"
        ),
        C::Blank => format!("<table:table-cell{repeated}/>"),
    }
}

/// content.xml rows for an ODS sheet; `extra` is appended raw (repeated rows and the like).
pub(crate) fn ods_table(name: &str, rows: &Rows, extra: &str) -> String {
    let mut xml = format!("<table:table table:name=\"{}\">", xml_escape(name));
    for row in rows {
        xml.push_str("<table:table-row>");
        for cell in row {
            xml.push_str(&ods_cell(cell, 1));
        }
        xml.push_str("</table:table-row>");
    }
    xml.push_str(extra);
    xml.push_str("</table:table>");
    xml
}

/// The `content.xml` that [`ods_from_tables`] packs.
pub(crate) fn ods_content_xml(tables: &[String]) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
<office:body><office:spreadsheet>{}</office:spreadsheet></office:body></office:document-content>",
        tables.concat()
    )
}

pub(crate) fn ods_from_tables(tables: &[String]) -> Vec<u8> {
    ods_with_content(&ods_content_xml(tables))
}

/// An ODS container around `content` as it is, well-formed or not.
pub(crate) fn ods_with_content(content: &str) -> Vec<u8> {
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
</manifest:manifest>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

pub(crate) fn ods(sheets: &[(&str, Rows)]) -> Vec<u8> {
    let tables: Vec<String> = sheets
        .iter()
        .map(|(name, rows)| ods_table(name, rows, ""))
        .collect();
    ods_from_tables(&tables)
}

/// A zip with one entry of `size` zero bytes, deflated (a tiny file that unpacks large).
pub(crate) fn zip_of_zeros(size: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", deflated)
        .unwrap();
    zip.write_all(&vec![b' '; size]).unwrap();
    zip.finish().unwrap().into_inner()
}

/// The canonical long header and rows of a small table.
pub(crate) fn long_rows() -> Rows {
    vec![
        vec![
            s("Kommune"),
            s("Indikator"),
            s("Jahr"),
            s("Wert"),
            s("Status"),
        ],
        vec![
            s("07312000"),
            s("auslaenderanteil"),
            C::N(2023.0),
            C::N(12.5),
            s("A"),
        ],
        vec![
            s("07312000"),
            s("bevoelkerung"),
            C::N(2023.0),
            C::N(100_000.0),
            C::Blank,
        ],
        vec![
            s("01003000"),
            s("einbuergerungsquote"),
            C::N(2022.0),
            s("."),
            C::Blank,
        ],
    ]
}
