//! The `source` section of a report on an official table (GENESIS, INKAR, BA) as HTML: format,
//! table, title and Stand, then one row per value variable with its unit, the indicator it is
//! mapped to (or none) and its rows inside and outside the cohort.

use maud::{Markup, html};
use serde::Deserialize;
use vergleich_charts::Lang;

use crate::pages::t;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SourceView {
    pub format: String,
    pub table: Option<String>,
    pub statistic: Option<String>,
    pub title: Option<String>,
    pub stand: Option<String>,
    pub variables: Vec<VariableView>,
    pub regions_outside_cohort: usize,
    pub defunct_regions: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VariableView {
    /// `CODE[:ATTR=VAL…]`, as a mapping names it.
    pub code: String,
    pub label: String,
    pub unit: Option<String>,
    pub mapped_to: Option<String>,
    pub rows: usize,
    pub cohort_rows: usize,
}

fn format_name(lang: Lang, format: &str) -> &str {
    match format {
        "genesis-table" => t(
            lang,
            "GENESIS-Tabelle (Regionaldatenbank, „Tabelle als CSV“)",
            "GENESIS table (Regionaldatenbank, “table as CSV”)",
        ),
        "genesis-flat" => t(
            lang,
            "GENESIS-Flatfile (ffcsv)",
            "GENESIS flat file (ffcsv)",
        ),
        "inkar" => "INKAR (BBSR)",
        "ba" => t(
            lang,
            "Statistik der Bundesagentur für Arbeit",
            "Statistics of the Federal Employment Agency",
        ),
        other => other,
    }
}

/// What the file is and which of its variables become which indicator.
pub fn section(lang: Lang, source: &SourceView) -> Markup {
    html! {
        dl.report-summary.report-source {
            dt { (t(lang, "Amtliche Quelle", "Official source")) }
            dd { (format_name(lang, &source.format)) }
            @if let Some(table) = source.table.as_ref().or(source.statistic.as_ref()) {
                dt { (t(lang, "Tabelle", "Table")) }
                dd { code { (table) } @if let Some(title) = &source.title { " – " (title) } }
            }
            @if let Some(stand) = &source.stand {
                dt { (t(lang, "Stand", "As of")) }
                dd { (stand) }
            }
            dt { (t(lang, "Gebiete außerhalb des Verbunds", "Regions outside the cohort")) }
            dd { (source.regions_outside_cohort) }
            @if source.defunct_regions > 0 {
                dt { (t(lang, "Gebietseinheit besteht nicht", "Region did not exist")) }
                dd { (source.defunct_regions) }
            }
        }
        @if !source.variables.is_empty() {
            // Wider than a phone: a region that scrolls, reachable with the keyboard.
            div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Variablen der Datei", "Variables of the file")) {
                table.source-variables {
                    caption { (t(lang, "Variablen der Datei", "Variables of the file")) }
                    thead {
                        tr {
                            th scope="col" { (t(lang, "Variable", "Variable")) }
                            th scope="col" { (t(lang, "Einheit", "Unit")) }
                            th scope="col" { (t(lang, "Indikator", "Indicator")) }
                            th.num scope="col" { (t(lang, "Werte", "Values")) }
                            th.num scope="col" { (t(lang, "davon Verbund", "of the cohort")) }
                        }
                    }
                    tbody {
                        @for v in &source.variables {
                            tr {
                                td { (v.label) br; code.hint { (v.code) } }
                                td { (v.unit.as_deref().unwrap_or("–")) }
                                td {
                                    @match &v.mapped_to {
                                        Some(indicator) => code { (indicator) },
                                        None => em { (t(lang, "nicht zugeordnet", "not mapped")) },
                                    }
                                }
                                td.num { (v.rows) }
                                td.num { (v.cohort_rows) }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_source_section_shows_each_variable_and_its_mapping() {
        let json = r#"{"format":"genesis-table","table":"12411-01-01-4","title":"Bevölkerung",
            "stand":"10.07.2023","regions_outside_cohort":522,"defunct_regions":3,
            "variables":[{"code":"Bevölkerungsstand:=Insgesamt","label":"Bevölkerungsstand, Insgesamt",
              "unit":"Anzahl","mapped_to":"bevoelkerung","rows":538,"cohort_rows":16},
             {"code":"Bevölkerungsstand:=männlich","label":"Bevölkerungsstand, männlich",
              "unit":"Anzahl","mapped_to":null,"rows":538,"cohort_rows":16}]}"#;
        let source: SourceView = serde_json::from_str(json).unwrap();
        let html = section(Lang::De, &source).into_string();
        assert!(
            html.contains("12411-01-01-4") && html.contains("10.07.2023"),
            "{html}"
        );
        assert!(html.contains("<code>bevoelkerung</code>") && html.contains("nicht zugeordnet"));
        assert!(html.contains("Gebietseinheit besteht nicht"));
    }
}
