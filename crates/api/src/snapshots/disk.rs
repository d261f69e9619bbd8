//! The public data state kept in a folder between starts (`--kept-state-dir`,
//! [`vergleich_service::data::on_disk`]): read back as the base of the first public state after
//! a start, written again after a whole read and otherwise at most every [`SAVE_EVERY`] while
//! the data changes. Writing runs on a blocking thread of its own, one write at a time, and
//! never delays a view; a failure is logged and the service goes on without the file.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use vergleich_domain::Ags;
use vergleich_service::ViewData;
use vergleich_service::data::on_disk;
use vergleich_store::UploadFingerprint;

use crate::state::AppState;

/// A public state built upon the previous one is written at most this often (a whole read is
/// written at once): writing a national state takes a second or two and 300 MB of disk
/// traffic, and whatever changed since the last write is read by member after a start anyway.
pub const SAVE_EVERY: Duration = Duration::from_secs(300);

type Fingerprints = BTreeMap<Option<Ags>, UploadFingerprint>;

/// The folder and what was last written to it.
#[derive(Debug)]
pub struct Disk {
    pub dir: PathBuf,
    last: std::sync::Mutex<Option<(Instant, Fingerprints)>>,
    saving: AtomicBool,
}

impl Disk {
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            last: Default::default(),
            saving: AtomicBool::new(false),
        }
    }

    fn last(&self) -> std::sync::MutexGuard<'_, Option<(Instant, Fingerprints)>> {
        self.last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The kept public state as a base, when there is one that fits the database as it is
    /// now; `None` otherwise (and on any error, which is logged: the state is then read whole).
    pub async fn restore(&self, state: &AppState) -> Option<Arc<ViewData>> {
        let started = Instant::now();
        let expected = match on_disk::Expected::read(&*state.store).await {
            Ok(expected) => expected,
            Err(err) => {
                tracing::warn!(%err, "cannot check the kept data state against the database");
                return None;
            }
        };
        let dir = self.dir.clone();
        let restored = state
            .work
            .run(move || on_disk::restore(&dir, expected))
            .await;
        match restored {
            Ok(Ok(Some(data))) => {
                tracing::info!(
                    dir = %self.dir.display(),
                    observations = data.frame.height(),
                    ms = started.elapsed().as_millis() as u64,
                    "data state: the kept public state read back"
                );
                state.metrics.data_states_restored.inc();
                if let Some(f) = &data.provenance.fingerprints {
                    *self.last() = Some((Instant::now(), f.clone()));
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

    /// Writes the public state `data` in the background when it is due: it differs from the
    /// one last written, and was read whole or the last write is [`SAVE_EVERY`] old.
    pub fn save_if_due(self: &Arc<Self>, state: &AppState, data: &Arc<ViewData>) {
        let Some(fingerprints) = &data.provenance.fingerprints else {
            return;
        };
        let whole = data.provenance.read.members_read.is_none();
        let due = match &*self.last() {
            None => true,
            Some((at, last)) => last != fingerprints && (whole || at.elapsed() >= SAVE_EVERY),
        };
        if !due || self.saving.swap(true, Ordering::SeqCst) {
            return;
        }
        let (disk, state, data) = (Arc::clone(self), state.clone(), Arc::clone(data));
        tokio::spawn(async move {
            disk.save(&state, data).await;
            disk.saving.store(false, Ordering::SeqCst);
        });
    }

    async fn save(&self, state: &AppState, data: Arc<ViewData>) {
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
            tokio::task::spawn_blocking(move || on_disk::save(&dir, &data, &identity)).await;
        match written {
            Ok(Ok(saved)) => {
                tracing::info!(
                    dir = %self.dir.display(),
                    observations = saved.rows,
                    bytes = saved.bytes,
                    ms = started.elapsed().as_millis() as u64,
                    "data state: the public state written for the next start"
                );
                *self.last() = Some((Instant::now(), saved.fingerprints));
                state.metrics.data_states_written.inc();
            }
            Ok(Err(err)) => {
                tracing::warn!(dir = %self.dir.display(), err = %err.detail_en, "cannot write the kept data state");
            }
            Err(err) => tracing::warn!(%err, "writing the kept data state stopped"),
        }
    }
}
