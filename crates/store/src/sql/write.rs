//! The write half of the shared SQL: inherent helpers of each store (upload record, raw file,
//! reference check, version lookup, audit entry, catalogue upsert), expanded by `store_helpers!`
//! for one concrete database; `store_impl!` (in the parent module) calls them inside its
//! transactions.
//!
//! Every upload is written by [`write_upload`](store_helpers), which first takes the backend's
//! write locks (`$lock`: SQLite's one writer holds the database from `BEGIN IMMEDIATE`; PostgreSQL
//! takes an advisory lock per member and per lookup) and only then reads versions and looks for a
//! duplicate, so concurrent writers cannot read the same state and both act on it.

use vergleich_domain::{Observation, UploadId};

use crate::types::{NewUpload, UploadLookup, UploadRecord};

/// How an upload is written.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Mode<'a> {
    /// Every row as given ([`crate::Store::append`], the demo load).
    All,
    /// A client's upload ([`crate::Store::append_changes`]): nothing when the lookup finds an
    /// earlier upload, and without the rows that are unchanged (see [`super::unchanged`]).
    Changes(&'a UploadLookup),
}

/// Uploads stored with the uploader's own mappings of an official table (idempotency key
/// `map:…`, see the service's upload pipeline) hold other values than their bytes alone would
/// give, so they are no content repeat of a file uploaded without them.
const NOT_OWN_MAPPINGS: &str = "(u.idempotency_key IS NULL OR u.idempotency_key NOT LIKE 'map:%')";

/// The statement finding an upload by its lookup, and its two binds.
pub(crate) fn lookup_sql(lookup: &UploadLookup) -> (String, Option<String>, Option<String>) {
    match lookup {
        UploadLookup::IdempotencyKey { uploaded_by, key } => (
            format!(
                "{} WHERE u.uploaded_by = $1 AND u.idempotency_key = $2",
                super::UPLOAD_SELECT
            ),
            Some(uploaded_by.clone()),
            Some(key.clone()),
        ),
        UploadLookup::Content {
            municipality,
            sha256,
        } => {
            // One condition per case, so both databases use the index (municipality, sha256);
            // `municipality = $1 OR (… IS NULL AND $1 IS NULL)` made SQLite scan every upload,
            // once per member's part of an import.
            let member = if municipality.is_some() {
                "u.municipality = $1"
            } else {
                "u.municipality IS NULL AND $1 IS NULL"
            };
            (
                format!(
                    "{} WHERE {member} AND u.sha256 = $2 AND {NOT_OWN_MAPPINGS} ORDER BY u.id LIMIT 1",
                    super::UPLOAD_SELECT
                ),
                municipality.as_ref().map(|m| m.as_str().to_owned()),
                Some(sha256.clone()),
            )
        }
    }
}

/// An upload of a member holds that member's rows only (uploads without a member, such as the
/// demo seed, may hold anyone's): what lets a data state be read again per member.
pub(crate) fn own_rows_only(
    upload: &NewUpload,
    observations: &[Observation],
) -> Result<(), crate::StoreError> {
    let Some(member) = &upload.municipality else {
        return Ok(());
    };
    match observations.iter().find(|o| &o.municipality != member) {
        Some(other) => Err(crate::StoreError::ForeignRows {
            member: member.to_string(),
            found: other.municipality.to_string(),
        }),
        None => Ok(()),
    }
}

/// The record of an upload just written, as [`crate::Store::upload`] would read it back.
pub(crate) fn stored_record(
    id: i64,
    upload: &NewUpload,
    observations: &[Observation],
    at: chrono::DateTime<chrono::Utc>,
) -> UploadRecord {
    UploadRecord {
        id: UploadId(id),
        municipality: upload.municipality.clone(),
        uploaded_by: upload.uploaded_by.clone(),
        uploaded_at: at,
        file_name: upload.file_name.clone(),
        sha256: upload.sha256.clone(),
        state: upload.state,
        synthetic: upload.synthetic,
        observation_count: i64::try_from(observations.len()).unwrap_or(i64::MAX),
        idempotency_key: upload.idempotency_key.clone(),
        report: upload.report.clone(),
        submitted_at: None,
        reviewed_by: None,
        reviewed_at: None,
        review_comment: None,
    }
}

macro_rules! store_helpers {
    ($store:ident, $db:ty, $conn:ty, $ts:path, $insert_observations:path, $lock:path) => {
        $crate::sql::unchanged_helpers!($store, $db, $conn);
        $crate::sql::batch_helpers!($store, $conn, $ts, $insert_observations, $lock);

        impl $store {
            /// One upload in its own transaction (see `write_upload`).
            async fn write(
                &self,
                upload: &$crate::types::NewUpload,
                observations: &[vergleich_domain::Observation],
                mode: $crate::sql::Mode<'_>,
            ) -> Result<$crate::Appended, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let written = Self::write_upload(&mut tx, upload, observations, at, "upload.created", mode).await?;
                if let $crate::Appended::Stored { .. } = &written {
                    tx.commit().await?;
                }
                Ok(written)
            }

            /// The first upload matching `lookup`, read on `conn` (inside a transaction: after
            /// its locks).
            async fn find_in(
                conn: &mut $conn,
                lookup: &$crate::UploadLookup,
            ) -> Result<Option<$crate::UploadRecord>, $crate::StoreError> {
                let (sql, a, b) = $crate::sql::lookup_sql(lookup);
                sqlx::query_as::<_, $crate::rows::UploadRow>(&sql)
                    .bind(a)
                    .bind(b)
                    .fetch_optional(&mut *conn)
                    .await?
                    .map(TryInto::try_into)
                    .transpose()
            }

            async fn insert_upload(
                conn: &mut $conn,
                upload: &$crate::types::NewUpload,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<i64, $crate::StoreError> {
                sqlx::query_scalar::<_, i64>(
                    "INSERT INTO uploads (municipality, uploaded_by, uploaded_at, file_name, sha256, state, synthetic, \
                     report, idempotency_key, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                )
                .bind(upload.municipality.as_ref().map(|m| m.as_str().to_owned()))
                .bind(&upload.uploaded_by)
                .bind($ts(at))
                .bind(&upload.file_name)
                .bind(&upload.sha256)
                .bind(upload.state.as_str())
                .bind(upload.synthetic)
                .bind(&upload.report)
                .bind(&upload.idempotency_key)
                .bind((upload.state == vergleich_domain::UploadState::Published).then(|| $ts(at)))
                .fetch_one(&mut *conn)
                .await
                .map_err($crate::error::from_sqlx)
            }

            /// Keeps the raw file once per content (content-addressed by SHA-256).
            async fn insert_raw_file(
                conn: &mut $conn,
                sha256: &str,
                content: &[u8],
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::StoreError> {
                sqlx::query(
                    "INSERT INTO raw_files (sha256, content, size_bytes, first_seen_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (sha256) DO NOTHING",
                )
                .bind(sha256)
                .bind(content)
                .bind(i64::try_from(content.len()).unwrap_or(i64::MAX))
                .bind($ts(at))
                .execute(&mut *conn)
                .await?;
                Ok(())
            }

            /// Every municipality and indicator the observations name must exist. Checked once per
            /// upload for the distinct keys (per-row foreign keys tripled the commit time).
            async fn check_references(
                conn: &mut $conn,
                observations: &[vergleich_domain::Observation],
            ) -> Result<(), $crate::StoreError> {
                let members = $crate::sql::distinct(observations.iter().map(|o| o.municipality.as_str()));
                let indicators = $crate::sql::distinct(observations.iter().map(|o| o.indicator.as_str()));
                for (table, column, what, wanted) in [
                    ("municipalities", "key", "municipality", &members),
                    ("indicators", "id", "indicator", &indicators),
                ] {
                    for chunk in wanted.chunks($crate::sql::MEMBERS_PER_LOOKUP) {
                        let mut qb = sqlx::QueryBuilder::<$db>::new(format!("SELECT {column} FROM {table} WHERE {column} IN ("));
                        let mut list = qb.separated(", ");
                        for key in chunk {
                            list.push_bind(*key);
                        }
                        qb.push(")");
                        let found: std::collections::HashSet<String> =
                            qb.build_query_scalar::<String>().fetch_all(&mut *conn).await?.into_iter().collect();
                        if let Some(missing) = chunk.iter().find(|k| !found.contains(**k)) {
                            return Err($crate::StoreError::UnknownReference { what, key: (*missing).to_owned() });
                        }
                    }
                }
                Ok(())
            }

            /// The version each observation gets: one more than the newest stored version of its
            /// (municipality, indicator, period), looked up once per upload rather than per row.
            /// Read after the write locks, so no concurrent writer of the same member holds the
            /// same number; the unique index stays as the last guard (a conflict, never an
            /// overwrite).
            async fn next_versions(
                conn: &mut $conn,
                observations: &[vergleich_domain::Observation],
            ) -> Result<Vec<i32>, $crate::StoreError> {
                let members = $crate::sql::distinct(observations.iter().map(|o| o.municipality.as_str()));
                let (first, last) = $crate::sql::year_span(observations);
                let mut newest: std::collections::HashMap<(String, String, i32), i32> = std::collections::HashMap::new();
                for chunk in members.chunks($crate::sql::MEMBERS_PER_LOOKUP) {
                    let mut qb = sqlx::QueryBuilder::<$db>::new(
                        "SELECT municipality, indicator, period, MAX(version) FROM observations WHERE municipality IN (",
                    );
                    let mut list = qb.separated(", ");
                    for m in chunk {
                        list.push_bind(*m);
                    }
                    qb.push(") AND period >= ").push_bind(first);
                    qb.push(" AND period <= ").push_bind(last);
                    $crate::sql::push_indicators(&mut qb, "indicator", observations);
                    qb.push(" GROUP BY municipality, indicator, period");
                    let rows: Vec<(String, String, i32, i32)> = qb.build_query_as().fetch_all(&mut *conn).await?;
                    for (m, i, p, v) in rows {
                        newest.insert((m, i, p), v);
                    }
                }
                Ok(observations
                    .iter()
                    .map(|o| {
                        let key = (o.municipality.as_str().to_owned(), o.indicator.as_str().to_owned(), o.period.year());
                        newest.get(&key).copied().unwrap_or(0) + 1
                    })
                    .collect())
            }

            /// The upload record, its raw file, its observations and the audit entry: the one
            /// way every upload (the demo load included) is written, inside the caller's
            /// transaction. The write locks come first; then, for a client's upload, an upload
            /// matching its lookup is returned instead if one exists, and unchanged rows are left
            /// out.
            async fn write_upload(
                conn: &mut $conn,
                upload: &$crate::types::NewUpload,
                observations: &[vergleich_domain::Observation],
                at: chrono::DateTime<chrono::Utc>,
                action: &str,
                mode: $crate::sql::Mode<'_>,
            ) -> Result<$crate::Appended, $crate::StoreError> {
                $crate::sql::own_rows_only(upload, observations)?;
                let lookup = match mode {
                    $crate::sql::Mode::All => None,
                    $crate::sql::Mode::Changes(lookup) => Some(lookup),
                };
                $lock(&mut *conn, observations, lookup).await?;
                let kept: Vec<vergleich_domain::Observation>;
                let (observations, unchanged) = match lookup {
                    None => (observations, 0),
                    Some(lookup) => {
                        if let Some(found) = Self::find_in(&mut *conn, lookup).await? {
                            return Ok($crate::Appended::Found(found));
                        }
                        let newest = Self::newest_versions(&mut *conn, observations).await?;
                        let (changed, unchanged) = $crate::sql::unchanged::changed(observations, &newest);
                        kept = changed;
                        (&kept[..], unchanged)
                    }
                };
                let id = Self::insert_upload(&mut *conn, upload, at).await?;
                if let (Some(sha), Some(raw)) = (&upload.sha256, &upload.raw) {
                    Self::insert_raw_file(&mut *conn, sha, raw, at).await?;
                }
                Self::check_references(&mut *conn, observations).await?;
                let versions = Self::next_versions(&mut *conn, observations).await?;
                $insert_observations(&mut *conn, id, at, observations, &versions).await?;
                let detail = format!("{} observations, state {}", observations.len(), upload.state.as_str());
                Self::insert_audit(&mut *conn, at, &upload.uploaded_by, action, &format!("upload/{id}"), &detail).await?;
                Ok($crate::Appended::Stored {
                    upload: $crate::sql::stored_record(id, upload, observations, at),
                    unchanged,
                })
            }

            async fn insert_audit(
                conn: &mut $conn,
                at: chrono::DateTime<chrono::Utc>,
                actor: &str,
                action: &str,
                subject: &str,
                detail: &str,
            ) -> Result<(), $crate::StoreError> {
                sqlx::query("INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)")
                    .bind($ts(at))
                    .bind(actor)
                    .bind(action)
                    .bind(subject)
                    .bind(detail)
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            }

            /// Ends every live session of a user (password changed, user disabled).
            async fn end_user_sessions(
                conn: &mut $conn,
                user_id: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<u64, $crate::StoreError> {
                Ok(sqlx::query("UPDATE sessions SET ended_at = $1 WHERE user_id = $2 AND ended_at IS NULL")
                    .bind($ts(at))
                    .bind(user_id)
                    .execute(&mut *conn)
                    .await?
                    .rows_affected())
            }

            /// Inserts new fields and indicators and updates the seeded ones; a row an admin
            /// changed at runtime (`edited_at` set, see [`crate::CatalogueStore`]) is kept as edited.
            async fn upsert_catalogue(conn: &mut $conn, seed: &$crate::types::Seed) -> Result<(), $crate::StoreError> {
                for f in &seed.catalogue.fields {
                    sqlx::query(
                        "INSERT INTO fields (id, position, label_de, label_en, description_de, description_en, \
                         short_de, short_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                         ON CONFLICT (id) DO UPDATE SET position = excluded.position, \
                         label_de = excluded.label_de, label_en = excluded.label_en, \
                         description_de = excluded.description_de, description_en = excluded.description_en, \
                         short_de = excluded.short_de, short_en = excluded.short_en \
                         WHERE fields.edited_at IS NULL",
                    )
                    .bind(f.id.as_str())
                    .bind(f.position)
                    .bind(&f.label_de)
                    .bind(&f.label_en)
                    .bind(&f.description_de)
                    .bind(&f.description_en)
                    .bind(&f.short_de)
                    .bind(&f.short_en)
                    .execute(&mut *conn)
                    .await?;
                }
                for i in &seed.catalogue.indicators {
                    sqlx::query(
                        "INSERT INTO indicators (id, field, kind, label_de, label_en, definition_de, definition_en, unit, \
                         polarity, min_value, max_value, source, level, definition_version) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
                         ON CONFLICT (id) DO UPDATE SET field = excluded.field, kind = excluded.kind, \
                         label_de = excluded.label_de, label_en = excluded.label_en, \
                         definition_de = excluded.definition_de, definition_en = excluded.definition_en, \
                         unit = excluded.unit, polarity = excluded.polarity, min_value = excluded.min_value, \
                         max_value = excluded.max_value, source = excluded.source, level = excluded.level, \
                         definition_version = excluded.definition_version \
                         WHERE indicators.edited_at IS NULL",
                    )
                    .bind(i.id.as_str())
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
                    .bind(i.definition_version)
                    .execute(&mut *conn)
                    .await?;
                }
                Self::seed_cohort(conn, &seed.cohort).await?;
                Ok(())
            }
        }
    };
}

pub(crate) use store_helpers;
