//! The SQL of Integrationskonzepte, shared by both backends: `concepts_impl!` expands to the
//! [`crate::ConceptStore`] implementation for one backend. Every write has its audit entry in the
//! same transaction.

pub(crate) const CONCEPT_COLUMNS: &str = "id, municipality, label, title, state, adopted_on, \
     review_on, document_url, based_on, content, created_by, created_at, updated_at, published_at";

macro_rules! concepts_impl {
    ($store:ident, $db:ty, $ts:path) => {
        impl $store {
            async fn concept_in<'c, E>(executor: E, id: i64) -> Result<Option<$crate::ConceptVersion>, $crate::StoreError>
            where
                E: sqlx::Executor<'c, Database = $db>,
            {
                let sql = format!(
                    "SELECT {} FROM concept_versions WHERE id = $1",
                    $crate::sql::concepts::CONCEPT_COLUMNS
                );
                sqlx::query_as::<_, $crate::rows::ConceptRow>(&sql)
                    .bind(id)
                    .fetch_optional(executor)
                    .await?
                    .map(TryInto::try_into)
                    .transpose()
            }

            /// After an update that matched no draft: the version is missing, or published.
            async fn not_a_draft<'c, E>(executor: E, id: i64) -> $crate::StoreError
            where
                E: sqlx::Executor<'c, Database = $db>,
            {
                match Self::concept_in(executor, id).await {
                    Ok(None) => $crate::StoreError::NotFound(format!("concept version {id}")),
                    Ok(Some(_)) => $crate::StoreError::Conflict(format!(
                        "concept version {id} is published; a published version is never changed: start a new version from it"
                    )),
                    Err(e) => e,
                }
            }

            /// The end of every concept write: its audit entry, the version as now stored, commit.
            async fn audited_concept(
                mut tx: sqlx::Transaction<'static, $db>,
                at: chrono::DateTime<chrono::Utc>,
                actor: &str,
                action: &str,
                id: i64,
                detail: &str,
            ) -> Result<$crate::ConceptVersion, $crate::StoreError> {
                Self::insert_audit(&mut tx, at, actor, action, &format!("concept_version/{id}"), detail).await?;
                let stored = Self::concept_in(&mut *tx, id).await?;
                tx.commit().await?;
                stored.ok_or_else(|| $crate::StoreError::NotFound(format!("concept version {id}")))
            }
        }

        #[async_trait::async_trait]
        impl $crate::ConceptStore for $store {
            async fn create_concept_version(
                &self,
                new: &$crate::NewConceptVersion,
                actor: &str,
            ) -> Result<$crate::ConceptVersion, $crate::StoreError> {
                let at = $crate::sql::now();
                let content = serde_json::to_string(&new.edit.content)
                    .map_err(|e| $crate::StoreError::Corrupt(e.to_string()))?;
                let mut tx = self.begin_write().await?;
                if let Some(base) = new.based_on {
                    let owner: Option<String> =
                        sqlx::query_scalar("SELECT municipality FROM concept_versions WHERE id = $1")
                            .bind(base)
                            .fetch_optional(&mut *tx)
                            .await?;
                    if owner.as_deref() != Some(new.municipality.as_str()) {
                        return Err($crate::StoreError::UnknownReference {
                            what: "concept version of this member",
                            key: base.to_string(),
                        });
                    }
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO concept_versions (municipality, label, title, state, adopted_on, \
                     review_on, document_url, based_on, content, created_by, created_at, updated_at) \
                     VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
                )
                .bind(new.municipality.as_str())
                .bind(&new.label)
                .bind(&new.edit.title)
                .bind(new.edit.adopted_on)
                .bind(new.edit.review_on)
                .bind(&new.edit.document_url)
                .bind(new.based_on)
                .bind(&content)
                .bind(actor)
                .bind($ts(at))
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::error::from_sqlx)?;
                let detail = format!("{} {}", new.municipality, new.label);
                Self::audited_concept(tx, at, actor, "concept.created", id, &detail).await
            }

            async fn concept_versions(
                &self,
                municipality: &vergleich_domain::Ags,
            ) -> Result<Vec<$crate::ConceptVersion>, $crate::StoreError> {
                let sql = format!(
                    "SELECT {} FROM concept_versions WHERE municipality = $1 ORDER BY id",
                    $crate::sql::concepts::CONCEPT_COLUMNS
                );
                sqlx::query_as::<_, $crate::rows::ConceptRow>(&sql)
                    .bind(municipality.as_str())
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn all_concept_versions(
                &self,
            ) -> Result<Vec<$crate::ConceptVersion>, $crate::StoreError> {
                let sql = format!(
                    "SELECT {} FROM concept_versions ORDER BY municipality, id",
                    $crate::sql::concepts::CONCEPT_COLUMNS
                );
                sqlx::query_as::<_, $crate::rows::ConceptRow>(&sql)
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn concept_version(
                &self,
                id: i64,
            ) -> Result<Option<$crate::ConceptVersion>, $crate::StoreError> {
                Self::concept_in(&self.pool, id).await
            }

            async fn edit_concept_draft(
                &self,
                id: i64,
                edit: &$crate::ConceptEdit,
                actor: &str,
            ) -> Result<$crate::ConceptVersion, $crate::StoreError> {
                let at = $crate::sql::now();
                let content = serde_json::to_string(&edit.content)
                    .map_err(|e| $crate::StoreError::Corrupt(e.to_string()))?;
                let mut tx = self.begin_write().await?;
                let changed = sqlx::query(
                    "UPDATE concept_versions SET title = $1, adopted_on = $2, review_on = $3, \
                     document_url = $4, content = $5, updated_at = $6 WHERE id = $7 AND state = 'draft'",
                )
                .bind(&edit.title)
                .bind(edit.adopted_on)
                .bind(edit.review_on)
                .bind(&edit.document_url)
                .bind(&content)
                .bind($ts(at))
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Err(Self::not_a_draft(&mut *tx, id).await);
                }
                Self::audited_concept(tx, at, actor, "concept.edited", id, "").await
            }

            async fn update_concept_tracking(
                &self,
                id: i64,
                content: &vergleich_domain::concept::ConceptContent,
                detail: &str,
                actor: &str,
            ) -> Result<$crate::ConceptVersion, $crate::StoreError> {
                let at = $crate::sql::now();
                let content = serde_json::to_string(content)
                    .map_err(|e| $crate::StoreError::Corrupt(e.to_string()))?;
                let mut tx = self.begin_write().await?;
                let changed = sqlx::query(
                    "UPDATE concept_versions SET content = $1, updated_at = $2 WHERE id = $3",
                )
                .bind(&content)
                .bind($ts(at))
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Err($crate::StoreError::NotFound(format!("concept version {id}")));
                }
                Self::audited_concept(tx, at, actor, "concept.measures_updated", id, detail).await
            }

            async fn publish_concept_version(
                &self,
                id: i64,
                actor: &str,
            ) -> Result<$crate::ConceptVersion, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let changed = sqlx::query(
                    "UPDATE concept_versions SET state = 'published', published_at = $1, \
                     updated_at = $1 WHERE id = $2 AND state = 'draft'",
                )
                .bind($ts(at))
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Err(Self::not_a_draft(&mut *tx, id).await);
                }
                Self::audited_concept(tx, at, actor, "concept.published", id, "").await
            }
        }
    };
}

pub(crate) use concepts_impl;
