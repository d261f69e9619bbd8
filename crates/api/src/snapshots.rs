//! The data states views are computed from, kept in memory per data version and reader.
//!
//! Every comparison, chart and dashboard page starts from the same [`ViewData`]: catalogue,
//! cohort and the current observations one reader may see, as a polars frame. Reading and
//! building that is most of the cost of a view (four queries and a frame of every observation,
//! against well under a millisecond for the comparison itself), and it only changes when the data
//! does. So it is kept here, keyed like the response cache (`crate::cache`) by the data version
//! and what the reader may see (`published`, `own:<AGS>`, `all`): a write through this process
//! is seen by the next request, another process's write within [`crate::cache::REFRESH`].
//!
//! Requests that miss together wait for one load instead of all querying the database at once
//! (a burst of 64 misses once queued two seconds for pool connections). Loads of different
//! states run one at a time ([`Snapshots::loads`]): at national scale one load holds about
//! 2.4 GiB while it reads and builds, and requests for several states at once (readers'
//! previews, releases) would each have held that much together.

use std::sync::Arc;

use vergleich_store::Visibility;

use crate::state::AppState;
use vergleich_service::{Error, ViewData};

/// How many observations the kept data states may hold together by default
/// (`--kept-observations`).
pub const CAPACITY_OBSERVATIONS: u64 = 4_000_000;

/// The kept data states: those within the capacity in a size-bounded cache, and the newest one
/// larger than the whole capacity on its own.
///
/// A state larger than the capacity used to be read anew for every view, and two concurrent
/// views each read it (a national cohort of 5.5 million observations: a reload storm). Now it
/// is kept alone in [`Snapshots::oversize`], replacing the previous oversize state, so memory
/// stays bounded by the capacity plus one state, and a warning in the log and
/// `vergleich_data_states_oversize_total` say that the capacity is too small for the data.
pub struct Snapshots {
    entries: quick_cache::sync::Cache<String, Arc<ViewData>, Weight>,
    oversize: std::sync::Mutex<Option<(String, Arc<ViewData>)>>,
    capacity: u64,
    /// One load at a time: memory while loading is one state's, whatever is asked at once.
    loads: tokio::sync::Semaphore,
    /// Loads running now, and the most that ever ran at once (for tests and `Debug`).
    loading: std::sync::atomic::AtomicUsize,
    most_loading: std::sync::atomic::AtomicUsize,
    /// The newest state of each base reader (public, managers, each release asked lately):
    /// the next state after a write is built from it, reading only the members whose uploads
    /// changed ([`vergleich_service::data::load_from`]). A member's own state is built from
    /// the public one.
    bases: std::sync::Mutex<Vec<Base>>,
    /// Loads running or waiting for their turn, by key: requests for the same state wait for
    /// the same load.
    pending:
        std::sync::Mutex<std::collections::HashMap<String, tokio::sync::watch::Receiver<Outcome>>>,
}

/// A state later ones are built upon: its reader label, its cache key, the state.
struct Base {
    label: String,
    key: String,
    data: Arc<ViewData>,
}

/// At most this many base states (the public one, the managers' one and the releases asked
/// lately), each up to a national table in memory.
pub const MAX_BASES: usize = 4;

#[derive(Clone)]
struct Weight;

impl quick_cache::Weighter<String, Arc<ViewData>> for Weight {
    fn weight(&self, _key: &String, value: &Arc<ViewData>) -> u64 {
        weight(value)
    }
}

fn weight(data: &ViewData) -> u64 {
    data.frame.height() as u64 + 1
}

/// The percentage of the capacity one state may take and still be kept in the cache (quick_cache
/// admits an entry only up to its "hot" part, 97 % of a shard); a larger one is kept alone.
pub const ADMITTED_PERCENT: u64 = 90;

impl Default for Snapshots {
    fn default() -> Self {
        Self::with_capacity(CAPACITY_OBSERVATIONS)
    }
}

impl std::fmt::Debug for Snapshots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshots")
            .field("entries", &self.entries.len())
            .field("observations", &self.entries.weight())
            .field("oversize", &self.oversize().is_some())
            .finish()
    }
}

impl Snapshots {
    /// Kept states of at most `observations` together (at least 1).
    pub fn with_capacity(observations: u64) -> Self {
        let capacity = observations.max(1);
        // One shard: quick_cache splits its capacity between shards and refuses any entry
        // above a shard's share, so with the default sharding a state of half the capacity
        // was never kept.
        Self {
            entries: crate::cache::sharded(64, capacity, 1, Weight),
            oversize: std::sync::Mutex::new(None),
            capacity,
            loads: tokio::sync::Semaphore::new(1),
            loading: Default::default(),
            most_loading: Default::default(),
            bases: Default::default(),
            pending: Default::default(),
        }
    }

    /// Data-state loads running now.
    pub fn loads_running(&self) -> usize {
        self.loading.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The most data-state loads that ever ran at once in this process (one, by design).
    pub fn most_concurrent_loads(&self) -> usize {
        self.most_loading.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many data states are kept.
    pub fn len(&self) -> usize {
        self.entries.len() + usize::from(self.oversize().is_some())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn oversize(&self) -> std::sync::MutexGuard<'_, Option<(String, Arc<ViewData>)>> {
        self.oversize
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The oversize state, if it is the one of `key`.
    fn oversize_of(&self, key: &str) -> Option<Arc<ViewData>> {
        self.oversize()
            .as_ref()
            .filter(|(k, _)| k == key)
            .map(|(_, data)| Arc::clone(data))
    }

    fn bases(&self) -> std::sync::MutexGuard<'_, Vec<Base>> {
        self.bases
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The base state kept under `key`, if any (it may have left the cache).
    fn base_of(&self, key: &str) -> Option<Arc<ViewData>> {
        self.bases()
            .iter()
            .find(|b| b.key == key)
            .map(|b| Arc::clone(&b.data))
    }

    /// The state to build `source`'s upon: the newest of its own reader, else (for current
    /// data) the public one.
    fn base_for(&self, source: &Source) -> Option<Arc<ViewData>> {
        let bases = self.bases();
        let find = |label: &str| bases.iter().find(|b| b.label == label);
        let own = source.base_label().and_then(|label| find(&label));
        let public = match source {
            Source::Current(_) => find(PUBLIC),
            Source::Release(_) => None,
        };
        own.or(public).map(|b| Arc::clone(&b.data))
    }

    /// Keeps `data` as the base of its reader, replacing the previous one; the oldest release
    /// goes when there are more than [`MAX_BASES`].
    fn keep_base(&self, source: &Source, key: &str, data: &Arc<ViewData>) {
        let Some(label) = source.base_label() else {
            return;
        };
        let mut bases = self.bases();
        bases.retain(|b| b.label != label);
        bases.push(Base {
            label,
            key: key.to_owned(),
            data: Arc::clone(data),
        });
        while bases.len() > MAX_BASES {
            let Some(oldest) = bases.iter().position(|b| b.label.starts_with("release:")) else {
                break;
            };
            bases.remove(oldest);
        }
    }

    /// Whether a state this large is admitted to the cache (else it is kept as the oversize one).
    fn fits(&self, data: &ViewData) -> bool {
        weight(data).saturating_mul(100) <= self.capacity.saturating_mul(ADMITTED_PERCENT)
    }
}

/// The data state `visibility` allows at the current data version: kept, or read and built
/// once (polars work, on [`crate::work`]) while concurrent requests for it wait. Errors are the
/// application layer's, so the API and the pages answer them alike.
pub async fn view_data(state: &AppState, visibility: Visibility) -> Result<Arc<ViewData>, Error> {
    let version = state.data_version.current(&*state.store).await?;
    let key = format!("{version}|{}", crate::cache::Reader(&visibility));
    kept(state, key, Source::Current(visibility)).await
}

/// The data of a release (the caller checked that the reader may see it), kept like the
/// current states; its observations never change, the catalogue and cohort are read anew with
/// the data version.
pub async fn release_data(
    state: &AppState,
    release: &vergleich_domain::Release,
) -> Result<Arc<ViewData>, Error> {
    let version = state.data_version.current(&*state.store).await?;
    let key = format!("{version}|release:{}", release.name);
    kept(state, key, Source::Release(release.clone())).await
}

enum Source {
    Current(Visibility),
    Release(vergleich_domain::Release),
}

/// The label of the public base state.
const PUBLIC: &str = "published";

impl Source {
    /// The base label of this reader: the public, the managers', a release's; a member's own
    /// state is no base (it is built from the public one).
    fn base_label(&self) -> Option<String> {
        match self {
            Source::Current(Visibility::Published) => Some(PUBLIC.to_owned()),
            Source::Current(Visibility::Everything) => Some("all".to_owned()),
            Source::Current(Visibility::PublishedOrOwn(_)) => None,
            Source::Release(r) => Some(format!("release:{}", r.name)),
        }
    }
}

async fn kept(state: &AppState, key: String, source: Source) -> Result<Arc<ViewData>, Error> {
    let snapshots = &state.snapshots;
    if let Some(data) = snapshots.ready(&key) {
        return Ok(data);
    }
    let mut waiting = snapshots.pending_or_start(state, key, source);
    let done = waiting
        .wait_for(Option::is_some)
        .await
        .map_err(|_| Error::internal(anyhow::anyhow!("a data load stopped without a result")))?;
    match done.as_ref() {
        Some(Ok(data)) => Ok(Arc::clone(data)),
        Some(Err(err)) => Err(copy_error(err)),
        None => Err(Error::internal(anyhow::anyhow!("a data load ended empty"))),
    }
}

/// The outcome of one load, shared by every request that waits for it.
type Outcome = Option<Result<Arc<ViewData>, Arc<Error>>>;

impl Snapshots {
    /// The state of `key` if it is kept (in the cache, as the oversize one or as a base).
    fn ready(&self, key: &str) -> Option<Arc<ViewData>> {
        self.entries
            .get(key)
            .or_else(|| self.oversize_of(key))
            .or_else(|| self.base_of(key))
    }

    /// The running load of `key`, or a new one. The load is a task of its own: a request that
    /// gives up (its timeout, a closed connection) does not cancel it, so a state that takes
    /// longer to read than one request may wait (a national table on SQLite: 80 s, against a
    /// 30 s request timeout) is still read once and kept, instead of being started again and
    /// cancelled again by every request.
    fn pending_or_start(
        &self,
        state: &AppState,
        key: String,
        source: Source,
    ) -> tokio::sync::watch::Receiver<Outcome> {
        let mut pending = self
            .pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(waiting) = pending.get(&key) {
            return waiting.clone();
        }
        let (done, waiting) = tokio::sync::watch::channel(None);
        pending.insert(key.clone(), waiting.clone());
        let state = state.clone();
        tokio::spawn(async move {
            let outcome = load(&state, &key, source).await.map_err(Arc::new);
            // Kept (or failed) before the load leaves the list: a request in between finds it.
            state
                .snapshots
                .pending
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .remove(&key);
            let _ = done.send(Some(outcome));
        });
        waiting
    }
}

/// An error for each request that waited for the same failed load.
fn copy_error(err: &Error) -> Error {
    Error {
        code: err.code,
        detail_de: err.detail_de.clone(),
        detail_en: err.detail_en.clone(),
        errors: err.errors.clone(),
        source: err.source.as_ref().map(|s| anyhow::anyhow!("{s:#}")),
        extensions: err.extensions.clone(),
    }
}

/// Reads and builds the state of `key`, one load at a time, and keeps it.
async fn load(state: &AppState, key: &str, source: Source) -> Result<Arc<ViewData>, Error> {
    let snapshots = &state.snapshots;
    let _permit = snapshots
        .loads
        .acquire()
        .await
        .map_err(|err| Error::internal(anyhow::anyhow!("data loads closed: {err}")))?;
    let _loading = Loading::start(snapshots);
    let started = std::time::Instant::now();
    let base = snapshots.base_for(&source);
    let mut input = match &source {
        Source::Current(visibility) => {
            vergleich_service::data::load_from(&*state.store, visibility.clone(), None, base)
                .await?
        }
        Source::Release(release) => {
            let visibility =
                vergleich_service::data::release_visibility(release, chrono::Utc::now());
            vergleich_service::data::load_from(&*state.store, visibility, Some(release), base)
                .await?
        }
    };
    input.default_share = f64::from(state.http.default_year_coverage) / 100.0;
    let read = started.elapsed();
    let data = state
        .work
        .run(move || input.into_data())
        .await
        .map_err(|err| Error::internal(anyhow::anyhow!("data state stopped: {err}")))??;
    // One line per load (not per request): what a first view after new data waits for.
    tracing::info!(
        key = %key,
        observations = data.frame.height(),
        rows_read = data.provenance.read.rows,
        members_read = data.provenance.read.members_read,
        read_ms = read.as_millis() as u64,
        build_ms = (started.elapsed() - read).as_millis() as u64,
        "data state loaded"
    );
    state.metrics.data_loads.inc();
    state
        .metrics
        .data_rows_read
        .inc_by(data.provenance.read.rows as u64);
    vergleich_service::analyses::count(vergleich_service::analyses::Analysis::DataState);
    let data = Arc::new(data);
    snapshots.keep_base(&source, key, &data);
    if snapshots.fits(&data) {
        snapshots.entries.insert(key.to_owned(), Arc::clone(&data));
    } else {
        tracing::warn!(
            observations = data.frame.height(),
            capacity = snapshots.capacity,
            "a data state is larger than --kept-observations: kept alone, outside the cache"
        );
        state.metrics.data_states_oversize.inc();
        *snapshots.oversize() = Some((key.to_owned(), Arc::clone(&data)));
    }
    Ok(data)
}

/// Counts a running load from start to drop (an error or a cancelled request included).
struct Loading<'a>(&'a Snapshots);

impl<'a> Loading<'a> {
    fn start(snapshots: &'a Snapshots) -> Self {
        use std::sync::atomic::Ordering;
        let now = snapshots.loading.fetch_add(1, Ordering::SeqCst) + 1;
        snapshots.most_loading.fetch_max(now, Ordering::SeqCst);
        Self(snapshots)
    }
}

impl Drop for Loading<'_> {
    fn drop(&mut self) {
        self.0
            .loading
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}
