//! The data a view is computed from: catalogue, cohort and the current observations one reader
//! may see, as a polars frame, with a record of which data that was (visibility, newest
//! `recorded_at`, the uploads included, demo data or not), so every export can say so.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;
use vergleich_analysis::DataFrame;
use vergleich_domain::{
    Ags, Catalogue, Cohort, Field, FieldId, Indicator, IndicatorId, Municipality, Observation,
    UploadId,
};
use vergleich_store::Visibility;

use crate::error::{Error, Result};

mod load;
pub mod members;
pub mod on_disk;
mod splice;

pub use load::{ViewInput, load, load_from, load_release, release_visibility};
pub use members::{Provenance, ReadSummary};

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
    /// Per member, where the rows came from and what the store said of its uploads: what the
    /// next state after a write is built from ([`load_from`]).
    pub provenance: Provenance,
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
            provenance: Provenance::default(),
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
