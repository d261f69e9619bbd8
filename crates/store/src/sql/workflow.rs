//! The SQL of the review workflow and of browser sign-in, shared by both backends:
//! `workflow_impl!` expands to the [`crate::WorkflowStore`] implementation for one backend.
//! Every state change and every sign-in writes its audit entry in the same transaction.

macro_rules! workflow_impl {
    ($store:ident, $db:ty, $ts:path) => {
        #[async_trait::async_trait]
        impl $crate::WorkflowStore for $store {
            async fn uploads(
                &self,
                filter: &$crate::UploadFilter,
            ) -> Result<Vec<$crate::UploadRecord>, $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new($crate::sql::UPLOAD_SELECT);
                qb.push(" WHERE 1 = 1");
                if let Some(m) = &filter.municipality {
                    qb.push(" AND u.municipality = ").push_bind(m.as_str().to_owned());
                }
                if !filter.states.is_empty() {
                    qb.push(" AND u.state IN (");
                    let mut list = qb.separated(", ");
                    for s in &filter.states {
                        list.push_bind(s.as_str());
                    }
                    qb.push(")");
                }
                if filter.exclude_synthetic {
                    qb.push(" AND NOT u.synthetic");
                }
                qb.push(" ORDER BY u.id DESC LIMIT ")
                    .push_bind(filter.limit)
                    .push(" OFFSET ")
                    // SQLite adds LIMIT and OFFSET: past i64 it would ignore the offset.
                    .push_bind(filter.offset.min(i64::MAX - filter.limit.max(0)));
                qb.build_query_as::<$crate::rows::UploadRow>()
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn transition(
                &self,
                t: &$crate::Transition,
            ) -> Result<$crate::UploadRecord, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let current: Option<String> = sqlx::query_scalar("SELECT state FROM uploads WHERE id = $1")
                    .bind(t.upload.0)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some(current) = current else {
                    return Err($crate::StoreError::NotFound(format!("upload {}", t.upload.0)));
                };
                if !t.from.iter().any(|s| s.as_str() == current) {
                    return Err($crate::StoreError::InvalidState {
                        upload: t.upload.0,
                        state: current,
                        wanted: t.to.as_str(),
                    });
                }
                let mut qb = sqlx::QueryBuilder::<$db>::new("UPDATE uploads SET state = ");
                qb.push_bind(t.to.as_str());
                match t.to {
                    vergleich_domain::UploadState::Submitted => {
                        qb.push(", submitted_at = ").push_bind($ts(at));
                    }
                    vergleich_domain::UploadState::Published | vergleich_domain::UploadState::Rejected => {
                        if t.to == vergleich_domain::UploadState::Published {
                            qb.push(", published_at = ").push_bind($ts(at));
                        }
                        qb.push(", reviewed_by = ").push_bind(t.actor.clone());
                        qb.push(", reviewed_at = ").push_bind($ts(at));
                        qb.push(", review_comment = ").push_bind(t.comment.clone());
                    }
                    vergleich_domain::UploadState::Draft => {}
                }
                // The state is checked again in the UPDATE itself: two reviewers at once cannot
                // both succeed.
                qb.push(" WHERE id = ").push_bind(t.upload.0);
                qb.push(" AND state = ").push_bind(current.clone());
                let changed = qb.build().execute(&mut *tx).await?.rows_affected();
                if changed != 1 {
                    return Err($crate::StoreError::InvalidState {
                        upload: t.upload.0,
                        state: current,
                        wanted: t.to.as_str(),
                    });
                }
                let detail = match &t.comment {
                    Some(c) => format!("{current} -> {}: {c}", t.to.as_str()),
                    None => format!("{current} -> {}", t.to.as_str()),
                };
                let action = format!("upload.{}", t.to.as_str());
                Self::insert_audit(&mut tx, at, &t.actor, &action, &format!("upload/{}", t.upload.0), &detail).await?;
                tx.commit().await?;
                $crate::Store::upload(self, t.upload)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("upload {}", t.upload.0)))
            }

            async fn upload_observations(
                &self,
                id: vergleich_domain::UploadId,
            ) -> Result<Vec<$crate::StoredObservation>, $crate::StoreError> {
                let sql = format!(
                    "SELECT {} FROM observations o JOIN uploads u ON u.id = o.upload_id \
                     WHERE o.upload_id = $1 ORDER BY o.municipality, o.indicator, o.period, o.version",
                    $crate::sql::OBSERVATION_COLUMNS
                );
                sqlx::query_as::<_, $crate::rows::ObservationRow>(&sql)
                    .bind(id.0)
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn set_password(
                &self,
                user_id: i64,
                password_hash: &str,
                actor: &str,
            ) -> Result<(), $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let changed = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                    .bind(password_hash)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if changed != 1 {
                    return Err($crate::StoreError::NotFound(format!("user {user_id}")));
                }
                // Whoever knew the old password is signed out.
                let ended = Self::end_user_sessions(&mut tx, user_id, at).await?;
                Self::insert_audit(
                    &mut tx, at, actor, "user.password_set", &format!("user_id/{user_id}"),
                    &format!("{ended} sessions ended"),
                ).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn password_hash(
                &self,
                name: &str,
            ) -> Result<Option<($crate::User, Option<String>)>, $crate::StoreError> {
                let row: Option<($crate::rows::UserRow, Option<String>)> = sqlx::query_as::<_, $crate::rows::UserPasswordRow>(
                    "SELECT id, name, role, municipality, created_at, password_hash FROM users \
                     WHERE name = $1 AND disabled_at IS NULL",
                )
                .bind(name)
                .fetch_optional(&self.pool)
                .await?
                .map(Into::into);
                row.map(|(user, hash)| Ok((user.try_into()?, hash))).transpose()
            }

            async fn create_session(&self, s: &$crate::NewSession) -> Result<(), $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                sqlx::query(
                    "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(&s.id_hash)
                .bind(s.user_id)
                .bind(&s.csrf_token)
                .bind($ts(at))
                .bind($ts(s.expires_at))
                .execute(&mut *tx)
                .await
                .map_err($crate::error::from_sqlx)?;
                Self::insert_audit(&mut tx, at, &format!("user_id/{}", s.user_id), "session.created", &format!("user_id/{}", s.user_id), "").await?;
                tx.commit().await?;
                Ok(())
            }

            async fn session(
                &self,
                id_hash: &str,
                idle_since: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<$crate::Session>, $crate::StoreError> {
                let now = $crate::sql::now();
                let row = sqlx::query_as::<_, $crate::rows::SessionRow>(
                    "SELECT u.id, u.name, u.role, u.municipality, u.created_at, s.csrf_token, s.expires_at, \
                     COALESCE(s.last_seen_at, s.created_at) AS last_seen_at \
                     FROM sessions s JOIN users u ON u.id = s.user_id \
                     WHERE s.id_hash = $1 AND s.ended_at IS NULL AND s.expires_at > $2 \
                     AND COALESCE(s.last_seen_at, s.created_at) > $3 AND u.disabled_at IS NULL",
                )
                .bind(id_hash)
                .bind($ts(now))
                .bind($ts(idle_since))
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                if now - row.last_seen_at >= chrono::Duration::seconds($crate::SESSION_TOUCH_SECONDS) {
                    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
                        .bind($ts(now))
                        .bind(id_hash)
                        .execute(&self.pool)
                        .await?;
                }
                row.try_into().map(Some)
            }

            async fn end_session(&self, id_hash: &str) -> Result<(), $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let user: Option<i64> = sqlx::query_scalar(
                    "UPDATE sessions SET ended_at = $1 WHERE id_hash = $2 AND ended_at IS NULL RETURNING user_id",
                )
                .bind($ts(at))
                .bind(id_hash)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(user) = user {
                    Self::insert_audit(&mut tx, at, &format!("user_id/{user}"), "session.ended", &format!("user_id/{user}"), "").await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn data_version(&self) -> Result<i64, $crate::StoreError> {
                // Uploads, review steps, the demo load and catalogue changes. The condition is the
                // partial index's (`audit_log_data_changes`, migrations 0017), word for word.
                let newest: Option<i64> = sqlx::query_scalar(
                    "SELECT MAX(id) FROM audit_log \
                     WHERE action LIKE 'upload.%' OR action = 'demo.loaded' OR action LIKE 'catalogue.%' \
                        OR action LIKE 'release.%'",
                )
                    .fetch_one(self.reads())
                    .await?;
                Ok(newest.unwrap_or(0))
            }
        }
    };
}

pub(crate) use workflow_impl;
