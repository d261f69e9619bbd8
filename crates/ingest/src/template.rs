//! Upload templates for one municipality: its key pre-filled, one row per catalogue indicator and
//! year in the long layout, as XLSX (with a second sheet of definitions, units, allowed values and
//! status codes) or as CSV in the German Excel dialect (`;`, UTF-8 with BOM). A filled template
//! uploads without changes to its structure.

use std::ops::RangeInclusive;

use rust_xlsxwriter::{Format, FormatBorder, Workbook};
use vergleich_domain::{Ags, Catalogue, Cohort, Indicator};

use crate::error::IngestError;
use crate::table::format_number;

/// The columns of the data sheet; every label is one the reader knows.
pub const COLUMNS: [&str; 11] = [
    "Kommune",
    "Name",
    "Indikator",
    "Bezeichnung",
    "Einheit",
    "Jahr",
    "Wert",
    "Status",
    "Grund",
    "Anmerkung",
    "Quelle",
];

/// Status codes and markers explained on the second sheet and in the README.
pub const STATUS_CODES: [(&str, &str, &str); 9] = [
    (
        "A",
        "normaler Wert (Standard, wenn leer)",
        "normal value (default when empty)",
    ),
    ("P", "vorläufiger Wert", "provisional value"),
    ("E", "geschätzter Wert", "estimated value"),
    ("M", "fehlt: Grund angeben", "missing: give a reason"),
    (
        "-",
        "genau null (wird als 0 gespeichert)",
        "exactly zero (stored as 0)",
    ),
    (
        ".",
        "geheim oder unbekannt (M, secret)",
        "secret or unknown (M, secret)",
    ),
    (
        "...",
        "liegt noch nicht vor (M, not_available)",
        "not yet available (M, not_available)",
    ),
    (
        "x",
        "nicht sinnvoll (M, not_meaningful)",
        "not meaningful (M, not_meaningful)",
    ),
    (
        "/",
        "zu unsicher (M, unreliable)",
        "too uncertain (M, unreliable)",
    ),
];

fn bound(value: Option<f64>) -> String {
    value.map(format_number).unwrap_or_default()
}

fn rows<'a>(
    catalogue: &'a Catalogue,
    years: &RangeInclusive<i32>,
) -> impl Iterator<Item = (&'a Indicator, i32)> {
    catalogue
        .indicators
        .iter()
        .flat_map(move |ind| years.clone().map(move |year| (ind, year)))
}

fn name_of(cohort: &Cohort, key: &Ags) -> Result<String, IngestError> {
    cohort
        .get(key)
        .map(|m| m.name.clone())
        .ok_or_else(|| IngestError::UnknownMunicipality {
            key: key.to_string(),
        })
}

/// The XLSX template: sheet "Daten" to fill, sheet "Erläuterungen" to read.
pub fn xlsx_template(
    catalogue: &Catalogue,
    cohort: &Cohort,
    municipality: &Ags,
    years: RangeInclusive<i32>,
) -> Result<Vec<u8>, IngestError> {
    let name = name_of(cohort, municipality)?;
    let mut book = Workbook::new();
    let bold = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let text = Format::new().set_num_format("@");
    let data = book.add_worksheet();
    data.set_name("Daten")?;
    for (col, label) in COLUMNS.iter().enumerate() {
        data.write_string_with_format(0, col as u16, *label, &bold)?;
    }
    // Keys and free text are text, so Excel keeps leading zeros and does not guess dates.
    for col in [0u16, 2, 7, 8, 9, 10] {
        data.set_column_format(col, &text)?;
    }
    data.set_column_width(3, 45)?;
    data.set_freeze_panes(1, 0)?;
    for (i, (ind, year)) in rows(catalogue, &years).enumerate() {
        let row = i as u32 + 1;
        data.write_string_with_format(row, 0, municipality.as_str(), &text)?;
        data.write_string(row, 1, &name)?;
        data.write_string_with_format(row, 2, ind.id.as_str(), &text)?;
        data.write_string(row, 3, &ind.label_de)?;
        data.write_string(row, 4, &ind.unit)?;
        data.write_number(row, 5, f64::from(year))?;
    }
    let help = book.add_worksheet();
    help.set_name("Erläuterungen")?;
    // Labels here are deliberately not upload column names, so this sheet is never taken for data.
    let header = [
        "Kennung (ID)",
        "Bezeichnung (deutsch)",
        "Label (English)",
        "Definition (deutsch)",
        "Definition (English)",
        "Maßeinheit / unit",
        "erlaubt ab / min",
        "erlaubt bis / max",
        "Datenherkunft / origin",
    ];
    for (col, label) in header.iter().enumerate() {
        help.write_string_with_format(0, col as u16, *label, &bold)?;
    }
    for (i, ind) in catalogue.indicators.iter().enumerate() {
        let row = i as u32 + 1;
        let cells = [
            ind.id.as_str(),
            &ind.label_de,
            &ind.label_en,
            &ind.definition_de,
            &ind.definition_en,
            &ind.unit,
            &bound(ind.min),
            &bound(ind.max),
            &ind.source,
        ];
        for (col, cell) in cells.iter().enumerate() {
            help.write_string(row, col as u16, *cell)?;
        }
    }
    let start = catalogue.indicators.len() as u32 + 2;
    help.write_string_with_format(start, 0, "Status / Zeichen", &bold)?;
    help.write_string_with_format(start, 1, "Bedeutung", &bold)?;
    help.write_string_with_format(start, 2, "Meaning", &bold)?;
    for (i, (code, de, en)) in STATUS_CODES.iter().enumerate() {
        let row = start + 1 + i as u32;
        help.write_string(row, 0, *code)?;
        help.write_string(row, 1, *de)?;
        help.write_string(row, 2, *en)?;
    }
    Ok(book.save_to_buffer()?)
}

/// The CSV template in the German Excel dialect: `;`, UTF-8 with BOM, CRLF.
pub fn csv_template(
    catalogue: &Catalogue,
    cohort: &Cohort,
    municipality: &Ags,
    years: RangeInclusive<i32>,
) -> Result<Vec<u8>, IngestError> {
    let name = name_of(cohort, municipality)?;
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        writer.write_record(COLUMNS)?;
        for (ind, year) in rows(catalogue, &years) {
            let year = year.to_string();
            writer.write_record([
                municipality.as_str(),
                &name,
                ind.id.as_str(),
                &ind.label_de,
                &ind.unit,
                &year,
                "",
                "",
                "",
                "",
                "",
            ])?;
        }
        writer.flush().map_err(csv::Error::from)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
