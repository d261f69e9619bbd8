//! Authentication: API tokens (random, 256 bits, shown once, stored as SHA-256), browser sessions
//! (argon2id passwords, a random session id in an HttpOnly cookie, stored as SHA-256, with a CSRF
//! token) and the principal a request acts as. Authorization decisions are made in one place,
//! from the principal.

pub mod password;
pub mod session;

use std::fmt::Write;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use rand::TryRngCore;
use vergleich_domain::Role;
use vergleich_store::{User, Visibility};

use crate::error::AppError;
use crate::state::AppState;

/// A new API token: `vgl_` and 64 hex digits from the operating system's random source.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    // The OS random source failing is not recoverable; an all-zero token must never be issued.
    if rand::rngs::OsRng.try_fill_bytes(&mut bytes).is_err() {
        std::process::abort();
    }
    let mut token = String::with_capacity(68);
    token.push_str("vgl_");
    for b in bytes {
        let _ = write!(token, "{b:02x}");
    }
    token
}

/// Who a request acts as. Every authorization decision starts here.
#[derive(Debug, Clone, PartialEq)]
pub enum Principal {
    /// No credentials: reads published data only.
    Anonymous,
    /// A signed-in user (API token or browser session).
    User(User),
}

/// How the principal of a request signed in; a session carries its CSRF token.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthMethod {
    Anonymous,
    Token,
    Session { csrf_token: String },
}

impl Principal {
    pub fn user(&self) -> Option<&User> {
        match self {
            Self::Anonymous => None,
            Self::User(user) => Some(user),
        }
    }

    pub fn role(&self) -> Option<Role> {
        self.user().map(|u| u.role)
    }

    /// Which data this principal may read: published data, plus its own member's at every
    /// stage, plus everything for managers and admins.
    pub fn visibility(&self) -> Visibility {
        match self.user() {
            None => Visibility::Published,
            Some(u) if u.role.sees_unpublished() => Visibility::Everything,
            Some(User {
                municipality: Some(member),
                ..
            }) => Visibility::PublishedOrOwn(member.clone()),
            Some(_) => Visibility::Published,
        }
    }

    /// What a comparison reads: published data, the state every reader shares; with `preview`
    /// also the unpublished data this principal may see (its own drafts and submissions; all
    /// unreviewed data for managers and admins).
    pub fn reading(&self, preview: bool) -> Visibility {
        if preview {
            self.visibility()
        } else {
            Visibility::Published
        }
    }

    /// The signed-in user if their role is one of `roles`: 401 when anonymous, 403 otherwise.
    pub fn require(&self, roles: &[Role], what_de: &str, what_en: &str) -> Result<&User, AppError> {
        match self.user() {
            None => Err(AppError::unauthenticated()),
            Some(user) if roles.contains(&user.role) => Ok(user),
            Some(_) => Err(AppError::forbidden(what_de, what_en)),
        }
    }

    /// The name provenance and the audit log record (`user:NAME`).
    pub fn actor(&self) -> String {
        self.user()
            .map_or_else(|| "anonymous".to_owned(), |u| format!("user:{}", u.name))
    }
}

/// SHA-256 of a presented secret (token or session id), the only form the database holds.
pub fn secret_hash(secret: &str) -> String {
    vergleich_store::sha256_hex(secret.as_bytes())
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
        return match state.store.user_by_token(&secret_hash(token)).await? {
            Some(user) => Ok(Authenticated(Principal::User(user), AuthMethod::Token)),
            None => Err(AppError::unauthenticated()),
        };
    }
    if let Some(id) = session::cookie_value(&parts.headers)
        && let Some(live) = state.store.session(&secret_hash(&id)).await?
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_256_random_bits_and_differ() {
        let a = new_token();
        let b = new_token();
        assert_eq!(a.len(), 4 + 64);
        assert!(a.starts_with("vgl_") && a[4..].bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
