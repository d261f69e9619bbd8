//! The SQL of Selbstcheck workshops, shared by both backends: `workshops_impl!` expands to the
//! [`crate::WorkshopStore`] implementation for one backend. A ballot is checked (workshop open,
//! round not published, the cap) and written inside one transaction.

pub(crate) use super::workshop_rows::{OutcomeRow, RatingRow, WORKSHOP_SELECT, WorkshopRow};

macro_rules! workshops_impl {
    ($store:ident, $db:ty, $ts:path) => {
        impl $store {
            async fn workshop_where<'c, E>(
                executor: E,
                condition: &str,
                value: &str,
            ) -> Result<Option<$crate::workshops::Workshop>, $crate::StoreError>
            where
                E: sqlx::Executor<'c, Database = $db>,
            {
                let sql = format!("{} WHERE {condition}", $crate::sql::workshops::WORKSHOP_SELECT);
                sqlx::query_as::<_, $crate::sql::workshops::WorkshopRow>(&sql)
                    .bind(value)
                    .fetch_optional(executor)
                    .await?
                    .map(TryInto::try_into)
                    .transpose()
            }

            async fn workshop_in<'c, E>(executor: E, id: i64) -> Result<Option<$crate::workshops::Workshop>, $crate::StoreError>
            where
                E: sqlx::Executor<'c, Database = $db>,
            {
                let sql = format!("{} WHERE w.id = $1", $crate::sql::workshops::WORKSHOP_SELECT);
                sqlx::query_as::<_, $crate::sql::workshops::WorkshopRow>(&sql)
                    .bind(id)
                    .fetch_optional(executor)
                    .await?
                    .map(TryInto::try_into)
                    .transpose()
            }

            async fn ratings_in<'c, E>(executor: E, condition: &str, value: i64) -> Result<Vec<$crate::workshops::StoredRating>, $crate::StoreError>
            where
                E: sqlx::Executor<'c, Database = $db>,
            {
                let sql = format!(
                    "SELECT t.ballot_id, b.perspective, t.field, t.answer, t.comment, t.need \
                     FROM selfcheck_ballot_ratings t JOIN selfcheck_ballots b ON b.id = t.ballot_id \
                     WHERE {condition} ORDER BY t.ballot_id, t.field"
                );
                sqlx::query_as::<_, $crate::sql::workshops::RatingRow>(&sql)
                    .bind(value)
                    .fetch_all(executor)
                    .await?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }
        }

        #[async_trait::async_trait]
        impl $crate::WorkshopStore for $store {
            async fn create_workshop(
                &self,
                new: &$crate::workshops::NewWorkshop,
                actor: &str,
            ) -> Result<$crate::workshops::Workshop, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                if Self::round_in(&mut *tx, new.round_id).await?.is_none() {
                    return Err($crate::StoreError::NotFound(format!("selfcheck round {}", new.round_id)));
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO selfcheck_workshops (round_id, code, title, state, created_by, created_at) \
                     VALUES ($1, $2, $3, 'open', $4, $5) RETURNING id",
                )
                .bind(new.round_id)
                .bind(new.code.as_str())
                .bind(&new.title)
                .bind(actor)
                .bind($ts(at))
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::error::from_sqlx)?;
                let detail = format!("round {}: {}", new.round_id, new.title);
                Self::insert_audit(&mut tx, at, actor, "selfcheck.workshop_opened", &format!("selfcheck_workshop/{id}"), &detail).await?;
                let workshop = Self::workshop_in(&mut *tx, id).await?;
                tx.commit().await?;
                workshop.ok_or_else(|| $crate::StoreError::NotFound(format!("workshop {id}")))
            }

            async fn workshop(&self, id: i64) -> Result<Option<$crate::workshops::Workshop>, $crate::StoreError> {
                Self::workshop_in(&self.pool, id).await
            }

            async fn workshop_by_code(
                &self,
                code: &vergleich_domain::selfcheck::workshop::JoinCode,
            ) -> Result<Option<$crate::workshops::Workshop>, $crate::StoreError> {
                Self::workshop_where(&self.pool, "w.code = $1", code.as_str()).await
            }

            async fn workshops(&self, round: i64) -> Result<Vec<$crate::workshops::Workshop>, $crate::StoreError> {
                let sql = format!("{} WHERE w.round_id = $1 ORDER BY w.id", $crate::sql::workshops::WORKSHOP_SELECT);
                sqlx::query_as::<_, $crate::sql::workshops::WorkshopRow>(&sql)
                    .bind(round)
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn save_ballot(
                &self,
                workshop: i64,
                token_hash: &str,
                perspective: vergleich_domain::selfcheck::workshop::Perspective,
                ratings: &[$crate::workshops::BallotRating],
                max_ballots: usize,
            ) -> Result<($crate::workshops::Ballot, bool), $crate::StoreError> {
                use $crate::StoreError::{Conflict, NotFound};
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let Some(w) = Self::workshop_in(&mut *tx, workshop).await? else {
                    return Err(NotFound(format!("workshop {workshop}")));
                };
                if w.state != $crate::workshops::WorkshopState::Open {
                    return Err(Conflict(format!("workshop {} is closed: its ballots are final", w.code.display())));
                }
                if let Some(r) = Self::round_in(&mut *tx, w.round_id).await?
                    && r.state == $crate::selfcheck::RoundState::Published
                {
                    return Err(Conflict(format!("the round {} is published: the workshop takes no ballots", r.label)));
                }
                let existing: Option<(i64, i64)> = sqlx::query_as(
                    "SELECT id, workshop_id FROM selfcheck_ballots WHERE token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await?;
                let (id, created) = match existing {
                    Some((_, other)) if other != workshop => {
                        return Err(Conflict("this participant token belongs to another workshop's ballot".into()));
                    }
                    Some((id, _)) => {
                        sqlx::query("UPDATE selfcheck_ballots SET perspective = $1, updated_at = $2 WHERE id = $3")
                            .bind(perspective.code())
                            .bind($ts(at))
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                        sqlx::query("DELETE FROM selfcheck_ballot_ratings WHERE ballot_id = $1")
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                        (id, false)
                    }
                    None => {
                        if usize::try_from(w.ballots).unwrap_or(usize::MAX) >= max_ballots {
                            return Err(Conflict(format!(
                                "workshop {} has {max_ballots} ballots, the most one workshop takes",
                                w.code.display()
                            )));
                        }
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO selfcheck_ballots (workshop_id, token_hash, perspective, created_at, updated_at) \
                             VALUES ($1, $2, $3, $4, $4) RETURNING id",
                        )
                        .bind(workshop)
                        .bind(token_hash)
                        .bind(perspective.code())
                        .bind($ts(at))
                        .fetch_one(&mut *tx)
                        .await
                        .map_err($crate::error::from_sqlx)?;
                        (id, true)
                    }
                };
                for r in ratings {
                    sqlx::query(
                        "INSERT INTO selfcheck_ballot_ratings (ballot_id, field, answer, comment) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(id)
                    .bind(r.field.as_str())
                    .bind(r.answer.code())
                    .bind(&r.comment)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::error::from_sqlx)?;
                }
                tx.commit().await?;
                let ballot = self
                    .ballot(workshop, token_hash)
                    .await?
                    .ok_or_else(|| NotFound(format!("ballot {id}")))?;
                Ok((ballot, created))
            }

            async fn ballot(
                &self,
                workshop: i64,
                token_hash: &str,
            ) -> Result<Option<$crate::workshops::Ballot>, $crate::StoreError> {
                let row: Option<(i64, String, chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
                    "SELECT id, perspective, created_at, updated_at FROM selfcheck_ballots \
                     WHERE workshop_id = $1 AND token_hash = $2",
                )
                .bind(workshop)
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
                let Some((id, perspective, created_at, updated_at)) = row else {
                    return Ok(None);
                };
                let ratings = Self::ratings_in(&self.pool, "t.ballot_id = $1", id).await?;
                Ok(Some($crate::workshops::Ballot {
                    id,
                    workshop_id: workshop,
                    perspective: vergleich_domain::selfcheck::workshop::Perspective::parse(&perspective)
                        .map_err(|e| $crate::StoreError::Corrupt(format!("ballot {id}: {e}")))?,
                    ratings: ratings.iter().map(Into::into).collect(),
                    created_at,
                    updated_at,
                }))
            }

            async fn ratings(&self, workshop: i64) -> Result<Vec<$crate::workshops::StoredRating>, $crate::StoreError> {
                Self::ratings_in(&self.pool, "b.workshop_id = $1", workshop).await
            }

            async fn close_workshop(&self, id: i64, actor: &str) -> Result<$crate::workshops::Workshop, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let changed = sqlx::query(
                    "UPDATE selfcheck_workshops SET state = 'closed', closed_at = $1 WHERE id = $2 AND state = 'open'",
                )
                .bind($ts(at))
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Err(match Self::workshop_in(&mut *tx, id).await? {
                        None => $crate::StoreError::NotFound(format!("workshop {id}")),
                        Some(w) => $crate::StoreError::Conflict(format!("workshop {} is closed already", w.code.display())),
                    });
                }
                Self::insert_audit(&mut tx, at, actor, "selfcheck.workshop_closed", &format!("selfcheck_workshop/{id}"), "").await?;
                let workshop = Self::workshop_in(&mut *tx, id).await?;
                tx.commit().await?;
                workshop.ok_or_else(|| $crate::StoreError::NotFound(format!("workshop {id}")))
            }

            async fn save_outcomes(
                &self,
                workshop: i64,
                outcomes: &[(vergleich_domain::FieldId, vergleich_domain::selfcheck::Answer, String)],
                actor: &str,
            ) -> Result<usize, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                if Self::workshop_in(&mut *tx, workshop).await?.is_none() {
                    return Err($crate::StoreError::NotFound(format!("workshop {workshop}")));
                }
                for (field, agreed, rationale) in outcomes {
                    sqlx::query(
                        "INSERT INTO selfcheck_workshop_outcomes (workshop_id, field, agreed, rationale, recorded_by, recorded_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (workshop_id, field) DO UPDATE SET \
                         agreed = excluded.agreed, rationale = excluded.rationale, recorded_by = excluded.recorded_by, \
                         recorded_at = excluded.recorded_at",
                    )
                    .bind(workshop)
                    .bind(field.as_str())
                    .bind(agreed.code())
                    .bind(rationale)
                    .bind(actor)
                    .bind($ts(at))
                    .execute(&mut *tx)
                    .await?;
                }
                let detail: Vec<String> = outcomes.iter().map(|(f, a, _)| format!("{f}={}", a.code())).collect();
                Self::insert_audit(&mut tx, at, actor, "selfcheck.workshop_outcomes", &format!("selfcheck_workshop/{workshop}"), &detail.join(" ")).await?;
                tx.commit().await?;
                Ok(outcomes.len())
            }

            async fn outcomes(&self, workshop: i64) -> Result<Vec<$crate::workshops::Outcome>, $crate::StoreError> {
                sqlx::query_as::<_, $crate::sql::workshops::OutcomeRow>(
                    "SELECT field, agreed, rationale, recorded_by, recorded_at FROM selfcheck_workshop_outcomes \
                     WHERE workshop_id = $1 ORDER BY field",
                )
                .bind(workshop)
                .fetch_all(&self.pool)
                .await?
                .into_iter()
                .map(TryInto::try_into)
                .collect()
            }

            async fn set_need(
                &self,
                workshop: i64,
                ballot: i64,
                field: &vergleich_domain::FieldId,
                need: bool,
                actor: &str,
            ) -> Result<(), $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let changed = sqlx::query(
                    "UPDATE selfcheck_ballot_ratings SET need = $1 WHERE ballot_id = $2 AND field = $3 \
                     AND comment IS NOT NULL AND ballot_id IN (SELECT id FROM selfcheck_ballots WHERE workshop_id = $4)",
                )
                .bind(need)
                .bind(ballot)
                .bind(field.as_str())
                .bind(workshop)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Err($crate::StoreError::NotFound(format!(
                        "comment of ballot {ballot} on {field} in workshop {workshop}"
                    )));
                }
                let detail = format!("ballot {ballot} {field}: {need}");
                Self::insert_audit(&mut tx, at, actor, "selfcheck.workshop_need", &format!("selfcheck_workshop/{workshop}"), &detail).await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
}

pub(crate) use workshops_impl;
