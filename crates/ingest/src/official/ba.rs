//! Tables of the Statistik der Bundesagentur für Arbeit as downloaded (XLSX): title rows (table
//! title, region and period text, "Statistik der Bundesagentur für Arbeit"), one or two header
//! rows above the first region, data rows whose region cell holds key and name together
//! (`05111 Düsseldorf, Stadt`; `Deutschland` without key), then the copyright, `Erstellungsdatum`
//! and footnotes. A value column's period is the header cell that is one (`Dezember 2023`,
//! `30.06.2024`, `2023`), else the first period of the title rows; its variable is the other
//! header texts (the upper one the code, the lower ones attributes, as in a GENESIS table), else
//! the table title. `*` (secret) is GENESIS's `.`; `-`, `x` as GENESIS writes them.

use crate::limits::Limits;
use crate::official::ba_text::{
    RegionCell, find_period, is_footer, is_key_and_name, parse_period, region, stand, unit,
};
use crate::official::grid::GridRow;
use crate::official::section::SourceFormat;
use crate::official::{Quality, Series, Table, Value, within_limits};
use crate::report::{Code, ColumnRef, Issue, issue};

pub(crate) const STATISTIK: &str = "Statistik der Bundesagentur für Arbeit";

/// Header rows read above the first region.
const MAX_HEADER_ROWS: usize = 3;

fn first_filled(row: &GridRow) -> Option<(usize, &str)> {
    row.cells
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.trim()))
        .find(|(_, c)| !c.is_empty())
}

/// A sheet whose own lines name the BA (a row holding only that text) and the column of its
/// region cells.
pub(crate) fn names_statistik(grid: &[GridRow]) -> bool {
    grid.iter().any(|r| {
        let filled: Vec<&String> = r.cells.iter().filter(|c| !c.trim().is_empty()).collect();
        filled.len() == 1 && filled[0].contains(STATISTIK)
    })
}

/// The region column: where the first cell holding key and name stands.
pub(crate) fn region_column(grid: &[GridRow]) -> Option<usize> {
    grid.iter()
        .filter_map(first_filled)
        .find(|(_, text)| is_key_and_name(text))
        .map(|(col, _)| col)
}

fn format_error(row: usize, de: &str, en: &str) -> Issue {
    issue(Code::FormatError).row(row).msg(de, en)
}

/// Reads the sheet; `None` when its structure cannot be understood (the issues say why).
pub(crate) fn read(grid: &[GridRow], limits: &Limits, issues: &mut Vec<Issue>) -> Option<Table> {
    let col = region_column(grid)?;
    let is_region = |r: &GridRow| {
        first_filled(r).is_some_and(|(c, t)| c == col && !matches!(region(t), RegionCell::NoKey))
    };
    let first = grid.iter().position(is_region)?;
    let mut header_start = first;
    while header_start > 0
        && first - header_start < MAX_HEADER_ROWS
        && grid[header_start - 1]
            .cells
            .iter()
            .skip(col + 1)
            .any(|c| !c.trim().is_empty())
    {
        header_start -= 1;
    }
    let header = &grid[header_start..first];
    let titles: Vec<String> = grid[..header_start]
        .iter()
        .map(GridRow::text)
        .filter(|t| !t.is_empty())
        .collect();
    let mut table = Table::new(SourceFormat::Ba);
    table.title = titles
        .iter()
        .find(|t| !t.contains(STATISTIK) && stand(t).is_none())
        .cloned();
    table.stand = titles.iter().find_map(|t| stand(t));
    let title_period = titles
        .iter()
        .filter(|t| stand(t).is_none())
        .find_map(|t| find_period(t));
    let Some(last_header) = header.last() else {
        issues.push(format_error(grid[first].row,
            "Über der ersten Region steht keine Kopfzeile mit Zeiträumen oder Merkmalen. Bitte die Tabelle unverändert hochladen.",
            "No header row with periods or variables stands above the first region. Upload the table unchanged."));
        return None;
    };
    let width = header.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    // Merged header cells hold their text in the first cell: carry it right in upper rows.
    let mut texts: Vec<Vec<String>> = header
        .iter()
        .map(|r| (0..width).map(|c| r.cell(c).to_owned()).collect())
        .collect();
    let rows = texts.len();
    for upper in texts.iter_mut().take(rows - 1) {
        for c in col + 2..width {
            if upper[c].is_empty() && !upper[c - 1].is_empty() {
                upper[c] = upper[c - 1].clone();
            }
        }
    }
    // Columns no data row fills (later months not yet published) are not read.
    let data_end = grid[first..]
        .iter()
        .position(|r| first_filled(r).is_some_and(|(_, t)| is_footer(t)))
        .map_or(grid.len(), |n| first + n);
    let data = &grid[first..data_end];
    table.columns = (0..width).map(|c| ColumnRef::new(c, "")).collect();
    table.columns[col] = ColumnRef::new(col, "Region");
    let mut columns: Vec<(usize, usize, i32)> = Vec::new();
    for c in col + 1..width {
        let cells: Vec<&str> = texts
            .iter()
            .map(|t| t[c].as_str())
            .filter(|t| !t.is_empty())
            .collect();
        if cells.is_empty() || data.iter().all(|r| r.cell(c).is_empty()) {
            continue;
        }
        let period = cells.iter().find_map(|t| parse_period(t)).or(title_period);
        let Some(year) = period else {
            issues.push(issue(Code::TypeError).row(last_header.row).at(Some(ColumnRef::new(c, cells[0]))).value(cells.join(" ")).msg(
                "Über der Wertspalte steht kein Zeitraum (2023, Dezember 2023, 30.06.2024), und der Titel nennt keinen.",
                "No period (2023, Dezember 2023, 30.06.2024) stands above the value column, and the title names none.",
            ));
            return None;
        };
        let mut found_unit = None;
        let mut labels: Vec<String> = Vec::new();
        for t in cells.iter().filter(|t| parse_period(t).is_none()) {
            let (label, u) = unit(t);
            found_unit = found_unit.or(u);
            if !label.is_empty() && !labels.contains(&label) {
                labels.push(label);
            }
        }
        if labels.is_empty() {
            labels.push(table.title.clone().unwrap_or_else(|| STATISTIK.to_owned()));
        }
        let code = labels.remove(0);
        let attributes: Vec<(String, String)> =
            labels.into_iter().map(|l| (String::new(), l)).collect();
        let label = std::iter::once(code.clone())
            .chain(attributes.iter().map(|(_, l)| l.clone()))
            .collect::<Vec<_>>()
            .join(", ");
        table.columns[c] = ColumnRef::new(c, &cells.join(" "));
        let series = table.series_index(Series {
            code,
            attributes,
            label,
            unit: found_unit,
            unit_at: (last_header.row, c),
        });
        if let Some(&(_, earlier, _)) = columns.iter().find(|(s, _, y)| *s == series && *y == year)
        {
            let other = table.columns[earlier].name.clone();
            issues.push(issue(Code::TypeError).row(last_header.row).at(Some(table.columns[c].clone())).value(cells.join(" ")).msg(
                format!("Diese Spalte fällt in dasselbe Jahr {year} wie die Spalte „{other}“ derselben Variable. Gelesen werden Jahreswerte: bitte einen Monat oder Stichtag je Jahr herunterladen."),
                format!("This column falls into the same year {year} as the column \"{other}\" of the same variable. Annual values are read: download one month or reference date per year."),
            ));
            return None;
        }
        columns.push((series, c, year));
    }
    for record in data {
        if record.is_blank() {
            continue;
        }
        table.data_rows += 1;
        if !within_limits(
            record.row,
            table.data_rows,
            record.cells.iter().map(String::as_str),
            limits,
            issues,
        ) {
            return None;
        }
        let key = match first_filled(record).map(|(c, t)| (c, region(t))) {
            Some((c, RegionCell::Key(key))) if c == col => key,
            Some((c, RegionCell::Aggregate)) if c == col => {
                table.aggregates += 1;
                continue;
            }
            _ => {
                let text = record.cell(col).to_owned();
                issues.push(issue(Code::TypeError).row(record.row).at(Some(ColumnRef::new(col, "Region"))).value(text).msg(
                    "Die Regionszelle nennt keinen Regionalschlüssel vor dem Namen („05111 Düsseldorf, Stadt“). Bitte die Tabelle mit Schlüsseln herunterladen.",
                    "The region cell names no regional key before the name (\"05111 Düsseldorf, Stadt\"). Download the table with keys.",
                ));
                continue;
            }
        };
        for &(series, c, year) in &columns {
            let text = record.cell(c);
            table.values.push(Value {
                row: record.row,
                key: key.clone(),
                key_col: col,
                year,
                year_col: c,
                series,
                col: c,
                // `*` is the BA's mark for a secret value, GENESIS's `.`.
                text: if text == "*" {
                    ".".to_owned()
                } else {
                    text.to_owned()
                },
                quality: Quality::Normal,
            });
        }
    }
    let mut notes = Vec::new();
    for line in grid[data_end..].iter().map(GridRow::text) {
        if let Some(s) = stand(&line) {
            table.stand.get_or_insert(s);
        } else if !line.is_empty() && !line.starts_with('©') && !line.contains(STATISTIK) {
            notes.push(line);
        }
    }
    table.footnote = (!notes.is_empty()).then(|| notes.join("\n"));
    Some(table)
}
