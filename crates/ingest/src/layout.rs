//! Header labels (German and English, with aliases, case- and whitespace-insensitive) and the
//! three layouts: long (one row per municipality, indicator and year), wide by years (a column per
//! year) and wide by indicators (a column per indicator).

use std::collections::HashMap;

use vergleich_domain::{Catalogue, Period};

use crate::report::{Code, ColumnRef, Issue, Layout, issue};
use crate::table::Cell;

/// What a column means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Municipality,
    Indicator,
    Year,
    Value,
    Status,
    Reason,
    Note,
    Source,
    /// Informational columns of the template (name, label, unit): read past.
    Ignored,
    /// Wide by years: the column holds this year's values.
    YearColumn(Period),
    /// Wide by indicators: the column holds this catalogue indicator's values (index).
    IndicatorColumn(usize),
    Unknown,
    Blank,
}

/// Lower-case letters and digits only: `Missing_Reason ` and `missing reason` are the same label.
pub(crate) fn normalise(label: &str) -> String {
    label
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The role a (normalised) label names, if it is one of the fixed columns.
fn alias(label: &str) -> Option<Role> {
    Some(match label {
        "kommune" | "ags" | "gemeindeschlüssel" | "gemeindeschluessel" | "gemeinde"
        | "kreisschlüssel" | "kreisschluessel" | "schlüssel" | "schluessel"
        | "regionalschlüssel" | "regionalschluessel" | "municipality" | "municipalitykey"
        | "key" | "kommunenschlüssel" | "kommunenschluessel" => Role::Municipality,
        "indikator" | "indicator" | "indikatorid" | "indicatorid" | "kennzahl" => Role::Indicator,
        "jahr" | "year" | "berichtsjahr" | "periode" | "period" | "zeitraum" => Role::Year,
        "wert" | "value" => Role::Value,
        "status" => Role::Status,
        "grund" | "missingreason" | "reason" | "fehlgrund" => Role::Reason,
        "anmerkung" | "note" | "bemerkung" | "kommentar" | "comment" => Role::Note,
        "quelle" | "source" => Role::Source,
        "name"
        | "kommunenname"
        | "gemeindename"
        | "municipalityname"
        | "bezeichnung"
        | "label"
        | "indikatorbezeichnung"
        | "indicatorlabel"
        | "einheit"
        | "unit" => Role::Ignored,
        _ => return None,
    })
}

/// The header as understood.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub(crate) roles: Vec<Role>,
    pub(crate) names: Vec<String>,
    pub(crate) layout: Option<Layout>,
}

impl Header {
    pub(crate) fn column(&self, index: usize) -> ColumnRef {
        ColumnRef::new(index, self.names.get(index).map_or("", String::as_str))
    }

    pub(crate) fn find(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|r| *r == role)
    }
}

/// Labels that name catalogue indicators: id, German and English label.
pub(crate) fn indicator_labels(catalogue: &Catalogue) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (index, ind) in catalogue.indicators.iter().enumerate() {
        for label in [ind.id.as_str(), &ind.label_de, &ind.label_en] {
            map.entry(normalise(label)).or_insert(index);
        }
    }
    map
}

/// True if a header label names a fixed column, a year or a catalogue indicator.
pub(crate) fn known_label(label: &str, catalogue_labels: &HashMap<String, usize>) -> bool {
    let norm = normalise(label);
    !norm.is_empty()
        && (alias(&norm).is_some()
            || year_label(label.trim()).is_some()
            || catalogue_labels.contains_key(&norm))
}

/// True if a label names one of the key columns (municipality, indicator, year, value): a header
/// row has at least one.
pub(crate) fn key_label(label: &str) -> bool {
    matches!(
        alias(&normalise(label)),
        Some(Role::Municipality | Role::Indicator | Role::Year | Role::Value)
    )
}

fn year_label(label: &str) -> Option<Period> {
    (label.len() == 4 && label.bytes().all(|b| b.is_ascii_digit()))
        .then(|| label.parse().ok().and_then(Period::new))
        .flatten()
}

/// Reads the header row. `municipality_optional` when the uploader's municipality is known.
pub(crate) fn read_header(
    row: usize,
    cells: &[Cell<'_>],
    catalogue_labels: &HashMap<String, usize>,
    municipality_optional: bool,
    issues: &mut Vec<Issue>,
) -> Header {
    let names: Vec<String> = cells.iter().map(Cell::label).collect();
    let fixed: Vec<Option<Role>> = names.iter().map(|n| alias(&normalise(n))).collect();
    let has = |role: Role| fixed.contains(&Some(role));
    let years = names.iter().filter(|n| year_label(n).is_some()).count();
    let layout = if has(Role::Value) || has(Role::Indicator) && has(Role::Year) {
        Layout::Long
    } else if has(Role::Indicator) && years > 0 {
        Layout::WideYears
    } else if has(Role::Year) {
        Layout::WideIndicators
    } else {
        Layout::Long
    };
    let mut roles = Vec::with_capacity(names.len());
    for (name, role) in names.iter().zip(&fixed) {
        let norm = normalise(name);
        roles.push(match (role, layout) {
            _ if name.is_empty() => Role::Blank,
            (Some(role), _) => *role,
            (None, Layout::WideYears) => year_label(name).map_or(Role::Unknown, Role::YearColumn),
            (None, Layout::WideIndicators) => catalogue_labels
                .get(&norm)
                .map_or(Role::Unknown, |i| Role::IndicatorColumn(*i)),
            (None, Layout::Long) => Role::Unknown,
        });
    }
    let header = Header {
        roles,
        names,
        layout: None,
    };
    let mut ok = true;
    let mut seen: HashMap<Role, usize> = HashMap::new();
    for (index, role) in header.roles.iter().enumerate() {
        match role {
            Role::Ignored | Role::Blank => {}
            Role::Unknown => {
                let (code, de, en) = if layout == Layout::WideIndicators {
                    (
                        Code::ForeignKey,
                        "Diese Spalte ist kein Indikator des Katalogs. Bitte die Indikator-ID aus der Vorlage verwenden.",
                        "This column is not an indicator of the catalogue. Use the indicator id from the template.",
                    )
                } else {
                    (
                        Code::ExtraLabel,
                        "Unbekannte Spaltenüberschrift. Erlaubt sind z. B. Kommune, Indikator, Jahr, Wert, Status, Grund, Anmerkung, Quelle.",
                        "Unknown column label. Allowed are e.g. municipality, indicator, year, value, status, missing_reason, note, source.",
                    )
                };
                ok = false;
                issues.push(
                    issue(code)
                        .row(row)
                        .at(Some(header.column(index)))
                        .value(&header.names[index])
                        .msg(de, en),
                );
            }
            role => {
                if let Some(first) = seen.insert(*role, index) {
                    ok = false;
                    issues.push(
                        issue(Code::DuplicateLabel)
                            .row(row)
                            .at(Some(header.column(index)))
                            .value(&header.names[index])
                            .msg(
                                format!(
                                    "Die Spalte kommt doppelt vor (auch Spalte {}). Bitte eine davon löschen.",
                                    header.column(first).letter
                                ),
                                format!(
                                    "The column appears twice (also column {}). Delete one of them.",
                                    header.column(first).letter
                                ),
                            ),
                    );
                }
            }
        }
    }
    let mut required: Vec<(Role, &str, &str)> = Vec::new();
    if !municipality_optional {
        required.push((Role::Municipality, "Kommune", "municipality"));
    }
    match layout {
        Layout::Long => {
            required.push((Role::Indicator, "Indikator", "indicator"));
            required.push((Role::Year, "Jahr", "year"));
            required.push((Role::Value, "Wert", "value"));
        }
        Layout::WideYears => {}
        Layout::WideIndicators => {
            if !header
                .roles
                .iter()
                .any(|r| matches!(r, Role::IndicatorColumn(_)))
            {
                required.push((Role::Value, "Wert", "value"));
            }
        }
    }
    for (role, de, en) in required {
        if header.find(role).is_none() {
            ok = false;
            issues.push(issue(Code::MissingLabel).row(row).value(de).msg(
                format!(
                    "Die Spalte „{de}“ fehlt. Bitte eine Spalte mit dieser Überschrift ergänzen."
                ),
                format!("The column \"{en}\" is missing. Add a column with this label."),
            ));
        }
    }
    Header {
        layout: ok.then_some(layout),
        ..header
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> HashMap<String, usize> {
        HashMap::from([("auslaenderanteil".to_owned(), 0)])
    }

    fn header(names: &[&str]) -> (Header, Vec<Issue>) {
        let cells: Vec<Cell<'_>> = names.iter().map(|n| Cell::Text(n)).collect();
        let mut issues = Vec::new();
        (
            read_header(1, &cells, &labels(), false, &mut issues),
            issues,
        )
    }

    #[test]
    fn german_and_english_aliases_in_any_order_and_case_give_the_long_layout() {
        let (h, issues) = header(&[
            " WERT ",
            "Gemeindeschlüssel",
            "jahr",
            "Indikator",
            "Missing_Reason",
        ]);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(h.layout, Some(Layout::Long));
        assert_eq!(h.find(Role::Municipality), Some(1));
        assert_eq!(h.find(Role::Reason), Some(4));
    }

    #[test]
    fn year_columns_and_indicator_columns_give_the_wide_layouts() {
        let (h, _) = header(&["AGS", "Indikator", "2022", "2023"]);
        assert_eq!(h.layout, Some(Layout::WideYears));
        assert_eq!(h.roles[3], Role::YearColumn(Period::new(2023).unwrap()));
        let (h, _) = header(&["Kommune", "Jahr", "Auslaenderanteil"]);
        assert_eq!(h.layout, Some(Layout::WideIndicators));
        assert_eq!(h.roles[2], Role::IndicatorColumn(0));
    }

    #[test]
    fn duplicate_unknown_and_missing_labels_are_each_reported_in_row_one() {
        let (h, issues) = header(&["Kommune", "Jahr", "Jahr", "Wret", "", "Indikator"]);
        assert_eq!(h.layout, None);
        let found: Vec<_> = issues
            .iter()
            .map(|i| (i.code, i.row, i.column.as_ref().map(|c| c.letter.clone())))
            .collect();
        assert_eq!(
            found,
            vec![
                (Code::DuplicateLabel, Some(1), Some("C".to_owned())),
                (Code::ExtraLabel, Some(1), Some("D".to_owned())),
                (Code::MissingLabel, Some(1), None),
            ]
        );
        assert_eq!(h.roles[4], Role::Blank);
    }

    #[test]
    fn unknown_indicator_column_in_wide_layout_is_a_foreign_key_error() {
        let (_, issues) = header(&["Kommune", "Jahr", "auslaenderanteil", "quatsch"]);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].code, Code::ForeignKey);
        assert_eq!(issues[0].column.as_ref().map(|c| c.number), Some(4));
    }
}
