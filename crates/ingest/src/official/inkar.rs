//! INKAR (BBSR) export, as CSV (UTF-8 with BOM, `;`, data fields double-quoted, decimal comma) or
//! as the legacy Excel `.xls` (BIFF, numbers as numbers): the same cells either way. Row 1
//! `Kennziffer;Raumeinheit;Aggregat;<indicator>…` with the indicator's name repeated per year,
//! row 2 `;;;<year>…`, then one row per region, wide by year, no footer. The file states no unit.

use crate::limits::Limits;
use crate::official::grid::{GridRow, Origin, from_csv};
use crate::official::section::SourceFormat;
use crate::official::{Quality, Series, Table, Value, within_limits};
use crate::report::{Code, ColumnRef, Issue, issue};

const LEAD: usize = 3;
const LEAD_NAMES: [&str; LEAD] = ["Kennziffer", "Raumeinheit", "Aggregat"];

/// True when the first row starts `Kennziffer`, `Raumeinheit`, `Aggregat`.
pub(crate) fn is_header(row: &GridRow) -> bool {
    LEAD_NAMES
        .iter()
        .enumerate()
        .all(|(i, n)| row.cell(i) == *n)
}

/// Reads the CSV export; `None` when its two header rows cannot be understood.
pub(crate) fn read(text: &str, limits: &Limits, issues: &mut Vec<Issue>) -> Option<Table> {
    read_grid(&from_csv(text), Origin::Csv, limits, issues)
}

fn cells(row: &GridRow) -> impl Iterator<Item = &str> {
    row.cells.iter().map(String::as_str)
}

/// Reads the export's cells, from the CSV or the XLS; `None` when its two header rows cannot be
/// understood.
pub(crate) fn read_grid(
    grid: &[GridRow],
    origin: Origin,
    limits: &Limits,
    issues: &mut Vec<Issue>,
) -> Option<Table> {
    let mut records = grid.iter();
    let mut table = Table::new(SourceFormat::Inkar);
    table.title = Some("INKAR (BBSR)".to_owned());
    let (Some(names), Some(years)) = (records.next(), records.next()) else {
        issues.push(issue(Code::TableDimensions).row(1).msg(
            "Der INKAR-Export braucht zwei Kopfzeilen (Indikator, Jahre).",
            "The INKAR export needs two header rows (indicator, years).",
        ));
        return None;
    };
    let years_row = years.row;
    if !within_limits(names.row, 0, cells(names), limits, issues) {
        return None;
    }
    // A spreadsheet row ends after its last filled cell: the header is as wide as its wider row.
    let width = match origin {
        Origin::Csv => names.cells.len(),
        Origin::Sheet => names.cells.len().max(years.cells.len()),
    };
    let years_width = match origin {
        Origin::Csv => years.cells.len(),
        Origin::Sheet => width,
    };
    if years_width != width || width <= LEAD {
        let found = years.cells.len();
        issues.push(
            issue(Code::TableDimensions)
                .row(years_row)
                .value(found.to_string())
                .msg(
                    format!("Die Jahreszeile hat {found} Zellen, die Indikatorzeile {width}; es wird mindestens eine Wertspalte erwartet."),
                    format!("The year row has {found} cells, the indicator row {width}; at least one value column is expected."),
                ),
        );
        return None;
    }
    let mut columns: Vec<(usize, i32)> = Vec::new();
    table.columns = LEAD_NAMES
        .iter()
        .enumerate()
        .map(|(i, n)| ColumnRef::new(i, n))
        .collect();
    for col in LEAD..width {
        let name = names.cell(col);
        let year_text = years.cell(col);
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
    for record in records {
        let row = record.row;
        if record.is_blank() {
            continue;
        }
        table.data_rows += 1;
        if !within_limits(row, table.data_rows, cells(record), limits, issues) {
            return None;
        }
        let ragged = match origin {
            Origin::Csv => record.cells.len() != width,
            Origin::Sheet => record.cells.len() > width,
        };
        if ragged {
            issues.push(
                issue(Code::TableDimensions)
                    .row(row)
                    .at(Some(ColumnRef::new(record.cells.len().min(width), "")))
                    .value(record.cells.len().to_string())
                    .msg(
                        format!("Die Zeile hat {} Zellen, die Kopfzeilen {width}. Bitte den Export unverändert hochladen.", record.cells.len()),
                        format!("The row has {} cells, the header rows {width}. Upload the export unchanged.", record.cells.len()),
                    ),
            );
            continue;
        }
        for (j, (series, year)) in columns.iter().enumerate() {
            table.values.push(Value {
                row,
                key: record.cell(0).to_owned(),
                key_col: 0,
                year: *year,
                year_col: LEAD + j,
                series: *series,
                col: LEAD + j,
                text: record.cell(LEAD + j).to_owned(),
                quality: Quality::Normal,
            });
        }
    }
    Some(table)
}
