//! `/praxis/{id}`: one practice with its sections, fields, period, links, related indicators and
//! the measure it belongs to; the contact for signed-in users only. Below, what the reader may
//! do: edit, hand in or withdraw (its member), publish or send back (managers), ask its member
//! (another member's users).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::Role;
use vergleich_domain::exchange::practice::SECTIONS;
use vergleich_domain::exchange::{PracticeState, request::MAX_MESSAGE};
use vergleich_store::practices::Practice;

use super::{demo_badge, field_label, state_badge};
use crate::auth::{AuthMethod, Principal};
use crate::extract::ApiQuery;
use crate::pages::concept::edit::Fields;
use crate::pages::workflow::{check_token, csrf_of, form_user, see_other};
use crate::pages::{LangParam, Nav, Page, PageError, href, t};
use crate::state::AppState;

/// One practice.
#[utoipa::path(get, path = "/praxis/{id}", tag = "pages",
    params(("id" = i64, Path, description = "Practice id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    responses(
        (status = 200, description = "The practice", content_type = "text/html"),
        (status = 404, description = "No such practice for this reader", content_type = "text/html")))]
pub async fn practice_page(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    let p = state
        .workflow()
        .practice(&principal, id)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let fields = state
        .store
        .fields()
        .await
        .map_err(|e| PageError::from_service(e.into(), lang))?;
    let indicators = state
        .store
        .indicators()
        .await
        .map_err(|e| PageError::from_service(e.into(), lang))?;
    let cohort = state
        .store
        .municipalities()
        .await
        .map_err(|e| PageError::from_service(e.into(), lang))?;
    let member = cohort
        .iter()
        .find(|m| m.key == p.municipality)
        .map_or_else(|| p.municipality.to_string(), |m| m.name.clone());
    let measure_title = match &p.content.measure {
        Some(m) => state
            .workflow()
            .published_concept_labels(&p.municipality)
            .await
            .map_err(|e| PageError::from_service(e, lang))?
            .into_iter()
            .filter(|(label, _)| *label == m.concept)
            .flat_map(|(_, list)| list)
            .find(|(id, _)| *id == m.measure)
            .map(|(_, title)| title),
        None => None,
    };
    let c = &p.content;
    let body = html! {
        p {
            (state_badge(lang, p.state))
            @if p.synthetic { " " (demo_badge(lang)) }
        }
        dl.facts {
            dt { (t(lang, "Kommune", "Member")) }
            dd { a href=(href(lang, &format!("/kommune/{}", p.municipality))) { (member) } }
            dt { (t(lang, "Handlungsfelder", "Fields")) }
            dd {
                @for (i, f) in c.fields.iter().enumerate() {
                    @if i > 0 { ", " }
                    a href=(href(lang, &format!("/praxis?field={f}"))) { (field_label(&fields, f.as_str(), lang)) }
                }
            }
            dt { (t(lang, "Zeitraum", "Period")) }
            dd { (c.period(lang == Lang::En)) }
            @if let Some(m) = &c.measure {
                dt { (t(lang, "Maßnahme im Integrationskonzept", "Measure of the integration concept")) }
                dd { a href=(href(lang, &format!("/konzept/{}?fassung={}#massnahme-{}", p.municipality, m.concept, m.measure))) {
                    @if let Some(title) = &measure_title { (title) " – " }
                    (t(lang, "Konzept ", "Concept ")) (m.concept) ", " (t(lang, "Maßnahme ", "measure ")) (m.measure) } }
            }
            dt { (t(lang, "Kontakt", "Contact")) }
            dd {
                @match (&c.contact, principal.user()) {
                    (Some(contact), Some(_)) => (contact),
                    (_, None) => (t(lang, "für angemeldete Projektmitglieder sichtbar", "visible to signed-in project members")),
                    (None, Some(_)) => "–",
                }
            }
        }
        @if p.state == PracticeState::Rejected {
            @if let Some(comment) = &p.review_comment {
                p.notice { strong { (t(lang, "Zurückgegeben: ", "Sent back: ")) } (comment) }
            }
        }
        @for (key, de, en) in SECTIONS {
            @if !c.section(key).trim().is_empty() {
                section {
                    h2 { (t(lang, de, en)) }
                    @for para in c.section(key).split("\n\n") { p { (para) } }
                }
            }
        }
        @if !c.indicators.is_empty() {
            h2 { (t(lang, "Zugehörige Indikatoren", "Related indicators")) }
            ul { @for i in &c.indicators {
                li { a href=(href(lang, &format!("/indikator/{i}"))) {
                    (indicators.iter().find(|x| &x.id == i).map_or(i.as_str(), |x| t(lang, &x.label_de, &x.label_en))) } }
            } }
        }
        @if !c.links.is_empty() {
            h2 { (t(lang, "Links", "Links")) }
            ul { @for l in &c.links { li { a href=(l.url) rel="noopener noreferrer nofollow" { (l.label) } } } }
        }
        (actions(&p, &principal, csrf_of(&method), lang))
    };
    Ok(Page::new(
        lang,
        c.title.clone(),
        Nav::Exchange,
        &principal,
        &method,
        format!("/praxis/{id}"),
    )
    .render(body)
    .into_response())
}

/// The forms this reader may use on the practice.
fn actions(p: &Practice, principal: &Principal, csrf: &str, lang: Lang) -> Markup {
    let Some(user) = principal.user() else {
        return html! {};
    };
    let own =
        user.role == Role::Municipality && user.municipality.as_ref() == Some(&p.municipality);
    let author = own || user.role.sees_unpublished();
    let reviewer = user.role.sees_unpublished() && p.state == PracticeState::Submitted;
    let asker = user.role == Role::Municipality && !own && p.state == PracticeState::Published;
    let action = format!("/praxis/{}/aktion", p.id);
    let button = |name: &str, de: &str, en: &str| {
        html! {
            form.inline method="post" action=(href(lang, &action)) {
                input type="hidden" name="csrf_token" value=(csrf);
                button type="submit" name="action" value=(name) { (t(lang, de, en)) }
            }
        }
    };
    html! {
        @if author {
            p.actions {
                @if p.state.editable() {
                    a.button href=(href(lang, &format!("/praxis/{}/bearbeiten", p.id))) { (t(lang, "Bearbeiten", "Edit")) }
                    " "
                    (button("submit", "Zur Prüfung einreichen", "Hand in for review"))
                }
                @if matches!(p.state, PracticeState::Submitted | PracticeState::Published) {
                    (button("withdraw", "Zurückziehen (wieder Entwurf)", "Withdraw (draft again)"))
                }
            }
        }
        @if reviewer {
            section aria-labelledby="h-review" {
                h2 id="h-review" { (t(lang, "Prüfen", "Review")) }
                form method="post" action=(href(lang, &action)) {
                    input type="hidden" name="csrf_token" value=(csrf);
                    label for="comment" { (t(lang, "Kommentar (beim Zurückgeben nötig)", "Comment (needed when sending back)")) }
                    textarea id="comment" name="comment" rows="3" maxlength=(MAX_MESSAGE) {}
                    p.actions {
                        button type="submit" name="action" value="publish" { (t(lang, "Veröffentlichen", "Publish")) }
                        " "
                        button type="submit" name="action" value="reject" { (t(lang, "Zurückgeben", "Send back")) }
                    }
                }
            }
        }
        @if asker {
            section aria-labelledby="h-ask" {
                h2 id="h-ask" { (t(lang, "Die Kommune dazu fragen", "Ask the member about it")) }
                form method="post" action=(href(lang, &format!("/praxis/{}/anfrage", p.id))) {
                    input type="hidden" name="csrf_token" value=(csrf);
                    label for="message" { (t(lang, "Ihre Frage (höchstens 2.000 Zeichen)", "Your question (at most 2,000 characters)")) }
                    textarea id="message" name="message" rows="4" maxlength=(MAX_MESSAGE) required {}
                    p.actions { button type="submit" { (t(lang, "Anfrage senden", "Send request")) } }
                }
                p { small { (t(lang, "Die Anfrage erscheint bei beiden Kommunen unter „Austausch“; es wird keine E-Mail verschickt.", "The request appears for both members under “Exchange”; no e-mail is sent.")) } }
            }
        }
    }
}

/// A step on a practice: submit, withdraw, publish, reject (with comment).
#[utoipa::path(post, path = "/praxis/{id}/aktion", tag = "pages",
    params(("id" = i64, Path, description = "Practice id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, action (submit, withdraw, publish, reject), comment"),
    responses(
        (status = 303, description = "Done: back to the practice"),
        (status = 400, description = "Incomplete, or sending back without a comment", content_type = "text/html"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Role may not, or CSRF token wrong", content_type = "text/html"),
        (status = 404, description = "No such practice for this reader", content_type = "text/html"),
        (status = 409, description = "Not in a state for this step", content_type = "text/html")))]
pub async fn act(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    let fields = checked(&principal, &method, fields, lang)?;
    let workflow = state.workflow();
    let done = match fields.get("action").as_deref() {
        Some("submit") => workflow.submit_practice(&principal, id).await,
        Some("withdraw") => workflow.withdraw_practice(&principal, id).await,
        Some("publish") => {
            workflow
                .review_practice(&principal, id, true, fields.get("comment"))
                .await
        }
        Some("reject") => {
            workflow
                .review_practice(&principal, id, false, fields.get("comment"))
                .await
        }
        _ => {
            return Err(PageError::new(
                axum::http::StatusCode::BAD_REQUEST,
                lang,
                "Unbekannter Schritt: submit, withdraw, publish oder reject.",
                "Unknown step: submit, withdraw, publish or reject.",
            ));
        }
    };
    done.map_err(|e| PageError::from_service(e, lang))?;
    Ok(see_other(&href(lang, &format!("/praxis/{id}"))))
}

/// Asks the practice's member about it; to the inbox.
#[utoipa::path(post, path = "/praxis/{id}/anfrage", tag = "pages",
    params(("id" = i64, Path, description = "Practice id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, message"),
    responses(
        (status = 303, description = "Sent: to the inbox"),
        (status = 400, description = "Empty or too long", content_type = "text/html"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Municipality users only, or CSRF token wrong", content_type = "text/html"),
        (status = 404, description = "No such practice", content_type = "text/html"),
        (status = 409, description = "Not published, or the own member's", content_type = "text/html")))]
pub async fn ask(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    let fields = checked(&principal, &method, fields, lang)?;
    let message = fields.get("message").unwrap_or_default();
    let request = state
        .workflow()
        .ask_about_practice(&principal, id, &message)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    Ok(see_other(&href(
        lang,
        &format!("/austausch#anfrage-{}", request.id),
    )))
}

/// Role (any signed-in writer) and CSRF token of a form.
pub(super) fn checked(
    principal: &Principal,
    method: &AuthMethod,
    fields: Vec<(String, String)>,
    lang: Lang,
) -> Result<Fields, PageError> {
    form_user(
        principal,
        &[Role::Municipality, Role::Manager, Role::Admin],
        lang,
        (
            "Praxisbeispiele und Anfragen bearbeiten",
            "work on practices and requests",
        ),
    )?;
    let fields = Fields(fields);
    check_token(method, &fields.get("csrf_token").unwrap_or_default(), lang)?;
    Ok(fields)
}
