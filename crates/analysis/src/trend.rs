//! Trends of one indicator across a group over a window of years: change against the previous
//! year and against a base year (percentage points for rates), the least-squares slope per year
//! over the reported years of the window, and like-for-like mode (only members with a value in
//! every year of the window; the others are listed as excluded, never silently dropped).
//!
//! A change of the indicator's definition breaks the series: no change and no slope is computed
//! across it (a change against the previous year or the base year on the other side of the
//! break is none, and the slope uses only the years since the last break).

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
    /// First years of a new definition within the window (and after the base year): no change
    /// is computed across them.
    pub breaks: Vec<i32>,
}

/// The trend of `indicator` over `from..=to` with changes against `base_year` (which may lie
/// before the window); `breaks` are the first years of the indicator's later definitions.
#[allow(clippy::too_many_arguments)] // the window's four numbers read best as they are
pub fn trend(
    frame: &DataFrame,
    indicator: &Indicator,
    group: &PeerGroup,
    from: i32,
    to: i32,
    base_year: i32,
    like_for_like: bool,
    breaks: &[i32],
) -> Result<Trend, AnalysisError> {
    // The definition a year's value follows: the number of breaks at or before it.
    let era = |year: i32| breaks.iter().filter(|b| **b <= year).count();
    let same = |a: i32, b: i32| era(a) == era(b);
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
                .filter(|p| same(p.year, to))
                .filter_map(|p| p.value.map(|v| (f64::from(p.year), v)))
                .collect();
            let last = value(to);
            MemberTrend {
                key: m.key.clone(),
                name: m.name.clone(),
                change_previous_year: last
                    .zip(value(to - 1))
                    .filter(|_| same(to - 1, to))
                    .map(|(a, b)| a - b),
                change_since_base: last
                    .zip(value(base_year))
                    .filter(|_| same(base_year, to))
                    .map(|(a, b)| a - b),
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
        breaks: breaks
            .iter()
            .copied()
            .filter(|b| *b > from.min(base_year) && *b <= to)
            .collect(),
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
        let t = trend(&frame, &ind, &group(2), 2018, 2020, 2018, false, &[]).unwrap();
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
    fn no_change_and_no_slope_cross_a_definition_break() {
        // M1: 10, 12, 15, 30, 32 (2018..2022); the definition changed for 2021.
        let obs: Vec<_> = [
            (2018, 10.0),
            (2019, 12.0),
            (2020, 15.0),
            (2021, 30.0),
            (2022, 32.0),
        ]
        .into_iter()
        .map(|(y, v)| value(1, "x", y, v))
        .collect();
        let frame = observations_frame(&obs).unwrap();
        let ind = indicator("x", Some("f"), Polarity::HigherIsBetter, "%");
        let whole = trend(&frame, &ind, &group(1), 2018, 2022, 2018, false, &[]).unwrap();
        assert_eq!(whole.members[0].change_since_base, Some(22.0));
        let t = trend(&frame, &ind, &group(1), 2018, 2022, 2018, false, &[2021]).unwrap();
        let m = &t.members[0];
        assert_eq!(m.change_since_base, None, "2018 lies before the break");
        assert_eq!(
            m.change_previous_year,
            Some(2.0),
            "2021 and 2022 share a definition"
        );
        assert_eq!(
            m.slope_per_year,
            Some(2.0),
            "the slope uses 2021 and 2022 only"
        );
        assert_eq!(t.breaks, vec![2021]);
        // The previous year across the break: none.
        let t = trend(&frame, &ind, &group(1), 2018, 2021, 2018, false, &[2021]).unwrap();
        assert_eq!(t.members[0].change_previous_year, None);
        assert_eq!(
            t.members[0].slope_per_year, None,
            "one year since the break"
        );
        // A base year after the break counts.
        let t = trend(&frame, &ind, &group(1), 2021, 2022, 2021, false, &[2021]).unwrap();
        assert_eq!(t.members[0].change_since_base, Some(2.0));
        assert!(
            t.breaks.is_empty(),
            "the break lies at the window's start: nothing crosses it"
        );
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
        let t = trend(&frame, &ind, &group(2), 2018, 2019, 2018, true, &[]).unwrap();
        assert_eq!(t.included, 1);
        assert!(!t.members[1].included);
        assert_eq!(t.medians[0].median, Some(10.0));
        assert_eq!(t.change_unit, "EUR");
    }
}
