//! Trends of one indicator across a group over a window of years: change against the previous
//! year and against a base year (percentage points for rates), the least-squares slope per year
//! over the reported years of the window, and like-for-like mode (only members with a value in
//! every year of the window; the others are listed as excluded, never silently dropped).

use polars::prelude::DataFrame;
use serde::Serialize;
use vergleich_domain::{Ags, Indicator, IndicatorId, Status};

use crate::compare::difference_unit;
use crate::error::AnalysisError;
use crate::frame;
use crate::group::{GroupSummary, PeerGroup};
use crate::stats::{quantile, slope};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearValue {
    pub year: i32,
    pub value: Option<f64>,
    pub status: Option<Status>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberTrend {
    pub key: Ags,
    pub name: String,
    pub series: Vec<YearValue>,
    /// Last year of the window against the year before.
    pub change_previous_year: Option<f64>,
    /// Last year of the window against the base year.
    pub change_since_base: Option<f64>,
    /// Least-squares slope per year over the reported years of the window (two or more).
    pub slope_per_year: Option<f64>,
    /// False when like-for-like mode excluded the member (a year without a value).
    pub included: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearMedian {
    pub year: i32,
    pub median: Option<f64>,
    pub reported: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub indicator: IndicatorId,
    pub from: i32,
    pub to: i32,
    pub base_year: i32,
    pub like_for_like: bool,
    /// Unit of changes and slopes: "percentage points" for rates.
    pub change_unit: String,
    pub group: GroupSummary,
    /// Members included, of `group.size`.
    pub included: usize,
    /// Median of the included members per year (type 7).
    pub medians: Vec<YearMedian>,
    pub members: Vec<MemberTrend>,
}

/// The trend of `indicator` over `from..=to` with changes against `base_year` (which may lie
/// before the window).
pub fn trend(
    frame: &DataFrame,
    indicator: &Indicator,
    group: &PeerGroup,
    from: i32,
    to: i32,
    base_year: i32,
    like_for_like: bool,
) -> Result<Trend, AnalysisError> {
    if from > to {
        return Err(AnalysisError::InvalidOptions {
            message: format!("window {from}..={to} is empty"),
        });
    }
    let mut years: Vec<i32> = (from..=to).collect();
    if !years.contains(&base_year) {
        years.push(base_year);
    }
    let slice = frame::select(frame, &[indicator.id.as_str()], &years, &group.key_strs())?;
    let cells = frame::index(frame::cells(&slice)?);
    let id = indicator.id.as_str().to_owned();
    let members: Vec<MemberTrend> = group
        .members
        .iter()
        .map(|m| {
            let at = |year: i32| cells.get(&(m.key.as_str().to_owned(), id.clone(), year));
            let value = |year: i32| at(year).and_then(|c| c.value);
            let series: Vec<YearValue> = (from..=to)
                .map(|year| YearValue {
                    year,
                    value: value(year),
                    status: at(year).map(|c| c.status),
                })
                .collect();
            let points: Vec<(f64, f64)> = series
                .iter()
                .filter_map(|p| p.value.map(|v| (f64::from(p.year), v)))
                .collect();
            let last = value(to);
            MemberTrend {
                key: m.key.clone(),
                name: m.name.clone(),
                change_previous_year: last.zip(value(to - 1)).map(|(a, b)| a - b),
                change_since_base: last.zip(value(base_year)).map(|(a, b)| a - b),
                slope_per_year: slope(&points),
                included: !like_for_like
                    || (series.iter().all(|p| p.value.is_some()) && value(base_year).is_some()),
                series,
            }
        })
        .collect();
    let medians = (from..=to)
        .map(|year| {
            let values: Vec<f64> = members
                .iter()
                .filter(|m| m.included)
                .filter_map(|m| m.series.iter().find(|p| p.year == year)?.value)
                .collect();
            YearMedian {
                year,
                median: quantile(&values, 0.5),
                reported: values.len(),
            }
        })
        .collect();
    Ok(Trend {
        indicator: indicator.id.clone(),
        from,
        to,
        base_year,
        like_for_like,
        change_unit: difference_unit(indicator),
        group: group.summary(),
        included: members.iter().filter(|m| m.included).count(),
        medians,
        members,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::observations_frame;
    use crate::testutil::{group, indicator, value};
    use vergleich_domain::Polarity;

    #[test]
    fn changes_are_percentage_points_and_the_slope_is_least_squares() {
        // M1: 10, 12, 15 (2018..2020); M2: 20, –, 26.
        let obs = vec![
            value(1, "x", 2018, 10.0),
            value(1, "x", 2019, 12.0),
            value(1, "x", 2020, 15.0),
            value(2, "x", 2018, 20.0),
            value(2, "x", 2020, 26.0),
        ];
        let frame = observations_frame(&obs).unwrap();
        let ind = indicator("x", Some("f"), Polarity::HigherIsBetter, "%");
        let t = trend(&frame, &ind, &group(2), 2018, 2020, 2018, false).unwrap();
        assert_eq!(t.change_unit, "percentage points");
        let m1 = &t.members[0];
        assert_eq!(m1.change_previous_year, Some(3.0));
        assert_eq!(m1.change_since_base, Some(5.0));
        // x −1, 0, 1; y 10, 12, 15: sxy = 5, sxx = 2 -> 2.5.
        assert_eq!(m1.slope_per_year, Some(2.5));
        let m2 = &t.members[1];
        assert_eq!(m2.change_previous_year, None);
        assert_eq!(m2.slope_per_year, Some(3.0));
        assert_eq!(t.included, 2);
        assert_eq!(t.medians[1].reported, 1);
    }

    #[test]
    fn like_for_like_keeps_only_members_with_every_year() {
        let obs = vec![
            value(1, "x", 2018, 10.0),
            value(1, "x", 2019, 12.0),
            value(2, "x", 2018, 20.0),
        ];
        let frame = observations_frame(&obs).unwrap();
        let ind = indicator("x", Some("f"), Polarity::HigherIsBetter, "EUR");
        let t = trend(&frame, &ind, &group(2), 2018, 2019, 2018, true).unwrap();
        assert_eq!(t.included, 1);
        assert!(!t.members[1].included);
        assert_eq!(t.medians[0].median, Some(10.0));
        assert_eq!(t.change_unit, "EUR");
    }
}
