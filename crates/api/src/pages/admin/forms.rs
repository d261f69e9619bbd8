//! The forms of the catalogue page and what each one does.

use chrono::NaiveDate;
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::catalogue_edit::{DefinitionChange, MAX_LABEL, MAX_SHORT, MAX_TEXT};
use vergleich_domain::{Field, FieldId, Indicator, IndicatorId, IndicatorKind, Level, Polarity};
use vergleich_service::ErrorCode;
use vergleich_service::workflow::catalogue_admin::FieldPatch;

use crate::auth::Principal;
use crate::pages::concept::edit::Fields;
use crate::pages::{href, t};
use crate::state::AppState;

/// Why a form was not applied: bad input (shown above the form, values kept), or anything
/// else (an error page).
pub enum Refused {
    Input(String, String, String),
    /// Conflicts with what is stored (a taken id, an overlapping period): the page again, 409.
    Conflict(String, String),
    Service(vergleich_service::Error),
}

pub(super) fn input(field: &str, de: &str, en: &str) -> Refused {
    Refused::Input(field.to_owned(), de.to_owned(), en.to_owned())
}

impl From<vergleich_service::Error> for Refused {
    fn from(e: vergleich_service::Error) -> Self {
        match e.errors.first() {
            Some(d) if e.code == ErrorCode::InvalidParameter => Self::Input(
                d.parameter.clone().unwrap_or_default(),
                d.message_de.clone(),
                d.message_en.clone(),
            ),
            _ if e.code == ErrorCode::Conflict => Self::Conflict(e.detail_de, e.detail_en),
            _ => Self::Service(e),
        }
    }
}

pub(super) fn value(f: &Fields, name: &str) -> String {
    f.get(name).unwrap_or_default()
}

fn number(f: &Fields, name: &str) -> Result<Option<f64>, Refused> {
    match f.get(name) {
        None => Ok(None),
        Some(v) => v
            .replace(',', ".")
            .parse::<f64>()
            .map(Some)
            .map_err(|_| input(name, "keine Zahl", "not a number")),
    }
}

/// Applies the posted form; the anchor to go back to.
pub async fn apply(
    state: &AppState,
    principal: &Principal,
    f: &Fields,
) -> Result<&'static str, Refused> {
    let workflow = state.workflow();
    match value(f, "form").as_str() {
        "field" => {
            let id = FieldId::parse(&value(f, "id")).map_err(|e| {
                Refused::Input(
                    "id".into(),
                    format!("Eine ID aus a–z, 0–9 und _ ({e})"),
                    format!("An id of a–z, 0–9 and _ ({e})"),
                )
            })?;
            let position = value(f, "position")
                .parse::<i32>()
                .map_err(|_| input("position", "eine Zahl 1–99", "a number 1–99"))?;
            let field = Field {
                id,
                position,
                label_de: value(f, "label_de"),
                label_en: value(f, "label_en"),
                short_de: value(f, "short_de"),
                short_en: value(f, "short_en"),
                description_de: value(f, "description_de"),
                description_en: value(f, "description_en"),
                archived: false,
            };
            workflow.add_field(principal, field).await?;
            Ok("felder")
        }
        "archive" => {
            let id = FieldId::parse(&value(f, "id"))
                .map_err(|_| input("id", "unbekanntes Feld", "unknown field"))?;
            let patch = FieldPatch {
                archived: Some(value(f, "archived") == "true"),
                ..FieldPatch::default()
            };
            workflow.edit_field(principal, &id, patch).await?;
            Ok("felder")
        }
        "indicator" => {
            let id = IndicatorId::parse(&value(f, "id")).map_err(|e| {
                Refused::Input(
                    "id".into(),
                    format!("Eine ID aus a–z, 0–9 und _ ({e})"),
                    format!("An id of a–z, 0–9 and _ ({e})"),
                )
            })?;
            let kind = IndicatorKind::parse(&value(f, "kind"))
                .ok_or_else(|| input("kind", "Art wählen", "choose a kind"))?;
            let polarity = Polarity::parse(&value(f, "polarity"))
                .ok_or_else(|| input("polarity", "Polarität wählen", "choose a polarity"))?;
            let level = Level::parse(&value(f, "level"))
                .ok_or_else(|| input("level", "Ebene wählen", "choose a level"))?;
            let field = match f.get("field") {
                None => None,
                Some(v) => Some(
                    FieldId::parse(&v)
                        .map_err(|_| input("field", "unbekanntes Feld", "unknown field"))?,
                ),
            };
            let indicator = Indicator {
                id,
                field,
                kind,
                label_de: value(f, "label_de"),
                label_en: value(f, "label_en"),
                definition_de: value(f, "definition_de"),
                definition_en: value(f, "definition_en"),
                unit: value(f, "unit"),
                polarity,
                min: number(f, "min")?,
                max: number(f, "max")?,
                source: value(f, "source"),
                level,
                definition_version: 1,
            };
            workflow.add_indicator(principal, indicator).await?;
            Ok("indikatoren")
        }
        "definition" => {
            let id = IndicatorId::parse(&value(f, "indicator"))
                .map_err(|_| input("indicator", "Indikator wählen", "choose an indicator"))?;
            let valid_from = NaiveDate::parse_from_str(&value(f, "valid_from"), "%Y-%m-%d")
                .map_err(|_| {
                    input(
                        "valid_from",
                        "ein Datum wie 2025-01-01",
                        "a date such as 2025-01-01",
                    )
                })?;
            let change = DefinitionChange {
                definition_de: value(f, "definition_de"),
                definition_en: value(f, "definition_en"),
                valid_from,
                note_de: value(f, "note_de"),
                note_en: value(f, "note_en"),
            };
            workflow.change_definition(principal, &id, change).await?;
            Ok("definition")
        }
        _ => Err(input("form", "unbekanntes Formular", "unknown form")),
    }
}

pub fn field_table(fields: &[Field], indicators: &[Indicator], csrf: &str, lang: Lang) -> Markup {
    html! {
        div.table-wrap id="felder" tabindex="0" role="region" aria-label=(t(lang, "Handlungsfelder", "Fields")) {
            table {
                thead { tr {
                    th { "#" } th { "ID" } th { (t(lang, "Bezeichnung", "Label")) }
                    th { (t(lang, "Indikatoren", "Indicators")) } th { (t(lang, "Stand", "State")) } th { (t(lang, "Ändern", "Change")) }
                } }
                tbody {
                    @for f in fields {
                        @let n = indicators.iter().filter(|i| i.field.as_ref() == Some(&f.id)).count();
                        tr {
                            td { (f.position) } td { code { (f.id) } } td { (t(lang, &f.label_de, &f.label_en)) }
                            td { (n) @if n == 0 { " " small { (t(lang, "(noch keine)", "(none yet)")) } } }
                            td { @if f.archived { (t(lang, "archiviert", "archived")) } @else { (t(lang, "aktiv", "active")) } }
                            td {
                                form.inline method="post" action=(href(lang, "/verwaltung/katalog")) {
                                    input type="hidden" name="csrf_token" value=(csrf);
                                    input type="hidden" name="form" value="archive";
                                    input type="hidden" name="id" value=(f.id);
                                    input type="hidden" name="archived" value=(if f.archived { "false" } else { "true" });
                                    button type="submit" { @if f.archived { (t(lang, "Wieder aktivieren", "Restore")) } @else { (t(lang, "Archivieren", "Archive")) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn typed_or(f: &Fields, form: &str, name: &str) -> String {
    if f.get("form").as_deref() == Some(form) {
        value(f, name)
    } else {
        String::new()
    }
}

pub fn add_field(f: &Fields, csrf: &str, lang: Lang) -> Markup {
    let v = |n: &str| typed_or(f, "field", n);
    html! {
        details open[f.get("form").as_deref() == Some("field")] {
            summary { (t(lang, "Handlungsfeld hinzufügen", "Add a field")) }
            form.stacked method="post" action=(href(lang, "/verwaltung/katalog")) {
                input type="hidden" name="csrf_token" value=(csrf);
                input type="hidden" name="form" value="field";
                label for="f-id" { (t(lang, "ID (a–z, 0–9, _), z. B. gesundheit", "Id (a–z, 0–9, _), e.g. gesundheit")) }
                input type="text" id="f-id" name="id" value=(v("id")) maxlength="40" required pattern="[a-z0-9_]+";
                label for="f-position" { (t(lang, "Position (1–99)", "Position (1–99)")) }
                input type="number" id="f-position" name="position" value=(v("position")) min="1" max="99" required;
                label for="f-label_de" { (t(lang, "Bezeichnung (deutsch)", "Label (German)")) }
                input type="text" id="f-label_de" name="label_de" value=(v("label_de")) maxlength=(MAX_LABEL) required;
                label for="f-label_en" { (t(lang, "Bezeichnung (englisch)", "Label (English)")) }
                input type="text" id="f-label_en" name="label_en" value=(v("label_en")) maxlength=(MAX_LABEL) required;
                label for="f-short_de" { (t(lang, "Kurzform (deutsch, für Spaltenköpfe)", "Short label (German, for column heads)")) }
                input type="text" id="f-short_de" name="short_de" value=(v("short_de")) maxlength=(MAX_SHORT);
                label for="f-short_en" { (t(lang, "Kurzform (englisch)", "Short label (English)")) }
                input type="text" id="f-short_en" name="short_en" value=(v("short_en")) maxlength=(MAX_SHORT);
                label for="f-description_de" { (t(lang, "Beschreibung (deutsch)", "Description (German)")) }
                textarea id="f-description_de" name="description_de" rows="2" maxlength=(MAX_TEXT) { (v("description_de")) }
                label for="f-description_en" { (t(lang, "Beschreibung (englisch)", "Description (English)")) }
                textarea id="f-description_en" name="description_en" rows="2" maxlength=(MAX_TEXT) { (v("description_en")) }
                p.actions { button type="submit" { (t(lang, "Hinzufügen", "Add")) } }
            }
        }
    }
}

pub fn indicator_table(fields: &[Field], indicators: &[Indicator], lang: Lang) -> Markup {
    html! {
        div.table-wrap id="indikatoren" tabindex="0" role="region" aria-label=(t(lang, "Indikatoren", "Indicators")) {
            table {
                thead { tr {
                    th { "ID" } th { (t(lang, "Bezeichnung", "Label")) } th { (t(lang, "Handlungsfeld", "Field")) }
                    th { (t(lang, "Einheit", "Unit")) } th { (t(lang, "Definitionsversion", "Definition version")) }
                } }
                tbody {
                    @for i in indicators {
                        tr {
                            td { code { (i.id) } }
                            td { a href=(href(lang, &format!("/indikator/{}", i.id))) { (t(lang, &i.label_de, &i.label_en)) } }
                            td { (i.field.as_ref().and_then(|f| fields.iter().find(|x| &x.id == f)).map_or("–", |f| t(lang, &f.label_de, &f.label_en))) }
                            td { (i.unit) } td { (i.definition_version) }
                        }
                    }
                }
            }
        }
    }
}

pub fn add_indicator(fields: &[Field], f: &Fields, csrf: &str, lang: Lang) -> Markup {
    let v = |n: &str| typed_or(f, "indicator", n);
    let opt = |name: &str, options: &[(&str, &str, &str)]| {
        let chosen = v(name);
        html! {
            select id=(format!("i-{name}")) name=(name) required {
                @for (code, de, en) in options { option value=(code) selected[chosen == *code] { (t(lang, de, en)) } }
            }
        }
    };
    html! {
        details open[f.get("form").as_deref() == Some("indicator")] {
            summary { (t(lang, "Indikator hinzufügen", "Add an indicator")) }
            form.stacked method="post" action=(href(lang, "/verwaltung/katalog")) {
                input type="hidden" name="csrf_token" value=(csrf);
                input type="hidden" name="form" value="indicator";
                label for="i-id" { (t(lang, "ID (a–z, 0–9, _)", "Id (a–z, 0–9, _)")) }
                input type="text" id="i-id" name="id" value=(v("id")) maxlength="40" required pattern="[a-z0-9_]+";
                label for="i-field" { (t(lang, "Handlungsfeld", "Field")) }
                select id="i-field" name="field" {
                    option value="" { (t(lang, "keins (nur Kontextindikatoren)", "none (context indicators only)")) }
                    @for x in fields.iter().filter(|x| !x.archived) {
                        option value=(x.id) selected[v("field") == x.id.as_str()] { (t(lang, &x.label_de, &x.label_en)) }
                    }
                }
                label for="i-kind" { (t(lang, "Art", "Kind")) }
                (opt("kind", &[("statistic", "Statistik", "statistic"), ("self_check", "Selbstcheck", "self-check"), ("context", "Kontext", "context")]))
                label for="i-label_de" { (t(lang, "Bezeichnung (deutsch)", "Label (German)")) }
                input type="text" id="i-label_de" name="label_de" value=(v("label_de")) maxlength=(MAX_LABEL) required;
                label for="i-label_en" { (t(lang, "Bezeichnung (englisch)", "Label (English)")) }
                input type="text" id="i-label_en" name="label_en" value=(v("label_en")) maxlength=(MAX_LABEL) required;
                label for="i-definition_de" { (t(lang, "Definition (deutsch)", "Definition (German)")) }
                textarea id="i-definition_de" name="definition_de" rows="2" maxlength=(MAX_TEXT) required { (v("definition_de")) }
                label for="i-definition_en" { (t(lang, "Definition (englisch)", "Definition (English)")) }
                textarea id="i-definition_en" name="definition_en" rows="2" maxlength=(MAX_TEXT) { (v("definition_en")) }
                label for="i-unit" { (t(lang, "Einheit, z. B. %", "Unit, e.g. %")) }
                input type="text" id="i-unit" name="unit" value=(v("unit")) maxlength=(MAX_LABEL) required;
                label for="i-polarity" { (t(lang, "Polarität", "Polarity")) }
                (opt("polarity", &[("higher_is_better", "höher ist besser", "higher is better"), ("lower_is_better", "niedriger ist besser", "lower is better"), ("neutral", "neutral", "neutral")]))
                label for="i-min" { (t(lang, "Kleinster erlaubter Wert (leer: offen)", "Smallest allowed value (empty: open)")) }
                input type="text" id="i-min" name="min" value=(v("min")) inputmode="decimal";
                label for="i-max" { (t(lang, "Größter erlaubter Wert (leer: offen)", "Largest allowed value (empty: open)")) }
                input type="text" id="i-max" name="max" value=(v("max")) inputmode="decimal";
                label for="i-source" { (t(lang, "Quelle", "Source")) }
                input type="text" id="i-source" name="source" value=(v("source")) maxlength=(MAX_LABEL) required;
                label for="i-level" { (t(lang, "Ebene", "Level")) }
                (opt("level", &[("kommune", "Kommune (eigene Erhebung)", "member (own survey)"), ("gemeinde", "Gemeinde", "municipality"), ("kreis", "Kreis", "district")]))
                p.actions { button type="submit" { (t(lang, "Hinzufügen", "Add")) } }
            }
        }
    }
}

pub fn definition_change(indicators: &[Indicator], f: &Fields, csrf: &str, lang: Lang) -> Markup {
    let v = |n: &str| typed_or(f, "definition", n);
    html! {
        details id="definition" open[f.get("form").as_deref() == Some("definition")] {
            summary { (t(lang, "Definition eines Indikators ändern (neue Version)", "Change an indicator's definition (new version)")) }
            p { (t(lang,
                "Eine neue Definitionsversion gilt ab dem angegebenen Tag; Zeitreihen brechen dort, und Trends rechnen nicht über den Bruch.",
                "A new definition version applies from the day given; time series break there, and trends do not compute across the break.")) }
            form.stacked method="post" action=(href(lang, "/verwaltung/katalog")) {
                input type="hidden" name="csrf_token" value=(csrf);
                input type="hidden" name="form" value="definition";
                label for="d-indicator" { (t(lang, "Indikator", "Indicator")) }
                select id="d-indicator" name="indicator" required {
                    @for i in indicators {
                        option value=(i.id) selected[v("indicator") == i.id.as_str()] { (t(lang, &i.label_de, &i.label_en)) " (v" (i.definition_version) ")" }
                    }
                }
                label for="d-valid_from" { (t(lang, "Gilt ab", "Applies from")) }
                input type="date" id="d-valid_from" name="valid_from" value=(v("valid_from")) required;
                label for="d-definition_de" { (t(lang, "Neue Definition (deutsch)", "New definition (German)")) }
                textarea id="d-definition_de" name="definition_de" rows="2" maxlength=(MAX_TEXT) required { (v("definition_de")) }
                label for="d-definition_en" { (t(lang, "Neue Definition (englisch)", "New definition (English)")) }
                textarea id="d-definition_en" name="definition_en" rows="2" maxlength=(MAX_TEXT) { (v("definition_en")) }
                label for="d-note_de" { (t(lang, "Was sich ändert (deutsch, erscheint am Bruch)", "What changes (German, shown at the break)")) }
                input type="text" id="d-note_de" name="note_de" value=(v("note_de")) maxlength=(MAX_TEXT) required;
                label for="d-note_en" { (t(lang, "Was sich ändert (englisch)", "What changes (English)")) }
                input type="text" id="d-note_en" name="note_en" value=(v("note_en")) maxlength=(MAX_TEXT);
                p.actions { button type="submit" { (t(lang, "Neue Version speichern", "Save the new version")) } }
            }
        }
    }
}
