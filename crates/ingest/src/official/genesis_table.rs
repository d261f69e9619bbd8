//! The classic GENESIS "Tabelle als CSV": line 1 `GENESIS-Tabelle: <id>`; a title block of 2 to 6
//! lines (up to 4 wrapped title lines, the statistic's name, an optional `Label (Unit)` line); a
//! header block of 2 to 4 lines that start with empty cells, one header cell per value column;
//! data rows `[time;]key;name;value;…` up to the line `__________`; then quoted footnotes, the
//! copyright and `Stand: dd.mm.yyyy / hh:mm:ss`. The time stands either in a header line (every
//! value cell a date `31.12.yyyy` or a year) or in the first column of every data row.

use crate::limits::Limits;
use crate::official::genesis_header::{Columns, columns, parse_time, time_error, unit_line};
use crate::official::section::SourceFormat;
use crate::official::{Quality, Table, Value, within_limits};
use crate::report::{Code, ColumnRef, Issue, issue};

pub(crate) const MIN_TITLE_LINES: usize = 2;
pub(crate) const MAX_TITLE_LINES: usize = 6;
pub(crate) const MIN_HEADER_LINES: usize = 2;
pub(crate) const MAX_HEADER_LINES: usize = 4;

fn format_error(row: usize, de: String, en: String) -> Issue {
    issue(Code::FormatError).row(row).msg(de, en)
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|c| c.trim().is_empty())
}

/// Reads the table; `None` when its structure cannot be understood (the issues say why).
pub(crate) fn read(text: &str, limits: &Limits, issues: &mut Vec<Issue>) -> Option<Table> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records().map(|r| {
        r.map(|record| {
            let line = record.position().map_or(0, |p| p.line() as usize);
            (line, record)
        })
    });
    let mut table = Table::new(SourceFormat::GenesisTable);
    let Some(Ok((_, first))) = records.next() else {
        issues.push(format_error(
            1,
            "Die Datei ist leer.".into(),
            "The file is empty.".into(),
        ));
        return None;
    };
    let id = first
        .get(0)
        .and_then(|c| c.strip_prefix("GENESIS-Tabelle:"))
        .map(str::trim);
    table.table = id.filter(|id| !id.is_empty()).map(str::to_owned);
    if table.table.is_none() {
        issues.push(format_error(
            1,
            "Zeile 1 nennt keine Tabellennummer („GENESIS-Tabelle: 12411-01-01-4“).".into(),
            "Line 1 names no table id (\"GENESIS-Tabelle: 12411-01-01-4\").".into(),
        ));
    }
    let mut title_lines: Vec<(usize, String)> = Vec::new();
    let mut header: Vec<(usize, csv::StringRecord)> = Vec::new();
    let mut last_row = 1;
    let mut pending = None;
    for record in records.by_ref() {
        let Ok((row, record)) = record else { break };
        last_row = row;
        if !record.get(0).unwrap_or("").trim().is_empty() {
            if header.is_empty() {
                title_lines.push((row, record.get(0).unwrap_or("").trim().to_owned()));
                continue;
            }
            pending = Some((row, record));
            break;
        }
        if is_blank(&record) && header.is_empty() {
            continue;
        }
        if !within_limits(row, 0, &record, limits, issues) {
            return None;
        }
        header.push((row, record));
    }
    let title_count = title_lines.len();
    if !(MIN_TITLE_LINES..=MAX_TITLE_LINES).contains(&title_count) {
        let row = title_lines.get(MAX_TITLE_LINES).map_or(2, |(r, _)| *r);
        issues.push(format_error(row, format!(
            "Der Titelblock hat {title_count} Zeilen; eine GENESIS-Tabelle hat {MIN_TITLE_LINES} bis {MAX_TITLE_LINES} (Titel, Statistik, Wert und Einheit). Bitte die Tabelle unverändert hochladen."
        ), format!(
            "The title block has {title_count} lines; a GENESIS table has {MIN_TITLE_LINES} to {MAX_TITLE_LINES} (title, statistic, value and unit). Upload the table unchanged."
        )));
        return None;
    }
    let header_count = header.len();
    if !(MIN_HEADER_LINES..=MAX_HEADER_LINES).contains(&header_count) || pending.is_none() {
        let row = header.first().map_or(last_row, |(r, _)| *r);
        issues.push(format_error(row, format!(
            "Der Kopfblock (Zeilen, die mit leeren Zellen beginnen) hat {header_count} Zeilen; erwartet werden {MIN_HEADER_LINES} bis {MAX_HEADER_LINES}, gefolgt von Datenzeilen. Bitte die Tabelle unverändert hochladen."
        ), format!(
            "The header block (lines starting with empty cells) has {header_count} lines; {MIN_HEADER_LINES} to {MAX_HEADER_LINES} are expected, followed by data rows. Upload the table unchanged."
        )));
        return None;
    }
    let unit = title_lines.last().and_then(|(_, t)| unit_line(t));
    let unit_row = title_lines.last().map_or(2, |(r, _)| *r);
    let names_end = title_count - usize::from(unit.is_some());
    let statistic = title_lines[names_end - 1].1.clone();
    if names_end >= 2 {
        let title: Vec<&str> = title_lines[..names_end - 1]
            .iter()
            .map(|(_, t)| t.as_str())
            .collect();
        table.title = Some(title.join(" "));
    }
    let lead = header
        .iter()
        .map(|(_, l)| l.iter().take_while(|c| c.trim().is_empty()).count())
        .min()
        .unwrap_or(0);
    let width = header[0].1.len();
    if let Some((row, line)) = header.iter().find(|(_, l)| l.len() != width) {
        issues.push(
            issue(Code::TableDimensions)
                .row(*row)
                .at(Some(ColumnRef::new(line.len().min(width), "")))
                .msg(
                    format!(
                        "Die Kopfzeilen sind unterschiedlich breit ({} statt {width} Zellen).",
                        line.len()
                    ),
                    format!(
                        "The header lines differ in width ({} instead of {width} cells).",
                        line.len()
                    ),
                ),
        );
        return None;
    }
    if !(2..=3).contains(&lead) || width <= lead {
        issues.push(format_error(header[0].0, format!(
            "Der Kopfblock beginnt mit {lead} leeren Zellen; gelesen werden Tabellen mit den Vorspalten Schlüssel und Name (und Zeit) und mindestens einer Wertspalte."
        ), format!(
            "The header block starts with {lead} empty cells; tables with the leading columns key and name (and time) and at least one value column are read."
        )));
        return None;
    }
    let Columns { years, series } =
        columns(&header, lead, unit.as_ref(), unit_row, &statistic, issues)?;
    if years.is_some() == (lead == 3) {
        issues.push(format_error(header[0].0,
            "Die Zeit steht weder nur im Kopfblock noch nur in der ersten Spalte. Bitte die Tabelle unverändert hochladen.".into(),
            "The time stands neither only in the header block nor only in the first column. Upload the table unchanged.".into()));
        return None;
    }
    let lead_names: &[&str] = if lead == 3 {
        &["Zeit", "Schlüssel", "Name"]
    } else {
        &["Schlüssel", "Name"]
    };
    table.columns = lead_names
        .iter()
        .enumerate()
        .map(|(i, n)| ColumnRef::new(i, n))
        .collect();
    table.columns.extend(
        series
            .iter()
            .enumerate()
            .map(|(j, s)| ColumnRef::new(lead + j, &s.label)),
    );
    let indices: Vec<usize> = series.into_iter().map(|s| table.series_index(s)).collect();
    let mut footer = false;
    for record in pending.map(Ok).into_iter().chain(records.by_ref()) {
        let Ok((row, record)) = record else { break };
        last_row = row;
        if record.get(0).is_some_and(|c| c.starts_with("__________")) {
            footer = true;
            break;
        }
        if is_blank(&record) {
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
                        format!("Die Zeile hat {} Zellen, der Kopfblock {width}: Kopf und Daten passen nicht zusammen. Bitte die Tabelle unverändert hochladen.", record.len()),
                        format!("The row has {} cells, the header block {width}: header and data do not line up. Upload the table unchanged.", record.len()),
                    ),
            );
            continue;
        }
        let key_col = lead - 2;
        let row_year = if lead == 3 {
            let cell = record.get(0).unwrap_or("");
            match parse_time(cell) {
                Some(Ok(year)) => Some(year),
                _ => {
                    issues.push(time_error(row, 0, cell));
                    continue;
                }
            }
        } else {
            None
        };
        for (j, series) in indices.iter().enumerate() {
            let year = row_year.or_else(|| years.as_ref().and_then(|y| y.get(j).copied()));
            table.values.push(Value {
                row,
                key: record.get(key_col).unwrap_or("").trim().to_owned(),
                key_col,
                year: year.unwrap_or(0),
                year_col: if lead == 3 { 0 } else { lead + j },
                series: *series,
                col: lead + j,
                text: record.get(lead + j).unwrap_or("").trim().to_owned(),
                quality: Quality::Normal,
            });
        }
    }
    if !footer {
        issues.push(format_error(last_row + 1,
            "Die Tabelle endet ohne die Linie „__________“ vor Fußnoten und Stand: die Datei ist abgeschnitten. Bitte die Tabelle erneut vollständig herunterladen.".into(),
            "The table ends without the line \"__________\" before footnotes and Stand: the file is truncated. Download the complete table again.".into()));
        return None;
    }
    let mut notes = Vec::new();
    for record in records.flatten() {
        let text = record
            .1
            .iter()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(stand) = text.strip_prefix("Stand:") {
            table.stand = stand.split('/').next().map(|d| d.trim().to_owned());
        } else if !text.starts_with('©') && !text.is_empty() {
            notes.push(text);
        }
    }
    table.footnote = (!notes.is_empty()).then(|| notes.join("\n"));
    Some(table)
}
