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
//! (a burst of 64 misses once queued two seconds for pool connections).

use std::sync::Arc;

use vergleich_store::Visibility;

use crate::state::AppState;
use vergleich_service::{Error, ViewData};

/// How many observations the kept data states may hold together (a state larger than this is
/// read anew for every view instead of being kept).
pub const CAPACITY_OBSERVATIONS: u64 = 4_000_000;

/// The kept data states.
pub struct Snapshots {
    entries: quick_cache::sync::Cache<String, Arc<ViewData>, Weight>,
}

#[derive(Clone)]
struct Weight;

impl quick_cache::Weighter<String, Arc<ViewData>> for Weight {
    fn weight(&self, _key: &String, value: &Arc<ViewData>) -> u64 {
        value.frame.height() as u64 + 1
    }
}

impl Default for Snapshots {
    fn default() -> Self {
        Self {
            entries: quick_cache::sync::Cache::with_weighter(64, CAPACITY_OBSERVATIONS, Weight),
        }
    }
}

impl std::fmt::Debug for Snapshots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshots")
            .field("entries", &self.entries.len())
            .field("observations", &self.entries.weight())
            .finish()
    }
}

impl Snapshots {
    /// How many data states are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
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

async fn kept(state: &AppState, key: String, source: Source) -> Result<Arc<ViewData>, Error> {
    match state.snapshots.entries.get_value_or_guard_async(&key).await {
        Ok(data) => Ok(data),
        Err(guard) => {
            let mut input = match source {
                Source::Current(visibility) => {
                    vergleich_service::load(&*state.store, visibility).await?
                }
                Source::Release(release) => {
                    vergleich_service::data::load_release(&*state.store, &release).await?
                }
            };
            input.default_share = f64::from(state.http.default_year_coverage) / 100.0;
            let data = state
                .work
                .run(move || input.into_data())
                .await
                .map_err(|err| Error::internal(anyhow::anyhow!("data state stopped: {err}")))??;
            state.metrics.data_loads.inc();
            vergleich_service::analyses::count(vergleich_service::analyses::Analysis::DataState);
            let data = Arc::new(data);
            // Dropping the guard without a value (an error above) lets the next waiter try.
            let _ = guard.insert(Arc::clone(&data));
            Ok(data)
        }
    }
}
