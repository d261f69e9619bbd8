//! Signing in and out, and who a presented secret belongs to. The edge carries the secrets
//! (bearer header, session cookie) and the client's address; the rules are here: argon2id for
//! passwords with the same cost for an unknown name, a per-name throttle with a doubling lock
//! (`throttle`), every refused sign-in in the audit log (name, address, time), random 256-bit
//! session ids and CSRF tokens, only SHA-256 hashes in the database, and sessions that end after
//! `session_minutes` without a request and at the latest `session_max_minutes` after signing in.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use vergleich_store::{NewSession, Session, User};

use super::{Workflow, new_token, password, secret_hash, throttle};
use crate::error::{Error, ErrorCode, Result};

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
    /// cost the same argon2id work, off the async workers). A name locked by the throttle is
    /// refused at once with 429 `rate-limited` (`retry_after` in seconds as an extension), its
    /// password unchecked. `from` is the client's address, for the audit entry of a refusal.
    pub async fn sign_in(
        &self,
        name: &str,
        password: String,
        from: Option<IpAddr>,
    ) -> Result<Option<SignedIn>> {
        if let Err(wait) = self.sign_ins.check(name) {
            tracing::info!("sign-in refused: name locked");
            return Err(locked(wait));
        }
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
            let lock = self.sign_ins.failed(name);
            self.record_refusal(name, from, lock).await?;
            return Ok(None);
        };
        self.sign_ins.succeeded(name);
        let session_id = new_token();
        let csrf_token = new_token();
        let expires_at =
            Utc::now() + chrono::Duration::minutes(i64::from(self.session_max_minutes));
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

    /// The live session with this id, if any: used within the last `session_minutes`, not past
    /// its absolute expiry, its user not disabled. Finding it counts as activity.
    pub async fn session(&self, session_id: &str) -> Result<Option<Session>> {
        let idle_since = Utc::now() - chrono::Duration::minutes(i64::from(self.session_minutes));
        Ok(self
            .store
            .session(&secret_hash(session_id), idle_since)
            .await?)
    }

    /// The audit entry of a refused sign-in: the name tried (cut to the throttle's length), the
    /// address and, when it starts one, the lock.
    async fn record_refusal(
        &self,
        name: &str,
        from: Option<IpAddr>,
        lock: Option<std::time::Duration>,
    ) -> Result<()> {
        let name: String = name.chars().take(throttle::NAME_CHARS).collect();
        let address = from.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
        let detail = match lock {
            Some(wait) => format!(
                "from {address}; name locked for {} s",
                wait.as_secs().max(1)
            ),
            None => format!("from {address}"),
        };
        Ok(self
            .store
            .record(
                &format!("address/{address}"),
                "session.refused",
                &format!("user/{name}"),
                &detail,
            )
            .await?)
    }
}

/// 429 for a locked name, with the seconds to wait.
fn locked(wait: std::time::Duration) -> Error {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    Error::new(
        ErrorCode::RateLimited,
        format!(
            "Zu viele falsche Passwörter für diesen Namen. Bitte in {seconds} s erneut versuchen."
        ),
        format!("Too many wrong passwords for this name. Please retry in {seconds} s."),
    )
    .with_extension("retry_after", serde_json::json!(seconds))
}
