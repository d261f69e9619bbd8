//! Official statistics as offices download them, recognised from the bytes before the column
//! mapping of ordinary uploads: the classic GENESIS table CSV, the GENESIS flat file (`ffcsv`,
//! plain or in its ZIP), the INKAR export (CSV or the legacy `.xls`); and, recognised from the
//! cells of an XLSX, a table of the Statistik der Bundesagentur für Arbeit (`ba`). Each reader
//! turns its file into one [`Table`]
//! (value cells with region key, year and variable); `emit` maps the variables to catalogue
//! indicators, resolves the keys against the cohort, applies the marker rules and hands the
//! values to the same validator every upload goes through.

use vergleich_domain::Observation;

use crate::context::IngestContext;
use crate::detect::decode;
use crate::limits::Limits;
use crate::report::{Code, ColumnRef, Format, Issue, ValidationReport, issue};

pub(crate) mod ba;
mod ba_text;
mod emit;
mod flat_zip;
mod genesis_flat;
mod genesis_header;
mod genesis_table;
pub(crate) mod grid;
mod inkar;
pub(crate) mod mapping;
mod regions;
pub(crate) mod section;
mod xls;
mod xls_guard;

use grid::{GridRow, Origin};
use section::SourceFormat;

/// The quality mark of a flat-file value (`value_q`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quality {
    /// Empty or `e` (final).
    Normal,
    /// `()`: restricted reliability; the number is given without the parentheses.
    Restricted,
}

/// One value variable: a value code plus the attributes of the other classifying variables.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series {
    pub(crate) code: String,
    pub(crate) attributes: Vec<(String, String)>,
    pub(crate) label: String,
    pub(crate) unit: Option<String>,
    /// Where the unit stands (for a unit error): 1-based row and 0-based column.
    pub(crate) unit_at: (usize, usize),
}

/// One value cell of an official table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Value {
    /// 1-based row as a spreadsheet shows it.
    pub(crate) row: usize,
    pub(crate) key: String,
    pub(crate) key_col: usize,
    pub(crate) year: i32,
    pub(crate) year_col: usize,
    pub(crate) series: usize,
    pub(crate) col: usize,
    pub(crate) text: String,
    pub(crate) quality: Quality,
}

/// What a reader hands on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    pub(crate) format: SourceFormat,
    pub(crate) table: Option<String>,
    pub(crate) statistic: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) stand: Option<String>,
    pub(crate) footnote: Option<String>,
    /// Column labels, for the report's coordinates.
    pub(crate) columns: Vec<ColumnRef>,
    pub(crate) series: Vec<Series>,
    pub(crate) values: Vec<Value>,
    /// Data rows read (header, title and footer lines excluded).
    pub(crate) data_rows: usize,
    /// Flat files: (row, earlier row it repeats exactly); read once.
    pub(crate) repeated: Vec<(usize, usize)>,
    /// BA tables: rows of regions without a key that are never members (West-, Ostdeutschland).
    pub(crate) aggregates: usize,
}

impl Table {
    pub(crate) fn new(format: SourceFormat) -> Self {
        Self {
            format,
            table: None,
            statistic: None,
            title: None,
            stand: None,
            footnote: None,
            columns: Vec::new(),
            series: Vec::new(),
            values: Vec::new(),
            data_rows: 0,
            repeated: Vec::new(),
            aggregates: 0,
        }
    }

    /// The index of a series, added on first sight.
    pub(crate) fn series_index(&mut self, series: Series) -> usize {
        match self
            .series
            .iter()
            .position(|s| s.code == series.code && s.attributes == series.attributes)
        {
            Some(index) => index,
            None => {
                self.series.push(series);
                self.series.len() - 1
            }
        }
    }
}

/// An official format and, for a ZIP, the flat file's entry name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Detected {
    Text(SourceFormat),
    FlatZip(String),
    /// INKAR's `.xls`: the cells of its sheet.
    InkarXls(Vec<GridRow>),
}

/// Recognises an official file. Text formats by their first line; a ZIP by one `*_flat.csv`
/// entry and no spreadsheet parts; an OLE2 compound file by an INKAR header in a sheet calamine
/// reads after the xls guard. (BA tables are XLSX: `spreadsheet` asks [`ba_sheets`].)
pub(crate) fn detect(bytes: &[u8], limits: &Limits) -> Option<Detected> {
    if bytes.starts_with(&xls::MAGIC) {
        return xls::inkar_sheet(bytes, limits).map(Detected::InkarXls);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return flat_zip::zip_entry(bytes).map(Detected::FlatZip);
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = text.split(|b| *b == b'\n').next().unwrap_or_default();
    if first.starts_with(b"GENESIS-Tabelle:") {
        return Some(Detected::Text(SourceFormat::GenesisTable));
    }
    if first.starts_with(b"statistics_code;statistics_label;time_code;") {
        return Some(Detected::Text(SourceFormat::GenesisFlat));
    }
    let unquoted: Vec<u8> = first.iter().copied().filter(|b| *b != b'"').collect();
    unquoted
        .starts_with(b"Kennziffer;Raumeinheit;Aggregat;")
        .then_some(Detected::Text(SourceFormat::Inkar))
}

fn refuse_broken_mappings(ctx: &IngestContext<'_>, report: &mut ValidationReport) -> bool {
    let Some(broken) = &ctx.mappings.broken else {
        return false;
    };
    report.push(issue(Code::FormatError).msg(
        format!("Die Zuordnungstabelle datasets/sources.csv ist fehlerhaft: {broken}"),
        format!("The mapping table datasets/sources.csv is broken: {broken}"),
    ));
    true
}

/// Reads an official file into observations and the report (with its `source` section).
pub(crate) fn read(
    bytes: &[u8],
    detected: Detected,
    file_name: Option<&str>,
    ctx: &IngestContext<'_>,
    limits: &Limits,
    mut report: ValidationReport,
) -> (Vec<Observation>, ValidationReport) {
    if let Detected::InkarXls(grid) = detected {
        report.format = Format::Xls;
        if refuse_broken_mappings(ctx, &mut report) {
            return (Vec::new(), report);
        }
        let mut issues = Vec::new();
        let table = inkar::read_grid(&grid, Origin::Sheet, limits, &mut issues);
        return finish(table, issues, ctx, report);
    }
    report.format = Format::Csv;
    report.separator = Some(';');
    report.decimal_mark = Some(crate::report::DecimalMark::Comma);
    if refuse_broken_mappings(ctx, &mut report) {
        return (Vec::new(), report);
    }
    let (format, owned, name) = match detected {
        Detected::Text(format) => (format, None, file_name.map(str::to_owned)),
        Detected::FlatZip(entry) => match flat_zip::unzip(bytes, &entry, limits) {
            Ok(content) => (SourceFormat::GenesisFlat, Some(content), Some(entry)),
            Err(problem) => {
                report.push(problem);
                return (Vec::new(), report);
            }
        },
        Detected::InkarXls(_) => return (Vec::new(), report),
    };
    let bytes = owned.as_deref().unwrap_or(bytes);
    let (text, encoding) = match decode(bytes) {
        Ok(decoded) => decoded,
        Err(problem) => {
            report.push(problem);
            return (Vec::new(), report);
        }
    };
    report.encoding = Some(encoding);
    let mut issues = Vec::new();
    let table = match format {
        SourceFormat::GenesisTable => genesis_table::read(&text, limits, &mut issues),
        SourceFormat::GenesisFlat => {
            genesis_flat::read(&text, name.as_deref(), limits, &mut issues)
        }
        SourceFormat::Inkar => inkar::read(&text, limits, &mut issues),
        // Recognised in spreadsheets only.
        SourceFormat::Ba => None,
    };
    finish(table, issues, ctx, report)
}

/// The sheets of a workbook that hold a BA table: the workbook names the Statistik der
/// Bundesagentur für Arbeit in a line of its own, and these sheets have region cells with key
/// and name. Empty for every other workbook.
pub(crate) fn ba_sheets(grids: &[(String, Vec<GridRow>)]) -> Vec<usize> {
    if !grids.iter().any(|(_, g)| ba::names_statistik(g)) {
        return Vec::new();
    }
    grids
        .iter()
        .enumerate()
        .filter(|(_, (_, g))| ba::region_column(g).is_some())
        .map(|(i, _)| i)
        .collect()
}

/// Reads the first of the BA `sheets` (the others are named in a warning).
pub(crate) fn read_ba(
    grids: &[(String, Vec<GridRow>)],
    sheets: &[usize],
    ctx: &IngestContext<'_>,
    limits: &Limits,
    mut report: ValidationReport,
) -> (Vec<Observation>, ValidationReport) {
    let Some((&chosen, others)) = sheets.split_first() else {
        return (Vec::new(), report);
    };
    let name = &grids[chosen].0;
    report.sheet = Some(name.clone());
    for &other in others {
        report.push(issue(Code::OtherSheetsIgnored).warning().value(grids[other].0.clone()).msg(
            format!("Nur das Blatt „{name}“ wurde gelesen; dieses Blatt wurde ignoriert. Bitte jede Tabelle einzeln hochladen."),
            format!("Only sheet \"{name}\" was read; this sheet was ignored. Upload each table on its own."),
        ));
    }
    if refuse_broken_mappings(ctx, &mut report) {
        return (Vec::new(), report);
    }
    let mut issues = Vec::new();
    let table = ba::read(&grids[chosen].1, limits, &mut issues);
    finish(table, issues, ctx, report)
}

fn finish(
    table: Option<Table>,
    issues: Vec<Issue>,
    ctx: &IngestContext<'_>,
    mut report: ValidationReport,
) -> (Vec<Observation>, ValidationReport) {
    report.rows = table.as_ref().map_or(0, |t| t.data_rows);
    for problem in issues {
        report.push(problem);
    }
    match table {
        Some(table) => emit::emit(table, ctx, report),
        None => {
            report.errors.sort_by_key(|i| i.row);
            (Vec::new(), report)
        }
    }
}

/// The row limit, the column limit and the cell-length limit, shared by the readers. Returns
/// false (after reporting) when reading must stop.
pub(crate) fn within_limits<'c>(
    row: usize,
    data_rows: usize,
    cells: impl IntoIterator<Item = &'c str>,
    limits: &Limits,
    issues: &mut Vec<Issue>,
) -> bool {
    if data_rows > limits.max_rows {
        let max = limits.max_rows;
        issues.push(issue(Code::TableDimensions).row(row).msg(
            format!(
                "Die Datei hat mehr als {max} Datenzeilen. Bitte in mehrere Dateien aufteilen."
            ),
            format!("The file has more than {max} data rows. Split it into several files."),
        ));
        return false;
    }
    let max_chars = limits.max_cell_chars;
    let (mut width, mut long) = (0, None);
    for (col, cell) in cells.into_iter().enumerate() {
        width = col + 1;
        if long.is_none() && cell.len() > max_chars && cell.chars().count() > max_chars {
            long = Some(col);
        }
    }
    if width > limits.max_columns {
        let max = limits.max_columns;
        issues.push(
            issue(Code::TableDimensions)
                .row(row)
                .value(width.to_string())
                .msg(
                    format!("Die Tabelle hat {width} Spalten; erlaubt sind höchstens {max}."),
                    format!("The table has {width} columns; at most {max} are allowed."),
                ),
        );
        return false;
    }
    if let Some(col) = long {
        issues.push(
            issue(Code::CellTooLong)
                .row(row)
                .at(Some(ColumnRef::new(col, "")))
                .msg(
                    format!("Die Zelle ist länger als {max_chars} Zeichen."),
                    format!("The cell is longer than {max_chars} characters."),
                ),
        );
        return false;
    }
    true
}

#[cfg(test)]
mod tests;
