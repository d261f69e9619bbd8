//! Authentication: API tokens (random, 256 bits, shown once, stored as SHA-256), browser sessions
//! (argon2id passwords, a random session id in an HttpOnly cookie, stored as SHA-256, with a CSRF
//! token): this module finds out which principal a request acts as. What a principal may do is
//! decided in one place, `vergleich_service::workflow`.

pub mod cli;
pub mod session;

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;

/// Who a request acts as, and the secrets' rules, are the application layer's.
pub use vergleich_service::workflow::{Principal, new_token, password, secret_hash};

use crate::error::AppError;
use crate::state::AppState;

/// How the principal of a request signed in; a session carries its CSRF token.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthMethod {
    Anonymous,
    Token,
    Session { csrf_token: String },
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Ok(Authenticated::from_request_parts(parts, state).await?.0)
    }
}

impl FromRequestParts<AppState> for AuthMethod {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Ok(Authenticated::from_request_parts(parts, state).await?.1)
    }
}

/// The principal and how it signed in, extracted once per request and cached.
#[derive(Debug, Clone)]
struct Authenticated(Principal, AuthMethod);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(done) = parts.extensions.get::<Authenticated>() {
            return Ok(done.clone());
        }
        let done = authenticate(parts, state).await?;
        // Every cookie-authenticated state change needs the CSRF token (see `check_csrf`).
        if let AuthMethod::Session { csrf_token } = &done.1
            && !parts.method.is_safe()
        {
            session::check_csrf(parts, csrf_token)?;
        }
        parts.extensions.insert(done.clone());
        Ok(done)
    }
}

/// Bearer token first, then the session cookie. A request that presents a token that does not
/// check out is refused (401), never treated as anonymous; a stale session cookie (expired,
/// signed out) is simply no session.
async fn authenticate(parts: &Parts, state: &AppState) -> Result<Authenticated, AppError> {
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(AppError::unauthenticated)?;
        return match state.workflow().token_user(token).await? {
            Some(user) => Ok(Authenticated(Principal::User(user), AuthMethod::Token)),
            None => Err(AppError::unauthenticated()),
        };
    }
    if let Some(id) = session::cookie_value(&parts.headers)
        && let Some(live) = state.workflow().session(&id).await?
    {
        return Ok(Authenticated(
            Principal::User(live.user),
            AuthMethod::Session {
                csrf_token: live.csrf_token,
            },
        ));
    }
    Ok(Authenticated(Principal::Anonymous, AuthMethod::Anonymous))
}

/// The client's address as the server saw it (`None` when the router is called without a
/// socket, as in tests); the service does not read `X-Forwarded-For`.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<IpAddr>);

impl ClientAddress {
    pub fn of(parts: &axum::http::Extensions) -> Self {
        Self(
            parts
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip()),
        )
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::of(&parts.extensions))
    }
}
