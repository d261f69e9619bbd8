//! One load of a data state: a task of its own that every request for the state waits for,
//! reading (built upon the newest base state when there is one) and keeping the state.

use std::sync::Arc;

use vergleich_service::data::on_disk::Kept;
use vergleich_service::{Error, ViewData};
use vergleich_store::Visibility;

use super::{Snapshots, Source};
use crate::state::AppState;

/// The outcome of one load, shared by every request that waits for it.
pub(super) type Outcome = Option<Result<Arc<ViewData>, Arc<Error>>>;

impl Snapshots {
    /// The state of `key` if it is kept (in the cache, as the oversize one or as a base).
    pub(super) fn ready(&self, key: &str) -> Option<Arc<ViewData>> {
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
    pub(super) fn pending_or_start(
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
pub(super) fn copy_error(err: &Error) -> Error {
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
    let mut base = snapshots.base_for(&source);
    // The states kept on disk between starts: the public one and those of releases that are
    // out (a scheduled one holds embargoed values).
    let kept = match &source {
        Source::Current(Visibility::Published) => Some(Kept::Public),
        Source::Release(r) if r.is_out(chrono::Utc::now()) => Some(Kept::Release(r.clone())),
        Source::Current(_) | Source::Release(_) => None,
    };
    if let (None, Some(kept), Some(disk)) = (&base, &kept, &snapshots.disk) {
        // After a start: the state kept on disk, if it fits the database.
        base = disk.restore(state, kept).await;
    }
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
    if let (Some(kept), Some(disk)) = (&kept, &snapshots.disk) {
        disk.save_if_due(state, kept, &data);
    }
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
