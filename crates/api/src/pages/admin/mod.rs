//! The admins' catalogue page (`/verwaltung/katalog`, issue #14 B.4): the fields and indicators
//! as stored, and forms to add a field, add an indicator, archive a field and record a new
//! definition version. Plain HTML forms; every POST checks the role and the CSRF token; the
//! rules are the workflow's (`vergleich_service::workflow::catalogue_admin`), and a refused
//! form comes back filled in with what is wrong.

mod cohort;
mod forms;

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_charts::Lang;
use vergleich_domain::Role;

use crate::auth::{AuthMethod, Principal};
use crate::extract::ApiQuery;
use crate::pages::concept::edit::Fields;
use crate::pages::workflow::{Denied, check_token, csrf_of, form_user, page_user, see_other};
use crate::pages::{LangParam, Nav, Page, PageError, href, t};
use crate::state::AppState;

const WHAT: (&str, &str) = ("den Katalog ändern", "change the catalogue");

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(catalogue_page))
        .routes(routes!(catalogue_post))
        .routes(routes!(cohort::cohort_page))
        .routes(routes!(cohort::cohort_post))
}

/// The frame of an admin page: the page with links between the admin pages above its body.
pub struct AdminPage<'a>(Page<'a>);

impl<'a> AdminPage<'a> {
    pub fn new(
        lang: Lang,
        title: &str,
        principal: &'a Principal,
        method: &'a AuthMethod,
        path: &'static str,
    ) -> Self {
        Self(Page::new(lang, title, Nav::Admin, principal, method, path))
    }

    pub fn render(&self, body: Markup) -> Markup {
        let lang = self.0.lang;
        let links = [
            ("/verwaltung/katalog", t(lang, "Katalog", "Catalogue")),
            ("/verwaltung/kohorte", t(lang, "Kohorte", "Cohort")),
        ];
        self.0.render(html! {
            nav.subnav aria-label=(t(lang, "Verwaltung", "Administration")) {
                @for (path, label) in links {
                    @if path == self.0.path { strong aria-current="page" { (label) } } @else { a href=(href(lang, path)) { (label) } }
                    " "
                }
            }
            (body)
        })
    }
}

/// What was not stored and why, above the forms (the field named when there is one).
pub fn problem_notice(problem: Option<&(String, String, String)>, lang: Lang) -> Markup {
    html! {
        @if let Some((field, de, en)) = problem {
            div.notice role="alert" { strong { (t(lang, "Nicht gespeichert: ", "Not stored: ")) }
                @if !field.is_empty() { code { (field) } ": " } (t(lang, de, en)) }
        }
    }
}

/// The answer to a posted admin form: back to the page's anchor when stored; the page again
/// with what is wrong (400) for bad input; an error page otherwise.
pub async fn post_outcome<F, Fut>(
    done: Result<&'static str, forms::Refused>,
    path: &str,
    lang: Lang,
    again: F,
) -> Result<Response, PageError>
where
    F: FnOnce((String, String, String)) -> Fut,
    Fut: std::future::Future<Output = Result<Markup, PageError>>,
{
    match done {
        Ok(anchor) => Ok(see_other(&href(lang, &format!("{path}#{anchor}")))),
        Err(forms::Refused::Input(field, de, en)) => {
            let page = again((field, de, en)).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(forms::Refused::Conflict(de, en)) => {
            let page = again((String::new(), de, en)).await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(forms::Refused::Service(e)) => Err(PageError::from_service(e, lang)),
    }
}

/// The catalogue with the admins' forms.
#[utoipa::path(get, path = "/verwaltung/katalog", tag = "pages",
    params(("lang" = Option<String>, Query, description = "`en` for English")),
    responses(
        (status = 200, description = "The page", content_type = "text/html"),
        (status = 303, description = "Signed out: to the sign-in form"),
        (status = 403, description = "Admins only", content_type = "text/html")))]
pub async fn catalogue_page(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    ApiQuery(query): ApiQuery<LangParam>,
) -> Result<Response, Response> {
    let lang = query.lang();
    page_user(
        &principal,
        &[Role::Admin],
        lang,
        "/verwaltung/katalog",
        WHAT,
    )
    .map_err(Denied::into_response)?;
    let page = render(&state, &principal, &method, &Fields(Vec::new()), None, lang)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(page.into_response())
}

async fn render(
    state: &AppState,
    principal: &Principal,
    method: &AuthMethod,
    typed: &Fields,
    problem: Option<(String, String, String)>,
    lang: Lang,
) -> Result<Markup, PageError> {
    let fail = |e: vergleich_store::StoreError| PageError::from_service(e.into(), lang);
    let fields = state.store.fields().await.map_err(fail)?;
    let indicators = state.store.indicators().await.map_err(fail)?;
    let csrf = csrf_of(method);
    let body = html! {
        p { (t(lang,
            "Änderungen gelten sofort in jeder Ansicht, jedem Diagramm und jeder Seite und stehen mit vorher und nachher im Prüfprotokoll. Die Dateien unter datasets/ bleiben die Grundlage einer neuen Datenbank; hier Geändertes überschreiben sie beim Neustart nicht.",
            "Changes apply at once to every view, chart and page and are in the audit log with before and after. The files under datasets/ stay the seed of a new database; they do not overwrite what was changed here on a restart.")) }
        (problem_notice(problem.as_ref(), lang))
        h2 { (t(lang, "Handlungsfelder", "Fields")) }
        (forms::field_table(&fields, &indicators, csrf, lang))
        (forms::add_field(typed, csrf, lang))
        h2 { (t(lang, "Indikatoren", "Indicators")) }
        (forms::indicator_table(&fields, &indicators, lang))
        (forms::add_indicator(&fields, typed, csrf, lang))
        (forms::definition_change(&indicators, typed, csrf, lang))
    };
    Ok(AdminPage::new(
        lang,
        t(lang, "Katalog verwalten", "Manage the catalogue"),
        principal,
        method,
        "/verwaltung/katalog",
    )
    .render(body))
}

/// One of the page's forms: `form` = `field`, `archive`, `indicator` or `definition`.
#[utoipa::path(post, path = "/verwaltung/katalog", tag = "pages",
    params(("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, form (field, archive, indicator, definition) and its fields"),
    responses(
        (status = 303, description = "Stored: back to the page"),
        (status = 400, description = "The page again, with what is wrong", content_type = "text/html"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Admins only, or CSRF token wrong", content_type = "text/html"),
        (status = 404, description = "No such field or indicator", content_type = "text/html"),
        (status = 409, description = "Conflicts with the stored catalogue", content_type = "text/html")))]
pub async fn catalogue_post(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    form_user(&principal, &[Role::Admin], lang, WHAT)?;
    let typed = Fields(fields);
    check_token(&method, &typed.get("csrf_token").unwrap_or_default(), lang)?;
    let done = forms::apply(&state, &principal, &typed).await;
    let again = |problem| render(&state, &principal, &method, &typed, Some(problem), lang);
    post_outcome(done, "/verwaltung/katalog", lang, again).await
}
