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

mod disk;
mod load;
use load::{Outcome, copy_error};
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
    /// The folder the public state and those of releases that are out are kept in between
    /// starts (`--kept-state-dir`), if any.
    disk: Option<Arc<disk::Disk>>,
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
            disk: None,
        }
    }

    /// The same, keeping the public state and releases' in `dir` between starts (`None`:
    /// nowhere).
    #[must_use]
    pub fn with_kept_state(mut self, dir: Option<std::path::PathBuf>) -> Self {
        self.disk = dir.map(|d| Arc::new(disk::Disk::new(d)));
        self
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
    let source = Source::Current(visibility);
    // A member's own state and the managers' one are built upon the public one. With none kept
    // yet (after a start), the public one is read first, so the whole table is read once and
    // not once for the member and once more for the public (70 s each at national scale).
    let public = Source::Current(Visibility::Published);
    if !matches!(&source, Source::Current(Visibility::Published))
        && state.snapshots.ready(&key).is_none()
        && state.snapshots.base_for(&source).is_none()
    {
        let key = format!("{version}|{}", crate::cache::Reader(&Visibility::Published));
        kept(state, key, public).await?;
    }
    kept(state, key, source).await
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
