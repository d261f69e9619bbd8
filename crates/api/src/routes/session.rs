//! Sign-in for browsers and scripts: `POST /api/v1/session` (name and password → session cookie
//! and CSRF token), `GET /api/v1/session` (who am I), `DELETE /api/v1/session` (sign out).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_domain::Role;
use vergleich_store::{NewSession, User};

use crate::auth::{AuthMethod, Principal, new_token, password, secret_hash, session};
use crate::error::{AppError, ErrorCode};
use crate::extract::ApiJson;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(login, whoami, logout))
}

/// Name and password of a user (set with `vergleich user password NAME`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    name: String,
    password: String,
}

/// The signed-in user; `csrf_token` goes into `X-CSRF-Token` of every state-changing request
/// made with the session cookie.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionInfo {
    name: String,
    #[schema(value_type = String, example = "municipality")]
    role: Role,
    #[schema(value_type = Option<String>, example = "07312000")]
    municipality: Option<String>,
    /// `session` or `token`.
    via: &'static str,
    csrf_token: Option<String>,
    expires_at: Option<DateTime<Utc>>,
}

fn wrong_credentials() -> AppError {
    AppError::new(
        ErrorCode::Unauthenticated,
        "Name oder Passwort ist falsch.",
        "Name or password is wrong.",
    )
}

/// Signs in with name and password; answers with a session cookie (HttpOnly, SameSite=Lax,
/// Secure) and the session's CSRF token.
#[utoipa::path(post, path = "/api/v1/session", tag = "session",
    request_body(content = Login, content_type = "application/json"),
    responses(
        (status = 200, description = "Signed in; `Set-Cookie: vergleich_session=…`", body = SessionInfo),
        (status = 401, description = "Wrong name or password", content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", content_type = "application/problem+json")))]
pub async fn login(
    State(state): State<AppState>,
    ApiJson(login): ApiJson<Login>,
) -> Result<Response, AppError> {
    let signed_in = sign_in(&state, login.name, login.password)
        .await?
        .ok_or_else(wrong_credentials)?;
    let info = SessionInfo {
        name: signed_in.user.name,
        role: signed_in.user.role,
        municipality: signed_in.user.municipality.map(|m| m.as_str().to_owned()),
        via: "session",
        csrf_token: Some(signed_in.csrf_token),
        expires_at: Some(signed_in.expires_at),
    };
    let mut response = Json(info).into_response();
    if let Some(cookie) = signed_in.cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// A new session: its user, CSRF token, expiry and the `Set-Cookie` value carrying its id.
pub struct SignedIn {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    pub cookie: Option<HeaderValue>,
}

/// Checks name and password and opens a session; `None` for a wrong name or password (both
/// cost the same argon2id work). Shared by `POST /api/v1/session` and the sign-in form.
pub async fn sign_in(
    state: &AppState,
    name: String,
    password: String,
) -> Result<Option<SignedIn>, AppError> {
    let found = state.store.password_hash(&name).await?;
    let (user, stored) = match found {
        Some((user, hash)) => (Some(user), hash),
        None => (None, None),
    };
    // argon2 is deliberately slow: off the async workers. An unknown name costs the same time.
    let ok = state
        .work
        .run(move || password::verify(&password, stored.as_deref()))
        .await
        .unwrap_or(false);
    let Some(user) = user.filter(|_| ok) else {
        tracing::info!("sign-in refused");
        return Ok(None);
    };
    let id = new_token();
    let csrf_token = new_token();
    let expires_at = Utc::now() + chrono::Duration::minutes(i64::from(state.http.session_minutes));
    state
        .store
        .create_session(&NewSession {
            id_hash: secret_hash(&id),
            user_id: user.id,
            csrf_token: csrf_token.clone(),
            expires_at,
        })
        .await?;
    tracing::info!(user = %user.name, "signed in");
    let cookie = session::set_cookie(
        &id,
        state.http.session_minutes,
        !state.http.insecure_cookies,
    );
    Ok(Some(SignedIn {
        user,
        csrf_token,
        expires_at,
        cookie,
    }))
}

/// Ends the request's session, if it was made with one, and returns the `Set-Cookie` value that
/// removes the cookie. Shared by `DELETE /api/v1/session` and the sign-out form.
pub async fn sign_out(
    state: &AppState,
    method: &AuthMethod,
    headers: &HeaderMap,
) -> Result<Option<HeaderValue>, AppError> {
    if let (AuthMethod::Session { .. }, Some(id)) = (method, session::cookie_value(headers)) {
        state.store.end_session(&secret_hash(&id)).await?;
    }
    Ok(session::clear_cookie(!state.http.insecure_cookies))
}

/// Who the request is signed in as (session cookie or API token).
#[utoipa::path(get, path = "/api/v1/session", tag = "session",
    responses(
        (status = 200, description = "The signed-in user", body = SessionInfo),
        (status = 401, description = "Not signed in", content_type = "application/problem+json")))]
pub async fn whoami(
    principal: Principal,
    method: AuthMethod,
) -> Result<Json<SessionInfo>, AppError> {
    let Principal::User(user) = principal else {
        return Err(AppError::unauthenticated());
    };
    let (via, csrf_token) = match method {
        AuthMethod::Session { csrf_token } => ("session", Some(csrf_token)),
        AuthMethod::Token | AuthMethod::Anonymous => ("token", None),
    };
    Ok(Json(SessionInfo {
        name: user.name,
        role: user.role,
        municipality: user.municipality.map(|m| m.as_str().to_owned()),
        via,
        csrf_token,
        expires_at: None,
    }))
}

/// Signs out: ends the session and removes the cookie (needs `X-CSRF-Token`).
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses(
        (status = 204, description = "Signed out"),
        (status = 403, description = "CSRF token missing or wrong", content_type = "application/problem+json")))]
pub async fn logout(
    State(state): State<AppState>,
    method: AuthMethod,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let clear = sign_out(&state, &method, &headers).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Some(cookie) = clear {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}
