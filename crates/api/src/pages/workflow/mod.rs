//! The pages of signing in and out (`/anmelden`, `/abmelden`), uploading (`/hochladen`,
//! municipalities) and reviewing (`/pruefung`, managers and admins). Plain HTML forms that work
//! without JavaScript; `/static/upload.js` only turns the upload form into a drop zone.
//!
//! Every form POST made with the session cookie reaches its handler only as a same-origin form
//! (see `auth::session::check_csrf`), and the handler then checks the form's `csrf_token` field
//! against the session's token ([`check_token`]). A request authenticated with a Bearer token
//! carries no cookie a third site could ride on, so it needs no form token.
//!
//! Who may open a page is decided by the same `Principal` as the API: signed-out visitors of a
//! page that needs a role are sent to the sign-in form (303 with `next`), a signed-out form POST
//! gets 401 (the file or comment could not survive a redirect), other roles get 403.

mod changes_table;
mod login;
mod queue;
mod report;
mod report_source;
mod review;
mod upload;
mod upload_form;
mod upload_view;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_charts::Lang;
use vergleich_domain::Role;
use vergleich_store::User;

use crate::auth::session::check_form_token;
use crate::auth::{AuthMethod, Principal};
use crate::pages::{PageError, href};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login::form, login::submit))
        .routes(routes!(login::sign_out))
        .routes(routes!(upload::page, upload::receive))
        .routes(routes!(upload::submit))
        .routes(routes!(queue::queue))
        .routes(routes!(review::detail))
        .routes(routes!(review::approve))
        .routes(routes!(review::reject))
}

/// 303 See Other to a local path.
pub(crate) fn see_other(location: &str) -> Response {
    let location = HeaderValue::from_str(location).unwrap_or(HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// The sign-in form, returning to `path` afterwards.
fn sign_in_first(lang: Lang, path: &str) -> Response {
    see_other(&href(
        lang,
        &format!("/anmelden?next={}", query_value(path)),
    ))
}

/// Why a page is not shown: signed out (to the sign-in form) or the wrong role (403 page).
pub(crate) enum Denied {
    SignIn { lang: Lang, path: String },
    Forbidden(PageError),
}

impl IntoResponse for Denied {
    fn into_response(self) -> Response {
        match self {
            Self::SignIn { lang, path } => sign_in_first(lang, &path),
            Self::Forbidden(page) => page.into_response(),
        }
    }
}

/// `text` percent-encoded for a query value (a path keeps its slashes).
pub(crate) fn query_value(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => {
                char::from(b).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The user of a page that needs one of `roles`: signed-out visitors go to the sign-in form and
/// come back to `path`; other roles get a 403 page.
pub(crate) fn page_user<'a>(
    principal: &'a Principal,
    roles: &[Role],
    lang: Lang,
    path: &str,
    what: (&str, &str),
) -> Result<&'a User, Denied> {
    match principal.user() {
        None => Err(Denied::SignIn {
            lang,
            path: path.to_owned(),
        }),
        Some(user) if roles.contains(&user.role) => Ok(user),
        Some(_) => Err(Denied::Forbidden(forbidden(lang, what))),
    }
}

/// The user of a form POST that needs one of `roles`: 401 when signed out, 403 for other roles.
pub(crate) fn form_user<'a>(
    principal: &'a Principal,
    roles: &[Role],
    lang: Lang,
    what: (&str, &str),
) -> Result<&'a User, PageError> {
    match principal.user() {
        None => Err(PageError::new(
            StatusCode::UNAUTHORIZED,
            lang,
            "Die Anmeldung ist abgelaufen oder fehlt. Bitte anmelden und erneut senden.",
            "You are not signed in (any more). Please sign in and send again.",
        )),
        Some(user) if roles.contains(&user.role) => Ok(user),
        Some(_) => Err(forbidden(lang, what)),
    }
}

fn forbidden(lang: Lang, (what_de, what_en): (&str, &str)) -> PageError {
    PageError::new(
        StatusCode::FORBIDDEN,
        lang,
        format!("Ihre Rolle darf das nicht: {what_de}."),
        format!("Your role may not do this: {what_en}."),
    )
}

/// Checks a form's `csrf_token` against the session's; requests with a Bearer token (no cookie)
/// and anonymous ones need none.
pub(crate) fn check_token(method: &AuthMethod, sent: &str, lang: Lang) -> Result<(), PageError> {
    match method {
        AuthMethod::Session { csrf_token } => check_form_token(sent, csrf_token).map_err(|_| {
            PageError::new(
                StatusCode::FORBIDDEN,
                lang,
                "Das Formular kam nicht von einer Seite dieses Dienstes oder ist veraltet \
                 (CSRF-Token fehlt oder ist falsch). Bitte die Seite neu laden und erneut senden.",
                "The form did not come from a page of this service or is out of date (CSRF \
                 token missing or wrong). Please reload the page and send again.",
            )
        }),
        AuthMethod::Token | AuthMethod::Anonymous => Ok(()),
    }
}

/// The session's CSRF token for the page's forms (none for Bearer-token requests).
pub(crate) fn csrf_of(method: &AuthMethod) -> &str {
    match method {
        AuthMethod::Session { csrf_token } => csrf_token,
        AuthMethod::Token | AuthMethod::Anonymous => "",
    }
}

/// A date and time as people read it, in UTC (German: `02.12.2025 17:51`).
pub(crate) fn when(lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
    match lang {
        Lang::De => at.format("%d.%m.%Y %H:%M UTC").to_string(),
        Lang::En => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// The label of an upload state.
pub(crate) fn state_label(lang: Lang, state: vergleich_domain::UploadState) -> &'static str {
    use vergleich_domain::UploadState::{Draft, Published, Rejected, Submitted};
    match (state, lang) {
        (Draft, Lang::De) => "Entwurf",
        (Draft, Lang::En) => "draft",
        (Submitted, Lang::De) => "eingereicht",
        (Submitted, Lang::En) => "submitted",
        (Published, Lang::De) => "veröffentlicht",
        (Published, Lang::En) => "published",
        (Rejected, Lang::De) => "abgelehnt",
        (Rejected, Lang::En) => "rejected",
    }
}

/// A number as people read it in the page's language (`1.234,5` / `1,234.5`), with the
/// decimals it has, at most 3.
pub(crate) fn number(lang: Lang, value: f64) -> String {
    let decimals = (0..3u8)
        .find(|&d| {
            let factor = 10f64.powi(i32::from(d));
            ((value * factor).round() - value * factor).abs() < 1e-6
        })
        .unwrap_or(3);
    vergleich_domain::format::format_number(value, decimals, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_the_language_writes_them() {
        assert_eq!(number(Lang::De, 12.5), "12,5");
        assert_eq!(number(Lang::En, 12.5), "12.5");
        assert_eq!(number(Lang::De, 3.0), "3");
        assert_eq!(number(Lang::De, -0.125), "\u{2212}0,125");
        assert_eq!(number(Lang::En, 1234.5), "1,234.5");
    }

    #[test]
    fn the_sign_in_redirect_keeps_the_page_and_escapes_the_rest() {
        let r = sign_in_first(Lang::En, "/pruefung/7");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            r.headers()[header::LOCATION],
            "/anmelden?next=/pruefung/7&lang=en"
        );
        let r = sign_in_first(Lang::De, "/x?a=1&b");
        assert_eq!(
            r.headers()[header::LOCATION],
            "/anmelden?next=/x%3Fa%3D1%26b"
        );
    }
}
