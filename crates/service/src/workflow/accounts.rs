//! Accounts: users with a role (a municipality user is bound to one member, no one else is),
//! their passwords and their API tokens, and ending access: a new password ends the user's
//! sessions, a disabled user's tokens and sessions stop working at once, a token can be revoked.
//! The command line calls these; the rules are here so a future admin page follows the same ones.

use vergleich_domain::{Ags, Role};
use vergleich_store::{NewUser, StoreError, TokenInfo, TokenSelector, User};

use super::{Workflow, new_token, password, secret_hash};
use crate::error::{Error, ErrorCode, Result};

impl Workflow<'_> {
    /// Creates a user. A municipality user needs a member; other roles must not have one.
    pub async fn add_user(
        &self,
        name: &str,
        role: Role,
        municipality: Option<Ags>,
    ) -> Result<User> {
        match (role, &municipality) {
            (Role::Municipality, None) => {
                return Err(Error::new(
                    ErrorCode::InvalidParameter,
                    "Ein Kommunen-Konto braucht --municipality KEY (die Kommune).",
                    "A municipality user needs --municipality KEY (its member).",
                ));
            }
            (Role::Manager | Role::Staff | Role::Admin, Some(_)) => {
                return Err(Error::new(
                    ErrorCode::InvalidParameter,
                    "Nur ein Kommunen-Konto gehört zu einer Kommune: --municipality weglassen.",
                    "Only a municipality user is bound to a member: leave out --municipality.",
                ));
            }
            _ => {}
        }
        let new = NewUser {
            name: name.to_owned(),
            role,
            municipality,
        };
        match self.store.create_user(&new).await {
            Err(StoreError::Conflict(_)) => Err(Error::new(
                ErrorCode::Conflict,
                format!("Ein Konto „{name}“ gibt es schon."),
                format!("A user named \"{name}\" exists already."),
            )),
            other => Ok(other?),
        }
    }

    /// Sets a user's password (argon2id, off the async workers) and ends the user's sessions in
    /// the same transaction (whoever signed in with the old one is out); `actor` goes into the
    /// audit log.
    pub async fn set_password(&self, name: &str, password: String, actor: &str) -> Result<User> {
        let hash = self
            .work
            .run(move || password::hash(&password))
            .await
            .map_err(Error::internal)?
            .map_err(|e| match e {
                password::PasswordError::Hash(_) => Error::internal(e),
                _ => Error::new(
                    ErrorCode::InvalidParameter,
                    format!(
                        "Das Passwort braucht mindestens {} und höchstens {} Zeichen.",
                        password::MIN_LENGTH,
                        password::MAX_LENGTH
                    ),
                    format!(
                        "The password needs at least {} and at most {} characters.",
                        password::MIN_LENGTH,
                        password::MAX_LENGTH
                    ),
                ),
            })?;
        let user = self.user(name).await?;
        self.store.set_password(user.id, &hash, actor).await?;
        Ok(user)
    }

    /// A new API token for a user: returned once, only its SHA-256 is stored.
    pub async fn create_token(&self, name: &str, label: &str) -> Result<String> {
        let user = self.user(name).await?;
        let token = new_token();
        self.store
            .create_token(user.id, &secret_hash(&token), label)
            .await?;
        Ok(token)
    }

    /// Disables a user (their API tokens stop working and their sessions end, at once; signing
    /// in is refused) or enables them again (their tokens work again). How many sessions ended.
    pub async fn set_disabled(&self, name: &str, disabled: bool, actor: &str) -> Result<u64> {
        let user = self.user(name).await?;
        Ok(self.store.set_disabled(user.id, disabled, actor).await?)
    }

    /// Whether the user is disabled.
    pub async fn is_disabled(&self, name: &str) -> Result<bool> {
        let user = self.user(name).await?;
        Ok(self.store.is_disabled(user.id).await?)
    }

    /// A user's API tokens (id, label, created, revoked), oldest first.
    pub async fn tokens(&self, name: &str) -> Result<Vec<TokenInfo>> {
        let user = self.user(name).await?;
        Ok(self.store.tokens(user.id).await?)
    }

    /// Revokes a user's live tokens chosen by id, label or all; how many. None matching is 404.
    pub async fn revoke_tokens(
        &self,
        name: &str,
        which: &TokenSelector,
        actor: &str,
    ) -> Result<u64> {
        let user = self.user(name).await?;
        match self.store.revoke_tokens(user.id, which, actor).await? {
            0 => Err(Error::new(
                ErrorCode::NotFound,
                format!("„{name}“ hat kein gültiges API-Token, das passt."),
                format!("\"{name}\" has no live API token that matches."),
            )),
            n => Ok(n),
        }
    }

    async fn user(&self, name: &str) -> Result<User> {
        self.store.user_by_name(name).await?.ok_or_else(|| {
            Error::new(
                ErrorCode::NotFound,
                format!("Es gibt kein Konto „{name}“."),
                format!("No user named \"{name}\"."),
            )
        })
    }
}
