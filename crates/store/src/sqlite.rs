//! The SQLite backend: the embedded default. WAL journal with `synchronous=FULL` and foreign
//! keys on, checked after connecting, so an acknowledged write survives a crash.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use vergleich_domain::Observation;

use crate::error::{StoreError, from_sqlx};
use crate::sql::positive_zero;
use crate::sql::{SQLITE_INSERT_CHUNK, store_impl};
use crate::types::Backend;

/// The store on an SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

/// Timestamps as fixed-width RFC 3339 text (always six fractional digits, `Z`), so SQLite's text
/// comparison orders them correctly in `as_of` reads.
fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

impl SqliteStore {
    const BACKEND: Backend = Backend::Sqlite;

    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let connect_error = |source| StoreError::Connect {
            url: url.to_owned(),
            source,
        };
        let options = SqliteConnectOptions::from_str(url)
            .map_err(connect_error)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            // 64 MiB page cache per connection (default 2 MiB): a large upload touches many
            // index leaves at once; with the default cache the commit thrashed.
            .pragma("cache_size", "-65536");
        let path = options.get_filename().to_owned();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(connect_error)?;
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await?;
        let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&pool)
            .await?;
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        if !in_memory && (journal != "wal" || synchronous != 2) {
            return Err(StoreError::Durability {
                url: url.to_owned(),
                detail: format!(
                    "journal_mode={journal}, synchronous={synchronous} (need wal and 2 = FULL)"
                ),
            });
        }
        sqlx::migrate!("../../migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }
}

/// Appends observations with their versions. SQLite has no array binds, and binding nine values
/// a row through the driver cost more than the insert itself (measured: 7.1 s per million rows
/// with multi-row VALUES); so each chunk goes in as one JSON array of rows that SQLite unpacks
/// with `json_each`. Numbers travel in their shortest round-trip form and read back exactly.
async fn insert_observations(
    conn: &mut sqlx::SqliteConnection,
    upload_id: i64,
    at: DateTime<Utc>,
    observations: &[Observation],
    versions: &[i32],
) -> Result<(), StoreError> {
    type Row<'a> = (
        &'a str,
        &'a str,
        i32,
        i32,
        Option<f64>,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let at = ts(at);
    let order = crate::sql::key_order(observations);
    for chunk in order.chunks(SQLITE_INSERT_CHUNK) {
        let rows: Vec<Row<'_>> = chunk
            .iter()
            .filter_map(|&n| Some((observations.get(n)?, versions.get(n)?)))
            .map(|(o, version)| {
                (
                    o.municipality.as_str(),
                    o.indicator.as_str(),
                    o.period.year(),
                    *version,
                    o.value.map(positive_zero),
                    o.status.as_str(),
                    o.missing_reason.map(|r| r.as_str()),
                    o.note.as_deref(),
                    o.source.as_deref(),
                )
            })
            .collect();
        let json = serde_json::to_string(&rows)
            .map_err(|e| StoreError::Corrupt(format!("cannot encode rows: {e}")))?;
        sqlx::query(
            "INSERT INTO observations (municipality, indicator, period, version, value, status, \
             missing_reason, note, source, upload_id, recorded_at) \
             SELECT r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, \
             r.value ->> 5, r.value ->> 6, r.value ->> 7, r.value ->> 8, $2, $3 FROM json_each($1) AS r",
        )
        .bind(json)
        .bind(upload_id)
        .bind(&at)
        .execute(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    }
    Ok(())
}

/// The write locks of an upload: nothing to take, SQLite's single writer already holds the whole
/// database since `BEGIN IMMEDIATE` (see [`SqliteStore::begin_write`]).
async fn lock_for_upload(
    _conn: &mut sqlx::SqliteConnection,
    _observations: &[Observation],
    _lookup: Option<&crate::UploadLookup>,
) -> Result<(), StoreError> {
    Ok(())
}

impl SqliteStore {
    /// The pool of the reads views are computed from: one file, one pool.
    fn reads(&self) -> &SqlitePool {
        &self.pool
    }

    /// Write transactions take the write lock at BEGIN, so the version lookup and the inserts
    /// see the same state (a deferred BEGIN could fail with a stale snapshot under load).
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }
}

store_impl!(
    SqliteStore,
    sqlx::Sqlite,
    sqlx::SqliteConnection,
    ts,
    insert_observations,
    lock_for_upload
);

crate::sql::workflow_impl!(SqliteStore, sqlx::Sqlite, ts);
crate::sql::accounts_impl!(SqliteStore, sqlx::Sqlite, ts);
crate::sql::concepts_impl!(SqliteStore, sqlx::Sqlite, ts);
crate::sql::selfcheck_impl!(SqliteStore, sqlx::Sqlite, ts);
crate::sql::workshops_impl!(SqliteStore, sqlx::Sqlite, ts);
crate::sql::practices_impl!(SqliteStore, sqlx::Sqlite, ts);
crate::sql::catalogue_edits_impl!(SqliteStore, sqlx::Sqlite, ts);
crate::sql::cohort_edits_impl!(SqliteStore, sqlx::Sqlite, ts);
crate::sql::releases_impl!(SqliteStore, sqlx::Sqlite, ts);
crate::sql::spreads_impl!(SqliteStore, sqlx::Sqlite, ts);
crate::sql::fingerprints_impl!(SqliteStore, sqlx::Sqlite, ts);
