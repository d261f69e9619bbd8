//! The public data state and those of releases that are out, kept in a folder between starts
//! (`--kept-state-dir`, [`vergleich_service::data::on_disk`]): read back as the base of the
//! first such state after a start, written again after a whole read and otherwise at most every
//! [`SAVE_EVERY`] while the data changes (a release's never changes). Writing runs on a
//! blocking thread of its own, one write per state at a time, and never delays a view; a
//! failure is logged and the service goes on without the file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use vergleich_domain::Ags;
use vergleich_service::ViewData;
use vergleich_service::data::on_disk::{self, Kept};
use vergleich_store::UploadFingerprint;

use crate::state::AppState;

/// A public state built upon the previous one is written at most this often (a whole read is
/// written at once): writing a national state takes a second or two and 450 MB of disk
/// traffic, and whatever changed since the last write is read by member after a start anyway.
pub const SAVE_EVERY: Duration = Duration::from_secs(300);

type Fingerprints = BTreeMap<Option<Ags>, UploadFingerprint>;

/// The folder and, per state, what was last written to it and whether a write runs.
#[derive(Debug)]
pub struct Disk {
    dir: PathBuf,
    last: std::sync::Mutex<HashMap<String, (Instant, Fingerprints)>>,
    saving: std::sync::Mutex<HashSet<String>>,
}

impl Disk {
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            last: Default::default(),
            saving: Default::default(),
        }
    }

    fn last(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, Fingerprints)>> {
        self.last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn saving(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.saving
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The kept state of `kept` as a base, when there is one that fits the database as it is
    /// now; `None` otherwise (and on any error, which is logged: the state is then read whole).
    pub async fn restore(&self, state: &AppState, kept: &Kept) -> Option<Arc<ViewData>> {
        let started = Instant::now();
        let expected = match on_disk::Expected::read(&*state.store).await {
            Ok(expected) => expected,
            Err(err) => {
                tracing::warn!(%err, "cannot check the kept data state against the database");
                return None;
            }
        };
        let (dir, label, kept) = (self.dir.clone(), kept.label(), kept.clone());
        let restored = state
            .work
            .run(move || on_disk::restore(&dir, &kept, expected))
            .await;
        match restored {
            Ok(Ok(Some(data))) => {
                tracing::info!(
                    dir = %self.dir.display(),
                    state = %label,
                    observations = data.frame.height(),
                    ms = started.elapsed().as_millis() as u64,
                    "data state: the kept state read back"
                );
                state.metrics.data_states_restored.inc();
                if let Some(f) = &data.provenance.fingerprints {
                    self.last().insert(label, (Instant::now(), f.clone()));
                }
                Some(Arc::new(data))
            }
            Ok(Ok(None)) => None,
            Ok(Err(err)) => {
                tracing::warn!(dir = %self.dir.display(), err = %err.detail_en, "cannot read the kept data state");
                None
            }
            Err(err) => {
                tracing::warn!(%err, "reading the kept data state stopped");
                None
            }
        }
    }

    /// Writes the state `data` of `kept` in the background when it is due: it differs from the
    /// one last written, and was read whole or the last write is [`SAVE_EVERY`] old.
    pub fn save_if_due(self: &Arc<Self>, state: &AppState, kept: &Kept, data: &Arc<ViewData>) {
        let Some(fingerprints) = &data.provenance.fingerprints else {
            return;
        };
        let label = kept.label();
        let whole = data.provenance.read.members_read.is_none();
        let due = match self.last().get(&label) {
            None => true,
            Some((at, last)) => last != fingerprints && (whole || at.elapsed() >= SAVE_EVERY),
        };
        if !due || !self.saving().insert(label.clone()) {
            return;
        }
        let (disk, state, data) = (Arc::clone(self), state.clone(), Arc::clone(data));
        let kept = kept.clone();
        tokio::spawn(async move {
            disk.save(&state, &label, kept, data).await;
            disk.saving().remove(&label);
        });
    }

    async fn save(&self, state: &AppState, label: &str, kept: Kept, data: Arc<ViewData>) {
        let started = Instant::now();
        let identity = match state.store.store_identity().await {
            Ok(identity) => identity,
            Err(err) => {
                tracing::warn!(%err, "the kept data state is not written: no database identity");
                return;
            }
        };
        let dir = self.dir.clone();
        let written =
            tokio::task::spawn_blocking(move || on_disk::save(&dir, &kept, &data, &identity)).await;
        match written {
            Ok(Ok(saved)) => {
                tracing::info!(
                    dir = %self.dir.display(),
                    state = %label,
                    observations = saved.rows,
                    bytes = saved.bytes,
                    ms = started.elapsed().as_millis() as u64,
                    "data state: written for the next start"
                );
                self.last()
                    .insert(label.to_owned(), (Instant::now(), saved.fingerprints));
                state.metrics.data_states_written.inc();
            }
            Ok(Err(err)) => {
                tracing::warn!(dir = %self.dir.display(), err = %err.detail_en, "cannot write the kept data state");
            }
            Err(err) => tracing::warn!(%err, "writing the kept data state stopped"),
        }
    }
}
