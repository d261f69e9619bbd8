//! The measures of a concept on its page (table with status, dates, progress, budget for
//! signed-in readers, last update and timeline), its two charts, and the upload of the edited
//! measures table (the bulk update: all or nothing, every problem by row and column).

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_service::workflow::concept_view::{ConceptView, ShownVersion};

use super::{date, opt_date};
use crate::auth::{AuthMethod, Principal};
use crate::extract::ApiQuery;
use crate::pages::workflow::{check_token, number, see_other};
use crate::pages::{LangParam, PageError, href, t};
use crate::state::AppState;

/// The progress chart of all targets and the measures timeline, inline SVG with their
/// descriptions and PNG/SVG downloads.
pub(super) fn charts(view: &ConceptView, shown: &ShownVersion, lang: Lang) -> Markup {
    super::charts::figures(view, shown, lang)
}

pub(super) fn table(shown: &ShownVersion, lang: Lang, signed_in: bool) -> Markup {
    html! {
        h2 id="massnahmen" { (t(lang, "Maßnahmen", "Measures")) }
        @if shown.measures.is_empty() {
            p { (t(lang, "Diese Fassung hat noch keine Maßnahmen.", "This version has no measures yet.")) }
        } @else {
            div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Maßnahmen", "Measures")) {
                table {
                    thead { tr {
                        th scope="col" { "ID" }
                        th scope="col" { (t(lang, "Maßnahme", "Measure")) }
                        th scope="col" { (t(lang, "Ziele", "Goals")) }
                        th scope="col" { (t(lang, "Status", "Status")) }
                        th scope="col" { (t(lang, "Verantwortlich", "Owner")) }
                        th scope="col" { (t(lang, "Zeitraum", "Period")) }
                        th scope="col" { (t(lang, "Fortschritt", "Progress")) }
                        @if signed_in { th scope="col" { (t(lang, "Budget", "Budget")) } }
                        th scope="col" { (t(lang, "Aktualisiert", "Updated")) }
                    } }
                    tbody {
                        @for m in &shown.measures {
                            tr id=(format!("massnahme-{}", m.id)) {
                                td { (m.id) }
                                td {
                                    (m.title)
                                    @for o in &m.outputs {
                                        br;
                                        span.hint {
                                            (o.label) ": "
                                            @match o.achieved {
                                                Some(a) => { (number(lang, a)) (t(lang, " von ", " of ")) (number(lang, o.planned)) (t(lang, " geplant", " planned")) }
                                                None => { (number(lang, o.planned)) (t(lang, " geplant, noch nichts gemeldet", " planned, nothing reported yet")) }
                                            }
                                        }
                                    }
                                    @if !m.timeline.is_empty() {
                                        details {
                                            summary { (t(lang, "Verlauf", "History")) }
                                            ul {
                                                @for c in &m.timeline {
                                                    li { (date(lang, c.on)) ": " (t(lang, c.status.label_de(), c.status.label_en())) " (" (c.by) ")" }
                                                }
                                            }
                                        }
                                    }
                                }
                                td { (m.goals.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")) }
                                td { span class=(format!("state status-{}", m.status.as_str())) { (t(lang, m.status.label_de(), m.status.label_en())) } }
                                td { (m.owner.clone().unwrap_or_else(|| "–".into())) }
                                td { (opt_date(lang, m.start)) " – " (m.end.map_or_else(|| t(lang, "offen", "open").to_owned(), |d| date(lang, d))) }
                                td.num { (m.progress.map_or_else(|| "–".to_owned(), |p| format!("{} %", number(lang, p)))) }
                                @if signed_in {
                                    td.num {
                                        @if let Some(b) = m.budget { (number(lang, b)) " €" } @else { "–" }
                                        @if let Some(f) = &m.funding { br; span.hint { (f) } }
                                        @if let Some(ok) = m.budget_approved {
                                            br; span.hint { (if ok { t(lang, "Haushalt genehmigt", "budget approved") } else { t(lang, "Haushalt nicht genehmigt", "budget not approved") }) }
                                        }
                                    }
                                }
                                td { (opt_date(lang, m.updated_on)) }
                            }
                        }
                    }
                }
            }
            @if !signed_in {
                p.hint { (t(lang, "Budgets sehen angemeldete Projektmitglieder.", "Budgets are shown to signed-in project members.")) }
            }
        }
    }
}

/// Uploads the edited measures table of a draft; back to the concept page with how many rows
/// were applied, or the page's problems (422) by row and column.
#[utoipa::path(post, path = "/konzept/{key}/massnahmen", tag = "pages",
    params(("key" = String, Path, description = "The user's own member"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "multipart/form-data", description = "csrf_token, version (id), file"),
    responses(
        (status = 303, description = "Stored: to the concept page"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not this member's user, or CSRF token wrong", content_type = "text/html"),
        (status = 422, description = "Problems by row and column; nothing stored", content_type = "text/html")))]
pub async fn upload(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(raw): Path<String>,
    ApiQuery(query): ApiQuery<LangParam>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let lang = query.lang();
    super::edit::own_key(&principal, &raw, lang)?;
    let (mut csrf, mut version, mut file) = (String::new(), None, Vec::new());
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name().unwrap_or("") {
            "csrf_token" => csrf = field.text().await.unwrap_or_default(),
            "version" => {
                version = field
                    .text()
                    .await
                    .ok()
                    .and_then(|v| v.trim().parse::<i64>().ok())
            }
            "file" => file = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
            _ => {}
        }
    }
    check_token(&method, &csrf, lang)?;
    let Some(id) = version else {
        return Err(PageError::new(
            StatusCode::BAD_REQUEST,
            lang,
            "Die Fassung fehlt im Formular.",
            "The form names no version.",
        ));
    };
    match state
        .workflow()
        .bulk_update_measures(&principal, id, &file)
        .await
    {
        Ok((v, applied)) => Ok(see_other(&href(
            lang,
            &format!("/konzept/{raw}?fassung={}&aktualisiert={applied}", v.label),
        ))),
        Err(e) if e.code == vergleich_service::ErrorCode::InvalidParameter => {
            let body = html! {
                div.form-error role="alert" {
                    p { (t(lang, "Nichts wurde gespeichert. Bitte diese Zellen korrigieren und die Datei erneut hochladen:", "Nothing was stored. Correct these cells and upload the file again:")) }
                    ul {
                        @for d in &e.errors {
                            li {
                                @if let Some(r) = d.row { (t(lang, "Zeile ", "row ")) (r) }
                                @if let Some(c) = &d.column { ", " (t(lang, "Spalte ", "column ")) "„" (c) "“" }
                                @if let Some(v) = d.value.as_ref().filter(|v| !v.is_empty()) { " (" (v) ")" }
                                ": " (t(lang, &d.message_de, &d.message_en))
                            }
                        }
                    }
                }
                p { a href=(href(lang, &format!("/konzept/{raw}"))) { (t(lang, "Zurück zum Konzept", "Back to the concept")) } }
            };
            let page = crate::pages::Page::new(
                lang,
                t(lang, "Maßnahmen nicht übernommen", "Measures not accepted"),
                crate::pages::Nav::Concepts,
                &principal,
                &method,
                format!("/konzept/{raw}"),
            )
            .render(body);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(PageError::from_service(e, lang)),
    }
}
