//! What the member's own users see on their concept page to work on it: the form that
//! starts a version, and for the shown version the links to edit it, the publish button and the
//! measures table down and up.

use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_service::workflow::concept_view::{ConceptView, ShownVersion};
use vergleich_store::ConceptState;

use crate::pages::{href, t};

/// The form that starts a version (shown to the member's own users).
pub(super) fn start_form(view: &ConceptView, lang: Lang, csrf: &str) -> Markup {
    let key = view.municipality.to_string();
    html! {
        details.workflow-form {
            summary { (t(lang, "Neue Fassung beginnen", "Start a new version")) }
            form method="post" action=(href(lang, &format!("/konzept/{key}/fassungen"))) {
                input type="hidden" name="csrf_token" value=(csrf);
                label for="label" { (t(lang, "Bezeichnung (z. B. 2026)", "Label (e.g. 2026)")) }
                input type="text" id="label" name="label" required maxlength="40";
                label for="based_on" { (t(lang, "Ausgangspunkt", "Start from")) }
                select id="based_on" name="based_on" {
                    @for v in view.versions.iter().rev() {
                        option value=(v.id) { (t(lang, "Fortschreibung von ", "update of ")) (v.label) }
                    }
                    option value="" { (t(lang, "leer beginnen", "start empty")) }
                }
                p { button type="submit" { (t(lang, "Fassung beginnen", "Start version")) } }
            }
        }
    }
}

/// Edit, publish and the measures table, for the member's users.
pub(super) fn draft_actions(
    view: &ConceptView,
    shown: &ShownVersion,
    lang: Lang,
    csrf: &str,
) -> Markup {
    let key = view.municipality.to_string();
    let v = &shown.version;
    let draft = v.state == ConceptState::Draft.as_str();
    html! {
        section.actions {
            @if draft {
                p {
                    a href=(href(lang, &format!("/konzept/{key}/bearbeiten?fassung={}", v.label))) { (t(lang, "Texte und Leitbilder bearbeiten", "Edit texts and ideal states")) }
                    " · "
                    a href=(href(lang, &format!("/konzept/{key}/bearbeiten?fassung={}#ziel", v.label))) { (t(lang, "Ziel mit Zielwert hinzufügen", "Add a goal with a target")) }
                }
                form.inline method="post" action=(href(lang, &format!("/konzept/{key}/veroeffentlichen"))) {
                    input type="hidden" name="csrf_token" value=(csrf);
                    input type="hidden" name="version" value=(v.id);
                    button type="submit" { (t(lang, "Fassung veröffentlichen", "Publish this version")) }
                }
            }
            h3 { (t(lang, "Maßnahmen gesammelt aktualisieren", "Update measures in bulk")) }
            p.hint { (t(lang, "Tabelle herunterladen, Status, Fortschritt, Beginn, Ende und Verantwortliche in Excel ändern, wieder hochladen. Alles oder nichts: bei einem Fehler wird nichts gespeichert.",
                "Download the table, change status, progress, start, end and owner in Excel, upload it again. All or nothing: with one error nothing is stored.")) }
            p.downloads {
                a href=(format!("/api/v1/concept-versions/{}/measures.xlsx{}", v.id, t(lang, "", "?lang=en"))) { "XLSX" }
                a href=(format!("/api/v1/concept-versions/{}/measures.csv{}", v.id, t(lang, "", "?lang=en"))) { "CSV" }
            }
            form.upload-form method="post" enctype="multipart/form-data" action=(href(lang, &format!("/konzept/{key}/massnahmen"))) {
                input type="hidden" name="csrf_token" value=(csrf);
                input type="hidden" name="version" value=(v.id);
                label for="massnahmen-datei" { (t(lang, "Bearbeitete Tabelle (XLSX, CSV oder ODS)", "Edited table (XLSX, CSV or ODS)")) }
                input type="file" id="massnahmen-datei" name="file" required accept=".xlsx,.csv,.ods";
                button type="submit" { (t(lang, "Maßnahmen hochladen", "Upload measures")) }
            }
        }
    }
}
