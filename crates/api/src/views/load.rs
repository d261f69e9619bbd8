//! Reading the data state a view is computed from: catalogue, cohort and the current
//! observations this reader may see, with a record of which data that was (visibility, newest
//! `recorded_at`, the uploads included, demo data or not), so every export can say so.

use chrono::{DateTime, Utc};
use serde::Serialize;
use vergleich_domain::{Catalogue, Cohort, Observation, UploadId, UploadState};
use vergleich_store::Visibility;

use super::{ViewData, ViewError};

/// Which data a view was computed from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataState {
    /// `published`, `published+own:<AGS>` or `all incl. unreviewed`.
    pub visibility: String,
    /// The newest `recorded_at` among the observations used.
    pub newest_recorded_at: Option<DateTime<Utc>>,
    /// Every upload with at least one observation in the data, ascending.
    pub uploads: Vec<UploadId>,
    /// Observations from uploads that are not published (drafts, submissions) are included.
    pub unpublished_included: bool,
    /// Any value is demo data ("Beispieldaten (synthetisch)").
    pub synthetic: bool,
}

impl DataState {
    pub fn visibility_label(visibility: &Visibility) -> String {
        match visibility {
            Visibility::Published => "published".to_owned(),
            Visibility::PublishedOrOwn(key) => format!("published+own:{key}"),
            Visibility::Everything => "all incl. unreviewed".to_owned(),
        }
    }
}

/// The data state as read from the store, before the frame is built.
pub struct ViewInput {
    pub catalogue: Catalogue,
    pub cohort: Cohort,
    pub observations: Vec<Observation>,
    pub synthetic: bool,
    pub state: DataState,
}

impl ViewInput {
    /// Builds the polars frame: CPU work, so call it off the async runtime (`spawn_blocking`).
    pub fn into_data(self) -> Result<ViewData, ViewError> {
        ViewData::new(
            self.catalogue,
            self.cohort,
            &self.observations,
            self.synthetic,
            self.state,
        )
    }
}

/// Reads the current observations `visibility` allows (the command line reads
/// [`Visibility::Published`]); the frame is built later by [`ViewInput::into_data`] off the
/// async runtime.
pub async fn load(
    store: &dyn vergleich_store::Store,
    visibility: Visibility,
) -> Result<ViewInput, vergleich_store::StoreError> {
    let catalogue = Catalogue {
        fields: store.fields().await?,
        indicators: store.indicators().await?,
    };
    let cohort = Cohort {
        municipalities: store.municipalities().await?,
    };
    let label = DataState::visibility_label(&visibility);
    let stored = store
        .observations(&vergleich_store::ObservationQuery {
            visibility,
            ..Default::default()
        })
        .await?;
    let synthetic = stored.iter().any(|o| o.synthetic);
    let mut uploads: Vec<UploadId> = stored.iter().map(|o| o.upload_id).collect();
    uploads.sort_unstable();
    uploads.dedup();
    let state = DataState {
        visibility: label,
        newest_recorded_at: stored.iter().map(|o| o.recorded_at).max(),
        uploads,
        unpublished_included: stored
            .iter()
            .any(|o| o.upload_state != UploadState::Published),
        synthetic,
    };
    let observations = stored.into_iter().map(|o| o.observation).collect();
    Ok(ViewInput {
        catalogue,
        cohort,
        observations,
        synthetic,
        state,
    })
}
