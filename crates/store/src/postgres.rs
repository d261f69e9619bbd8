//! The PostgreSQL backend, for production. Timestamps are TIMESTAMPTZ.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::Connection;
use sqlx::postgres::{PgPool, PgPoolOptions};

use vergleich_domain::Observation;

use crate::error::{StoreError, from_sqlx, redact_url};
use crate::sql::{PG_INSERT_CHUNK, positive_zero, store_impl};
use crate::types::Backend;

/// The store on a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    /// The reads views are computed from (catalogue, cohort, observations, data version,
    /// releases): a read replica's pool when one is given, else the same pool.
    reads: PgPool,
}

fn ts(at: DateTime<Utc>) -> DateTime<Utc> {
    at
}

impl PgStore {
    const BACKEND: Backend = Backend::Postgres;

    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        Self::connect_with_reads(url, None).await
    }

    /// The store on the primary at `url`, reading what views are computed from through
    /// `read_url` (a streaming replica) when given. Migrations run on the primary only.
    pub async fn connect_with_reads(url: &str, read_url: Option<&str>) -> Result<Self, StoreError> {
        let pool = Self::pool(url).await?;
        sqlx::migrate!("../../migrations/postgres")
            .run(&pool)
            .await?;
        let reads = match read_url {
            Some(read_url) => Self::pool(read_url).await?,
            None => pool.clone(),
        };
        Ok(Self { pool, reads })
    }

    async fn pool(url: &str) -> Result<PgPool, StoreError> {
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
        PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await
            .map_err(connect_error)
    }

    fn reads(&self) -> &PgPool {
        &self.reads
    }
}

/// Appends observations with their versions, in key order (see [`crate::sql::key_order`]): one
/// INSERT … SELECT FROM UNNEST per chunk, nine array binds whatever the row count.
async fn insert_observations(
    conn: &mut sqlx::PgConnection,
    upload_id: i64,
    at: DateTime<Utc>,
    observations: &[Observation],
    versions: &[i32],
) -> Result<(), StoreError> {
    let order = crate::sql::key_order(observations);
    for positions in order.chunks(PG_INSERT_CHUNK) {
        let (chunk, versions): (Vec<&Observation>, Vec<i32>) = positions
            .iter()
            .filter_map(|&n| Some((observations.get(n)?, *versions.get(n)?)))
            .unzip();
        let municipalities: Vec<&str> = chunk.iter().map(|o| o.municipality.as_str()).collect();
        let indicators: Vec<&str> = chunk.iter().map(|o| o.indicator.as_str()).collect();
        let periods: Vec<i32> = chunk.iter().map(|o| o.period.year()).collect();
        let values: Vec<Option<f64>> = chunk.iter().map(|o| o.value.map(positive_zero)).collect();
        let statuses: Vec<&str> = chunk.iter().map(|o| o.status.as_str()).collect();
        let reasons: Vec<Option<&str>> = chunk
            .iter()
            .map(|o| o.missing_reason.map(|r| r.as_str()))
            .collect();
        let notes: Vec<Option<&str>> = chunk.iter().map(|o| o.note.as_deref()).collect();
        let sources: Vec<Option<&str>> = chunk.iter().map(|o| o.source.as_deref()).collect();
        sqlx::query(
            "INSERT INTO observations (municipality, indicator, period, version, value, status, \
             missing_reason, note, source, upload_id, recorded_at) \
             SELECT v.m, v.i, v.p, v.version, v.value, v.status, v.reason, v.note, v.source, $10, $11 \
             FROM UNNEST($1::text[], $2::text[], $3::int4[], $4::int4[], $5::float8[], $6::text[], \
             $7::text[], $8::text[], $9::text[]) AS v(m, i, p, version, value, status, reason, note, source)",
        )
        .bind(&municipalities)
        .bind(&indicators)
        .bind(&periods)
        .bind(&versions)
        .bind(&values)
        .bind(&statuses)
        .bind(&reasons)
        .bind(&notes)
        .bind(&sources)
        .bind(upload_id)
        .bind(at)
        .execute(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    }
    Ok(())
}

/// Members up to which an upload locks each member on its own; beyond, it locks all of them at
/// once. Advisory locks share PostgreSQL's lock table (`max_locks_per_transaction` x
/// connections, 6,400 by default), which an import naming thousands of members would exhaust.
const MEMBER_LOCKS: usize = 64;

/// The write locks of an upload, held until its transaction ends: one advisory lock per member
/// whose observations it versions (two uploads of one member read the newest versions one after
/// the other, not both the same), and one for the earlier upload it must not duplicate (the
/// second of two identical files finds the first). Every upload first takes the lock on all
/// members, shared, or exclusive instead of the member locks when it names more than
/// [`MEMBER_LOCKS`] members; then the rest in ascending order. So two writers never wait for each
/// other in a cycle.
async fn lock_for_upload(
    conn: &mut sqlx::PgConnection,
    observations: &[Observation],
    lookup: Option<&crate::UploadLookup>,
) -> Result<(), StoreError> {
    let members = crate::sql::distinct(observations.iter().map(|o| o.municipality.as_str()));
    let every_member = lock_key("observations");
    let mut keys: Vec<i64> = Vec::new();
    if members.len() > MEMBER_LOCKS {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(every_member)
            .execute(&mut *conn)
            .await?;
    } else {
        sqlx::query("SELECT pg_advisory_xact_lock_shared($1)")
            .bind(every_member)
            .execute(&mut *conn)
            .await?;
        keys.extend(
            members
                .iter()
                .map(|m| lock_key(&format!("observations:{m}"))),
        );
    }
    keys.extend(lookup.map(|lookup| match lookup {
        crate::UploadLookup::IdempotencyKey { uploaded_by, key } => {
            lock_key(&format!("idempotency-key:{uploaded_by}:{key}"))
        }
        crate::UploadLookup::Content {
            municipality,
            sha256,
        } => lock_key(&format!(
            "content:{}:{sha256}",
            municipality.as_ref().map_or("", |m| m.as_str())
        )),
    }));
    keys.sort_unstable();
    keys.dedup();
    // UNNEST hands the keys out in array order, and each row's lock is taken as it comes.
    sqlx::query("SELECT pg_advisory_xact_lock(k) FROM UNNEST($1::int8[]) AS k")
        .bind(&keys)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A 64-bit advisory lock key for a name: the first eight bytes of its SHA-256 (two names that
/// share a key only share a lock).
fn lock_key(name: &str) -> i64 {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(name.as_bytes());
    let mut first = [0_u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

impl PgStore {
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        self.pool.begin().await
    }
}

store_impl!(
    PgStore,
    sqlx::Postgres,
    sqlx::PgConnection,
    ts,
    insert_observations,
    lock_for_upload
);

crate::sql::workflow_impl!(PgStore, sqlx::Postgres, ts);
crate::sql::accounts_impl!(PgStore, sqlx::Postgres, ts);
crate::sql::concepts_impl!(PgStore, sqlx::Postgres, ts);
crate::sql::selfcheck_impl!(PgStore, sqlx::Postgres, ts);
crate::sql::workshops_impl!(PgStore, sqlx::Postgres, ts);
crate::sql::practices_impl!(PgStore, sqlx::Postgres, ts);
crate::sql::catalogue_edits_impl!(PgStore, sqlx::Postgres, ts);
crate::sql::cohort_edits_impl!(PgStore, sqlx::Postgres, ts);
crate::sql::releases_impl!(PgStore, sqlx::Postgres, ts);
crate::sql::spreads_impl!(PgStore, sqlx::Postgres, ts);
crate::sql::fingerprints_impl!(PgStore, sqlx::Postgres, ts);
