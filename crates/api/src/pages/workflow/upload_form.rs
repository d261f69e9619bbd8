//! The upload form of `/hochladen` and what it sends: the file, "check only", and one mapping
//! row per variable of an official table that the last check found (a select box of the
//! catalogue's indicators and an optional factor). The rows come from the report shown above the
//! form, so a table whose variable is not in `datasets/sources.csv` is checked once, mapped in the
//! form, and uploaded again.

use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::Indicator;

use super::check_token;
use super::report::ReportView;
use crate::auth::AuthMethod;
use crate::extract::body_error;
use crate::pages::{PageError, href, t};

/// One mapping row as sent: the variable (`CODE[:ATTR=VAL…]`), the chosen indicator (empty: as
/// built in, or not taken) and an optional factor.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Chosen {
    pub variable: String,
    pub indicator: String,
    pub factor: String,
}

impl Chosen {
    /// `CODE=INDICATOR[*FACTOR]`, or nothing when no indicator was chosen.
    pub fn spec(&self) -> Option<String> {
        let indicator = self.indicator.trim();
        if indicator.is_empty() || self.variable.trim().is_empty() {
            return None;
        }
        let factor = self.factor.trim().replace(',', ".");
        Some(if factor.is_empty() {
            format!("{}={indicator}", self.variable.trim())
        } else {
            format!("{}={indicator}*{factor}", self.variable.trim())
        })
    }
}

/// Adds a form field to the mapping rows: each `variable` starts a row, `indicator` and
/// `factor` belong to the row before them (browsers send fields in document order).
pub(super) fn collect(rows: &mut Vec<Chosen>, name: &str, value: String) {
    match name {
        "variable" => rows.push(Chosen {
            variable: value,
            ..Chosen::default()
        }),
        "indicator" => {
            if let Some(row) = rows.last_mut() {
                row.indicator = value;
            }
        }
        "factor" => {
            if let Some(row) = rows.last_mut() {
                row.factor = value;
            }
        }
        _ => {}
    }
}

/// The form's parts that differ between a member and a manager.
pub(super) struct FormText {
    pub heading: &'static str,
    pub max_mib: usize,
}

/// Step 2: the file, "check only", and the mapping rows of the report shown (if any).
pub(super) fn form(
    lang: Lang,
    csrf: &str,
    text: &FormText,
    shown: Option<&ReportView>,
    chosen: &[Chosen],
    indicators: &[Indicator],
) -> Markup {
    let variables: Vec<_> = shown
        .and_then(|r| r.source.as_ref())
        .map(|s| s.variables.iter().filter(|v| v.cohort_rows > 0).collect())
        .unwrap_or_default();
    html! {
        section.workflow-step aria-labelledby="datei" {
            h2 #datei { (text.heading) }
            form #upload-form .upload-form method="post" action=(href(lang, "/hochladen")) enctype="multipart/form-data" {
                input type="hidden" name="csrf_token" value=(csrf);
                @if !variables.is_empty() {
                    fieldset.mapping {
                        legend { (t(lang, "Zuordnung der Variablen", "Mapping of the variables")) }
                        p.hint { (t(lang,
                            "Die zuletzt geprüfte Tabelle enthält diese Variablen mit Werten des Verbunds. Ohne Auswahl gilt die Zuordnung aus datasets/sources.csv; eine nicht zugeordnete Variable wird nicht übernommen. Ein Faktor rechnet die Einheit um (z. B. 1000 für „Tsd.“ zu Personen, 1 wenn „Anzahl“ Personen meint). Bitte die Datei danach erneut wählen.",
                            "The table checked last has these variables with values of the cohort. Without a choice the mapping of datasets/sources.csv applies; a variable mapped to nothing is not taken. A factor converts the unit (e.g. 1000 for “Tsd.” to persons, 1 when “Anzahl” means persons). Then choose the file again.")) }
                        @for (i, v) in variables.iter().enumerate() {
                            @let mine = chosen.iter().find(|c| c.variable == v.code);
                            div.mapping-row {
                                input type="hidden" name="variable" value=(v.code);
                                label for=(format!("indicator-{i}")) {
                                    (v.label) " " code.hint { (v.code) }
                                    @if let Some(unit) = &v.unit { " (" (unit) ")" }
                                }
                                select id=(format!("indicator-{i}")) name="indicator" {
                                    option value="" selected[mine.is_none_or(|c| c.indicator.is_empty())] {
                                        @match (&v.mapped_to, mine) {
                                            (Some(m), None) => { (t(lang, "wie vorgegeben: ", "as built in: ")) (m) }
                                            _ => { (t(lang, "– nicht übernehmen / wie vorgegeben –", "– not taken / as built in –")) }
                                        }
                                    }
                                    @for ind in indicators {
                                        option value=(ind.id.as_str()) selected[mine.is_some_and(|c| c.indicator == ind.id.as_str())] {
                                            (t(lang, &ind.label_de, &ind.label_en)) " (" (ind.unit) ")"
                                        }
                                    }
                                }
                                label for=(format!("factor-{i}")) { (t(lang, "Faktor", "Factor")) }
                                input id=(format!("factor-{i}")) type="text" name="factor" inputmode="decimal" size="6"
                                    value=(mine.map_or("", |c| c.factor.as_str()));
                            }
                        }
                    }
                }
                div.dropzone {
                    label for="file" {
                        (t(lang, "Datei (CSV, XLSX, ODS, JSON oder eine amtliche Tabelle: GENESIS, INKAR, BA; höchstens ", "File (CSV, XLSX, ODS, JSON or an official table: GENESIS, INKAR, BA; at most "))
                        (text.max_mib) " MiB)"
                    }
                    input #file type="file" name="file" required accept=".csv,.txt,.xlsx,.xls,.ods,.json,.zip";
                    p.dropzone-hint aria-hidden="true" { (t(lang, "… oder die Datei hierher ziehen.", "… or drop the file here.")) }
                }
                p {
                    input #dry_run type="checkbox" name="dry_run" value="true";
                    " "
                    label for="dry_run" { (t(lang, "Nur prüfen (nichts speichern)", "Check only (store nothing)")) }
                }
                p { button type="submit" { (t(lang, "Hochladen und prüfen", "Upload and check")) } }
            }
        }
    }
}

/// What the upload form sent.
pub(super) struct Sent {
    pub token: String,
    pub dry_run: bool,
    pub file: Option<(Vec<u8>, Option<String>)>,
    pub chosen: Vec<Chosen>,
}

/// Reads the form; the CSRF token comes before the file, so a forged form is refused before its
/// file is read.
pub(super) async fn read_form(
    multipart: Result<Multipart, MultipartRejection>,
    method: &AuthMethod,
    lang: Lang,
) -> Result<Sent, PageError> {
    let mut form =
        multipart.map_err(|e| PageError::from_app(body_error(&e.body_text(), e.status()), lang))?;
    let read_error = |e: axum::extract::multipart::MultipartError| {
        PageError::from_app(body_error(&e.body_text(), e.status()), lang)
    };
    let mut sent = Sent {
        token: String::new(),
        dry_run: false,
        file: None,
        chosen: Vec::new(),
    };
    while let Some(field) = form.next_field().await.map_err(read_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "csrf_token" => sent.token = field.text().await.map_err(read_error)?,
            "dry_run" => sent.dry_run = field.text().await.map_err(read_error)? != "false",
            "file" => {
                check_token(method, &sent.token, lang)?;
                let file_name = field.file_name().map(str::to_owned);
                let bytes = field.bytes().await.map_err(read_error)?;
                sent.file = Some((bytes.to_vec(), file_name));
            }
            "variable" | "indicator" | "factor" => {
                let value = field.text().await.map_err(read_error)?;
                collect(&mut sent.chosen, &name, value);
            }
            _ => {}
        }
    }
    check_token(method, &sent.token, lang)?;
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_rows_become_specs_in_the_order_sent() {
        let mut rows = Vec::new();
        for (name, value) in [
            ("variable", "Bevölkerungsstand:=männlich"),
            ("indicator", "bevoelkerung"),
            ("factor", "1,0"),
            ("variable", "Bevölkerungsstand:=weiblich"),
            ("indicator", ""),
            ("factor", ""),
            ("csrf_token", "x"),
        ] {
            collect(&mut rows, name, value.to_owned());
        }
        let specs: Vec<_> = rows.iter().filter_map(Chosen::spec).collect();
        assert_eq!(specs, vec!["Bevölkerungsstand:=männlich=bevoelkerung*1.0"]);
        // A stray indicator before any variable is ignored.
        let mut stray = Vec::new();
        collect(&mut stray, "indicator", "bevoelkerung".to_owned());
        assert!(stray.is_empty());
    }
}
