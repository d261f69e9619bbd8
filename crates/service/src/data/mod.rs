//! The data a view is computed from: catalogue, cohort and the current observations one reader
//! may see, as a polars frame, with a record of which data that was (visibility, newest
//! `recorded_at`, the uploads included, demo data or not), so every export can say so.

use std::collections::{BTreeMap, HashSet};

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
    /// Per year, the members with at least one value (not only "missing" entries).
    pub year_members: BTreeMap<i32, usize>,
    /// Share of the cohort that must report in a year for views to open on it by default.
    pub default_share: f64,
    /// Any value is demo data: every chart then says "Beispieldaten (synthetisch)".
    pub synthetic: bool,
    /// Which data this view was computed from (visibility, newest record, uploads).
    pub state: DataState,
    /// Per indicator, where its definition changed: its time series break there.
    pub breaks: BTreeMap<IndicatorId, Vec<DefinitionBreak>>,
    /// What every member's learning partners share, computed once per year of this data state.
    pub partners: crate::views::partners_memo::PartnersMemo,
    /// Field scores computed from this data state, by field, year, group and options.
    pub scores: crate::views::scores_memo::ScoresMemo,
    /// Indicator-years whose values were recorded under different definition versions, and who
    /// reported under which ([`crate::definition_mix`]).
    pub mixed: crate::definition_mix::Mixed,
}

/// A change of an indicator's definition: values of `year` and later follow `version`. A year's
/// value belongs to the definition valid on the last day of the year (its reference date), so
/// a definition valid from 1 July 2022 applies to the values of 2022.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefinitionBreak {
    pub year: i32,
    pub version: i32,
    pub note_de: String,
    pub note_en: String,
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
        let reporting: HashSet<(i32, &Ags)> = observations
            .iter()
            .filter(|o| o.value.is_some())
            .map(|o| (o.period.year(), &o.municipality))
            .collect();
        let mut year_members: BTreeMap<i32, usize> = years.iter().map(|y| (*y, 0)).collect();
        for (year, _) in reporting {
            *year_members.entry(year).or_default() += 1;
        }
        let frame = vergleich_analysis::observations_frame(observations)?;
        Ok(Self {
            catalogue,
            cohort,
            frame,
            years,
            year_members,
            default_share: DEFAULT_YEAR_SHARE,
            synthetic,
            state,
            breaks: BTreeMap::new(),
            partners: Default::default(),
            scores: Default::default(),
            mixed: BTreeMap::new(),
        })
    }

    /// The first years of `indicator`'s later definitions.
    pub fn break_years(&self, indicator: &IndicatorId) -> Vec<i32> {
        self.breaks
            .get(indicator)
            .map(|b| b.iter().map(|x| x.year).collect())
            .unwrap_or_default()
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

    /// The year a view shows: the asked one, or the [default](Self::default_year).
    pub fn year_or_latest(&self, asked: Option<i32>) -> Result<i32> {
        match asked {
            Some(year) => Ok(year),
            None => Ok(self.default_year()?.year),
        }
    }

    /// The year views open on when none is asked for, and why: the latest year in which at
    /// least [`default_share`](Self::default_share) of the members report a value. One member's
    /// early upload of next year must not turn every page into a comparison of one; the newer
    /// years are offered with their count instead. When no year reaches the share, the year
    /// with the most members reporting (the latest of equals).
    pub fn default_year(&self) -> Result<DefaultYear> {
        let latest = self.latest_year()?;
        // The share is of that year's members (a member that joins in 2022 does not lower the
        // share of 2020).
        let of = |y: i32| {
            self.cohort
                .municipalities
                .iter()
                .filter(|m| m.member_in(y))
                .count()
        };
        let need = |y: i32| ((self.default_share * of(y) as f64).ceil() as usize).max(1);
        let members = |y: i32| self.year_members.get(&y).copied().unwrap_or(0);
        let (year, reached) = match self.years.iter().rev().find(|y| members(**y) >= need(**y)) {
            Some(y) => (*y, true),
            None => {
                let most = self.years.iter().map(|y| members(*y)).max().unwrap_or(0);
                let year = self
                    .years
                    .iter()
                    .rev()
                    .find(|y| members(**y) == most)
                    .copied()
                    .unwrap_or(latest);
                (year, false)
            }
        };
        Ok(DefaultYear {
            year,
            members: members(year),
            of: of(year),
            need: need(year),
            reached,
            newer: self
                .years
                .iter()
                .filter(|y| **y > year)
                .map(|y| (*y, members(*y)))
                .collect(),
        })
    }
}

/// Share of the members that must report in a year for views to open on it (see
/// [`ViewData::default_year`]); `vergleich serve --default-year-coverage` sets another.
pub const DEFAULT_YEAR_SHARE: f64 = 0.5;

/// The year views open on by default, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefaultYear {
    pub year: i32,
    /// Members with a value in `year`.
    pub members: usize,
    /// Members of the cohort in `year`.
    pub of: usize,
    /// Members that must report for a year to be the default.
    pub need: usize,
    /// `year` reaches `need` (else it is the year with the most members reporting).
    pub reached: bool,
    /// Later years with data and their members reporting, ascending.
    pub newer: Vec<(i32, usize)>,
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
    /// The release this data is (`?release=2025-1`): the published data as of its moment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// The release's content hash ([`crate::opendata::content_digest`]); its first 16 hex
    /// digits are the `digest` of release-pinned addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
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
    /// Share of the members a year needs to be the default one ([`DEFAULT_YEAR_SHARE`]).
    pub default_share: f64,
    pub breaks: BTreeMap<IndicatorId, Vec<DefinitionBreak>>,
    pub mixed: crate::definition_mix::Mixed,
}

impl ViewInput {
    /// Builds the polars frame: CPU work, so call it off the async runtime (`spawn_blocking`).
    pub fn into_data(self) -> Result<ViewData> {
        let mut data = ViewData::new(
            self.catalogue,
            self.cohort,
            &self.observations,
            self.synthetic,
            self.state,
        )?;
        data.default_share = self.default_share;
        data.breaks = self.breaks;
        data.mixed = self.mixed;
        Ok(data)
    }
}

/// Reads the current observations `visibility` allows (the command line reads
/// [`Visibility::Published`]); the frame is built later by [`ViewInput::into_data`] off the
/// async runtime.
pub async fn load(
    store: &dyn vergleich_store::Store,
    visibility: Visibility,
) -> Result<ViewInput, vergleich_store::StoreError> {
    load_read(store, visibility, None).await
}

/// Reads the data of a release: what was published as of its moment, whoever reads (the
/// caller decides whether the reader may see a scheduled release).
pub async fn load_release(
    store: &dyn vergleich_store::Store,
    release: &vergleich_domain::Release,
) -> Result<ViewInput, vergleich_store::StoreError> {
    let visibility = release_visibility(release, Utc::now());
    load_read(store, visibility, Some(release)).await
}

/// The visibility a release is read with (`as_of` its moment): published data, and for a
/// scheduled one also the uploads under its embargo, which the public reads leave out until
/// the moment (only managers reach a scheduled release).
pub fn release_visibility(release: &vergleich_domain::Release, now: DateTime<Utc>) -> Visibility {
    if release.is_out(now) {
        Visibility::Published
    } else {
        Visibility::Everything
    }
}

async fn load_read(
    store: &dyn vergleich_store::Store,
    visibility: Visibility,
    release: Option<&vergleich_domain::Release>,
) -> Result<ViewInput, vergleich_store::StoreError> {
    let catalogue = Catalogue {
        fields: store.fields().await?,
        indicators: store.indicators().await?,
    };
    let cohort = Cohort {
        municipalities: store.municipalities().await?,
    };
    let label = match release {
        Some(r) => format!("release:{}", r.name),
        None => DataState::visibility_label(&visibility),
    };
    let started = std::time::Instant::now();
    let stored = store
        .observations(&vergleich_store::ObservationQuery {
            visibility,
            as_of: release.map(|r| r.at),
            ..Default::default()
        })
        .await?;
    tracing::info!(
        rows = stored.len(),
        query_ms = started.elapsed().as_millis() as u64,
        "data state: observations read"
    );
    let synthetic = stored.iter().any(|o| o.synthetic);
    let mut uploads: Vec<UploadId> = stored.iter().map(|o| o.upload_id).collect();
    uploads.sort_unstable();
    uploads.dedup();
    let mut state = DataState {
        visibility: label,
        newest_recorded_at: stored.iter().map(|o| o.recorded_at).max(),
        uploads,
        unpublished_included: stored
            .iter()
            .any(|o| o.upload_state != UploadState::Published),
        synthetic,
        release: release.map(|r| r.name.clone()),
        digest: None,
    };
    // Only indicators whose definition changed have breaks (one query each; most have none).
    let mut breaks = BTreeMap::new();
    let mut changed = BTreeMap::new();
    for indicator in catalogue
        .indicators
        .iter()
        .filter(|i| i.definition_version > 1)
    {
        let versions = store.definition_versions(&indicator.id).await?;
        changed.insert(indicator.id.clone(), versions.clone());
        let list: Vec<DefinitionBreak> = versions
            .into_iter()
            .filter_map(|v| {
                use chrono::Datelike;
                v.valid_from.map(|day| DefinitionBreak {
                    year: day.year(),
                    version: v.version,
                    note_de: v.note_de,
                    note_en: v.note_en,
                })
            })
            .collect();
        if !list.is_empty() {
            breaks.insert(indicator.id.clone(), list);
        }
    }
    // The version each value was recorded under needs its `recorded_at`: before the frame.
    let mixed = crate::definition_mix::mixed(&stored, &changed, &cohort);
    let observations: Vec<Observation> = stored.into_iter().map(|o| o.observation).collect();
    if release.is_some() {
        state.digest = Some(crate::opendata::content_digest(&observations));
    }
    Ok(ViewInput {
        catalogue,
        cohort,
        observations,
        synthetic,
        state,
        default_share: DEFAULT_YEAR_SHARE,
        breaks,
        mixed,
    })
}
