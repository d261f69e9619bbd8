//! Browser sessions: `POST /api/v1/session` with name and password sets an HttpOnly,
//! SameSite=Lax cookie (Secure unless configured otherwise) holding a random 256-bit id; the
//! database keeps only its SHA-256, the expiry and a CSRF token. Every state-changing request
//! made with the cookie must prove it comes from our own pages: the `X-CSRF-Token` header (or the
//! form field the HTML forms carry, checked by their handlers) must equal the session's token.

use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

use vergleich_service::workflow::session::SignedIn;

use super::AuthMethod;
use crate::error::{AppError, ErrorCode};
use crate::state::AppState;

/// The session cookie's name.
pub const COOKIE: &str = "vergleich_session";
/// The header a script sends the CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The session id the request's cookie carries, if any.
pub fn cookie_value(headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty())
}

/// The `Set-Cookie` value of a new session.
pub fn set_cookie(id: &str, minutes: u32, secure: bool) -> Option<HeaderValue> {
    let cookie = Cookie::build((COOKIE, id.to_owned()))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(cookie_duration(minutes))
        .build();
    HeaderValue::from_str(&cookie.to_string()).ok()
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> Option<HeaderValue> {
    let cookie = Cookie::build((COOKIE, ""))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(cookie_duration(0))
        .build();
    HeaderValue::from_str(&cookie.to_string()).ok()
}

/// Checks name and password and opens a session: the session and the `Set-Cookie` value
/// carrying its id; `None` for a wrong name or password; 429 while the name is locked. Shared by `POST /api/v1/session` and
/// the sign-in form.
pub async fn open(
    state: &AppState,
    name: &str,
    password: String,
    from: super::ClientAddress,
) -> Result<Option<(SignedIn, Option<HeaderValue>)>, AppError> {
    let Some(signed_in) = state.workflow().sign_in(name, password, from.0).await? else {
        return Ok(None);
    };
    // The cookie lives as long as the session may at most; the idle timeout is the server's.
    let cookie = set_cookie(
        &signed_in.session_id,
        state.http.session_max_minutes,
        !state.http.insecure_cookies,
    );
    Ok(Some((signed_in, cookie)))
}

/// Ends the request's session, if it was made with one, and returns the `Set-Cookie` value that
/// removes the cookie. Shared by `DELETE /api/v1/session` and the sign-out form.
pub async fn close(
    state: &AppState,
    method: &AuthMethod,
    headers: &HeaderMap,
) -> Result<Option<HeaderValue>, AppError> {
    if let (AuthMethod::Session { .. }, Some(id)) = (method, cookie_value(headers)) {
        state.workflow().sign_out(&id).await?;
    }
    Ok(clear_cookie(!state.http.insecure_cookies))
}

fn cookie_duration(minutes: u32) -> cookie::time::Duration {
    cookie::time::Duration::minutes(i64::from(minutes))
}

/// Refuses a state-changing request made with the session cookie unless it carries the
/// session's CSRF token in `X-CSRF-Token`. The JSON API (`/api/…`) takes only the header. The
/// HTML form handlers (every other path) call [`check_form_token`] instead and are reached
/// because the header is not required of `application/x-www-form-urlencoded` and
/// `multipart/form-data` requests from our own origin (`Sec-Fetch-Site: same-origin`); they must
/// check the form's token themselves. (An API handler checks no form field, so the exemption
/// there let a form post from a same-origin page act with no token at all.)
pub fn check_csrf(parts: &Parts, expected: &str) -> Result<(), AppError> {
    if let Some(sent) = parts.headers.get(CSRF_HEADER) {
        return if constant_time_eq(sent.as_bytes(), expected.as_bytes()) {
            Ok(())
        } else {
            Err(csrf_error())
        };
    }
    let same_origin = parts
        .headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"same-origin");
    let form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.starts_with("application/x-www-form-urlencoded")
                || ct.starts_with("multipart/form-data")
        });
    let page = !parts.uri.path().starts_with("/api/");
    if page && same_origin && form {
        // The form handler checks the token in the body with `check_form_token`.
        return Ok(());
    }
    Err(csrf_error())
}

/// Checks the CSRF token a form sent in its body.
pub fn check_form_token(sent: &str, expected: &str) -> Result<(), AppError> {
    if constant_time_eq(sent.as_bytes(), expected.as_bytes()) {
        Ok(())
    } else {
        Err(csrf_error())
    }
}

fn csrf_error() -> AppError {
    AppError::new(
        ErrorCode::Forbidden,
        "Die Anfrage kam nicht von einer Seite dieses Dienstes (CSRF-Token fehlt oder ist falsch). \
         Bitte die Seite neu laden und erneut senden.",
        "The request did not come from a page of this service (CSRF token missing or wrong). \
         Please reload the page and send again.",
    )
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_http_only_lax_and_secure_unless_configured() {
        let v = set_cookie("abc", 60, true).unwrap();
        let v = v.to_str().unwrap();
        for part in [
            "vergleich_session=abc",
            "HttpOnly",
            "SameSite=Lax",
            "Secure",
            "Path=/",
            "Max-Age=3600",
        ] {
            assert!(v.contains(part), "{v} lacks {part}");
        }
        let plain = set_cookie("abc", 60, false).unwrap();
        assert!(!plain.to_str().unwrap().contains("Secure"));
        assert!(
            clear_cookie(true)
                .unwrap()
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
