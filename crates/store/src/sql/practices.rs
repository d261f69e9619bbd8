//! The SQL of Praxisbeispiele and exchange requests, shared by both backends: `practices_impl!`
//! expands to the [`crate::PracticeStore`] implementation for one backend. Every write has its
//! audit entry and its bump of `exchange_version` in the same transaction. A state change reads
//! the current state, then updates only where the row is still in it: of two reviewers acting at
//! once exactly one changes the row, the other gets `InvalidState`.

pub(crate) use super::practice_rows::{PRACTICE_SELECT, PracticeRow, REQUEST_SELECT, RequestRow};

macro_rules! practices_impl {
    ($store:ident, $db:ty, $ts:path) => {
        impl $store {
            async fn practice_in<'c, E>(executor: E, id: i64) -> Result<Option<$crate::practices::Practice>, $crate::StoreError>
            where
                E: sqlx::Executor<'c, Database = $db>,
            {
                let sql = format!("{} WHERE id = $1", $crate::sql::practices::PRACTICE_SELECT);
                sqlx::query_as::<_, $crate::sql::practices::PracticeRow>(&sql)
                    .bind(id)
                    .fetch_optional(executor)
                    .await?
                    .map(TryInto::try_into)
                    .transpose()
            }

            async fn request_in<'c, E>(executor: E, id: i64) -> Result<Option<$crate::practices::ExchangeRequest>, $crate::StoreError>
            where
                E: sqlx::Executor<'c, Database = $db>,
            {
                let sql = format!("{} WHERE id = $1", $crate::sql::practices::REQUEST_SELECT);
                sqlx::query_as::<_, $crate::sql::practices::RequestRow>(&sql)
                    .bind(id)
                    .fetch_optional(executor)
                    .await?
                    .map(TryInto::try_into)
                    .transpose()
            }

            /// `UnknownReference` unless the member is known.
            async fn member_known<'c, E>(executor: E, member: &vergleich_domain::Ags) -> Result<(), $crate::StoreError>
            where
                E: sqlx::Executor<'c, Database = $db>,
            {
                let found: Option<String> = sqlx::query_scalar("SELECT key FROM municipalities WHERE key = $1")
                    .bind(member.as_str())
                    .fetch_optional(executor)
                    .await?;
                match found {
                    Some(_) => Ok(()),
                    None => Err($crate::StoreError::UnknownReference {
                        what: "municipality",
                        key: member.as_str().to_owned(),
                    }),
                }
            }

            /// After an update that matched no row: the practice is missing, or in another state.
            async fn practice_refused<'c, E>(executor: E, id: i64, wanted: &'static str) -> $crate::StoreError
            where
                E: sqlx::Executor<'c, Database = $db>,
            {
                match Self::practice_in(executor, id).await {
                    Ok(None) => $crate::StoreError::NotFound(format!("practice {id}")),
                    Ok(Some(p)) => $crate::StoreError::InvalidState { upload: id, state: p.state.as_str().to_owned(), wanted },
                    Err(e) => e,
                }
            }

            /// After an update that matched no row: the request is missing, or in another state.
            async fn request_refused<'c, E>(executor: E, id: i64, wanted: &'static str) -> $crate::StoreError
            where
                E: sqlx::Executor<'c, Database = $db>,
            {
                match Self::request_in(executor, id).await {
                    Ok(None) => $crate::StoreError::NotFound(format!("request {id}")),
                    Ok(Some(r)) => $crate::StoreError::InvalidState { upload: id, state: r.state.as_str().to_owned(), wanted },
                    Err(e) => e,
                }
            }

            /// The end of every exchange write but the commit: its audit entry and the version bump.
            async fn exchange_written(
                tx: &mut sqlx::Transaction<'static, $db>,
                at: chrono::DateTime<chrono::Utc>,
                actor: &str,
                action: &str,
                subject: &str,
                detail: &str,
            ) -> Result<(), $crate::StoreError> {
                Self::insert_audit(&mut **tx, at, actor, action, subject, detail).await?;
                sqlx::query("UPDATE exchange_version SET n = n + 1 WHERE id = 1")
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }

            /// Audit, version bump, the practice as now stored, commit.
            async fn practice_written(
                mut tx: sqlx::Transaction<'static, $db>,
                at: chrono::DateTime<chrono::Utc>,
                actor: &str,
                action: &str,
                id: i64,
                detail: &str,
            ) -> Result<$crate::practices::Practice, $crate::StoreError> {
                Self::exchange_written(&mut tx, at, actor, action, &format!("practice:{id}"), detail).await?;
                let stored = Self::practice_in(&mut *tx, id).await?;
                tx.commit().await?;
                stored.ok_or_else(|| $crate::StoreError::NotFound(format!("practice {id}")))
            }

            /// Audit, version bump, the request as now stored, commit.
            async fn request_written(
                mut tx: sqlx::Transaction<'static, $db>,
                at: chrono::DateTime<chrono::Utc>,
                actor: &str,
                action: &str,
                id: i64,
                detail: &str,
            ) -> Result<$crate::practices::ExchangeRequest, $crate::StoreError> {
                Self::exchange_written(&mut tx, at, actor, action, &format!("request:{id}"), detail).await?;
                let stored = Self::request_in(&mut *tx, id).await?;
                tx.commit().await?;
                stored.ok_or_else(|| $crate::StoreError::NotFound(format!("request {id}")))
            }
        }

        #[async_trait::async_trait]
        impl $crate::PracticeStore for $store {
            async fn create_practice(
                &self,
                new: &$crate::practices::NewPractice,
                actor: &str,
            ) -> Result<$crate::practices::Practice, $crate::StoreError> {
                let at = $crate::sql::now();
                let content = serde_json::to_string(&new.content)
                    .map_err(|e| $crate::StoreError::Corrupt(e.to_string()))?;
                let published = new.state == vergleich_domain::exchange::PracticeState::Published;
                let mut tx = self.begin_write().await?;
                Self::member_known(&mut *tx, &new.municipality).await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO practices (municipality, state, title, content, synthetic, created_by, \
                     created_at, updated_at, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING id",
                )
                .bind(new.municipality.as_str())
                .bind(new.state.as_str())
                .bind(&new.content.title)
                .bind(&content)
                .bind(new.synthetic)
                .bind(actor)
                .bind($ts(at))
                .bind(published.then(|| $ts(at)))
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::error::from_sqlx)?;
                let detail = format!("{} {}: {}", new.municipality, new.state.as_str(), new.content.title);
                Self::practice_written(tx, at, actor, "practice.create", id, &detail).await
            }

            async fn practice(&self, id: i64) -> Result<Option<$crate::practices::Practice>, $crate::StoreError> {
                Self::practice_in(&self.pool, id).await
            }

            async fn practices(
                &self,
                filter: &$crate::practices::PracticeFilter,
            ) -> Result<Vec<$crate::practices::Practice>, $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new($crate::sql::practices::PRACTICE_SELECT);
                qb.push(" WHERE 1 = 1");
                if let Some(m) = &filter.municipality {
                    qb.push(" AND municipality = ").push_bind(m.as_str().to_owned());
                }
                if !filter.states.is_empty() {
                    qb.push(" AND state IN (");
                    let mut list = qb.separated(", ");
                    for s in &filter.states {
                        list.push_bind(s.as_str());
                    }
                    qb.push(")");
                }
                qb.push(" ORDER BY updated_at DESC, id DESC");
                qb.build_query_as::<$crate::sql::practices::PracticeRow>()
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn update_practice(
                &self,
                id: i64,
                content: &vergleich_domain::exchange::PracticeContent,
                actor: &str,
            ) -> Result<$crate::practices::Practice, $crate::StoreError> {
                let at = $crate::sql::now();
                let json = serde_json::to_string(content)
                    .map_err(|e| $crate::StoreError::Corrupt(e.to_string()))?;
                let mut tx = self.begin_write().await?;
                let Some(before) = Self::practice_in(&mut *tx, id).await? else {
                    return Err($crate::StoreError::NotFound(format!("practice {id}")));
                };
                if !before.state.editable() {
                    return Err($crate::StoreError::InvalidState {
                        upload: id,
                        state: before.state.as_str().to_owned(),
                        wanted: "draft",
                    });
                }
                let changed = sqlx::query(
                    "UPDATE practices SET state = 'draft', title = $1, content = $2, updated_at = $3 \
                     WHERE id = $4 AND state = $5",
                )
                .bind(&content.title)
                .bind(&json)
                .bind($ts(at))
                .bind(id)
                .bind(before.state.as_str())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Err(Self::practice_refused(&mut *tx, id, "draft").await);
                }
                let detail = format!("title: {} -> {}", before.content.title, content.title);
                Self::practice_written(tx, at, actor, "practice.update", id, &detail).await
            }

            async fn transition_practice(
                &self,
                step: &$crate::practices::PracticeTransition,
            ) -> Result<$crate::practices::Practice, $crate::StoreError> {
                use vergleich_domain::exchange::PracticeState;
                let at = $crate::sql::now();
                let id = step.id;
                let wanted = step.to.as_str();
                let mut tx = self.begin_write().await?;
                let Some(current) = Self::practice_in(&mut *tx, id).await? else {
                    return Err($crate::StoreError::NotFound(format!("practice {id}")));
                };
                let from = current.state.as_str();
                if !step.from.contains(&current.state) {
                    return Err($crate::StoreError::InvalidState { upload: id, state: from.to_owned(), wanted });
                }
                let mut qb = sqlx::QueryBuilder::<$db>::new("UPDATE practices SET state = ");
                qb.push_bind(wanted);
                qb.push(", updated_at = ").push_bind($ts(at));
                if step.to == PracticeState::Published {
                    qb.push(", published_at = ").push_bind($ts(at));
                }
                if matches!(step.to, PracticeState::Published | PracticeState::Rejected) {
                    qb.push(", reviewed_by = ").push_bind(step.actor.clone());
                    qb.push(", reviewed_at = ").push_bind($ts(at));
                    qb.push(", review_comment = ").push_bind(step.comment.clone());
                }
                // The state is checked again in the UPDATE itself: of two reviewers at once,
                // the second finds the row changed and is refused.
                qb.push(" WHERE id = ").push_bind(id);
                qb.push(" AND state = ").push_bind(from);
                if qb.build().execute(&mut *tx).await?.rows_affected() == 0 {
                    return Err(Self::practice_refused(&mut *tx, id, wanted).await);
                }
                let detail = match &step.comment {
                    Some(c) => format!("{from} -> {wanted}: {c}"),
                    None => format!("{from} -> {wanted}"),
                };
                let action = format!("practice.{wanted}");
                Self::practice_written(tx, at, &step.actor, &action, id, &detail).await
            }

            async fn create_request(
                &self,
                new: &$crate::practices::NewRequest,
                actor: &str,
            ) -> Result<$crate::practices::ExchangeRequest, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let Some(practice) = Self::practice_in(&mut *tx, new.practice_id).await? else {
                    return Err($crate::StoreError::NotFound(format!("practice {}", new.practice_id)));
                };
                Self::member_known(&mut *tx, &new.from_municipality).await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO exchange_requests (practice_id, practice_title, from_municipality, \
                     to_municipality, message, state, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, 'offen', $6, $7) RETURNING id",
                )
                .bind(practice.id)
                .bind(&practice.content.title)
                .bind(new.from_municipality.as_str())
                .bind(practice.municipality.as_str())
                .bind(&new.message)
                .bind(actor)
                .bind($ts(at))
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::error::from_sqlx)?;
                let detail = format!(
                    "{} -> {} about practice {}",
                    new.from_municipality, practice.municipality, practice.id
                );
                Self::request_written(tx, at, actor, "request.create", id, &detail).await
            }

            async fn request(&self, id: i64) -> Result<Option<$crate::practices::ExchangeRequest>, $crate::StoreError> {
                Self::request_in(&self.pool, id).await
            }

            async fn requests(
                &self,
                municipality: Option<&vergleich_domain::Ags>,
            ) -> Result<Vec<$crate::practices::ExchangeRequest>, $crate::StoreError> {
                let mut qb = sqlx::QueryBuilder::<$db>::new($crate::sql::practices::REQUEST_SELECT);
                if let Some(m) = municipality {
                    qb.push(" WHERE from_municipality = ").push_bind(m.as_str().to_owned());
                    qb.push(" OR to_municipality = ").push_bind(m.as_str().to_owned());
                }
                qb.push(" ORDER BY created_at DESC, id DESC");
                qb.build_query_as::<$crate::sql::practices::RequestRow>()
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn transition_request(
                &self,
                step: &$crate::practices::RequestTransition,
            ) -> Result<$crate::practices::ExchangeRequest, $crate::StoreError> {
                use vergleich_domain::exchange::RequestState;
                let at = $crate::sql::now();
                let id = step.id;
                let wanted = step.to.as_str();
                let mut tx = self.begin_write().await?;
                let Some(current) = Self::request_in(&mut *tx, id).await? else {
                    return Err($crate::StoreError::NotFound(format!("request {id}")));
                };
                let from = current.state.as_str();
                if !step.from.contains(&current.state) {
                    return Err($crate::StoreError::InvalidState { upload: id, state: from.to_owned(), wanted });
                }
                let mut qb = sqlx::QueryBuilder::<$db>::new("UPDATE exchange_requests SET state = ");
                qb.push_bind(wanted);
                match step.to {
                    RequestState::Beantwortet => {
                        qb.push(", answer = ").push_bind(step.answer.clone());
                        qb.push(", answered_by = ").push_bind(step.actor.clone());
                        qb.push(", answered_at = ").push_bind($ts(at));
                    }
                    RequestState::Erledigt => {
                        qb.push(", closed_by = ").push_bind(step.actor.clone());
                        qb.push(", closed_at = ").push_bind($ts(at));
                    }
                    RequestState::Offen => {}
                }
                qb.push(" WHERE id = ").push_bind(id);
                qb.push(" AND state = ").push_bind(from);
                if qb.build().execute(&mut *tx).await?.rows_affected() == 0 {
                    return Err(Self::request_refused(&mut *tx, id, wanted).await);
                }
                let detail = match &step.answer {
                    Some(a) => format!("{from} -> {wanted}: {a}"),
                    None => format!("{from} -> {wanted}"),
                };
                let action = format!("request.{wanted}");
                Self::request_written(tx, at, &step.actor, &action, id, &detail).await
            }

            async fn exchange_version(&self) -> Result<i64, $crate::StoreError> {
                Ok(sqlx::query_scalar("SELECT n FROM exchange_version WHERE id = 1")
                    .fetch_one(&self.pool)
                    .await?)
            }
        }
    };
}

pub(crate) use practices_impl;
