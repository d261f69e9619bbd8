//! INKAR (BBSR) CSV export: UTF-8 with BOM, `;`, data fields double-quoted, decimal comma. Row 1
//! `Kennziffer;Raumeinheit;Aggregat;<indicator>…` with the indicator's name repeated per year,
//! row 2 `;;;<year>…`, then one row per region, wide by year, no footer. The file states no unit.

use crate::limits::Limits;
use crate::official::section::SourceFormat;
use crate::official::{Quality, Series, Table, Value, within_limits};
use crate::report::{Code, ColumnRef, Issue, issue};

const LEAD: usize = 3;

/// Reads the export; `None` when its two header rows cannot be understood.
pub(crate) fn read(text: &str, limits: &Limits, issues: &mut Vec<Issue>) -> Option<Table> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records().filter_map(Result::ok).map(|record| {
        let line = record.position().map_or(0, |p| p.line() as usize);
        (line, record)
    });
    let mut table = Table::new(SourceFormat::Inkar);
    table.title = Some("INKAR (BBSR)".to_owned());
    let (Some((_, names)), Some((years_row, years))) = (records.next(), records.next()) else {
        issues.push(issue(Code::TableDimensions).row(1).msg(
            "Der INKAR-Export braucht zwei Kopfzeilen (Indikator, Jahre).",
            "The INKAR export needs two header rows (indicator, years).",
        ));
        return None;
    };
    if !within_limits(1, 0, &names, limits, issues) {
        return None;
    }
    let width = names.len();
    if years.len() != width || width <= LEAD {
        issues.push(
            issue(Code::TableDimensions)
                .row(years_row)
                .value(years.len().to_string())
                .msg(
                    format!("Die Jahreszeile hat {} Zellen, die Indikatorzeile {width}; es wird mindestens eine Wertspalte erwartet.", years.len()),
                    format!("The year row has {} cells, the indicator row {width}; at least one value column is expected.", years.len()),
                ),
        );
        return None;
    }
    let mut columns: Vec<(usize, i32)> = Vec::new();
    table.columns = ["Kennziffer", "Raumeinheit", "Aggregat"]
        .iter()
        .enumerate()
        .map(|(i, n)| ColumnRef::new(i, n))
        .collect();
    for col in LEAD..width {
        let name = names.get(col).unwrap_or("").trim();
        let year_text = years.get(col).unwrap_or("").trim();
        table
            .columns
            .push(ColumnRef::new(col, &format!("{name} {year_text}")));
        let year = (year_text.len() == 4)
            .then(|| year_text.parse::<i32>().ok())
            .flatten();
        let Some(year) = year.filter(|_| !name.is_empty()) else {
            issues.push(
                issue(Code::TypeError)
                    .row(years_row)
                    .at(Some(ColumnRef::new(col, name)))
                    .value(year_text)
                    .msg(
                        "Über jeder Wertspalte stehen der Indikator und ein vierstelliges Jahr.",
                        "Every value column has the indicator and a four-digit year above it.",
                    ),
            );
            return None;
        };
        let series = table.series_index(Series {
            code: name.to_owned(),
            attributes: Vec::new(),
            label: name.to_owned(),
            unit: None,
            unit_at: (1, col),
        });
        columns.push((series, year));
    }
    for (row, record) in records {
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        table.data_rows += 1;
        if !within_limits(row, table.data_rows, &record, limits, issues) {
            return None;
        }
        if record.len() != width {
            issues.push(
                issue(Code::TableDimensions)
                    .row(row)
                    .at(Some(ColumnRef::new(record.len().min(width), "")))
                    .value(record.len().to_string())
                    .msg(
                        format!("Die Zeile hat {} Zellen, die Kopfzeilen {width}. Bitte den Export unverändert hochladen.", record.len()),
                        format!("The row has {} cells, the header rows {width}. Upload the export unchanged.", record.len()),
                    ),
            );
            continue;
        }
        for (j, (series, year)) in columns.iter().enumerate() {
            table.values.push(Value {
                row,
                key: record.get(0).unwrap_or("").trim().to_owned(),
                key_col: 0,
                year: *year,
                year_col: LEAD + j,
                series: *series,
                col: LEAD + j,
                text: record.get(LEAD + j).unwrap_or("").trim().to_owned(),
                quality: Quality::Normal,
            });
        }
    }
    Some(table)
}
