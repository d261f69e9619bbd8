//! A validation report as HTML: what the file turned out to be (format, encoding, separator,
//! decimal mark, layout, sheet, rows) and every issue as a table row with severity, code, row,
//! column letter and name, the cell's value and the message saying how to fix it.
//!
//! One rendering path for a fresh report (`ValidationReport`) and one stored with an upload
//! (its JSON): both go through [`ReportView`].

use maud::{Markup, html};
use serde::Deserialize;
use vergleich_charts::Lang;
use vergleich_ingest::ValidationReport;

use crate::pages::t;

/// The parts of a validation report the pages show, read from its JSON form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportView {
    pub format: String,
    pub encoding: Option<String>,
    pub separator: Option<String>,
    pub decimal_mark: Option<String>,
    pub layout: Option<String>,
    pub sheet: Option<String>,
    pub rows: usize,
    pub observations: usize,
    pub error_count: usize,
    pub warning_count: usize,
    pub errors: Vec<IssueView>,
    pub warnings: Vec<IssueView>,
    pub truncated: bool,
    /// What an official table is and how its variables are mapped.
    pub source: Option<super::report_source::SourceView>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IssueView {
    pub code: String,
    pub severity: String,
    pub row: Option<usize>,
    pub column: Option<ColumnView>,
    pub value: Option<String>,
    pub message_de: String,
    pub message_en: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ColumnView {
    pub letter: String,
    pub name: String,
}

impl ReportView {
    pub fn of(report: &ValidationReport) -> Self {
        serde_json::to_value(report)
            .ok()
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default()
    }

    /// The report stored with an upload (absent or unreadable: an empty report).
    pub fn stored(json: Option<&str>) -> Self {
        json.and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default()
    }
}

fn separator_name(lang: Lang, sep: &str) -> String {
    let name = match sep {
        ";" => t(lang, "Semikolon", "semicolon"),
        "," => t(lang, "Komma", "comma"),
        "\t" => return t(lang, "Tabulator", "tab").to_owned(),
        "|" => t(lang, "senkrechter Strich", "vertical bar"),
        _ => return sep.to_owned(),
    };
    format!("{sep} ({name})")
}

fn decimal_name(lang: Lang, mark: &str) -> String {
    match mark {
        "," => format!("{mark} ({})", t(lang, "Komma", "comma")),
        "." => format!("{mark} ({})", t(lang, "Punkt", "point")),
        other => other.to_owned(),
    }
}

fn layout_name(lang: Lang, layout: &str) -> &str {
    match layout {
        "long" => t(
            lang,
            "lang (eine Zeile je Kommune, Indikator und Jahr)",
            "long (one row per municipality, indicator and year)",
        ),
        "wide-years" => t(lang, "breit nach Jahren", "wide by years"),
        "wide-indicators" => t(lang, "breit nach Indikatoren", "wide by indicators"),
        other => other,
    }
}

/// What the file was read as.
pub fn summary(lang: Lang, report: &ReportView) -> Markup {
    html! {
        dl.report-summary {
            dt { (t(lang, "Format", "Format")) }
            dd { (report.format.to_uppercase()) }
            @if let Some(encoding) = &report.encoding {
                dt { (t(lang, "Zeichenkodierung", "Encoding")) }
                dd { (encoding) }
            }
            @if let Some(sep) = &report.separator {
                dt { (t(lang, "Trennzeichen", "Separator")) }
                dd { (separator_name(lang, sep)) }
            }
            @if let Some(mark) = &report.decimal_mark {
                dt { (t(lang, "Dezimalzeichen", "Decimal mark")) }
                dd { (decimal_name(lang, mark)) }
            }
            @if let Some(layout) = &report.layout {
                dt { (t(lang, "Aufbau", "Layout")) }
                dd { (layout_name(lang, layout)) }
            }
            @if let Some(sheet) = &report.sheet {
                dt { (t(lang, "Tabellenblatt", "Sheet")) }
                dd { (sheet) }
            }
            dt { (t(lang, "Datenzeilen", "Data rows")) }
            dd { (report.rows) }
            dt { (t(lang, "Beobachtungen", "Observations")) }
            dd { (report.observations) }
            dt { (t(lang, "Fehler / Warnungen", "Errors / warnings")) }
            dd { (report.error_count) " / " (report.warning_count) }
        }
        @if let Some(source) = &report.source {
            (super::report_source::section(lang, source))
        }
    }
}

/// Every issue of the report (errors first) as a table; nothing when there are none.
pub fn issues(lang: Lang, report: &ReportView) -> Markup {
    let all: Vec<&IssueView> = report.errors.iter().chain(&report.warnings).collect();
    issue_table(lang, &all, report.truncated)
}

/// The warnings only (a stored upload has no errors).
pub fn warnings(lang: Lang, report: &ReportView) -> Markup {
    let all: Vec<&IssueView> = report.warnings.iter().collect();
    issue_table(lang, &all, report.truncated)
}

/// Issues that differ only in their row, together (in the order of their first row), with the
/// rows each stands for: 31 rows with the same lost leading zero are one line.
fn grouped<'a>(issues: &[&'a IssueView]) -> Vec<(&'a IssueView, Vec<usize>)> {
    let mut groups: Vec<(&IssueView, Vec<usize>)> = Vec::new();
    for issue in issues {
        let column = |i: &IssueView| i.column.as_ref().map(|c| c.letter.clone());
        let same = groups.iter_mut().find(|(g, _)| {
            g.severity == issue.severity
                && g.code == issue.code
                && column(g) == column(issue)
                && g.message_en == issue.message_en
                && g.row.is_some()
                && issue.row.is_some()
        });
        match same {
            Some((_, rows)) => rows.extend(issue.row),
            None => groups.push((issue, issue.row.into_iter().collect())),
        }
    }
    groups
}

fn issue_table(lang: Lang, issues: &[&IssueView], truncated: bool) -> Markup {
    let groups = grouped(issues);
    html! {
        @if !issues.is_empty() {
            // Wider than a phone: a region that scrolls, reachable with the keyboard.
            div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Gefundene Probleme", "Problems found")) {
                table.report {
                    caption { (t(lang, "Gefundene Probleme", "Problems found")) }
                    thead {
                        tr {
                            th scope="col" { (t(lang, "Art", "Severity")) }
                            th scope="col" { (t(lang, "Code", "Code")) }
                            th.num scope="col" { (t(lang, "Zeile", "Row")) }
                            th scope="col" { (t(lang, "Spalte", "Column")) }
                            th scope="col" { (t(lang, "Zellwert", "Cell value")) }
                            th scope="col" { (t(lang, "Was zu tun ist", "How to fix it")) }
                        }
                    }
                    tbody {
                        @for (issue, rows) in &groups {
                            @let error = issue.severity != "warning";
                            tr class=(if error { "issue-error" } else { "issue-warning" }) {
                                td { (if error { t(lang, "Fehler", "error") } else { t(lang, "Warnung", "warning") }) }
                                td { code { (issue.code) } }
                                td.num {
                                    (vergleich_ingest::rows_text(rows))
                                    @if rows.len() > 1 {
                                        br; small { "(" (rows.len()) (t(lang, " Zeilen)", " rows)")) }
                                    }
                                }
                                td {
                                    @if let Some(column) = &issue.column {
                                        @if column.letter.is_empty() {
                                            (column.name)
                                        } @else {
                                            strong { (column.letter) } " (" (column.name) ")"
                                        }
                                    }
                                }
                                td { @if let Some(value) = &issue.value { code { (value) } } }
                                td lang=(t(lang, "de", "en")) { (t(lang, &issue.message_de, &issue.message_en)) }
                            }
                        }
                    }
                }
            }
            @if truncated {
                p.hint { (t(lang,
                    "Es gibt mehr Probleme als hier gezeigt; bitte die ersten beheben und die Datei erneut prüfen.",
                    "There are more problems than shown here; please fix the first ones and check the file again.")) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_report_reads_back_with_coordinates() {
        let json = r#"{"format":"csv","encoding":"windows-1252","separator":";","decimal_mark":",",
            "rows":2,"observations":2,"error_count":1,"warning_count":0,
            "errors":[{"code":"type-error","severity":"error","row":3,
                "column":{"number":4,"letter":"D","name":"Wert"},"value":"zwölf",
                "message_de":"Zahl erwartet","message_en":"number expected"}],
            "warnings":[],"truncated":false}"#;
        let report = ReportView::stored(Some(json));
        let html = issues(Lang::De, &report).into_string();
        assert!(html.contains("<strong>D</strong> (Wert)"), "{html}");
        assert!(html.contains("zwölf") && html.contains("Zahl erwartet"));
        let summary = summary(Lang::En, &report).into_string();
        assert!(summary.contains("; (semicolon)") && summary.contains("windows-1252"));
        assert!(ReportView::stored(Some("{}")).errors.is_empty());
    }

    #[test]
    fn the_same_problem_in_many_rows_is_one_line_with_its_rows() {
        let one = |row: usize| {
            format!(
                r#"{{"code":"type-error","severity":"error","row":{row},
                "column":{{"number":1,"letter":"A","name":"Kommune"}},"value":"7312000",
                "message_de":"Null fehlt","message_en":"zero lost"}}"#
            )
        };
        let rows: Vec<String> = (2..=32).map(one).collect();
        let json = format!(
            r#"{{"format":"csv","rows":31,"error_count":31,"errors":[{}]}}"#,
            rows.join(",")
        );
        let report = ReportView::stored(Some(&json));
        let html = issues(Lang::De, &report).into_string();
        assert_eq!(html.matches("Null fehlt").count(), 1, "{html}");
        assert!(
            html.contains("2–32") && html.contains("(31 Zeilen)"),
            "{html}"
        );
    }
}
