//! The data a view is computed from: catalogue, cohort and the current observations one reader
//! may see, as a polars frame, with a record of which data that was (visibility, newest
//! `recorded_at`, the uploads included, demo data or not), so every export can say so.

use chrono::{DateTime, Utc};
use serde::Serialize;
use vergleich_analysis::DataFrame;
use vergleich_domain::{
    Ags, Catalogue, Cohort, Field, FieldId, Indicator, IndicatorId, Municipality, Observation,
    UploadId, UploadState,
};
use vergleich_store::Visibility;

use crate::error::{Error, Result};

/// The data a view is computed from: one data state.
pub struct ViewData {
    pub catalogue: Catalogue,
    pub cohort: Cohort,
    pub frame: DataFrame,
    /// Years with at least one observation, ascending.
    pub years: Vec<i32>,
    /// Any value is demo data: every chart then says "Beispieldaten (synthetisch)".
    pub synthetic: bool,
    /// Which data this view was computed from (visibility, newest record, uploads).
    pub state: DataState,
}

impl ViewData {
    pub fn new(
        catalogue: Catalogue,
        cohort: Cohort,
        observations: &[Observation],
        synthetic: bool,
        state: DataState,
    ) -> Result<Self> {
        let mut years: Vec<i32> = observations.iter().map(|o| o.period.year()).collect();
        years.sort_unstable();
        years.dedup();
        let frame = vergleich_analysis::observations_frame(observations)?;
        Ok(Self {
            catalogue,
            cohort,
            frame,
            years,
            synthetic,
            state,
        })
    }

    /// The catalogue entry of an indicator named by `parameter`, or 404 naming it.
    pub fn indicator(&self, parameter: &str, id: &IndicatorId) -> Result<&Indicator> {
        self.catalogue
            .indicator(id)
            .ok_or_else(|| Error::unknown_indicator(parameter, id.as_str()))
    }

    /// The field of action named by `parameter`, or 404 naming it.
    pub fn field(&self, parameter: &str, id: &FieldId) -> Result<&Field> {
        self.catalogue
            .field(id)
            .ok_or_else(|| Error::unknown_field(parameter, id.as_str()))
    }

    /// The member named by `parameter`, or 404 naming it.
    pub fn member(&self, parameter: &str, key: &Ags) -> Result<&Municipality> {
        self.cohort
            .get(key)
            .ok_or_else(|| Error::unknown_member(parameter, key.as_str()))
    }

    /// The member a person typed (`raw` may be no key at all), or 404 naming it.
    pub fn member_raw(&self, parameter: &str, raw: &str) -> Result<&Municipality> {
        Ags::parse(raw)
            .ok()
            .and_then(|key| self.cohort.get(&key))
            .ok_or_else(|| Error::unknown_member(parameter, raw))
    }

    /// The latest year with data.
    pub fn latest_year(&self) -> Result<i32> {
        self.years
            .last()
            .copied()
            .ok_or_else(|| Error::missing("data: no observations are visible"))
    }

    /// The year a view shows: the asked one, or the latest with data.
    pub fn year_or_latest(&self, asked: Option<i32>) -> Result<i32> {
        match asked {
            Some(year) => Ok(year),
            None => self.latest_year(),
        }
    }
}
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
    pub fn into_data(self) -> Result<ViewData> {
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
