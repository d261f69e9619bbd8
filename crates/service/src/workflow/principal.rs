//! Who a request or command acts as, and the secrets that prove it. Every authorization
//! decision starts from a [`Principal`]; the edge only finds out which one it is (bearer token
//! or session cookie) and hands it here.

use std::fmt::Write;

use rand::TryRngCore;
use vergleich_domain::Role;
use vergleich_store::{User, Visibility};

use crate::error::{Error, ErrorCode, Result};

/// Who a request acts as.
#[derive(Debug, Clone, PartialEq)]
pub enum Principal {
    /// No credentials: reads published data only.
    Anonymous,
    /// A signed-in user (API token or browser session).
    User(User),
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
    pub fn require(&self, roles: &[Role], what_de: &str, what_en: &str) -> Result<&User> {
        match self.user() {
            None => Err(unauthenticated()),
            Some(user) if roles.contains(&user.role) => Ok(user),
            Some(_) => Err(Error::forbidden(what_de, what_en)),
        }
    }

    /// Whether this principal sees a member's work in progress (draft concepts, self-check
    /// rounds in work): the member's own users, managers and admins.
    pub fn insider(&self, member: &vergleich_domain::Ags) -> bool {
        self.user()
            .is_some_and(|u| u.role.sees_unpublished() || u.municipality.as_ref() == Some(member))
    }

    /// Whether this principal is a municipality user of `member` (who edits its concept and
    /// fills in its self-check).
    pub fn member_user(&self, member: &vergleich_domain::Ags) -> bool {
        self.user().is_some_and(|u| {
            u.role == Role::Municipality && u.municipality.as_ref() == Some(member)
        })
    }

    /// The name provenance and the audit log record (`user:NAME`).
    pub fn actor(&self) -> String {
        self.user()
            .map_or_else(|| "anonymous".to_owned(), |u| format!("user:{}", u.name))
    }
}

/// 401: no or no valid credentials.
pub fn unauthenticated() -> Error {
    Error::new(
        ErrorCode::Unauthenticated,
        "Bitte anmelden oder ein gültiges API-Token senden (Authorization: Bearer …).",
        "Please sign in or send a valid API token (Authorization: Bearer …).",
    )
}

/// A new secret (API token or session id): `vgl_` and 64 hex digits from the operating
/// system's random source.
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

/// SHA-256 of a presented secret (token or session id), the only form the database holds.
pub fn secret_hash(secret: &str) -> String {
    vergleich_store::sha256_hex(secret.as_bytes())
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
