//! The SQL of catalogue changes at runtime (issue #14 B), shared by both backends:
//! `catalogue_edits_impl!` expands to the [`crate::CatalogueStore`] implementation for one
//! backend. Every write first marks the row it changes as edited (`edited_at`: the seed keeps
//! its hands off it from then on; on PostgreSQL that UPDATE also locks the row, so two admins
//! changing one indicator take turns), reads the row as it was, changes it, and writes its audit
//! entry `catalogue.…` with before and after in the same transaction; `data_version()` counts
//! those entries. The store refuses only what the database must: taken ids, unknown fields,
//! deleting a field that indicators name, a definition dated on or before the last one.

macro_rules! catalogue_edits_impl {
    ($store:ident, $db:ty, $ts:path) => {
        $crate::sql::catalogue_rows::catalogue_helpers!($store, $db, $ts);

        #[async_trait::async_trait]
        impl $crate::CatalogueStore for $store {
            async fn add_field(
                &self,
                field: &vergleich_domain::Field,
                actor: &str,
            ) -> Result<vergleich_domain::Field, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                if Self::catalogue_field_in(&mut *tx, field.id.as_str()).await?.is_some() {
                    return Err($crate::StoreError::Conflict(format!("field {} exists", field.id)));
                }
                let after = Self::field_write(&mut tx, field, at, true).await?;
                let detail = $crate::sql::catalogue_rows::change_detail(None, Some(&after), None)?;
                let subject = format!("field/{}", field.id);
                Self::catalogue_written(tx, at, actor, "catalogue.field.add", &subject, &detail).await?;
                Ok(after)
            }

            async fn update_field(
                &self,
                field: &vergleich_domain::Field,
                actor: &str,
            ) -> Result<vergleich_domain::Field, $crate::StoreError> {
                let at = $crate::sql::now();
                let id = field.id.as_str();
                let mut tx = self.begin_write().await?;
                Self::catalogue_mark_edited(&mut tx, "fields", id, at).await?;
                let before = Self::catalogue_field_in(&mut *tx, id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("field {id}")))?;
                let after = Self::field_write(&mut tx, field, at, false).await?;
                let detail = $crate::sql::catalogue_rows::change_detail(Some(&before), Some(&after), None)?;
                let subject = format!("field/{id}");
                Self::catalogue_written(tx, at, actor, "catalogue.field.update", &subject, &detail).await?;
                Ok(after)
            }

            async fn delete_field(
                &self,
                id: &vergleich_domain::FieldId,
                actor: &str,
            ) -> Result<(), $crate::StoreError> {
                let at = $crate::sql::now();
                let id = id.as_str();
                let mut tx = self.begin_write().await?;
                Self::catalogue_mark_edited(&mut tx, "fields", id, at).await?;
                let before = Self::catalogue_field_in(&mut *tx, id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("field {id}")))?;
                let named: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM indicators WHERE field = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                let has_indicators =
                    || $crate::StoreError::Conflict(format!("field {id} has {named} indicators; archive it instead"));
                if named > 0 {
                    return Err(has_indicators());
                }
                sqlx::query("DELETE FROM fields WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| match &e {
                        // An indicator named it meanwhile (a concurrent writer on PostgreSQL): the
                        // same refusal.
                        sqlx::Error::Database(db) if db.is_foreign_key_violation() => has_indicators(),
                        _ => $crate::error::from_sqlx(e),
                    })?;
                let detail = $crate::sql::catalogue_rows::change_detail(Some(&before), None, None)?;
                let subject = format!("field/{id}");
                Self::catalogue_written(tx, at, actor, "catalogue.field.delete", &subject, &detail).await
            }

            async fn add_indicator(
                &self,
                indicator: &vergleich_domain::Indicator,
                actor: &str,
            ) -> Result<vergleich_domain::Indicator, $crate::StoreError> {
                let at = $crate::sql::now();
                let id = indicator.id.as_str();
                let mut tx = self.begin_write().await?;
                if let Some(field) = &indicator.field {
                    Self::catalogue_field_known(&mut *tx, field).await?;
                }
                if Self::catalogue_indicator_in(&mut *tx, id).await?.is_some() {
                    return Err($crate::StoreError::Conflict(format!("indicator {id} exists")));
                }
                let after = Self::indicator_write(&mut tx, indicator, at, true).await?;
                let first = $crate::sql::catalogue_rows::starting_version(&after);
                Self::definition_upsert(&mut tx, id, &first, actor, at, false).await?;
                let detail = $crate::sql::catalogue_rows::change_detail(None, Some(&after), None)?;
                let subject = format!("indicator/{id}");
                Self::catalogue_written(tx, at, actor, "catalogue.indicator.add", &subject, &detail).await?;
                Ok(after)
            }

            async fn update_indicator(
                &self,
                indicator: &vergleich_domain::Indicator,
                actor: &str,
            ) -> Result<vergleich_domain::Indicator, $crate::StoreError> {
                let at = $crate::sql::now();
                let id = indicator.id.as_str();
                let mut tx = self.begin_write().await?;
                Self::catalogue_mark_edited(&mut tx, "indicators", id, at).await?;
                let before = Self::catalogue_indicator_in(&mut *tx, id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("indicator {id}")))?;
                if let Some(field) = &indicator.field {
                    Self::catalogue_field_known(&mut *tx, field).await?;
                }
                let after = Self::indicator_write(&mut tx, indicator, at, false).await?;
                // The current version's recorded texts follow the edit (the row is made when
                // the indicator had none: it is its starting version).
                let current = $crate::sql::catalogue_rows::starting_version(&after);
                Self::definition_upsert(&mut tx, id, &current, actor, at, true).await?;
                let detail = $crate::sql::catalogue_rows::change_detail(Some(&before), Some(&after), None)?;
                let subject = format!("indicator/{id}");
                Self::catalogue_written(tx, at, actor, "catalogue.indicator.update", &subject, &detail).await?;
                Ok(after)
            }

            async fn change_definition(
                &self,
                id: &vergleich_domain::IndicatorId,
                change: &vergleich_domain::catalogue_edit::DefinitionChange,
                actor: &str,
            ) -> Result<vergleich_domain::Indicator, $crate::StoreError> {
                let at = $crate::sql::now();
                let id = id.as_str();
                let mut tx = self.begin_write().await?;
                Self::catalogue_mark_edited(&mut tx, "indicators", id, at).await?;
                let before = Self::catalogue_indicator_in(&mut *tx, id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("indicator {id}")))?;
                let versions = Self::definition_versions_in(&mut *tx, id).await?;
                if let Some(last) = versions.iter().filter_map(|v| v.valid_from).max()
                    && change.valid_from <= last
                {
                    return Err($crate::StoreError::Conflict(format!(
                        "indicator {id}: a definition valid from {} is not after the last one ({last})",
                        change.valid_from
                    )));
                }
                if versions.is_empty() {
                    let first = $crate::sql::catalogue_rows::starting_version(&before);
                    Self::definition_upsert(&mut tx, id, &first, actor, at, false).await?;
                }
                let version = vergleich_domain::catalogue_edit::DefinitionVersion {
                    version: before.definition_version + 1,
                    valid_from: Some(change.valid_from),
                    definition_de: change.definition_de.clone(),
                    definition_en: change.definition_en.clone(),
                    note_de: change.note_de.clone(),
                    note_en: change.note_en.clone(),
                    created_at: Some(at),
                };
                Self::definition_upsert(&mut tx, id, &version, actor, at, false).await?;
                sqlx::query(
                    "UPDATE indicators SET definition_version = $1, definition_de = $2, definition_en = $3 \
                     WHERE id = $4",
                )
                .bind(version.version)
                .bind(&version.definition_de)
                .bind(&version.definition_en)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                let after = Self::catalogue_indicator_in(&mut *tx, id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("indicator {id}")))?;
                let detail = $crate::sql::catalogue_rows::change_detail(Some(&before), Some(&after), Some(&version))?;
                let subject = format!("indicator/{id}");
                Self::catalogue_written(tx, at, actor, "catalogue.indicator.definition", &subject, &detail).await?;
                Ok(after)
            }

            async fn definition_versions(
                &self,
                id: &vergleich_domain::IndicatorId,
            ) -> Result<Vec<vergleich_domain::catalogue_edit::DefinitionVersion>, $crate::StoreError> {
                let id = id.as_str();
                // One read transaction: the indicator and its versions as of the same moment.
                let mut tx = self.pool.begin().await?;
                let indicator = Self::catalogue_indicator_in(&mut *tx, id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("indicator {id}")))?;
                let versions = Self::definition_versions_in(&mut *tx, id).await?;
                tx.commit().await?;
                if versions.is_empty() {
                    return Ok(vec![$crate::sql::catalogue_rows::starting_version(&indicator)]);
                }
                Ok(versions)
            }
        }
    };
}

pub(crate) use catalogue_edits_impl;
