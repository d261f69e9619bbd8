//! The SQL of cohort changes at runtime (issue #14 B.3/B.4), shared by both backends:
//! `cohort_edits_impl!` expands to the [`crate::CohortStore`] implementation and the cohort
//! seed for one backend. Every write first marks the municipality edited (on PostgreSQL that
//! UPDATE locks its row, so two admins changing one member's periods take turns; SQLite writes
//! under `BEGIN IMMEDIATE`), reads it as it was, checks the periods against each other, writes,
//! and records its audit entry with before and after in the same transaction.

macro_rules! cohort_edits_impl {
    ($store:ident, $db:ty, $ts:path) => {
        impl $store {
            /// The municipality `key` with its periods, read inside a transaction.
            async fn cohort_member_in(
                tx: &mut sqlx::Transaction<'static, $db>,
                key: &str,
            ) -> Result<Option<vergleich_domain::Municipality>, $crate::StoreError> {
                let Some(row) = sqlx::query_as::<_, $crate::rows::MunicipalityRow>(
                    "SELECT key, name, state, kind FROM municipalities WHERE key = $1",
                )
                .bind(key)
                .fetch_optional(&mut **tx)
                .await?
                else {
                    return Ok(None);
                };
                let periods = sqlx::query_as::<_, $crate::rows::MembershipRow>(
                    "SELECT id, municipality, cohort, status, source, note, joined_year, left_year FROM memberships \
                     WHERE municipality = $1 ORDER BY cohort, COALESCE(joined_year, 0), id",
                )
                .bind(key)
                .fetch_all(&mut **tx)
                .await?
                .into_iter()
                .map(TryInto::try_into)
                .collect::<Result<Vec<_>, _>>()?;
                row.into_domain(periods).map(Some)
            }

            /// Marks `key` edited (and locks its row on PostgreSQL); `NotFound` without it.
            async fn cohort_mark_edited(
                tx: &mut sqlx::Transaction<'static, $db>,
                key: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::StoreError> {
                let changed = sqlx::query("UPDATE municipalities SET edited_at = $1 WHERE key = $2")
                    .bind($ts(at))
                    .bind(key)
                    .execute(&mut **tx)
                    .await?
                    .rows_affected();
                if changed == 0 {
                    return Err($crate::StoreError::NotFound(format!("municipality {key}")));
                }
                Ok(())
            }

            /// Refuses a period that overlaps another of the same cohort among `others`.
            fn cohort_no_overlap(
                key: &str,
                m: &vergleich_domain::Membership,
                others: &[vergleich_domain::Membership],
            ) -> Result<(), $crate::StoreError> {
                vergleich_domain::cohort_periods::check_membership(m, others)
                    .map_err(|(_, message)| $crate::StoreError::Conflict(format!("{key}: {message}")))
            }

            async fn cohort_period_insert(
                tx: &mut sqlx::Transaction<'static, $db>,
                key: &str,
                m: &vergleich_domain::Membership,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::StoreError> {
                sqlx::query(
                    "INSERT INTO memberships (municipality, cohort, status, source, note, joined_year, left_year, edited_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(key)
                .bind(&m.cohort)
                .bind(m.status.as_str())
                .bind(&m.source)
                .bind(&m.note)
                .bind(m.joined)
                .bind(m.left)
                .bind($ts(at))
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            /// Reads the municipality back, writes the audit entry and commits.
            async fn cohort_written(
                mut tx: sqlx::Transaction<'static, $db>,
                at: chrono::DateTime<chrono::Utc>,
                actor: &str,
                action: &str,
                key: &str,
                before: Option<&vergleich_domain::Municipality>,
            ) -> Result<vergleich_domain::Municipality, $crate::StoreError> {
                let after = Self::cohort_member_in(&mut tx, key)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("municipality {key}")))?;
                let detail = $crate::sql::catalogue_rows::change_detail(before, Some(&after), None)?;
                Self::insert_audit(&mut *tx, at, actor, action, &format!("municipality/{key}"), &detail).await?;
                tx.commit().await?;
                Ok(after)
            }

            /// The seed of `datasets/cohort.csv`: new municipalities are inserted and seeded ones
            /// updated; per member and cohort the file's periods replace the seeded ones —
            /// unless an admin changed the municipality or a period of that cohort: then the
            /// database is the truth. What is stored is read in three queries and only what
            /// differs from the file is written: with three queries per member, every start of
            /// a national cohort (11,000 members) spent 3.5 s on SQLite and 6.4 s on PostgreSQL
            /// here before it listened.
            async fn seed_cohort(
                conn: &mut <$db as sqlx::Database>::Connection,
                cohort: &vergleich_domain::Cohort,
            ) -> Result<(), $crate::StoreError> {
                use std::collections::{HashMap, HashSet};
                let municipalities: HashMap<String, (String, String, String, bool)> =
                    sqlx::query_as::<_, (String, String, String, String, i64)>(
                        "SELECT key, name, state, kind, \
                         CAST(CASE WHEN edited_at IS NULL THEN 0 ELSE 1 END AS BIGINT) FROM municipalities",
                    )
                    .fetch_all(&mut *conn)
                    .await?
                    .into_iter()
                    .map(|(key, name, state, kind, edited)| (key, (name, state, kind, edited != 0)))
                    .collect();
                let edited: HashSet<(String, String)> = sqlx::query_as::<_, (String, String)>(
                    "SELECT DISTINCT municipality, cohort FROM memberships WHERE edited_at IS NOT NULL",
                )
                .fetch_all(&mut *conn)
                .await?
                .into_iter()
                .collect();
                let mut periods: HashMap<(String, String), Vec<vergleich_domain::Membership>> =
                    HashMap::new();
                for row in sqlx::query_as::<_, $crate::rows::MembershipRow>(
                    "SELECT id, municipality, cohort, status, source, note, joined_year, left_year FROM memberships",
                )
                .fetch_all(&mut *conn)
                .await?
                {
                    let key = row.municipality.clone();
                    let period = vergleich_domain::Membership::try_from(row)?;
                    periods
                        .entry((key, period.cohort.clone()))
                        .or_default()
                        .push(vergleich_domain::Membership { id: None, ..period });
                }
                for m in &cohort.municipalities {
                    let key = m.key.as_str();
                    let unchanged = municipalities.get(key).is_some_and(|(name, state, kind, edited)| {
                        *edited
                            || (name == &m.name && state == m.state.as_str() && kind == m.kind.as_str())
                    });
                    if !unchanged {
                        sqlx::query(
                            "INSERT INTO municipalities (key, name, state, kind) VALUES ($1, $2, $3, $4) \
                             ON CONFLICT (key) DO UPDATE SET name = excluded.name, state = excluded.state, kind = excluded.kind \
                             WHERE municipalities.edited_at IS NULL",
                        )
                        .bind(key)
                        .bind(&m.name)
                        .bind(m.state.as_str())
                        .bind(m.kind.as_str())
                        .execute(&mut *conn)
                        .await?;
                    }
                    let mut cohorts: Vec<&str> = m.memberships.iter().map(|ms| ms.cohort.as_str()).collect();
                    cohorts.sort_unstable();
                    cohorts.dedup();
                    for name in cohorts {
                        let at = (key.to_owned(), name.to_owned());
                        if edited.contains(&at) {
                            continue;
                        }
                        // Unchanged periods stay as they are: their ids (which the admin routes
                        // and pages name) must not change with every start-up.
                        let order = |mut list: Vec<vergleich_domain::Membership>| {
                            list.sort_by_key(|p| (p.joined, p.left));
                            list
                        };
                        let stored = periods.remove(&at).unwrap_or_default();
                        let file: Vec<vergleich_domain::Membership> =
                            m.memberships.iter().filter(|ms| ms.cohort == name).cloned().collect();
                        if order(stored) == order(file) {
                            continue;
                        }
                        sqlx::query("DELETE FROM memberships WHERE municipality = $1 AND cohort = $2")
                            .bind(key)
                            .bind(name)
                            .execute(&mut *conn)
                            .await?;
                        for ms in m.memberships.iter().filter(|ms| ms.cohort == name) {
                            sqlx::query(
                                "INSERT INTO memberships (municipality, cohort, status, source, note, joined_year, left_year) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                            )
                            .bind(key)
                            .bind(&ms.cohort)
                            .bind(ms.status.as_str())
                            .bind(&ms.source)
                            .bind(&ms.note)
                            .bind(ms.joined)
                            .bind(ms.left)
                            .execute(&mut *conn)
                            .await?;
                        }
                    }
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl $crate::CohortStore for $store {
            async fn add_municipality(
                &self,
                municipality: &vergleich_domain::Municipality,
                actor: &str,
            ) -> Result<vergleich_domain::Municipality, $crate::StoreError> {
                let at = $crate::sql::now();
                let key = municipality.key.as_str();
                let mut tx = self.begin_write().await?;
                if Self::cohort_member_in(&mut tx, key).await?.is_some() {
                    return Err($crate::StoreError::Conflict(format!("municipality {key} exists")));
                }
                for (i, m) in municipality.memberships.iter().enumerate() {
                    Self::cohort_no_overlap(key, m, &municipality.memberships[..i])?;
                }
                sqlx::query("INSERT INTO municipalities (key, name, state, kind, edited_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(key)
                    .bind(&municipality.name)
                    .bind(municipality.state.as_str())
                    .bind(municipality.kind.as_str())
                    .bind($ts(at))
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| match &e {
                        sqlx::Error::Database(db) if db.is_unique_violation() => {
                            $crate::StoreError::Conflict(format!("municipality {key} exists"))
                        }
                        _ => $crate::error::from_sqlx(e),
                    })?;
                for m in &municipality.memberships {
                    Self::cohort_period_insert(&mut tx, key, m, at).await?;
                }
                Self::cohort_written(tx, at, actor, "catalogue.municipality.add", key, None).await
            }

            async fn update_municipality(
                &self,
                municipality: &vergleich_domain::Municipality,
                actor: &str,
            ) -> Result<vergleich_domain::Municipality, $crate::StoreError> {
                let at = $crate::sql::now();
                let key = municipality.key.as_str();
                let mut tx = self.begin_write().await?;
                Self::cohort_mark_edited(&mut tx, key, at).await?;
                let before = Self::cohort_member_in(&mut tx, key)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("municipality {key}")))?;
                sqlx::query("UPDATE municipalities SET name = $1, state = $2, kind = $3 WHERE key = $4")
                    .bind(&municipality.name)
                    .bind(municipality.state.as_str())
                    .bind(municipality.kind.as_str())
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
                Self::cohort_written(tx, at, actor, "catalogue.municipality.update", key, Some(&before)).await
            }

            async fn add_membership(
                &self,
                key: &vergleich_domain::Ags,
                membership: &vergleich_domain::Membership,
                actor: &str,
            ) -> Result<vergleich_domain::Municipality, $crate::StoreError> {
                let at = $crate::sql::now();
                let key = key.as_str();
                let mut tx = self.begin_write().await?;
                Self::cohort_mark_edited(&mut tx, key, at).await?;
                let before = Self::cohort_member_in(&mut tx, key)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("municipality {key}")))?;
                let new = vergleich_domain::Membership { id: None, ..membership.clone() };
                Self::cohort_no_overlap(key, &new, &before.memberships)?;
                Self::cohort_period_insert(&mut tx, key, &new, at).await?;
                Self::cohort_written(tx, at, actor, "catalogue.membership.add", key, Some(&before)).await
            }

            async fn update_membership(
                &self,
                key: &vergleich_domain::Ags,
                id: i64,
                membership: &vergleich_domain::Membership,
                actor: &str,
            ) -> Result<vergleich_domain::Municipality, $crate::StoreError> {
                let at = $crate::sql::now();
                let key = key.as_str();
                let mut tx = self.begin_write().await?;
                Self::cohort_mark_edited(&mut tx, key, at).await?;
                let before = Self::cohort_member_in(&mut tx, key)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("municipality {key}")))?;
                if !before.memberships.iter().any(|m| m.id == Some(id)) {
                    return Err($crate::StoreError::NotFound(format!("period {id} of municipality {key}")));
                }
                let changed = vergleich_domain::Membership { id: Some(id), ..membership.clone() };
                Self::cohort_no_overlap(key, &changed, &before.memberships)?;
                sqlx::query(
                    "UPDATE memberships SET cohort = $1, status = $2, source = $3, note = $4, joined_year = $5, \
                     left_year = $6, edited_at = $7 WHERE id = $8 AND municipality = $9",
                )
                .bind(&changed.cohort)
                .bind(changed.status.as_str())
                .bind(&changed.source)
                .bind(&changed.note)
                .bind(changed.joined)
                .bind(changed.left)
                .bind($ts(at))
                .bind(id)
                .bind(key)
                .execute(&mut *tx)
                .await?;
                Self::cohort_written(tx, at, actor, "catalogue.membership.update", key, Some(&before)).await
            }
        }
    };
}

pub(crate) use cohort_edits_impl;
