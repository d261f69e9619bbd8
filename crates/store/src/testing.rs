//! Test helpers for every crate's tests: a fresh SQLite file per test, a fresh PostgreSQL
//! database per test (from `TEST_DATABASE_URL`), and the shipped datasets.
//!
//! Without `TEST_DATABASE_URL` the PostgreSQL variant is skipped with a note on stderr, so
//! `cargo test` passes on a machine without PostgreSQL; with `VERGLEICH_REQUIRE_POSTGRES=1` (set
//! by `.ci/run`) a missing or unreachable PostgreSQL fails the test instead.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Connection;

use crate::{Seed, Store, datasets};

/// The repository's `datasets/` folder.
pub fn datasets_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../datasets"))
}

/// The shipped catalogue and cohort, with or without the demo observations.
pub fn shipped_seed(with_demo: bool) -> Seed {
    match datasets::load_seed(&datasets_dir(), with_demo) {
        Ok(seed) => seed,
        Err(err) => panic!("shipped datasets do not load: {err}"),
    }
}

/// A database that exists for one test.
pub struct TestDb {
    pub store: Arc<dyn Store>,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    /// A fresh SQLite file in a temporary folder.
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let url = format!("sqlite:{}", dir.path().join("test.sqlite").display());
        let store = crate::connect(&url).await.unwrap_or_else(|e| panic!("{e}"));
        Self {
            store,
            url,
            cleanup: Cleanup::Sqlite(dir),
        }
    }

    /// A fresh PostgreSQL database, or `None` when `TEST_DATABASE_URL` is not set (and not required).
    pub async fn postgres() -> Option<Self> {
        let admin_url = postgres_url()?;
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "vergleich_t_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            chrono::Utc::now().timestamp_micros() % 1_000_000_000
        );
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| {
                panic!("TEST_DATABASE_URL is set but PostgreSQL is unreachable: {e}")
            });
        sqlx::query(&format!("CREATE DATABASE \"{name}\""))
            .execute(&mut admin)
            .await
            .unwrap_or_else(|e| panic!("create test database: {e}"));
        let url = with_database(&admin_url, &name);
        let store = crate::connect(&url).await.unwrap_or_else(|e| panic!("{e}"));
        Some(Self {
            store,
            url,
            cleanup: Cleanup::Postgres { admin_url, name },
        })
    }

    /// Drops a PostgreSQL test database (a SQLite folder goes with the value).
    pub async fn close(self) {
        drop(self.store);
        if let Cleanup::Postgres { admin_url, name } = self.cleanup
            && let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await
        {
            // Best effort: .ci/run drops leftovers of panicked tests before the next run.
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&mut admin)
                .await;
        }
    }
}

/// `TEST_DATABASE_URL`, or `None` with a note; panics when PostgreSQL is required but not configured.
pub fn postgres_url() -> Option<String> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("VERGLEICH_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") => {
            panic!("VERGLEICH_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
        }
        _ => {
            eprintln!("note: TEST_DATABASE_URL not set, PostgreSQL variant skipped");
            None
        }
    }
}

/// The same server URL with another database name.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let head = base.rsplit_once('/').map_or(base, |(head, _)| head);
    match query {
        Some(q) => format!("{head}/{name}?{q}"),
        None => format!("{head}/{name}"),
    }
}
