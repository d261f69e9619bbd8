//! The GENESIS flat file (`ffcsv`, what the GENESIS, Regionalstatistik and Zensus REST APIs return
//! for `format=ffcsv`): long format, one value per row. Columns `statistics_code;statistics_label;
//! time_code;time_label;time`, then per classifying variable i = 1..n `i_variable_code;
//! i_variable_label;i_variable_attribute_code;i_variable_attribute_label`, then `value;value_unit;
//! value_variable_code;value_variable_label` and optionally `value_q` (13, 17, 21, 25 … columns,
//! one more with `value_q`). The regional variable is the first whose code is a regional one
//! (`DINSG`, `DLAND`, `DLANDU`, `REGBEZ`, `KREISE`, `GEMEIN`, `GEO…`); its attribute code is the
//! key. A row repeating an earlier one exactly is read once and counted.

use std::collections::HashMap;

use crate::limits::Limits;
use crate::official::genesis_header::parse_time;
use crate::official::section::SourceFormat;
use crate::official::{Quality, Series, Table, Value, within_limits};
use crate::report::{Code, ColumnRef, Issue, issue};

const FIXED: [&str; 5] = [
    "statistics_code",
    "statistics_label",
    "time_code",
    "time_label",
    "time",
];
const VARIABLE: [&str; 4] = [
    "variable_code",
    "variable_label",
    "variable_attribute_code",
    "variable_attribute_label",
];
const VALUE: [&str; 4] = [
    "value",
    "value_unit",
    "value_variable_code",
    "value_variable_label",
];
const REGIONAL: [&str; 6] = ["DINSG", "DLAND", "DLANDU", "REGBEZ", "KREISE", "GEMEIN"];

fn missing(col: usize, expected: &str, found: &str) -> Issue {
    issue(Code::MissingLabel)
        .row(1)
        .at(Some(ColumnRef::new(col, found)))
        .value(expected)
        .msg(
            format!("Hier wird die Spalte „{expected}“ erwartet, gefunden wurde „{found}“. Bitte die Flatfile unverändert hochladen."),
            format!("The column \"{expected}\" is expected here, found \"{found}\". Upload the flat file unchanged."),
        )
}

/// Column positions: per classifying variable its first column; value columns; `value_q`.
struct Layout {
    variables: Vec<usize>,
    value: usize,
    quality: Option<usize>,
}

fn layout(names: &csv::StringRecord, issues: &mut Vec<Issue>) -> Option<Layout> {
    let name = |i: usize| names.get(i).unwrap_or("").trim();
    for (i, expected) in FIXED.iter().enumerate() {
        if name(i) != *expected {
            issues.push(missing(i, expected, name(i)));
            return None;
        }
    }
    let mut pos = FIXED.len();
    let mut variables = Vec::new();
    while name(pos)
        .split_once('_')
        .is_some_and(|(n, _)| n.parse::<usize>().is_ok())
    {
        let n = variables.len() + 1;
        for (k, part) in VARIABLE.iter().enumerate() {
            let expected = format!("{n}_{part}");
            if name(pos + k) != expected {
                issues.push(missing(pos + k, &expected, name(pos + k)));
                return None;
            }
        }
        variables.push(pos);
        pos += VARIABLE.len();
    }
    if variables.is_empty() {
        issues.push(missing(pos, "1_variable_code", name(pos)));
        return None;
    }
    for (k, expected) in VALUE.iter().enumerate() {
        if name(pos + k) != *expected {
            issues.push(missing(pos + k, expected, name(pos + k)));
            return None;
        }
    }
    let value = pos;
    pos += VALUE.len();
    let quality = (name(pos) == "value_q").then_some(pos);
    pos += usize::from(quality.is_some());
    if pos != names.len() {
        issues.push(
            issue(Code::ExtraLabel)
                .row(1)
                .at(Some(ColumnRef::new(pos, name(pos))))
                .value(name(pos))
                .msg(
                    "Nach „value_variable_label“ (und „value_q“) folgt keine weitere Spalte einer GENESIS-Flatfile.",
                    "No column of a GENESIS flat file follows \"value_variable_label\" (and \"value_q\").",
                ),
        );
        return None;
    }
    Some(Layout {
        variables,
        value,
        quality,
    })
}

fn is_regional(code: &str) -> bool {
    REGIONAL.contains(&code) || code.starts_with("GEO")
}

/// A time as a year: `JAHR` with a year, `STAG` with 31 December (ISO or German date).
fn year(code: &str, time: &str) -> Option<i32> {
    match code {
        "JAHR" => match parse_time(time) {
            Some(Ok(year)) if time.trim().len() == 4 => Some(year),
            _ => None,
        },
        "STAG" => {
            let t = time.trim();
            if let Some(year) = t.strip_suffix("-12-31") {
                return (year.len() == 4).then(|| year.parse().ok()).flatten();
            }
            parse_time(t).and_then(Result::ok)
        }
        _ => None,
    }
}

/// Reads the flat file; `None` when its header cannot be understood.
pub(crate) fn read(
    text: &str,
    name: Option<&str>,
    limits: &Limits,
    issues: &mut Vec<Issue>,
) -> Option<Table> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records().filter_map(Result::ok);
    let Some(names) = records.next() else {
        issues.push(
            issue(Code::TableDimensions)
                .row(1)
                .msg("Die Datei ist leer.", "The file is empty."),
        );
        return None;
    };
    if !within_limits(1, 0, &names, limits, issues) {
        return None;
    }
    let layout = layout(&names, issues)?;
    let mut table = Table::new(SourceFormat::GenesisFlat);
    table.columns = names
        .iter()
        .enumerate()
        .map(|(i, n)| ColumnRef::new(i, n))
        .collect();
    let (v, unit_col) = (layout.value, layout.value + 1);
    let mut seen: HashMap<(String, i32, usize), (usize, String)> = HashMap::new();
    for record in records {
        let row = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        table.data_rows += 1;
        if !within_limits(row, table.data_rows, &record, limits, issues) {
            return None;
        }
        if record.len() != names.len() {
            issues.push(
                issue(Code::TableDimensions)
                    .row(row)
                    .at(Some(ColumnRef::new(record.len().min(names.len()), "")))
                    .value(record.len().to_string())
                    .msg(
                        format!(
                            "Die Zeile hat {} Zellen, die Kopfzeile {}.",
                            record.len(),
                            names.len()
                        ),
                        format!(
                            "The row has {} cells, the header {}.",
                            record.len(),
                            names.len()
                        ),
                    ),
            );
            continue;
        }
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        if table.statistic.is_none() {
            table.statistic = Some(cell(0).to_owned()).filter(|s| !s.is_empty());
            table.title = Some(cell(1).to_owned()).filter(|s| !s.is_empty());
            table.table = name.and_then(|n| {
                let stat = format!("{}-", cell(0));
                n.rsplit('/')
                    .next()?
                    .split('_')
                    .find(|part| part.starts_with(&stat))
                    .map(str::to_owned)
            });
        }
        let Some(year) = year(cell(2), cell(4)) else {
            issues.push(issue(Code::TypeError).row(row).at(Some(table.columns[4].clone())).value(format!("{} {}", cell(2), cell(4))).msg(
                "Gelesen werden Jahreswerte: time_code JAHR mit einem Jahr oder STAG mit dem 31.12. Bitte die Tabelle mit Jahreswerten abrufen.",
                "Annual values are read: time_code JAHR with a year, or STAG with 31 December. Request the table with annual values.",
            ));
            continue;
        };
        let Some(&regional) = layout.variables.iter().find(|c| is_regional(cell(**c))) else {
            issues.push(issue(Code::MissingCell).row(row).at(Some(table.columns[layout.variables[0]].clone())).msg(
                "Die Zeile hat keine regionale Variable (KREISE, GEMEIN, DLAND, DINSG, REGBEZ, GEO…).",
                "The row has no regional variable (KREISE, GEMEIN, DLAND, DINSG, REGBEZ, GEO…).",
            ));
            continue;
        };
        let others = layout.variables.iter().filter(|c| **c != regional);
        let attributes: Vec<(String, String)> = others
            .clone()
            .map(|c| (cell(*c).to_owned(), cell(c + 2).to_owned()))
            .collect();
        let label = std::iter::once(cell(v + 3))
            .chain(others.map(|c| cell(c + 3)))
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let unit = Some(cell(unit_col).to_owned()).filter(|u| !u.is_empty());
        let series = table.series_index(Series {
            code: cell(v + 2).to_owned(),
            attributes,
            label,
            unit: unit.clone(),
            unit_at: (row, unit_col),
        });
        if table.series[series].unit != unit {
            issues.push(
                issue(Code::ConstraintError)
                    .row(row)
                    .at(Some(table.columns[unit_col].clone()))
                    .value(cell(unit_col))
                    .msg(
                        format!(
                            "Die Einheit der Variable {} wechselt (zuerst „{}“).",
                            cell(v + 2),
                            table.series[series].unit.as_deref().unwrap_or("")
                        ),
                        format!(
                            "The unit of variable {} changes (first \"{}\").",
                            cell(v + 2),
                            table.series[series].unit.as_deref().unwrap_or("")
                        ),
                    ),
            );
            continue;
        }
        let quality = match layout.quality.map(cell).unwrap_or("") {
            "" | "e" => Quality::Normal,
            "()" => Quality::Restricted,
            other => {
                let col = layout.quality.unwrap_or(0);
                issues.push(issue(Code::TypeError).row(row).at(Some(table.columns[col].clone())).value(other).msg(
                    "Unbekanntes Qualitätskennzeichen; gelesen werden leer, e (endgültig) und () (eingeschränkte Aussagefähigkeit).",
                    "Unknown quality mark; read are empty, e (final) and () (restricted reliability).",
                ));
                continue;
            }
        };
        let key = cell(regional + 2).to_owned();
        let text = cell(v).to_owned();
        match seen.get(&(key.clone(), year, series)) {
            Some((first, earlier)) if *earlier == text => {
                table.repeated.push((row, *first));
                continue;
            }
            Some(_) => {}
            None => {
                seen.insert((key.clone(), year, series), (row, text.clone()));
            }
        }
        table.values.push(Value {
            row,
            key,
            key_col: regional + 2,
            year,
            year_col: 4,
            series,
            col: v,
            text,
            quality,
        });
    }
    Some(table)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn years_come_from_jahr_and_from_stag_on_the_31st_of_december() {
        assert_eq!(year("JAHR", "2023"), Some(2023));
        assert_eq!(year("STAG", "2024-12-31"), Some(2024));
        assert_eq!(year("STAG", "31.12.2024"), Some(2024));
        assert_eq!(year("STAG", "2024-06-30"), None);
        assert_eq!(year("MONAT", "2024"), None);
        assert_eq!(year("JAHR", "31.12.2024"), None);
    }

    #[test]
    fn header_layouts_with_one_to_four_variables_and_value_q_are_read() {
        let header = |n: usize, q: bool| {
            let mut names: Vec<String> = FIXED.iter().map(|s| (*s).to_owned()).collect();
            for i in 1..=n {
                names.extend(VARIABLE.iter().map(|p| format!("{i}_{p}")));
            }
            names.extend(VALUE.iter().map(|s| (*s).to_owned()));
            if q {
                names.push("value_q".to_owned());
            }
            csv::StringRecord::from(names)
        };
        for (n, q, width) in [
            (1, false, 13),
            (2, false, 17),
            (3, false, 21),
            (4, false, 25),
            (2, true, 18),
            (3, true, 22),
        ] {
            let names = header(n, q);
            assert_eq!(names.len(), width);
            let mut issues = Vec::new();
            let l = layout(&names, &mut issues).unwrap();
            assert_eq!((l.variables.len(), l.quality.is_some()), (n, q));
        }
        let mut names: Vec<String> = header(2, false).iter().map(str::to_owned).collect();
        names.remove(11);
        let mut issues = Vec::new();
        assert!(layout(&csv::StringRecord::from(names), &mut issues).is_none());
        assert_eq!(issues[0].code, Code::MissingLabel);
        assert_eq!(
            issues[0].value.as_deref(),
            Some("2_variable_attribute_code")
        );
        assert_eq!(
            issues[0].column.as_ref().map(|c| c.letter.as_str()),
            Some("L")
        );
    }
}
