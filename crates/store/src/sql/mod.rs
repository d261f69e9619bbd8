//! The SQL both backends share. `store_impl!` expands to the [`crate::Store`] implementation for
//! one concrete sqlx database, so every statement is written once and both backends keep full
//! types (sqlx's `Any` driver cannot carry timestamps). The only per-backend piece is `$ts`, which
//! turns a timestamp into the bind value the backend compares correctly (TIMESTAMPTZ on
//! PostgreSQL, fixed-width RFC 3339 text on SQLite), and `$insert_observations`, the bulk insert
//! (a JSON array unpacked by json_each on SQLite, UNNEST of arrays on PostgreSQL, which is several times faster
//! there and has no bind-parameter limit to chunk around).

mod accounts;
mod batch;
pub(crate) mod catalogue_edits;
pub(crate) mod catalogue_rows;
pub(crate) mod cohort_edits;
pub(crate) mod concepts;
mod fingerprints;
mod lookups;
pub(crate) mod practice_rows;
pub(crate) mod practices;
pub(crate) mod releases;
pub(crate) mod selfcheck;
mod spreads;
pub(crate) mod unchanged;
mod workflow;
pub(crate) mod workshop_rows;
pub(crate) mod workshops;
mod write;

pub(crate) use accounts::accounts_impl;
pub(crate) use batch::batch_helpers;
pub(crate) use catalogue_edits::catalogue_edits_impl;
pub(crate) use cohort_edits::cohort_edits_impl;
pub(crate) use concepts::concepts_impl;
pub(crate) use fingerprints::fingerprints_impl;
pub(crate) use lookups::{distinct, push_indicators, year_span};
pub(crate) use practices::practices_impl;
pub(crate) use releases::releases_impl;
pub(crate) use selfcheck::selfcheck_impl;
pub(crate) use spreads::spreads_impl;
pub(crate) use unchanged::unchanged_helpers;
pub(crate) use workflow::workflow_impl;
pub(crate) use workshops::workshops_impl;
pub(crate) use write::{Mode, lookup_sql, own_rows_only, store_helpers, stored_record};

use chrono::{DateTime, Utc};

/// Rows per JSON-array INSERT on SQLite: bounds the size of one statement's text parameter.
pub(crate) const SQLITE_INSERT_CHUNK: usize = 50_000;
/// Members per version lookup (one bind each).
pub(crate) const MEMBERS_PER_LOOKUP: usize = 1_000;
/// Rows per UNNEST INSERT on PostgreSQL: bounds the size of one statement's arrays.
pub(crate) const PG_INSERT_CHUNK: usize = 50_000;

/// −0.0 is stored as 0.0 on both backends (SQLite's JSON path cannot carry the sign of zero,
/// and it means nothing in a statistic); adding +0.0 does exactly that and nothing else.
pub(crate) fn positive_zero(value: f64) -> f64 {
    value + 0.0
}

/// The positions of `observations` in the order of the unique index (municipality, indicator,
/// period), the order both backends insert in. Each row then lands next to the previous one in
/// the table's B-trees instead of anywhere in them (on SQLite a shuffled million took 11.4 s
/// against 6.1 s sorted), and both backends hand out the same observation ids for the same
/// upload. The sort is stable and nearly free on grouped input.
pub(crate) fn key_order(observations: &[crate::Observation]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..observations.len()).collect();
    order.sort_by_key(|&n| {
        let o = &observations[n];
        (
            o.municipality.as_str(),
            o.indicator.as_str(),
            o.period.year(),
        )
    });
    order
}

/// Now, at the microsecond precision both databases keep, so a value read back compares equal.
pub(crate) fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}

pub(crate) const OBSERVATION_COLUMNS: &str = "o.id, o.municipality, o.indicator, o.period, o.version, o.value, \
     o.status, o.missing_reason, o.note, o.source, o.upload_id, o.recorded_at, \
     u.uploaded_by, u.state AS upload_state, u.synthetic";

pub(crate) const UPLOAD_SELECT: &str = "SELECT u.id, u.municipality, u.uploaded_by, u.uploaded_at, u.file_name, \
     u.sha256, u.state, u.synthetic, u.idempotency_key, u.report, \
     u.submitted_at, u.reviewed_by, u.reviewed_at, u.review_comment, \
     (SELECT COUNT(*) FROM observations o WHERE o.upload_id = u.id) AS observation_count \
     FROM uploads u";

macro_rules! store_impl {
    ($store:ident, $db:ty, $conn:ty, $ts:path, $insert_observations:path, $lock:path) => {
        $crate::sql::store_helpers!($store, $db, $conn, $ts, $insert_observations, $lock);

        #[async_trait::async_trait]
        impl $crate::Store for $store {
            fn backend(&self) -> $crate::Backend {
                Self::BACKEND
            }

            async fn ping(&self) -> Result<(), $crate::StoreError> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn seed(&self, seed: &$crate::types::Seed) -> Result<$crate::SeedOutcome, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                Self::upsert_catalogue(&mut tx, seed).await?;
                let mut demo_observations = 0;
                if let Some((upload, observations)) = &seed.demo {
                    let present: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM uploads WHERE synthetic")
                        .fetch_one(&mut *tx)
                        .await?;
                    if present == 0 {
                        Self::write_upload(&mut tx, upload, observations, at, "demo.loaded", $crate::sql::Mode::All).await?;
                        demo_observations = observations.len();
                    }
                }
                tx.commit().await?;
                Ok($crate::SeedOutcome {
                    fields: seed.catalogue.fields.len(),
                    indicators: seed.catalogue.indicators.len(),
                    municipalities: seed.cohort.municipalities.len(),
                    demo_observations,
                })
            }

            async fn fields(&self) -> Result<Vec<vergleich_domain::Field>, $crate::StoreError> {
                sqlx::query_as::<_, $crate::rows::FieldRow>(
                    "SELECT id, position, label_de, label_en, short_de, short_en, description_de, description_en, archived \
                     FROM fields \
                     ORDER BY position, id",
                )
                .fetch_all(self.reads())
                .await?
                .into_iter()
                .map(TryInto::try_into)
                .collect()
            }

            async fn indicators(&self) -> Result<Vec<vergleich_domain::Indicator>, $crate::StoreError> {
                sqlx::query_as::<_, $crate::rows::IndicatorRow>(
                    "SELECT i.id, i.field, i.kind, i.label_de, i.label_en, i.definition_de, i.definition_en, i.unit, \
                     i.polarity, i.min_value, i.max_value, i.source, i.level, i.definition_version \
                     FROM indicators i LEFT JOIN fields f ON f.id = i.field \
                     ORDER BY CASE i.kind WHEN 'context' THEN 1 ELSE 0 END, f.position, \
                     CASE i.kind WHEN 'self_check' THEN 0 ELSE 1 END, i.id",
                )
                .fetch_all(self.reads())
                .await?
                .into_iter()
                .map(TryInto::try_into)
                .collect()
            }

            async fn municipalities(&self) -> Result<Vec<vergleich_domain::Municipality>, $crate::StoreError> {
                let rows = sqlx::query_as::<_, $crate::rows::MunicipalityRow>(
                    "SELECT key, name, state, kind FROM municipalities ORDER BY name, key",
                )
                .fetch_all(self.reads())
                .await?;
                let memberships = sqlx::query_as::<_, $crate::rows::MembershipRow>(
                    "SELECT id, municipality, cohort, status, source, note, joined_year, left_year FROM memberships \
                     ORDER BY municipality, cohort, COALESCE(joined_year, 0), id",
                )
                .fetch_all(self.reads())
                .await?;
                let mut by_key: std::collections::HashMap<String, Vec<vergleich_domain::Membership>> =
                    std::collections::HashMap::new();
                for m in memberships {
                    let key = m.municipality.clone();
                    by_key.entry(key).or_default().push(m.try_into()?);
                }
                rows.into_iter()
                    .map(|r| {
                        let memberships = by_key.remove(&r.key).unwrap_or_default();
                        r.into_domain(memberships)
                    })
                    .collect()
            }

            async fn append(
                &self,
                upload: $crate::types::NewUpload,
                observations: &[vergleich_domain::Observation],
            ) -> Result<$crate::UploadRecord, $crate::StoreError> {
                match self.write(&upload, observations, $crate::sql::Mode::All).await? {
                    // Without a lookup nothing is found.
                    $crate::Appended::Stored { upload, .. } | $crate::Appended::Found(upload) => Ok(upload),
                }
            }

            async fn append_changes(
                &self,
                lookup: &$crate::UploadLookup,
                upload: $crate::types::NewUpload,
                observations: &[vergleich_domain::Observation],
            ) -> Result<$crate::Appended, $crate::StoreError> {
                self.write(&upload, observations, $crate::sql::Mode::Changes(lookup)).await
            }

            async fn append_changes_many(
                &self,
                parts: &[$crate::NewPart],
            ) -> Result<Vec<$crate::Appended>, $crate::StoreError> {
                self.write_many(parts).await
            }

            async fn find_upload(
                &self,
                lookup: &$crate::UploadLookup,
            ) -> Result<Option<$crate::UploadRecord>, $crate::StoreError> {
                let mut conn = self.pool.acquire().await?;
                Self::find_in(&mut conn, lookup).await
            }

            async fn raw_file(&self, sha256: &str) -> Result<Option<Vec<u8>>, $crate::StoreError> {
                Ok(sqlx::query_scalar::<_, Vec<u8>>("SELECT content FROM raw_files WHERE sha256 = $1")
                    .bind(sha256)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn upload(
                &self,
                id: vergleich_domain::UploadId,
            ) -> Result<Option<$crate::UploadRecord>, $crate::StoreError> {
                let sql = format!("{} WHERE u.id = $1", $crate::sql::UPLOAD_SELECT);
                sqlx::query_as::<_, $crate::rows::UploadRow>(&sql)
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await?
                    .map(TryInto::try_into)
                    .transpose()
            }

            async fn observations(
                &self,
                q: &$crate::ObservationQuery,
            ) -> Result<Vec<$crate::StoredObservation>, $crate::StoreError> {
                let mut qb = Self::observation_sql(q);
                qb.build_query_as::<$crate::rows::ObservationRow>()
                    .fetch_all(self.reads())
                    .await?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn create_user(&self, user: &$crate::NewUser) -> Result<$crate::User, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO users (name, role, municipality, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(&user.name)
                .bind(user.role.as_str())
                .bind(user.municipality.as_ref().map(|m| m.as_str().to_owned()))
                .bind($ts(at))
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::error::from_sqlx)?;
                let detail = format!("role {}", user.role.as_str());
                Self::insert_audit(&mut tx, at, "cli", "user.created", &format!("user/{}", user.name), &detail).await?;
                tx.commit().await?;
                Ok($crate::User {
                    id,
                    name: user.name.clone(),
                    role: user.role,
                    municipality: user.municipality.clone(),
                    created_at: at,
                })
            }

            async fn user_by_name(&self, name: &str) -> Result<Option<$crate::User>, $crate::StoreError> {
                sqlx::query_as::<_, $crate::rows::UserRow>(
                    "SELECT id, name, role, municipality, created_at FROM users WHERE name = $1",
                )
                .bind(name)
                .fetch_optional(&self.pool)
                .await?
                .map(TryInto::try_into)
                .transpose()
            }

            async fn create_token(&self, user_id: i64, token_hash: &str, label: &str) -> Result<(), $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                sqlx::query("INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4)")
                    .bind(user_id)
                    .bind(token_hash)
                    .bind(label)
                    .bind($ts(at))
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::error::from_sqlx)?;
                Self::insert_audit(&mut tx, at, "cli", "token.created", &format!("user_id/{user_id}"), label).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn user_by_token(&self, token_hash: &str) -> Result<Option<$crate::User>, $crate::StoreError> {
                sqlx::query_as::<_, $crate::rows::UserRow>(
                    "SELECT u.id, u.name, u.role, u.municipality, u.created_at FROM users u \
                     JOIN api_tokens t ON t.user_id = u.id \
                     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?
                .map(TryInto::try_into)
                .transpose()
            }

            async fn audit_log(&self, limit: i64) -> Result<Vec<$crate::AuditEntry>, $crate::StoreError> {
                Ok(sqlx::query_as::<_, $crate::rows::AuditRow>(
                    "SELECT id, at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT $1",
                )
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
                .into_iter()
                .map(Into::into)
                .collect())
            }
        }
    };
}

pub(crate) use store_impl;
