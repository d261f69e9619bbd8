//! What a reviewer needs beside a new value to judge it: the member's own published value of the
//! latest earlier year, and the range of the other members' published values of that indicator.
//! A new year has no published value to compare with ("Bisher veröffentlicht –"); these two are
//! what tells a plausible 2025 value from a typo.
//!
//! The peer range is of the same year when at least [`MIN_PEERS`] other members have published
//! it; else of the latest earlier year that has them (and says which year), since a member
//! uploading a new year early is the usual case.

use std::collections::HashMap;

use serde::Serialize;
use utoipa::ToSchema;
use vergleich_domain::stats::quantile;
use vergleich_domain::{Ags, IndicatorId, Observation};
use vergleich_store::{ObservationQuery, Store, Visibility};

use crate::error::Result;

/// Fewest other members whose values make a range worth showing.
pub const MIN_PEERS: usize = 3;
/// How many years before the upload's earliest year the context looks back.
pub const LOOK_BACK: i32 = 10;

/// The member's published value of an earlier year.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct EarlierValue {
    pub year: i32,
    pub value: Option<f64>,
    pub status: String,
}

/// The other members' published values of one indicator in one year.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PeerRange {
    /// The year of these values: the new value's own, or the latest earlier one with at least
    /// [`MIN_PEERS`] members.
    pub year: i32,
    /// Other members with a value (the uploading member is never among them).
    pub n: usize,
    pub min: f64,
    /// Quartiles and median, type 7 (as every summary of the service).
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
    /// Where the new value lies: `below` the smallest, `within`, or `above` the largest.
    #[schema(nullable = true)]
    pub position: Option<&'static str>,
}

/// One published value of a member: year, value, status.
type YearValue = (i32, Option<f64>, String);

/// The published values around an upload's observations.
pub(super) struct Context {
    /// (member, indicator) → its years.
    own: HashMap<(Ags, IndicatorId), Vec<YearValue>>,
    /// (indicator, year) → (member, value).
    cohort: HashMap<(IndicatorId, i32), Vec<(Ags, f64)>>,
}

impl Context {
    /// Loads the current published values of the upload's indicators, for every member, from
    /// [`LOOK_BACK`] years before its earliest year to its latest.
    pub(super) async fn load(store: &dyn Store, brought: &[&Observation]) -> Result<Self> {
        let mut indicators: Vec<IndicatorId> =
            brought.iter().map(|o| o.indicator.clone()).collect();
        indicators.sort();
        indicators.dedup();
        let years = brought.iter().map(|o| o.period.year());
        let (Some(from), Some(to)) = (years.clone().min(), years.max()) else {
            return Ok(Self {
                own: HashMap::new(),
                cohort: HashMap::new(),
            });
        };
        let published = store
            .observations(&ObservationQuery {
                indicators,
                from_year: Some(from - LOOK_BACK),
                to_year: Some(to),
                visibility: Visibility::Published,
                ..Default::default()
            })
            .await?;
        let mut own: HashMap<_, Vec<_>> = HashMap::new();
        let mut cohort: HashMap<_, Vec<_>> = HashMap::new();
        for s in published {
            let o = s.observation;
            let year = o.period.year();
            if let Some(v) = o.value {
                cohort
                    .entry((o.indicator.clone(), year))
                    .or_default()
                    .push((o.municipality.clone(), v));
            }
            own.entry((o.municipality, o.indicator)).or_default().push((
                year,
                o.value,
                o.status.as_str().to_owned(),
            ));
        }
        Ok(Self { own, cohort })
    }

    /// The member's published value of the latest year before the observation's.
    pub(super) fn earlier(&self, o: &Observation) -> Option<EarlierValue> {
        let year = o.period.year();
        self.own
            .get(&(o.municipality.clone(), o.indicator.clone()))?
            .iter()
            .filter(|(y, _, _)| *y < year)
            .max_by_key(|(y, _, _)| *y)
            .map(|(y, value, status)| EarlierValue {
                year: *y,
                value: *value,
                status: status.clone(),
            })
    }

    /// The other members' range in the observation's year, or the latest earlier year with at
    /// least [`MIN_PEERS`] of them.
    pub(super) fn peers(&self, o: &Observation) -> Option<PeerRange> {
        let year = o.period.year();
        (year - LOOK_BACK..=year).rev().find_map(|y| {
            let values: Vec<f64> = self
                .cohort
                .get(&(o.indicator.clone(), y))?
                .iter()
                .filter(|(m, _)| *m != o.municipality)
                .map(|(_, v)| *v)
                .collect();
            range(y, &values, o.value)
        })
    }
}

/// The range of at least [`MIN_PEERS`] values, with where `value` lies.
fn range(year: i32, values: &[f64], value: Option<f64>) -> Option<PeerRange> {
    if values.len() < MIN_PEERS {
        return None;
    }
    let min = quantile(values, 0.0)?;
    let max = quantile(values, 1.0)?;
    Some(PeerRange {
        year,
        n: values.len(),
        min,
        q1: quantile(values, 0.25)?,
        median: quantile(values, 0.5)?,
        q3: quantile(values, 0.75)?,
        max,
        position: value.map(|v| {
            if v < min {
                "below"
            } else if v > max {
                "above"
            } else {
                "within"
            }
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_needs_three_values_and_places_the_new_one() {
        assert_eq!(range(2024, &[1.0, 2.0], Some(1.5)), None);
        let r = range(2024, &[4.0, 1.0, 3.0, 2.0, 5.0], Some(9.0)).unwrap();
        assert_eq!(
            (r.n, r.min, r.q1, r.median, r.q3, r.max),
            (5, 1.0, 2.0, 3.0, 4.0, 5.0)
        );
        assert_eq!(r.position, Some("above"));
        assert_eq!(
            range(2024, &[1.0, 2.0, 3.0], Some(0.5)).unwrap().position,
            Some("below")
        );
        assert_eq!(
            range(2024, &[1.0, 2.0, 3.0], Some(3.0)).unwrap().position,
            Some("within")
        );
        assert_eq!(range(2024, &[1.0, 2.0, 3.0], None).unwrap().position, None);
    }
}
