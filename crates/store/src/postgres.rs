//! The PostgreSQL backend, for production. Timestamps are TIMESTAMPTZ.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::Connection;
use sqlx::postgres::{PgPool, PgPoolOptions};

use crate::error::{StoreError, redact_url};
use crate::sql::store_impl;
use crate::types::Backend;

/// The store on a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

fn ts(at: DateTime<Utc>) -> DateTime<Utc> {
    at
}

impl PgStore {
    const BACKEND: Backend = Backend::Postgres;

    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let connect_error = |source| StoreError::Connect {
            url: redact_url(url),
            source,
        };
        // One direct connection first: its error says "connection refused" or "password
        // authentication failed", where the pool would only say it timed out.
        sqlx::PgConnection::connect(url)
            .await
            .map_err(connect_error)?
            .close()
            .await
            .map_err(connect_error)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await
            .map_err(|source| StoreError::Connect {
                url: redact_url(url),
                source,
            })?;
        sqlx::migrate!("../../migrations/postgres")
            .run(&pool)
            .await?;
        Ok(Self { pool })
    }
}

store_impl!(PgStore, sqlx::Postgres, sqlx::PgConnection, ts);
