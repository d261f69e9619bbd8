//! From an official [`Table`] to observations: each variable's mapping and unit check, the marker
//! rules (`-` in every value of a row: the region does not exist then, no observation; `-` among
//! numbers: zero; `.` `...` `x` `/` missing with their reasons), keys resolved against the cohort
//! (regions outside it counted, not errors), no two variables on one indicator and year, then the
//! validator every upload goes through, and the report's `source` section.

use std::collections::{HashMap, HashSet};

use vergleich_domain::Observation;

use crate::context::IngestContext;
use crate::number::{marker, number_message, parse_number};
use crate::official::mapping::spec_of;
use crate::official::regions::{Resolver, key_message, parse_key};
use crate::official::section::{SourceFormat, SourceSection, SourceVariable};
use crate::official::{Quality, Table, Value};
use crate::pipeline::conclude;
use crate::report::{Code, ColumnRef, DecimalMark, Issue, ValidationReport, issue};
use crate::table::Cell;
use crate::validate::{Given, Record, Slot, Validator};

/// Where a mapped variable goes.
#[derive(Debug, Clone, Copy)]
struct Target {
    indicator: usize,
    factor: Option<f64>,
}

/// `v * factor`, rounded to 12 significant digits so `123 * 0.01` is `1.23`.
fn scale(value: f64, factor: Option<f64>) -> f64 {
    let Some(factor) = factor else {
        return value;
    };
    let x = value * factor;
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 12 - x.abs().log10().ceil() as i32;
    let p = 10f64.powi(digits);
    let rounded = (x * p).round() / p;
    if rounded.is_finite() { rounded } else { x }
}

/// The observations' source: `Regionaldatenbank 12411-01-01-4, Stand 10.07.2023`.
fn source_text(table: &Table) -> String {
    let regional = table.table.as_deref().is_some_and(|id| {
        let parts: Vec<&str> = id.split('-').collect();
        parts.len() >= 4 && parts[0].len() == 5 && parts[0].bytes().all(|b| b.is_ascii_digit())
    });
    let mut out = match (table.format, &table.table, &table.statistic) {
        (SourceFormat::Inkar, _, _) => "INKAR (BBSR)".to_owned(),
        (SourceFormat::Ba, _, _) => match &table.title {
            Some(title) => format!("Statistik der Bundesagentur für Arbeit: {title}"),
            None => "Statistik der Bundesagentur für Arbeit".to_owned(),
        },
        (_, Some(id), _) if regional => format!("Regionaldatenbank {id}"),
        (_, Some(id), _) => format!("GENESIS {id}"),
        (_, None, Some(statistic)) => format!("GENESIS Statistik {statistic}"),
        (_, None, None) => "GENESIS".to_owned(),
    };
    if let Some(stand) = &table.stand {
        out.push_str(&format!(", Stand {stand}"));
    }
    out
}

/// Per variable: the indicator its mapping names, and the target when the mapping is usable
/// (`None` for unmapped variables and for mappings refused with an error).
type Mapped = (Option<String>, Option<Target>);

/// Maps the variables and checks their units.
fn targets(table: &Table, ctx: &IngestContext<'_>, issues: &mut Vec<Issue>) -> Vec<Mapped> {
    let tables: Vec<&str> = [&table.table, &table.statistic]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let mut out = Vec::with_capacity(table.series.len());
    for s in &table.series {
        let Some(m) = ctx
            .mappings
            .find(table.format, &tables, &s.code, &s.attributes)
        else {
            out.push((None, None));
            continue;
        };
        let named = Some(m.indicator.as_str().to_owned());
        let (row, col) = s.unit_at;
        let at = Some(
            table
                .columns
                .get(col)
                .cloned()
                .unwrap_or_else(|| ColumnRef::new(col, "")),
        );
        let code = spec_of(&s.code, &s.attributes);
        let Some(index) = ctx
            .catalogue
            .indicators
            .iter()
            .position(|i| i.id == m.indicator)
        else {
            issues.push(
                issue(Code::ForeignKey)
                    .row(row)
                    .at(at)
                    .value(m.indicator.as_str())
                    .msg(
                        format!(
                            "Die Zuordnung {} nennt den unbekannten Indikator „{}“.",
                            m.spec(),
                            m.indicator
                        ),
                        format!(
                            "The mapping {} names the unknown indicator \"{}\".",
                            m.spec(),
                            m.indicator
                        ),
                    ),
            );
            out.push((named, None));
            continue;
        };
        let indicator = &ctx.catalogue.indicators[index];
        let unit = s.unit.as_deref();
        let problem = match (m.factor, m.unit.as_deref(), unit) {
            (Some(_), Some(declared), Some(unit)) if declared != unit => Some((
                format!(
                    "Die Variable {code} hat die Einheit „{unit}“, die Zuordnung {} rechnet aber aus „{declared}“ um. Bitte die Zuordnung prüfen.",
                    m.spec()
                ),
                format!(
                    "Variable {code} has the unit \"{unit}\", but the mapping {} converts from \"{declared}\". Check the mapping.",
                    m.spec()
                ),
            )),
            (None, _, Some(unit)) if unit != indicator.unit => Some((
                format!(
                    "Die Variable {code} hat die Einheit „{unit}“, der Indikator „{}“ die Einheit „{}“. Bitte einen Faktor angeben, z. B. {code}={}*1 wenn beides dasselbe bedeutet, *0.001 für Tausend.",
                    indicator.id, indicator.unit, indicator.id
                ),
                format!(
                    "Variable {code} has the unit \"{unit}\", the indicator \"{}\" the unit \"{}\". Give a factor, e.g. {code}={}*1 if both mean the same, *0.001 for thousands.",
                    indicator.id, indicator.unit, indicator.id
                ),
            )),
            _ => None,
        };
        if let Some((de, en)) = problem {
            issues.push(
                issue(Code::UnitMismatch)
                    .row(row)
                    .at(at)
                    .value(unit.unwrap_or(""))
                    .msg(de, en),
            );
            out.push((named, None));
            continue;
        }
        if unit.is_none() && m.factor.is_none() {
            issues.push(issue(Code::UnitNotStated).warning().row(row).at(at).value(code.as_str()).msg(
                format!("Die Datei nennt keine Einheit für {code}; übernommen als „{}“ des Indikators „{}“. Bitte prüfen.", indicator.unit, indicator.id),
                format!("The file states no unit for {code}; taken as \"{}\" of the indicator \"{}\". Please check.", indicator.unit, indicator.id),
            ));
        }
        out.push((
            named,
            Some(Target {
                indicator: index,
                factor: m.factor,
            }),
        ));
    }
    out
}

/// A "row" of the printed table: its line, or in a flat file the region in one period.
fn group(flat: bool, v: &Value) -> (&str, i32, usize) {
    if flat {
        (v.key.as_str(), v.year, 0)
    } else {
        ("", 0, v.row)
    }
}

pub(crate) fn emit(
    table: Table,
    ctx: &IngestContext<'_>,
    mut report: ValidationReport,
) -> (Vec<Observation>, ValidationReport) {
    let mut issues = Vec::new();
    let mapped = targets(&table, ctx, &mut issues);
    let mut targets: Vec<Option<Target>> = mapped.iter().map(|m| m.1).collect();
    let resolver = Resolver::new(ctx.cohort);
    let flat = table.format == SourceFormat::GenesisFlat;
    let mut all_dash: HashMap<(&str, i32, usize), bool> = HashMap::new();
    for v in &table.values {
        *all_dash.entry(group(flat, v)).or_insert(true) &= v.text == "-";
    }
    let source = source_text(&table);
    let restricted_note = "Eingeschränkte Aussagefähigkeit (GENESIS-Qualitätskennzeichen „()“) / restricted reliability";
    let mut validator = Validator::new(ctx, DecimalMark::Comma);
    validator.columns = table.columns.clone();
    let mut rows = vec![0usize; table.series.len()];
    let mut cohort_rows = vec![0usize; table.series.len()];
    let mut first_cohort_row = vec![None; table.series.len()];
    let mut outside: HashSet<&str> = HashSet::new();
    let mut defunct: HashSet<&str> = HashSet::new();
    let mut bad_key_row = 0;
    let mut claimed: HashMap<(usize, i32), usize> = HashMap::new();
    let mut restricted = 0;
    let column = |col: usize| {
        Some(
            table
                .columns
                .get(col)
                .cloned()
                .unwrap_or_else(|| ColumnRef::new(col, "")),
        )
    };
    for v in &table.values {
        rows[v.series] += 1;
        let region = match parse_key(&v.key) {
            Ok(region) => region,
            Err(error) => {
                if bad_key_row != v.row {
                    bad_key_row = v.row;
                    let (de, en) = key_message(error);
                    issues.push(
                        issue(Code::TypeError)
                            .row(v.row)
                            .at(column(v.key_col))
                            .value(v.key.as_str())
                            .msg(de, en),
                    );
                }
                continue;
            }
        };
        if all_dash.get(&group(flat, v)) == Some(&true) {
            defunct.insert(v.key.as_str());
            continue;
        }
        let Some(member) = resolver.member(&region) else {
            outside.insert(v.key.as_str());
            continue;
        };
        cohort_rows[v.series] += 1;
        first_cohort_row[v.series].get_or_insert(v.row);
        // A member's upload of a national table keeps only its own rows.
        if ctx.principal.as_ref().is_some_and(|p| p.as_str() != member) {
            if validator.other_member_rows.last() != Some(&v.row) {
                validator.other_member_rows.push(v.row);
            }
            continue;
        }
        let Some(target) = targets[v.series] else {
            continue;
        };
        let first = *claimed
            .entry((target.indicator, v.year))
            .or_insert(v.series);
        if first != v.series {
            let (a, b) = (&table.series[first], &table.series[v.series]);
            let (a, b) = (
                spec_of(&a.code, &a.attributes),
                spec_of(&b.code, &b.attributes),
            );
            let id = &ctx.catalogue.indicators[target.indicator].id;
            issues.push(issue(Code::MappingConflict).row(v.row).at(column(v.col)).value(b.as_str()).msg(
                format!("Zwei Variablen sind demselben Indikator „{id}“ für {} zugeordnet: {a} und {b}. Bitte nur eine davon zuordnen.", v.year),
                format!("Two variables are mapped to the same indicator \"{id}\" for {}: {a} and {b}. Map only one of them.", v.year),
            ));
            targets[v.series] = None;
            continue;
        }
        let cell = if v.text.is_empty() {
            Cell::Empty
        } else if marker(&v.text).is_some() {
            Cell::Text(&v.text)
        } else {
            match parse_number(&v.text, DecimalMark::Comma) {
                Ok(n) => Cell::Number(scale(n, target.factor)),
                Err(e) => {
                    let (de, en) = number_message(e, DecimalMark::Comma);
                    issues.push(
                        issue(Code::TypeError)
                            .row(v.row)
                            .at(column(v.col))
                            .value(v.text.as_str())
                            .msg(de, en),
                    );
                    continue;
                }
            }
        };
        let note = if v.quality == Quality::Restricted {
            restricted += 1;
            Some(restricted_note)
        } else {
            table.footnote.as_deref()
        };
        let record = Record {
            row: v.row,
            municipality: Some(Slot {
                cell: Cell::Text(&member),
                col: v.key_col,
            }),
            indicator: Given::Known(target.indicator),
            year: Given::Cell(Slot {
                cell: Cell::Number(f64::from(v.year)),
                col: v.year_col,
            }),
            value: Slot { cell, col: v.col },
            status: None,
            reason: None,
            note: note.map(|n| Slot {
                cell: Cell::Text(n),
                col: v.col,
            }),
            source: Some(Slot {
                cell: Cell::Text(&source),
                col: v.col,
            }),
        };
        validator.record(&record, &mut issues);
    }
    let mut variables = Vec::with_capacity(table.series.len());
    for (i, s) in table.series.iter().enumerate() {
        let code = spec_of(&s.code, &s.attributes);
        let mapped_to = mapped[i].0.clone();
        if let (None, Some(row)) = (mapped_to.as_ref(), first_cohort_row[i]) {
            let n = cohort_rows[i];
            let unit = s.unit.as_deref().unwrap_or("?");
            issues.push(issue(Code::UnmappedVariable).warning().row(row).value(code.as_str()).msg(
                format!("Die Variable {code} ({}; {unit}) ist keinem Indikator zugeordnet; ihre {n} Werte des Verbunds werden nicht übernommen. Zuordnen mit „{code}=<indikator>“ (Faktor mit *, z. B. =bevoelkerung*1) oder in datasets/sources.csv.", s.label),
                format!("Variable {code} ({}; {unit}) is mapped to no indicator; its {n} cohort values are not taken. Map it with \"{code}=<indicator>\" (a factor with *, e.g. =bevoelkerung*1) or in datasets/sources.csv.", s.label),
            ));
        }
        variables.push(SourceVariable {
            code,
            label: s.label.clone(),
            unit: s.unit.clone(),
            mapped_to,
            rows: rows[i],
            cohort_rows: cohort_rows[i],
        });
    }
    if let Some(&(row, earlier)) = table.repeated.first() {
        let n = table.repeated.len();
        issues.push(issue(Code::RepeatedRow).warning().row(row).value(n.to_string()).msg(
            format!("{n} Zeile(n) wiederholen eine frühere Zeile genau (erste: Zeile {row} = Zeile {earlier}); sie werden einmal gelesen."),
            format!("{n} row(s) repeat an earlier row exactly (first: row {row} = row {earlier}); they are read once."),
        ));
    }
    for problem in issues {
        report.push(problem);
    }
    let section = SourceSection {
        format: table.format,
        table: table.table.clone(),
        statistic: table.statistic.clone(),
        title: table.title.clone(),
        stand: table.stand.clone(),
        variables,
        regions_outside_cohort: outside.len() + table.aggregates,
        defunct_regions: defunct.len(),
        repeated_rows: table.repeated.len(),
        restricted_values: restricted,
    };
    let unmapped = section
        .variables
        .iter()
        .filter(|v| v.mapped_to.is_none())
        .count();
    let empty = issue(Code::TableDimensions).msg(
        format!("Die Datei ergibt keinen Wert für den Verbund: {} Regionen liegen außerhalb, {} Gebietseinheiten bestehen nicht, {unmapped} Variable(n) sind keinem Indikator zugeordnet.", section.regions_outside_cohort, section.defunct_regions),
        format!("The file yields no value for the cohort: {} regions lie outside it, {} regions do not exist, {unmapped} variable(s) are mapped to no indicator.", section.regions_outside_cohort, section.defunct_regions),
    );
    let (observations, mut report) = conclude(validator, report, Some(empty));
    report.source = Some(section);
    (observations, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_scale_without_float_noise() {
        assert_eq!(scale(123.0, Some(0.01)), 1.23);
        assert_eq!(scale(0.1, Some(3.0)), 0.3);
        assert_eq!(scale(7.0, None), 7.0);
        assert_eq!(scale(0.0, Some(0.001)), 0.0);
        assert_eq!(scale(688_732.0, Some(1000.0)), 688_732_000.0);
    }
}
