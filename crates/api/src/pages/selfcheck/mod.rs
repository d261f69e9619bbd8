//! The Selbstcheck pages (issue #12): a member's rounds with their field scores
//! (`/selbstcheck/{key}`), and a round (`/selbstcheck/runde/{id}?feld=zugang`): its results per
//! field and, for the member's users while it is a draft, the questionnaire one field per page,
//! saved on every submit and resumable. Plain HTML forms, no JavaScript, usable at 390 px.

mod across;
pub(crate) mod charts;
mod facilitate;
mod fill;
mod round;
mod workshop;
mod workshop_results;

use axum::extract::Path;
use maud::{Markup, html};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_charts::Lang;
use vergleich_domain::Ags;

use crate::pages::reading::common::{Reading, not_found};
use crate::pages::workflow::csrf_of;
use crate::pages::{Nav, Page, PageError, href, t};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rounds_page))
        .routes(routes!(fill::open))
        .routes(routes!(round::round_page, fill::save))
        .routes(routes!(fill::submit))
        .routes(routes!(fill::publish))
        .routes(routes!(facilitate::open))
        .routes(routes!(facilitate::page))
        .routes(routes!(facilitate::close))
        .routes(routes!(facilitate::record))
        .routes(routes!(facilitate::need))
        .routes(routes!(workshop::join_page))
        .routes(routes!(workshop::ballot_page, workshop::save_ballot))
        .routes(routes!(workshop::live_page))
        .routes(routes!(across::item_page))
}

pub(crate) fn state_text(lang: Lang, s: vergleich_store::selfcheck::RoundState) -> &'static str {
    use vergleich_store::selfcheck::RoundState::{Draft, Published, Submitted};
    match s {
        Draft => t(lang, "Entwurf", "draft"),
        Submitted => t(lang, "eingereicht", "submitted"),
        Published => t(lang, "veröffentlicht", "published"),
    }
}

/// Selbstcheck: a member's rounds, and for its users the form that opens one.
#[utoipa::path(get, path = "/selbstcheck/{key}", tag = "pages",
    params(
        ("key" = String, Path, description = "Key of the member"),
        ("lang" = Option<String>, Query, description = "`de` (default) or `en`"),
    ),
    responses(
        (status = 200, description = "Rounds", content_type = "text/html"),
        (status = 404, description = "Unknown member", content_type = "text/html")))]
pub async fn rounds_page(page: Reading, Path(raw): Path<String>) -> Result<Markup, PageError> {
    let Reading {
        state,
        principal,
        method,
        q,
    } = page;
    let lang = q.lang;
    let key = Ags::parse(&raw).map_err(|_| {
        not_found(
            lang,
            &format!("Die Kommune „{raw}“"),
            &format!("municipality \"{raw}\""),
        )
    })?;
    let member = state
        .store
        .municipalities()
        .await
        .map_err(|e| PageError::from_service(e.into(), lang))?
        .into_iter()
        .find(|m| m.key == key)
        .ok_or_else(|| {
            not_found(
                lang,
                &format!("Die Kommune „{raw}“"),
                &format!("municipality \"{raw}\""),
            )
        })?;
    let rounds = state
        .workflow()
        .selfcheck_rounds(&principal, &key)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let editor = principal.member_user(&key);
    let csrf = csrf_of(&method);
    let peers = state
        .workflow()
        .selfcheck_peers(&state.selfcheck, &key)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let body = html! {
        p.lead {
            (t(lang, "Die Verwaltung beantwortet rund 100 Fragen zu den sieben Handlungsfeldern (überspringen ist erlaubt); aus den Antworten werden die Werte je Handlungsfeld. ",
                "The administration answers about 100 questions across the seven fields (skipping is allowed); the answers make the score per field. "))
            span.demo { (t(lang, "Demo-Fragebogen in eigener Formulierung, nicht der Originalfragebogen.", "Demo questionnaire in our own wording, not the original.")) }
        }
        @if rounds.iter().any(|r| r.created_by == "system:demo") {
            p.demo { (t(lang, vergleich_domain::SYNTHETIC_LABEL_DE, vergleich_domain::SYNTHETIC_LABEL_EN)) ": "
                (t(lang, "die mitgelieferten Runden haben erfundene Ausfüllende und Antworten.", "the shipped rounds have invented raters and answers.")) }
        }
        @if rounds.is_empty() {
            p { (t(lang, "Noch keine Runde, die Sie sehen dürfen.", "No round you may see yet.")) }
        } @else {
            div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Runden", "Rounds")) {
                table {
                    thead { tr {
                        th scope="col" { (t(lang, "Runde", "Round")) }
                        th scope="col" { (t(lang, "Fragebogen", "Questionnaire")) }
                        th scope="col" { (t(lang, "Stand", "State")) }
                    } }
                    tbody {
                        @for r in &rounds {
                            tr {
                                td { a href=(href(lang, &format!("/selbstcheck/runde/{}", r.id))) { (r.label) } }
                                td { (r.questionnaire) }
                                td { span class=(format!("state state-{}", r.state.as_str())) { (state_text(lang, r.state)) } }
                            }
                        }
                    }
                }
            }
        }
        (across::peers_section(&peers, lang))
        @if editor {
            form.workflow-form method="post" action=(href(lang, &format!("/selbstcheck/{raw}/runden"))) {
                h2 { (t(lang, "Neue Runde eröffnen", "Open a new round")) }
                input type="hidden" name="csrf_token" value=(csrf);
                label for="label" { (t(lang, "Bezeichnung (z. B. 2024)", "Label (e.g. 2024)")) }
                input type="text" id="label" name="label" required maxlength="40";
                label for="questionnaire" { (t(lang, "Fragebogen", "Questionnaire")) }
                select id="questionnaire" name="questionnaire" {
                    option value="v2" { "v2 (2024)" }
                    option value="v1" { "v1 (2019)" }
                }
                p { button type="submit" { (t(lang, "Runde eröffnen", "Open round")) } }
            }
        }
    };
    let title = match lang {
        Lang::De => format!("Selbstcheck {}", member.name),
        Lang::En => format!("Self-check of {}", member.name),
    };
    Ok(Page::new(
        lang,
        title,
        Nav::Municipality,
        &principal,
        &method,
        format!("/selbstcheck/{raw}"),
    )
    .render(body))
}
