//! The SQL of ending access, shared by both backends: `accounts_impl!` expands to the
//! [`crate::AccountStore`] implementation for one backend. Every change writes its audit entry in
//! the same transaction.

macro_rules! accounts_impl {
    ($store:ident, $db:ty, $ts:path) => {
        #[async_trait::async_trait]
        impl $crate::AccountStore for $store {
            async fn tokens(&self, user_id: i64) -> Result<Vec<$crate::TokenInfo>, $crate::StoreError> {
                Ok(sqlx::query_as::<_, $crate::rows::TokenRow>(
                    "SELECT id, label, created_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id",
                )
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?
                .into_iter()
                .map(Into::into)
                .collect())
            }

            async fn revoke_tokens(
                &self,
                user_id: i64,
                which: &$crate::TokenSelector,
                actor: &str,
            ) -> Result<u64, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let mut qb = sqlx::QueryBuilder::<$db>::new("UPDATE api_tokens SET revoked_at = ");
                qb.push_bind($ts(at));
                qb.push(" WHERE revoked_at IS NULL AND user_id = ").push_bind(user_id);
                let detail = match which {
                    $crate::TokenSelector::Id(id) => {
                        qb.push(" AND id = ").push_bind(*id);
                        format!("id {id}")
                    }
                    $crate::TokenSelector::Label(label) => {
                        qb.push(" AND label = ").push_bind(label.clone());
                        format!("label {label}")
                    }
                    $crate::TokenSelector::All => "all".to_owned(),
                };
                let revoked = qb.build().execute(&mut *tx).await?.rows_affected();
                if revoked > 0 {
                    Self::insert_audit(
                        &mut tx, at, actor, "token.revoked", &format!("user_id/{user_id}"),
                        &format!("{detail}: {revoked} revoked"),
                    ).await?;
                }
                tx.commit().await?;
                Ok(revoked)
            }

            async fn set_disabled(
                &self,
                user_id: i64,
                disabled: bool,
                actor: &str,
            ) -> Result<u64, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let changed = sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
                    .bind(disabled.then(|| $ts(at)))
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if changed != 1 {
                    return Err($crate::StoreError::NotFound(format!("user {user_id}")));
                }
                let (ended, action) = if disabled {
                    (Self::end_user_sessions(&mut tx, user_id, at).await?, "user.disabled")
                } else {
                    (0, "user.enabled")
                };
                Self::insert_audit(
                    &mut tx, at, actor, action, &format!("user_id/{user_id}"),
                    &format!("{ended} sessions ended"),
                ).await?;
                tx.commit().await?;
                Ok(ended)
            }

            async fn is_disabled(&self, user_id: i64) -> Result<bool, $crate::StoreError> {
                let disabled: Option<bool> =
                    sqlx::query_scalar("SELECT disabled_at IS NOT NULL FROM users WHERE id = $1")
                        .bind(user_id)
                        .fetch_optional(&self.pool)
                        .await?;
                disabled.ok_or_else(|| $crate::StoreError::NotFound(format!("user {user_id}")))
            }

            async fn record(
                &self,
                actor: &str,
                action: &str,
                subject: &str,
                detail: &str,
            ) -> Result<(), $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                Self::insert_audit(&mut tx, at, actor, action, subject, detail).await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
}

pub(crate) use accounts_impl;
