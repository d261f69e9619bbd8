//! Signing in and out, and who a presented secret belongs to. The edge carries the secrets
//! (bearer header, session cookie); the rules are here: argon2id for passwords with the same
//! cost for an unknown name, random 256-bit session ids and CSRF tokens, only SHA-256 hashes
//! in the database, and sessions that expire.

use chrono::{DateTime, Utc};
use vergleich_store::{NewSession, Session, User};

use super::{Workflow, new_token, password, secret_hash};
use crate::error::Result;

/// A new session: its user, the secret id for the cookie (shown once, stored as SHA-256), its
/// CSRF token and expiry.
#[derive(Debug)]
pub struct SignedIn {
    pub user: User,
    pub session_id: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

impl Workflow<'_> {
    /// Checks name and password and opens a session; `None` for a wrong name or password (both
    /// cost the same argon2id work, off the async workers).
    pub async fn sign_in(&self, name: &str, password: String) -> Result<Option<SignedIn>> {
        let (user, stored) = match self.store.password_hash(name).await? {
            Some((user, hash)) => (Some(user), hash),
            None => (None, None),
        };
        let ok = self
            .work
            .run(move || password::verify(&password, stored.as_deref()))
            .await
            .unwrap_or(false);
        let Some(user) = user.filter(|_| ok) else {
            tracing::info!("sign-in refused");
            return Ok(None);
        };
        let session_id = new_token();
        let csrf_token = new_token();
        let expires_at = Utc::now() + chrono::Duration::minutes(i64::from(self.session_minutes));
        self.store
            .create_session(&NewSession {
                id_hash: secret_hash(&session_id),
                user_id: user.id,
                csrf_token: csrf_token.clone(),
                expires_at,
            })
            .await?;
        tracing::info!(user = %user.name, "signed in");
        Ok(Some(SignedIn {
            user,
            session_id,
            csrf_token,
            expires_at,
        }))
    }

    /// Ends the session with this id (an unknown or expired one is already ended).
    pub async fn sign_out(&self, session_id: &str) -> Result<()> {
        Ok(self.store.end_session(&secret_hash(session_id)).await?)
    }

    /// The user an API token belongs to, if it is a live token.
    pub async fn token_user(&self, token: &str) -> Result<Option<User>> {
        Ok(self.store.user_by_token(&secret_hash(token)).await?)
    }

    /// The live session with this id, if any.
    pub async fn session(&self, session_id: &str) -> Result<Option<Session>> {
        Ok(self.store.session(&secret_hash(session_id)).await?)
    }
}
