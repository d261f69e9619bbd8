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

/// Appends observations with their versions in multi-row INSERTs (SQLite has no array binds);
/// upload id and timestamp are the same for every row, so they are constants of the SELECT.
async fn insert_observations(
    conn: &mut sqlx::SqliteConnection,
    upload_id: i64,
    at: DateTime<Utc>,
    observations: &[Observation],
    versions: &[i32],
) -> Result<(), StoreError> {
    let at = ts(at);
    let rows: Vec<(&Observation, i32)> =
        observations.iter().zip(versions.iter().copied()).collect();
    for chunk in rows.chunks(SQLITE_INSERT_CHUNK) {
        let mut qb = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO observations (municipality, indicator, period, version, value, status, \
             missing_reason, note, source, upload_id, recorded_at) \
             SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, \
             v.column8, v.column9, ",
        );
        qb.push_bind(upload_id)
            .push(", ")
            .push_bind(at.clone())
            .push(" FROM (");
        qb.push_values(chunk, |mut row, (o, version)| {
            row.push_bind(o.municipality.as_str().to_owned())
                .push_bind(o.indicator.as_str().to_owned())
                .push_bind(o.period.year())
                .push_bind(*version)
                .push_bind(o.value)
                .push_bind(o.status.as_str())
                .push_bind(o.missing_reason.map(|r| r.as_str()))
                .push_bind(o.note.clone())
                .push_bind(o.source.clone());
        });
        qb.push(") AS v");
        qb.build().execute(&mut *conn).await.map_err(from_sqlx)?;
    }
    Ok(())
}

impl SqliteStore {
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
    insert_observations
);
