//! The rows of catalogue changes and the helpers `catalogue_edits_impl!` builds on (shared by
//! both backends): reading a field, an indicator and its definition versions, marking a row as
//! edited, writing a field's or an indicator's columns, and the audit detail.

use chrono::NaiveDate;
use serde::Serialize;
use vergleich_domain::catalogue_edit::DefinitionVersion;

use crate::StoreError;

pub(crate) const FIELD_SELECT: &str = "SELECT id, position, label_de, label_en, short_de, \
     short_en, description_de, description_en, archived FROM fields";

pub(crate) const INDICATOR_SELECT: &str = "SELECT id, field, kind, label_de, label_en, \
     definition_de, definition_en, unit, polarity, min_value, max_value, source, level, \
     definition_version FROM indicators";

pub(crate) const VERSION_SELECT: &str = "SELECT version, valid_from, definition_de, \
     definition_en, note_de, note_en, created_at FROM indicator_definitions";

/// One row of `indicator_definitions`.
#[derive(sqlx::FromRow)]
pub(crate) struct VersionRow {
    version: i32,
    valid_from: Option<NaiveDate>,
    definition_de: String,
    definition_en: String,
    note_de: String,
    note_en: String,
    created_at: chrono::DateTime<chrono::Utc>,
}

impl From<VersionRow> for DefinitionVersion {
    fn from(r: VersionRow) -> Self {
        Self {
            version: r.version,
            valid_from: r.valid_from,
            definition_de: r.definition_de,
            definition_en: r.definition_en,
            note_de: r.note_de,
            note_en: r.note_en,
            created_at: Some(r.created_at),
        }
    }
}

/// The version an indicator without recorded versions has: its current one, as it started
/// (never recorded, so without `created_at`: it holds from the beginning).
pub(crate) fn starting_version(indicator: &vergleich_domain::Indicator) -> DefinitionVersion {
    DefinitionVersion {
        version: indicator.definition_version,
        valid_from: None,
        definition_de: indicator.definition_de.clone(),
        definition_en: indicator.definition_en.clone(),
        note_de: String::new(),
        note_en: String::new(),
        created_at: None,
    }
}

#[derive(Serialize)]
struct Change<'a, T> {
    before: Option<&'a T>,
    after: Option<&'a T>,
    /// The definition version a definition change recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a DefinitionVersion>,
}

/// The audit detail of a change: `{"before": …, "after": …}` (null before an add, after a
/// delete), and `"version"` for a definition change.
pub(crate) fn change_detail<T: Serialize>(
    before: Option<&T>,
    after: Option<&T>,
    version: Option<&DefinitionVersion>,
) -> Result<String, StoreError> {
    serde_json::to_string(&Change {
        before,
        after,
        version,
    })
    .map_err(|e| StoreError::Corrupt(format!("cannot encode the audit detail: {e}")))
}

macro_rules! catalogue_helpers {
    ($store:ident, $db:ty, $ts:path) => {
        impl $store {
            async fn catalogue_field_in<'c, E>(executor: E, id: &str) -> Result<Option<vergleich_domain::Field>, $crate::StoreError>
            where
                E: sqlx::Executor<'c, Database = $db>,
            {
                let sql = format!("{} WHERE id = $1", $crate::sql::catalogue_rows::FIELD_SELECT);
                sqlx::query_as::<_, $crate::rows::FieldRow>(&sql)
                    .bind(id)
                    .fetch_optional(executor)
                    .await?
                    .map(TryInto::try_into)
                    .transpose()
            }

            async fn catalogue_indicator_in<'c, E>(executor: E, id: &str) -> Result<Option<vergleich_domain::Indicator>, $crate::StoreError>
            where
                E: sqlx::Executor<'c, Database = $db>,
            {
                let sql = format!("{} WHERE id = $1", $crate::sql::catalogue_rows::INDICATOR_SELECT);
                sqlx::query_as::<_, $crate::rows::IndicatorRow>(&sql)
                    .bind(id)
                    .fetch_optional(executor)
                    .await?
                    .map(TryInto::try_into)
                    .transpose()
            }

            /// The recorded definition versions of an indicator, oldest first (none: never changed).
            async fn definition_versions_in<'c, E>(executor: E, id: &str) -> Result<Vec<vergleich_domain::catalogue_edit::DefinitionVersion>, $crate::StoreError>
            where
                E: sqlx::Executor<'c, Database = $db>,
            {
                let sql = format!("{} WHERE indicator = $1 ORDER BY version", $crate::sql::catalogue_rows::VERSION_SELECT);
                Ok(sqlx::query_as::<_, $crate::sql::catalogue_rows::VersionRow>(&sql)
                    .bind(id)
                    .fetch_all(executor)
                    .await?
                    .into_iter()
                    .map(Into::into)
                    .collect())
            }

            /// `UnknownReference` unless the field exists.
            async fn catalogue_field_known<'c, E>(executor: E, field: &vergleich_domain::FieldId) -> Result<(), $crate::StoreError>
            where
                E: sqlx::Executor<'c, Database = $db>,
            {
                let found: Option<String> = sqlx::query_scalar("SELECT id FROM fields WHERE id = $1")
                    .bind(field.as_str())
                    .fetch_optional(executor)
                    .await?;
                match found {
                    Some(_) => Ok(()),
                    None => Err($crate::StoreError::UnknownReference { what: "field", key: field.as_str().to_owned() }),
                }
            }

            /// Marks a field or indicator as edited (which locks its row on PostgreSQL until the
            /// transaction ends); `NotFound` without it.
            async fn catalogue_mark_edited(
                tx: &mut sqlx::Transaction<'static, $db>,
                table: &'static str,
                id: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::StoreError> {
                let changed = sqlx::query(&format!("UPDATE {table} SET edited_at = $1 WHERE id = $2"))
                    .bind($ts(at))
                    .bind(id)
                    .execute(&mut **tx)
                    .await?
                    .rows_affected();
                if changed == 0 {
                    let what = if table == "fields" { "field" } else { "indicator" };
                    return Err($crate::StoreError::NotFound(format!("{what} {id}")));
                }
                Ok(())
            }

            /// Records a definition version of an indicator; for a version without `valid_from`
            /// (the one it started with), an existing row takes the new texts instead.
            async fn definition_upsert(
                tx: &mut sqlx::Transaction<'static, $db>,
                indicator: &str,
                v: &vergleich_domain::catalogue_edit::DefinitionVersion,
                actor: &str,
                at: chrono::DateTime<chrono::Utc>,
                update_texts: bool,
            ) -> Result<(), $crate::StoreError> {
                let on_conflict = if update_texts {
                    " ON CONFLICT (indicator, version) DO UPDATE SET definition_de = excluded.definition_de, \
                     definition_en = excluded.definition_en"
                } else {
                    ""
                };
                let sql = format!(
                    "INSERT INTO indicator_definitions (indicator, version, valid_from, definition_de, definition_en, \
                     note_de, note_en, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9){on_conflict}"
                );
                sqlx::query(&sql)
                    .bind(indicator)
                    .bind(v.version)
                    .bind(v.valid_from)
                    .bind(&v.definition_de)
                    .bind(&v.definition_en)
                    .bind(&v.note_de)
                    .bind(&v.note_en)
                    .bind(actor)
                    .bind($ts(at))
                    .execute(&mut **tx)
                    .await
                    .map_err($crate::error::from_sqlx)?;
                Ok(())
            }

            /// The audit entry and the commit that end every catalogue write.
            async fn catalogue_written(
                mut tx: sqlx::Transaction<'static, $db>,
                at: chrono::DateTime<chrono::Utc>,
                actor: &str,
                action: &str,
                subject: &str,
                detail: &str,
            ) -> Result<(), $crate::StoreError> {
                Self::insert_audit(&mut *tx, at, actor, action, subject, detail).await?;
                tx.commit().await?;
                Ok(())
            }

            /// Writes a field's columns (insert or update) and reads it back.
            async fn field_write(
                tx: &mut sqlx::Transaction<'static, $db>,
                f: &vergleich_domain::Field,
                at: chrono::DateTime<chrono::Utc>,
                insert: bool,
            ) -> Result<vergleich_domain::Field, $crate::StoreError> {
                let sql = if insert {
                    "INSERT INTO fields (position, label_de, label_en, short_de, short_en, description_de, \
                     description_en, archived, edited_at, id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                } else {
                    "UPDATE fields SET position = $1, label_de = $2, label_en = $3, short_de = $4, short_en = $5, \
                     description_de = $6, description_en = $7, archived = $8, edited_at = $9 WHERE id = $10"
                };
                sqlx::query(sql)
                    .bind(f.position)
                    .bind(&f.label_de)
                    .bind(&f.label_en)
                    .bind(&f.short_de)
                    .bind(&f.short_en)
                    .bind(&f.description_de)
                    .bind(&f.description_en)
                    .bind(f.archived)
                    .bind($ts(at))
                    .bind(f.id.as_str())
                    .execute(&mut **tx)
                    .await
                    .map_err($crate::error::from_sqlx)?;
                Self::catalogue_field_in(&mut **tx, f.id.as_str())
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("field {}", f.id)))
            }

            /// Writes an indicator's columns (insert, or update of all but its definition
            /// version) and reads it back.
            async fn indicator_write(
                tx: &mut sqlx::Transaction<'static, $db>,
                i: &vergleich_domain::Indicator,
                at: chrono::DateTime<chrono::Utc>,
                insert: bool,
            ) -> Result<vergleich_domain::Indicator, $crate::StoreError> {
                let sql = if insert {
                    "INSERT INTO indicators (field, kind, label_de, label_en, definition_de, definition_en, unit, \
                     polarity, min_value, max_value, source, level, edited_at, id, definition_version) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
                } else {
                    "UPDATE indicators SET field = $1, kind = $2, label_de = $3, label_en = $4, definition_de = $5, \
                     definition_en = $6, unit = $7, polarity = $8, min_value = $9, max_value = $10, source = $11, \
                     level = $12, edited_at = $13 WHERE id = $14"
                };
                let mut query = sqlx::query(sql)
                    .bind(i.field.as_ref().map(|f| f.as_str().to_owned()))
                    .bind(i.kind.as_str())
                    .bind(&i.label_de)
                    .bind(&i.label_en)
                    .bind(&i.definition_de)
                    .bind(&i.definition_en)
                    .bind(&i.unit)
                    .bind(i.polarity.as_str())
                    .bind(i.min)
                    .bind(i.max)
                    .bind(&i.source)
                    .bind(i.level.as_str())
                    .bind($ts(at))
                    .bind(i.id.as_str());
                if insert {
                    query = query.bind(i.definition_version);
                }
                query.execute(&mut **tx).await.map_err($crate::error::from_sqlx)?;
                Self::catalogue_indicator_in(&mut **tx, i.id.as_str())
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("indicator {}", i.id)))
            }
        }
    };
}

pub(crate) use catalogue_helpers;
