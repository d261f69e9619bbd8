//! `/austausch`: the exchange requests of the user's member, received and sent, each with its
//! practice, message, answer and state; the asked member answers, either side marks it done.
//! Managers and admins read every request.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::exchange::RequestState;
use vergleich_domain::exchange::request::MAX_MESSAGE;
use vergleich_domain::{Ags, Role};
use vergleich_store::practices::ExchangeRequest;

use super::practice::checked;
use crate::auth::{AuthMethod, Principal};
use crate::extract::ApiQuery;
use crate::pages::workflow::{Denied, csrf_of, page_user, see_other};
use crate::pages::{LangParam, Nav, Page, PageError, href, t};
use crate::state::AppState;

/// The inbox.
#[utoipa::path(get, path = "/austausch", tag = "pages",
    params(("lang" = Option<String>, Query, description = "`en` for English")),
    responses(
        (status = 200, description = "The inbox", content_type = "text/html"),
        (status = 303, description = "Signed out: to the sign-in form"),
        (status = 403, description = "Foundation staff have no inbox", content_type = "text/html")))]
pub async fn inbox_page(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    ApiQuery(query): ApiQuery<LangParam>,
) -> Result<Response, Response> {
    let lang = query.lang();
    let user = page_user(
        &principal,
        &[Role::Municipality, Role::Manager, Role::Admin],
        lang,
        "/austausch",
        ("Anfragen lesen", "read requests"),
    )
    .map_err(Denied::into_response)?;
    let requests = state
        .workflow()
        .exchange_requests(&principal)
        .await
        .map_err(|e| PageError::from_service(e, lang).into_response())?;
    let cohort = state
        .store
        .municipalities()
        .await
        .map_err(|e| PageError::from_service(e.into(), lang).into_response())?;
    let name = |k: &Ags| {
        cohort
            .iter()
            .find(|m| &m.key == k)
            .map_or_else(|| k.to_string(), |m| m.name.clone())
    };
    let own = user
        .municipality
        .clone()
        .filter(|_| user.role == Role::Municipality);
    let (received, sent): (Vec<&ExchangeRequest>, Vec<&ExchangeRequest>) = match &own {
        Some(m) => requests.iter().partition(|r| &r.to_municipality == m),
        None => (requests.iter().collect(), Vec::new()),
    };
    let csrf = csrf_of(&method);
    let body = html! {
        p { (t(lang,
            "Anfragen zwischen Modellkommunen zu veröffentlichten Praxisbeispielen. Beide Seiten sehen sie hier; es wird keine E-Mail verschickt.",
            "Requests between model municipalities about published practices. Both sides see them here; no e-mail is sent.")) }
        h2 { (t(lang, "Erhalten", "Received")) " (" (received.len()) ")" }
        @if received.is_empty() { p { (t(lang, "Keine.", "None.")) } }
        @for r in &received { (request(r, &name, own.as_ref(), csrf, lang)) }
        @if own.is_some() {
            h2 { (t(lang, "Gesendet", "Sent")) " (" (sent.len()) ")" }
            @if sent.is_empty() {
                p { (t(lang, "Keine. Anfragen stellen Sie auf der Seite eines Praxisbeispiels.", "None. Ask on a practice's page.")) " "
                    a href=(href(lang, "/praxis")) { (t(lang, "Zu den Praxisbeispielen", "To the practices")) } }
            }
            @for r in &sent { (request(r, &name, own.as_ref(), csrf, lang)) }
        }
    };
    Ok(Page::new(
        lang,
        t(lang, "Austausch", "Exchange"),
        Nav::Inbox,
        &principal,
        &method,
        "/austausch",
    )
    .render(body)
    .into_response())
}

fn request(
    r: &ExchangeRequest,
    name: &dyn Fn(&Ags) -> String,
    own: Option<&Ags>,
    csrf: &str,
    lang: Lang,
) -> Markup {
    let asked = own == Some(&r.to_municipality);
    let open = r.state != RequestState::Erledigt;
    let action = format!("/austausch/{}", r.id);
    html! {
        article.request id=(format!("anfrage-{}", r.id)) {
            p {
                span class=(format!("state state-{}", match r.state {
                    RequestState::Offen => "submitted",
                    RequestState::Beantwortet => "published",
                    RequestState::Erledigt => "draft",
                })) { (t(lang, r.state.label_de(), r.state.label_en())) }
                " " strong { (name(&r.from_municipality)) } " → " strong { (name(&r.to_municipality)) }
                " · " a href=(href(lang, &format!("/praxis/{}", r.practice_id))) { (r.practice_title) }
                " · " (r.created_at.format("%d.%m.%Y"))
            }
            blockquote { (r.message) }
            @if let Some(answer) = &r.answer {
                p { strong { (t(lang, "Antwort", "Answer")) } @if let Some(by) = &r.answered_by { " (" (by) ")" } }
                blockquote { (answer) }
            }
            @if open && own.is_some() {
                @if asked {
                    form.stacked method="post" action=(href(lang, &action)) {
                        input type="hidden" name="csrf_token" value=(csrf);
                        label for=(format!("answer-{}", r.id)) { (t(lang, "Antworten", "Answer")) }
                        textarea id=(format!("answer-{}", r.id)) name="answer" rows="3" maxlength=(MAX_MESSAGE) {}
                        p.actions { button type="submit" name="action" value="answer" { (t(lang, "Antwort senden", "Send answer")) } }
                    }
                }
                form.inline method="post" action=(href(lang, &action)) {
                    input type="hidden" name="csrf_token" value=(csrf);
                    button type="submit" name="action" value="close" { (t(lang, "Als erledigt markieren", "Mark as done")) }
                }
            }
        }
    }
}

/// Answers a request or marks it done; back to the inbox.
#[utoipa::path(post, path = "/austausch/{id}", tag = "pages",
    params(("id" = i64, Path, description = "Request id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, action (answer, close), answer"),
    responses(
        (status = 303, description = "Done: back to the inbox"),
        (status = 400, description = "Empty or too long answer", content_type = "text/html"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not the asked member's user, or CSRF token wrong", content_type = "text/html"),
        (status = 404, description = "No such request of the user's member", content_type = "text/html"),
        (status = 409, description = "Done already", content_type = "text/html")))]
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
        Some("answer") => {
            workflow
                .answer_request(&principal, id, &fields.get("answer").unwrap_or_default())
                .await
        }
        _ => workflow.close_request(&principal, id).await,
    };
    done.map_err(|e| PageError::from_service(e, lang))?;
    Ok(see_other(&href(lang, &format!("/austausch#anfrage-{id}"))))
}
