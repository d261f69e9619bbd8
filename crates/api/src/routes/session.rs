//! Sign-in for browsers and scripts: `POST /api/v1/session` (name and password → session cookie
//! and CSRF token), `GET /api/v1/session` (who am I), `DELETE /api/v1/session` (sign out).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vergleich_domain::Role;

use crate::auth::{AuthMethod, ClientAddress, Principal, session};
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
        (status = 429, description = "Too many wrong passwords for this name: locked for `Retry-After` seconds", content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", content_type = "application/problem+json")))]
pub async fn login(
    State(state): State<AppState>,
    from: ClientAddress,
    ApiJson(login): ApiJson<Login>,
) -> Result<Response, AppError> {
    let (signed_in, cookie) = session::open(&state, &login.name, login.password, from)
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
    if let Some(cookie) = cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
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
    let clear = session::close(&state, &method, &headers).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Some(cookie) = clear {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}
