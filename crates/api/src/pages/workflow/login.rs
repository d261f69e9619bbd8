//! Signing in and out in the browser: `GET /anmelden` (the form), `POST /anmelden` (name and
//! password, form-urlencoded → the session cookie of `POST /api/v1/session`, then 303 to `next`
//! if it is a local path), `POST /abmelden` (the layout's sign-out form).

use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use vergleich_charts::Lang;
use vergleich_domain::Role;

use super::{check_token, query_value, see_other};
use crate::auth::{AuthMethod, ClientAddress, Principal, session};
use crate::extract::ApiQuery;
use crate::pages::{Nav, Page, PageError, href, lang_of, t};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct FormQuery {
    lang: Option<String>,
    next: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    name: String,
    password: String,
    next: String,
    lang: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignOutForm {
    csrf_token: String,
    lang: String,
}

/// `next` if it is a path on this site: starts with one `/`, no scheme-relative `//` or `/\`
/// (browsers read both as another host), no control characters.
pub(crate) fn local_path(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    ok.then_some(next)
}

/// Where a user lands after signing in without `next`: their own workspace.
fn home(role: Role) -> &'static str {
    match role {
        Role::Municipality => "/hochladen",
        Role::Manager | Role::Admin => "/pruefung",
        Role::Staff => "/",
    }
}

/// `path` in `lang`, unless the path already names a language.
fn in_lang(lang: Lang, path: &str) -> String {
    if path.contains("lang=") {
        path.to_owned()
    } else {
        href(lang, path)
    }
}

fn login_page(
    lang: Lang,
    principal: &Principal,
    method: &AuthMethod,
    next: &str,
    name: &str,
    failed: bool,
) -> Markup {
    let page = Page::new(
        lang,
        t(lang, "Anmelden", "Sign in"),
        Nav::Login,
        principal,
        method,
        if next.is_empty() {
            "/anmelden".to_owned()
        } else {
            format!("/anmelden?next={}", query_value(next))
        },
    );
    page.render(html! {
        @if let Some(user) = principal.user() {
            p.notice {
                (t(lang, "Sie sind angemeldet als ", "You are signed in as ")) strong { (user.name) } ". "
                (t(lang, "Mit einem anderen Namen anmelden:", "Sign in with another name:"))
            }
        }
        @if failed {
            p.form-error role="alert" {
                (t(lang, "Name oder Passwort ist falsch. Bitte erneut versuchen.",
                    "Name or password is wrong. Please try again."))
            }
        }
        form.workflow-form method="post" action="/anmelden" {
            input type="hidden" name="next" value=(next);
            input type="hidden" name="lang" value=(t(lang, "de", "en"));
            p {
                label for="name" { (t(lang, "Name", "Name")) }
                input #name type="text" name="name" value=(name) autocomplete="username" required autofocus[name.is_empty()];
            }
            p {
                label for="password" { (t(lang, "Passwort", "Password")) }
                input #password type="password" name="password" autocomplete="current-password" required autofocus[!name.is_empty()];
            }
            p { button type="submit" { (t(lang, "Anmelden", "Sign in")) } }
        }
        p.hint {
            (t(lang, "Konten und Passwörter vergibt die Administration (",
                "Accounts and passwords are set by the administration ("))
            code { "vergleich user password NAME" } ")."
        }
    })
}

/// The sign-in form.
#[utoipa::path(get, path = "/anmelden", tag = "pages",
    params(
        ("next" = Option<String>, Query, description = "Local path to return to after signing in"),
        ("lang" = Option<String>, Query, description = "`en` for English"),
    ),
    responses((status = 200, description = "Sign-in form", content_type = "text/html")))]
pub async fn form(
    principal: Principal,
    method: AuthMethod,
    ApiQuery(query): ApiQuery<FormQuery>,
) -> Markup {
    let lang = lang_of(query.lang.as_deref());
    let next = query.next.as_deref().and_then(local_path).unwrap_or("");
    login_page(lang, &principal, &method, next, "", false)
}

/// Signs in with name and password from the form: sets the session cookie and answers 303 to
/// `next` (a local path only) or the user's workspace; a wrong name or password shows the form
/// again with one message for both.
#[utoipa::path(post, path = "/anmelden", tag = "pages",
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "name, password, next, lang"),
    responses(
        (status = 303, description = "Signed in; `Set-Cookie: vergleich_session=…`"),
        (status = 401, description = "Wrong name or password: the form again", content_type = "text/html"),
        (status = 429, description = "Too many wrong passwords for this name", content_type = "text/html"),
        (status = 403, description = "Posted from another site", content_type = "text/html")))]
pub async fn submit(
    State(state): State<AppState>,
    from: ClientAddress,
    headers: HeaderMap,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Ok(Form(form)) = form else {
        return Err(PageError::new(
            StatusCode::BAD_REQUEST,
            Lang::De,
            "Das Anmeldeformular war unvollständig.",
            "The sign-in form was incomplete.",
        ));
    };
    let lang = lang_of(Some(&form.lang));
    // A sign-in posted from another site would sign the browser in as someone else.
    let site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none");
    if !matches!(site, "same-origin" | "none") {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            lang,
            "Anmelden geht nur über das Formular dieses Dienstes.",
            "Signing in works only through this service's form.",
        ));
    }
    let next = local_path(&form.next).unwrap_or("").to_owned();
    let name = form.name.clone();
    let signed_in = session::open(&state, &form.name, form.password, from)
        .await
        .map_err(|e| PageError::from_app(e, lang))?;
    let Some((signed_in, cookie)) = signed_in else {
        let page = login_page(
            lang,
            &Principal::Anonymous,
            &AuthMethod::Anonymous,
            &next,
            &name,
            true,
        );
        return Ok((StatusCode::UNAUTHORIZED, page).into_response());
    };
    let target = if next.is_empty() {
        home(signed_in.user.role).to_owned()
    } else {
        next
    };
    let mut response = see_other(&in_lang(lang, &target));
    if let Some(cookie) = cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// Signs out (the layout's form, with the session's `csrf_token`): ends the session, clears the
/// cookie, 303 to the start page.
#[utoipa::path(post, path = "/abmelden", tag = "pages",
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, lang"),
    responses(
        (status = 303, description = "Signed out; the cookie is cleared"),
        (status = 403, description = "CSRF token missing or wrong", content_type = "text/html")))]
pub async fn sign_out(
    State(state): State<AppState>,
    method: AuthMethod,
    headers: HeaderMap,
    form: Result<Form<SignOutForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let lang = lang_of(Some(&form.lang));
    check_token(&method, &form.csrf_token, lang)?;
    let clear = session::close(&state, &method, &headers)
        .await
        .map_err(|e| PageError::from_app(e, lang))?;
    let mut response = see_other(&href(lang, "/"));
    if let Some(cookie) = clear {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_signing_in() {
        assert_eq!(local_path("/hochladen"), Some("/hochladen"));
        assert_eq!(
            local_path("/pruefung/7?lang=en"),
            Some("/pruefung/7?lang=en")
        );
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "evil",
            "",
            "/a\nb",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }
}
