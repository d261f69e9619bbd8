//! A response cache for the computed reads (comparisons, scores, profiles, trends, groups,
//! coverage, sensitivity, scatter, in every form including the rendered charts).
//!
//! A cached answer is keyed by the data version, what the reader may see (published / own
//! member / everything), the full URI (path and query: year, group, weights, language, ...) and
//! the `Accept` header (a suffix like `.png` has become `Accept` before routing). Old entries
//! age out of the size-bounded cache. Only `200` answers are kept, at most `MAX_BODY` bytes each.
//!
//! The data version has two parts, so that a cached read costs no database round trip:
//! - every successful request to a route that writes data ([`DATA_WRITES`]: an upload, a review
//!   step) counts up a local counter at once ([`writes_data`], [`track_write`]), so its own readers see the
//!   change with their next request; signing in or out, with or without a session, is no data
//!   change and leaves cache and data states alone;
//! - the database's version (the newest audit entry of an upload or a review step; users, tokens,
//!   sessions and refused sign-ins do not count) is read again at most once per [`REFRESH`], so
//!   writes by another process (`vergleich import`, a second instance) show within that time.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, MatchedPath, Request};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use vergleich_store::Visibility;

use crate::auth::Principal;
use crate::state::AppState;

/// The routes whose answers are computed from the data and cached.
pub const CACHEABLE: &[&str] = &[
    "/api/v1/comparisons/{indicator}",
    "/api/v1/field-scores",
    "/api/v1/field-scores/{field}",
    "/api/v1/profiles/{municipality}",
    "/api/v1/trends/{indicator}",
    "/api/v1/peer-groups/{municipality}",
    "/api/v1/coverage",
    "/api/v1/sensitivity/{field}",
    "/api/v1/scatter",
    // Releases and their open-data files: each answer reads the whole release (and the ZIP
    // compresses it), so repeats come from the cache like the views.
    "/api/v1/releases",
    "/api/v1/releases/{name}",
    "/api/v1/releases/{name}/datapackage.zip",
    "/api/v1/releases/{name}/datapackage.json",
    "/api/v1/releases/{name}/dcat.jsonld",
];

/// How old the database part of the data version may get.
pub const REFRESH: Duration = Duration::from_secs(1);

/// The data version: a local write counter and the database's version, read at most once per
/// [`REFRESH`].
#[derive(Debug)]
pub struct DataVersion {
    local: AtomicU64,
    /// When the database part was read, its value, and the moments of the releases then
    /// (read again only when the database part changed).
    database: Mutex<Option<Read>>,
    /// One request refreshes the database part; the others keep using the previous value
    /// meanwhile instead of all queueing for a database connection at once.
    refreshing: AtomicBool,
}

/// One read of the database part: when, its value, the releases' moments then.
type Read = (Instant, i64, Arc<[DateTime<Utc>]>);

impl Default for DataVersion {
    fn default() -> Self {
        Self {
            local: AtomicU64::new(0),
            database: Mutex::new(None),
            refreshing: AtomicBool::new(false),
        }
    }
}

impl DataVersion {
    /// A write through this process may have changed what readers see.
    pub fn bump(&self) {
        self.local.fetch_add(1, Ordering::SeqCst);
    }

    /// The current version as a cache-key part.
    pub async fn current(
        &self,
        store: &dyn vergleich_store::Store,
    ) -> Result<Version, vergleich_store::StoreError> {
        // Read the counter first: a write finishing meanwhile makes the key newer, never older.
        let local = self.local.load(Ordering::SeqCst);
        let cached = self
            .database
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        let (database, moments) = match cached {
            Some((at, version, moments)) if at.elapsed() < REFRESH => (version, moments),
            Some((_, version, moments))
                if self
                    .refreshing
                    .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
                    .is_err() =>
            {
                // Another request is reading the new value right now.
                (version, moments)
            }
            previous => {
                // Cleared however this ends, a cancelled request included.
                let _refreshing = Refreshing(&self.refreshing);
                let version = store.data_version().await?;
                let moments = match previous {
                    Some((_, before, moments)) if before == version => moments,
                    _ => store.releases().await?.iter().map(|r| r.at).collect(),
                };
                *self
                    .database
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) =
                    Some((Instant::now(), version, Arc::clone(&moments)));
                (version, moments)
            }
        };
        // A scheduled release coming out changes what the public sees with no write (its
        // embargoed values appear): the moments passed are part of the version.
        let now = Utc::now();
        let released = moments.iter().filter(|m| **m <= now).count();
        Ok(Version {
            database,
            local,
            released,
        })
    }
}

/// The data version as a cache-key part, written `database.local` (no string per request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    database: i64,
    local: u64,
    /// Releases whose moment has passed.
    released: usize,
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.database, self.local, self.released)
    }
}

/// Marks the refresh as done when dropped.
struct Refreshing<'a>(&'a AtomicBool);

impl Drop for Refreshing<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

pub use crate::writes::{DATA_WRITES, OTHER_WRITES};
pub(crate) use crate::writes::{track_write, writes_data};

/// Largest answer kept (a print-size PNG at 2× is well below this).
pub const MAX_BODY: usize = 8 * 1024 * 1024;
/// Total bytes of cached answers.
pub const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;
/// Shards of the response cache (each holds a quarter of [`CAPACITY_BYTES`]).
const SHARDS: usize = 4;

#[derive(Clone)]
pub struct CachedResponse {
    headers: Vec<(header::HeaderName, HeaderValue)>,
    body: Bytes,
}

/// The cache, shared by every request.
pub struct ResponseCache {
    entries: quick_cache::sync::Cache<String, CachedResponse, Weight>,
}

#[derive(Clone)]
struct Weight;

impl quick_cache::Weighter<String, CachedResponse> for Weight {
    fn weight(&self, key: &String, value: &CachedResponse) -> u64 {
        (key.len() + value.body.len() + 256) as u64
    }
}

impl std::fmt::Debug for ResponseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseCache")
            .field("entries", &self.entries.len())
            .field("bytes", &self.entries.weight())
            .finish()
    }
}

impl Default for ResponseCache {
    fn default() -> Self {
        Self::with_capacity(CAPACITY_BYTES)
    }
}

impl ResponseCache {
    pub fn with_capacity(bytes: u64) -> Self {
        // quick_cache refuses an entry above its shard's share of the capacity (less its cold
        // part), and by default makes four shards per core: on 16 cores a shard of 64 MiB held
        // nothing over 1 MiB. Four shards keep the largest answer (`MAX_BODY`) admissible.
        Self {
            entries: sharded(4_096, bytes, SHARDS, Weight),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A quick_cache of `capacity` weight in exactly `shards` shards (its default, four per core,
/// decides which entries are admitted by the machine it runs on).
pub(crate) fn sharded<K, V, W>(
    items: usize,
    capacity: u64,
    shards: usize,
    weighter: W,
) -> quick_cache::sync::Cache<K, V, W>
where
    K: Eq + std::hash::Hash,
    V: Clone,
    W: quick_cache::Weighter<K, V> + Clone,
{
    let options = quick_cache::OptionsBuilder::new()
        .estimated_items_capacity(items)
        .weight_capacity(capacity)
        .shards(shards)
        .build()
        .unwrap_or_else(|_| unreachable!("capacity and items are set"));
    quick_cache::sync::Cache::with_options(
        options,
        weighter,
        Default::default(),
        Default::default(),
    )
}

/// What a reader may see, as a cache-key part (written into the key, no string of its own).
pub(crate) struct Reader<'a>(pub &'a Visibility);

impl std::fmt::Display for Reader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Visibility::Published => f.write_str("published"),
            Visibility::PublishedOrOwn(member) => write!(f, "own:{member}"),
            Visibility::Everything => f.write_str("all"),
        }
    }
}

/// The middleware: answers a cacheable read from the cache, or computes and keeps it.
pub(crate) async fn responses(state: &AppState, request: Request, next: Next) -> Response {
    let cacheable = request.method() == Method::GET
        && request
            .extensions()
            .get::<MatchedPath>()
            .is_some_and(|p| CACHEABLE.contains(&p.as_str()));
    if !cacheable || state.http.no_view_cache {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    // The principal is cached in the request, so the handler does not look it up again.
    let principal = match Principal::from_request_parts(&mut parts, state).await {
        Ok(p) => p,
        Err(err) => return err.into_response(),
    };
    let version = match state.data_version.current(&*state.store).await {
        Ok(v) => v,
        Err(err) => return crate::error::AppError::from(err).into_response(),
    };
    let accept = parts
        .headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let key = format!(
        "{version}|{}|{}|{accept}",
        Reader(&principal.visibility()),
        parts.uri
    );
    // One request computes a missing answer; the others asking for it meanwhile wait for it
    // instead of computing it too. Without a 200 the guard is dropped and the next one tries.
    let guard = match state.cache.entries.get_value_or_guard_async(&key).await {
        Ok(hit) => return answer(&hit, "hit"),
        Err(guard) => guard,
    };
    let response = next.run(Request::from_parts(parts, body)).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(collected) = axum::body::to_bytes(body, MAX_BODY).await else {
        return crate::error::AppError::new(
            crate::error::ErrorCode::Internal,
            "Die Antwort ist zu groß zum Zwischenspeichern.",
            "The answer is too large to cache.",
        )
        .into_response();
    };
    // The ETag once, here, instead of hashing the body on every hit (see `ops::etag`).
    let mut headers = kept(&parts.headers);
    headers.push((header::ETAG, crate::ops::etag::strong_tag(&collected)));
    headers.push((
        header::VARY,
        HeaderValue::from_static(crate::ops::etag::VARY),
    ));
    let entry = CachedResponse {
        headers,
        body: collected,
    };
    let _ = guard.insert(entry.clone());
    answer(&entry, "miss")
}

/// The handler's headers (the outer layers add theirs to every answer again); the length is
/// set anew from the body.
fn kept(headers: &HeaderMap) -> Vec<(header::HeaderName, HeaderValue)> {
    headers
        .iter()
        .filter(|(name, _)| *name != header::CONTENT_LENGTH)
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}

fn answer(entry: &CachedResponse, how: &'static str) -> Response {
    let mut response = Response::new(Body::from(entry.body.clone()));
    let headers = response.headers_mut();
    headers.reserve(entry.headers.len() + 1);
    for (name, value) in &entry.headers {
        headers.append(name.clone(), value.clone());
    }
    response
        .headers_mut()
        .insert("x-cache", HeaderValue::from_static(how));
    response
}

#[cfg(test)]
#[path = "cache_tests.rs"]
mod tests;
