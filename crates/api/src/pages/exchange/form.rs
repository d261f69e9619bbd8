//! The practice form: `/praxis/neu` (a new draft; managers and admins choose the member) and
//! `/praxis/{id}/bearbeiten` (a draft or sent-back practice). A refused form comes back with
//! every value as typed and what is wrong, where (400); nothing is stored.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::{Ags, Role};
use vergleich_service::ErrorCode;

use super::form_fields::Draft;
use super::practice::checked;
use crate::auth::{AuthMethod, Principal};
use crate::extract::ApiQuery;
use crate::pages::workflow::{Denied, csrf_of, page_user, see_other};
use crate::pages::{LangParam, Nav, Page, PageError, href, t};
use crate::state::AppState;

const WRITERS: &[Role] = &[Role::Municipality, Role::Manager, Role::Admin];
const WHAT: (&str, &str) = ("Praxisbeispiele schreiben", "write practices");

/// Problems to show above the form: (field, German, English).
type Problems = Vec<(String, String, String)>;

async fn render(
    state: &AppState,
    principal: &Principal,
    method: &AuthMethod,
    draft: &Draft,
    edit: Option<i64>,
    problems: &Problems,
    lang: Lang,
) -> Result<Markup, PageError> {
    let fail = |e: vergleich_store::StoreError| PageError::from_service(e.into(), lang);
    let fields = state.store.fields().await.map_err(fail)?;
    let indicators = state.store.indicators().await.map_err(fail)?;
    let cohort = state.store.municipalities().await.map_err(fail)?;
    let own = principal.user().and_then(|u| u.municipality.clone());
    let member = Ags::parse(&draft.municipality).ok().or(own.clone());
    let measures = match &member {
        Some(m) => state
            .workflow()
            .published_concept_labels(m)
            .await
            .map_err(|e| PageError::from_service(e, lang))?,
        None => Vec::new(),
    };
    let chooses_member = edit.is_none() && principal.role().is_some_and(Role::sees_unpublished);
    let action = match edit {
        Some(id) => format!("/praxis/{id}/bearbeiten"),
        None => "/praxis".to_owned(),
    };
    let (title, path) = match edit {
        Some(id) => (
            t(lang, "Praxisbeispiel bearbeiten", "Edit practice"),
            format!("/praxis/{id}/bearbeiten"),
        ),
        None => (
            t(lang, "Neues Praxisbeispiel", "New practice"),
            "/praxis/neu".to_owned(),
        ),
    };
    let body = html! {
        @if !problems.is_empty() {
            div.notice role="alert" {
                p { strong { (t(lang, "Nicht gespeichert:", "Not stored:")) } }
                ul { @for (field, de, en) in problems {
                    li { a href=(format!("#{}", field.split(['[', '.']).next().unwrap_or(field))) { code { (field) } } ": " (t(lang, de, en)) }
                } }
            }
        }
        p { (t(lang,
            "Ein Entwurf darf unvollständig sein. Zum Einreichen braucht es Startjahr, Ausgangslage, Ziele, Vorgehen und Ergebnisse; nach der Prüfung ist das Beispiel für alle sichtbar, der Kontakt nur für angemeldete Projektmitglieder.",
            "A draft may be incomplete. To hand it in it needs a start year, starting situation, goals, approach and results; once reviewed everyone sees it, the contact only signed-in project members.")) }
        form.stacked method="post" action=(href(lang, &action)) {
            input type="hidden" name="csrf_token" value=(csrf_of(method));
            @if chooses_member {
                label for="municipality" { (t(lang, "Kommune", "Member")) }
                select id="municipality" name="municipality" required {
                    @for m in &cohort {
                        option value=(m.key) selected[member.as_ref() == Some(&m.key)] { (m.name) }
                    }
                }
            }
            (draft.inputs(&fields, &indicators, &measures, lang))
            p.actions { button type="submit" { (t(lang, "Als Entwurf speichern", "Save as draft")) } }
        }
    };
    Ok(Page::new(lang, title, Nav::Exchange, principal, method, path).render(body))
}

/// The form of a new practice.
#[utoipa::path(get, path = "/praxis/neu", tag = "pages",
    params(("lang" = Option<String>, Query, description = "`en` for English")),
    responses(
        (status = 200, description = "The form", content_type = "text/html"),
        (status = 303, description = "Signed out: to the sign-in form"),
        (status = 403, description = "Role may not write practices", content_type = "text/html")))]
pub async fn new_form(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    ApiQuery(query): ApiQuery<LangParam>,
) -> Result<Response, Response> {
    let lang = query.lang();
    page_user(&principal, WRITERS, lang, "/praxis/neu", WHAT).map_err(Denied::into_response)?;
    let draft = Draft::default();
    let page = render(&state, &principal, &method, &draft, None, &Vec::new(), lang)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(page.into_response())
}

/// A service error of a form: invalid input back into the form (400), anything else a page.
async fn refused(
    state: &AppState,
    principal: &Principal,
    method: &AuthMethod,
    draft: &Draft,
    edit: Option<i64>,
    err: vergleich_service::Error,
    lang: Lang,
) -> Result<Response, PageError> {
    if err.code != ErrorCode::InvalidParameter && err.code != ErrorCode::NotFound
        || err.errors.is_empty()
    {
        return Err(PageError::from_service(err, lang));
    }
    let problems = err
        .errors
        .iter()
        .map(|d| {
            (
                d.parameter.clone().unwrap_or_default(),
                d.message_de.clone(),
                d.message_en.clone(),
            )
        })
        .collect();
    let page = render(state, principal, method, draft, edit, &problems, lang).await?;
    Ok((StatusCode::BAD_REQUEST, page).into_response())
}

/// Stores a new draft; to its page.
#[utoipa::path(post, path = "/praxis", tag = "pages",
    params(("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, municipality (managers), title, fields, period_from, period_to, the sections, links, indicators, contact, measure"),
    responses(
        (status = 303, description = "Stored: to the practice"),
        (status = 400, description = "The form again, with what is wrong", content_type = "text/html"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Role may not, or CSRF token wrong", content_type = "text/html")))]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    let fields = checked(&principal, &method, fields, lang)?;
    let mut draft = Draft::from_form(&fields);
    let own = principal.user().and_then(|u| u.municipality.clone());
    if principal.role() == Some(Role::Municipality) {
        draft.municipality = own.map(|m| m.to_string()).unwrap_or_default();
    }
    let Ok(member) = Ags::parse(&draft.municipality) else {
        let problems = vec![(
            "municipality".to_owned(),
            "Kommune wählen".to_owned(),
            "Choose a member".to_owned(),
        )];
        let page = render(&state, &principal, &method, &draft, None, &problems, lang).await?;
        return Ok((StatusCode::BAD_REQUEST, page).into_response());
    };
    let content = match draft.content() {
        Ok(c) => c,
        Err(p) => {
            let page = render(&state, &principal, &method, &draft, None, &vec![p], lang).await?;
            return Ok((StatusCode::BAD_REQUEST, page).into_response());
        }
    };
    match state
        .workflow()
        .create_practice(&principal, &member, content)
        .await
    {
        Ok(p) => Ok(see_other(&href(lang, &format!("/praxis/{}", p.id)))),
        Err(e) => refused(&state, &principal, &method, &draft, None, e, lang).await,
    }
}

/// The edit form of a draft or sent-back practice.
#[utoipa::path(get, path = "/praxis/{id}/bearbeiten", tag = "pages",
    params(("id" = i64, Path, description = "Practice id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    responses(
        (status = 200, description = "The form", content_type = "text/html"),
        (status = 303, description = "Signed out: to the sign-in form"),
        (status = 403, description = "Not this member's user", content_type = "text/html"),
        (status = 404, description = "No such practice for this reader", content_type = "text/html"),
        (status = 409, description = "Submitted or published: not editable", content_type = "text/html")))]
pub async fn edit_form(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
) -> Result<Response, Response> {
    let lang = query.lang();
    let path = format!("/praxis/{id}/bearbeiten");
    page_user(&principal, WRITERS, lang, &path, WHAT).map_err(Denied::into_response)?;
    let p = state
        .workflow()
        .practice(&principal, id)
        .await
        .map_err(|e| PageError::from_service(e, lang).into_response())?;
    if !p.state.editable() {
        return Err(PageError::new(
            StatusCode::CONFLICT,
            lang,
            "Eingereichte und veröffentlichte Praxisbeispiele werden nicht bearbeitet; erst zurückziehen.",
            "Submitted and published practices are not edited; withdraw first.",
        )
        .into_response());
    }
    let draft = Draft::of(&p.content, p.municipality.as_str());
    let page = render(
        &state,
        &principal,
        &method,
        &draft,
        Some(id),
        &Vec::new(),
        lang,
    )
    .await
    .map_err(IntoResponse::into_response)?;
    Ok(page.into_response())
}

/// Stores the edit; to the practice.
#[utoipa::path(post, path = "/praxis/{id}/bearbeiten", tag = "pages",
    params(("id" = i64, Path, description = "Practice id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token and the practice's fields"),
    responses(
        (status = 303, description = "Stored: to the practice"),
        (status = 400, description = "The form again, with what is wrong", content_type = "text/html"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Role may not, or CSRF token wrong", content_type = "text/html"),
        (status = 404, description = "No such practice for this reader", content_type = "text/html"),
        (status = 409, description = "Not editable", content_type = "text/html")))]
pub async fn save(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    let fields = checked(&principal, &method, fields, lang)?;
    let stored = state
        .workflow()
        .practice(&principal, id)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let mut draft = Draft::from_form(&fields);
    draft.municipality = stored.municipality.to_string();
    let content = match draft.content() {
        Ok(c) => c,
        Err(p) => {
            let page = render(
                &state,
                &principal,
                &method,
                &draft,
                Some(id),
                &vec![p],
                lang,
            )
            .await?;
            return Ok((StatusCode::BAD_REQUEST, page).into_response());
        }
    };
    match state
        .workflow()
        .edit_practice(&principal, id, content)
        .await
    {
        Ok(_) => Ok(see_other(&href(lang, &format!("/praxis/{id}")))),
        Err(e) => refused(&state, &principal, &method, &draft, Some(id), e, lang).await,
    }
}
