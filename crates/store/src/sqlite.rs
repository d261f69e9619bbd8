//! The SQLite backend: the embedded default. WAL journal with `synchronous=FULL` and foreign
//! keys on, checked after connecting, so an acknowledged write survives a crash.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::error::StoreError;
use crate::sql::store_impl;
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
            .busy_timeout(Duration::from_secs(5));
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

store_impl!(SqliteStore, sqlx::Sqlite, sqlx::SqliteConnection, ts);
